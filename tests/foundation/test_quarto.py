"""The Quarto path end to end, next to the embedded renderer (skipped only where Quarto is absent).

One copy of the Databronnen chain, a git repository with its files committed, is built with the
embedded renderer and then with Quarto; both renderers keep their staged site under _build/, so
the two can be compared cell by cell.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from analysis.testing import MINIMAL, copy_project, run, snapshot

pytestmark = pytest.mark.skipif(
    shutil.which("quarto") is None, reason="Quarto staat niet op PATH; de ingebouwde renderer is elders getest"
)


class _Tables(HTMLParser):
    """Text of every table cell, per table, in document order."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables_and_captions(page: str) -> tuple[list[list[str]], list[str]]:
    parser = _Tables()
    parser.feed(page)
    caps = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>|class=\"table-caption\"[^>]*>(.*?)</", page, re.S)
    captions = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", a or b)).replace("\xa0", " ").split()) for a, b in caps]
    return parser.tables, sorted(c for c in captions if c)


def _git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("quarto") / "project", MINIMAL + [".gitignore"])
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "project")
    embedded = run(root, "build", "--renderer", "embedded")
    assert embedded.returncode == 0, embedded.stdout + embedded.stderr
    quarto = run(root, "build", "--renderer", "quarto")
    assert quarto.returncode == 0, quarto.stdout + quarto.stderr
    return root, quarto


def test_quarto_builds_every_page_and_a_pdf_of_every_report(both):
    root, _ = both
    site = root / "_site"
    for page in [
        "index.html",
        "reports/databronnen.html",
        "notebooks/01-databronnen.html",
        "codebook/databronnen.html",
    ]:
        assert (site / page).exists(), page
    assert (site / "reports/databronnen.pdf").read_bytes().startswith(b"%PDF")
    assert (site / "search.json").exists()  # Quarto's search: the site is Quarto's, not the embedded one
    page = (site / "reports/databronnen.html").read_text(encoding="utf-8")
    assert re.search(r"Herkomst: code-versie \(git\) [0-9a-f]{10} · gegevens sha256:[0-9a-f]{12} · ", page)


def test_quarto_starts_no_kernel_and_leaves_the_work_tree_clean(both):
    root, _ = both
    log = (root / "_build/quarto-render.log").read_text(encoding="utf-8")
    assert "quarto render" in log and "kernel" not in log.lower()
    assert _git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert not list(root.rglob("*.quarto_ipynb")) and not (root / ".quarto").exists()


def test_both_renderers_show_the_same_numbers_and_captions(both):
    root, _ = both
    embedded = (root / "_build/site/reports/databronnen.html").read_text(encoding="utf-8")
    quarto = (root / "_build/quarto/_site/reports/databronnen.html").read_text(encoding="utf-8")
    e_tables, e_caps = tables_and_captions(embedded)
    q_tables, q_caps = tables_and_captions(quarto)
    assert len(e_tables) == 2 and sum(len(t) for t in e_tables) > 50
    assert q_tables == e_tables
    assert (
        e_caps
        == q_caps
        == sorted(
            [
                "Tabel 1: De vijf gepubliceerde brondocumenten (broninventaris)",
                "Tabel 2: Dataverzameling van de pilot vaktherapie en sociaal werk (Bijlage C)",
                "Figuur 1: Aantal databronnen per methode en groep (Bijlage C)",
            ]
        )
    )


def test_no_change_rebuild_starts_nothing(both):
    root, _ = both
    again = run(root, "build", "--renderer", "quarto")
    assert again.returncode == 0
    assert "Niets gewijzigd: alles is actueel" in again.stdout


def test_a_missing_label_stops_quarto_with_one_message_and_keeps_the_site(both, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(both[0], root, symlinks=True)
    before = snapshot(root / "_site")
    page = root / "reports/databronnen.qmd"
    page.write_text(page.read_text(encoding="utf-8").replace("#tbl-documenten", "#tbl-weg"), encoding="utf-8")
    result = run(root, "build", "--renderer", "quarto")
    assert result.returncode == 1
    assert (
        "reports/databronnen.qmd: embed ../notebooks/01-databronnen.ipynb#tbl-weg: notebook "
        "notebooks/01-databronnen.ipynb heeft geen cel met '#| label: tbl-weg'"
    ) in result.stderr
    assert result.stderr.count("FOUT") == 1
    assert snapshot(root / "_site") == before
