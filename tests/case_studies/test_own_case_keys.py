"""Build keys for a researcher's own case study, and the way back to the published cases.

An isolated copy (case-study and Databronnen pages only) is built on the published data; then her
filled template (``tests/fixtures/exports/casus-sjabloon/``, with its mapping and her transcripts)
goes into ``data_raw/private/case_studies/`` and it is built again (both builds once per session:
``cases_published``, ``cases_template_build``; this test changes a copy). Checked: the build picks her files up without
``--force``; changing one of her transcripts, or her sources table, re-runs the case-study
dataset (and then its page) and nothing else; removing her files gives the published site and
processed data back, byte for byte.
"""

from __future__ import annotations


import openpyxl

from analysis.testing import copy_built, run, snapshot

from .conftest import PRIVATE


def _build(root, *args):
    result = run(root, "build", *args)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_her_transcript_or_sources_table_reruns_the_case_studies_and_back_to_published(
    cases_published, cases_template_build, tmp_path
):
    published = snapshot(cases_published / "_site"), snapshot(cases_published / "data_processed")

    built, result = cases_template_build  # her files added to the published build, then built
    out = result.stdout
    assert "--force" not in result.args
    assert "Dataset case_studies: inlezen en valideren (data_raw/private/case_studies/" in out, out
    assert "Dataset databronnen: ongewijzigd, overgeslagen" in out
    root = copy_built(built, tmp_path / "project")
    private = root / PRIVATE

    # one of her transcripts: a line added at the end (the cited lines stay where they are)
    transcript = private / "interview Ria Vermeer.txt"
    transcript.write_text(transcript.read_text(encoding="utf-8") + "Einde van het gesprek.\n", encoding="utf-8")
    assert run(root, "manifest", "--update").returncode == 0
    out = _build(root, "--no-render")
    assert f"Dataset case_studies: inlezen en valideren ({PRIVATE}/interview Ria Vermeer.txt gewijzigd)" in out, out
    assert "Dataset databronnen: ongewijzigd, overgeslagen" in out

    # her sources table (the template's 'sources' sheet): one description reworded
    book = private / "gezin Vermeer.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["sources"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("description") + 1)
    cell.value = f"{cell.value} (herzien)"
    wb.save(book)
    assert run(root, "manifest", "--update").returncode == 0
    out = _build(root, "--renderer", "embedded")
    assert f"Dataset case_studies: inlezen en valideren ({PRIVATE}/gezin Vermeer.xlsx gewijzigd)" in out, out
    assert "Dataset databronnen: ongewijzigd, overgeslagen" in out
    assert "Notebook 10-casusonderzoek.ipynb: uitvoeren (dataset case_studies gewijzigd)" in out, out
    assert "1 notebook(s) uitvoeren" in out, out  # the copy's only notebook that reads case_studies
    page = (root / "_site/reports/casusonderzoek.html").read_text(encoding="utf-8")
    assert "Gezin Vermeer (eigen casus)" in page and "(herzien)" in page

    for p in private.iterdir():
        p.unlink()
    assert run(root, "manifest", "--update").returncode == 0
    out = _build(root, "--renderer", "embedded")
    assert "Dataset case_studies: inlezen en valideren" in out  # no --force: the key sees the empty folder
    assert snapshot(root / "data_processed") == published[1]
    now = snapshot(root / "_site")
    assert sorted(k for k in set(published[0]) | set(now) if published[0].get(k) != now.get(k)) == []
