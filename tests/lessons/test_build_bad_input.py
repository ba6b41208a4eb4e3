"""Bad raw files for idu_lessons stop the build with file, row and column; nothing is written."""

from __future__ import annotations

import pytest

from .conftest import run_analysis

CASES = {
    # file, (row index in data, column, new value), expected fragments
    "unknown_lesson_type": (
        "lessons.csv",
        (0, "lesson_type", "geweldig"),
        ["lessons.csv", "rij 2", "kolom 'lesson_type'", "'geweldig' is niet toegestaan"],
    ),
    "link_to_13th_theme": (
        "lesson_rode_lijn.csv",
        (0, "rode_lijn_id", "RL13"),
        ["lesson_rode_lijn.csv", "rij 2", "kolom 'rode_lijn_id'", "'RL13'"],
    ),
    "lower_above_upper": (
        "bf_figures.csv",
        (4, "lower", "45"),
        ["bf_figures.csv", "rij 6", "kolom 'upper'", "ondergrens 45 is groter dan bovengrens 40"],
    ),
    "percentage_outside_0_100": (
        "bf_figures.csv",
        (11, "upper", "130"),
        ["bf_figures.csv", "rij 13", "kolom 'upper'", "buiten 0–100%"],
    ),
    "published_pilot_without_culture": (
        "pilots.csv",
        (0, "culture", ""),
        ["pilots.csv", "rij 2", "kolom 'culture'", "leeg; het verslag noemt dit"],
    ),
    "pilot_not_defined": (
        "lessons.csv",
        (0, "pilot_id", "onbekende_pilot"),
        ["lessons.csv", "rij 2", "kolom 'pilot_id'", "'onbekende_pilot'"],
    ),
}


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_raw_file_stops_build_and_writes_nothing(project, case):
    import pandas as pd

    name, (row, column, value), expected = CASES[case]
    path = project / "data_raw/idu_lessons" / name
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    df.to_csv(path, index=False, lineterminator="\n")
    assert run_analysis(project, "manifest", "--update").returncode == 0
    before = _snapshot(project / "data_processed")
    result = run_analysis(project, "build", "--no-render")
    assert result.returncode != 0
    message = result.stdout + result.stderr
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert "niets geschreven" in message
    assert _snapshot(project / "data_processed") == before
