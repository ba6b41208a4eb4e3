"""Life-lines and banners that read: measured on the drawn figures themselves.

* no two texts of a panel overlap (the boxes matplotlib reports for the drawn texts), and every
  event got its label somewhere (``fig.unplaced`` is empty);
* the zoom panel holds every event of its period and cuts no cluster in two;
* every coloured mark has a legend entry of that colour;
* the banner repeats the lane names every metre, prints its source line and print instructions,
  and compresses long empty stretches with a visible break.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex

from analysis.case_studies import artefacts, labels, plot, timelines
from analysis.case_studies.placement import overlaps

CASES = ["de_ruiter", "visser_de_bruin", "chayenne", "sonja", "arnold", "helmond_meisje"]


@pytest.fixture(scope="module")
def layouts(validated):
    return {c: timelines.case_layout(c, validated) for c in CASES}


def _text_boxes(fig, ax):
    FigureCanvasAgg(fig).draw()
    r = fig.canvas.get_renderer()
    out = []
    for t in ax.texts:
        if t.get_text().strip() and t.get_visible():
            e = t.get_window_extent(renderer=r)
            out.append(((e.x0, e.y0, e.x1, e.y1), t.get_text()))
    return out


def _assert_no_overlap(fig):
    for ax in fig.axes:
        boxes = _text_boxes(fig, ax)
        bad = [(boxes[i][1], boxes[j][1]) for i, j in overlaps([b for b, _ in boxes])]
        assert not bad, bad[:5]


def test_overlap_detector_finds_overlapping_labels():
    fig = matplotlib.figure.Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, "12 Vader valt")
    ax.text(0.52, 0.51, "13 Melding")
    ax.text(0.1, 0.1, "vrij")
    boxes = _text_boxes(fig, ax)
    assert [(boxes[i][1], boxes[j][1]) for i, j in overlaps([b for b, _ in boxes])] == [("12 Vader valt", "13 Melding")]


@pytest.mark.parametrize("case", CASES)
def test_report_lifeline_labels_do_not_overlap_and_every_event_is_labelled(layouts, case):
    layout = layouts[case]
    fig = plot.draw_lifeline(layout, "Levenslijn")
    assert fig.unplaced == []
    _assert_no_overlap(fig)
    labelled = {p.key for panel in fig.placed.values() for p in panel}
    assert labelled == set(layout["events"]["event_id"])
    assert fig.help_labelled == set(layout["episodes"]["episode_id"])  # every help bar is named
    # where there is room the short text stands on the figure, not only the number
    texts = [p.text for panel in fig.placed.values() for p in panel]
    assert sum(" " in t for t in texts) >= 0.6 * len(layout["events"]), texts


@pytest.mark.parametrize("case", CASES)
def test_zoom_panel_holds_every_event_of_its_period(layouts, case):
    layout = layouts[case]
    window = plot.dense_window(layout)
    if window is None:
        return
    a, b = window
    x = layout["events"]["x"]
    inside = set(layout["events"].loc[(x >= a) & (x <= b), "event_id"])
    fig = plot.draw_lifeline(layout, "Levenslijn")
    assert {p.key for p in fig.placed[1]} == inside
    # no event just outside the window: clusters are not cut in two
    assert not ((x > b) & (x < b + 0.75)).any() and not ((x < a) & (x > a - 0.75)).any()


def test_chayenne_zoom_includes_the_success_and_visser_de_bruin_the_last_events(layouts):
    for case, seqs in (("chayenne", {8, 9}), ("visser_de_bruin", {22, 24, 25})):
        a, b = plot.dense_window(layouts[case])
        ev = layouts[case]["events"]
        assert seqs <= set(ev.loc[(ev["x"] >= a) & (ev["x"] <= b), "seq"]), case


@pytest.mark.parametrize("case", CASES)
def test_every_coloured_mark_is_in_the_legend(layouts, case):
    fig = plot.draw_lifeline(layouts[case], "Levenslijn")
    legend = fig.legends[0]
    colours = set()
    for h in legend.legend_handles:
        for getter in ("get_markerfacecolor", "get_facecolor", "get_color", "get_markeredgecolor"):
            if hasattr(h, getter):
                v = getter and getattr(h, getter)()
                try:
                    colours.add(to_hex(v))
                except (ValueError, TypeError):
                    pass
    for ax in fig.axes:
        for coll in ax.collections:
            if not len(coll.get_offsets()) or not hasattr(coll, "get_sizes") or not len(coll.get_sizes()):
                continue
            for fc in coll.get_facecolors():
                hexed = to_hex(fc[:3])
                assert hexed in colours | {"#ffffff"}, (case, hexed)
            if any(to_hex(fc[:3]) == "#ffffff" for fc in coll.get_facecolors()):  # open symbols
                assert labels.LIFELINE["legend_vague"] in [t.get_text() for t in legend.get_texts()]
    names = [t.get_text() for t in legend.get_texts()]
    assert len(names) == len(set(names)), names  # "Crisis" no longer twice


def test_two_way_contrasts_are_colour_blind_safe():
    assert labels.MARKER_COLOURS == {"goede_hulp": "#0072B2", "geen_goede_hulp": "#E69F00"}
    assert (plot.CRISIS, plot.HELP) == ("#D55E00", "#009E73")


@pytest.fixture(scope="module")
def banner(layouts, validated):
    layout = layouts["visser_de_bruin"]
    fig = plot.draw_lifeline(
        timelines.stretch_crowded(layout),
        "Levenslijn Gezin Visser-De Bruin",
        width_cm=1000,
        height_cm=100,
        banner=True,
        source_line=artefacts.source_line("visser_de_bruin", validated),
        note=labels.LIFELINE["print_note"].format(w="1000", h="100"),
    )
    fig.set_dpi(20)  # 10 m at 20 dpi: the same layout in points, a canvas small enough for a test
    return fig, layout


@pytest.mark.parametrize("height_cm", [100, 53])
@pytest.mark.parametrize("case", CASES)
def test_every_banner_has_no_overlapping_labels(layouts, validated, case, height_cm):
    layout = layouts[case]
    fig = plot.draw_lifeline(
        timelines.stretch_crowded(layout),
        "Levenslijn",
        width_cm=1000,
        height_cm=height_cm,
        banner=True,
        source_line=artefacts.source_line(case, validated),
        note=labels.LIFELINE["print_note"].format(w="1000", h=str(height_cm)),
    )
    fig.set_dpi(20)  # below ~15 dpi font hinting inflates the measured boxes of small text
    assert fig.unplaced == []
    assert fig.help_labelled == set(layout["episodes"]["episode_id"])
    _assert_no_overlap(fig)


def test_banner_labels_do_not_overlap(banner):
    fig, layout = banner
    assert fig.unplaced == []
    assert fig.help_labelled == set(layout["episodes"]["episode_id"])
    _assert_no_overlap(fig)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("14. Melding bij Veilig Thuis") for t in texts)  # full labels on the banner


def test_banner_repeats_lane_names_every_metre_with_source_and_print_note(banner, validated):
    fig, layout = banner
    texts = [t.get_text() for t in fig.axes[0].texts]
    for name in layout["lanes"]["name"]:
        assert texts.count(name) == 9, name  # at 1, 2, …, 9 m
    figtexts = " ".join(t.get_text() for t in fig.texts)
    assert "Bron: 004_26341a46b6895ec5.txt, regels" in figtexts
    assert "1000 × 100 cm op ware grootte" in figtexts


def test_banner_compresses_empty_years_with_a_visible_break(layouts):
    st = timelines.stretch_crowded(layouts["visser_de_bruin"])
    # 2011 → 2015 holds no event of Visser-De Bruin: compressed and marked
    assert any(a < 2012.5 and b > 2015.0 for _, a, b in st["breaks"]), st["breaks"]
    xs, out = st["warp"]
    assert np.all(np.diff(out) > 0)


def test_banner_source_line_for_own_sources_names_kinds_not_files(validated):
    import pandas as pd

    t = {k: v.copy() for k, v in validated.items()}
    t["sources"] = pd.DataFrame(
        {
            "source_id": ["int-m"],
            "case_id": ["chayenne"],
            "kind": ["interview"],
            "description": ["Interview"],
            "date": [None],
            "unit": ["regel"],
            "file": ["interview-mevrouw-jansen.txt"],
        }
    )
    t["events"].loc[t["events"]["case_id"] == "chayenne", "source"] = "int-m:3"
    line = artefacts.source_line("chayenne", t)
    assert "eigen onderzoek (interview; bronnen niet openbaar)" in line and "jansen" not in line


def test_key_explains_every_row_without_overlap():
    fig = plot.draw_key()
    _assert_no_overlap(fig)
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    for _, text in labels.KEY_ROWS:
        assert text in texts
    assert labels.LIFELINE["key_title"] in [t.get_text() for t in fig.texts]
