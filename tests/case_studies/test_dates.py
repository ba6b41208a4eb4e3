"""Mixed-precision date expressions become honest intervals; impossible dates are refused."""

import datetime as dt

import pytest

from analysis.case_studies.dates import DateParseError, parse_date, to_year_fraction

D = dt.date


@pytest.mark.parametrize(
    "expr, precision, start, end",
    [
        ("2011", "jaar", D(2011, 1, 1), D(2011, 12, 31)),
        ("2019-02", "maand", D(2019, 2, 1), D(2019, 2, 28)),
        ("2020-02", "maand", D(2020, 2, 1), D(2020, 2, 29)),  # leap year
        ("2019-02-14", "dag", D(2019, 2, 14), D(2019, 2, 14)),
        ("najaar 2018", "seizoen", D(2018, 9, 1), D(2018, 11, 30)),
        ("Zomer 2019", "seizoen", D(2019, 6, 1), D(2019, 8, 31)),
        ("winter 2018", "seizoen", D(2018, 12, 1), D(2019, 2, 28)),  # crosses the year
        ("begin 2019", "deel_jaar", D(2019, 1, 1), D(2019, 4, 30)),
        ("medio 2016", "deel_jaar", D(2016, 5, 1), D(2016, 8, 31)),
        ("2017/2018", "interval", D(2017, 1, 1), D(2018, 12, 31)),
        ("2019-04/2019-05", "interval", D(2019, 4, 1), D(2019, 5, 31)),
        ("2014-09/2015-02", "interval", D(2014, 9, 1), D(2015, 2, 28)),
        ("voor 2014", "voor", None, D(2013, 12, 31)),
        ("vóór 2015-03", "voor", None, D(2015, 2, 28)),
        ("vanaf 2007", "vanaf", D(2007, 1, 1), None),
        ("na 2007", "vanaf", D(2008, 1, 1), None),
        ("onbekend", "onbekend", None, None),
    ],
)
def test_every_precision_parses_into_an_interval(expr, precision, start, end):
    d = parse_date(expr)
    assert (d.precision, d.start, d.end) == (precision, start, end)


@pytest.mark.parametrize(
    "expr, fragment",
    [
        ("2019-13", "maand 13 bestaat niet"),
        ("2019-00", "maand 0 bestaat niet"),
        ("2019-02-30", "dag 30 bestaat niet"),
        ("2019/2017", "eindigt"),
        ("lente2019", "geen datum"),
        ("herfstig 2019", "onbekend woord"),
        ("19", "geen datum"),
        ("", "lege datum"),
    ],
)
def test_impossible_dates_are_refused_with_a_dutch_reason(expr, fragment):
    with pytest.raises(DateParseError, match=fragment):
        parse_date(expr)


def test_year_fraction():
    assert to_year_fraction(D(2018, 1, 1)) == 2018.0
    assert to_year_fraction(D(2018, 7, 2)) == pytest.approx(2018 + 182 / 365)
