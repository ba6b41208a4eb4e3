"""A researcher's own family through the documented route, in an isolated project copy.

Files from ``tests/fixtures/exports/`` (made by ``make_case_study_exports.py``) go into
``data_raw/private/case_studies/``; for the spreadsheet with her own column headers ``inspect
--write`` proposes the mapping, which is accepted as it is; then ``python -m analysis build``.
The spreadsheet with her own headers is built in a fresh copy (her first build); the filled-in
template on a copy of the session's build of the published cases (``cases_template_build``: as a
researcher who built the published site first, so every page must be re-made or still true).
Checked: the built page's numbers for her case (counted by hand from the fixture), her life-line,
tree, banners and place in the cross-case synthesis, the page saying where her case came from,
and that no identifying value (names, phone number, transcript file names, free-text remarks)
appears anywhere in ``_site/`` — zips, PDFs and SVGs included.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from analysis.testing import REPO, add_private, copy_project, run

from .conftest import FILES, FIXTURES


def _identifying():
    import importlib.util

    spec = importlib.util.spec_from_file_location("mk", FIXTURES / "make_case_study_exports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.IDENTIFYING


def _build(tmp: Path, folder: str, inspect: str | None) -> Path:
    root = copy_project(tmp / "project", FILES, register=False)
    files = [
        f
        for f in sorted((FIXTURES / folder).iterdir())
        if not f.name.endswith(".mapping.yaml") or inspect is None or not f.name.startswith(Path(inspect).stem)
    ]
    _, r = add_private(root, "case_studies", files, inspect)
    if inspect:
        assert "'Opmerking onderzoeker' (namen of vrije tekst: niet gelezen)" in r.stdout
    result = run(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def own_headers(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("eigen"), "casus-eigen-kolommen", "levenslijn gezin Bakker.csv")


@pytest.fixture(scope="module")
def template(cases_template_build) -> Path:
    """Her filled-in template with its mapping and transcripts, as they are (no inspect), built."""
    return cases_template_build[0]


def _rows(html: str, title: str) -> list[list[str]]:
    """Cell texts of every table row that mentions ``title``."""
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)]
        if any(title in c for c in cells):
            out.append(cells)
    return out


def _site_text(site: Path) -> dict[str, str]:
    """Every built file as text: zips member by member, PDFs through pdftotext (or their inflated streams)."""
    out = {}
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                for m in z.namelist():
                    out[f"{p}!{m}"] = z.read(m).decode("utf-8", "replace")
        elif p.suffix == ".pdf":
            text = ""
            if shutil.which("pdftotext"):
                text = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True).stdout
            for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, flags=re.S):
                try:
                    text += zlib.decompress(stream).decode("latin-1")
                except zlib.error:
                    pass
            out[str(p)] = text + data.decode("latin-1")
        else:
            out[str(p)] = data.decode("utf-8", "replace")
    return out


@pytest.mark.parametrize("scenario", ["own_headers", "template"])
def test_own_case_on_the_page_with_its_numbers(scenario, request):
    root = request.getfixturevalue(scenario)
    title = "Gezin Bakker (eigen casus)" if scenario == "own_headers" else "Gezin Vermeer (eigen casus)"
    case = "bakker" if scenario == "own_headers" else "vermeer"
    html = (root / "_site" / "reports" / "casusonderzoek.html").read_text(encoding="utf-8")
    # case overview: 12 events, 2 help episodes, 3 main factors, 2 underlying factors (fixture, by hand)
    overview = [r for r in _rows(html, title) if len(r) >= 7 and r[0] == title]
    assert overview and overview[0][4:8] == ["12", "2", "3", "2"], overview
    # the published cases are still there, and the page says where the new one came from
    assert "Visser-De Bruin" in html and "Chayenne" in html
    assert "niet-openbare bestanden" in html and f"<strong>{title}</strong> (gelezen uit" in html
    assert "Interview met moeder (transcript)" in html
    summary = html[html.index("Samenvatting") : html.index("Waar de cijfers vandaan komen") + 600]
    assert f"{title} komt uit eigen, niet-openbare bestanden" in summary
    assert "Alle gegevens zijn overgenomen" not in html
    # life-line, tree, banners (1 m and 53 cm) and tree image, linked from the page
    for name in (
        f"levenslijn-{case}-banner.pdf",
        f"levenslijn-{case}-banner-53cm.pdf",
        f"levenslijn-{case}-banner.svg",
        f"bevindingenboom-{case}.png",
    ):
        assert (root / "_site" / "downloads" / name).exists(), name
        assert f"../downloads/{name}" in html, name
    assert len(list((root / "_site").rglob("fig-levenslijnen-*.png"))) >= 4
    # place in the cross-case synthesis: her coded factors count for cc1 and cc4
    coding = [r for r in _rows(html, title) if "Eén vaste contactpersoon" in " ".join(r)]
    assert coding, "codeertabel mist de eigen casus"
    import pandas as pd

    public = pd.read_csv(REPO / "data_raw" / "case_studies" / "synthesis_coding.csv", dtype=str)
    nji = set(
        pd.read_csv(REPO / "data_raw" / "case_studies" / "cases.csv", dtype=str).query("method == 'leerreview'")[
            "case_id"
        ]
    )
    for element, label in (("cc1", "Ouders zijn de belangrijkste partner"), ("cc4", "Actieve betrokkenheid vanuit")):
        before = public[(public["element_id"] == element) & public["case_id"].isin(nji)]["case_id"].nunique()
        support = [r for r in _rows(html, label) if len(r) == 3 and r[0].startswith(label)]
        assert support and support[0][1] == str(before + 1), (element, support)
    assert re.search(rf"<th[^>]*>{re.escape(title)}</th>", html)  # a column of the case × element table
    # the events came through with the cited lines of her own transcripts
    ev = pd.read_csv(root / "data_processed" / "case_studies" / "events.csv", dtype=str)
    mine = ev[ev["case_id"] == case]
    assert len(mine) == 12 and mine["source"].str.contains(f"int-moeder-{case}:|groep-{case}:").any()
    assert list(mine.loc[mine["seq"] == "8", "crisis"]) == ["True"]


@pytest.mark.parametrize("scenario", ["own_headers", "template"])
def test_no_identifying_value_in_the_built_site(scenario, request):
    root = request.getfixturevalue(scenario)
    texts = _site_text(root / "_site")
    assert any(k.endswith(".pdf") for k in texts) and any(k.endswith(".svg") for k in texts)
    found = [(v, k) for v in _identifying() for k, t in texts.items() if v in t]
    assert not found, found[:5]


def test_bad_source_reference_names_her_file_row_and_column(tmp_path):
    root = copy_project(tmp_path / "project", FILES, register=False)
    bad = tmp_path / "levenslijn gezin Bakker.csv"
    text = (FIXTURES / "casus-eigen-kolommen" / bad.name).read_bytes().decode("cp1252")
    bad.write_bytes(text.replace("int-moeder-bakker:12-14", "int-moeder-bakker:30-31").encode("cp1252"))
    others = [f for f in sorted((FIXTURES / "casus-eigen-kolommen").iterdir()) if f.name != bad.name]
    add_private(root, "case_studies", [*others, bad], bad.name)
    result = run(root, "build", "--no-render")
    assert result.returncode == 1
    assert (
        "data_raw/private/case_studies/levenslijn gezin Bakker.csv, rij 9, kolom 'Bron': bronverwijzing "
        "'int-moeder-bakker:30-31': interview moeder Anja Bakker 12-03-2025.txt heeft maar 24 regels"
    ) in result.stderr
    assert not (root / "data_processed" / "case_studies").exists()
