"""Bounds implied by how a figure is worded ("ruim vier van de vijf", "bijna een derde").

The convention lives in ``quantifiers.yaml`` next to this module (a data file a researcher can
review and change); this module only applies it.  ``expected_bounds`` returns the interval the
wording allows, so the validator can check that transcribed ``value_lower``/``value_upper``
follow the documented rule and a figure never becomes a point pretending precision.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

CONVENTION_FILE = Path(__file__).with_name("quantifiers.yaml")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")


@lru_cache(maxsize=1)
def convention() -> dict:
    from .. import yamlio

    return yamlio.load(CONVENTION_FILE.read_text(encoding="utf-8"))


def comparator_for(basis: str) -> str | None:
    """The comparator a bounds rule implies (None: any, or no number)."""
    return convention()["rules"][basis]["comparator"]


def ladder_percent() -> list[float]:
    """The named fractions of the convention, as exact percentages (1/3 -> 33.333...)."""
    from fractions import Fraction

    return [float(Fraction(f) * 100) for f in convention()["ladder"]]


def _ladder_neighbours(value: float) -> tuple[float, float]:
    ladder = ladder_percent()
    for i, f in enumerate(ladder):
        if math.isclose(f, value, abs_tol=0.01):
            prev = ladder[i - 1] if i > 0 else f
            nxt = ladder[i + 1] if i < len(ladder) - 1 else f
            return (prev + f) / 2, (f + nxt) / 2
    raise ValueError(
        f"{value:g} is geen benoemde breuk op de ladder ({', '.join(convention()['ladder'])}, als procent)"
    )


def printed_decimals(value: float, text: str) -> int:
    """Number of decimals with which ``value`` is printed in ``text`` ("1,8 maanden" -> 1)."""
    for token in NUMBER_RE.findall(text or ""):
        if math.isclose(float(token.replace(",", ".")), abs(value), abs_tol=1e-9):
            return len(token.replace(",", ".").partition(".")[2])
    raise ValueError(f"het getal {value:g} staat niet in de tekst {text!r}")


def expected_bounds(
    value: float | None, basis: str, unit: str | None = None, text: str = ""
) -> tuple[float, float] | None:
    """Interval ``(lower, upper)`` that ``basis`` implies for a published ``value``.

    Returns None for rules that do not derive bounds (``bereik``, ``handmatig``,
    ``richting``).  Raises ValueError (with a Dutch message) when the rule cannot apply,
    e.g. ``breuk`` for a value that is not a named fraction.
    """
    conv = convention()
    if basis not in conv["rules"]:
        raise ValueError(f"onbekende regel {basis!r}")
    if basis in ("bereik", "handmatig", "richting"):
        return None
    if value is None:
        raise ValueError(f"regel {basis!r} vraagt een getal in 'value'")
    if basis == "exact":
        lo, hi = value, value
    elif basis == "afronding":
        half = 0.5 * 10 ** (-printed_decimals(value, text))
        lo, hi = value - half, value + half
    elif basis == "breuk":
        lo, hi = _ladder_neighbours(value)
    elif basis == "ruim":
        lo, hi = value, _ladder_neighbours(value)[1]
    elif basis == "bijna":
        lo, hi = _ladder_neighbours(value)[0], value
    elif basis == "meeste":
        if not math.isclose(value, 50):
            raise ValueError("regel 'meeste' hoort bij value 50 (meer dan de helft)")
        lo, hi = 50.0, 100.0
    elif basis == "rond":
        half = conv["rules"]["rond"]["step"] / 2
        lo, hi = value - half, value + half
    elif basis == "boven":
        if unit not in conv["scale_max"]:
            raise ValueError(f"regel 'boven' vraagt een schaal met een maximum; eenheid {unit!r} heeft er geen")
        lo, hi = value, float(conv["scale_max"][unit])
    else:  # pragma: no cover - every rule is handled above
        raise ValueError(basis)
    d = conv["decimals"]
    return round(lo, d), round(hi, d)
