"""The build end to end on the Databronnen chain: embedded renderer, provenance, incremental steps."""

from __future__ import annotations

import json
import re

import pytest

from analysis.testing import built_project, copy_built

from .conftest import MINI_FILES, run_build

EXTRA_SCHEMA = """name: extra
title: Extra
description: Testdataset
resources:
  - name: items
    path: ../../data_raw/extra/items.csv
    title: Items
    description: Test
    schema:
      primaryKey: [id]
      fields:
        - {name: id, type: string, description: Sleutel, constraints: {required: true}}
        - {name: n, type: integer, description: Aantal, constraints: {required: true}}
"""


def _add_extra_dataset(root):
    (root / "analysis/schemas/extra.yaml").write_text(EXTRA_SCHEMA, encoding="utf-8")
    (root / "data_raw/extra").mkdir()
    (root / "data_raw/extra/items.csv").write_text("id,n\na,7\n", encoding="utf-8")
    nb = json.loads((root / "notebooks/01-databronnen.ipynb").read_text(encoding="utf-8"))
    nb["cells"] = [
        {"cell_type": "raw", "id": "c0", "metadata": {}, "source": "---\ntitle: Extra\ndatasets: [extra]\n---"},
        {
            "cell_type": "code",
            "id": "c1",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "#| label: tbl-extra\n#| tbl-cap: Extra\nfrom analysis.data import load_table\n"
            "from analysis.report import show_table\nshow_table(load_table('extra', 'items'))",
        },
    ]
    (root / "notebooks/02-extra.ipynb").write_text(json.dumps(nb), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Mini project with a second dataset + notebook, built once with the embedded renderer."""
    return built_project(tmp_path_factory.mktemp("site") / "project", MINI_FILES, prepare=_add_extra_dataset)


def test_embedded_renderer_makes_the_site(site):
    root, first = site
    assert "Quarto is niet gevonden" in first.stdout
    assert (root / "_site/reports/databronnen.pdf").read_bytes().startswith(b"%PDF")
    for page in [
        "index.html",
        "reports/databronnen.html",
        "notebooks/01-databronnen.html",
        "notebooks/02-extra.html",
        "codebook/databronnen.html",
        "codebook/extra.html",
    ]:
        assert (root / "_site" / page).exists(), page
    assert "Rapporten: _site/index.html" in first.stdout


def test_databronnen_page_shows_both_tables_figure_and_provenance(site):
    root, _ = site
    html = (root / "_site/reports/databronnen.html").read_text(encoding="utf-8")
    assert 'id="tbl-documenten"' in html and 'id="tbl-dataverzameling"' in html
    assert "Tabel 2: Dataverzameling van de pilot vaktherapie en sociaal werk (Bijlage C)" in html
    # all five documents and all seven data sources
    assert html.count("000_99b6f6038ca9ce70.txt:") >= 8
    for title in ["Jaarboek 2018 ST-RAW", "Casusonderzoek naar succesvolle integrale hulp en samenwerking"]:
        assert title in html
    # N=3 (focus group therapists) is suppressed; N=14 and N=11 are shown
    row = re.search(r"<td>Focusgroep vaktherapeuten</td>.*?</tr>", html, re.S).group(0)
    assert "&lt;5" in row and "<td>3</td>" not in row
    assert re.search(r"<td>Vragenlijst SDQ 4-17</td>.*?<td>14</td>", html, re.S)
    # cross-reference resolved, figure embedded as a file next to the page
    assert '<a href="#tbl-dataverzameling">Tabel 2</a>' in html
    assert (root / "_site/reports/databronnen_files/figure-html/fig-dataverzameling-1.png").exists()
    # a table of contents, and the figure opens full size and never shrinks below half its pixels
    assert '<nav id="TOC" role="doc-toc">' in html and "Inhoud" in html
    assert re.search(
        r'<a class="full-size" href="databronnen_files/figure-html/fig-dataverzameling-1.png"[^>]*>'
        r'<img style="min-width:\d+px"',
        html,
    )
    # each document has an anchor the source links point to
    assert '<tr id="bron-000">' in html and 'href="../reports/databronnen.html#bron-000"' in html
    assert re.search(
        r"Herkomst: code-versie \(git\) .* gegevens sha256:[0-9a-f]{12} · omgeving requirements.lock sha256:[0-9a-f]{12} · "
        r'<a href="zelf-draaien.html#herkomst">details en software</a>',
        html,
    )
    assert 'lang="nl"' in html


def test_index_lists_the_reports(site):
    root, _ = site
    html = (root / "_site/index.html").read_text(encoding="utf-8")
    assert 'href="reports/databronnen.html"' in html


def test_notebook_pages_fold_code(site):
    root, _ = site
    html = (root / "_site/notebooks/01-databronnen.html").read_text(encoding="utf-8")
    assert '<details class="code-fold">' in html and "load_table" in html


def test_second_run_skips_everything(site):
    root, _ = site
    again = run_build(root, "build", "--renderer", "embedded")
    assert again.returncode == 0
    assert "Niets gewijzigd: alles is actueel" in again.stdout


def test_changing_one_raw_table_rebuilds_only_what_depends_on_it(site):
    root, _ = site
    path = root / "data_raw/extra/items.csv"
    path.write_text("id,n\na,9\n", encoding="utf-8")
    assert run_build(root, "manifest", "--update").returncode == 0
    result = run_build(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"Dataset extra: \d tabel\(len\) geschreven", out)
    assert "Dataset databronnen: ongewijzigd, overgeslagen" in out
    assert "Notebook 02-extra.ipynb: uitgevoerd" in out
    assert "Notebook 01-databronnen.ipynb: ongewijzigd, overgeslagen" in out
    assert "Dataset extra: inlezen en valideren (data_raw/extra/items.csv gewijzigd)" in out
    assert "Notebook 02-extra.ipynb: uitvoeren (dataset extra gewijzigd)" in out
    assert "Pagina notebooks/02-extra.ipynb gemaakt (uitgevoerd notebooks/02-extra.ipynb gewijzigd)" in out
    # a page that does not show the changed table keeps its provenance line and is not re-rendered
    assert "reports/databronnen.qmd gemaakt" not in out and "Pagina index.qmd gemaakt" not in out
    assert "<td>9</td>" in (root / "_site/notebooks/02-extra.html").read_text(encoding="utf-8")


def test_failing_notebook_fails_the_build_and_names_it(minimal_site, tmp_path):
    root = copy_built(minimal_site, tmp_path / "p")  # built once: only the changed notebook runs again
    nb = root / "notebooks/01-databronnen.ipynb"
    nb.write_text(
        nb.read_text(encoding="utf-8").replace(
            'load_table(\\"databronnen\\", \\"documents\\")', 'load_table(\\"databronnen\\", \\"bestaat_niet\\")'
        ),
        encoding="utf-8",
    )
    result = run_build(root, "build", "--renderer", "embedded")
    assert result.returncode == 1
    assert "notebooks/01-databronnen.ipynb" in result.stderr and "bestaat_niet" in result.stderr


def test_notebook_reading_an_undeclared_dataset_is_refused(minimal_site, tmp_path):
    root = copy_built(minimal_site, tmp_path / "p")
    path = root / "notebooks/01-databronnen.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "---\ntitle: Databronnen\ndatasets: []\n---"
    path.write_text(json.dumps(nb), encoding="utf-8")
    result = run_build(root, "build", "--renderer", "embedded")
    assert result.returncode == 1
    assert "noemt die niet in 'datasets:'" in result.stderr


# The Quarto path: tests/foundation/test_quarto.py


def test_cell_with_several_images_captions_the_first_only(tmp_path):
    """One caption per figure cell; further images take fig-subcap entries when given."""
    from analysis.render import Numbering, outputs_markdown

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    cell = {
        "cell_type": "code",
        "source": '#| label: fig-x\n#| fig-cap: Hoofd\n#| fig-subcap: ["een", "twee", "drie"]\nplot()',
        "outputs": [{"output_type": "display_data", "data": {"image/png": png}} for _ in range(3)],
    }
    md = outputs_markdown(cell, tmp_path, "f", Numbering.new(), "test")
    assert md.count("Figuur 1: Hoofd") == 1
    assert "![twee](f/fig-x-2.png)" in md and "![drie](f/fig-x-3.png)" in md
    cell["source"] = "#| label: fig-x\n#| fig-cap: Hoofd\nplot()"
    md = outputs_markdown(cell, tmp_path, "f", Numbering.new(), "test")
    assert md.count("Figuur 1: Hoofd") == 1 and "![](f/fig-x-2.png)" in md and "![](f/fig-x-3.png)" in md
    # `fig-subcap: true` (panels counted by the data; Quarto letters them): one caption, no "True"
    cell["source"] = "#| label: fig-x\n#| fig-cap: Hoofd\n#| fig-subcap: true\nplot()"
    md = outputs_markdown(cell, tmp_path, "f", Numbering.new(), "test")
    assert md.count("Figuur 1: Hoofd") == 1 and "True" not in md and "![](f/fig-x-3.png)" in md
