"""Small-cell suppression and identifying columns in published tables."""

from __future__ import annotations

import math

import pandas as pd

from analysis.privacy import suppress_small_cells
from analysis.report import Table, format_number, prepare_table


def test_counts_below_threshold_are_suppressed_zero_and_large_kept():
    df = pd.DataFrame({"groep": list("abcde"), "n": [0, 1, 4, 5, 12], "pct": [0.0, 5.0, 20.0, 25.0, 60.0]})
    out = suppress_small_cells(df, ["n"], threshold=5, linked={"pct": "n"})
    assert out["n"].tolist() == [0, "<5", "<5", 5, 12]
    assert out["pct"].tolist() == [0.0, "–", "–", 25.0, 60.0]
    assert df["n"].tolist() == [0, 1, 4, 5, 12]  # the input is not modified


def test_threshold_is_configurable():
    df = pd.DataFrame({"n": [2, 3, 10]})
    assert suppress_small_cells(df, ["n"], threshold=3)["n"].tolist() == ["<3", 3, 10]
    assert suppress_small_cells(df, ["n"], threshold=11)["n"].tolist() == ["<11", "<11", "<11"]


def test_default_threshold_comes_from_config():
    from analysis.config import min_cell

    assert min_cell() == 5
    assert suppress_small_cells(pd.DataFrame({"n": [4]}), ["n"])["n"].tolist() == ["<5"]


def test_schema_marks_counts_and_identifying_columns(monkeypatch):
    """prepare_table reads privacy rules from the schema of a loaded table."""
    from analysis import schema as schema_mod
    from analysis.schema import ColumnSchema, DatasetSchema, TableSchema

    cols = {
        "naam": ColumnSchema("naam", "string", "Naam", privacy="identifying"),
        "groep": ColumnSchema("groep", "string", "Groep"),
        "n": ColumnSchema("n", "integer", "Aantal", privacy="small_count"),
    }
    fake = DatasetSchema("x", "X", "", {"t": TableSchema("t", "x/t.csv", "T", "", cols)})
    monkeypatch.setattr(schema_mod, "load_schema", lambda name: fake)
    df = pd.DataFrame({"naam": ["Anna", "Bram"], "groep": ["a", "b"], "n": [3, 8]})
    df.attrs["schema"] = ("x", "t")
    out = prepare_table(df, columns={"groep": "Groep", "n": "Aantal"})
    assert list(out.columns) == ["Groep", "Aantal"]
    assert out["Aantal"].tolist() == ["<5", 8]
    assert "Anna" not in Table(out)._repr_html_()
    no_selection = prepare_table(df)
    assert "naam" not in no_selection.columns


def test_dutch_number_format_and_markdown_output():
    assert format_number(3.25, 1) == "3,3"  # half away from zero (analysis/formatting.py)
    assert format_number(14.0) == "14"
    assert format_number(float("nan")) == "–"
    table = Table(prepare_table(pd.DataFrame({"a": [1.5], "b": ["x|y"]})))
    assert "1,5" in table._repr_markdown_()
    assert "<table" in table._repr_html_()


# ---------------------------------------------------------------- complementary suppression


def test_a_hidden_part_of_a_published_total_gets_a_complementary_cell_marked_differently():
    """22 = 14 + 5 + 3: "<5" alone would give 3 by subtraction; the 5 is hidden too, as "×"."""
    from analysis.privacy import PROTECTED, decide, recoverable

    d = decide({"all": 22, "both": 14, "base": 5, "none": 3}, [("all", ["both", "base", "none"])], k=5, keep=["all"])
    assert [d.show(x) for x in ("all", "both", "base", "none")] == [22, 14, PROTECTED, "<5"]
    # a reader knows none ∈ 1..4 and base ≥ 0 with base + none = 8: neither is determined
    assert recoverable(d.values, d.status, d.sums, 5) == {"base": (4, 7), "none": (1, 4)}


