"""A researcher's own sources: references by source ID and line or page, checked against the
``sources`` table and, where the transcript is in the private folder, against its lines."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import paths
from analysis.sources import Citation, parse
from analysis.validation import ValidationErrors, check_references, source_reference_errors, validate_table

SEED = "004_26341a46b6895ec5.txt:204"


def _sources(schema, rows):
    raw = pd.DataFrame(rows, columns=list(schema.tables["sources"].columns), dtype=str)
    return validate_table(raw, schema.tables["sources"])


@pytest.fixture()
def own(tables, schema, tmp_path, monkeypatch):
    """The published tables plus two own sources; the transcript (10 lines) in a private folder."""
    monkeypatch.setattr(paths, "PRIVATE", tmp_path)
    (tmp_path / "case_studies").mkdir()
    (tmp_path / "case_studies" / "int-moeder.txt").write_text(
        "\n".join(f"regel {i}" for i in range(1, 11)), encoding="utf-8"
    )
    tables["sources"] = _sources(
        schema,
        [
            [
                "int-moeder",
                "de_ruiter",
                "interview",
                "Interview met moeder (transcript)",
                "2025-03",
                "regel",
                "int-moeder.txt",
            ],
            ["dossier", "de_ruiter", "dossier", "Dossier wijkteam", "", "pagina", ""],
        ],
    )
    return tables


def _errors(schema, tables, ref):
    ev = tables["events"].copy()
    ev.loc[0, "source"] = ref
    return [e.message for e in source_reference_errors(schema, {**tables, "events": ev})]


def test_format_accepts_own_ids_and_pages(schema):
    raw = pd.DataFrame({c: ["x"] for c in schema.tables["lessons"].columns}, dtype=str)
    raw["number"], raw["kind"] = "1", "wat_werkt"
    for ok in ("int-moeder:3", "int-moeder:3-4", "dossier:p2", f"{SEED}; dossier:p2-3", "groep_1:12"):
        raw["source"] = ok
        assert validate_table(raw, schema.tables["lessons"])["source"][0] == ok.replace(";  ", "; ")
    for bad in ("groepsgesprek-jansen.txt:1", "int-moeder", "int moeder:3", "Int-Moeder:3", "dossier:p"):
        raw["source"] = bad
        with pytest.raises(ValidationErrors) as info:
            validate_table(raw, schema.tables["lessons"])
        assert info.value.errors[0].column == "source", bad


def test_parse_reads_own_references():
    assert parse(f"int-moeder:12-14; dossier:p3; {SEED}") == [
        Citation("int-moeder", 12, 14, "regel"),
        Citation("dossier", 3, 3, "pagina"),
        Citation("004_26341a46b6895ec5.txt", 204, 204, "regel"),
    ]


def test_own_references_resolve(own, schema):
    assert _errors(schema, own, "int-moeder:3-10") == []
    assert _errors(schema, own, f"{SEED}; dossier:p12-14") == []
    assert _errors(schema, own, "int-moeder:9-11") == [
        "bronverwijzing 'int-moeder:9-11': int-moeder.txt heeft maar 10 regels"
    ]
    assert _errors(schema, own, "groepsgesprek:1") == [
        "bron 'groepsgesprek' staat niet in de tabel sources; bekend: dossier, int-moeder"
    ]
    assert _errors(schema, own, "dossier:4") == [
        "bron 'dossier' telt in pagina's; schrijf 'dossier:p4' in plaats van 'dossier:4'"
    ]
    assert _errors(schema, own, "int-moeder:p2") == [
        "bron 'int-moeder' telt in regels; schrijf 'int-moeder:2' in plaats van 'int-moeder:p2'"
    ]
    assert _errors(schema, own, "int-moeder:5-3") == ["bronverwijzing 'int-moeder:5-3': het bereik loopt terug"]


def test_error_names_file_row_and_column(own, schema):
    ev = own["events"].copy()
    ev.loc[4, "source"] = "interview-vader:2"
    with pytest.raises(ValidationErrors) as info:
        check_references(schema, {**own, "events": ev}, lambda ds, t: None)
    [e] = info.value.errors
    assert (e.file, e.row, e.column) == ("data_raw/case_studies/events.csv", 6, "source")


def test_published_data_have_no_own_sources(typed, schema):
    assert typed["sources"].empty
    assert source_reference_errors(schema, typed) == []
