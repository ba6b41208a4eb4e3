"""The privacy check keeps each PDF's text by the PDF's hash, so a rebuild reads only changed PDFs."""

from __future__ import annotations

import pytest
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


def test_verdicts_are_kept_by_file_hash_and_rules_and_the_check_stays_as_strict(tmp_path, monkeypatch):
    """A file whose bytes did not change is not read again while the values and threshold stay the
    same; a new identifying value (a researcher's new export) checks every file again, so a leak in
    a file that did not change is still found; a changed file or threshold is checked again."""
    monkeypatch.setattr(privacy_check, "PDF_TEXT_CACHE", tmp_path / "pdf-text")
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>Gesprek met Jansen over de hulp.</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>Uitkomsten van de focusgroep (n = 3).</p>", encoding="utf-8")
    (site / "c.html").write_text("<p>Nog niets bijzonders.</p>", encoding="utf-8")
    cache = tmp_path / "verdicts.json"
    read = []
    real_texts = privacy_check.texts
    monkeypatch.setattr(privacy_check, "texts", lambda name, data, depth=0: read.append(name) or real_texts(name, data))

    def run(values, k=5):
        read.clear()
        found = privacy_check.check([site], values=values, k=k, cache=cache)
        return sorted(f.file.rsplit("/", 1)[-1] + ": " + f.problem.split(" (")[0] for f in found)

    values = {"Jansen": "ds.t.naam"}
    first = run(values)
    assert first == [
        "a.html: waarde uit de identificerende kolom ds.t.naam staat erin",
        "b.html: aantal 3",
    ]
    assert len(read) == 3
    assert run(values) == first and read == []  # nothing changed: kept verdicts, nothing read

    (site / "c.html").write_text("<p>Jansen belde terug.</p>", encoding="utf-8")
    assert run(values) == [*first, "c.html: waarde uit de identificerende kolom ds.t.naam staat erin"]
    assert [r.rsplit("/", 1)[-1] for r in read] == ["c.html"]  # only the changed file is read

    # a new identifying value in a file that did not change since its verdict was kept
    (site / "d.html").write_text("<p>Mustafa belde.</p>", encoding="utf-8")
    run(values)
    assert run(values) == run(values) and read == []  # d.html kept as clean under the old values
    more = run({**values, "Mustafa": "ds.t.naam"})
    assert len(read) == 4  # every file read again
    assert "d.html: waarde uit de identificerende kolom ds.t.naam staat erin" in more

    # another threshold checks the counts again
    assert not any(f.startswith("b.html") for f in run({**values, "Mustafa": "ds.t.naam"}, k=3))
    assert len(read) == 4


def test_value_matcher_settles_overlaps_left_to_right_longest_first():
    """The matcher looks values up by their first word; what it finds is what one alternation of
    every value (longest first, left to right, no overlaps) found: a longer value wins over the
    shorter one inside it, a name broken over lines is found, a value inside a longer word is not."""
    matcher = privacy_check.ValueMatcher({"Jan de Vries": "a.t.naam", "de Vries": "a.t.achternaam", "R01": "a.t.id"})
    text = "Met Jan de\n  Vries; later de Vries en R012, (R01) en JAN DE VRIES."
    found = [(text[i : i + 12].split(";")[0].split(",")[0], origin) for i, origin in matcher.find(text)]
    assert found == [
        ("Jan de\n  Vri", "a.t.naam"),
        ("de Vries en ", "a.t.achternaam"),
        ("R01) en JAN ", "a.t.id"),
    ]  # JAN DE VRIES: the same value and origin as the first match, reported once
    assert matcher.find("Jansen, deVries, XR01") == []


def test_values_prepared_in_advance_are_the_same_check(tmp_path, monkeypatch):
    """The build makes the check's matcher while the notebooks run (privacy_check.prepare_matcher): it
    finds what the values themselves find, keeps the verdicts kept for them (the same rules
    digest), and a failure to read the values is raised where the matcher is asked for."""
    monkeypatch.setattr(privacy_check, "PDF_TEXT_CACHE", tmp_path / "pdf-text")
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>Gesprek met Jansen en Visser-De Bruin.</p>", encoding="utf-8")
    values = {"Jansen": "ds.t.naam", "Visser-De Bruin": "ds.t.naam"}
    monkeypatch.setattr(privacy_check, "all_values", lambda: dict(values))
    matcher = privacy_check.prepare_matcher().result()
    assert privacy_check.rules_digest(matcher, 5) == privacy_check.rules_digest(values, 5)
    cache = tmp_path / "verdicts.json"
    by_dict = privacy_check.check([site], values=values, k=5, cache=cache)
    assert len(by_dict) == 2
    read = []
    real_texts = privacy_check.texts
    monkeypatch.setattr(privacy_check, "texts", lambda name, data, depth=0: read.append(name) or real_texts(name, data))
    assert privacy_check.check([site], values=matcher, k=5, cache=cache) == by_dict
    assert read == []  # the verdict kept for the dict of values serves the matcher made from it

    def unreadable():
        raise OSError("data_processed/x/y.csv: niet te lezen")

    monkeypatch.setattr(privacy_check, "all_values", unreadable)
    failing = privacy_check.prepare_matcher()
    with pytest.raises(OSError, match="niet te lezen"):
        failing.result()
