"""The granularity (GRIM) check of published percentages."""

import pandas as pd

from analysis.questionnaires.granularity import check_percentage, check_published, consistent_counts


def test_known_consistent_cases():
    assert consistent_counts(64, 14) == [9]  # 9/14 = 64.3%
    assert consistent_counts(67, 9) == [6]  # 6/9 = 66.7%
    assert consistent_counts(36, 14) == [5]  # 5/14 = 35.7%
    assert consistent_counts(100, 5) == [5]
    assert consistent_counts(50, 6) == [3]
    assert consistent_counts(50, 14) == [7]
    assert consistent_counts(33.3, 3, decimals=1) == [1]
    assert consistent_counts(10, 40) == [4]  # exactly 10.0
    assert consistent_counts(2, 100) == [2] and consistent_counts(0, 7) == [0]
    assert consistent_counts(5, 200) == [9, 10, 11]  # 4.5%, 5.0%, 5.5% all round to 5 (generous rounding)


def test_known_inconsistent_cases():
    r = check_percentage(50, 9)  # 4/9 = 44.4%, 5/9 = 55.6%
    assert not r["consistent"] and r["counts"] == []
    assert (r["nearest_below"], r["nearest_above"]) == (4, 5)
    assert round(r["pct_below"], 1) == 44.4 and round(r["pct_above"], 1) == 55.6
    assert consistent_counts(33.4, 3, decimals=1) == []
    assert consistent_counts(20, 7) == []  # 1/7 = 14.3, 2/7 = 28.6
    assert consistent_counts(64, 13) == []  # 8/13 = 61.5, 9/13 = 69.2


def test_chained_denominators_and_external_figures():
    figs = pd.DataFrame(
        {
            "figure_id": ["b", "a", "c", "ext"],
            "percentage": [67.0, 64.0, 50.0, 15.0],
            "n_denominator": [None, 14, None, None],
            "denominator_figure": ["a", None, "a", None],
        }
    )
    out = check_published(figs).set_index("figure_id")
    assert out.loc["a", "status"] == "reproducible" and out.loc["a", "count"] == 9
    assert out.loc["b", "n_used"] == 9 and out.loc["b", "count"] == 6  # resolved after 'a'
    assert out.loc["c", "status"] == "impossible" and out.loc["c", "n_used"] == 9
    assert out.loc["ext", "status"] == "not_checkable"
    assert list(out.index) == ["b", "a", "c", "ext"]  # input order kept
