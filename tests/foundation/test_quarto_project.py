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


def test_pages_after_quarto_name_no_build_folder_and_keep_figures_legible(tmp_path):
    """The tested step after ``quarto render`` (analysis.quarto.finish_pages): Quarto's absolute
    notebook paths go (two builds in two folders gave different pages), each figure gets half its
    pixel width as minimum, and a second pass changes nothing."""
    import struct
    import zlib

    from analysis.quarto import finish_pages

    def png(width: int) -> bytes:
        ihdr = struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0)
        chunk = lambda kind, body: (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1)))

    (tmp_path / "reports/p_files").mkdir(parents=True)
    (tmp_path / "reports/p_files/f.png").write_bytes(png(1000))
    page = tmp_path / "reports/p.html"
    page.write_text(
        '<div class="quarto-embed-nb-cell" data-notebook="/home/anna/studie/_build/quarto/notebooks/x.ipynb" '
        'data-notebook-title="X"><a href="p_files/f.png" class="lightbox"><img src="p_files/f.png" '
        'class="img-fluid figure-img" alt="a"></a></div>',
        encoding="utf-8",
    )
    finish_pages(tmp_path)
    once = page.read_text(encoding="utf-8")
    assert "/home/anna" not in once and "data-notebook=" not in once and 'data-notebook-title="X"' in once
    assert '<img style="min-width:500px" src="p_files/f.png"' in once
    finish_pages(tmp_path)
    assert page.read_text(encoding="utf-8") == once


def test_the_staging_copy_has_the_commit_time_as_file_time(tmp_path):
    """Quarto's listing records each page's file time; the staging copy gives every file the
    build's fixed time (SOURCE_DATE_EPOCH), so two builds of one commit give the same index."""
    import os

    root = make_project(tmp_path / "p")
    env = dict(os.environ, ANALYSIS_ROOT=str(root), SOURCE_DATE_EPOCH="1700000000")
    assert run_build(root, "build", "--no-render").returncode == 0
    code = "from analysis import quarto\nquarto.stage()\n"
    (root / "_build/notebooks").mkdir(parents=True, exist_ok=True)
    for nb in (root / "notebooks").glob("*.ipynb"):  # stand-ins for the executed copies
        (root / "_build/notebooks" / nb.name).write_bytes(nb.read_bytes())
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    staged = [p for p in (root / "_build/quarto").rglob("*") if p.is_file()]
    assert len(staged) >= 5
    assert {int(p.stat().st_mtime) for p in staged} == {1700000000}
