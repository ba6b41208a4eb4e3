"""Pilot × rode-lijn matrices and counts: a hand-made fixture, and the real transcription."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.lessons import matrix as M
from analysis.lessons.labels import short_source


@pytest.fixture
def small():
    pilots = pd.DataFrame(
        {
            "pilot_id": ["a", "b", "c"],
            "name": ["Pilot A", "Pilot B", "Pilot C"],
            "kind": ["pilot", "pilot", "programma-activiteit"],
        }
    )
    rode_lijnen = pd.DataFrame({"rode_lijn_id": ["RL01", "RL02", "RL03"], "title": ["Een", "Twee", "Drie"]})
    lessons = pd.DataFrame(
        {
            "lesson_id": ["a_01", "a_02", "a_03", "b_01", "b_02"],
            "pilot_id": ["a", "a", "a", "b", "b"],
            "component_id": ["a", "a", "a", "b", "b"],
            "lesson_type": ["positief", "positief", "nodig", "verbetering", "positief"],
            "lesson": ["l1", "l2", "l3", "l4", "l5"],
            "source": [f"003_7da56f7bd19f1a57.txt:{i}" for i in (10, 11, 12, 20, 21)],
        }
    )
    links = pd.DataFrame(
        {
            "lesson_id": ["a_01", "a_01", "a_02", "a_03", "b_01", "b_02"],
            "rode_lijn_id": ["RL01", "RL02", "RL01", "RL02", "RL02", "RL02"],
            "rank": [1, 2, 1, 1, 1, 1],
            "justification": ["j"] * 6,
        }
    )
    return pilots, rode_lijnen, lessons, links


def test_lesson_counts_include_pilots_without_lessons(small):
    pilots, _, lessons, _ = small
    c = M.lesson_counts(lessons, pilots).set_index("pilot_id")
    assert list(c.index) == ["a", "b", "c"]
    assert c.loc["a", ["positief", "nodig", "total"]].tolist() == [2, 1, 3]
    assert c.loc["b", ["verbetering", "positief", "total"]].tolist() == [1, 1, 2]
    assert c.loc["c", "total"] == 0


def test_matrix_counts_lessons_per_pilot_and_theme(small):
    pilots, rl, lessons, links = small
    m = M.pilot_rode_lijn_matrix(lessons, links, pilots, rl)
    assert m.loc["a"].tolist() == [2, 2, 0]
    assert m.loc["b"].tolist() == [0, 2, 0]
    assert m.loc["c"].tolist() == [0, 0, 0]
    primary = M.pilot_rode_lijn_matrix(lessons, links, pilots, rl, primary_only=True)
    assert primary.loc["a"].tolist() == [2, 1, 0]  # a_01 → RL02 is rank 2
    pos = M.pilot_rode_lijn_matrix(lessons, links, pilots, rl, lesson_type="positief")
    assert pos.loc["a"].tolist() == [2, 1, 0] and pos.loc["b"].tolist() == [0, 1, 0]
    long = M.matrix_by_type(lessons, links, pilots, rl)
    assert len(long) == 3 * 3 * 5 and long["n"].sum() == 6
    assert long.query("pilot_id == 'a' and rode_lijn_id == 'RL02' and lesson_type == 'nodig'")["n"].item() == 1


def test_theme_support_and_single_pilot_themes(small):
    pilots, rl, lessons, links = small
    s = M.theme_support(lessons, links, pilots, rl).set_index("rode_lijn_id")
    assert s.loc["RL01", ["n_lessons", "n_pilots", "pilots", "single_pilot"]].tolist() == [2, 1, "Pilot A", True]
    assert s.loc["RL02", ["n_lessons", "n_primary", "n_pilots", "pilots"]].tolist() == [4, 3, 2, "Pilot A; Pilot B"]
    assert s.loc["RL02", "top_share"] == pytest.approx(0.5) and s.loc["RL02", "top_pilot"] == "Pilot A"
    assert s.loc["RL03", ["n_lessons", "n_pilots", "single_pilot"]].tolist() == [0, 0, False]
    assert M.single_pilot_themes(s.reset_index())["rode_lijn_id"].tolist() == ["RL01"]


def test_evidence_unlinked_and_coverage(small):
    pilots, rl, lessons, links = small
    ev = M.rode_lijn_evidence(lessons, links, pilots, "RL02")
    assert ev["lesson_id"].tolist() == ["a_03", "a_01", "b_01", "b_02"]  # pilot order, then rank
    assert ev["source"].iloc[0] == "003_…txt:12"
    extra = pd.concat([lessons, lessons.iloc[[0]].assign(lesson_id="c_01", pilot_id="c")], ignore_index=True)
    assert M.unlinked_lessons(extra, links)["lesson_id"].tolist() == ["c_01"]
    cov = M.coverage(extra, links).set_index("lesson_type")
    assert cov.loc["totaal", ["n_lessons", "n_linked"]].tolist() == [6, 5]
    assert cov.loc["positief", "share_linked"] == pytest.approx(3 / 4)


def test_short_source():
    assert short_source("003_7da56f7bd19f1a57.txt:1027-1031") == "003_…txt:1027-1031"
    assert short_source("003_7da56f7bd19f1a57.txt:1; 003_7da56f7bd19f1a57.txt:5") == "003_…txt:1; 003_…txt:5"
    assert short_source(None) == "–"


# ---------------------------------------------------------------- the real transcription


def _type_counts(tables, component):
    sub = tables["lessons"][tables["lessons"]["component_id"] == component]
    return sub["lesson_type"].value_counts().to_dict()


@pytest.mark.parametrize(
    "component, expected",
    [
        # counts per heading as printed in the pilot reports (cross-checked against the source notes)
        ("youke_elan", {"positief": 13, "verbetering": 5, "randvoorwaarde_werkt": 1, "randvoorwaarde_uitdaging": 7}),
        ("huizen_scholen", {"positief": 8, "verbetering": 4, "randvoorwaarde_werkt": 6, "randvoorwaarde_uitdaging": 3}),
        ("kernteam_complexe_casuistiek", {"positief": 8, "verbetering": 7, "nodig": 4}),
        (
            "managers_grondhouding",
            {"positief": 7, "verbetering": 4, "randvoorwaarde_werkt": 3, "randvoorwaarde_uitdaging": 6},
        ),
        ("hilversum_genogram", {"nodig": 5}),
        ("tweemaster_uniek", {"positief": 9, "nodig": 6, "randvoorwaarde_uitdaging": 3}),
    ],
)
def test_transcribed_counts_match_the_reports(tables, component, expected):
    assert _type_counts(tables, component) == expected


def test_every_pilot_appears_in_the_matrix(tables):
    m = M.pilot_rode_lijn_matrix(tables["lessons"], tables["lesson_rode_lijn"], tables["pilots"], tables["rode_lijnen"])
    assert m.shape == (14, 12)
    assert list(m.index) == list(tables["pilots"]["pilot_id"])
    assert (m.sum(axis=1) > 0).all()  # every pilot contributes at least one coded lesson
    counts = M.lesson_counts(tables["lessons"], tables["pilots"])
    assert counts["total"].sum() == len(tables["lessons"]) == 280
    assert (counts["kind"] == "pilot").sum() == 10


def test_duplicate_page_is_counted_once(tables):
    lessons = tables["lessons"]
    from analysis.sources import parse

    def starts(src):
        return parse(src)[0].first

    assert not lessons["source"].map(starts).between(4213, 4290).any()
    # the copied page holds 2 lessons on the grondhouding and 6 on what is needed
    assert lessons["also_at"].dropna().str.contains(r":42[0-9]{2}").sum() == 8


def test_no_staff_names_in_components(tables):
    roles = " ".join(tables["components"]["participant_roles"].dropna())
    for name in ("Schild", "Ramli", "Rozeman", "Schalkwijk", "Poort", "Kok"):
        assert name not in roles


def test_roles_that_point_to_one_person_are_generalised(tables):
    """Privacy policy: a role + organisation that names one person ("voorzitter RET", "teammanager
    Youké") is written as role type + kind of organisation; counts of persons below the threshold are
    not written into the role texts (the count column is the place, and it is suppressed)."""
    import re

    from analysis.privacy import threshold

    roles = " ".join(tables["components"]["participant_roles"].dropna())
    remarks = " ".join(tables["components"]["remark"].dropna())
    for one_person in (
        "voorzitter RET",
        "teammanager Youké",
        "teammanager uitvoeringsdienst",
        "bestuurder samenwerkingsverband",
        "programmamanager",
        "privacy officer",
        "1 Leger des Heils",
    ):
        assert one_person not in roles
    assert not [n for n in re.findall(r"\b(\d+) [a-zA-Z]", roles) if 0 < int(n) < threshold()]
    assert "Drie jeugdcoaches" not in remarks


def test_analyst_added_keywords_and_the_links_resting_on_them(tables):
    """Hand-checked against 003_7da56f7bd19f1a57.txt:838-993: 'vertrouwen' (RL01) and
    'elkaars expertise benutten' (RL02) are not in the cited lines; 10 of the 69 RL01 links and
    7 of the 56 RL02 links name them in their justification."""
    k = M.added_keyword_links(tables["lesson_rode_lijn"], tables["rode_lijnen"]).set_index("rode_lijn_id")
    assert k.loc["RL01", "added_keywords"] == "vertrouwen"
    assert k.loc["RL01", ["n_links", "n_on_added"]].tolist() == [69, 10]
    assert k.loc["RL02", ["n_links", "n_on_added"]].tolist() == [56, 7]
    assert k.loc["RL03", "added_keywords"] == "" and k.loc["RL03", "n_on_added"] == 0
    with_added = k[k["added_keywords"] != ""].index.tolist()
    assert with_added == ["RL01", "RL02", "RL04", "RL05", "RL06", "RL10", "RL11", "RL12"]
    assert int(k["n_on_added"].sum()) == 39 and int(k["n_links"].sum()) == len(tables["lesson_rode_lijn"]) == 358
    # the coding rules no longer carry the keywords the analyst added
    rules = tables["rode_lijnen"].set_index("rode_lijn_id")["coding_rule"]
    assert "vertrouwen" not in rules["RL01"] and "expertise" not in rules["RL02"]


_STOP = {"bij", "door", "voor", "naar", "zijn", "wordt", "tussen", "over", "waar", "kunt"}


def _content_stems(keyword: str) -> list[str]:
    import re

    return [w[:6] for w in re.findall(r"\w+", keyword.lower()) if len(w) >= 4 and w not in _STOP]


@pytest.mark.sources
def test_coding_rules_come_from_the_cited_lines_and_added_keywords_do_not(tables):
    """Each keyword of a coding rule shares a word with the lines its rode lijn cites; each
    keyword the analyst added names a word those lines do not have (so the page's mark holds)."""
    import re

    from analysis import sources

    for r in tables["rode_lijnen"].itertuples():
        cited = re.sub(r"\s+", " ", sources.cited_text(r.source).lower())
        for kw in re.split(r"[,;]\s*(?![^()]*\))", r.coding_rule):  # a paraphrase in (…) goes with its keyword
            stems = _content_stems(kw)
            assert not stems or any(s in cited for s in stems), f"{r.rode_lijn_id}: {kw!r} niet in {r.source}"
        for kw in re.split(r"[,;]\s*", "" if pd.isna(r.added_keywords) else r.added_keywords):
            if kw.strip():
                words = [w for w in re.findall(r"\w+", kw.lower()) if len(w) >= 4 and w not in _STOP]
                assert any(w not in cited for w in words), f"{r.rode_lijn_id}: {kw!r} staat wel in de bron"


def test_evidence_marks_links_on_an_added_keyword(tables):
    ev = M.rode_lijn_evidence(tables["lessons"], tables["lesson_rode_lijn"], tables["pilots"], "RL01")
    marked = ev[ev["justification"].str.endswith(M.ADDED_MARK)]
    assert len(ev) == 69 and len(marked) == 10
    assert marked["justification"].str.contains("vertrouwen").all()
