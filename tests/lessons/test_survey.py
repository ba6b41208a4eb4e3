"""The brugfunctionaris survey as intervals: values checked by hand from the bands."""

from __future__ import annotations

import pytest

from analysis.intervals import Interval
from analysis.lessons import survey as S


def test_band_texts(tables):
    bt = S.band_table(tables["bf_figures"]).set_index("figure_id")
    assert bt.loc["r08", "band"] == "20–40%"
    assert bt.loc["r15", "band"] == "≥ 31"
    assert bt.loc["r03", "band"] == "≈ 540"
    assert bt.loc["s04", "source_kind"] == "Dia's"
    assert bt.loc["r08", "source"] == "003_…txt:2012-2013"


def test_mean_reach_of_parents(tables):
    bf = tables["bf_figures"]
    # all 16 in 20–40% (at least 9) or 40–60% (at least 2): [ (14*20+2*40)/16, (9*40+7*60)/16 ]
    assert S.mean_bounds_from_bands(bf, "ouders", "bereikt_percentage", 16) == Interval(22.5, 48.75)
    # only the majority fixed, the other 7 anywhere in 0–100%: [9*20/16, (9*40+7*100)/16]
    assert S.mean_bounds_from_bands(bf, "ouders", "bereikt_percentage", 16, "rest onbekend") == Interval(11.25, 66.25)


def test_mean_reach_of_pupils(tables):
    bf = tables["bf_figures"]
    # bands 1–40 (>=9), 60–80 (>=2), 80–100 (>=1): lower (13*1+2*60+1*80)/16, upper (9*40+2*80+5*100)/16
    mb = S.mean_bounds_from_bands(bf, "leerlingen", "bereikt_percentage", 16)
    assert mb.lower == pytest.approx(213 / 16) and mb.upper == pytest.approx(63.75)


def test_total_check_parents(tables):
    chk = S.total_check(tables["bf_figures"], "ouders", 16)
    assert chk["total"] == Interval(535, 545)
    assert chk["mean_per_respondent"] == Interval(535 / 16, 545 / 16)
    assert chk["mean_in_main_band"] is True
    # 9..14 in 20–40 and the rest (>=2) in 50–70: every split can produce ~540
    assert chk["main_band_count_range"] == (9, 14) and chk["n_compatible"] == 6


def test_conclusions_table(tables):
    c = S.conclusions(tables["bf_figures"])
    assert c.loc[0, "bounds"] == "76,2%"
    ouders = c[c["question"].str.startswith("Gemiddeld bereik ouders")]
    # 22.5–48.75 and 11.25–66.25 (= 180/16 and 1060/16), rounded half away from zero (analysis/formatting.py)
    assert ouders["bounds"].tolist() == ["22,5–48,8%", "11,3–66,3%"]
    assert "geen overlap" in ouders["conclusion"].iloc[0] and "overlappen deels" in ouders["conclusion"].iloc[1]
    spoken = c[c["question"].str.startswith("Leerlingen van wie")]
    assert spoken["bounds"].item() == "304–445"  # [0.7*435, 1.0*445], outward rounded


def test_report_and_slides_kept_apart(tables):
    comp = S.source_comparison(tables["bf_figures"]).set_index(["group", "item"])
    row = comp.loc[("Ouders", "Bereikt / gesproken, % van de school")]
    assert row["rapport"] == "merendeel: 20–40%; aanzienlijke groep: 40–60%"
    assert row["slides"] == "gemiddelde waarde: 50–70%"
    assert row["relation"].startswith("spreken elkaar tegen")
    assert comp.loc[("Brugfunctionarissen", "Respondenten"), "relation"] == "gelijk"
    tu = S.time_use_comparison(tables["bf_time_use"]).set_index("activity")
    assert tu.loc["Samenwerking met het sociaal domein", ["rapport", "slides"]].tolist() == ["1", "2"]
    assert tu.loc["Eén-op-één contact met ouders", ["rapport", "slides"]].tolist() == ["3", "1"]
    assert tu.loc["Ondersteuning van het schoolteam", "differs"] == False  # noqa: E712


def test_jeugdcoach_table(tables):
    jc = S.jeugdcoach_table(tables["jeugdcoach_schools"]).set_index("Indicator")
    assert jc.loc["Laagdrempelige coachingsgesprekken"].tolist() == ["100–150", "≥ 301", "≥ 301"]
    assert jc.loc["Aantal leerlingen", "Groot Goylant"] == "≈ 400"
    assert jc.loc["Groepslessen", "Groot Goylant"] == "n.v.t. *"
