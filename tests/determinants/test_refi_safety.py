"""Texts as internal sources, line ends and control characters, safe reading, bad input, and
validation of every export against the official REFI-QDA schemas."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.determinants import refi_qda, validate
from analysis.validation import ValidationError

from .conftest import FIXTURES, make_qdpx, official_schema, other_tool_zip

ROOT = Path(__file__).resolve().parents[2]
P = "{urn:QDA-XML:project:1.0}"


def _codings(texts_and_quotes):
    rows = []
    for resp, text, quotes in texts_and_quotes:
        for i, q in enumerate(quotes, start=1):
            a = text.index(q)
            rows.append(
                (
                    resp,
                    "gemeente",
                    f"{resp}-s{i}",
                    "knowledge",
                    "bevorderend",
                    "codeur_1",
                    "determinant",
                    a,
                    a + len(q),
                    q,
                )
            )
    return pd.DataFrame(
        rows,
        columns=["respondent", "group", "segment", "determinant", "valence", "coder", "level", "start", "end", "quote"],
    )


# ------------------------------------------------------------------ line ends and control characters


def test_normalise_text_and_positions():
    clean, removed = refi_qda.normalise_text("ab\r\ncd\x0bef\rgh\x07i\r\n")
    assert clean == "ab\ncd\nef\ngh i\n"
    assert list(removed) == [2, 14]
    # 'c' at 4 in the original is at 3 once the CR of CR LF is gone; 'i' moves from 13 to 12, the end
    # of the text from 16 to 14; a position between CR and LF lands on the LF.
    assert list(refi_qda.move_positions([0, 2, 3, 4, 13, 16], removed)) == [0, 2, 2, 3, 12, 14]
    assert refi_qda.normalise_text("geen wijziging")[1] is None


def test_export_with_windows_line_ends_and_a_word_line_break_keeps_every_quote(tmp_path):
    text = "Kop\r\nI: Vraag?\r\nR: Het eerste antwoord.\x0bMet een Word-regeleinde.\r\nR: Tweede antwoord.\r\n"
    quotes = ["Het eerste antwoord.", "Met een Word-regeleinde.", "Tweede antwoord."]
    codings = _codings([("R01", text, quotes)])
    root = refi_qda.project_root(("midi",), users={"codeur_1": "codeur_1"})
    files = refi_qda.add_codings(root, codings, texts={"R01": text})
    out = refi_qda.write_qdpx(tmp_path / "p.qdpx", root, sources=files)
    with zipfile.ZipFile(out) as z:
        stored = [z.read(n) for n in z.namelist() if n.startswith("sources/")]
        qde = z.read("project.qde")
    assert len(stored) == 1 and b"\r" not in stored[0] and b"\x0b" not in stored[0]
    assert b"PlainTextContent" not in qde and b'plainTextPath="internal://' in qde
    res = refi_qda.import_project(out, segment_from="name")
    assert list(res.table.sort_values("segment")["quote"]) == quotes


def test_inline_text_with_escaped_carriage_returns_is_moved_too(tmp_path):
    """A program that writes inline text and escapes CR as &#13; counted it in its positions."""
    qde = refi_qda.project_qde_bytes(("midi",)).replace(
        b"</CodeBook>",
        b'</CodeBook><Sources><TextSource guid="11111111-1111-4111-8111-111111111111" '
        b'name="R1"><PlainTextContent>Kop&#13;\nIk weet het.</PlainTextContent>'
        b'<PlainTextSelection guid="22222222-2222-4222-8222-222222222222" startPosition="5" '
        b'endPosition="17"><Coding guid="33333333-3333-4333-8333-333333333333"><CodeRef targetGUID="'
        + refi_qda.guid("code", "knowledge").encode()
        + b'"/></Coding></PlainTextSelection>'
        b"</TextSource></Sources>",
    )
    res = refi_qda.import_project(make_qdpx(tmp_path / "p.qdpx", qde))
    assert res.table.loc[0, "quote"] == "Ik weet het." and (res.table.loc[0, "start"], res.table.loc[0, "end"]) == (
        4,
        16,
    )


