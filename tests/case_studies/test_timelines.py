"""Life-line layout on small fixtures: intervals stay intervals; open sides and unknown dates are honest."""

import matplotlib
import pandas as pd
import pytest

from analysis.case_studies import plot, timelines
from analysis.case_studies.dates import parse_date


def events(rows):
    df = pd.DataFrame(rows, columns=["case_id", "event_id", "seq", "date", "event_type", "label", "persons", "crisis"])
    df["period"] = df["event_type"] == "gezinsproblematiek"
    parsed = [parse_date(d) for d in df["date"]]
    df["date_start"] = [p.start.isoformat() if p.start else None for p in parsed]
    df["date_end"] = [p.end.isoformat() if p.end else None for p in parsed]
    return df


def episodes(rows):
    df = pd.DataFrame(
        rows,
        columns=[
            "case_id",
            "episode_id",
            "provider",
            "help_form",
            "start",
            "end",
            "end_status",
            "start_event",
            "end_event",
        ],
    )
    s = [parse_date(v) for v in df["start"]]
    e = [parse_date(v) if isinstance(v, str) else None for v in df["end"]]
    df["start_earliest"] = [p.start.isoformat() if p.start else None for p in s]
    df["start_latest"] = [p.end.isoformat() if p.end else None for p in s]
    df["end_earliest"] = [p.start.isoformat() if p and p.start else None for p in e]
    df["end_latest"] = [p.end.isoformat() if p and p.end else None for p in e]
    return df


EV = events(
    [
        ("c", "e1", 1, "2010", "gezinsgebeurtenis", "Geboorte", "kind", False),
        ("c", "e2", 2, "voor 2012", "onderzoek", "Onderzoek", "moeder", False),
        ("c", "e3", 3, "onbekend", "overig", "Ergens tussendoor", "", False),
        ("c", "e4", 4, "najaar 2014", "crisis", "Crisis", "moeder;kind", True),
        ("c", "e5", 5, "2013/2015", "gezinsproblematiek", "Spanningen", "moeder", False),
    ]
)
PERSONS = pd.DataFrame({"case_id": ["c", "c"], "person_id": ["moeder", "kind"], "name": ["Moeder", "Kind"]})


def test_positions_of_every_precision():
    pos, mode = timelines.event_positions(EV)
    p = pos.set_index("event_id")
    assert mode == "datum"
    assert (p.at["e1", "x0"], p.at["e1", "x1"], p.at["e1", "x"]) == (2010.0, 2011.0, 2010.5)
    # 'voor 2012': open start, marker at the known side (end of 2011)
    assert p.at["e2", "open_start"] and p.at["e2", "x"] == pytest.approx(2012.0)
    assert p.at["e2", "x0"] == pytest.approx(2009.5)  # clipped to the axis (min − 0.5)
    # undated: between the dated neighbours in the story (not before the latest earlier start,
    # 2010 from e1; not after the earliest later end, end of November 2014 from e4)
    assert p.at["e3", "inferred"]
    assert (p.at["e3", "x0"], p.at["e3", "x1"]) == (2010.0, pytest.approx(2014 + 334 / 365))
    # a season is three months, centred
    assert p.at["e4", "x0"] == pytest.approx(2014 + 243 / 365)
    # a problem period: marker at its start, interval over the whole period
    assert (p.at["e5", "x"], p.at["e5", "x0"], p.at["e5", "x1"]) == (2013.0, 2013.0, 2016.0)


def test_story_order_axis_when_nothing_is_dated():
    ev = events(
        [
            ("h", "e1", 1, "onbekend", "meting", "Beginmeting", "", False),
            ("h", "e2", 2, "onbekend", "meting", "Eindmeting", "", False),
        ]
    )
    pos, mode = timelines.event_positions(ev)
    assert mode == "volgorde" and list(pos["x"]) == [1.0, 2.0]
    ep = episodes([("h", "h1", "Therapeut", "therapie", "onbekend", None, "afgesloten", "e1", "e2")])
    bars = timelines.episode_bars(ep, pos, mode, 2.0)
    assert (bars.at[0, "start_lo"], bars.at[0, "end_hi"]) == (1.0, 2.0)


