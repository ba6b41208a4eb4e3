"""A bad embed stops the build, in both renderers, with one message naming page, notebook and
label, and ``_site/`` keeps the previous complete build.

A tiny project (the Databronnen chain, the session's ``minimal_site``), built once completely; each
case works on its own copy.
Under Quarto the problems are found before Quarto starts (``analysis.render.check_embeds`` and
the notebook step), so no Quarto render runs in these tests.
"""

from __future__ import annotations

import json
import shutil

import pytest

from analysis.testing import run, snapshot

PAGE = "reports/databronnen.qmd"
NOTEBOOK = "notebooks/01-databronnen.ipynb"
LABEL = "tbl-dataverzameling"
RENDERERS = [
    "embedded",
    pytest.param(
        "quarto",
        marks=pytest.mark.skipif(shutil.which("quarto") is None, reason="Quarto staat niet op PATH"),
    ),
]


@pytest.fixture(scope="module")
def tiny(minimal_site):
    """The Databronnen chain (with the repository's .gitignore), built once per session (read-only)."""
    return minimal_site


def _edit_cell(root, label: str, change) -> None:
    path = root / NOTEBOOK
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if f"#| label: {label}" in "".join(c["source"])]
    assert len(cells) == 1
    cells[0]["source"] = change("".join(cells[0]["source"]))
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def missing_label(root):
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(f"#{LABEL}", "#tbl-weg"), encoding="utf-8")
    return (f"{PAGE}: embed ../{NOTEBOOK}#tbl-weg: notebook {NOTEBOOK} heeft geen cel met '#| label: tbl-weg'",)


def raising_cell(root):
    _edit_cell(root, LABEL, lambda s: s.replace("show_table(", 'raise ValueError("kapotte cel")\nshow_table(', 1))
    return (
        f"(label '{LABEL}') gaf een fout: ValueError: kapotte cel\n(ingesloten op: {PAGE})",
        f"FOUT: {NOTEBOOK}: cel ",
    )


def silent_cell(root):
    _edit_cell(root, LABEL, lambda s: s.replace("show_table(", "(lambda *a, **k: None)(", 1))
    return (f"{PAGE}: embed ../{NOTEBOOK}#{LABEL}: de cel '{LABEL}' in {NOTEBOOK} geeft geen uitvoer",)


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("case", [missing_label, raising_cell, silent_cell])
def test_a_bad_embed_stops_the_build_with_one_message_and_keeps_the_site(tiny, tmp_path, case, renderer):
    root = tmp_path / "copy"
    shutil.copytree(tiny, root, symlinks=True)
    before = snapshot(root / "_site")
    expected = case(root)
    result = run(root, "build", "--renderer", renderer)
    assert result.returncode == 1, result.stdout + result.stderr
    for part in expected:
        assert part in result.stderr, (part, result.stderr[-3000:])
    assert result.stderr.count("FOUT") == 1, result.stderr[-3000:]
    assert "_site/ is niet gewijzigd" in result.stderr
    assert snapshot(root / "_site") == before
    assert not (root / "_build/quarto-render.log").exists()  # found before Quarto would start