def test_complementary_cell_is_never_labelled_as_small():
    from analysis.privacy import decide

    d = decide({"n": 14, "a": 4, "b": 0, "c": 10, "e": 0}, [("n", ["a", "b", "c", "e"])], k=5)
    assert d.show("a") == "<5" and d.show("c") == "×" and d.show("b") == 0 and d.show("n") == 14
    assert "×" in d.footnote() and "<5" in d.footnote()


def test_linear_programming_finds_a_leak_through_a_second_table():
    """Table 1 hides 3 and 5 of 22 = 14 + 5 + 3; table 2 publishes 19 forms = 14 + 5.
    Pairwise rules see nothing; the solver sees that 19 − 14 = 5, so 22 − 19 = 3."""
    from analysis.privacy import PRIMARY, SECONDARY, decide, recoverable

    values = {"all": 22, "both": 14, "base": 5, "none": 3, "forms": 19}
    sums = [("all", ["both", "base", "none"]), ("forms", ["both", "base"])]
    leaky = {"all": None, "both": None, "base": SECONDARY, "none": PRIMARY, "forms": None}
    assert recoverable(values, leaky, sums, 5) == {"base": (5, 5), "none": (3, 3)}
    d = decide(values, sums, k=5, keep=["all", "both"])
    assert d.show("forms") == "×"
    assert all(lo < hi for lo, hi in recoverable(d.values, d.status, d.sums, 5).values())


def test_separate_tables_are_solved_apart_with_the_same_ranges_and_a_change_is_seen():
    """recoverable() solves each group of linked counts on its own (and keeps a program's answer):
    two unrelated tables give the ranges each gives alone, a count in no relation keeps its bounds,
    and asking again after a change in one table gives that table's new answer."""
    from analysis.privacy import PRIMARY, SECONDARY, recoverable

    first = ({"all": 22, "both": 14, "base": 5, "none": 3}, [("all", ["both", "base", "none"])])
    second = ({"t": 30, "p": 2, "q": 28}, [("t", ["p", "q"])])
    s1 = {"all": None, "both": None, "base": SECONDARY, "none": PRIMARY}
    s2 = {"t": None, "p": PRIMARY, "q": SECONDARY}
    alone1 = recoverable(first[0], s1, first[1], 5)
    alone2 = recoverable(second[0], s2, second[1], 5)
    assert alone1 == {"base": (4, 7), "none": (1, 4)} and alone2 == {"p": (1, 4), "q": (26, 29)}
    values = {**first[0], **second[0], "lonely": 2, "other": 7}
    status = {**s1, **s2, "lonely": PRIMARY, "other": SECONDARY}
    both = recoverable(values, status, first[1] + second[1], 5)
    assert both == {**alone1, **alone2, "lonely": (1, 4), "other": (0, math.inf)}
    # publish q: p = 30 − 28 is then determined, the first table's answer stays
    again = recoverable(values, {**status, "q": None}, first[1] + second[1], 5)
    assert again == {**alone1, "p": (2, 2), "lonely": (1, 4), "other": (0, math.inf)}


def test_one_equation_in_closed_form_is_what_linear_programming_gives():
    """A table with one total (the common case) is solved without linprog; on 150 random such
    tables, with hidden cells of both kinds and totals published or not, the ranges equal those of
    scipy's linprog on the same program."""
    import random

    from scipy.optimize import linprog

    from analysis.privacy import PRIMARY, SECONDARY, _one_equation_range

    rng = random.Random(3)
    for _ in range(150):
        k = rng.choice([2, 5, 10])
        n = rng.randint(2, 6)
        row = [rng.choice([1.0, -1.0]) for _ in range(n)]
        kinds = [rng.choice([PRIMARY, SECONDARY]) for _ in range(n)]
        bounds = [(1, k - 1) if kind == PRIMARY else (0, None) for kind in kinds]
        truth = [rng.randint(lo, hi if hi is not None else 30) for lo, hi in bounds]
        rhs = float(sum(a * x for a, x in zip(row, truth)))
        for i in range(n):
            c = [0.0] * n
            c[i] = 1.0
            lo = linprog(c, A_eq=[row], b_eq=[rhs], bounds=bounds, method="highs")
            hi = linprog([-x for x in c], A_eq=[row], b_eq=[rhs], bounds=bounds, method="highs")
            expected = (
                math.ceil(lo.fun - 1e-7) if lo.status == 0 else -math.inf,
                math.floor(-hi.fun + 1e-7) if hi.status == 0 else math.inf,
            )
            assert _one_equation_range(row, rhs, i, list(range(n)), bounds) == expected


