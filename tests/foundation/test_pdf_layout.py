"""PDFs that print: no two words of any report PDF overprint, in either renderer.

Word boxes come from poppler's ``pdftotext -bbox`` (analysis/pdf_layout.py). The check is
shown to catch overprinting on a planted PDF (a table whose columns are narrower than their
words, as Quarto's default layout made of the 10-column case table) and to pass a clean one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import pdf_layout

pytestmark = pytest.mark.skipif(
    not pdf_layout.available(), reason="pdftotext (poppler-utils) ontbreekt; Debian: apt-get install poppler-utils"
)

CLEAN = """#set page(paper: "a4")
= Een kop
Gewone tekst in een alinea die over meerdere regels loopt, zodat woorden naast en onder elkaar
staan maar elkaar nergens raken. Nog een zin met een lang woord: jeugdhulpverleningsinstelling.

#table(columns: (1fr, 1fr, 1fr), [Kolom een], [Kolom twee], [Kolom drie], [korte cel], [nog een cel], [derde])
"""
# two columns of 14 pt for 14-letter words: each word runs over its neighbour
OVERPRINTED = CLEAN + "\n#table(columns: (14pt, 14pt), [Casusnummering], [Bronverwijzing], [a], [b])\n"


def _pdf(tmp_path: Path, name: str, source: str) -> Path:
    import typst

    typ = tmp_path / f"{name}.typ"
    typ.write_text(source, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(typst.compile(str(typ)))
    return pdf


def test_the_check_catches_a_planted_overprint_and_passes_clean_text(tmp_path):
    assert pdf_layout.overlapping_words(_pdf(tmp_path, "schoon", CLEAN)) == []
    pairs = pdf_layout.overlapping_words(_pdf(tmp_path, "over", OVERPRINTED))
    assert [(a.text, b.text) for a, b in pairs] == [("Casusnummering", "Bronverwijzing")]
    assert "1 woordparen overlappen (p. 1: 'Casusnummering' over 'Bronverwijzing')" in pdf_layout.describe(
        Path("over.pdf"), pairs
    )


def _report_pdfs(site: Path) -> list[Path]:
    pdfs = sorted((site / "reports").glob("*.pdf"))
    assert len(pdfs) >= 8, [p.name for p in pdfs]
    return pdfs


def _check(site: Path) -> None:
    problems = [pdf_layout.describe(p, pairs) for p in _report_pdfs(site) if (pairs := pdf_layout.overlapping_words(p))]
    assert not problems, "\n".join(problems)


def test_no_word_overprints_another_in_any_embedded_report_pdf(full_site):
    _check(full_site / "_site")


def test_no_word_overprints_another_in_any_quarto_report_pdf(quarto_site):
    _check(quarto_site / "_site")
