"""A researcher's own coded project through the documented route, as a user runs it (isolated copy,
subprocesses): put the .qdpx in data_raw/private/idu_midi_demo/, run inspect --write, fill in what
inspect could not place, build. The page then says which file it read, counts her data, publishes
no coded project and shows no name of a coder, source or quote anywhere in _site/ (zips included);
bad projects stop the build with nothing written; back to the demonstration gives its page again."""

from __future__ import annotations

import re
import shutil
import zipfile
from html import unescape
from pathlib import Path

import pytest

from analysis.testing import SITE_FRAME, add_private, copy_project, run, snapshot

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
FILES = SITE_FRAME + [
    "analysis/schemas/idu_midi.yaml",
    "analysis/schemas/idu_midi_demo.yaml",
    "analysis/schemas/cfir_ratings.yaml",
    "analysis/schemas/databronnen.yaml",
    "data_raw/databronnen",
    "data_raw/idu_midi",
    "data_raw/idu_midi_demo",
    "data_raw/cfir_ratings",
    "notebooks/20-idu-midi.ipynb",
    "reports/idu-midi.qmd",
]
PRIVATE = Path("data_raw") / "private" / "idu_midi_demo"
# What must never reach a built file: coders' and sources' names, and the interview texts.
IDENTIFYING = [
    "Onderzoeker A",
    "Onderzoeker B",
    "Interview gemeente 1",
    "Interview zorgaanbieder 1",
    "Het is helder welke stappen",
    "caseload is te hoog",
    "SYNTHETISCH TESTINTERVIEW",
]


def _site_texts(site: Path):
    """Every file of the built site as text, zip members included (PDFs as raw bytes)."""
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    yield f"{p.name}!{n}", z.read(n).decode("utf-8", "replace")
        yield p.name, data.decode("utf-8", "replace")


def _groups_read(root: Path) -> list[str]:
    """The group of every respondent as the build read it (data_processed/), as the page would name it."""
    import pandas as pd

    from analysis.determinants.labels import GROUP_LABELS

    df = pd.read_csv(root / "data_processed/idu_midi_demo/respondents.csv")
    return sorted(GROUP_LABELS.get(g, g).lower() for g in df["group"])