# ------------------------------------------------------------------ bad input: refused, nothing written


def _script(tmp_path, project):
    out = tmp_path / "uit.csv"
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "qdpx_to_coding_table.py"), str(project), str(out)],
        capture_output=True,
        text=True,
    )
    return r, out


def test_text_file_missing_from_the_archive(tmp_path, other_tool_qde):
    p = make_qdpx(tmp_path / "p.qdpx", other_tool_qde)  # project.qde only, no sources/
    with pytest.raises(ValidationError) as e:
        refi_qda.import_project(p)
    assert e.value.file.endswith("p.qdpx")
    assert (
        "<TextSource name='Interview 01'>: plainTextPath 'internal://50000000-0000-4000-8000-000000000001.txt' "
        "verwijst naar sources/50000000-0000-4000-8000-000000000001.txt"
    ) in str(e.value)
    r, out = _script(tmp_path, p)
    assert r.returncode == 1 and "staat niet in het archief" in r.stderr and not out.exists()


def test_selection_beyond_the_end_of_its_text(tmp_path, other_tool_qde, mapping_file):
    qde = other_tool_qde.replace(b'startPosition="131" endPosition="171"', b'startPosition="131" endPosition="900"')
    with pytest.raises(
        ValidationError,
        match=r"<TextSource name='Interview 02'>: <PlainTextSelection "
        r"guid='51000000-0000-4000-8000-000000000007'> eindigt op positie 900, "
        r"voorbij het einde van de tekst \(172 tekens\)",
    ):
        refi_qda.import_project(other_tool_zip(tmp_path / "p.qdpx", qde), mapping=mapping_file)


def test_text_that_is_not_utf8(tmp_path, other_tool_qde):
    src = FIXTURES / "other_tool" / "sources"
    extra = {f"sources/{p.name}": p.read_bytes() for p in src.iterdir()}
    name = "sources/50000000-0000-4000-8000-000000000002.txt"
    extra[name] = extra[name].decode("utf-8").encode("cp1252")  # ’ becomes byte 0x92
    with pytest.raises(ValidationError, match=r"<TextSource name='Interview 02'>: de tekst is geen UTF-8 \(byte 26\)"):
        refi_qda.import_project(make_qdpx(tmp_path / "p.qdpx", other_tool_qde, extra))


def test_entity_expansion_is_refused_without_expanding(tmp_path):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10) for i in range(1, 10)
        )
        + b']><Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>'
    )
    p = make_qdpx(tmp_path / "bom.qdpx", bomb)
    with pytest.raises(ValidationError, match="DOCTYPE- of ENTITY-definitie"):
        refi_qda.import_project(p)
    r, out = _script(tmp_path, p)
    assert r.returncode == 1 and not out.exists()


def test_project_over_the_size_limit(tmp_path, monkeypatch, other_tool_qde):
    p = other_tool_zip(tmp_path / "groot.qdpx", other_tool_qde)
    monkeypatch.setattr(refi_qda, "MAX_XML_BYTES", 1000)
    with pytest.raises(ValidationError, match=r"project.qde \(project.qde\) is 0 MB; de grens is 0 MB"):
        refi_qda.import_project(p)
    bare = tmp_path / "project.qde"
    bare.write_bytes(other_tool_qde)
    with pytest.raises(ValidationError, match="het project is"):
        refi_qda.import_project(bare)


def test_declared_size_cannot_hide_a_bigger_member(tmp_path, monkeypatch, other_tool_qde):
    """A zip whose header under-states the size (zip bomb) is cut off at the limit, not read whole."""
    p = other_tool_zip(tmp_path / "p.qdpx", other_tool_qde)
    monkeypatch.setattr(refi_qda, "MAX_XML_BYTES", 5000)
    proj = refi_qda._Project(p)
    proj.zip = zipfile.ZipFile(p)
    info = proj.zip.getinfo("project.qde")
    info.file_size = 10  # a lying header
    with pytest.raises((ValidationError, zipfile.BadZipFile)):
        proj._member_bytes(info, refi_qda.MAX_XML_BYTES, "project.qde")


