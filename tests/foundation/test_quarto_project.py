"""Static checks of the Quarto project (no Quarto needed): embeds resolve, labels exist, citations exist."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import REPO, make_project, run_build


def test_the_real_project_passes_the_static_check():
    env = dict(os.environ, ANALYSIS_ROOT=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "check"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "Quarto-project: in orde." in result.stdout


def test_every_report_page_embeds_only_existing_labelled_cells():
    """Same rule, stated directly for the real pages: each embed names a notebook and a label that exist."""
    from analysis.notebooks import labelled_cells, read
    from analysis.render import SHORTCODE_RE

    pages = sorted((REPO / "reports").glob("*.qmd"))
    assert pages
    embeds = 0
    for page in pages:
        for m in SHORTCODE_RE.finditer(page.read_text(encoding="utf-8")):
            if m.group(1) == "embed":
                ref, _, label = m.group(2).strip().partition("#")
                nb = (page.parent / ref).resolve()
                assert nb.exists(), (page.name, ref)
                assert label in labelled_cells(read(nb)), (page.name, ref, label)
                embeds += 1
    assert embeds >= 3


def _check(root):
    return run_build(root, "check")


def test_broken_embed_missing_label_and_missing_citation_are_reported(tmp_path):
    root = make_project(tmp_path / "p")
    page = root / "reports/databronnen.qmd"
    text = page.read_text(encoding="utf-8")
    text = text.replace("#tbl-documenten", "#tbl-bestaat-niet")
    text = text.replace("01-databronnen.ipynb#fig-dataverzameling", "99-weg.ipynb#fig-x")
    text += "\nZie [@onbekend2020] en @fig-nergens.\n"
    page.write_text(text, encoding="utf-8")
    result = _check(root)
    assert result.returncode == 1
    out = result.stdout
    assert "geen code-cel met '#| label: tbl-bestaat-niet'" in out
    assert "notebook ../notebooks/99-weg.ipynb bestaat niet" in out
    assert "bronvermelding @onbekend2020" in out
    assert "@fig-nergens" in out


def test_report_without_provenance_line_and_notebook_with_outputs_are_reported(tmp_path):
    root = make_project(tmp_path / "p")
    page = root / "reports/databronnen.qmd"
    page.write_text(page.read_text(encoding="utf-8").replace("{{< var provenance >}}", ""), encoding="utf-8")
    nb = root / "notebooks/01-databronnen.ipynb"
    nb.write_text(
        nb.read_text(encoding="utf-8").replace(
            '"outputs": []', '"outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}]', 1
        ),
        encoding="utf-8",
    )
    # the table cell shows its table with display() instead of show_table() (the notebooks are
    # ruff-formatted: the call and its argument are on separate lines)
    text = nb.read_text(encoding="utf-8")
    call = '"show_table(\\n",\n    "    dataverzameling,\\n"'
    assert text.count(call) == 1
    nb.write_text(text.replace(call, '"display(\\n",\n    "    dataverzameling,\\n"'), encoding="utf-8")
    out = _check(root).stdout
    assert "tabelcel 'tbl-dataverzameling' toont de tabel niet met analysis.report.show_table" in out
    assert "mist de herkomstregel" in out
    assert "notebook bevat uitvoer" in out


def test_quarto_yml_is_a_dutch_website_rendering_stored_outputs_with_bibliography():
    import yaml

    config = yaml.safe_load((REPO / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["type"] == "website"
    assert config["lang"] == "nl"
    assert config["execute"]["enabled"] is False  # the build executes notebooks; Quarto shows their outputs
    assert (REPO / config["bibliography"]).exists()
    meta = yaml.safe_load((REPO / "reports/_metadata.yml").read_text(encoding="utf-8"))
    assert "typst" in meta["format"]