def _page_text(root: Path) -> str:
    html = (root / "_site" / "reports" / "idu-midi.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("qda") / "project", FILES)
    r = run(root, "build")
    assert r.returncode == 0, r.stdout + r.stderr
    return root


def test_own_atlasti_project_through_inspect_and_build(project):
    root = project
    demo_page = _page_text(root)
    demo_bytes = (root / "_site" / "reports" / "idu-midi.html").read_bytes()
    assert "berekend op gegenereerde demonstratiedata" in demo_page
    assert b'href="../downloads/idu-midi-demonstratieproject.qdpx"' in demo_bytes
    add_private(root, "idu_midi_demo", [EXPORTS / "atlasti_twee_codeurs.qdpx"])

    # 1. A project without a mapping is not ignored: the build stops and names the command.
    before = snapshot(root / "data_processed")
    r = run(root, "build")
    assert r.returncode != 0
    assert "atlasti_twee_codeurs.qdpx: dit project wordt nog niet gelezen" in r.stdout + r.stderr
    assert "python -m analysis inspect" in r.stdout + r.stderr
    assert snapshot(root / "data_processed") == before

    # 2. inspect proposes the mapping; only 'Mooi citaat' could not be placed.
    r = run(root, "inspect", str(PRIVATE / "atlasti_twee_codeurs.qdpx"), "--dataset", "idu_midi_demo", "--write")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Programma: ATLAS.ti 23.2.1 (windows)" in r.stdout
    assert "niet geplaatst: 'Mooi citaat'" in r.stdout
    mapping = root / PRIVATE / "atlasti_twee_codeurs.mapping.yaml"
    text = mapping.read_text(encoding="utf-8")
    assert '"Mooi citaat": "?"' in text
    # As proposed, the build refuses the unknown target '?' and writes nothing.
    run(root, "manifest", "--update")
    r = run(root, "build")
    assert r.returncode != 0 and "onbekende determinant '?'" in r.stdout + r.stderr
    assert snapshot(root / "data_processed") == before
    mapping.write_text(text.replace('"Mooi citaat": "?"', '"Mooi citaat": "-"'), encoding="utf-8")
    run(root, "manifest", "--update")

    # 3. The build reads the project directly.
    r = run(root, "build")
    assert r.returncode == 0, r.stdout + r.stderr
    page = _page_text(root)
    assert "Eigen gegevens" in page and "atlasti_twee_codeurs.qdpx" in page and "gemaakt met ATLAS.ti 23.2.1" in page
    # 2 respondents (persons under the threshold: "<5", and no split over groups of 1 on the page);
    # 6 distinct spans (two coders share 210-262 and 203-249); 8 codings, all with a quote.
    assert (
        "<5 respondenten (verdeling over de groepen niet getoond: kleine aantallen), 6 fragmenten en "
        "8 codering(en), waarvan 8 met citaat"
    ) in page
    assert _groups_read(root) == ["gemeentelijke toegang", "zorgaanbieders"]
    assert "gegenereerde demonstratiedata" not in page and "synthetische interviewteksten" not in page
    assert "niet gepubliceerd" in page
    assert b"idu-midi-demonstratieproject.qdpx" not in (root / "_site" / "reports" / "idu-midi.html").read_bytes()
    assert not (root / "_site" / "downloads" / "idu-midi-demonstratieproject.qdpx").exists()
    assert not (root / "downloads" / "idu-midi-demonstratieproject.qdpx").exists()
    # Import report on the page: counts, without names.
    assert "selecties zonder code (zoals vrije citaten in ATLAS.ti) tellen niet mee" in page
    assert "coderingen op een categorie" in page
    # The processed coding table carries positions and exact quotes.
    import pandas as pd

    cod = pd.read_csv(root / "data_processed" / "idu_midi_demo" / "codings.csv")
    row = cod[(cod["coder"] == "Onderzoeker B") & (cod["determinant"] == "procedural_clarity")].iloc[0]
    assert (row["start"], row["end"], row["quote"]) == (152, 190, "Het is helder welke stappen we zetten.")
    assert (cod["level"] == "category").sum() == 1
    for name, content in _site_texts(root / "_site"):
        for word in IDENTIFYING:
            assert word not in content, f"{word!r} in {name}"

    # 4. Back to the demonstration data: the demonstration page again, byte for byte.
    shutil.rmtree(root / "data_raw" / "private")
    r = run(root, "build")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (root / "_site" / "reports" / "idu-midi.html").read_bytes() == demo_bytes
    assert (root / "downloads" / "idu-midi-demonstratieproject.qdpx").exists()


@pytest.mark.parametrize("case", ["uncoded", "beyond_end", "code_not_in_codebook"])
def test_bad_project_stops_the_build_and_writes_nothing(project, tmp_path, case):
    root = project
    (root / PRIVATE).mkdir(parents=True, exist_ok=True)
    target = root / PRIVATE / "eigen.qdpx"
    if case == "uncoded":
        from analysis.determinants import refi_qda

        refi_qda.write_qdpx(target)
        expected = "het project bevat geen gecodeerde tekstfragmenten"
    else:
        src = EXPORTS / "maxqda_sets_variabelen.qdpx"
        with zipfile.ZipFile(src) as z, zipfile.ZipFile(target, "w") as out:
            for n in z.namelist():
                data = z.read(n)
                if n == "project.qde" and case == "beyond_end":
                    data = data.replace(b'endPosition="165"', b'endPosition="9999"')
                elif n == "project.qde":  # a coding whose code is missing from the project's codebook
                    data = data.replace(
                        b'<CodeRef targetGUID="241A7066-9FCF-5351-BEED-ACFE73DA11E2"/>',
                        b'<CodeRef targetGUID="00000000-0000-4000-8000-000000000bad"/>',
                        1,
                    )
                out.writestr(n, data)
        expected = (
            "eindigt op positie 9999, voorbij het einde van de tekst"
            if case == "beyond_end"
            else "verwijst naar een code die niet in het codeboek staat"
        )
    (root / PRIVATE / "eigen.mapping.yaml").write_text(
        "dataset: idu_midi_demo\nfile: eigen.qdpx\nfills: project\n", encoding="utf-8"
    )
    run(root, "manifest", "--update")
    before = snapshot(root / "data_processed"), snapshot(root / "_site")
    try:
        r = run(root, "build")
        assert r.returncode != 0
        assert expected in r.stdout + r.stderr and "eigen.qdpx" in r.stdout + r.stderr
        assert (snapshot(root / "data_processed"), snapshot(root / "_site")) == before
    finally:
        shutil.rmtree(root / "data_raw" / "private")
        run(root, "manifest", "--update")


def test_own_maxqda_project_builds_as_inspect_proposes(project):
    """A clean MAXQDA-style export: the proposed mapping needs no edit."""
    root = project
    try:
        _, r = add_private(
            root, "idu_midi_demo", [EXPORTS / "maxqda_sets_variabelen.qdpx"], "maxqda_sets_variabelen.qdpx"
        )
        assert "0 niet te plaatsen" in r.stdout, r.stdout + r.stderr
        # what inspect proposes and what the page counts do not depend on the renderer: the built-in
        # one (with Quarto on PATH the ATLAS.ti test above checks Quarto's own files for her names)
        r = run(root, "build", "--renderer", "embedded")
        assert r.returncode == 0, r.stdout + r.stderr
        page = _page_text(root)
        # Groups: document variable 'Groep' (2 documents, both named 'Interview') and a Set (the PDF).
        assert (
            "<5 respondenten (verdeling over de groepen niet getoond: kleine aantallen), 5 fragmenten en "
            "5 codering(en), waarvan 5 met citaat"
        ) in page
        assert _groups_read(root) == ["gemeentelijke toegang", "set gemeente", "zorgaanbieders"]
        assert "bronnen met dezelfde naam: apart gehouden (op GUID)" in page
        assert "PDF-bronnen: de selecties in de tekstweergave (Representation) zijn ingelezen" in page
        for name, content in _site_texts(root / "_site"):
            for word in ("Mijn teamleider geeft ruimte", "Beleidsnotitie", "privacy maken samenwerken"):
                assert word not in content, f"{word!r} in {name}"
    finally:
        shutil.rmtree(root / "data_raw" / "private")
        run(root, "manifest", "--update")
