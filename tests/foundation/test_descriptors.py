"""The dataset schemas are Frictionless Data Package descriptors that a standard tool accepts."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analysis import paths
from analysis.schema import SchemaError, dataset_names, load_schema, parse_schema, schema_path
from analysis.validation import SOURCE_RE, ValidationErrors, parse_number, validate_table


@pytest.mark.parametrize("dataset", dataset_names())
def test_frictionless_accepts_the_committed_raw_data(dataset):
    """What `frictionless validate --trusted analysis/schemas/<dataset>.yaml` does, per dataset."""
    from frictionless import Package, system

    with system.use_context(trusted=True):  # resource paths go up to data_raw/ ('..')
        report = Package(str(schema_path(dataset))).validate()
    problems = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, "\n".join(problems[:10] or [str(e) for e in report.errors])
    assert len(report.tasks) == len(load_schema(dataset).tables)


def test_frictionless_rejects_what_the_project_rejects(tmp_path):
    """A wrong value fails in both validators: the standard tool and the project's Dutch messages."""
    from frictionless import Package, system

    root = tmp_path / "p"
    (root / "analysis/schemas").mkdir(parents=True)
    (root / "data_raw/svss").mkdir(parents=True)
    text = schema_path("svss").read_text(encoding="utf-8")
    (root / "analysis/schemas/svss.yaml").write_text(text, encoding="utf-8")
    figures = pd.read_csv(paths.DATA_RAW / "svss/figures.csv", dtype=str, keep_default_na=False)
    figures.loc[0, "value"] = "1,5"  # decimal comma in a '.' file: not a number here
    figures.to_csv(root / "data_raw/svss/figures.csv", index=False)  # quotes the cell: "1,5"
    (root / "data_raw/svss/findings.csv").write_bytes((paths.DATA_RAW / "svss/findings.csv").read_bytes())
    with system.use_context(trusted=True):
        report = Package(str(root / "analysis/schemas/svss.yaml")).validate()
    errors = [(e.type, e.row_number, e.field_name) for t in report.tasks for e in t.errors]
    assert errors == [("type-error", 2, "value")]

    raw = pd.read_csv(paths.DATA_RAW / "svss/figures.csv", dtype=str, keep_default_na=False)
    raw.loc[0, "value"] = "1,5"
    with pytest.raises(ValidationErrors) as info:
        validate_table(raw, load_schema("svss").tables["figures"])
    (err,) = info.value.errors
    assert (err.file, err.row, err.column) == ("data_raw/svss/figures.csv", 2, "value")
    assert "decimaalteken '.'" in err.message and "'1,5'" in err.message


def test_number_notation_is_settled_by_decimal_and_group_char():
    # Table Schema defaults (the committed CSV files): decimal point, no thousands separator
    assert parse_number("1.234") == 1.234
    assert parse_number("-0.5") == -0.5 and parse_number("12") == 12.0
    for bad in ("1,234", "1.234,5", "1.2.3", "1 234", ""):
        with pytest.raises(ValueError):
            parse_number(bad)
    # Dutch notation (a semicolon CSV from Dutch Excel, or decimalChar ',' groupChar '.')
    assert parse_number("1,234", ",", ".") == 1.234
    assert parse_number("1.234", ",", ".") == 1234.0
    assert parse_number("1.234,5", ",", ".") == 1234.5
    assert parse_number("1.234.567,25", ",", ".") == 1234567.25
    for bad in ("1.23,4", "12.34", "1,2,3", "1.234.5"):
        with pytest.raises(ValueError):
            parse_number(bad, ",", ".")


def test_declared_decimal_comma_is_used_for_a_comma_separated_file():
    spec = yaml.safe_load(schema_path("svss").read_text(encoding="utf-8"))
    for field in spec["resources"][1]["schema"]["fields"]:
        if field["name"] == "value":
            field.update(decimalChar=",", groupChar=".")
    table = parse_schema(spec, schema_path("svss")).tables["figures"]
    raw = pd.read_csv(paths.DATA_RAW / "svss/figures.csv", dtype=str, keep_default_na=False)
    raw["value"] = ["1.234,5"] + ["0,25"] * (len(raw) - 1)
    typed = validate_table(raw, table)
    assert typed["value"].tolist() == [1234.5] + [0.25] * (len(raw) - 1)


def test_boolean_words_come_from_the_descriptor():
    table = load_schema("case_studies").tables["events"]
    assert "ja" in table.columns["crisis"].true_values and "nee" in table.columns["crisis"].false_values
    raw = pd.read_csv(paths.DATA_RAW / "case_studies/events.csv", dtype=str, keep_default_na=False)
    raw.loc[0, "crisis"], raw.loc[1, "crisis"], raw.loc[2, "crisis"] = "Ja", "NEE", "misschien"
    with pytest.raises(ValidationErrors) as info:
        validate_table(raw, table)
    (err,) = info.value.errors
    assert (err.row, err.column) == (4, "crisis") and "'misschien'" in err.message


def test_one_source_pattern():
    """Every descriptor's sourcePattern (for frictionless) is the project's SOURCE_RE."""
    for dataset in dataset_names():
        spec = yaml.safe_load(schema_path(dataset).read_text(encoding="utf-8"))
        kinds = [f for r in spec["resources"] for f in r["schema"]["fields"] if f.get("kind") == "source"]
        if kinds:
            assert f"^{spec['sourcePattern']}$" == SOURCE_RE.pattern, dataset
            assert all(f["constraints"]["pattern"] == spec["sourcePattern"] for f in kinds), dataset


def test_old_format_and_typos_are_refused():
    where = paths.SCHEMAS / "x.yaml"
    with pytest.raises(SchemaError, match="old schema format"):
        parse_schema({"dataset": "x", "title": "X", "tables": {}}, where)
    good = {
        "name": "x",
        "title": "X",
        "resources": [
            {
                "name": "t",
                "path": "../../data_raw/x/t.csv",
                "title": "T",
                "schema": {"fields": [{"name": "a", "type": "string", "description": "A"}]},
            }
        ],
    }
    assert parse_schema(good, where).tables["t"].file == "x/t.csv"
    typo = yaml.safe_load(yaml.safe_dump(good))
    typo["resources"][0]["schema"]["fields"][0]["constraints"] = {"requierd": True}
    with pytest.raises(SchemaError, match="requierd"):
        parse_schema(typo, where)
    outside = yaml.safe_load(yaml.safe_dump(good))
    outside["resources"][0]["path"] = "/home/x/t.csv"
    with pytest.raises(SchemaError, match="data_raw"):
        parse_schema(outside, where)
