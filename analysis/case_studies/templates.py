"""Spreadsheet templates for entering a new case, and adding a filled one to the data.

``write_templates(folder)`` writes one CSV per case table (header only) and one
XLSX workbook with a sheet per table plus a sheet ``uitleg`` that lists every
column with its Dutch description and allowed values — all from the schema, so
the templates never drift from what the validator expects.

``add_case(filled, data_raw)`` takes a filled template (the XLSX workbook, or a
folder with the CSV files) and appends its rows to the dataset's raw CSV files.
It first checks that the columns match, that every row belongs to one new case,
and then runs the complete validation on the combined tables; if anything is
wrong it raises a ValidationError naming file, row and column and writes nothing.
Afterwards register the new file hashes (``python -m analysis manifest --update``)
and build; the case then appears in the notebooks and reports without any code
change.  Command line::

    python -m analysis.case_studies.templates write templates/case_studies
    python -m analysis.case_studies.templates add  mijn-casus.xlsx
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd

#: Tables filled per case (the working-element lists are shared and not in the template).
CASE_TABLES = (
    "cases",
    "sources",
    "persons",
    "events",
    "episodes",
    "roles",
    "tree_nodes",
    "lessons",
    "portrait_factors",
    "synthesis_coding",
    "markers",
    "stickers",
)
DATASET = "case_studies"


def _schema():
    from ..schema import load_schema

    return load_schema(DATASET)


def explanation(schema=None) -> pd.DataFrame:
    """One row per (table, column): description, type, required, allowed values."""
    schema = schema or _schema()
    rows = []
    for t in CASE_TABLES:
        ts = schema.tables[t]
        for name, col in ts.columns.items():
            rows.append(
                {
                    "tabel": t,
                    "kolom": name,
                    "omschrijving": col.description,
                    "type": col.type,
                    "verplicht": "nee" if col.nullable else "ja",
                    "toegestane waarden": ", ".join(map(str, col.allowed)) if col.allowed else "",
                }
            )
    return pd.DataFrame(rows)


def write_templates(folder: Path) -> list[Path]:
    """Write ``<table>.csv`` (header only) per case table and ``casus-sjabloon.xlsx``."""
    from ..io import atomic_path, atomic_write_text

    schema = _schema()
    folder = Path(folder)
    written = []
    for t in CASE_TABLES:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(list(schema.tables[t].columns))
        written.append(atomic_write_text(folder / f"{t}.csv", buf.getvalue()))
    xlsx = folder / "casus-sjabloon.xlsx"
    with atomic_path(xlsx) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            explanation(schema).to_excel(xw, sheet_name="uitleg", index=False)
            for t in CASE_TABLES:
                pd.DataFrame(columns=list(schema.tables[t].columns)).to_excel(xw, sheet_name=t, index=False)
    written.append(xlsx)
    return written


def read_filled(filled: Path) -> dict[str, pd.DataFrame]:
    """Read a filled template (XLSX workbook or folder of CSVs) as text cells per table."""
    from ..data import read_raw_table
    from ..validation import ValidationError

    filled = Path(filled)
    out = {}
    for t in CASE_TABLES:
        if filled.is_dir():
            path = filled / f"{t}.csv"
            out[t] = read_raw_table(path) if path.exists() else None
        else:
            try:
                out[t] = read_raw_table(filled, sheet=t)
            except ValidationError:
                out[t] = None
    if out.get("cases") is None:
        raise ValidationError(filled, None, None, "het sjabloon heeft geen tabel 'cases'")
    return {t: df for t, df in out.items() if df is not None}


def add_case(filled: Path, data_raw: Path | None = None) -> list[Path]:
    """Append a filled template's rows to the raw CSV files after full validation."""
    from .. import paths
    from ..data import read_dataset
    from ..io import atomic_write_text
    from ..validation import ValidationError, ValidationErrors, all_errors, check_references, validate_table
    from .validate import validate_tables

    schema = _schema()
    data_raw = Path(data_raw or paths.DATA_RAW)
    new = read_filled(Path(filled))
    errors = []
    case_ids = set(new["cases"]["case_id"].str.strip())
    for t, df in new.items():
        where = Path(filled) / f"{t}.csv" if Path(filled).is_dir() else f"{filled}#{t}"
        expected = list(schema.tables[t].columns)
        if list(df.columns) != expected:
            errors.append(
                ValidationError(
                    where,
                    1,
                    None,
                    "kolommen kloppen niet met het sjabloon; verwacht: "
                    + ", ".join(expected)
                    + "; gevonden: "
                    + ", ".join(map(str, df.columns)),
                )
            )
            continue
        for i, c in zip(df.index, df["case_id"]):
            if str(c).strip() not in case_ids:
                errors.append(
                    ValidationError(
                        where, int(i) + 2, "case_id", f"casus '{c}' staat niet in de tabel cases van dit sjabloon"
                    )
                )
    existing = read_dataset(schema)
    dupes = case_ids & set(existing["cases"]["case_id"])
    for c in sorted(dupes):
        errors.append(ValidationError(Path(filled), None, "case_id", f"casus '{c}' bestaat al in de data"))
    if errors:
        raise ValidationErrors(errors)
    # validate the combined tables exactly as the build will
    combined_text = {}
    for t in CASE_TABLES:
        ts = schema.tables[t]
        path = data_raw / ts.file
        from ..data import read_raw_table

        old = read_raw_table(path, ts)
        combined_text[t] = pd.concat([old, new[t]], ignore_index=True) if t in new else old
    typed = dict(existing)
    try:
        for t in CASE_TABLES:
            ts = schema.tables[t]
            typed[t] = validate_table(combined_text[t], ts, file=data_raw / ts.file)
        check_references(schema, typed, lambda ds, tb: None)
        validate_tables(typed, schema)
    except (ValidationError, ValidationErrors) as exc:
        raise ValidationErrors(
            [_to_template(e, filled, schema, data_raw, combined_text, new) for e in all_errors(exc)]
        ) from None
    written = []
    for t in CASE_TABLES:
        if t not in new or new[t].empty:
            continue
        ts = schema.tables[t]
        buf = io.StringIO()
        combined_text[t].to_csv(buf, index=False, lineterminator="\n")
        written.append(atomic_write_text(data_raw / ts.file, buf.getvalue()))
    return written


def _to_template(err, filled, schema, data_raw, combined_text, new):
    """Point an error in an appended row back at the template's own sheet and row."""
    from .. import paths
    from ..validation import ValidationError

    for t in CASE_TABLES:
        ts = schema.tables[t]
        if err.file == paths.relative(data_raw / ts.file) and t in new and err.row is not None:
            n_old = len(combined_text[t]) - len(new[t])
            if err.row > n_old + 1:
                where = Path(filled) / f"{t}.csv" if Path(filled).is_dir() else f"{filled}#{t}"
                return ValidationError(where, err.row - n_old, err.column, err.message)
    return err


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 2 or argv[0] not in ("write", "add"):
        print(__doc__)
        return 2
    from ..validation import ValidationError, ValidationErrors

    try:
        paths_written = write_templates(Path(argv[1])) if argv[0] == "write" else add_case(Path(argv[1]))
    except (ValidationError, ValidationErrors) as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return 1
    for p in paths_written:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
