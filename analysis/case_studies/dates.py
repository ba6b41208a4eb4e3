"""Mixed-precision dates of a life-line (levenslijn) as honest intervals.

Case texts rarely give a day.  They say "in 2011", "in februari 2019", "in het
najaar van 2018", "begin 2019", "vanaf april/mei", "voor ze bij het wijkteam
kwamen" or nothing at all.  A date expression keeps that precision, and
:func:`parse_date` turns it into the interval of days it can mean — never a
single invented day.

Grammar (case-insensitive, Dutch words):

=====================  ==========================  =====================================
expression             precision                   interval
=====================  ==========================  =====================================
``2011``               ``jaar``                    2011-01-01 … 2011-12-31
``2019-02``            ``maand``                   2019-02-01 … 2019-02-28
``2019-02-14``         ``dag``                     that day
``najaar 2018``        ``seizoen``                 voorjaar = mrt–mei, zomer = jun–aug,
                                                   najaar = sep–nov, winter = dec–feb (next year)
``begin 2019``         ``deel_jaar``               begin = jan–apr, medio = mei–aug, eind = sep–dec
``2017/2018``          ``interval``                start of the first … end of the second
``voor 2015-03``       ``voor``                    open start … the day before 2015-03-01
``vanaf 2007``         ``vanaf``                   2007-01-01 … open end (also ``na 2007``:
                                                   from the day after 2007-12-31)
``onbekend``           ``onbekend``                no interval; order comes from ``seq``
=====================  ==========================  =====================================

The two sides of an interval may be any point expression (``2018-12/2019-02``,
``najaar 2018/begin 2019``).  Anything else raises :class:`DateParseError` with a
Dutch message that says what was expected, e.g. ``"2019-13"``: month 13 does not
exist.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateInterval", "DateParseError", "parse_date", "PRECISIONS", "to_year_fraction"]

PRECISIONS = ("dag", "maand", "seizoen", "deel_jaar", "jaar", "interval", "voor", "vanaf", "onbekend")

SEASONS = {
    "voorjaar": (3, 5, 0),
    "lente": (3, 5, 0),
    "zomer": (6, 8, 0),
    "najaar": (9, 11, 0),
    "herfst": (9, 11, 0),
    "winter": (12, 2, 1),
}
PARTS = {"begin": (1, 4), "medio": (5, 8), "midden": (5, 8), "eind": (9, 12), "einde": (9, 12)}
UNKNOWN = {"onbekend", "?", "ongedateerd"}
EXPECTED = (
    "verwacht een jaar (2011), jaar-maand (2019-02), datum (2019-02-14), seizoen "
    "('najaar 2018'), 'begin/medio/eind 2019', een interval ('2017/2018'), "
    "'voor 2014', 'vanaf 2007' of 'onbekend'"
)


class DateParseError(ValueError):
    """A date expression that cannot be read; the message is Dutch and says why."""


@dataclass(frozen=True)
class DateInterval:
    """The days a date expression can mean.

    ``start``/``end`` are inclusive; ``None`` is an open side ("voor 2014" has no
    start, "vanaf 2007" no end, "onbekend" neither).
    """

    text: str
    precision: str
    start: dt.date | None
    end: dt.date | None

    @property
    def is_point(self) -> bool:
        """True when the expression names one period (a year, month, season, day)."""
        return self.precision in ("dag", "maand", "seizoen", "deel_jaar", "jaar")

    @property
    def known(self) -> bool:
        return self.start is not None or self.end is not None


def _year(text: str, expr: str) -> int:
    y = int(text)
    if not 1800 <= y <= 2200:
        raise DateParseError(f"jaar {y} in {expr!r} is niet plausibel (1800–2200)")
    return y


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _point(expr: str, whole: str) -> tuple[str, dt.date, dt.date]:
    """Parse a single point expression → (precision, first day, last day)."""
    s = expr.strip().lower()
    if m := re.fullmatch(r"(\d{4})", s):
        y = _year(m[1], whole)
        return "jaar", dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
        y, mo = _year(m[1], whole), int(m[2])
        if not 1 <= mo <= 12:
            raise DateParseError(f"maand {mo} bestaat niet in {whole!r} (verwacht 1–12)")
        return "maand", dt.date(y, mo, 1), _month_end(y, mo)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
        y, mo, d = _year(m[1], whole), int(m[2]), int(m[3])
        if not 1 <= mo <= 12:
            raise DateParseError(f"maand {mo} bestaat niet in {whole!r} (verwacht 1–12)")
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            raise DateParseError(f"dag {d} bestaat niet in {y}-{mo:02d} ({whole!r})") from None
        return "dag", day, day
    if m := re.fullmatch(r"([a-z]+)\s+(\d{4})", s):
        word, y = m[1], _year(m[2], whole)
        if word in SEASONS:
            m1, m2, carry = SEASONS[word]
            return "seizoen", dt.date(y, m1, 1), _month_end(y + carry, m2)
        if word in PARTS:
            m1, m2 = PARTS[word]
            return "deel_jaar", dt.date(y, m1, 1), _month_end(y, m2)
        raise DateParseError(
            f"onbekend woord {word!r} in {whole!r}; "
            f"gebruik een seizoen ({', '.join(sorted(SEASONS))}) of begin/medio/eind"
        )
    raise DateParseError(f"{whole!r} is geen datum: {EXPECTED}")


def parse_date(expr: str) -> DateInterval:
    """Parse a date expression of any supported precision into a :class:`DateInterval`.

    >>> parse_date("najaar 2018").start, parse_date("najaar 2018").end
    (datetime.date(2018, 9, 1), datetime.date(2018, 11, 30))
    """
    if expr is None:
        raise DateParseError(f"lege datum: {EXPECTED}")
    text = " ".join(str(expr).split())
    s = text.lower()
    if s == "":
        raise DateParseError(f"lege datum: {EXPECTED}")
    if s in UNKNOWN:
        return DateInterval(text, "onbekend", None, None)
    if m := re.fullmatch(r"(voor|vóór)\s+(.+)", s):
        _p, first, _last = _point(m[2], text)
        return DateInterval(text, "voor", None, first - dt.timedelta(days=1))
    if m := re.fullmatch(r"(vanaf|na)\s+(.+)", s):
        _p, first, last = _point(m[2], text)
        return DateInterval(text, "vanaf", first if m[1] == "vanaf" else last + dt.timedelta(days=1), None)
    if "/" in s:
        left, _, right = s.partition("/")
        if "/" in right:
            raise DateParseError(f"{text!r}: een interval heeft precies één '/'")
        _p1, a, _ = _point(left, text)
        _p2, _, b = _point(right, text)
        if b < a:
            raise DateParseError(f"interval {text!r} eindigt ({b.isoformat()}) vóór het begint ({a.isoformat()})")
        return DateInterval(text, "interval", a, b)
    precision, a, b = _point(s, text)
    return DateInterval(text, precision, a, b)


def to_year_fraction(day: dt.date | None) -> float | None:
    """A day as a decimal year (2018-07-02 → 2018.5), for plotting on a continuous axis."""
    if day is None:
        return None
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length
