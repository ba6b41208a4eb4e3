"""Bad input never passes: each problem names file, spreadsheet row and column."""

import pandas as pd
import pytest

from analysis.case_studies.validate import validate_tables
from analysis.data import read_raw_table
from analysis.validation import ValidationError, ValidationErrors, all_errors, validate_table

from .conftest import row_of


def errors_of(tables, schema):
    with pytest.raises((ValidationError, ValidationErrors)) as info:
        validate_tables(tables, schema)
    return all_errors(info.value)


def test_transcribed_data_pass(validated):
    ev = validated["events"]
    i = row_of(ev, case_id="de_ruiter", event_id="e09")  # 'najaar 2018'
    assert (ev.at[i, "precision"], ev.at[i, "date_start"], ev.at[i, "date_end"]) == (
        "seizoen",
        "2018-09-01",
        "2018-11-30",
    )
    i = row_of(ev, case_id="sonja", event_id="e01")  # 'voor 2015-03'
    assert (ev.at[i, "precision"], ev.at[i, "date_end"]) == ("voor", "2015-02-28") and pd.isna(ev.at[i, "date_start"])
    ep = validated["episodes"]
    i = row_of(ep, case_id="de_ruiter", episode_id="h01")  # start '2002/2005', end unknown
    assert (ep.at[i, "start_earliest"], ep.at[i, "start_latest"]) == ("2002-01-01", "2005-12-31")
    assert pd.isna(ep.at[i, "end_latest"])


def test_month_13_is_rejected(tables, schema):
    i = row_of(tables["events"], case_id="de_ruiter", event_id="e17")
    tables["events"].loc[i, "date"] = "2019-13"
    [err] = errors_of(tables, schema)
    assert (err.file, err.row, err.column) == ("data_raw/case_studies/events.csv", i + 2, "date")
    assert "maand 13 bestaat niet" in str(err)


def test_episode_ending_before_it_starts(tables, schema):
    i = row_of(tables["episodes"], case_id="de_ruiter", episode_id="h02")  # 2014 … 2018
    tables["episodes"].loc[i, "end"] = "2012"
    [err] = errors_of(tables, schema)
    assert (err.file, err.row, err.column) == ("data_raw/case_studies/episodes.csv", i + 2, "end")
    assert "eindigt (2012) vóór ze begint (2014)" in err.message


def test_event_for_unknown_person(tables, schema):
    i = row_of(tables["events"], case_id="chayenne", event_id="e08")
    tables["events"].loc[i, "persons"] = "chayenne;ralph"  # Ralph belongs to another case
    [err] = errors_of(tables, schema)
    assert (err.file, err.row, err.column) == ("data_raw/case_studies/events.csv", i + 2, "persons")
    assert "persoon 'ralph'" in err.message and "casus 'chayenne'" in err.message


def test_tree_with_two_roots(tables, schema):
    i = row_of(tables["tree_nodes"], case_id="visser_de_bruin", node_id="h3")
    tables["tree_nodes"].loc[i, "parent_id"] = pd.NA
    [err] = errors_of(tables, schema)
    assert (err.file, err.row, err.column) == ("data_raw/case_studies/tree_nodes.csv", i + 2, "parent_id")
    assert "meer dan één wortel" in err.message


def test_tree_with_a_cycle(tables, schema):
    tn = tables["tree_nodes"]
    a = row_of(tn, case_id="chayenne", node_id="h2")
    tn.loc[a, "parent_id"] = "h2a"  # h2 → h2a → h2
    errs = errors_of(tables, schema)
    assert [(e.file, e.column) for e in errs] == [("data_raw/case_studies/tree_nodes.csv", "parent_id")]
    assert errs[0].row == a + 2
    assert "cyclus" in errs[0].message and "h2 → h2a → h2" in errs[0].message


def test_tree_with_an_orphan(tables, schema):
    i = row_of(tables["tree_nodes"], case_id="de_ruiter", node_id="h4b")
    tables["tree_nodes"].loc[i, "parent_id"] = "h9"
    [err] = errors_of(tables, schema)
    assert (err.row, err.column) == (i + 2, "parent_id")
    assert "hangt los" in err.message and "'h9'" in err.message


def test_negative_sticker_count(schema):
    raw = pd.DataFrame(
        {"case_id": ["de_ruiter", "de_ruiter"], "node_id": ["h1", "h2"], "votes": ["3", "-2"], "source": ["", ""]},
        dtype=str,
    )
    with pytest.raises(ValidationErrors) as info:
        validate_table(raw, schema.tables["stickers"])
    [err] = info.value.errors
    assert (err.file, err.row, err.column) == ("data_raw/case_studies/stickers.csv", 3, "votes")
    assert "kleiner dan het minimum 0" in err.message


def test_fractional_sticker_count(schema):
    raw = pd.DataFrame({"case_id": ["de_ruiter"], "node_id": ["h1"], "votes": ["2.5"], "source": [""]}, dtype=str)
    with pytest.raises(ValidationErrors) as info:
        validate_table(raw, schema.tables["stickers"])
    assert info.value.errors[0].column == "votes" and "geheel getal" in info.value.errors[0].message


def test_case_file_with_wrong_columns(schema, tmp_path):
    bad = tmp_path / "events.csv"
    bad.write_text(
        "case_id,event_id,seq,datum,period,event_type,label,short_label,persons,organisation,crisis,source,"
        "date_basis\n"
        "de_ruiter,e01,1,1999,nee,gezinsgebeurtenis,x,,vader,,nee,004_26341a46b6895ec5.txt:337,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationErrors) as info:
        validate_table(read_raw_table(bad), schema.tables["events"], file=bad)
    found = {(e.row, e.column) for e in info.value.errors}
    assert found == {(1, "date"), (1, "datum"), (1, None)}  # None: one line listing the expected columns
    summary = next(e for e in info.value.errors if e.column is None)
    assert "verwachte kolommen" in summary.message and "date_basis" in summary.message
    assert all(e.file.endswith("events.csv") for e in info.value.errors)


def test_undated_episode_needs_an_anchor_event(tables, schema):
    i = row_of(tables["episodes"], case_id="helmond_meisje", episode_id="h01")
    tables["episodes"].loc[i, "start_event"] = pd.NA
    [err] = errors_of(tables, schema)
    assert (err.row, err.column) == (i + 2, "start_event")


def test_marker_with_unknown_person_and_bad_date(tables, schema):
    tables["markers"] = pd.DataFrame(
        {
            "case_id": ["de_ruiter", "de_ruiter"],
            "marker_id": ["m1", "m2"],
            "kind": ["goede_hulp", "geen_goede_hulp"],
            "date": ["2019-04/2019-05", "2019-14"],
            "persons": ["moeder", "tante"],
            "factors": ["snel extra budget", "wisselende gezinsvoogden"],
            "votes": pd.array([4, 2], dtype="Int64"),
            "source": [pd.NA, pd.NA],
        }
    )
    errs = errors_of(tables, schema)
    assert {(e.row, e.column) for e in errs} == {(3, "date"), (3, "persons")}
    assert all(e.file == "data_raw/case_studies/markers.csv" for e in errs)


def test_all_problems_are_reported_together(tables, schema):
    tables["events"].loc[0, "date"] = "2019-13"
    tables["episodes"].loc[1, "end"] = "2010"
    assert len(errors_of(tables, schema)) == 2