def test_two_way_table_with_margins_is_protected():
    from analysis.privacy import decide, recoverable

    cells = {("a", "x"): 3, ("a", "y"): 6, ("b", "x"): 8, ("b", "y"): 9}
    values = {**cells, ("a", "t"): 9, ("b", "t"): 17, ("t", "x"): 11, ("t", "y"): 15, ("t", "t"): 26}
    sums = (
        [((r, "t"), [(r, "x"), (r, "y")]) for r in "ab"]
        + [(("t", c), [("a", c), ("b", c)]) for c in "xy"]
        + [(("t", "t"), [("a", "t"), ("b", "t")])]
    )
    d = decide(values, sums, k=5)
    assert d.show(("a", "x")) == "<5"
    # one hidden cell of a 2×2 table with margins needs three more hidden cells (a rectangle of unknowns)
    assert sum(d.hidden(c) for c in values) >= 4
    assert d.show(("a", "y")) == "×"
    assert all(lo < hi for lo, hi in recoverable(d.values, d.status, d.sums, 5).values())


def test_table_helper_suppresses_against_a_total_row_and_adds_the_footnote():
    df = pd.DataFrame({"group": ["all", "both", "base", "none"], "n": [22, 14, 5, 3]}).set_index("group")
    out = suppress_small_cells(df, ["n"], threshold=5, total_rows={"all": ["both", "base", "none"]})
    assert out["n"].tolist() == ["×", 14, "×", "<5"] or out["n"].tolist() == [22, 14, "×", "<5"]
    assert "×" in out.attrs["privacy_footnote"]
    html = Table(prepare_table(df.reset_index(), counts=["n"]))._repr_html_()
    assert "<5" not in html or "minder dan 5" in html


def test_row_totals_protect_each_row():
    df = pd.DataFrame({"scale": ["a", "b"], "n": [14, 14], "x": [4, 7], "y": [10, 7]})
    out = suppress_small_cells(df, ["n", "x", "y"], threshold=5, row_totals={"n": ["x", "y"]})
    assert out.loc[0, ["n", "x", "y"]].tolist() == [14, "<5", "×"]
    assert out.loc[1, ["n", "x", "y"]].tolist() == [14, 7, 7]


def test_labels_follow_the_configured_threshold(monkeypatch):
    from analysis import privacy

    monkeypatch.setattr(privacy, "min_cell", lambda: 10)
    assert privacy.small_label() == "<10" and privacy.count_text(9) == "<10" and privacy.count_text(10) == "10"
    assert privacy.count_label("Hersteld", 4) == "Hersteld (<10)"
    assert "minder dan 10 personen" in privacy.footnote()


def test_person_level_figures_need_the_opt_in(monkeypatch):
    from analysis import privacy

    monkeypatch.setattr(privacy, "settings", lambda: {"privacy": {"min_cell": 5}})
    assert privacy.person_level_allowed(demonstration=True)
    assert not privacy.person_level_allowed(demonstration=False)
    monkeypatch.setattr(privacy, "settings", lambda: {"privacy": {"min_cell": 5, "person_level_figures": True}})
    assert privacy.person_level_allowed(demonstration=False)
