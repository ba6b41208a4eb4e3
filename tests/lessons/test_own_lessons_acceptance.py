"""Acceptance: a researcher's own lessons-learned table through the documented route.

Each export from ``tests/fixtures/exports/lessen/`` (made by ``make_lessons_exports.py``; her own
headers and labels, NOT the layout of ``data_raw/idu_lessons/``) goes into
``data_raw/private/idu_lessons/`` of an isolated project copy (the lessons and Databronnen pages
only); the mapping ``inspect --write`` proposes is accepted unchanged; then ``python -m analysis
build``. Checked against counts made by hand from the fixture's ``LESSONS`` (plus the published
rows, counted from the public CSV files here): her pilots' rows in the lessons-per-pilot table,
the rode-lijn table, the summary; that the page names her file; that no name or remark reaches
``_site/`` or ``data_processed/``; that changing her mapping or her file re-runs exactly the
lessons dataset and notebook; and that removing her files gives the published site back, byte for
byte.
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.privacy import find_identifying
from analysis.testing import MINIMAL, REPO, copy_project, run, snapshot

EXPORTS = REPO / "tests" / "fixtures" / "exports"
FILES = MINIMAL + [
    "analysis/schemas/idu_lessons.yaml",
    "data_raw/idu_lessons",
    "notebooks/40-idu-lessen.ipynb",
    "reports/idu-lessen.qmd",
]
PRIVATE = "data_raw/private/idu_lessons"
PAGE = "_site/reports/idu-lessen.html"
XLSX = "lessen wijkteams 2025.xlsx"
CSV = "lessen wijkteams 2025 (Excel).csv"


def _fixture_module():
    spec = importlib.util.spec_from_file_location("mk_lessons", EXPORTS / "make_lessons_exports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


MK = _fixture_module()
PUBLIC = REPO / "data_raw" / "idu_lessons"


SOURCES = "bronnen wijkteams 2025.csv"


def _place(root: Path, export: str) -> None:
    (root / PRIVATE).mkdir(parents=True, exist_ok=True)
    for name in (SOURCES, export):
        shutil.copy2(EXPORTS / "lessen" / name, root / PRIVATE / name)
        r = run(root, "inspect", f"{PRIVATE}/{name}", "--dataset", "idu_lessons", "--write")
        assert r.returncode == 0, r.stdout + r.stderr
    who, remark = ("Ingevuld door", "Opmerking") if export == XLSX else ("Naam invuller", "Notities")
    assert f"'{who}' (namen of vrije tekst: niet gelezen)" in r.stdout, r.stdout
    assert f"'{remark}' (namen of vrije tekst: niet gelezen)" in r.stdout, r.stdout
    assert "niet zeker te plaatsen" not in r.stdout, r.stdout
    assert run(root, "manifest", "--update").returncode == 0


def _build(root: Path):
    result = run(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def xlsx_project(tmp_path_factory):
    """Built first on the published data (snapshot kept), then with her xlsx export."""
    root = copy_project(tmp_path_factory.mktemp("lessen-xlsx") / "project", FILES)
    _build(root)
    published = snapshot(root / "_site"), snapshot(root / "data_processed")
    _place(root, XLSX)
    _build(root)
    return root, XLSX, published


@pytest.fixture(scope="module")
def csv_project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("lessen-csv") / "project", FILES)
    _place(root, CSV)
    _build(root)
    return root, CSV, None


def _text(root: Path) -> str:
    raw = (root / PAGE).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _cells(tr: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)
    ]


def _row(root: Path, caption: str, first: str) -> dict[str, str]:
    """The row whose first cell is ``first`` in the table captioned ``caption``, by column header."""
    raw = (root / PAGE).read_text(encoding="utf-8")
    start = raw.index(caption)
    body = raw[start : raw.index("</table>", start)]
    rows = [_cells(tr) for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
    header = rows[0]
    for cells in rows[1:]:
        if cells and cells[0] == first:
            return dict(reversed(list(zip(header, cells))))  # a repeated header: its first column
    raise AssertionError(f"geen rij '{first}' in de tabel '{caption}'")


TYPES = ["Positieve les", "Verbeterles", "Randvoorwaarde die werkt", "Randvoorwaarde die een uitdaging is"]
TYPES += ["Wat is nodig", "Totaal"]


def _counts(root: Path, pilot: str) -> list[str]:
    row = _row(root, "Aantal geleerde lessen per pilot en soort les", pilot)
    return [row[t] for t in TYPES]


def _published():
    lessons = pd.read_csv(PUBLIC / "lessons.csv", dtype=str)
    links = pd.read_csv(PUBLIC / "lesson_rode_lijn.csv", dtype=str)
    pilots = pd.read_csv(PUBLIC / "pilots.csv", dtype=str)
    return lessons, links, pilots


@pytest.mark.parametrize("project", ["xlsx_project", "csv_project"])
def test_her_lessons_on_the_page_with_hand_counted_numbers(project, request):
    root, export, _ = request.getfixturevalue(project)
    # by hand from MK.LESSONS: Wijkteam Noord 2 positive, 1 improvement, 1 condition that works,
    # 1 challenge, 0 'nodig' = 5; Schoolmaatschappelijk werk 1, 1, 0, 0, 1 = 3
    assert _counts(root, "Wijkteam Noord") == ["2", "1", "1", "1", "0", "5"]
    assert _counts(root, "Schoolmaatschappelijk werk") == ["1", "1", "0", "0", "1", "3"]
    # the rode-lijn table: published lessons per rode lijn + hers (RL01 2, RL02 2, RL03 2, RL04 1, ...)
    lessons, links, pilots = _published()
    pilot_of = dict(zip(lessons["lesson_id"], lessons["pilot_id"]))
    own = {"RL01": (2, 1), "RL02": (2, 2), "RL03": (2, 2), "RL04": (1, 1), "RL05": (2, 2), "RL06": (1, 1)}
    own["RL07"] = (1, 1)
    own["RL08"] = (0, 0)
    for rid, (n_own, pilots_own) in own.items():
        pub = links[links["rode_lijn_id"] == rid]
        row = _row(root, "De twaalf rode lijnen: coderingsregel", rid)
        n_pub, p_pub = pub["lesson_id"].nunique(), len({pilot_of[lid] for lid in pub["lesson_id"]})
        assert row["Lessen"] == str(n_pub + n_own), (rid, row)
        assert row["Aantal pilots"] == str(p_pub + pilots_own), (rid, row)
    text = _text(root)
    n_pilots = int((pilots["kind"] == "pilot").sum()) + 2
    assert f"{len(lessons) + 8} geleerde lessen uit {n_pilots} pilots" in text
    # her one lesson without a rode lijn is listed with the published unlinked lessons
    unlinked = text[text.index("Lessen die bij geen enkele rode lijn passen") :]
    assert "Er is geen vaste spreekkamer in de praktijk" in unlinked[:20000]
    # her lesson text with ';' and quotes arrives whole
    assert 'Leerlingen zeggen: "hier mag ik het vertellen"; dat vraagt wel een rustige plek' in text


@pytest.mark.parametrize("project", ["xlsx_project", "csv_project"])
def test_page_names_her_file_and_says_what_is_published(project, request):
    root, export, _ = request.getfixturevalue(project)
    text = _text(root)
    assert f"Gelezen: eigen gegevens uit {SOURCES} , {export}" in text
    assert "8 lessen van 2 eigen pilot(s) (Wijkteam Noord, Schoolmaatschappelijk werk) komen uit eigen" in text
    assert "Alle gegevens komen uit het gepubliceerde verslag" not in text
    assert "Alle gegevens zijn overgenomen" not in text
    codebook = html.unescape((root / "_site/codebook/idu_lessons.html").read_text(encoding="utf-8"))
    assert export in codebook


@pytest.mark.parametrize("project", ["xlsx_project", "csv_project"])
def test_no_name_or_remark_reaches_the_site(project, request):
    root, _, _ = request.getfixturevalue(project)
    values = MK.IDENTIFYING
    assert len(values) >= 8
    assert find_identifying(root / "_site", values) == []
    assert find_identifying(root / "data_processed", values) == []


def test_changing_her_mapping_or_her_file_reruns_exactly_the_lessons(xlsx_project):
    root, export, _ = xlsx_project
    mapping = root / PRIVATE / (Path(export).stem + ".mapping.yaml")
    mapping.write_text(mapping.read_text(encoding="utf-8") + "# nagekeken\n", encoding="utf-8")
    assert run(root, "manifest", "--update").returncode == 0
    out = _build(root).stdout
    rel = f"{PRIVATE}/{mapping.name}"
    assert f"Dataset idu_lessons: inlezen en valideren ({rel} gewijzigd)" in out, out
    assert "Dataset databronnen: ongewijzigd, overgeslagen" in out
    assert "Notebook 40-idu-lessen.ipynb: uitvoeren (dataset idu_lessons gewijzigd)" in out
    assert "Notebook 01-databronnen.ipynb: ongewijzigd, overgeslagen" in out

    # her file: one lesson changes its kind (Verbeterpunt → Wat is nodig)
    df = pd.read_excel(root / PRIVATE / export, dtype=str, keep_default_na=False)
    df.loc[2, "Soort les"] = "Wat is nodig"
    df.to_excel(root / PRIVATE / export, index=False, sheet_name="Lessen")
    assert run(root, "manifest", "--update").returncode == 0
    out = _build(root).stdout
    assert f"Dataset idu_lessons: inlezen en valideren ({PRIVATE}/{export} gewijzigd)" in out, out
    assert "Dataset databronnen: ongewijzigd, overgeslagen" in out
    assert "Notebook 40-idu-lessen.ipynb: uitvoeren (dataset idu_lessons gewijzigd)" in out
    assert "Notebook 01-databronnen.ipynb: ongewijzigd, overgeslagen" in out
    assert _counts(root, "Wijkteam Noord") == ["2", "0", "1", "1", "1", "5"]


def test_removing_her_files_gives_the_published_site_back_byte_for_byte(xlsx_project):
    """Runs last on this project (the module's tests run in file order)."""
    root, _, (site, data) = xlsx_project
    for p in (root / PRIVATE).iterdir():
        p.unlink()
    assert run(root, "manifest", "--update").returncode == 0
    out = _build(root).stdout
    assert "Dataset idu_lessons: inlezen en valideren" in out  # no --force: the key sees the empty folder
    assert snapshot(root / "data_processed") == data
    now = snapshot(root / "_site")
    assert sorted(k for k in set(site) | set(now) if site.get(k) != now.get(k)) == []
