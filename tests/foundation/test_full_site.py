"""The whole project, built by a new user's command with the embedded renderer, gives every page.

Builds a copy of the tracked project (git ls-files) so the developer's own
outputs stay untouched, and checks the site the readers get: every report page
(HTML + PDF), every notebook page, every codebook, the provenance line on every
report, and the demonstration-data notice on every page built on such data.
"""

from __future__ import annotations

from analysis.schema import parse_schema


def test_every_page_is_rendered(full_site):
    root = full_site
    for qmd in sorted((root / "reports").glob("*.qmd")):
        html = root / "_site/reports" / f"{qmd.stem}.html"
        assert html.exists(), qmd.name
        assert (root / "_site/reports" / f"{qmd.stem}.pdf").read_bytes().startswith(b"%PDF"), qmd.name
        assert "Herkomst: code-versie" in html.read_text(encoding="utf-8"), qmd.name
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        assert (root / "_site/notebooks" / f"{nb.stem}.html").exists(), nb.name
    for schema in sorted((root / "analysis/schemas").glob("*.yaml")):
        assert (root / "_site/codebook" / f"{schema.stem}.html").exists(), schema.name


def test_pages_using_demonstration_data_say_so(full_site):
    """A report page that embeds a notebook reading a demonstration dataset shows the notice."""
    import yaml

    from analysis.notebooks import declared_datasets
    from analysis.render import embeds_of

    root = full_site
    demo = set()
    for path in (root / "analysis/schemas").glob("*.yaml"):
        if parse_schema(yaml.safe_load(path.read_text(encoding="utf-8")), path).demonstration:
            demo.add(path.stem)
    for qmd in sorted((root / "reports").glob("*.qmd")):
        uses = {d for nb in embeds_of(qmd) for d in declared_datasets(nb)}
        if uses & demo:
            html = (root / "_site/reports" / f"{qmd.stem}.html").read_text(encoding="utf-8").lower()
            assert "demonstratiedata" in html, (qmd.name, sorted(uses & demo))
        codebooks = [(root / "_site/codebook" / f"{d}.html").read_text(encoding="utf-8") for d in uses & demo]
        assert all("Demonstratiedata" in c for c in codebooks)


def test_every_printed_page_of_a_demonstration_report_says_so(full_site):
    """A report whose summary says "demonstratiedata" carries the mark on every PDF page."""
    from analysis.privacy_check import pdf_pages

    checked = 0
    for html in sorted((full_site / "_site/reports").glob("*.html")):
        if "Let op: demonstratiedata." not in html.read_text(encoding="utf-8"):
            continue
        pages = pdf_pages(html.with_suffix(".pdf").read_bytes())
        assert all("DEMONSTRATIEDATA" in t for t in pages), (
            html.name,
            [i + 1 for i, t in enumerate(pages) if "DEMONSTRATIEDATA" not in t],
        )
        checked += 1
    assert checked >= 2  # Helmond and IDU-MIDI are built on demonstration data


def test_every_notebook_ran_to_the_end_in_the_build(full_site):
    """What nbval checked (every cell runs without an error), read from the build's own execution of
    each notebook: nbval no longer runs them a second time in ``make test``."""
    import nbformat

    notebooks = sorted((full_site / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 8
    for nb in notebooks:
        executed = nbformat.read(full_site / "_build/notebooks" / nb.name, as_version=4)
        code = [c for c in executed.cells if c.cell_type == "code"]
        source = [c for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "code"]
        assert [c.source for c in code] == [c.source for c in source], nb.name  # this notebook, as committed
        assert code and all(c.execution_count for c in code), nb.name
        errors = [o for c in code for o in c.outputs if o.output_type == "error"]
        assert not errors, (nb.name, errors[:1])
