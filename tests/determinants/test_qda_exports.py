"""Projects in the shape real QDA programs write them (tests/fixtures/exports/make_qda_exports.py):
each imports with the expected codes, coders, groups, positions and quotes, written out by hand."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analysis.determinants import refi_qda
from analysis.determinants.frameworks import load_codebook

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
COLS = ["respondent", "group", "determinant", "valence", "coder", "level", "start", "end", "quote"]


def _rows(res):
    return sorted(tuple(r) for r in res.table[COLS].astype(object).itertuples(index=False))


def _import(name, **kw):
    return refi_qda.import_project(EXPORTS / name, load_codebook(["midi", "idu_themes"]), **kw)


def test_committed_exports_are_what_the_script_writes(tmp_path):
    for p in EXPORTS.glob("*.qdpx"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    subprocess.run([sys.executable, str(EXPORTS / "make_qda_exports.py")], check=True, capture_output=True)
    for p in tmp_path.glob("*.qdpx"):
        assert (EXPORTS / p.name).read_bytes() == p.read_bytes(), p.name


def test_atlasti_two_coders_overlap_free_quotation_category_and_crlf():
    res = _import("atlasti_twee_codeurs.qdpx", mapping={"Mooi citaat": "-"})
    d1, d2 = "D1: Interview gemeente 1", "D2: Interview zorgaanbieder 1"
    a, b = "Onderzoeker A", "Onderzoeker B"
    assert _rows(res) == sorted(
        [
            (
                d1,
                "gemeente",
                "procedural_clarity",
                "bevorderend",
                a,
                "determinant",
                152,
                206,
                "Het is helder welke stappen we zetten. Dat helpt echt.",
            ),
            (
                d1,
                "gemeente",
                "procedural_clarity",
                "bevorderend",
                b,
                "determinant",
                152,
                190,
                "Het is helder welke stappen we zetten.",
            ),
            (
                d1,
                "gemeente",
                "time_available",
                "belemmerend",
                a,
                "determinant",
                210,
                262,
                "Maar de tijd ontbreekt vaak, de caseload is te hoog.",
            ),
            (
                d1,
                "gemeente",
                "time_available",
                "belemmerend",
                b,
                "determinant",
                210,
                262,
                "Maar de tijd ontbreekt vaak, de caseload is te hoog.",
            ),
            (
                d1,
                "gemeente",
                "organisation",
                "bevorderend",
                a,
                "category",
                299,
                361,
                "De organisatie staat er achter, al merk je weinig van sturing.",
            ),
            (
                d2,
                "zorgaanbieder",
                "social_support",
                "bevorderend",
                a,
                "determinant",
                140,
                199,
                "Collega's steunen elkaar goed, we bespreken casussen samen.",
            ),
            (
                d2,
                "zorgaanbieder",
                "knowledge",
                "belemmerend",
                a,
                "determinant",
                203,
                249,
                "Ik weet niet altijd wat er in het voorveld is.",
            ),
            (
                d2,
                "zorgaanbieder",
                "knowledge",
                "neutraal",
                b,
                "determinant",
                203,
                249,
                "Ik weet niet altijd wat er in het voorveld is.",
            ),
        ]
    )
    report = dict(zip(res.report["message"], res.report["count"]))
    assert report["selecties zonder code (zoals vrije citaten in ATLAS.ti) tellen niet mee"] == 1
    assert report["coderingen op een categorie (niet op een determinant): apart geteld"] == 1
    assert report["fragmenten zonder valentiecode kregen 'neutraal'"] == 1
    # The texts in the archive have CR LF line ends; the interviews keep LF only.
    assert all("\r" not in t for t in res.sources["text"])
    with zipfile.ZipFile(EXPORTS / "atlasti_twee_codeurs.qdpx") as z:
        assert all(b"\r\n" in z.read(n) for n in z.namelist() if n.endswith(".txt"))


def test_maxqda_sets_document_variables_duplicate_names_and_pdf_representation():
    res = _import("maxqda_sets_variabelen.qdpx")
    assert _rows(res) == sorted(
        [
            (
                "Interview",
                "gemeente",
                "social_support",
                "bevorderend",
                "MX",
                "determinant",
                120,
                165,
                "Mijn teamleider geeft ruimte om te vertragen.",
            ),
            (
                "Interview",
                "gemeente",
                "legislation_regulations",
                "belemmerend",
                "MX",
                "determinant",
                169,
                217,
                "De regels over privacy maken samenwerken lastig.",
            ),
            (
                "Interview [2]",
                "zorgaanbieder",
                "staff_capacity",
                "neutraal",
                "MX",
                "determinant",
                120,
                167,
                "Er zijn te weinig mensen om alles op te pakken.",
            ),
            (
                "Interview [2]",
                "zorgaanbieder",
                "organisation",
                "bevorderend",
                "MX",
                "category",
                171,
                218,
                "Over de organisatie als geheel ben ik tevreden.",
            ),
            (
                "Beleidsnotitie",
                "Set gemeente",
                "time_available",
                "bevorderend",
                "MX",
                "determinant",
                131,
                185,
                "De gemeente stelt extra tijd beschikbaar voor overleg.",
            ),
        ]
    )
    messages = " ".join(res.report["message"])
    assert (
        "twee bronnen heten 'Interview' (GUID 1d7ae3f7-0534-5bf8-a50f-ad765a6592f7 en "
        "b4e37316-d102-5f02-a3ff-8f24157c2f9f)" in messages
    )
    assert "PDF-bron 'Beleidsnotitie'" in messages
    # The page's version of the report names no source.
    assert "Interview" not in " ".join(res.report["public"]) and "Beleidsnotitie" not in " ".join(res.report["public"])


def test_qualcoder_one_selection_per_coding_dangling_case_and_emoji():
    res = _import("qualcoder_project.qdpx")
    q1 = "Het contact met ouders gaat goed 🙂 en dat motiveert."
    q2 = "Het protocol is ingewikkeld en dat kost tijd."
    assert _rows(res) == sorted(
        [
            (
                "interview_01.txt",
                "gemeente",
                "client_cooperation",
                "bevorderend",
                "codeur één",
                "determinant",
                131,
                183,
                q1,
            ),
            (
                "interview_01.txt",
                "gemeente",
                "client_cooperation",
                "bevorderend",
                "codeur twee",
                "determinant",
                131,
                183,
                q1,
            ),
            ("interview_01.txt", "gemeente", "complexity", "belemmerend", "codeur één", "determinant", 187, 232, q2),
            ("interview_01.txt", "gemeente", "complexity", "bevorderend", "codeur twee", "determinant", 187, 232, q2),
            (
                "interview_02.txt",
                "zorgaanbieder",
                "social_support",
                "belemmerend",
                "codeur één",
                "determinant",
                131,
                177,
                "Van mijn leidinggevende krijg ik weinig steun.",
            ),
        ]
    )
    assert len(q1) == 183 - 131  # the emoji is one code point
    assert res.report["kind"].tolist() == ["waarschuwing"]
    assert "case 'Respondent 01' verwijst naar een bron die niet bestaat" in res.report["message"].iloc[0]
    # The group of interview_02 comes from its (named) case's variable.
    assert set(res.sources["group"]) == {"gemeente", "zorgaanbieder"}


def test_nvivo_braces_guids_no_users_and_crlf_counted_twice():
    res = _import("nvivo_accolades.qdpx")
    assert _rows(res) == sorted(
        [
            (
                "Interview Gooi 3",
                "gemeente",
                "outcome_expectations",
                "bevorderend",
                "onbekend",
                "determinant",
                134,
                172,
                "Ik heb er vertrouwen in dat het werkt.",
            ),
            (
                "Interview Gooi 3",
                "gemeente",
                "knowledge",
                "belemmerend",
                "onbekend",
                "determinant",
                176,
                211,
                "Ik weet te weinig van de wetgeving.",
            ),
        ]
    )
    assert dict(zip(res.report["message"], res.report["count"])) == {
        "coderingen zonder gebruiker (creatingUser): codeur 'onbekend'": 4
    }


@pytest.mark.sources
def test_fixtures_validate_against_the_official_schema():
    from .conftest import official_schema

    for p in EXPORTS.glob("*.qdpx"):
        with zipfile.ZipFile(p) as z:
            refi_qda.validate_xml(z.read("project.qde"), "project", official_schema("Project.xsd"))
