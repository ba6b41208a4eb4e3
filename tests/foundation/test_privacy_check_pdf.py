"""The privacy check reads PDFs as a reader sees them: names planted in a report PDF made the way the
embedded renderer makes it (pandoc's Typst writer, the ``typst`` wheel, the reports' print rules) are
found however the layout breaks them (hyphenated, wrapped in a narrow cell, broken at their own
hyphen, split over two columns), each exactly once, and so is a small count."""

from __future__ import annotations

import pytest

from analysis import paths, privacy_check
from analysis.privacy import find_identifying
from analysis.privacy_check import LINE_END_HYPHEN, check, pdf_pages

# value -> origin; every value stands in one layout below, so each finding names its layout
VALUES = {
    "Annelies Verhoeven": "x.body.naam",
    "Bartholomeus Wijnbergen": "x.hyphenated.naam",
    "Visser-De Bruin": "x.hard_hyphen.naam",
    "Mustafa Yılmaz": "x.table.naam",
    "moeder belt vaak over de rechtszaak": "x.table.opmerking",
    "Priscilla Oudejans": "x.columns.naam",
    "Jansen": "x.control.naam",  # stands only inside "Jansenstraat": not a finding
}

REPORT = r"""
# Verslag van de focusgroep

Het gesprek met Annelies Verhoeven ging over de thuissituatie en over wat ouders nodig hebben om de
hulp vol te houden. Uitkomsten van de focusgroep (n = 3) en van de enquête (n = 12), Jansenstraat 4.

```{=typst}
#block(width: 1.5cm)[#set par(justify: true); gesprekken met Bartholomeus Wijnbergen]
#block(width: 1.4cm)[#set text(hyphenate: false); Gezin Visser-De Bruin]
#table(columns: (2cm, 2.5cm, 3cm), [Naam], [Rol], [Opmerking],
  [Mustafa Yılmaz], [coördinator], [moeder belt vaak over de rechtszaak])
#columns(2)[#lorem(40) Priscilla #colbreak() Oudejans #lorem(30)]
```
"""


def report_pdf(markdown: str) -> bytes:
    """A PDF as analysis.render.render_pdf makes one: pandoc's Typst writer with the reports' print
    rules (reports/print.typ: tables unjustified, not hyphenated) and Dutch hyphenation, the typst wheel."""
    import pypandoc
    import typst

    args = [
        "--standalone",
        "--metadata=lang:nl",
        "--metadata=papersize:a4",
        f"--include-in-header={paths.ROOT / 'reports' / 'print.typ'}",
    ]
    return typst.compile(pypandoc.convert_text(markdown, "typst", format="markdown", extra_args=args).encode())


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    (folder / "verslag.pdf").write_bytes(report_pdf(REPORT))
    return folder


def test_the_layouts_break_the_planted_names_as_intended(planted):
    """What the other tests rely on: the PDF's text really has each name broken as described."""
    (page,) = pdf_pages((planted / "verslag.pdf").read_bytes())
    flat = " ".join(page.split())
    assert "Annelies Verhoeven" in flat
    assert f"Bartho{LINE_END_HYPHEN}lomeus" in page and f"Wijnber{LINE_END_HYPHEN}gen" in page  # hyphenated
    assert f"Visser{LINE_END_HYPHEN}De" in page  # the name's own hyphen ends a line
    assert "Mustafa Yılmaz" in flat and "\nrechtszaak" in page  # the remark wraps in its cell
    assert "Priscilla\nOudejans" in page  # the name runs from one column into the next
    assert "(n = 3)" in page and "(n = 12)" in page and "Jansenstraat" in page


