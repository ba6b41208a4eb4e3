"""The domain-neutral mapping mechanism (analysis/mapping.py) and the error report it relies on."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import mapping
from analysis.data import decode, detect_encoding
from analysis.validation import ValidationError, ValidationErrors, did_you_mean


def _mapping_file(folder, text, export="export.csv", content="id;score\nA1;1\n"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / export).write_text(content, encoding="utf-8")
    path = folder / (export.rsplit(".", 1)[0] + mapping.SUFFIX)
    path.write_text(text, encoding="utf-8")
    return path


def _raw(columns, rows, path):
    return mapping.RawExport(path, "csv", pd.DataFrame(rows, columns=columns, dtype=str))


def test_mapping_file_structure_errors_name_the_line(tmp_path):
    folder = tmp_path / "helmond_questionnaires"
    path = _mapping_file(
        folder, "dataset: helmond_questionnaires\nfills: export\ncolums:\n  id: respondent_id\nvalues:\n  sdq: 3\n"
    )
    with pytest.raises(ValidationErrors) as exc:
        mapping.load_mapping(path)
    text = str(exc.value)
    assert "regel 3: onbekende sleutel 'colums' (bedoelt u 'columns'?)" in text
    assert "regel 6: 'values.sdq' moet een mapping label: code zijn" in text


def test_duplicate_export_column_in_the_mapping_is_refused_with_its_line(tmp_path):
    path = _mapping_file(tmp_path / "ds", "dataset: ds\nfills: t\ncolumns:\n  id: respondent_id\n  id: child_age\n")
    with pytest.raises(ValidationErrors) as exc:
        mapping.load_mapping(path)
    assert "regel 5: 'columns.id' staat twee keer in het bestand" in str(exc.value)


def test_dataset_must_match_the_folder(tmp_path):
    path = _mapping_file(tmp_path / "idu_midi_demo", "dataset: helmond_questionnaires\nfills: export\n")
    with pytest.raises(ValidationErrors) as exc:
        mapping.load_mapping(path)
    assert "zet het bestand in data_raw/private/helmond_questionnaires/" in str(exc.value)


def test_the_export_is_found_by_stem_and_must_be_unique(tmp_path):
    path = _mapping_file(tmp_path / "ds", "dataset: ds\nfills: t\n")
    assert mapping.load_mapping(path).file == "export.csv"
    (tmp_path / "ds" / "export.sav").write_bytes(b"x")
    with pytest.raises(ValidationErrors) as exc:
        mapping.load_mapping(path)
    assert "meer dan één export met de naam 'export' (export.csv, export.sav)" in str(exc.value)


def test_apply_columns_checks_the_mapping_against_the_header(tmp_path):
    path = _mapping_file(
        tmp_path / "ds",
        "dataset: ds\nfills: t\ncolumns:\n  Respnr: respondent_id\n"
        "  Leeftijd: child_age\n  Leeftijd2: child_age\n  Score: scroe\n  Gone: wave\nignore: [Naam]\n",
    )
    m = mapping.load_mapping(path)
    raw = _raw(
        ["Respnr", "Leeftijd", "Leeftijd2", "Score", "Naam", "Extra", "Gon"],
        [["R1", "5", "5", "1", "X", "", ""]],
        tmp_path / "ds" / "export.csv",
    )
    frame, back, errors = mapping.apply_columns(raw, m, ["respondent_id", "child_age", "score", "wave"])
    messages = [str(e) for e in errors]
    assert any(
        "twee exportkolommen ('Leeftijd' en 'Leeftijd2') wijzen naar dezelfde kolom 'child_age'" in t for t in messages
    )
    assert any(
        "'Score' wijst naar 'scroe', maar 't' heeft geen kolom 'scroe' (bedoelt u 'score'?)" in t for t in messages
    )
    assert any(
        "de mapping noemt kolom 'Gone', maar die staat niet in export.csv (bedoelt u 'Gon'?)" in t for t in messages
    )
    assert any("rij 1, kolom 'Extra': kolom staat niet in de mapping" in t for t in messages)
    assert list(frame.columns) == ["respondent_id", "child_age"]
    assert back == {"respondent_id": "Respnr", "child_age": "Leeftijd"}


def test_apply_values_maps_labels_and_names_the_export_cell(tmp_path):
    path = _mapping_file(tmp_path / "ds", 'dataset: ds\nfills: t\nvalues:\n  "sdq_*": {Niet waar: 0, Zeker waar: 2}\n')
    m = mapping.load_mapping(path)
    raw = _raw(
        ["T0_SDQ01"], [["niet  waar"], ["Zeker waar"], [""], ["Zeker wel"], ["1"]], tmp_path / "ds" / "export.csv"
    )
    frame = pd.DataFrame({"sdq_01_t0": raw.table["T0_SDQ01"]})
    out, errors = mapping.apply_values(frame, m, {"sdq_01_t0": "T0_SDQ01"}, raw)
    assert out["sdq_01_t0"].tolist() == ["0", "2", "", "Zeker wel", "1"]
    assert len(errors) == 1
    assert str(errors[0]).endswith(
        "rij 5, kolom 'T0_SDQ01': waarde 'Zeker wel' staat niet in 'values' van de mapping "
        "(bedoelt u 'Zeker waar'?); bekend: 'Niet waar', 'Zeker waar'"
    )


def test_one_line_per_kind_of_problem_with_count_and_first_rows():
    errors = (
        [ValidationError("x.csv", r, "leeftijd", f"waarde {r} is groter dan het maximum 18") for r in range(2, 102)]
        + [ValidationError("x.csv", 1, c, "kolom ontbreekt") for c in ("a", "b", "c")]
        + [ValidationError("x.csv", 7, "wave", "meting 'x' onbekend")]
    )
    text = str(ValidationErrors(errors))
    lines = text.splitlines()
    assert lines[0] == "104 probleem/problemen van 3 soort(en) in de invoer:"
    assert len(lines) == 4
    assert lines[1] == (
        "  - x.csv, rij 2, kolom 'leeftijd': waarde 2 is groter dan het maximum 18 "
        "[100 keer; ook rij 3, 4, 5, 6, 7; en nog 94]"
    )
    assert lines[2] == "  - x.csv, rij 1, kolom 'a': kolom ontbreekt [3 keer; ook kolom 'b', 'c']"


def test_did_you_mean():
    assert did_you_mean("respondent", ["respondent_id", "wave"]) == " (bedoelt u 'respondent_id'?)"
    assert did_you_mean("xyz", ["respondent_id"]) == ""


@pytest.mark.parametrize(
    "data, name",
    [
        ("a;b\n1;2\n".encode("utf-16"), "UTF-16"),  # with BOM (Excel "Unicode-tekst")
        ("a;b\n1;2\n".encode("utf-16-le"), "UTF-16"),  # without BOM
        ("a;b\n1;2\n".encode("utf-32"), "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_named_not_misread(data, name):
    assert detect_encoding(data) == name
    with pytest.raises(ValidationError) as exc:
        decode(data, "export.csv")
    assert f"in {name} gecodeerd" in str(exc.value) and "CSV UTF-8" in str(exc.value)


def test_utf8_bom_and_cp1252_are_read():
    assert decode("\ufeffé;ë\n".encode("utf-8"), "x") == ("é;ë\n", "utf-8-bom")
    assert decode("é;ë\n".encode("cp1252"), "x") == ("é;ë\n", "windows-1252")


def test_unknown_dataset_and_format_are_named(tmp_path):
    with pytest.raises(ValidationError) as exc:
        mapping.adapter_for("helmond_vragenlijsten")
    assert "neemt (nog) geen eigen export" in str(exc.value)
    f = tmp_path / "x.ods"
    f.write_bytes(b"x")
    with pytest.raises(ValidationError) as exc:
        mapping.read_export(f)
    assert "formaat '.ods' wordt niet gelezen" in str(exc.value)
