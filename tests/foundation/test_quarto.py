"""The Quarto path end to end, next to the embedded renderer (skipped only where Quarto is absent).

Reads the session's two whole-site builds: ``quarto_site`` (the one Quarto build of the test
session, in a git repository of its own) and ``full_site`` (the embedded renderer), and
compares them page by page: every embedded table cell and every figure and table caption of
every report page, the figures themselves, the demonstration marks on figures and on every
printed page.
"""

from __future__ import annotations

import html
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path


from analysis.privacy_check import png_text
from analysis.testing import run


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


def _main(page: str) -> str:
    """The page's content without the site frame (navigation, table of contents, footer)."""
    m = re.search(r"<main[^>]*>(.*)</main>", page, re.S)
    return m.group(1) if m else page


PANEL = re.compile(r"\([a-z]{1,2}\)")


def tables_and_captions(page: str) -> tuple[list[list[str]], list[str]]:
    body = _main(page)
    parser = _Tables()
    parser.feed(body)
    caps = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>|class=\"table-caption\"[^>]*>(.*?)</", body, re.S)
    captions = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", a or b)).replace("\xa0", " ").split()) for a, b in caps]
    # Quarto letters the panels of a figure with `fig-subcap: true` (a), (b), …; the embedded
    # renderer shows the figure's one caption only. The letters carry no text to compare.
    return [t for t in parser.tables if t], sorted(c for c in captions if c and not PANEL.fullmatch(c))


def report_pages(site: Path) -> list[Path]:
    return sorted((site / "reports").glob("*.html"))


def _git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_quarto_builds_every_page_and_a_pdf_of_every_report(quarto_site):
    root = quarto_site
    site = root / "_site"
    assert (site / "index.html").exists()
    assert (site / "search.json").exists()  # Quarto's search: the site is Quarto's, not the embedded one
    reports = [q for q in sorted((root / "reports").glob("*.qmd"))]
    assert len(reports) >= 9
    for qmd in reports:
        page = site / "reports" / f"{qmd.stem}.html"
        assert page.exists(), qmd.name
        assert (site / "reports" / f"{qmd.stem}.pdf").read_bytes().startswith(b"%PDF"), qmd.name
        text = page.read_text(encoding="utf-8")
        assert re.search(r"Herkomst: code-versie \(git\) [0-9a-f]{10} · ", text), qmd.name
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        assert (site / "notebooks" / f"{nb.stem}.html").exists(), nb.name
    for schema in sorted((root / "analysis/schemas").glob("*.yaml")):
        assert (site / "codebook" / f"{schema.stem}.html").exists(), schema.name


def test_quarto_starts_no_kernel_and_leaves_the_work_tree_clean(quarto_site):
    root = quarto_site
    log = (root / "_build/quarto-render.log").read_text(encoding="utf-8")
    assert "quarto render" in log and "kernel" not in log.lower()
    assert _git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert not list(root.rglob("*.quarto_ipynb")) and not (root / ".quarto").exists()


def _compare(quarto_site, full_site, which: int) -> tuple[int, int]:
    pages = report_pages(full_site / "_site")
    assert [p.name for p in pages] == [p.name for p in report_pages(quarto_site / "_site")]
    count = 0
    for page in pages:
        embedded = tables_and_captions(page.read_text(encoding="utf-8"))[which]
        quarto = tables_and_captions((quarto_site / "_site/reports" / page.name).read_text(encoding="utf-8"))[which]
        assert quarto == embedded, (
            page.name,
            [x for x in quarto if x not in embedded][:4],
            [x for x in embedded if x not in quarto][:4],
        )
        count += sum(len(t) for t in embedded) if which == 0 else len(embedded)
    return len(pages), count


def test_both_renderers_show_the_same_numbers_in_every_table_of_every_report_page(quarto_site, full_site):
    pages, cells = _compare(quarto_site, full_site, 0)
    assert pages >= 9 and cells > 2000, (pages, cells)  # the demonstration site: thousands of cells


def test_both_renderers_show_the_same_captions_on_every_report_page(quarto_site, full_site):
    pages, captions = _compare(quarto_site, full_site, 1)
    assert pages >= 9 and captions > 40, (pages, captions)


def _figures(page: Path) -> list[bytes]:
    """The bytes of every PNG figure a report page shows, in order."""
    srcs = re.findall(r'<img [^>]*src="([^"]+\.png)"', _main(page.read_text(encoding="utf-8")))
    return [(page.parent / html.unescape(s)).read_bytes() for s in srcs]


