"""Bad input in a researcher's own lessons export: refused with file, row and column, nothing written.

The good files are the acceptance exports (``tests/fixtures/exports/lessen/``, Dutch-Excel csv
and her sources list) with the mappings ``inspect`` proposes; each case spoils one thing, runs the
data build, and checks the message and that ``data_processed/`` is byte for byte as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.testing import REPO, copy_project, run, snapshot

LESSONS_DIR = REPO / "tests" / "fixtures" / "exports" / "lessen"
PRIVATE = "data_raw/private/idu_lessons"
CSV = "lessen wijkteams 2025 (Excel).csv"
SOURCES = "bronnen wijkteams 2025.csv"
MAP = "lessen wijkteams 2025 (Excel).mapping.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The lessons chain built once on the published data; the good private files and mappings."""
    root = copy_project(
        tmp_path_factory.mktemp("lessen-fout") / "project",
        ["analysis/schemas/idu_lessons.yaml", "data_raw/idu_lessons"],
    )
    assert run(root, "build", "--no-render").returncode == 0
    private = root / PRIVATE
    private.mkdir(parents=True)
    for name in (SOURCES, CSV):
        shutil.copy2(LESSONS_DIR / name, private / name)
        assert run(root, "inspect", f"{PRIVATE}/{name}", "--dataset", "idu_lessons", "--write").returncode == 0
    good = {p.name: p.read_bytes() for p in private.iterdir()}
    assert run(root, "manifest", "--update").returncode == 0
    ok = run(root, "build", "--no-render")  # the good files build
    assert ok.returncode == 0, ok.stdout + ok.stderr
    return root, good


def _csv(good: dict, old: str, new: str) -> bytes:
    text = good[CSV].decode("cp1252")
    assert old in text, old
    return text.replace(old, new, 1).encode("cp1252")


def _mapping(good: dict, old: str, new: str) -> bytes:
    text = good[MAP].decode("utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode("utf-8")


CASES = {
    "answer label not in the mapping": (
        lambda g: {CSV: _csv(g, "Verbeterles;Terugkoppeling", "Leerpunt;Terugkoppeling")},
        [CSV, "rij 4", "kolom 'Type les'", "waarde 'Leerpunt' staat niet in 'values'"],
    ),
    "rode lijn that does not exist": (
        lambda g: {CSV: _csv(g, ";RL07;", ";RL13;")},
        [CSV, "rij 9", "kolom 'Thema's'", "rode lijn 'RL13' bestaat niet", "RL01–RL12"],
    ),
    "more than three rode lijnen": (
        lambda g: {CSV: _csv(g, "RL04;RL06;RL01", "RL04;RL06;RL01;RL02")},
        [CSV, "rij 5", "kolom 'Thema's'", "4 rode lijnen; hooguit 3"],
    ),
    "mapping names a column the export lacks": (
        lambda g: {MAP: _mapping(g, '"Motivering": justification', '"Motivatie": justification')},
        [MAP, "de mapping noemt kolom 'Motivatie'", "bedoelt u 'Motivering'", "kolom 'Motivering'"],
    ),
    "two export columns on one schema column": (
        lambda g: {MAP: _mapping(g, '"Kopje": heading', '"Kopje": lesson')},
        [MAP, "twee exportkolommen ('Kopje' en 'Les')", "dezelfde kolom 'lesson'"],
    ),
    "source not in her sources list": (
        lambda g: {CSV: _csv(g, "verslag-noord:15", "verslag-zuid:15")},
        [CSV, "rij 3", "kolom 'Bron'", "bron 'verslag-zuid' staat niet in de tabel sources"],
    ),
    "page reference to a source counted in lines": (
        lambda g: {CSV: _csv(g, "verslag-noord:21", "verslag-noord:p21")},
        [CSV, "rij 4", "kolom 'Bron'", "telt in regels", "'verslag-noord:21'"],
    ),
    "lesson left empty": (
        lambda g: {CSV: _csv(g, "Er is geen vaste spreekkamer in de praktijk", "")},
        [CSV, "rij 6", "kolom 'Les'"],
    ),
    "UTF-16 file": (
        lambda g: {CSV: g[CSV].decode("cp1252").encode("utf-16")},
        [CSV, "UTF-16"],
    ),
    "empty file": (lambda g: {CSV: b""}, [CSV, "leeg"]),
    "export without a mapping": (
        lambda g: {"lessen 2026.csv": g[CSV]},
        ["lessen 2026.csv", "export zonder mapping", "python -m analysis inspect"],
    ),
}


def _put(root: Path, files: dict) -> None:
    for name, data in files.items():
        (root / PRIVATE / name).write_bytes(data)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_lessons_export_is_refused_named_and_nothing_written(project, case):
    root, good = project
    spoil, fragments = CASES[case]
    files = spoil(good)
    before = snapshot(root / "data_processed")
    _put(root, files)
    try:
        assert run(root, "manifest", "--update").returncode == 0
        result = run(root, "build", "--no-render")
        message = result.stdout + result.stderr
        assert result.returncode == 1, message[-2000:]
        assert "Traceback" not in message, message[-3000:]
        for fragment in fragments:
            assert fragment in message, (fragment, message[-3000:])
        assert "er is niets geschreven" in message
        assert snapshot(root / "data_processed") == before
    finally:
        for name in files:
            (root / PRIVATE / name).unlink()
        _put(root, good)
        assert run(root, "manifest", "--update").returncode == 0
