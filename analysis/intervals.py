"""Intervals for figures that are published as bands or rounded numbers.

Many reports give answers as bands ("20–40%", "10 tot 20 collega's", "meer dan 30") or as
rounded numbers ("±540").  Treating such a band as its midpoint invents precision the
source does not have.  This module keeps a band as a closed interval ``[lower, upper]``
and computes what *can* be concluded from such intervals: bounds on a total or a mean,
which allocations of respondents over bands are consistent with a published total, and
how two published intervals relate (overlapping, nested, disjoint).

There is deliberately no "midpoint" function.  Arithmetic follows interval arithmetic
(Moore, Kearfott & Cloud, *Introduction to Interval Analysis*, SIAM 2009): the sum of
intervals is ``[Σ lower, Σ upper]``; a mean of ``n`` intervals is that sum divided by ``n``.
An open upper end ("meer dan 30") is ``upper=None`` (unbounded); every result that
depends on it is unbounded above as well.

Generic: used by :mod:`analysis.lessons` (brugfunctionarissen survey) and available to any
domain with banded answers.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Iterable, Sequence


class IntervalError(ValueError):
    """An interval that cannot exist (lower > upper) or a band that cannot be read."""


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[lower, upper]``; ``upper=None`` means no known upper bound."""

    lower: float
    upper: float | None = None

    def __post_init__(self):
        if self.lower is None or (isinstance(self.lower, float) and math.isnan(self.lower)):
            raise IntervalError("een interval heeft altijd een ondergrens")
        if self.upper is not None and self.lower > self.upper:
            raise IntervalError(f"ondergrens {self.lower:g} is groter dan bovengrens {self.upper:g}")

    @classmethod
    def point(cls, value: float) -> "Interval":
        return cls(value, value)

    @property
    def bounded(self) -> bool:
        return self.upper is not None

    @property
    def width(self) -> float:
        return math.inf if self.upper is None else self.upper - self.lower

    def contains(self, x: float) -> bool:
        return self.lower <= x and (self.upper is None or x <= self.upper)

    def overlaps(self, other: "Interval") -> bool:
        return (self.upper is None or other.lower <= self.upper) and (other.upper is None or self.lower <= other.upper)

    def intersection(self, other: "Interval") -> "Interval | None":
        if not self.overlaps(other):
            return None
        uppers = [u for u in (self.upper, other.upper) if u is not None]
        return Interval(max(self.lower, other.lower), min(uppers) if uppers else None)

    def __add__(self, other: "Interval") -> "Interval":
        upper = None if self.upper is None or other.upper is None else self.upper + other.upper
        return Interval(self.lower + other.lower, upper)

    def scale(self, k: float) -> "Interval":
        """``k × interval`` for ``k ≥ 0``."""
        if k < 0:
            raise IntervalError("alleen schalen met een niet-negatieve factor")
        return Interval(self.lower * k, None if self.upper is None else self.upper * k)

    def widen(self, tolerance: float) -> "Interval":
        """The interval grown by ``tolerance`` on both sides (e.g. a number rounded to tens: 5)."""
        return Interval(self.lower - tolerance, None if self.upper is None else self.upper + tolerance)

    def format(self, unit: str = "", decimals: int = 0) -> str:
        """Dutch text: ``20–40%``, ``540``, ``≥ 31``."""

        def num(x):
            from .formatting import decimal_text

            return decimal_text(x, decimals) if decimals else f"{x:g}".replace(".", ",")

        if self.upper is None:
            return f"≥ {num(self.lower)}{unit}"
        if self.lower == self.upper:
            return f"{num(self.lower)}{unit}"
        return f"{num(self.lower)}–{num(self.upper)}{unit}"


def interval_or_none(lower, upper) -> Interval | None:
    """Interval from two possibly missing table cells (``None``/NaN/NA lower → no interval)."""

    def missing(v):
        try:
            return v is None or bool(v != v) or str(v) == "<NA>"
        except (TypeError, ValueError):
            return True

    if missing(lower):
        return None
    return Interval(float(lower), None if missing(upper) else float(upper))


def check_percentage(iv: Interval) -> Interval:
    """Raise :class:`IntervalError` when a percentage band leaves 0–100."""
    if iv.lower < 0 or (iv.upper is not None and iv.upper > 100) or iv.lower > 100:
        raise IntervalError(f"percentageband {iv.format('%')} ligt buiten 0–100%")
    return iv


_NUM = r"[0-9]+(?:[.,][0-9]+)?"


def _f(s: str) -> float:
    return float(s.replace(",", "."))