def test_episode_with_uncertain_start_and_open_end():
    pos, mode = timelines.event_positions(EV)
    ep = episodes(
        [
            ("c", "h1", "GGV", "thuishulp", "2010/2011", None, "onbekend", None, None),
            ("c", "h2", "Wijkteam", "steun", "2012", "2013", "afgesloten", None, None),
            ("c", "h3", "School", "steun", "2012-06", "2012-08", "afgesloten", None, None),
        ]
    )
    bars = timelines.episode_bars(ep, pos, mode, 2016.0).set_index("episode_id")
    assert (bars.at["h1", "start_lo"], bars.at["h1", "start_hi"]) == (2010.0, 2012.0)
    assert bars.at["h1", "open_end"] and bars.at["h1", "end_hi"] == 2016.0
    assert (bars.at["h2", "start_lo"], bars.at["h2", "end_hi"]) == (2012.0, 2014.0)
    # packing: h2 overlaps h1 (open end) → second row; h3 inside h2 → third row
    assert list(bars["row"]) == [0, 1, 2]


def test_lifeline_figure_draws_lanes_markers_and_session_votes():
    tables = {
        "persons": PERSONS,
        "events": EV,
        "episodes": episodes([("c", "h1", "Wijkteam", "steun", "2012", "2013", "afgesloten", None, None)]),
        "markers": pd.DataFrame(
            {
                "case_id": ["c"],
                "marker_id": ["m1"],
                "kind": ["goede_hulp"],
                "date_start": ["2014-09-01"],
                "date_end": ["2014-11-30"],
                "votes": pd.array([3], dtype="Int64"),
            }
        ),
    }
    layout = timelines.case_layout("c", tables)
    assert list(layout["lanes"]["lane"]) == ["moeder", "kind", "gezin"]  # e3 names nobody
    # an event for two persons appears in both lanes
    assert sorted(layout["marks"][layout["marks"]["event_id"] == "e4"]["lane"]) == ["kind", "moeder"]
    fig = plot.draw_lifeline(layout, "Levenslijn Test", zoom=False)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Goede hulp ● <5" in texts and "Wijkteam" in texts  # 3 stickers: under the threshold
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "Moeder",
        "Kind",
        "Gezin (algemeen)",
        "Hulp",
        "Groepsinterview",
    ]
    assert isinstance(fig, matplotlib.figure.Figure)


def test_banner_is_ten_by_one_metre_with_full_labels(tmp_path):
    tables = {
        "persons": PERSONS,
        "events": EV,
        "episodes": episodes([("c", "h1", "Wijkteam", "steun", "2012", "2013", "afgesloten", None, None)]),
    }
    layout = timelines.case_layout("c", tables)
    [svg] = plot.save_banner(layout, "Levenslijn Test", tmp_path / "levenslijn-c-banner.svg")
    head = svg.read_text(encoding="utf-8")[:2000]
    assert 'width="28346.' in head and 'height="2834.' in head  # 10 m × 1 m in points
    body = svg.read_text(encoding="utf-8")
    assert "Ergens tussendoor" in body.replace("\n", " ") or "Ergens" in body


def test_stretched_axis_keeps_order_and_ticks():
    pos_layout = timelines.case_layout("c", {"persons": PERSONS, "events": EV, "episodes": episodes([])})
    st = timelines.stretch_crowded(pos_layout)
    xs = list(st["events"].sort_values("seq")["x"])
    orig = list(pos_layout["events"].sort_values("seq")["x"])
    assert sorted(range(5), key=lambda i: xs[i]) == sorted(range(5), key=lambda i: orig[i])
    gaps = sorted(set(round(x, 6) for x in xs))
    assert (
        min(b - a for a, b in zip(gaps, gaps[1:])) >= 0.6 * (pos_layout["xlim"][1] - pos_layout["xlim"][0]) / 8 - 1e-9
    )


def test_banner_files_carry_no_build_date(tmp_path, monkeypatch):
    """The build keys the data step without the build time (analysis.buildkeys.DATE_ENV): a banner
    must then be the same bytes whatever SOURCE_DATE_EPOCH (the commit time) is, with no date in it."""
    tables = {
        "persons": PERSONS,
        "events": EV,
        "episodes": episodes([("c", "h1", "Wijkteam", "steun", "2012", "2013", "afgesloten", None, None)]),
    }
    layout = timelines.case_layout("c", tables)
    monkeypatch.setitem(matplotlib.rcParams, "svg.hashsalt", "test")  # as the build's matplotlibrc
    made = {}
    for epoch in ("1700000000", "1800000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        folder = tmp_path / epoch
        files = plot.save_banner(layout, "Levenslijn Test", [folder / "b.svg", folder / "b.pdf"])
        made[epoch] = [f.read_bytes() for f in files]
    assert made["1700000000"] == made["1800000000"]
    svg, pdf = made["1700000000"]
    assert b"<dc:date>" not in svg and b"2023-11-14" not in svg  # 1700000000 is 2023-11-14
    assert b"/CreationDate" not in pdf and b"D:2023" not in pdf