def test_both_renderers_show_the_same_figures_with_the_demonstration_mark(quarto_site, full_site):
    """The same figure files on every report page; a page whose summary says it rests on
    demonstration data shows only figures that carry the DEMONSTRATIEDATA mark, in both."""
    demo_figures = 0
    for page in report_pages(full_site / "_site"):
        quarto_page = quarto_site / "_site/reports" / page.name
        embedded, quarto = _figures(page), _figures(quarto_page)
        assert quarto == embedded, page.name
        if "Let op: demonstratiedata." in quarto_page.read_text(encoding="utf-8"):
            unmarked = [i + 1 for i, png in enumerate(quarto) if "DEMONSTRATIEDATA" not in png_text(png)]
            assert not unmarked, (page.name, unmarked)
            demo_figures += len(quarto)
    assert demo_figures >= 5


def test_every_printed_page_of_a_demonstration_report_says_so_under_quarto(quarto_site):
    from analysis.privacy_check import pdf_pages

    checked = []
    for page in report_pages(quarto_site / "_site"):
        if "Let op: demonstratiedata." not in page.read_text(encoding="utf-8"):
            continue
        texts = pdf_pages(page.with_suffix(".pdf").read_bytes())
        assert all("DEMONSTRATIEDATA" in t for t in texts), (
            page.name,
            [i + 1 for i, t in enumerate(texts) if "DEMONSTRATIEDATA" not in t],
        )
        checked.append(page.stem)
    assert "helmond-effecten" in checked and len(checked) >= 2


def test_quarto_pages_use_the_site_stylesheet_and_open_figures_full_size(quarto_site):
    site = quarto_site / "_site"
    css = (quarto_site / "analysis/site.css").read_text(encoding="utf-8")
    assert (site / "analysis/site.css").read_text(encoding="utf-8") == css
    page = (site / "reports/casusonderzoek.html").read_text(encoding="utf-8")
    assert 'href="../analysis/site.css"' in page
    assert '<div class="table-scroll">' in page  # the scroll box the stylesheet styles
    figures = re.findall(r"<img [^>]*>", _main(page))
    assert figures
    lightbox = re.findall(r'<a href="[^"]+\.png" class="lightbox"', page)
    assert len(lightbox) == len(figures)


def test_no_change_rebuild_starts_nothing(quarto_site):
    """Issue 9.2: a no-change build under Quarto starts neither Quarto nor a kernel. Quarto's
    every run rewrites its log (analysis/quarto.py LOG); a notebook run would say 'uitvoeren'."""
    log = quarto_site / "_build/quarto-render.log"
    stamp = (log.stat().st_mtime_ns, log.read_bytes())
    again = run(quarto_site, "build", "--renderer", "quarto")
    assert again.returncode == 0, again.stderr
    assert "Niets gewijzigd: alles is actueel" in again.stdout
    assert "uitvoeren" not in again.stdout and "quarto render" not in again.stdout, again.stdout
    assert (log.stat().st_mtime_ns, log.read_bytes()) == stamp


def test_quarto_pdfs_carry_no_build_date(quarto_site):
    """Same commit, same bytes: Quarto's Typst call takes no timestamp, so the print rules
    (reports/print.typ) leave the date out of every PDF's metadata."""
    pdfs = sorted((quarto_site / "_site/reports").glob("*.pdf"))
    assert len(pdfs) >= 9
    dated = [p.name for p in pdfs if re.search(rb"/(CreationDate|ModDate)|xmp:CreateDate", p.read_bytes())]
    assert not dated, dated


def _hashes(root: Path) -> dict[str, str]:
    import hashlib

    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for name in ("_site", "downloads", "data_processed")
        for p in sorted((root / name).rglob("*"))
        if p.is_file()
    }


def test_a_page_rendered_again_elsewhere_and_later_gives_the_same_site_byte_for_byte(quarto_site, tmp_path):
    """Determinism under Quarto (issue 10.2) without a second whole Quarto build: a copy of the
    session's Quarto build in another folder renders one report page again (its output removed),
    minutes later. Every file of _site/, downloads/ and data_processed/ must keep its bytes: no
    absolute build path, no render time, no random id in the page, its PDF, the search index or
    the sitemap; and an incremental render leaves the site as the clean build made it."""
    import shutil

    copy = tmp_path / "elders" / "een-ander-pad"
    shutil.copytree(quarto_site, copy, symlinks=True)
    before = _hashes(copy)
    page = "reports/databronnen"
    for suffix in (".html", ".pdf"):
        (copy / "_build/quarto/_site" / f"{page}{suffix}").unlink()
    again = run(copy, "build", "--renderer", "quarto", timeout=1800)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert f"Pagina {page}.qmd: renderen met Quarto" in again.stdout  # only this page
    assert again.stdout.count("renderen met Quarto") == 1, again.stdout
    after = _hashes(copy)
    assert len(before) > 100 and any(k.endswith(".pdf") for k in before) and "_site/search.json" in before
    assert sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)) == []
