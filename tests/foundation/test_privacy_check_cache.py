"""The privacy check keeps each PDF's text by the PDF's hash, so a rebuild reads only changed PDFs."""

from __future__ import annotations

import typst

from analysis import privacy_check


def test_pdf_text_is_kept_by_hash_and_unused_texts_are_dropped(tmp_path, monkeypatch):
    monkeypatch.setattr(privacy_check, "PDF_TEXT_CACHE", tmp_path / "pdf-text")
    monkeypatch.setattr(privacy_check, "_used_texts", set())
    one = typst.compile(b"= Rapport\n\nFocusgroep (n = 3).\n")
    two = typst.compile(b"= Rapport\n\nTwaalf ouders.\n")
    assert "Focusgroep (n = 3)" in privacy_check.pdf_text(one)
    (kept,) = (tmp_path / "pdf-text").glob("*.txt")
    assert "Focusgroep (n = 3)" in kept.read_text(encoding="utf-8")
    kept.write_text("gelezen uit de bewaarde tekst", encoding="utf-8")  # the same bytes: not parsed again
    assert privacy_check.pdf_text(one) == "gelezen uit de bewaarde tekst"
    assert "Twaalf ouders" in privacy_check.pdf_text(two)  # other bytes: their own text
    assert len(list((tmp_path / "pdf-text").glob("*.txt"))) == 2

    monkeypatch.setattr(privacy_check, "_used_texts", set())
    privacy_check.pdf_text(two)  # a later check that no longer meets the first PDF
    privacy_check.forget_unused_pdf_texts()
    assert not kept.exists() and len(list((tmp_path / "pdf-text").glob("*.txt"))) == 1
