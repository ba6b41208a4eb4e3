"""Counts of persons in running text ("5 wijkteamleiders", "drie ouders") follow the threshold:
published through :func:`analysis.privacy.prose_text`, caught on a built page by the privacy check."""

from __future__ import annotations

import pytest

from analysis.privacy import prose_text, small_prose_counts
from analysis.privacy_check import check, running_text


@pytest.mark.parametrize(
    "text,k,expected",
    [
        ("26 wijkteammedewerkers en 5 wijkteamleiders uit 15 wijkteams", 10, [(5, "5 wijkteamleiders")]),
        ("26 wijkteammedewerkers en 5 wijkteamleiders uit 15 wijkteams", 5, []),
        ("afgerond door 7 professionals (jongerencoaches)", 10, [(7, "7 professionals")]),
        ("50% van de 9 ouders met een verhoogde score", 10, [(9, "9 ouders")]),
        ("de tweede codeur (7 respondenten dubbel gecodeerd)", 10, [(7, "7 respondenten")]),
        ("Drie ouders vulden niets in", 5, [(3, "Drie ouders")]),
        ("bij drie jonge kinderen", 5, [(3, "drie jonge kinderen")]),  # words between number and noun
        ("6 medewerkers van aanbieders; 8 schoolmedewerkers", 10, [(6, "6 medewerkers"), (8, "8 schoolmedewerkers")]),
        # not a count of persons, or not a small one
        ("Eén-op-één contact met ouders", 5, []),  # "met" ends the phrase
        ("door minder dan 3 respondenten genoemd", 5, []),  # a rule of the analysis, not a group
        ("Bij ten minste twee aangemelde gezinnen", 5, []),  # open-ended: pins no small count down
        ("Huisbezoeken met twee jeugdprofessionals", 5, []),  # the name of a way of working (NOT_A_COUNT)
        ("<5 ouders, 3,5 ouders, meisje (7 jaar) met ouders", 5, []),
        ("van 27 geïnterviewden; 12 jongeren", 10, []),
        ("13 jongeren werkten ermee; bij 6 van hen ook het netwerk", 10, [(6, "6 van hen")]),
        ("zoals “ruim vier van de vijf cliënten”", 10, []),  # a proportion in words (NOT_A_COUNT)
        ("gekozen is 4 van 9", 5, []),  # no noun: the decision's "<5 van de 9" is the place for it
    ],
)
def test_counts_of_persons_in_prose(text, k, expected):
    assert small_prose_counts(text, k) == expected


def test_prose_is_published_through_the_threshold():
    text = "Geïnterviewd: 26 wijkteammedewerkers en 5 wijkteamleiders; drie ouders."
    assert prose_text(text, 5) == "Geïnterviewd: 26 wijkteammedewerkers en 5 wijkteamleiders; <5 ouders."
    assert prose_text(text, 10) == "Geïnterviewd: 26 wijkteammedewerkers en <10 wijkteamleiders; <10 ouders."
    assert prose_text(None) is None and prose_text("geen aantal") == "geen aantal"


def test_blocks_of_a_page_are_read_apart():
    """A count in one table cell and a noun in the next are not one phrase."""
    html = "<table><tr><td>2</td><td>Managers jeugdhulp</td></tr></table><p>Bij 3<br>ouders</p>"
    assert running_text(html) == ["2", "Managers jeugdhulp", "Bij 3", "ouders"]


def _page(tmp_path, body: str):
    (tmp_path / "page.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return tuple([f.problem for f in check([tmp_path], {}, k)] for k in (5, 10))


def test_a_planted_count_of_persons_in_running_text_is_caught_exactly(tmp_path):
    at5, at10 = _page(
        tmp_path,
        "<p>In de focusgroep zaten drie ouders en 7 professionals.</p>"
        "<p>Van de 27 geïnterviewden; minder dan 3 respondenten per code.</p>"
        "<table><tr><td>2</td><td>Managers jeugdhulp</td></tr></table>",
    )
    assert at5 == ["aantal personen 3 (< 5) in de lopende tekst: 'drie ouders'"]
    assert at10 == [
        "aantal personen 3 (< 10) in de lopende tekst: 'drie ouders'",
        "aantal personen 7 (< 10) in de lopende tekst: '7 professionals'",
    ]


def test_the_published_form_passes_the_check(tmp_path):
    text = "VAI: 26 wijkteammedewerkers en 5 wijkteamleiders; drie ouders"
    at5, _ = _page(tmp_path, f"<p>{prose_text(text, 5)}</p>")
    assert at5 == []
    _, at10 = _page(tmp_path, f"<p>{prose_text(text, 10)}</p>")
    assert at10 == []


@pytest.mark.parametrize("fixture,k", [("full_site", 5), ("full_site_min10", 10)])
def test_transcribed_prose_on_the_built_pages_follows_the_threshold(request, fixture, k):
    """The places that stated 5 … 9 persons at min_cell = 10 read "<10" there and as published at 5."""
    root = request.getfixturevalue(fixture)

    def text(page):
        return " ".join(running_text((root / "_site" / page).read_text(encoding="utf-8")))

    shown = {5: lambda n: str(n), 10: lambda n: "<10"}[k]
    st_raw = text("reports/st-raw-kerncijfers.html")
    assert f"26 wijkteammedewerkers en {shown(5)} wijkteamleiders" in st_raw
    assert f"afgerond door {shown(7)} professionals" in st_raw
    assert f"bij {shown(6)} jongeren was ook iemand uit het netwerk betrokken" in st_raw
    assert f"de tweede codeur ({shown(7)} respondenten dubbel gecodeerd)" in text("codebook/idu_midi_demo.html")
    assert f"50% van de {shown(9)} ouders met een verhoogde" in text("codebook/helmond_questionnaires.html")
    assert "opgave van de <%d jeugdcoaches" % k in text("codebook/idu_lessons.html")  # three, below either


def test_a_change_of_the_prose_rule_checks_every_file_again(tmp_path, monkeypatch):
    """The rule lives in analysis/privacy.py: the kept verdicts of the check rest on it too."""
    from analysis import privacy_check

    before = privacy_check.rules_digest({}, 5)
    changed = tmp_path / "privacy.py"
    changed.write_bytes(privacy_check.RULES_MODULE.read_bytes() + b"\n# NOT_A_COUNT changed\n")
    monkeypatch.setattr(privacy_check, "RULES_MODULE", changed)
    assert privacy_check.rules_digest({}, 5) != before
