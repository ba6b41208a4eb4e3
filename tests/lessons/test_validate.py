"""Bad input for idu_lessons: each case gives a clear message naming file, row and column.

Schema-level cases run through the foundation's table validator with the real schema;
domain cases through analysis.lessons.validate.  Build-level cases (nothing written) are in
test_build_bad_input.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.lessons.validate import validate_tables
from analysis.schema import load_schema
from analysis.validation import ValidationErrors, validate_table


def _copy(tables):
    return {k: v.copy() for k, v in tables.items()}


def _messages(exc) -> list[str]:
    return [str(e) for e in exc.value.errors]


def _raw(df: pd.DataFrame) -> pd.DataFrame:
    """A typed table back to text, as read from a CSV file."""
    return df.astype(object).where(df.notna(), "").astype(str)


def test_real_tables_pass(tables):
    assert validate_tables(_copy(tables), load_schema("idu_lessons")) is not None


def test_lesson_with_unknown_type_is_refused(tables):
    schema = load_schema("idu_lessons")
    raw = _raw(tables["lessons"])
    raw.loc[4, "lesson_type"] = "geweldig"
    with pytest.raises(ValidationErrors) as exc:
        validate_table(raw, schema.tables["lessons"])
    (msg,) = _messages(exc)
    assert "data_raw/idu_lessons/lessons.csv" in msg
    assert "rij 6" in msg and "kolom 'lesson_type'" in msg
    assert "'geweldig' is niet toegestaan" in msg and "positief" in msg


def test_lesson_type_must_match_its_heading(tables):
    t = _copy(tables)
    t["lessons"].loc[0, "lesson_type"] = "verbetering"  # heading gl_gh gives 'positief'
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert "lessons.csv, rij 2, kolom 'lesson_type'" in msg
    assert "past niet bij de kop 'gl_gh'" in msg


def test_link_to_a_13th_theme_is_refused(tables):
    t = _copy(tables)
    t["lesson_rode_lijn"].loc[10, "rode_lijn_id"] = "RL13"
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert "data_raw/idu_lessons/lesson_rode_lijn.csv, rij 12, kolom 'rode_lijn_id'" in msg
    assert "'RL13'" in msg and "RL01–RL12" in msg


def test_a_link_on_an_added_keyword_of_a_theme_without_one_is_refused(tables):
    t = _copy(tables)
    links = t["lesson_rode_lijn"]
    row = links.index[links["rode_lijn_id"] == "RL03"][0]  # RL03 has no analyst-added keywords
    links.loc[row, "keyword_basis"] = "toegevoegd"
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert f"lesson_rode_lijn.csv, rij {row + 2}, kolom 'keyword_basis'" in msg and "RL03 heeft geen" in msg


def test_a_13th_theme_in_the_theme_table_is_refused(tables):
    t = _copy(tables)
    extra = t["rode_lijnen"].iloc[[0]].assign(rode_lijn_id="RL13", title="Extra thema")
    t["rode_lijnen"] = pd.concat([t["rode_lijnen"], extra], ignore_index=True)
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert "rode_lijnen.csv, rij 14, kolom 'rode_lijn_id'" in msg and "precies 12" in msg


def test_interval_with_lower_above_upper_is_refused(tables):
    t = _copy(tables)
    bf = t["bf_figures"]
    row = bf.index[bf["figure_id"] == "r08"][0]  # 20–40% becomes 60–40%
    bf.loc[row, "lower"] = 60.0
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert f"bf_figures.csv, rij {row + 2}, kolom 'upper'" in msg
    assert "ondergrens 60 is groter dan bovengrens 40" in msg


def test_percentage_band_outside_0_100_is_refused(tables):
    t = _copy(tables)
    bf = t["bf_figures"]
    row = bf.index[bf["figure_id"] == "r12"][0]  # 80–100% becomes 80–120%
    bf.loc[row, "upper"] = 120.0
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert f"bf_figures.csv, rij {row + 2}, kolom 'upper'" in msg
    assert "percentageband met upper 120 ligt buiten 0–100%" in msg


def test_pilot_referenced_but_not_defined_is_refused(tables):
    t = _copy(tables)
    t["lessons"].loc[2, "pilot_id"] = "pilot_zonder_verslag"
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    msgs = _messages(exc)
    assert any(
        "lessons.csv, rij 4, kolom 'pilot_id'" in m
        and "'pilot_zonder_verslag' wordt genoemd maar staat niet in pilots.csv" in m
        for m in msgs
    ), msgs


def test_jeugdcoach_interval_checked_too(tables):
    t = _copy(tables)
    jc = t["jeugdcoach_schools"]
    jc.loc[3, "lower"] = 200.0  # 100–150 becomes 200–150
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert "jeugdcoach_schools.csv, rij 5, kolom 'upper'" in msg


def test_too_many_links_and_rank_gaps(tables):
    t = _copy(tables)
    links = t["lesson_rode_lijn"]
    lid = links.loc[0, "lesson_id"]  # huizen_ja_01 has RL01 (1), RL02 (2)
    links.loc[1, "rank"] = 3
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    (msg,) = _messages(exc)
    assert "lesson_rode_lijn.csv, rij 2, kolom 'rank'" in msg and f"{lid!r}" in msg and "[1, 3]" in msg


def test_all_problems_are_reported_together(tables):
    t = _copy(tables)
    t["lesson_rode_lijn"].loc[0, "rode_lijn_id"] = "RL13"
    t["bf_figures"].loc[7, "upper"] = 150.0
    with pytest.raises(ValidationErrors) as exc:
        validate_tables(t, load_schema("idu_lessons"))
    assert len(exc.value.errors) == 2