def test_path_leaving_the_archive_is_refused(tmp_path, other_tool_qde):
    p = other_tool_zip(tmp_path / "p.qdpx", other_tool_qde)
    with zipfile.ZipFile(p, "a") as z:
        z.writestr("../../buiten.txt", "x")
    with pytest.raises(ValidationError, match=r"pad dat buiten de map wijst \('../../buiten.txt'\)"):
        refi_qda.import_project(p)
    r, out = _script(tmp_path, p)
    assert r.returncode == 1 and not out.exists()


def test_uncoded_project_is_refused_and_nothing_is_written(tmp_path):
    p = refi_qda.write_qdpx(tmp_path / "leeg.qdpx")
    with pytest.raises(ValidationError, match=r"het project bevat geen gecodeerde tekstfragmenten \(0 tekstbron"):
        refi_qda.import_project(p)
    r, out = _script(tmp_path, p)
    assert r.returncode == 1 and "geen gecodeerde tekstfragmenten" in r.stderr and not out.exists()


def test_nvivo_guid_forms_in_references(tmp_path, other_tool_qde, mapping_file):
    """NVivo writes {UPPER-CASE} GUIDs; references in another spelling still meet."""
    qde = other_tool_qde.replace(
        b'targetGUID="c0000000-0000-4000-8000-000000000011"', b'targetGUID="{C0000000-0000-4000-8000-000000000011}"'
    )
    res = refi_qda.import_project(other_tool_zip(tmp_path / "p.qdpx", qde), mapping=mapping_file)
    assert (res.table["determinant"] == "procedural_clarity").sum() == 2


# ------------------------------------------------------------------ the official schemas


@pytest.mark.sources
def test_every_download_validates_against_the_official_schemas(tmp_path):
    project_xsd, codebook_xsd = official_schema("Project.xsd"), official_schema("Codebook.xsd")
    files = validate.idu_artefacts({}, tmp_path)
    for f in files:
        if f.suffix == ".qdc":
            refi_qda.validate_xml(f.read_bytes(), "codebook", codebook_xsd)
        else:
            with zipfile.ZipFile(f) as z:
                refi_qda.validate_xml(z.read("project.qde"), "project", project_xsd)
    for fw in (("cfir",), ("midi", "idu_themes")):
        refi_qda.validate_xml(refi_qda.codebook_qdc_bytes(fw), "codebook", codebook_xsd)


@pytest.mark.sources
def test_demonstration_project_validates_and_reads_back_exactly(tmp_path):
    project_xsd = official_schema("Project.xsd")
    raw = ROOT / "data_raw" / "idu_midi_demo"
    tables = {
        n: pd.read_csv(raw / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in ("respondents", "codings", "interviews")
    }
    tables["codings"] = tables["codings"].astype({"start": int, "end": int})
    root, files = validate.demo_project(tables)
    out = refi_qda.write_qdpx(tmp_path / "demo.qdpx", root, sources=files)
    with zipfile.ZipFile(out) as z:
        refi_qda.validate_xml(z.read("project.qde"), "project", project_xsd)
        assert len([n for n in z.namelist() if n.startswith("sources/") and n.endswith(".txt")]) == 27
    back = refi_qda.import_project(out, validate.load_codebook(validate.IDU_FRAMEWORKS), segment_from="name").table
    cols = ["respondent", "group", "segment", "determinant", "valence", "coder", "start", "end", "quote"]
    a = back[cols].astype(str).sort_values(cols).reset_index(drop=True)
    b = tables["codings"][cols].astype(str).sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 501 and a["quote"].str.len().min() > 20