def parse_band(text: str) -> Interval:
    """Read a Dutch band as an interval.

    ``"20–40%"``, ``"20% - 50%"``, ``"tussen 20 en 40"``, ``"10 tot 20"`` → ``[20, 40]`` etc.;
    ``"±540"``, ``"+/- 280"``, ``"ongeveer 540"`` → ``[540, 540]`` (rounding is the caller's
    choice, see :meth:`Interval.widen`); ``"meer dan 30"`` / ``">30"`` → ``[31, None]`` for
    counts (whole numbers), ``">50%"`` → ``[50, 100]``; a plain number → a point.
    """
    t = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    pct = "%" in t
    t = t.replace("%", " ").strip()
    m = re.fullmatch(rf"(?:tussen\s+)?({_NUM})\s*(?:-|tot|en|t/m)\s*({_NUM})", t)
    if m:
        return Interval(_f(m.group(1)), _f(m.group(2)))
    m = re.fullmatch(rf"(?:±|\+/-|ongeveer|circa|ca\.?)\s*({_NUM})", t)
    if m:
        return Interval.point(_f(m.group(1)))
    m = re.fullmatch(rf"(?:>|meer dan)\s*({_NUM})", t)
    if m:
        x = _f(m.group(1))
        return Interval(x, 100.0) if pct else Interval(math.floor(x) + 1, None)
    m = re.fullmatch(rf"({_NUM})", t)
    if m:
        return Interval.point(_f(m.group(1)))
    raise IntervalError(f"band {text!r} is niet te lezen; verwacht bijvoorbeeld '20–40%', '±540' of 'meer dan 30'")


def sum_bounds(intervals: Iterable[Interval], counts: Iterable[int] | None = None) -> Interval:
    """Bounds on a total: ``Σ count_i × interval_i`` (each respondent somewhere in its band)."""
    intervals = list(intervals)
    counts = [1] * len(intervals) if counts is None else list(counts)
    total = Interval(0.0, 0.0)
    for iv, k in zip(intervals, counts, strict=True):
        total = total + iv.scale(k)
    return total


def mean_bounds(intervals: Iterable[Interval], counts: Iterable[int] | None = None) -> Interval:
    """Bounds on a mean over respondents: :func:`sum_bounds` divided by the number of respondents."""
    intervals = list(intervals)
    counts = [1] * len(intervals) if counts is None else list(counts)
    n = sum(counts)
    if n <= 0:
        raise IntervalError("gemiddelde over nul respondenten")
    return sum_bounds(intervals, counts).scale(1 / n)


def allocations(n: int, count_ranges: Sequence[tuple[int, int]]) -> list[tuple[int, ...]]:
    """All ways to put ``n`` respondents into bands with ``min ≤ count ≤ max`` per band."""
    ranges = [range(lo, hi + 1) for lo, hi in count_ranges]
    return [c for c in itertools.product(*ranges) if sum(c) == n]


def allocation_bounds(
    n: int, bands: Sequence[Interval], count_ranges: Sequence[tuple[int, int]], total: Interval | None = None
):
    """Every allocation of ``n`` respondents over ``bands`` with its bounds on the total and mean.

    ``count_ranges`` states what the text says about how many respondents are in each band
    (e.g. "het merendeel" of 16 → ``(9, 16)``).  With ``total`` (a published total), a column
    ``compatible`` says whether the allocation can produce that total.  Returns a DataFrame
    with one row per allocation: ``n_band_0 … n_band_k``, ``total_lower``, ``total_upper``,
    ``mean_lower``, ``mean_upper`` (``upper`` NaN when unbounded) and ``compatible``.
    """
    import pandas as pd

    if len(bands) != len(count_ranges):
        raise IntervalError("even veel banden als aantallen per band nodig")
    rows = []
    for alloc in allocations(n, count_ranges):
        s = sum_bounds(bands, alloc)
        m = s.scale(1 / n)
        row = {f"n_band_{i}": k for i, k in enumerate(alloc)}
        row.update(
            total_lower=s.lower,
            total_upper=math.nan if s.upper is None else s.upper,
            mean_lower=m.lower,
            mean_upper=math.nan if m.upper is None else m.upper,
            compatible=True if total is None else s.overlaps(total),
        )
        rows.append(row)
    if not rows:
        raise IntervalError(f"geen verdeling van {n} respondenten past bij de opgegeven aantallen per band")
    return pd.DataFrame(rows)


def envelope(frame, lower: str = "mean_lower", upper: str = "mean_upper", where: str | None = "compatible") -> Interval:
    """The widest interval over the rows of an :func:`allocation_bounds` frame (optionally only compatible rows)."""
    rows = frame[frame[where]] if where else frame
    if rows.empty:
        raise IntervalError("geen enkele verdeling is verenigbaar")
    up = rows[upper]
    return Interval(float(rows[lower].min()), None if up.isna().any() else float(up.max()))


def relation(a: Interval, b: Interval) -> str:
    """How two published intervals relate, in Dutch: gelijk, a binnen b, b binnen a, overlappend, disjunct."""
    if a == b:
        return "gelijk"
    if not a.overlaps(b):
        return "disjunct"
    a_in_b = b.lower <= a.lower and (b.upper is None or (a.upper is not None and a.upper <= b.upper))
    b_in_a = a.lower <= b.lower and (a.upper is None or (b.upper is not None and b.upper <= a.upper))
    if a_in_b:
        return "a binnen b"
    if b_in_a:
        return "b binnen a"
    return "overlappend"
