"""The effects page: no count hidden in one table can be worked out from the others."""

from __future__ import annotations

import pytest

from analysis import privacy
from analysis.questionnaires import disclosure, helmond, tables


@pytest.fixture(scope="module")
def res():
    return helmond.analyse(helmond.load(), norm=helmond.chosen_norm())


def _fresh(res, monkeypatch, k):
    monkeypatch.setattr(privacy, "min_cell", lambda: k)
    res.extra.pop("disclosure", None)
    return disclosure.of(res)


@pytest.mark.parametrize("k", [5, 10])
def test_no_hidden_count_on_the_page_is_recoverable(res, monkeypatch, k):
    d = _fresh(res, monkeypatch, k)
    ranges = privacy.recoverable(d.values, d.status, d.sums, d.k)
    assert ranges and all(lo < hi for lo, hi in ranges.values()), {x: r for x, r in ranges.items() if r[0] == r[1]}
    # every count below the threshold is hidden, and "<k" is only used for such counts
    for key, v in d.values.items():
        assert (d.show(key) == f"<{k}") == (0 < v < k)
    res.extra.pop("disclosure", None)


def test_the_page_keeps_its_key_numbers_and_hides_the_subtraction(res, monkeypatch):
    """Helmond demonstration data: 22 = 14 + 5 + 3; the 3 is "<5", the 5 "×" everywhere."""
    _fresh(res, monkeypatch, 5)
    flow = tables.flow(res).set_index("group")["n"]
    assert flow.tolist() == [22, 14, "×", "<5"]
    attrition = tables.attrition(res)
    assert set(attrition["n_baseline_only"]) <= {"×", "<5"}  # the same 5 parents, per scale
    rci = tables.rci(res).set_index("scale").loc["Totale moeilijkheden"]
    assert [rci[c] for c in tables.RCI_COUNTS] == ["<5", 0, "×", 0]
    text = helmond.summary_markdown(res)
    assert "**22** ouders" in text and "**×** alleen de beginmeting" in text and " 3 " not in text
    res.extra.pop("disclosure", None)


def test_figures_take_their_counts_from_the_page_decision(res, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    from analysis.questionnaires import plot

    d = _fresh(res, monkeypatch, 5)
    fig = plot.jacobson_truax(res.sdq_change, "total_difficulties", demonstration=True, decision=d)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Hersteld (<5)" in legend and "Niet betrouwbaar veranderd (×)" in legend
    # real data (no opt-in): counts per category instead of a dot per parent
    agg = plot.jacobson_truax(res.sdq_change, "total_difficulties", demonstration=False, decision=d)
    texts = [t.get_text() for t in agg.axes[0].texts]
    assert texts == ["<5", "0", "×", "0"] and not agg.axes[0].collections
    res.extra.pop("disclosure", None)
