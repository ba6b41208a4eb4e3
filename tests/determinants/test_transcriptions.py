"""The transcribed numbers occur on the source lines they cite (checks the transcription)."""

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.sources import cited_text, parse

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sources


def test_cross_cutting_counts_are_on_the_cited_lines():
    cc = pd.read_csv(ROOT / "data_raw/idu_midi/cross_cutting.csv")
    assert dict(zip(cc["code"], cc["n"])) == {
        "t_not_knowing_each_other": 23,
        "t_no_practical_translation": 18,
        "t_safety_vs_slowing_down": 18,
        "t_clashing_expectations": 21,
        "f_complex_divorce": 11,
        "f_intellectual_disability": 8,
        "f_addiction": 5,
        "f_child_development": 8,
    }
    for r in cc.itertuples():
        text = cited_text(r.source)
        assert re.search(rf"\b{r.n}\s*(/|van de|vd\.)\s*27", text), (r.code, text)


def test_training_wishes_counts_are_on_the_cited_lines():
    tw = pd.read_csv(ROOT / "data_raw/idu_midi/training_wishes.csv")
    wishes = tw[tw["kind"] == "opleidingswens"]
    assert list(wishes["n"]) == [2, 4, 3, 6, 2, 2]
    for r in wishes.itertuples():
        assert re.search(rf"\({r.n}\s+respondenten\)", cited_text(r.source)), r.code
    for r in tw[tw["kind"] == "verbeterpunt"].itertuples():
        text = cited_text(r.source)
        if isinstance(r.respondent_ref, str):
            assert f"Respondent {int(r.respondent_ref[1:])}" in text
        else:
            assert f"({r.n} respondenten)" in text


def test_sixteen_methods_are_on_the_cited_lines():
    m = pd.read_csv(ROOT / "data_raw/idu_midi/methods.csv")
    assert len(m) == 16 and m["method"].is_unique
    for r in m.itertuples():
        first_word = re.findall(r"\w+", r.method)[0]
        assert first_word.casefold() in cited_text(r.source).casefold(), r.method


def test_svss_figures_are_on_the_cited_lines():
    f = pd.read_csv(ROOT / "data_raw/svss/figures.csv").set_index("figure_id")
    assert f["value"].to_dict() == {"invited": 138, "regular_use": 20, "r2_professional": 25, "r2_team_org_context": 13}
    for fid, r in f.iterrows():
        suffix = "%" if r["unit"] == "procent" else ""
        assert f"{int(r['value'])}{suffix}" in cited_text(r["source"]), fid


def test_every_finding_cites_lines_inside_the_study():
    fnd = pd.read_csv(ROOT / "data_raw/idu_midi/findings.csv")
    for src in list(fnd["source"]) + list(fnd["valence_source"]):
        for c in parse(src):
            assert 8075 <= c.first <= 8828, src
    explicit = fnd[fnd["valence_basis"] == "expliciet"]
    # where the text itself names the direction, a direction word is on the cited line
    for r in explicit.itertuples():
        t = cited_text(r.valence_source).casefold()
        assert any(w in t for w in ("belemmer", "bevorderend", "positie", "probleem")), r.finding_id
    svss = pd.read_csv(ROOT / "data_raw/svss/findings.csv")
    for src in svss["source"]:
        for c in parse(src):
            assert 712 <= c.first <= 1000, src
