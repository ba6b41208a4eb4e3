"""Through the real build (subprocess, isolated copy of the project):

* a new case entered with the spreadsheet template flows into the notebook, the report page
  and the downloads without any code change;
* a bad input stops the build with file, row and column, and nothing is written;
* a template with wrong columns is refused and the raw files stay as they were.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from analysis.testing import copy_project, run

from .conftest import FILES

S = "004_26341a46b6895ec5.txt:204"

FIXTURE = {
    "cases": [
        [
            "proef",
            "Gezin Proef (testcasus)",
            "leerreview",
            "Testverband",
            "Teststad",
            "9",
            "Het gezin woont weer samen",
            S,
        ]
    ],
    "persons": [
        ["proef", "moeder", "Moeder", "moeder", "", "", S],
        ["proef", "kind", "Kind", "dochter", "2012", "", S],
    ],
    "events": [
        ["proef", "e1", "1", "2012", "", "nee", "gezinsgebeurtenis", "Geboorte kind", "", "kind", "", "nee", S],
        [
            "proef",
            "e2",
            "2",
            "voor 2016",
            "niet gedateerd",
            "nee",
            "melding",
            "Melding Veilig Thuis",
            "Melding",
            "moeder;kind",
            "Veilig Thuis",
            "nee",
            S,
        ],
        ["proef", "e3", "3", "najaar 2018", "", "nee", "crisis", "Crisis thuis", "Crisis thuis", "moeder", "", "ja", S],
        [
            "proef",
            "e4",
            "4",
            "2019/2020",
            "",
            "nee",
            "hulp_start",
            "Wijkteam start",
            "",
            "moeder",
            "wijkteam",
            "nee",
            S,
        ],
    ],
    "episodes": [
        ["proef", "h1", "Wijkteam", "Gezinsbegeleiding", "moeder;kind", "2019/2020", "", "lopend", "", "", "", S]
    ],
    "roles": [["proef", "r1", "Wijkteammedewerker", "wijkteam", "Regie", "kern", S]],
    "tree_nodes": [
        ["proef", "s", "", "succes", "1", "Het gezin woont weer samen", S, ""],
        ["proef", "h1", "s", "hoofdfactor", "1", "Ouders werken samen", S, ""],
        ["proef", "h1a", "h1", "onderliggend", "1", "Vaste contactpersoon", S, ""],
        ["proef", "h2", "s", "hoofdfactor", "2", "School denkt mee", S, ""],
    ],
    "lessons": [["proef", "w1", "wat_werkt", "1", "Luisteren", "Echt luisteren", S]],
    "synthesis_coding": [["proef", "h1", "cc1", "inhoudelijk", "Samenwerking met ouders", S]],
    "markers": [["proef", "m1", "goede_hulp", "2019/2020", "moeder", "vaste contactpersoon", "4", ""]],
    "stickers": [["proef", "h1a", "5", "groepsinterview"]],
}


_run = run


def _project(dest: Path) -> Path:
    return copy_project(dest, FILES, register=False)


def _fill_template(root: Path, out: Path, rows=FIXTURE) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for t in rows:
        header = (root / "templates" / "case_studies" / f"{t}.csv").read_text(encoding="utf-8").strip().split(",")
        with open(out / f"{t}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows[t])
    return out


@pytest.fixture(scope="module")
def with_new_case(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("cs") / "project")
    filled = _fill_template(root, root.parent / "ingevuld")
    added = _run(root, "add", str(filled), module="analysis.case_studies.templates")
    assert added.returncode == 0, added.stdout + added.stderr
    assert _run(root, "manifest", "--update").returncode == 0
    result = _run(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_new_case_appears_in_report_and_downloads(with_new_case):
    root = with_new_case
    html = (root / "_site" / "reports" / "casusonderzoek.html").read_text(encoding="utf-8")
    assert "Gezin Proef (testcasus)" in html
    for c in ("gezin De Ruiter", "Visser-De Bruin", "Chayenne"):
        assert c.lower() in html.lower()
    downloads = {p.name for p in (root / "_site" / "downloads").iterdir()}
    assert {
        "levenslijn-proef-banner.pdf",
        "levenslijn-proef-banner.svg",
        "bevindingenboom-proef.svg",
        "levenslijn-de-ruiter-banner.pdf",
        "levenslijn-chayenne-banner.pdf",
    } <= downloads
    # the fixture's sticker count reaches the findings tree
    assert "● 5 stickers" in (root / "downloads" / "bevindingenboom-proef.svg").read_text(encoding="utf-8")


def test_new_case_in_processed_tables_and_figures(with_new_case):
    import pandas as pd

    out = with_new_case / "data_processed" / "case_studies"
    cases = pd.read_csv(out / "cases.csv")
    assert list(cases["case_id"]) == [
        "de_ruiter",
        "visser_de_bruin",
        "chayenne",
        "sonja",
        "arnold",
        "helmond_meisje",
        "proef",
    ]
    ev = pd.read_csv(out / "events.csv")
    e3 = ev[(ev["case_id"] == "proef") & (ev["event_id"] == "e3")].iloc[0]
    assert (e3["precision"], e3["date_start"], e3["date_end"]) == ("seizoen", "2018-09-01", "2018-11-30")
    site = with_new_case / "_site"
    assert {p.name for p in site.rglob("fig-levenslijnen-*.png")} == {f"fig-levenslijnen-{i}.png" for i in range(1, 5)}
    assert {p.name for p in site.rglob("fig-bevindingenbomen-*.png")} == {
        f"fig-bevindingenbomen-{i}.png" for i in range(1, 5)
    }


def test_bad_date_stops_the_build_and_nothing_is_written(tmp_path):
    root = _project(tmp_path / "project")
    for rel in ("notebooks", "reports"):
        shutil.rmtree(root / rel)
    events = root / "data_raw" / "case_studies" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines()
    assert lines[17].startswith("de_ruiter,e17,17,2019-02,")
    lines[17] = lines[17].replace(",2019-02,", ",2019-13,", 1)
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _run(root, "manifest", "--update").returncode == 0
    result = _run(root, "build", "--no-render")
    assert result.returncode == 1
    assert "data_raw/case_studies/events.csv, rij 18, kolom 'date': maand 13 bestaat niet" in result.stderr
    assert not (root / "data_processed" / "case_studies").exists()
    assert not (root / "downloads").exists() or not any((root / "downloads").iterdir())


def test_template_with_wrong_columns_is_refused(tmp_path):
    root = _project(tmp_path / "project")
    rows = dict(FIXTURE)
    filled = _fill_template(root, tmp_path / "ingevuld", rows)
    bad = filled / "events.csv"
    text = bad.read_text(encoding="utf-8").replace("event_type", "soort", 1)
    bad.write_text(text, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (root / "data_raw" / "case_studies").iterdir()}
    result = _run(root, "add", str(filled), module="analysis.case_studies.templates")
    assert result.returncode == 1
    assert "events.csv, rij 1" in result.stderr and "kolommen kloppen niet" in result.stderr
    after = {p.name: p.read_bytes() for p in (root / "data_raw" / "case_studies").iterdir()}
    assert before == after


def test_template_row_errors_point_at_the_template(tmp_path):
    root = _project(tmp_path / "project")
    rows = {k: [list(r) for r in v] for k, v in FIXTURE.items()}
    rows["events"][2][3] = "najaar 2018-13"  # not a date
    rows["tree_nodes"][3][2] = ""  # second root
    filled = _fill_template(root, tmp_path / "ingevuld", rows)
    result = _run(root, "add", str(filled), module="analysis.case_studies.templates")
    assert result.returncode == 1
    assert "ingevuld/events.csv, rij 4, kolom 'date'" in result.stderr
    assert "ingevuld/tree_nodes.csv, rij 5, kolom 'parent_id'" in result.stderr
