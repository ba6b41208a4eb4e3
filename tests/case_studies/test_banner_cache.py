"""Banners are kept by what they are drawn from (analysis/case_studies/artefacts.py): a second
drawing of the same cases copies the kept bytes, a changed case is drawn again and only it, and
the kept banners are those of the last drawing."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from analysis.case_studies import artefacts, plot


@pytest.fixture()
def two_cases(validated):
    first, second = list(validated["cases"]["case_id"])[:2]
    return (
        {
            name: (df[df["case_id"].isin([first, second])].copy() if "case_id" in df.columns else df.copy())
            for name, df in validated.items()
        },
        first,
        second,
    )


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture()
def drawn(monkeypatch):
    """The titles of the banners drawn (not copied from kept bytes), in one process."""
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # one process: the drawings are counted here
    titles = []
    real = plot.save_banner

    def counting(layout, title, path, *args, **kwargs):
        titles.append(title)
        return real(layout, title, path, *args, **kwargs)

    monkeypatch.setattr(plot, "save_banner", counting)
    return titles


def test_a_banner_is_drawn_once_per_drawing_and_again_when_its_case_changes(two_cases, drawn, tmp_path, monkeypatch):
    tables, first, second = two_cases
    cache = tmp_path / "cache"
    monkeypatch.delenv("ANALYSIS_KEPT_BANNERS")  # this project's own folder, pruned (not the session's)
    monkeypatch.setattr(artefacts, "_cache_dir", lambda: cache)
    titles = dict(zip(tables["cases"]["case_id"], tables["cases"]["title"]))

    artefacts.write_artefacts(tables, tmp_path / "a")
    assert len(drawn) == 4  # per case the configured banner (PDF + SVG: one drawing) and the 53-cm PDF
    a = _files(tmp_path / "a")
    assert len(list(cache.iterdir())) == 6  # per case three files

    drawn.clear()
    artefacts.write_artefacts(tables, tmp_path / "b")
    assert drawn == []
    assert _files(tmp_path / "b") == a  # the kept bytes, file for file

    # one event of the second case gets another label: only that case is drawn again
    events = tables["events"]
    row = events.index[events["case_id"] == second][0]
    events.loc[row, "label"] = str(events.loc[row, "label"]) + " (bijgewerkt)"
    drawn.clear()
    artefacts.write_artefacts(tables, tmp_path / "c")
    assert len(drawn) == 2 and all(titles[second] in t for t in drawn), drawn
    c = _files(tmp_path / "c")
    stem = {case: artefacts.banner_name(case, "pdf").removesuffix(".pdf") for case in (first, second)}
    for name in a:
        if name.startswith(stem[first]):
            assert c[name] == a[name], name
        elif name.startswith(stem[second]):
            assert c[name] != a[name], name
    assert len(list(cache.iterdir())) == 6  # the second case's old banners are dropped


def test_projects_sharing_a_folder_draw_a_banner_once_and_prune_nothing(two_cases, drawn, tmp_path, monkeypatch):
    """ANALYSIS_KEPT_BANNERS (the test session's builds): a second project with the same cases copies
    the bytes the first drew; a changed case is drawn and kept beside the old one, which another
    project may still use."""
    tables, _first, second = two_cases
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv("ANALYSIS_KEPT_BANNERS", str(shared))
    artefacts.write_artefacts(tables, tmp_path / "a")
    assert len(drawn) == 4 and len(list(shared.iterdir())) == 6
    drawn.clear()
    artefacts.write_artefacts(tables, tmp_path / "b")
    assert drawn == [] and _files(tmp_path / "b") == _files(tmp_path / "a")
    events = tables["events"]
    row = events.index[events["case_id"] == second][0]
    events.loc[row, "label"] = str(events.loc[row, "label"]) + " (bijgewerkt)"
    artefacts.write_artefacts(tables, tmp_path / "c")
    assert len(drawn) == 2 and len(list(shared.iterdir())) == 9  # nothing pruned from a shared folder


def test_the_key_sees_every_value_of_the_layout():
    layout = {
        "events": pd.DataFrame({"x": [1.0, 2.5], "label": ["a", "b"]}),
        "xlim": (0.0, 3.0),
        "warp": (np.array([0.0, 1.0]), np.array([0.0, 2.0])),
    }
    key = artefacts._banner_key(layout, "T", 10.0, 1.0, "Bron")
    changed = dict(layout, events=pd.DataFrame({"x": [1.0, 2.5000000001], "label": ["a", "b"]}))
    assert artefacts._banner_key(changed, "T", 10.0, 1.0, "Bron") != key
    assert artefacts._banner_key(dict(layout, xlim=(0.0, 3.0000001)), "T", 10.0, 1.0, "Bron") != key
    assert artefacts._banner_key(layout, "T", 10.0, 0.53, "Bron") != key
    assert artefacts._banner_key(layout, "T", 10.0, 1.0, "Bron: ander") != key
    assert artefacts._banner_key(layout, "T", 10.0, 1.0, "Bron") == key
    # something without a fixed written form: no key, so the banner is always drawn
    assert artefacts._banner_key(dict(layout, extra=object()), "T", 10.0, 1.0, "Bron") is None


def test_the_key_sees_the_font_files_the_text_is_drawn_with(monkeypatch):
    """A font installed on the system that matplotlib then prefers gives another key (the drawing
    would differ), although matplotlib's version and settings stay the same."""
    from pathlib import Path

    from matplotlib import font_manager

    layout = {"xlim": (0.0, 3.0), "events": [{"x": 1.5, "label": "a"}]}
    key = artefacts._banner_key(layout, "T", 10.0, 1.0, "Bron")
    regular = Path(font_manager.findfont(font_manager.FontProperties(family=["sans-serif"], weight="normal")))
    other = regular.with_name("DejaVuSerif.ttf")
    assert other.is_file() and other.read_bytes() != regular.read_bytes()
    monkeypatch.setattr(font_manager, "findfont", lambda prop, *a, **k: str(other))
    artefacts._font_files.cache_clear()
    try:
        assert artefacts._banner_key(layout, "T", 10.0, 1.0, "Bron") != key
    finally:
        artefacts._font_files.cache_clear()
