"""The transcription is complete and checkable against the source documents."""

import re

import pytest

from analysis import paths
from analysis.sources import cited_text as source_text

SEEDS = paths.SEEDS


needs_seeds = pytest.mark.sources


def test_three_learning_review_cases_with_5_5_4_main_factors(validated):
    nodes = validated["tree_nodes"]
    mains = nodes[nodes["level"] == "hoofdfactor"].groupby("case_id").size().to_dict()
    assert mains == {"de_ruiter": 5, "visser_de_bruin": 5, "chayenne": 4}
    roots = nodes[nodes["level"] == "succes"].groupby("case_id").size().to_dict()
    assert roots == {"de_ruiter": 1, "visser_de_bruin": 1, "chayenne": 1}
    under = nodes[nodes["level"] == "onderliggend"].groupby("case_id").size().to_dict()
    assert under == {"de_ruiter": 16, "visser_de_bruin": 17, "chayenne": 18}


def test_main_factor_headings(validated):
    nodes = validated["tree_nodes"]
    chay = nodes[(nodes["case_id"] == "chayenne") & (nodes["level"] == "hoofdfactor")].sort_values("position")
    assert list(chay["label"]) == [
        "Moeder staat achter de pleegzorgplaatsing",
        "C heeft veerkracht en vertrouwen in opa en oma",
        "Opa en oma hebben voldoende veerkracht",
        "Inzet integrale jeugdhulp voor alle gezinsleden",
    ]


@needs_seeds
def test_main_factors_are_verbatim_and_underlying_factors_quote_the_source(validated):
    nodes = validated["tree_nodes"]
    for r in nodes.itertuples(index=False):
        text = source_text(r.source)
        if r.level == "hoofdfactor":
            assert r.label in text, (r.case_id, r.node_id)
        assert isinstance(r.source_text, str) and r.source_text, (r.case_id, r.node_id)
        assert re.sub(r"\s+", " ", r.source_text) in text, (r.case_id, r.node_id)


@needs_seeds
def test_working_elements_match_the_source(validated):
    cc = validated["cross_case_elements"]
    assert len(cc) == 5
    for r in cc.itertuples(index=False):
        # the heading is the first line of the cited range (tabs in the PDF extraction)
        assert r.label in source_text(r.source.split(";")[0].split("-")[0]), r.element_id
    lit = validated["literature_elements"].groupby("domain").size().to_dict()
    assert lit == {"inhoud": 5, "samenwerking": 5, "jongeren": 5, "complexe_problematiek": 4}


@needs_seeds
def test_every_source_reference_points_into_its_document(validated):
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in SEEDS.glob("*.txt")}
    for name, df in validated.items():
        if "source" not in df or df.empty or name in ("markers", "stickers"):
            continue
        for ref in df["source"].dropna():
            for piece in ref.split(";"):
                f, _, lines = piece.strip().partition(":")
                a, _, b = lines.partition("-")
                assert 1 <= int(a) <= int(b or a) <= lengths[f], (name, piece)


def test_dates_keep_the_precision_of_the_text(validated):
    ev = validated["events"].set_index(["case_id", "event_id"])
    assert ev.loc[("visser_de_bruin", "e24"), "date"] == "begin 2019"
    assert ev.loc[("de_ruiter", "e20"), "date"] == "2019-04/2019-05"  # 'vanaf april/mei'
    assert ev.loc[("helmond_meisje", "e05"), "precision"] == "onbekend"
    # no invented days anywhere
    assert not (validated["events"]["precision"] == "dag").any()
    assert not (validated["episodes"]["start_precision"] == "dag").any()


def test_published_cases_have_no_invented_session_data(validated):
    assert validated["markers"].empty and validated["stickers"].empty


def test_roles_are_roles_not_names(validated):
    roles = validated["roles"].groupby("case_id").size().to_dict()
    assert roles == {"de_ruiter": 5, "visser_de_bruin": 7, "chayenne": 5}


def test_portraits_and_practice_case(validated):
    cases = validated["cases"].set_index("case_id")["method"].to_dict()
    assert cases == {
        "de_ruiter": "leerreview",
        "visser_de_bruin": "leerreview",
        "chayenne": "leerreview",
        "sonja": "clientportret",
        "arnold": "clientportret",
        "helmond_meisje": "praktijkcasus",
    }
    f = validated["portrait_factors"]
    assert f.groupby(["case_id", "valence"]).size().to_dict() == {
        ("arnold", "belemmerend"): 3,
        ("arnold", "bevorderend"): 7,
        ("helmond_meisje", "belemmerend"): 2,
        ("helmond_meisje", "bevorderend"): 3,
        ("sonja", "belemmerend"): 1,
    }
    meting = validated["events"][validated["events"]["event_type"] == "meting"].groupby("case_id").size()
    assert meting.to_dict() == {"arnold": 2, "helmond_meisje": 4, "sonja": 2}


@needs_seeds
def test_arnolds_sister_and_his_daughters_aunt_are_two_people(validated):
    """002_…txt:2330 names "de zus van Arnold"; 2338-2339 "haar tante" (Daniëlle's aunt): the
    portrait does not say she is Arnold's sister, so the data keep them apart (issue 14)."""
    p = validated["persons"]
    p = p[p["case_id"] == "arnold"].set_index("person_id")
    assert p.loc["zus", ["name", "role"]].tolist() == ["Zus van Arnold", "zus"]
    assert p.loc["tante", ["name", "role"]].tolist() == ["Tante van Daniëlle", "tante"]
    assert "zus van Arnold" in source_text(p.loc["zus", "source"])
    assert "haar tante officieel" in source_text(p.loc["tante", "source"])
    ev = validated["events"].set_index(["case_id", "event_id"])
    assert ev.loc[("arnold", "e11"), "persons"].split(";")[0] == "tante"
