"""The sources' own headline results (table ``databronnen.headline_results``): every row's
verbatim fragment stands in the lines it cites, and the counts are the published ones."""

from __future__ import annotations

import re

import pytest

from analysis.data import read_dataset
from analysis.schema import load_schema


@pytest.fixture(scope="module")
def results():
    return read_dataset(load_schema("databronnen"))["headline_results"]


@pytest.mark.sources
def test_every_quote_stands_in_its_cited_lines(results):
    from analysis.sources import cited_text

    norm = lambda t: re.sub(r"\s+", " ", t).strip().lower()  # noqa: E731
    wrong = [
        (r.result_id, r.source, r.quote)
        for r in results.itertuples()
        if norm(r.quote) not in norm(cited_text(r.source))
    ]
    assert not wrong, wrong


def test_what_each_page_gets(results):
    per = results.groupby(["page", "kind"]).size().to_dict()
    assert per[("helmond-effecten", "uitkomst")] == 2
    assert per[("helmond-effecten", "aanbeveling")] == 10  # 000:438-660, recommendations 1-10
    assert per[("idu-midi", "aanbeveling regio")] == 9 and per[("idu-midi", "aanbeveling professionals")] == 4
    assert per[("casusonderzoek", "conclusie")] == 5
    helmond = results[results["kind"] == "aanbeveling"].sort_values("number")
    assert helmond["number"].tolist() == list(range(1, 11))


def test_published_study_figures_are_transcribed_exactly(results):
    text = dict(zip(results["result_id"], results["quote"] + " " + results["text"]))
    assert "44 VAI trainingen" in text["straw_vai_trainingen"] and "708" in text["straw_vai_trainingen"]
    assert all(n in text["straw_vai_interviews"] for n in ("26", "5 wijkteamleiders", "15"))
    assert "13 jongeren" in text["straw_mijnpad_jongeren"] and "6" in text["straw_mijnpad_jongeren"]
    assert "75 tips" in text["straw_cop_tips"]
    assert "50%" in text["helmond_vervanging"]
    assert "wisselend per casus" in text["nji_conclusie_inhoud"]
