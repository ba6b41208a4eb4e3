import zipfile
from xml.etree import ElementTree as ET

import pandas as pd
import pytest

from analysis.determinants import refi_qda
from analysis.validation import ValidationError, ValidationErrors

from .conftest import make_qdpx, other_tool_zip

P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"

# Quotes written out by hand from the fixture's texts (tests/determinants/fixtures/other_tool/sources):
# each selection is one whole sentence; 'cliënt' and 'collega’s' check that positions count
# Unicode code points, not bytes.
Q1 = "Het is mij niet helemaal duidelijk welke stappen ik moet zetten."
Q2 = "We doen dit eigenlijk al jaren zo, het past goed bij de cliënt."
Q3 = "De werkdruk is zo hoog dat er geen tijd is om het goed te doen."
Q4 = "Mijn teamleider en collega’s helpen echt, we praten er veel over."
Q5 = "Ik weet niet goed wat er in het voorveld allemaal aan aanbod is."
EXPECTED_OTHER_TOOL = pd.DataFrame(
    [
        (
            "Interview 01",
            "gemeente",
            "Interview 01:0-64",
            "procedural_clarity",
            "bevorderend",
            "Codeur A",
            "determinant",
            0,
            64,
            Q1,
        ),
        (
            "Interview 01",
            "gemeente",
            "Interview 01:0-64",
            "procedural_clarity",
            "belemmerend",
            "Codeur B",
            "determinant",
            0,
            64,
            Q1,
        ),
        (
            "Interview 01",
            "gemeente",
            "Interview 01:65-128",
            "compatibility",
            "bevorderend",
            "Codeur A",
            "determinant",
            65,
            128,
            Q2,
        ),
        (
            "Interview 01",
            "gemeente",
            "Interview 01:129-192",
            "time_available",
            "belemmerend",
            "Codeur A",
            "determinant",
            129,
            192,
            Q3,
        ),
        (
            "Interview 02",
            "zorgaanbieder",
            "Interview 02:0-65",
            "social_support",
            "neutraal",
            "Codeur A",
            "determinant",
            0,
            65,
            Q4,
        ),
        (
            "Interview 02",
            "zorgaanbieder",
            "Interview 02:0-65",
            "knowledge",
            "neutraal",
            "Codeur A",
            "determinant",
            0,
            65,
            Q4,
        ),
        (
            "Interview 02",
            "zorgaanbieder",
            "Interview 02:66-130",
            "knowledge",
            "neutraal",
            "Codeur B",
            "determinant",
            66,
            130,
            Q5,
        ),
    ],
    columns=["respondent", "group", "segment", "determinant", "valence", "coder", "level", "start", "end", "quote"],
)


def _sorted(df):
    return df.astype(str).sort_values(list(df.columns)).reset_index(drop=True)


# ------------------------------------------------------------------ export


def test_qdc_is_valid_nested_and_complete():
    data = refi_qda.codebook_qdc_bytes(("midi",))
    refi_qda.validate_xml(data, "codebook")
    root = ET.fromstring(data)
    assert root.tag == f"{C}CodeBook"
    top = root.find(f"{C}Codes").findall(f"{C}Code")
    assert [c.get("name") for c in top] == [
        "Innovatie",
        "Gebruiker",
        "Organisatie",
        "Sociaal-politieke context",
        "Valentie",
    ]
    assert all(c.get("isCodable") == "false" for c in top)
    dets = [c for cat in top[:4] for c in cat.findall(f"{C}Code")]
    assert len(dets) == 29 and dets[0].get("name") == "01 Procedurele helderheid"
    assert all(d.get("isCodable") == "true" and d.get("color", "").startswith("#") for d in dets)
    assert "volgorde" in dets[0].findtext(f"{C}Description")
    assert [c.get("name") for c in top[4].findall(f"{C}Code")] == ["bevorderend", "belemmerend", "neutraal"]


def test_export_is_byte_stable():
    assert refi_qda.codebook_qdc_bytes() == refi_qda.codebook_qdc_bytes()
    assert refi_qda.project_qde_bytes() == refi_qda.project_qde_bytes()


def test_minimal_qdpx_is_a_valid_project(tmp_path):
    p = refi_qda.write_qdpx(tmp_path / "midi.qdpx")
    with zipfile.ZipFile(p) as z:
        assert z.namelist() == ["project.qde"]
        qde = z.read("project.qde")
    refi_qda.validate_xml(qde, "project")
    root = ET.fromstring(qde)
    assert len(root.find(f"{P}Users")) == 1
    assert sum(1 for c in root.iter(f"{P}Code") if c.get("isCodable") == "true") == 29 + 3


def test_schema_rejects_an_invalid_document():
    bad = refi_qda.codebook_qdc_bytes().replace(b'isCodable="true"', b'isCodable="maybe"', 1)
    with pytest.raises(ValueError, match="Codebook.xsd"):
        refi_qda.validate_xml(bad, "codebook")


