"""Bad questionnaire input through the private-folder route: refused, named, nothing written.

One project copy built from a good export (Dutch-Excel csv) and its accepted mapping (a copy of the
session's ``questionnaire_csv``).
Each case then changes the private folder as a researcher might get it wrong, runs the build
as she would (``python -m analysis build``), and checks: exit code 1, a message naming file,
row and column and what was expected, and ``data_processed/`` and ``_site/`` byte for byte as
they were. The good files are put back after each case.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.testing import copy_built, run, snapshot

from .test_byo_acceptance import CSV, EXPORTS, PRIVATE

MAPPING = "SDQ en ARI 2024 (Excel).mapping.yaml"
SAV = "sdq_ari_2024.sav"
XLSX = "alleen SDQ 2023.xlsx"


@pytest.fixture(scope="module")
def project(questionnaire_csv, tmp_path_factory):
    """A copy of the built csv study (export + the mapping inspect proposed, built); the good files,
    and the mappings inspect proposes for the sav and xlsx exports (placed after the csv, as before)."""
    root = copy_built(questionnaire_csv, tmp_path_factory.mktemp("bad") / "project")
    folder = root / PRIVATE
    good = {CSV: (folder / CSV).read_bytes(), MAPPING: (folder / MAPPING).read_bytes()}
    assert good[CSV] == (EXPORTS / CSV).read_bytes()
    for export in (SAV, XLSX):
        shutil.copy(EXPORTS / export, folder / export)
        r = run(root, "inspect", f"{PRIVATE}/{export}", "--dataset", "helmond_questionnaires", "--write")
        assert r.returncode == 0, r.stderr
        stem = export.rsplit(".", 1)[0]
        good[export] = (folder / export).read_bytes()
        good[stem + ".mapping.yaml"] = (folder / f"{stem}.mapping.yaml").read_bytes()
    for name in list(good):  # the build reads only the csv study; the others wait outside
        if not name.startswith("SDQ en ARI"):
            (folder / name).unlink()
    assert run(root, "manifest", "--update").returncode == 0
    return root, good


def _csv_text(good) -> str:
    return good[CSV].decode("cp1252")


def _put(root: Path, good: dict, files: dict[str, bytes | str]) -> None:
    folder = root / PRIVATE
    for p in folder.iterdir():
        if p.name != "MANIFEST.sha256":
            p.unlink()
    for name, data in files.items():
        # exports as Dutch Excel writes them (Windows-1252); mapping files as inspect writes them (UTF-8)
        encoding = "utf-8" if name.endswith(".yaml") else "cp1252"
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    assert run(root, "manifest", "--update").returncode == 0


def _mapping(good, old: str, new: str) -> str:
    text = good[MAPPING].decode("utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _bad_sav(good, tmp: Path) -> bytes:
    """The SPSS export with SDQ value labels the wrong way round (0 = 'Zeker waar')."""
    import pyreadstat

    src = tmp / "good.sav"
    src.write_bytes(good[SAV])
    df, meta = pyreadstat.read_sav(str(src), user_missing=True)
    labels = dict(meta.variable_value_labels)
    for col in [c for c in df.columns if c.startswith("sdq")]:
        labels[col] = {0.0: "Zeker waar", 1.0: "Een beetje waar", 2.0: "Niet waar", 9.0: "geen antwoord"}
    out = tmp / "bad.sav"
    pyreadstat.write_sav(df, str(out), variable_value_labels=labels, missing_ranges=meta.missing_ranges)
    return out.read_bytes()


def _with_age(row: str, age: str) -> str:
    cells = row.split(";")  # the age is the third column, before any quoted free text
    cells[2] = age
    return ";".join(cells)


def CASES(good, tmp):
    csv = _csv_text(good)
    mapping = good[MAPPING]
    rows = csv.split("\r\n")
    age_19 = "\r\n".join([rows[0], _with_age(rows[1], "19,1"), *rows[2:]])
    dup = "\r\n".join([rows[0], rows[1], rows[1], *rows[2:]])
    label = "\r\n".join([rows[0], rows[1].replace("Zeker waar", "Zeker wel", 1), *rows[2:]])
    typo = csv.replace("T1_SDQ10", "T1_SDQ1O", 1)
    xlsx_mapping = good["alleen SDQ 2023.mapping.yaml"].decode("utf-8")
    return {
        "mapping names a column the export lacks": (
            {CSV: csv, MAPPING: _mapping(good, '"Respondentnummer": respondent_id', '"Respondentnr": respondent_id')},
            [
                MAPPING,
                "de mapping noemt kolom 'Respondentnr', maar die staat niet in " + CSV,
                "(bedoelt u 'Respondentnummer'?)",
            ],
        ),
        "two export columns on one schema column": (
            {
                CSV: csv,
                MAPPING: _mapping(good, '  - "Naam ouder"', "").replace(
                    '"Respondentnummer": respondent_id',
                    '"Respondentnummer": respondent_id\n  "Naam ouder": respondent_id',
                ),
            },
            ["twee exportkolommen ('Respondentnummer' en 'Naam ouder') wijzen naar dezelfde kolom 'respondent_id'"],
        ),
        "answer label not in the mapping": (
            {CSV: label, MAPPING: mapping},
            [
                CSV,
                "rij 2, kolom 'T0_SDQ",
                "waarde 'Zeker wel' staat niet in 'values' van de mapping",
                "(bedoelt u 'Zeker waar'?)",
            ],
        ),
        "duplicate respondent x wave": (
            {CSV: dup, MAPPING: mapping},
            [CSV, "rij 3", "respondent R001 heeft meting t0 meer dan eens"],
        ),
        "wave column typo in a wide item name": (
            {CSV: typo, MAPPING: mapping},
            [
                "de mapping noemt kolom 'T1_SDQ10', maar die staat niet in",
                "(bedoelt u 'T1_SDQ1O'?)",
                "rij 1, kolom 'T1_SDQ1O': kolom staat niet in de mapping",
            ],
        ),
        "wave value typo (one row per wave)": (
            {XLSX: _xlsx_with(good[XLSX], tmp, "Nameting", "Nameing"), "alleen SDQ 2023.mapping.yaml": xlsx_mapping},
            [XLSX, "kolom 'Meting': waarde 'Nameing' staat niet in 'values' van de mapping", "(bedoelt u 'Nameting'?)"],
        ),
        "age out of range": (
            {CSV: age_19, MAPPING: mapping},
            [
                CSV,
                "rij 2, kolom 'Leeftijd kind (jaren)'",
                "leeftijd van het kind (19) ligt buiten het bereik van sdq_parent_4_17 (4-17 jaar)",
            ],
        ),
        "UTF-16 file": (
            {CSV: csv.encode("utf-16"), MAPPING: mapping},
            [CSV, "het bestand is in UTF-16 gecodeerd", "CSV UTF-8"],
        ),
        "empty file": ({CSV: b"", MAPPING: mapping}, [CSV, "bestand is leeg"]),
        "value labels contradict the instrument": (
            {SAV: _bad_sav(good, tmp), "sdq_ari_2024.mapping.yaml": good["sdq_ari_2024.mapping.yaml"]},
            [
                SAV,
                "kolom 'sdq01_t0'",
                "SPSS-waardelabel van code 0 is 'Zeker waar', maar sdq_parent_4_17 codeert 'Zeker waar' als 2",
            ],
        ),
        "export without a mapping": ({CSV: csv}, [CSV, "export zonder mapping", "python -m analysis inspect"]),
        "unknown key in the mapping": (
            {CSV: csv, MAPPING: mapping.decode("utf-8").replace("id_format:", "id_formaat:")},
            [MAPPING, "onbekende sleutel 'id_formaat' (bedoelt u 'id_format'?)"],
        ),
    }


def _xlsx_with(data: bytes, tmp: Path, old: str, new: str) -> bytes:
    import openpyxl

    src = tmp / "good.xlsx"
    src.write_bytes(data)
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == old:
                cell.value = new
                break
        else:
            continue
        break
    out = tmp / "bad.xlsx"
    wb.save(out)
    return out.read_bytes()


NAMES = [
    "mapping names a column the export lacks",
    "two export columns on one schema column",
    "answer label not in the mapping",
    "duplicate respondent x wave",
    "wave column typo in a wide item name",
    "wave value typo (one row per wave)",
    "age out of range",
    "UTF-16 file",
    "empty file",
    "value labels contradict the instrument",
    "export without a mapping",
    "unknown key in the mapping",
]


@pytest.mark.parametrize("case", NAMES)
def test_bad_input_is_refused_named_and_nothing_written(project, case, tmp_path):
    root, good = project
    files, fragments = CASES(good, tmp_path)[case]
    before = snapshot(root / "data_processed"), snapshot(root / "_site")
    _put(root, good, files)
    try:
        result = run(root, "build", "--renderer", "embedded")
        message = result.stdout + result.stderr
        assert result.returncode == 1, message[-2000:]
        assert "Traceback" not in message, message[-3000:]
        for fragment in fragments:
            assert fragment in message, (fragment, message[-3000:])
        assert "er is niets geschreven" in message
        assert (snapshot(root / "data_processed"), snapshot(root / "_site")) == before
    finally:
        _put(root, good, {CSV: good[CSV], MAPPING: good[MAPPING]})


def test_problems_are_one_line_per_kind(project, tmp_path):
    """Every age out of range (30 parents, 76 rows) and 3 unknown labels: a few lines with counts, not 79."""
    root, good = project
    rows = _csv_text(good).split("\r\n")
    bad = [rows[0]] + [r.replace("Zeker waar", "Zeker wel") for r in rows[1:4]] + rows[4:]
    text = "\r\n".join([bad[0]] + [_with_age(r, "19,5") if r else r for r in bad[1:]])
    _put(root, good, {CSV: text, MAPPING: good[MAPPING]})
    try:
        result = run(root, "build", "--no-render")
        lines = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
        assert result.returncode == 1
        label_lines = [ln for ln in lines if "Zeker wel" in ln]
        assert len(label_lines) == 1 and "keer; ook rij" in label_lines[0], lines
        assert len(lines) <= 3, lines
    finally:
        _put(root, good, {CSV: good[CSV], MAPPING: good[MAPPING]})