def test_every_planted_value_and_the_small_count_is_found_exactly_once(planted, tmp_path, monkeypatch):
    monkeypatch.setattr(privacy_check, "PDF_TEXT_CACHE", tmp_path / "pdf-text")
    problems = sorted(str(f) for f in check([planted], VALUES, 5))
    origins = sorted(p.split("identificerende kolom ")[1].split(" ")[0] for p in problems if "kolom" in p)
    assert origins == sorted(o for o in VALUES.values() if o != "x.control.naam")
    counts = [p for p in problems if "kolom" not in p]
    assert len(counts) == 1 and "aantal 3 (< 5) in een tekst" in counts[0] and "(n = 3)" in counts[0]
    assert all(p.startswith(f"{paths.relative(planted / 'verslag.pdf')}: ") for p in problems)
    assert not any(v in p for p in problems for v in VALUES)  # a message never repeats the value


def test_the_folder_search_of_the_acceptance_tests_reads_pdfs_the_same_way(planted):
    # a plain search for lower-case text: "jansen" is in "jansenstraat" there
    assert {v for _, v in find_identifying(planted, VALUES)} == {v.lower() for v in VALUES}


def test_a_soft_hyphen_in_a_page_is_read_both_ways(tmp_path):
    (tmp_path / "page.html").write_text("<p>Gesprek met Annelies Verhoe&shy;ven en Visser-&shy;De Bruin.</p>")
    origins = sorted(f.problem.split("kolom ")[1].split(" ")[0] for f in check([tmp_path], VALUES, 5))
    assert origins == ["x.body.naam", "x.hard_hyphen.naam"]


def test_the_pdf_reader_is_part_of_the_kept_texts_and_verdicts(monkeypatch):
    """A kept PDF text and a kept verdict are only reused by the same reader: pypdfium2's and PDFium's
    versions and this module's source are in the text's file name and in the verdicts' key."""
    import pypdfium2.version

    version = privacy_check.pdf_reader_version()
    assert pypdfium2.version.PYPDFIUM_INFO.version in version and pypdfium2.version.PDFIUM_INFO.version in version
    data = report_pdf("Tekst.")
    name, digest = privacy_check._pdf_text_name(data), privacy_check.rules_digest(VALUES, 5)
    monkeypatch.setattr(privacy_check, "pdf_reader_version", lambda: version + " (another build)")
    assert privacy_check._pdf_text_name(data) != name
    assert privacy_check.rules_digest(VALUES, 5) != digest


def test_the_wallpaper_banner_reads_as_the_banner(full_site):
    """The 53 cm banner is the banner drawn smaller; PDFium started a new line inside words there
    ("o" + "fficieel": matplotlib starts a new run for a ligature, a hair to the left): the reader
    joins such runs, so both PDFs give the same words (but for the print size) and a name with a
    ligature stays whole."""

    def words(pdf):
        lines = "\n".join(pdf_pages(pdf.read_bytes())).splitlines()
        return " ".join(line for line in lines if not line.startswith("Afdrukken: ")).split()  # "1000 × 53 cm"

    banners = sorted((full_site / "downloads").glob("levenslijn-*-banner-53cm.pdf"))
    assert len(banners) >= 5
    for small in banners:
        big = words(small.with_name(small.name.replace("-53cm", "")))
        assert len(big) > 200 and words(small) == big, small.name
    arnold = " ".join(pdf_pages((full_site / "downloads/levenslijn-arnold-banner-53cm.pdf").read_bytes()))
    assert "Tante officieel weekendpleegouder" in arnold


def test_a_message_never_shows_a_value_next_to_the_one_it_names(tmp_path):
    """The context of a finding is masked: a name next to a count or next to another value does not
    reach the log through the message (the table row above: "Mustafa Yılmaz coördinator ▒▒▒")."""
    (tmp_path / "page.html").write_text(
        "<p>Mustafa Yılmaz coördinator: moeder belt vaak over de rechtszaak. Focusgroep met Priscilla Oudejans (n = 3).</p>"
    )
    problems = [str(f) for f in check([tmp_path], VALUES, 5)]
    assert len(problems) == 4 and sum("aantal 3 (< 5)" in p for p in problems) == 1
    assert not any(v in p or v.split()[-1] in p for p in problems for v in VALUES), problems
