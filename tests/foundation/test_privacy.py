"""Small-cell suppression and identifying columns in published tables."""

from __future__ import annotations

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

    cols = {"naam": ColumnSchema("naam", "string", "Naam", privacy="identifying"),
            "groep": ColumnSchema("groep", "string", "Groep"),
            "n": ColumnSchema("n", "integer", "Aantal", privacy="small_count")}
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
    assert format_number(3.25, 1) == "3,2" or format_number(3.25, 1) == "3,3"
    assert format_number(14.0) == "14"
    assert format_number(float("nan")) == "–"
    table = Table(prepare_table(pd.DataFrame({"a": [1.5], "b": ["x|y"]})))
    assert "1,5" in table._repr_markdown_()
    assert "<table" in table._repr_html_()
