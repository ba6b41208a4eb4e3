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


BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
RESAVE = (
    "sla het bestand opnieuw op als 'CSV UTF-8 (door komma's gescheiden)' of als gewone CSV "
    "(Excel: Opslaan als), of lever het als .xlsx"
)


def detect_encoding(data: bytes) -> str:
    """Name of the text encoding: 'utf-8-bom', 'utf-8', 'windows-1252', or a refused one
    ('UTF-16', 'UTF-32': Excel's "Unicode-tekst"), detected from the BOM or the NUL bytes."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    head = data[:4000]
    if head and head.count(b"\x00") > len(head) // 4:  # UTF-16 without BOM: every other byte NUL
        return "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-bom"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "windows-1252"


def decode(data: bytes, file) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), else Windows-1252; return (text, encoding).

    UTF-16 and UTF-32 (Excel's "Unicode-tekst") are recognised and refused by name:
    read as Windows-1252 they would look like a file full of stray characters.
    """
    encoding = detect_encoding(data)
    if encoding in ("UTF-16", "UTF-32"):
        raise ValidationError(
            file,
            None,
            None,
            f"het bestand is in {encoding} gecodeerd (Excel: 'Unicode-tekst'); "
            f"verwacht UTF-8 of Windows-1252: {RESAVE}",
        )
    if encoding.startswith("utf-8"):
        return data.decode("utf-8-sig"), encoding
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:  # bytes undefined in cp1252 (0x81, 0x8d, ...)
        raise ValidationError(
            file, None, None, f"tekstcodering niet herkend (geen UTF-8 of Windows-1252): {exc}; {RESAVE}"
        ) from None


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
            raise ValidationError(
                path,
                i,
                None,
                f"rij heeft {len(r)} cellen, de kopregel {len(header)} "
                f"(scheidingsteken '{delimiter}'; staat er een losse komma of puntkomma in een cel?)",
            )
    df = pd.DataFrame(body, columns=header, dtype=str)
    if delimiter == ";":  # Dutch Excel writes decimal commas (and group dots) with semicolons
        from .validation import DUTCH_EXCEL_NUMBERS

        df.attrs["number_format"] = DUTCH_EXCEL_NUMBERS
    return df


# ---------------------------------------------------------------- datasets


def _resolve(spec: str) -> Callable:
    module, _, func = spec.partition(":")
    return getattr(importlib.import_module(module), func)


ORIGIN_TABLE = "data_origin"  # written next to every processed dataset: where each table came from


def read_dataset(schema: DatasetSchema) -> dict[str, "pd.DataFrame"]:
    """Read and type every table of a dataset; collect problems of all tables.

    With mapping files in ``data_raw/private/<dataset>/`` the tables come from the researcher's
    exports (:mod:`analysis.mapping`); else each table from its private same-named file or the
    public file. ``attrs["origins"]`` of the result says which (see :func:`origin_frame`).
    """
    from .mapping import Origin, read_mapped

    tables, origins = read_mapped(schema)
    if origins:
        tables = dict(tables)
    else:
        errors = []
        for name, table in schema.tables.items():
            own = private_override(table)
            path = own or table.path
            try:
                raw = read_raw_table(path, table)
                tables[name] = validate_table(raw, table, file=path)
            except (ValidationError, ValidationErrors) as exc:
                errors.extend(all_errors(exc))
            kind = "eigen bestand" if own else ("demonstratie" if schema.demonstration else "openbaar")
            origins[name] = Origin(name, kind, paths.relative(path))
        if errors:
            raise ValidationErrors(errors)
    return _with_origins(tables, origins)


def _with_origins(tables: dict, origins: dict) -> dict:
    out = _Tables(tables)
    out.origins = origins
    return out


class _Tables(dict):
    """A dict of tables that also carries where they came from."""

    origins: dict = {}


def origin_frame(origins: dict) -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame(
        [{"table": o.table, "kind": o.kind, "file": o.file, "mapping": o.mapping} for o in origins.values()],
        columns=["table", "kind", "file", "mapping"],
    )


