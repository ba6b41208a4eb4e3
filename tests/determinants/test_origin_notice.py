"""What the pages about coded interviews say: the notice above a researcher's own data counts
persons through the privacy rule; the agreement table explains a κ that is 0 by definition."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from analysis.determinants.page import origin_notice
from analysis.privacy import prose_counts

OWN = SimpleNamespace(demonstration=False, files=["project.qdpx"], dataset="idu_midi_demo")
REPORT = pd.DataFrame({"kind": ["info"], "message": ["programma: ATLAS.ti"], "count": [1]})


def _codings(n_segments: int) -> pd.DataFrame:
    return pd.DataFrame({"segment": [f"s{i}" for i in range(n_segments)], "quote": [None] * n_segments})


def _respondents(groups: dict[str, int]) -> pd.DataFrame:
    rows = [(f"R{g}{i}", g) for g, n in groups.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["respondent", "group"])


def test_two_respondents_read_under_the_threshold_without_their_groups():
    text = origin_notice(OWN, _codings(12), _respondents({"gemeente": 1, "aanbieder": 1}), REPORT)
    assert "<5 respondenten (verdeling over de groepen niet getoond: kleine aantallen)" in text
    assert "12 fragmenten" in text and "ATLAS.ti" in text
    assert not [n for _, n in prose_counts(text) if 0 < n < 5]  # what the built-site check looks for


def test_a_small_group_next_to_a_shown_total_is_not_shown():
    text = origin_notice(OWN, _codings(40), _respondents({"gemeente": 17, "aanbieder": 3}), REPORT)
    assert "20 respondenten (verdeling over de groepen niet getoond: kleine aantallen)" in text  # 20 - 17 = 3


def test_large_groups_are_listed():
    text = origin_notice(OWN, _codings(40), _respondents({"gemeente": 15, "aanbieder": 12}), REPORT)
    assert "27 respondenten (aanbieder 12, gemeentelijke toegang 15)" in text


def test_kappa_note_only_where_exactly_one_coder_used_the_code():
    from analysis.determinants.page import one_coder_notes

    per = pd.DataFrame({"determinant": ["a", "b", "c", "d"], "n_coder_a": [0, 3, 0, 2], "n_coder_b": [2, 0, 0, 2]})
    assert one_coder_notes(per) == {
        "a": "alleen codeur 2 gebruikte deze code: κ is dan altijd 0",
        "b": "alleen codeur 1 gebruikte deze code: κ is dan altijd 0",
    }