def test_write_is_all_or_nothing(tmp_path, monkeypatch):
    target = tmp_path / "x.qdpx"
    monkeypatch.setattr(refi_qda, "validate_xml", lambda *a, **k: (_ for _ in ()).throw(ValueError("stop")))
    with pytest.raises(ValueError):
        refi_qda.write_qdpx(target)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ round trip


def test_round_trip_export_add_codings_import(tmp_path):
    codings = pd.DataFrame(
        [
            ("R01", "gemeente", "R01-s1", "procedural_clarity", "bevorderend", "codeur_1"),
            ("R01", "gemeente", "R01-s1", "knowledge", "bevorderend", "codeur_1"),
            ("R01", "gemeente", "R01-s1", "procedural_clarity", "belemmerend", "codeur_2"),
            ("R01", "gemeente", "R01-s2", "time_available", "belemmerend", "codeur_1"),
            ("R02", "zorgaanbieder", "R02-s1", "legislation_regulations", "neutraal", "codeur_1"),
            ("R02", "zorgaanbieder", "R02-s2", "social_support", "bevorderend", "codeur_2"),
        ],
        columns=["respondent", "group", "segment", "determinant", "valence", "coder"],
    )
    exported = refi_qda.write_qdpx(tmp_path / "codeboek.qdpx")
    with zipfile.ZipFile(exported) as z:
        root = ET.fromstring(z.read("project.qde"))
    files = refi_qda.add_codings(root, codings)
    coded = refi_qda.write_qdpx(tmp_path / "gecodeerd.qdpx", root, sources=files)  # validated on write
    res = refi_qda.import_project(coded, segment_from="name")
    pd.testing.assert_frame_equal(_sorted(res.table[codings.columns]), _sorted(codings))
    assert set(res.table["quote"]) == {f"[fragment {s}]" for s in codings["segment"]}
    assert res.n_without_valence == 0 and res.unmapped.empty
    # By position, the two coders of R01-s1 still share one segment.
    pos = refi_qda.import_project(coded).table
    assert pos.groupby("segment")["coder"].nunique().max() == 2


# ------------------------------------------------------------------ another tool


def test_reads_project_written_by_another_tool(other_tool_qdpx, mapping_file):
    res = refi_qda.import_project(other_tool_qdpx, mapping=mapping_file)
    pd.testing.assert_frame_equal(_sorted(res.table), _sorted(EXPECTED_OTHER_TOOL))
    assert set(res.users["name"]) == {"Codeur A", "Codeur B", "Projectleider"}
    assert res.n_without_valence == 1  # Codeur B's 'kennis' on 56-120
    assert res.not_imported == {"PDFSource 'Beleidsnotitie'": 1}
    codes = res.codes.set_index("name")
    assert codes.loc["Procedural clarity", "path"] == "Innovation / Procedural clarity"
    assert codes.loc["Procedural clarity", "color"] == "#1B9E77"
    assert codes.loc["Time", "description"] == "Workload, lack of time"
    assert codes.loc["Admin", "role"] == "ignored"
    assert codes.loc["+", "role"] == "valence" and codes.loc["+", "determinant"] == "compatibility"


def test_bare_qde_is_read_too(tmp_path, other_tool_qde, mapping_file):
    p = tmp_path / "project.qde"
    p.write_bytes(other_tool_qde)
    assert len(refi_qda.import_project(p, mapping=mapping_file).table) == len(EXPECTED_OTHER_TOOL)


def test_mapping_as_dict_and_yaml(tmp_path, other_tool_qdpx):
    m = {"Time": "Beschikbare tijd", "Admin": "-", "Interesting quote": "-"}
    assert len(refi_qda.import_project(other_tool_qdpx, mapping=m).table) == 7
    y = tmp_path / "m.yaml"
    y.write_text("Time: time_available\nAdmin: '-'\nInteresting quote: negeren\n", encoding="utf-8")
    assert len(refi_qda.import_project(other_tool_qdpx, mapping=y).table) == 7


# ------------------------------------------------------------------ bad input


def test_not_a_zip(tmp_path):
    p = tmp_path / "project.qdpx"
    p.write_bytes(b"PK? no, just text")
    with pytest.raises(ValidationError, match="geen zip-archief") as e:
        refi_qda.import_project(p)
    assert e.value.file.endswith("project.qdpx")


def test_zip_without_project_qde(tmp_path):
    p = tmp_path / "p.qdpx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("sources/a.txt", "x")
    with pytest.raises(ValidationError, match="bevat geen project.qde.*sources/a.txt"):
        refi_qda.import_project(p)


def test_xml_that_is_not_refi_qda(tmp_path):
    p = make_qdpx(tmp_path / "p.qdpx", b"<?xml version='1.0'?><html><body/></html>")
    with pytest.raises(ValidationError, match="geen REFI-QDA-project"):
        refi_qda.import_project(p)
    p = make_qdpx(tmp_path / "q.qdpx", b"<Project><Users></Project>")
    with pytest.raises(ValidationError, match="geen geldige XML"):
        refi_qda.import_project(p)