def validate_dataset(
    dataset: str, lookup: Callable[[str, str], "pd.DataFrame"] | None = None
) -> dict[str, "pd.DataFrame"]:
    """Raw files → typed, checked tidy tables (including a domain validator's output), plus the
    ``data_origin`` table: which file (demonstration, public, or the researcher's own) each came from."""
    schema = load_schema(dataset)
    tables = read_dataset(schema)
    origins = tables.origins
    check_references(schema, tables, lookup or (lambda ds, t: load_table(ds, t)), files=_read_files(origins))
    if schema.validator:
        tables = _resolve(schema.validator)(tables, schema)
    return {**tables, ORIGIN_TABLE: origin_frame(origins)}


def _read_files(origins: dict) -> dict:
    """table → the file actually read (so a reference error names the private file, not the public one)."""
    return {name: paths.ROOT / o.file for name, o in origins.items()}


def write_artefacts(dataset: str, tables: dict) -> list[Path]:
    schema = load_schema(dataset)
    if not schema.artefacts:
        return []
    # staged: ``downloads/`` (and ``_site/downloads/``) get them only after the privacy check passed
    paths.DOWNLOADS_STAGE.mkdir(parents=True, exist_ok=True)
    # downloads show organisations as pages do: by their kind
    orgs = tables.get("organisations")
    tables = {name: published_organisations(dataset, name, df, orgs) for name, df in tables.items()}
    return list(_resolve(schema.artefacts)(tables, paths.DOWNLOADS_STAGE) or [])


def load_table(dataset: str, table: str) -> "pd.DataFrame":
    """A processed table, typed by its schema where the schema describes it."""
    import os

    import pandas as pd

    allowed = os.environ.get("ANALYSIS_ALLOWED_DATASETS")
    if allowed is not None and dataset not in allowed.split(","):
        raise PermissionError(
            f"dit notebook leest dataset '{dataset}' maar noemt die niet in 'datasets:' "
            f"in de front matter (genoemd: {allowed or 'geen'}); voeg hem toe, anders "
            "weet de build niet wanneer het notebook opnieuw moet draaien"
        )
    path = paths.DATA_PROCESSED / dataset / f"{table}.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"{paths.relative(path)} bestaat niet: draai eerst 'python -m analysis build' (of 'make report')"
        )
    schema = load_schema(dataset)
    ts = schema.tables.get(table)
    if ts is None:
        df = pd.read_csv(path, keep_default_na=True)
    else:
        from .validation import DTYPES

        dtypes = {c: DTYPES[col.type] for c, col in ts.columns.items()}
        df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
        df = published_organisations(dataset, table, df)
    df.attrs["schema"] = (dataset, table)
    return df


def published_organisations(dataset: str, table: str, df: "pd.DataFrame", organisations=None) -> "pd.DataFrame":
    """``df`` as pages and downloads show it: every organisation named in the dataset's
    ``organisations`` table reads as its kind (:func:`analysis.privacy.generalise_organisations`;
    keys and source references as they are). The processed table keeps the names, as
    transcribed; only what is published is generalised."""
    import pandas as pd

    from .privacy import ORGANISATIONS, generalise_organisations, organisation_kinds

    schema = load_schema(dataset)
    if table == ORGANISATIONS or ORGANISATIONS not in schema.tables:
        return df
    if organisations is None:
        path = paths.DATA_PROCESSED / dataset / f"{ORGANISATIONS}.csv"
        if not path.exists():
            return df
        organisations = pd.read_csv(path, dtype=str, keep_default_na=False)
    ts = schema.tables.get(table)
    keep = set(ts.primary_key or []) | {c for c, col in ts.columns.items() if col.type == "source"} if ts else set()
    return generalise_organisations(df, organisation_kinds(organisations), keep=keep)


def load_dataset(dataset: str) -> dict[str, "pd.DataFrame"]:
    folder = paths.DATA_PROCESSED / dataset
    return {p.stem: load_table(dataset, p.stem) for p in sorted(folder.glob("*.csv"))}
