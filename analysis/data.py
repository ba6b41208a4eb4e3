"""Read raw tables (as researchers' tools write them) and load processed tables.

``read_raw_table`` accepts what Dutch researchers actually export: CSV in UTF-8
(with or without BOM) or Windows-1252, comma- or semicolon-separated (Dutch
Excel: ``;`` with decimal commas), and XLSX.  It returns every cell as text; the
schema decides the types (:mod:`analysis.validation`).
"""

from __future__ import annotations

import csv
import importlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import paths
from .schema import DatasetSchema, TableSchema, load_schema
from .validation import ValidationError, ValidationErrors, all_errors, check_references, validate_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def private_override(table: TableSchema) -> Path | None:
    """``data_raw/private/<file>`` replaces the public file of the same name when present.

    This is how a researcher runs the pipeline on a real export: put it in the
    git-ignored private folder under the same name; nothing else changes.
    """
    candidate = paths.PRIVATE / table.file.split("#", 1)[0]
    return candidate if candidate.exists() else None


def decode(data: bytes, file) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), else Windows-1252; return (text, encoding)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:  # bytes undefined in cp1252 (0x81, 0x8d, ...)
        raise ValidationError(file, None, None,
                              f"tekstcodering niet herkend (geen UTF-8 of Windows-1252): {exc}") from None


def sniff_delimiter(text: str) -> str:
    """``;`` when the header has more semicolons than commas (Dutch Excel), else ``,`` (or tab)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_raw_table(path: Path | str, table: TableSchema | None = None, sheet: str | None = None) -> "pd.DataFrame":
    """Read a CSV or XLSX file as text cells (``dtype=str``, empty cells = '').

    Raises :class:`ValidationError` for an empty file or an unreadable one.
    """
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise ValidationError(path, None, None, "bestand niet gevonden")
    if path.stat().st_size == 0:
        raise ValidationError(path, None, None, "bestand is leeg (verwacht een kopregel met kolomnamen)")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheet = sheet or (table.sheet if table is not None else None)
        try:
            df = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
        except ValueError as exc:
            raise ValidationError(path, None, None, f"werkblad niet te lezen: {exc}") from None
        return df.map(lambda v: "" if v is None else str(v))
    text, _encoding = decode(path.read_bytes(), path)
    if not text.strip():
        raise ValidationError(path, None, None, "bestand is leeg (verwacht een kopregel met kolomnamen)")
    delimiter = sniff_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
    for i, r in enumerate(rows[1:], start=2):
        if any(c.strip() for c in r) and len(r) != len(header):
            raise ValidationError(path, i, None, f"rij heeft {len(r)} cellen, de kopregel {len(header)} "
                                  f"(scheidingsteken '{delimiter}'; staat er een losse komma of puntkomma in een cel?)")
    return pd.DataFrame(body, columns=header, dtype=str)


# ---------------------------------------------------------------- datasets

def _resolve(spec: str) -> Callable:
    module, _, func = spec.partition(":")
    return getattr(importlib.import_module(module), func)


def read_dataset(schema: DatasetSchema) -> dict[str, "pd.DataFrame"]:
    """Read and type every table of a dataset; collect problems of all tables."""
    tables, errors = {}, []
    for name, table in schema.tables.items():
        path = private_override(table) or table.path
        try:
            raw = read_raw_table(path, table)
            tables[name] = validate_table(raw, table, file=path)
        except (ValidationError, ValidationErrors) as exc:
            errors.extend(all_errors(exc))
    if errors:
        raise ValidationErrors(errors)
    return tables


def validate_dataset(dataset: str, lookup: Callable[[str, str], "pd.DataFrame"] | None = None) -> dict[str, "pd.DataFrame"]:
    """Raw files → typed, checked tidy tables (including a domain validator's output)."""
    schema = load_schema(dataset)
    tables = read_dataset(schema)
    check_references(schema, tables, lookup or (lambda ds, t: load_table(ds, t)))
    if schema.validator:
        tables = _resolve(schema.validator)(tables, schema)
    return tables


def write_artefacts(dataset: str, tables: dict) -> list[Path]:
    schema = load_schema(dataset)
    if not schema.artefacts:
        return []
    paths.DOWNLOADS.mkdir(parents=True, exist_ok=True)
    return list(_resolve(schema.artefacts)(tables, paths.DOWNLOADS) or [])


def load_table(dataset: str, table: str) -> "pd.DataFrame":
    """A processed table, typed by its schema where the schema describes it."""
    import os

    import pandas as pd

    allowed = os.environ.get("ANALYSIS_ALLOWED_DATASETS")
    if allowed is not None and dataset not in allowed.split(","):
        raise PermissionError(f"dit notebook leest dataset '{dataset}' maar noemt die niet in 'datasets:' "
                              f"in de front matter (genoemd: {allowed or 'geen'}); voeg hem toe, anders "
                              "weet de build niet wanneer het notebook opnieuw moet draaien")
    path = paths.DATA_PROCESSED / dataset / f"{table}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{paths.relative(path)} bestaat niet: draai eerst 'python -m analysis build' "
                                f"(of 'make report')")
    schema = load_schema(dataset)
    ts = schema.tables.get(table)
    if ts is None:
        df = pd.read_csv(path, keep_default_na=True)
    else:
        from .validation import DTYPES
        dtypes = {c: DTYPES[col.type] for c, col in ts.columns.items()}
        df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    df.attrs["schema"] = (dataset, table)
    return df


def load_dataset(dataset: str) -> dict[str, "pd.DataFrame"]:
    folder = paths.DATA_PROCESSED / dataset
    return {p.stem: load_table(dataset, p.stem) for p in sorted(folder.glob("*.csv"))}
