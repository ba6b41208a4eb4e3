"""The ST-RAW chain through the real build (subprocess, isolated copy): good data are written;
each bad input stops the build with file, row and column, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.testing import copy_project, run, snapshot

FILES = [
    "_quarto.yml",
    "index.qmd",
    "references.bib",
    "analysis.toml",
    "analysis/schemas/st_raw.yaml",
    "data_raw/st_raw",
]


_run = run
_snapshot = snapshot


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("st_raw") / "project", FILES)
    result = _run(root, "build", "--no-render")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_good_data_are_written(built):
    import pandas as pd

    out = built / "data_processed" / "st_raw"
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(
        [
            "partners",
            "themes",
            "projects",
            "project_themes",
            "theme_partners",
            "waves",
            "indicators",
            "observations",
            "kennisateliers",
            "kennisatelier_figures",
            "monitoring",
            "data_origin",
        ]
    )
    m = pd.read_csv(out / "monitoring.csv")
    row = m[(m["indicator_id"] == "tevredenheid")].iloc[0]
    assert (row["wave_label"], row["value_lower"], row["value_upper"]) == ("Tussenmeting", 85, 95)


CASES = {
    "interval_lower_above_upper": (
        "observations.csv",
        ",90,~,85,95,breuk,",
        ",90,~,95,85,breuk,",
        ["data_raw/st_raw/observations.csv", "kolom 'value_lower'", "ondergrens 95 is groter dan bovengrens 85"],
    ),
    "percentage_outside_0_100": (
        "kennisatelier_figures.csv",
        ",30,~,25,35,rond,procent,",
        ",130,~,125,135,rond,procent,",
        [
            "data_raw/st_raw/kennisatelier_figures.csv",
            "'value_upper'",
            "buiten het bereik van eenheid 'procent' (0 tot 100)",
        ],
    ),
    "project_with_undefined_theme": (
        "project_themes.csv",
        "svss,t3,",
        "svss,t7,",
        ["data_raw/st_raw/project_themes.csv", "kolom 'theme_id'", "'t7'", "bestaat niet"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_refused_nothing_written(built, case):
    name, old, new, expected = CASES[case]
    path = built / "data_raw" / "st_raw" / name
    good = path.read_bytes()
    text = good.decode("utf-8")
    assert text.count(old) == 1
    row = next(n for n, line in enumerate(text.splitlines(), start=1) if old in line)  # header = row 1
    before = _snapshot(built / "data_processed")
    try:
        path.write_text(text.replace(old, new), encoding="utf-8")
        assert _run(built, "manifest", "--update").returncode == 0
        result = _run(built, "build", "--no-render")
        assert result.returncode == 1
        for fragment in expected + [f"{name}, rij {row}, kolom"]:
            assert fragment in result.stderr, (fragment, result.stderr)
        assert "er is niets geschreven" in result.stderr
        assert _snapshot(built / "data_processed") == before
    finally:
        path.write_bytes(good)
        _run(built, "manifest", "--update")
