"""The build time (SOURCE_DATE_EPOCH, the commit's) is only in the keys of steps whose output can
carry a date; every other step's output carries none, so a new commit re-runs no data step and no
notebook (issue 10.3: each key covers exactly what its step reads)."""

from __future__ import annotations

import json
import re
import zipfile

DATE = "bouwtijd (SOURCE_DATE_EPOCH)"
# what a date looks like in the files the build writes: SVG/XMP metadata, PDF info, ISO timestamps
DATE_MARKS = re.compile(rb"<dc:date>|/CreationDate|/ModDate|<xmp:CreateDate>|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def test_only_dated_outputs_have_the_build_time_in_their_key(full_site):
    state = json.loads((full_site / "_build" / "state.json").read_text(encoding="utf-8"))
    keyed = sorted(step for step, entry in state.items() if DATE in (entry.get("inputs") or {}))
    generic = [s for s, e in state.items() if any("SOURCE_DATE_EPOCH" in k for k in e.get("inputs") or {})]
    assert set(generic) == set(keyed)  # never as a plain environment variable of the code
    pdf_pages = sorted(
        f"page:{p.relative_to(full_site / '_build' / 'site').with_suffix('.qmd').as_posix()}"
        for p in (full_site / "_build" / "site").rglob("*.pdf")
        if "downloads" not in p.parts
    )
    assert len(pdf_pages) == 9 and keyed == pdf_pages
    assert not [s for s in keyed if s.startswith(("data:", "notebook:"))]


def test_outputs_of_steps_without_the_build_time_carry_no_date(full_site):
    """Data tables, downloads (banners included), executed notebooks and the HTML pages: no date."""
    site = full_site / "_build" / "site"
    files = [
        *(full_site / "data_processed").rglob("*"),
        *(full_site / "_build" / "downloads").rglob("*"),
        *(full_site / "_build" / "notebooks").rglob("*.ipynb"),
        *site.rglob("*.html"),
        *site.rglob("*.svg"),
    ]
    files = [f for f in files if f.is_file()]
    assert len(files) > 100 and any(f.name.endswith("-banner.svg") for f in files)
    dated = []
    for f in files:
        members = [f.read_bytes()]
        if f.suffix in (".qdpx", ".zip", ".xlsx", ".docx"):  # a REFI-QDA project: XML in a zip
            with zipfile.ZipFile(f) as z:
                members = [z.read(n) for n in z.namelist()]
        dated += [str(f.relative_to(full_site)) for data in members if DATE_MARKS.search(data)]
    assert dated == []
