"""The one display-rounding rule (analysis/formatting.py): half away from zero on the decimal value."""

from __future__ import annotations

import pytest

from analysis.formatting import decimal_text, round_half_away


@pytest.mark.parametrize(
    "x, decimals, text",
    [
        (4.25, 1, "4,3"),  # f"{4.25:.1f}" gives 4.2 (half to even)
        (3.25, 1, "3,3"),
        (4.35, 1, "4,4"),  # binary 4.3499999…: rounded as written, not as stored
        (2.675, 2, "2,68"),  # binary 2.67499999…
        (0.125, 2, "0,13"),
        (-4.25, 1, "-4,3"),  # away from zero, also below zero
        (64.5, 0, "65"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # not banker's rounding (0, 2, 2)
        (-0.04, 1, "0,0"),  # no "-0,0"
        (12.0, 2, "12,00"),
        (1234.5678, 1, "1234,6"),  # no thousands separator
        (0.0005, 3, "0,001"),
    ],
)
def test_half_away_from_zero_on_the_written_value(x, decimals, text):
    assert decimal_text(x, decimals) == text


def test_round_half_away_is_exact():
    assert str(round_half_away(2.675, 2)) == "2.68"
    assert str(round_half_away(9 / 14 * 100, 0)) == "64"  # 64.2857…


def test_the_formatters_of_pages_and_tables_use_the_rule():
    from analysis.intervals import Interval
    from analysis.monitoring.indicators import _fmt
    from analysis.privacy import Decision
    from analysis.questionnaires.tables import num, pval
    from analysis.report import format_number

    assert format_number(4.25) == "4,3" and format_number(14.0) == "14"
    assert num(0.125) == "0,13" and pval(0.0125) == "0,013"
    assert Interval(2.25, 4.35).format(decimals=1).replace("\u2013", "-") == "2,3-4,4"
    assert _fmt(2.675) == "2,68" and _fmt(-1.5) == "\u22121,5"
    d = Decision(values={"a": 9, "b": 8, "c": 16}, status={}, k=5)
    assert d.share("a", "b", 1) == "112,5%" and d.share("b", "c", 0) == "50%" and d.share("a", "c") == "56%"
