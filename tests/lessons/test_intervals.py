"""analysis.intervals: bands as intervals, bounds on totals and means (hand-checked values)."""

from __future__ import annotations

import math

import pytest

from analysis.intervals import (
    Interval,
    IntervalError,
    allocation_bounds,
    allocations,
    check_percentage,
    envelope,
    mean_bounds,
    parse_band,
    relation,
    sum_bounds,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20–40%", Interval(20, 40)),
        ("20% - 50%", Interval(20, 50)),
        ("1% – 40%", Interval(1, 40)),
        ("tussen 20 en 40", Interval(20, 40)),
        ("10 tot 20", Interval(10, 20)),
        ("100 – 150", Interval(100, 150)),
        ("±540", Interval(540, 540)),
        ("+/- 280", Interval(280, 280)),
        ("ongeveer 440", Interval(440, 440)),
        ("meer dan 30", Interval(31, None)),
        (">300", Interval(301, None)),
        (">50%", Interval(50, 100)),
        ("16", Interval(16, 16)),
        ("1,5 - 2,5", Interval(1.5, 2.5)),
    ],
)
def test_parse_band(text, expected):
    assert parse_band(text) == expected


def test_parse_band_refuses_text():
    with pytest.raises(IntervalError, match="niet te lezen"):
        parse_band("n.v.t.")


def test_lower_above_upper_is_refused():
    with pytest.raises(IntervalError, match="ondergrens 60 is groter dan bovengrens 40"):
        Interval(60, 40)


def test_percentage_outside_0_100_is_refused():
    assert check_percentage(Interval(80, 100)) == Interval(80, 100)
    with pytest.raises(IntervalError, match="buiten 0–100"):
        check_percentage(Interval(90, 120))
    with pytest.raises(IntervalError, match="buiten 0–100"):
        check_percentage(Interval(-5, 10))


def test_sum_and_mean_bounds():
    # 9 respondents in 20–40 and 7 in 40–60: total [9*20+7*40, 9*40+7*60] = [460, 780]
    bands = [Interval(20, 40), Interval(40, 60)]
    assert sum_bounds(bands, [9, 7]) == Interval(460, 780)
    assert mean_bounds(bands, [9, 7]) == Interval(28.75, 48.75)
    # an open band makes the upper bound unknown, the lower bound stays informative
    assert sum_bounds([Interval(10, 20), Interval(31, None)], [3, 2]) == Interval(92, None)


def test_allocations_respect_count_ranges():
    assert allocations(4, [(2, 4), (1, 4)]) == [(2, 2), (3, 1)]


def test_allocation_bounds_and_envelope():
    # 16 respondents: the 'majority' (9..16) in 20–40%, the rest (>= 2) in 40–60%
    frame = allocation_bounds(16, [Interval(20, 40), Interval(40, 60)], [(9, 16), (2, 16)])
    assert list(frame["n_band_0"]) == [9, 10, 11, 12, 13, 14]
    env = envelope(frame, where=None)
    assert env.lower == pytest.approx((14 * 20 + 2 * 40) / 16)  # 22.5
    assert env.upper == pytest.approx((9 * 40 + 7 * 60) / 16)  # 48.75


def test_allocation_bounds_marks_compatibility_with_a_total():
    # two respondents, bands 20–40 and 50–70, published total 100: only (2, 0) fits [40,80];
    # (1,1) gives [70,110] which also contains 100; (0,2) gives [100,140] -> touches 100
    frame = allocation_bounds(2, [Interval(20, 40), Interval(50, 70)], [(0, 2), (0, 2)], total=Interval(100, 100))
    assert dict(zip(frame["n_band_0"], frame["compatible"])) == {0: True, 1: True, 2: False}
    with pytest.raises(IntervalError):
        allocation_bounds(3, [Interval(0, 1)], [(0, 2)])


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (Interval(1, 2), Interval(1, 2), "gelijk"),
        (Interval(20, 40), Interval(50, 70), "disjunct"),
        (Interval(22.5, 48.75), Interval(50, 70), "disjunct"),
        (Interval(11.25, 66.25), Interval(50, 70), "overlappend"),
        (Interval(35, 55), Interval(13, 64), "a binnen b"),
        (Interval(0, 100), Interval(35, 55), "b binnen a"),
        (Interval(31, None), Interval(40, 50), "b binnen a"),
    ],
)
def test_relation(a, b, expected):
    assert relation(a, b) == expected


def test_format_and_widen():
    assert Interval(20, 40).format("%") == "20–40%"
    assert Interval(31, None).format() == "≥ 31"
    assert Interval(540, 540).widen(5) == Interval(535, 545)
    assert Interval(33.4375, 34.0625).format("", 1) == "33,4–34,1"
    assert math.isinf(Interval(1, None).width)
