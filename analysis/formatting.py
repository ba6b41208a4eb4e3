"""The one rounding rule for numbers shown to readers, in Dutch notation.

Rule: **half away from zero, on the decimal value as written** -- the shortest decimal form
of the number (what Python's ``repr`` shows, what a spreadsheet cell shows), not its binary
approximation.  So 4.25 → "4,3", 3.25 → "3,3", 2.675 → "2,68", 0.125 → "0,13", -4.25 → "-4,3",
64.5 → "65" (0 decimals).  This is the school rule Dutch readers check by hand and what SPSS and
Excel display; Python's own ``f"{x:.1f}"`` would give "4,2" (half to even on the binary value).
A result that rounds to zero is shown without a minus sign ("0,0", not "-0,0").

Every table, page text and p-value formatter calls :func:`decimal_text` (``analysis.report.
format_number``, ``analysis.privacy`` shares, ``analysis.questionnaires.tables``,
``analysis.intervals``, ``analysis.monitoring.indicators``).  Tested in
``tests/foundation/test_formatting.py``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_away(x: float, decimals: int = 0) -> Decimal:
    """``x`` rounded to ``decimals`` places, halves away from zero (``ROUND_HALF_UP`` is away from zero)."""
    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return d.copy_abs() if d.is_zero() else d


def decimal_text(x: float, decimals: int = 0) -> str:
    """Dutch text of ``x`` with exactly ``decimals`` decimals: decimal comma, no thousands separator."""
    return f"{round_half_away(x, decimals):f}".replace(".", ",")
