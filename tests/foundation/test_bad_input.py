"""Bad raw input: one clear message naming file, row and column; non-zero exit; data_processed/ unchanged."""

from __future__ import annotations

import pytest

from .conftest import run_build, snapshot

TABLE = "data_raw/databronnen/data_collection.csv"
HEADER = "source_id,data,method,group,explanation,n,document_id,source"
GOOD = "sdq_4_17,Vragenlijst SDQ 4-17,vragenlijst,ouders,Uitleg,14,000,000_99b6f6038ca9ce70.txt:707-712"


def _replace_table(project, text: str | bytes) -> None:
    path = project / TABLE
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    assert run_build(project, "manifest", "--update").returncode == 0


CASES = {
    "missing_column": (
        HEADER.replace(",n,", ",") + "\n" + GOOD.replace(",14,", ","),
        ["rij 1", "kolom 'n'", "kolom ontbreekt"],
    ),
    "unknown_column": (HEADER + ",extra\n" + GOOD + ",x", ["rij 1", "kolom 'extra'", "onbekende kolom"]),
    "wrong_type": (
        HEADER + "\n" + GOOD.replace(",14,", ",veertien,"),
        ["rij 2", "kolom 'n'", "verwacht een geheel getal", "'veertien'"],
    ),
    "value_not_allowed": (
        HEADER + "\n" + GOOD.replace(",vragenlijst,", ",interview,"),
        ["rij 2", "kolom 'method'", "'interview' is niet toegestaan", "vragenlijst"],
    ),
    "duplicate_key": (HEADER + "\n" + GOOD + "\n" + GOOD, ["rij 3", "kolom 'source_id'", "dubbele sleutel", "rij 2"]),
    "missing_reference": (
        HEADER + "\n" + GOOD.replace(",000,", ",009,"),
        ["rij 2", "kolom 'document_id'", "'009'", "bestaat niet in documents.document_id"],
    ),
    "empty_file": (b"", ["data_collection.csv", "bestand is leeg"]),
    "below_minimum": (HEADER + "\n" + GOOD.replace(",14,", ",-1,"), ["rij 2", "kolom 'n'", "kleiner dan het minimum"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_and_nothing_written(built, case):
    text, expected = CASES[case]
    before = snapshot(built / "data_processed")
    _replace_table(built, text)
    result = run_build(built, "build", "--no-render")
    assert result.returncode == 1
    message = result.stderr
    assert TABLE in message or "data_collection.csv" in message
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert "er is niets geschreven" in message
    assert snapshot(built / "data_processed") == before


def _read_processed(project):
    import pandas as pd

    return pd.read_csv(project / "data_processed/databronnen/data_collection.csv")


def test_dutch_excel_csv_is_read_correctly(mini):
    """Semicolons, decimal commas, a quoted cell with a semicolon, BOM and CRLF — as Dutch Excel writes."""
    schema = mini / "analysis/schemas/databronnen.yaml"
    text = schema.read_text(encoding="utf-8")
    # give the table a decimal column to prove decimal commas are read as numbers
    line = "        - {name: document_id, type: string, description: Brondocument, constraints: {required: true}}"
    assert line in text
    # only in data_collection (the first table with this line; headline_results has the same one)
    text = text.replace(line, "        - {name: weight, type: number, description: Testgewicht}\n" + line, 1)
    schema.write_text(text, encoding="utf-8")
    rows = [
        "source_id;data;method;group;explanation;n;weight;document_id;source",
        'sdq_4_17;Vragenlijst SDQ 4-17;vragenlijst;ouders;"Uitleg; met puntkomma";14;0,5;000;000_99b6f6038ca9ce70.txt:707-712',
        "ari_cp_2_5;Vragenlijst ARI-CP 2-5;vragenlijst;ouders;Uitleg;14;1234,25;000;000_99b6f6038ca9ce70.txt:714-719",
    ]
    _replace_table(mini, "\ufeff" + "\r\n".join(rows) + "\r\n")
    result = run_build(mini, "build", "--no-render")
    assert result.returncode == 0, result.stderr
    df = _read_processed(mini)
    assert df["weight"].tolist() == [0.5, 1234.25]
    assert df["n"].tolist() == [14, 14]
    assert df["explanation"].iloc[0] == "Uitleg; met puntkomma"


def test_windows_1252_file_is_read_correctly(mini):
    rows = [
        HEADER,
        "enquete_ouders,Enquête ouders,enquête,ouders,Enquête over de ervaren opbrengst,11,000,"
        "000_99b6f6038ca9ce70.txt:700-705",
    ]
    _replace_table(mini, ("\r\n".join(rows) + "\r\n").encode("cp1252"))
    result = run_build(mini, "build", "--no-render")
    assert result.returncode == 0, result.stderr
    df = _read_processed(mini)
    assert df["data"].iloc[0] == "Enquête ouders"
    assert df["method"].iloc[0] == "enquête"


def test_many_problems_are_reported_together(built):
    body = "\n".join(
        [HEADER, GOOD.replace(",14,", ",x,"), GOOD.replace("sdq_4_17", "b").replace(",ouders,", ",kinderen,")]
    )
    _replace_table(built, body)
    result = run_build(built, "build", "--no-render")
    assert result.returncode == 1
    assert "rij 2, kolom 'n'" in result.stderr and "rij 3, kolom 'group'" in result.stderr
