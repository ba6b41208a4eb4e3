"""The IDU-MIDI tables and figures: no count hidden by the group split can be worked out."""

from __future__ import annotations

import pytest

from analysis import privacy
from analysis.data import load_table
from analysis.determinants import analyse, frameworks


@pytest.fixture(scope="module")
def classified():
    codebook = frameworks.load_codebook("midi")
    respondents = load_table("idu_midi_demo", "respondents")
    codings = load_table("idu_midi_demo", "codings")
    primary = codings["coder"].value_counts().index[0]
    counts = analyse.respondent_counts(
        codings[codings["determinant"].isin(codebook["key"])], respondents, codebook, coder=primary
    )
    return analyse.classify(counts, analyse.ClassificationRule())


@pytest.mark.parametrize("k", [5, 10])
def test_group_split_of_the_demonstration_data_leaks_nothing(classified, k):
    d = analyse.group_split_decision(classified, threshold=k)
    ranges = privacy.recoverable(d.values, d.status, d.sums, k)
    assert ranges, "nothing hidden: the test would prove nothing"
    assert all(lo < hi for lo, hi in ranges.values()), {x: r for x, r in ranges.items() if r[0] == r[1]}
    shown = analyse.suppress_group_split(classified, threshold=k)
    for col in ("n_mentioned", "n_facilitating", "n_hindering"):
        raw = classified[col].astype(int)
        marks = shown[col].astype(str)
        # "<k" exactly for the counts 1..k-1; "×" only for counts hidden to protect another
        assert ((marks == f"<{k}") == ((raw > 0) & (raw < k))).all()
        assert set(marks[shown[f"{col}_suppressed"]]) <= {f"<{k}", "×"}
        assert not (marks == "×").any() or (raw[marks == "×"] > 0).all()