def test_coding_that_points_to_a_missing_code(tmp_path, other_tool_qde, mapping_file):
    qde = other_tool_qde.replace(
        b'<CodeRef targetGUID="c0000000-0000-4000-8000-000000000031"/>\n        </Coding>\n        <Coding guid="52000000-0000-4000-8000-000000000007"',
        b'<CodeRef targetGUID="deadbeef-0000-4000-8000-000000000031"/>\n        </Coding>\n        <Coding guid="52000000-0000-4000-8000-000000000007"',
    )
    assert qde != other_tool_qde
    p = other_tool_zip(tmp_path / "p.qdpx", qde)
    with pytest.raises(ValidationError, match=r"Interview 01.*129-192.*deadbeef"):
        refi_qda.import_project(p, mapping=mapping_file)


def test_dangling_set_and_case_references_are_warnings(tmp_path, other_tool_qde, mapping_file):
    """QualCoder writes case SourceRefs that match no source; no coding depends on them."""
    qde = other_tool_qde.replace(
        b'<MemberSource targetGUID="50000000-0000-4000-8000-000000000002"/>',
        b'<MemberSource targetGUID="50000000-0000-4000-8000-000000000099"/>',
    )
    res = refi_qda.import_project(other_tool_zip(tmp_path / "p.qdpx", qde), mapping=mapping_file)
    assert "set 'zorgaanbieder' verwijst naar een bron die niet bestaat" in " ".join(res.report["message"])
    # The set gave Interview 02 its group; without it the group is unknown, and the report says so.
    assert set(res.table.loc[res.table.respondent == "Interview 02", "group"].isna()) == {True}
    assert "geen groep voor 1 respondent(en) (bijv. 'Interview 02')" in " ".join(res.report["message"])
    qde = other_tool_qde.replace(
        b'<SourceRef targetGUID="50000000-0000-4000-8000-000000000001"/>',
        b'<SourceRef targetGUID="50000000-0000-4000-8000-000000000077"/>',
    )
    res = refi_qda.import_project(other_tool_zip(tmp_path / "q.qdpx", qde), mapping=mapping_file)
    pd.testing.assert_frame_equal(_sorted(res.table), _sorted(EXPECTED_OTHER_TOOL))
    msg = res.report.set_index("kind").loc["waarschuwing", "message"]
    assert "case 'Respondent 01' verwijst naar een bron die niet bestaat" in msg


def test_unmapped_codes_are_listed_not_dropped(other_tool_qdpx):
    with pytest.raises(ValidationError) as e:
        refi_qda.import_project(other_tool_qdpx)
    msg = str(e.value)
    assert "3 code(s)" in msg and "'Organisation / Time' (1×)" in msg
    assert "'Organisation / Admin' (1×)" in msg and "'Interesting quote' (1×)" in msg
    res = refi_qda.import_project(other_tool_qdpx, on_unmapped="list")
    assert sorted(res.unmapped["code_name"]) == ["Admin", "Interesting quote", "Time"]
    assert "time_available" not in set(res.table["determinant"])


def test_mapping_to_unknown_determinant(other_tool_qdpx):
    with pytest.raises(ValidationError, match="onbekende determinant 'Werkdruk'"):
        refi_qda.import_project(other_tool_qdpx, mapping={"Time": "Werkdruk"})


def test_same_segment_coded_twice_by_same_coder(tmp_path, other_tool_qde, mapping_file):
    # Codeur B selects 0-64 again and codes 'Procedural clarity' a second time.
    dup = (
        b'<PlainTextSelection guid="51000000-0000-4000-8000-0000000000aa" startPosition="0" endPosition="64" '
        b'creatingUser="8d0f1a6e-3c9b-4b7a-9f21-5a2b6c7d8e02"><Coding guid="52000000-0000-4000-8000-0000000000aa">'
        b'<CodeRef targetGUID="c0000000-0000-4000-8000-000000000011"/></Coding></PlainTextSelection>\n'
        b'      <PlainTextSelection guid="51000000-0000-4000-8000-000000000003"'
    )
    qde = other_tool_qde.replace(b'<PlainTextSelection guid="51000000-0000-4000-8000-000000000003"', dup, 1)
    p = other_tool_zip(tmp_path / "p.qdpx", qde)
    with pytest.raises((ValidationError, ValidationErrors), match="twee keer"):
        refi_qda.import_project(p, mapping=mapping_file)


def test_committed_qdpx_fixture_reads_the_same(mapping_file):
    """tests/determinants/fixtures/other_tool.qdpx is the packed form of other_tool/ (as a user gets it)."""
    from .conftest import FIXTURES

    res = refi_qda.import_project(FIXTURES / "other_tool.qdpx", mapping=mapping_file)
    pd.testing.assert_frame_equal(_sorted(res.table), _sorted(EXPECTED_OTHER_TOOL))
    with zipfile.ZipFile(FIXTURES / "other_tool.qdpx") as z:
        assert z.read("project.qde") == (FIXTURES / "other_tool" / "project.qde").read_bytes()
        assert sorted(z.namelist())[1:] == sorted(
            f"sources/{p.name}" for p in (FIXTURES / "other_tool" / "sources").iterdir()
        )
