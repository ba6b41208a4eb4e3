"""Domain validation: the real data pass; each kind of bad input fails with file, row, column."""

import pandas as pd
import pytest

from analysis.monitoring.validate import validate_tables
from analysis.validation import ValidationErrors


def _errors(tables, schema):
    with pytest.raises(ValidationErrors) as info:
        validate_tables(tables, schema)
    return info.value.errors


def test_real_data_pass_and_monitoring_table_is_derived(validated):
    m = validated["monitoring"]
    assert len(m) == len(validated["observations"]) == 25
    assert m["indicator_label"].notna().all() and m["year"].notna().all()
    # ordered by topic as in the article, then waves
    assert m["topic"].drop_duplicates().tolist() == [
        "gebruik",
        "ervaringen",
        "snelheid",
        "jeugdbescherming",
        "preventie",
    ]


def test_interval_lower_above_upper(tables, schema, row_of):
    obs = tables["observations"]
    i = row_of(obs, indicator_id="tevredenheid", wave_id="tussenmeting_2016")
    obs.loc[i, ["value_lower", "value_upper"]] = [95.0, 85.0]
    errs = _errors(tables, schema)
    hit = [e for e in errs if e.column == "value_lower" and "groter dan bovengrens" in e.message]
    assert len(hit) == 1
    assert hit[0].row == i + 2
    assert str(hit[0]).startswith(f"data_raw/st_raw/observations.csv, rij {i + 2}, kolom 'value_lower'")


def test_percentage_outside_0_100(tables, schema, row_of):
    figs = tables["kennisatelier_figures"]
    i = row_of(figs, figure_id="respons")
    figs.loc[i, ["value", "value_lower", "value_upper"]] = [130.0, 125.0, 135.0]
    errs = _errors(tables, schema)
    cols = {e.column for e in errs if "buiten het bereik van eenheid 'procent'" in e.message}
    assert cols == {"value", "value_lower", "value_upper"}
    assert all(
        e.row == i + 2 and e.file == "data_raw/st_raw/kennisatelier_figures.csv" for e in errs if e.column in cols
    )


def test_project_referencing_undefined_theme(tables, schema, row_of):
    links = tables["project_themes"]
    i = row_of(links, project_id="svss", theme_id="t3")
    links.loc[i, "theme_id"] = "t7"
    errs = _errors(tables, schema)
    hit = [e for e in errs if e.column == "theme_id"]
    assert [(e.file, e.row) for e in hit] == [("data_raw/st_raw/project_themes.csv", i + 2)]
    assert "'t7' bestaat niet" in hit[0].message


def test_project_without_theme(tables, schema, row_of):
    links = tables["project_themes"]
    tables["project_themes"] = links[links["project_id"] != "leernetwerken"].reset_index(drop=True)
    errs = _errors(tables, schema)
    i = row_of(tables["projects"], project_id="leernetwerken")
    assert [(e.file, e.row, e.column) for e in errs] == [("data_raw/st_raw/projects.csv", i + 2, "project_id")]


def test_bounds_not_following_the_rule(tables, schema, row_of):
    obs = tables["observations"]
    i = row_of(obs, indicator_id="passende_hulp", wave_id="tussenmeting_2016")
    obs.loc[i, "value_upper"] = 100.0  # "ruim vier van de vijf" does not allow 100
    errs = _errors(tables, schema)
    assert [(e.row, e.column) for e in errs] == [(i + 2, "value_upper")]
    assert "verwacht 85" in errs[0].message


def test_comparator_must_match_rule(tables, schema, row_of):
    obs = tables["observations"]
    i = row_of(obs, indicator_id="aandeel_wijkteam", wave_id="tussenmeting_2016")
    obs.loc[i, "comparator"] = "~"  # "bijna" is '<'
    errs = _errors(tables, schema)
    assert [(e.row, e.column) for e in errs] == [(i + 2, "comparator")]


def test_direction_row_with_a_number(tables, schema, row_of):
    obs = tables["observations"]
    i = row_of(obs, indicator_id="crisisinterventies", wave_id="tussenmeting_2016")
    obs.loc[i, "value_lower"] = 10.0
    errs = _errors(tables, schema)
    assert [(e.row, e.column) for e in errs] == [(i + 2, "value_lower")]


def test_half_an_interval(tables, schema, row_of):
    obs = tables["observations"]
    i = row_of(obs, indicator_id="wachttijd", wave_id="tussenmeting_2016")
    obs.loc[i, "value_upper"] = pd.NA
    errs = _errors(tables, schema)
    assert [(e.row, e.column) for e in errs] == [(i + 2, "value_upper")]


def test_kennisatelier_count_must_match_text(tables, schema):
    ka = tables["kennisateliers"]
    tables["kennisateliers"] = ka[ka["atelier_id"] != "ka6"].reset_index(drop=True)
    errs = _errors(tables, schema)
    assert len(errs) == 1 and errs[0].column == "value"
    assert "noemt 6 kennisateliers" in errs[0].message and "heeft er 5" in errs[0].message


def test_partner_link_must_be_project_group_member(tables, schema, row_of):
    tp = tables["theme_partners"]
    i = row_of(tp, theme_id="t3", partner_label="JBRR")
    tp.loc[i, "partner_id"] = "ar_jbrr"
    errs = _errors(tables, schema)
    assert [(e.file, e.row, e.column) for e in errs] == [("data_raw/st_raw/theme_partners.csv", i + 2, "partner_id")]


def test_all_problems_reported_together(tables, schema, row_of):
    obs = tables["observations"]
    obs.loc[row_of(obs, indicator_id="tevredenheid", wave_id="tussenmeting_2016"), ["value_lower", "value_upper"]] = [
        95.0,
        85.0,
    ]
    tables["project_themes"].loc[0, "theme_id"] = "t9"
    errs = _errors(tables, schema)
    files = {e.file for e in errs}
    assert files == {"data_raw/st_raw/observations.csv", "data_raw/st_raw/project_themes.csv"}


def test_published_value_outside_its_bounds(tables, schema, row_of):
    obs = tables["observations"]
    i = row_of(obs, indicator_id="tevredenheid", wave_id="tussenmeting_2016")
    obs.loc[i, "value"] = 99.0
    errs = _errors(tables, schema)
    hit = [e for e in errs if e.column == "value"]
    assert [(e.row, e.message) for e in hit] == [(i + 2, "gepubliceerd getal 99 ligt buiten de grenzen 85–95")]
