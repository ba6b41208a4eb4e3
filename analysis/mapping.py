"""Bring your own study: a researcher's export + a mapping file → the tables of a dataset.

The one route in for real data, the same in every domain::

    data_raw/private/<dataset>/<any name>.<csv|xlsx|sav|qdpx|…>     the export as her tool wrote it
    data_raw/private/<dataset>/<same name>.mapping.yaml              which of her columns is which

``python -m analysis inspect <export> --dataset <dataset> [--write]`` reads the export, prints
what it found and proposes the mapping (``--write`` saves it next to the export); the build then
reads every mapping in the dataset's private folder instead of the demonstration files.

A mapping file (YAML; every key but ``dataset`` and ``fills`` optional)::

    dataset: helmond_questionnaires   # = the private folder's name
    file: vragenlijsten 2024.csv      # the export (default: the file with the mapping's stem)
    fills: export                     # which table(s) the export fills (the domain lists its targets)
    columns:                          # export column → schema column (ignore = read but not used)
      Respondentnummer: respondent_id
      T0_SDQ01: sdq_01_t0
    ignore: [Opmerkingen, Naam ouder] # columns deliberately not read (free text, names)
    values:                           # answer label → code, per schema column (or fnmatch pattern)
      "sdq_??_t?": {Niet waar: 0, Een beetje waar: 1, Zeker waar: 2}
    id_format: {respondent_id: "^R[0-9]{3}$"}   # the study's own ID format (replaces the schema's)
    options: {instruments: [sdq_parent_4_17]}   # domain-specific settings (see the domain's adapter)

Two plug-in points keep this domain-neutral:

* **readers**, per file format (:func:`register_reader`): bytes on disk → :class:`RawExport`.
  CSV/XLSX/SAV are registered here; a domain registers others (REFI-QDA ``.qdpx``).
* **adapters**, per dataset (:data:`ADAPTERS`): what a file can fill, how to propose a mapping,
  and how to turn a read export into the dataset's tables (:class:`Adapter`).

Every problem is a :class:`~analysis.validation.ValidationError` naming file, row and column,
collected and raised together; nothing is written then (the build validates before it writes).
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import paths
from .validation import ValidationError, ValidationErrors, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .schema import DatasetSchema

SUFFIX = ".mapping.yaml"
KEYS = ("dataset", "file", "fills", "columns", "ignore", "values", "id_format", "options")

# dataset → "module:attribute" of its Adapter (imported only when that dataset has a mapping).
# A domain adds its line here (or calls register_adapter at import time of a module listed here).
ADAPTERS: dict[str, str] = {
    "helmond_questionnaires": "analysis.questionnaires.byo:ADAPTER",
    "idu_midi_demo": "analysis.determinants.byo:ADAPTER",
    "case_studies": "analysis.case_studies.byo:ADAPTER",
    "idu_lessons": "analysis.lessons.byo:ADAPTER",
}


# ---------------------------------------------------------------- what a reader returns


@dataclass
class RawExport:
    """An export as read, before any mapping: the export's own names and codes.

    ``table``: every cell as text ('' = empty), the export's own column names, rows in file
    order (row ``i`` is spreadsheet row ``i + 2``); None for formats that are not one table
    (``details`` then holds what the reader found, e.g. a REFI-QDA project).
    ``value_labels``: SPSS value labels {column: {code: label}} (user-missing codes left out);
    ``missing_codes``: SPSS user-missing codes {column: [codes]} (those cells are read as empty).
    """

    path: Path
    format: str
    table: "pd.DataFrame | None" = None
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    missing_codes: dict[str, list] = field(default_factory=dict)
    variable_labels: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def row(self, i: int) -> int:
        """Spreadsheet row number of table row ``i`` (header = row 1)."""
        return int(i) + 2

    def describe(self) -> list[str]:
        """Dutch lines for ``inspect``: format, encoding, size."""
        lines = [
            f"Bestand: {paths.relative(self.path)} (formaat: {self.format}"
            + (f", tekstcodering {self.encoding}" if self.encoding else "")
            + (f", scheidingsteken '{self.delimiter}'" if self.delimiter else "")
            + ")"
        ]
        if self.table is not None:
            lines.append(f"Rijen: {len(self.table)} · kolommen: {len(self.table.columns)}")
        return lines


READERS: dict[str, Callable[[Path], RawExport]] = {}


def register_reader(suffixes: tuple[str, ...] | list[str], reader: Callable[[Path], RawExport]) -> None:
    """Make ``inspect`` and the build read files ending in ``suffixes`` (lower case, with dot)."""
    for s in suffixes:
        READERS[s.lower()] = reader


def read_export(path: Path | str) -> RawExport:
    path = Path(path)
    if not path.exists():
        raise ValidationError(path, None, None, "bestand niet gevonden")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        _load_plugins()
        reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ValidationError(
            path,
            None,
            None,
            f"formaat '{path.suffix}' wordt niet gelezen; bekende formaten: " + ", ".join(sorted(READERS)),
        )
    if path.stat().st_size == 0:
        raise ValidationError(path, None, None, "bestand is leeg")
    return reader(path)


def _read_delimited(path: Path) -> RawExport:
    from .data import decode, read_raw_table, sniff_delimiter

    text, encoding = decode(path.read_bytes(), path)
    df = read_raw_table(path)
    return RawExport(path, "csv", df, encoding=encoding, delimiter=sniff_delimiter(text))


def _read_xlsx(path: Path) -> RawExport:
    import pandas as pd

    from .data import read_raw_table

    sheets = pd.ExcelFile(path).sheet_names
    return RawExport(path, "xlsx", read_raw_table(path), details={"sheets": sheets})


def _read_sav(path: Path) -> RawExport:
    """SPSS: numbers as text ('2', '1.5'), user-missing codes as empty cells, value labels kept."""
    import numpy as np
    import pyreadstat

    try:
        df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=True)
    except Exception as exc:  # noqa: BLE001 - pyreadstat raises its own error types
        raise ValidationError(path, None, None, f"SPSS-bestand niet te lezen: {exc}") from None
    missing: dict[str, list] = {}
    for col, ranges in (meta.missing_ranges or {}).items():
        codes = sorted({float(r["lo"]) for r in ranges if r["lo"] == r["hi"] and isinstance(r["lo"], (int, float))})
        missing[col] = codes

        def is_missing(v, rs=ranges):
            return isinstance(v, (int, float)) and any(
                isinstance(r["lo"], (int, float)) and r["lo"] <= v <= r["hi"] for r in rs
            )

        if col in df.columns:
            df[col] = df[col].map(lambda v, f=is_missing: np.nan if f(v) else v)
    text = df.astype(object).where(df.notna(), "")
    text = text.map(lambda v: number_text(v) if isinstance(v, float) else str(v))
    labels = {
        c: {float(k): str(v) for k, v in lab.items() if float(k) not in missing.get(c, [])}
        for c, lab in (meta.variable_value_labels or {}).items()
    }
    return RawExport(
        path,
        "sav",
        text.reset_index(drop=True),
        value_labels=labels,
        missing_codes=missing,
        variable_labels={c: lab for c, lab in zip(meta.column_names, meta.column_labels or []) if lab},
    )


def number_text(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


register_reader((".csv", ".txt", ".tsv"), _read_delimited)
register_reader((".xlsx", ".xlsm"), _read_xlsx)
register_reader((".sav", ".zsav"), _read_sav)

# modules that register further readers when imported (a domain adds its module here)
PLUGINS = ["analysis.determinants.byo"]


def _load_plugins() -> None:
    for name in PLUGINS:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


# ---------------------------------------------------------------- the mapping file


@dataclass
class Mapping:
    path: Path
    dataset: str
    file: str
    fills: str
    columns: dict[str, str]
    ignore: list[str]
    values: dict[str, dict[str, Any]]
    id_format: dict[str, str]
    options: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # "columns.X" → line in the YAML file

    @property
    def export_path(self) -> Path:
        return self.path.parent / self.file

    def error(self, message: str, key: str | None = None) -> ValidationError:
        """A problem in the mapping file itself, with the line of ``key`` when known."""
        line = self.lines.get(key) if key else None
        return ValidationError(self.path, None, None, (f"regel {line}: " if line else "") + message)

    def values_for(self, column: str) -> dict[str, Any] | None:
        """The label → code table for a schema column: exact name first, else the first matching pattern."""
        if column in self.values:
            return self.values[column]
        for pattern, table in self.values.items():
            if fnmatch.fnmatchcase(column, pattern):
                return table
        return None


def export_for(mapping_path: Path) -> str:
    """Default export of ``x.mapping.yaml``: the one other file in the folder whose stem is ``x``."""
    stem = mapping_path.name[: -len(SUFFIX)]
    found = sorted(
        p.name
        for p in mapping_path.parent.iterdir()
        if p.is_file()
        and p != mapping_path
        and not p.name.endswith(SUFFIX)
        and p.name != "MANIFEST.sha256"
        and (p.stem == stem or p.name == stem)
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            mapping_path, None, None, f"geen export '{stem}.<csv|xlsx|sav|…>' naast dit bestand; noem hem met 'file:'"
        )
    raise ValidationError(
        mapping_path,
        None,
        None,
        f"meer dan één export met de naam '{stem}' ({', '.join(found)}); noem de juiste met 'file:'",
    )


def _yaml_with_lines(path: Path) -> tuple[Any, dict[str, int], list[str]]:
    """Parse YAML; also return the line of every key (as 'a.b') and the duplicated keys."""
    import yaml

    from . import yamlio
    from .data import decode

    text, _encoding = decode(path.read_bytes(), path)  # an editor may save it as Windows-1252
    try:
        node = yamlio.compose(text)
        data = yamlio.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}: " if mark else ""
        raise ValidationError(path, None, None, f"{where}geen geldige YAML ({getattr(exc, 'problem', exc)})") from None
    lines, dupes = {}, []

    def walk(n, prefix):
        if isinstance(n, yaml.MappingNode):
            seen = set()
            for k, v in n.value:
                key = f"{prefix}{k.value}"
                if key in seen:
                    dupes.append((key, k.start_mark.line + 1))
                seen.add(key)
                lines[key] = k.start_mark.line + 1
                walk(v, key + ".")

    if node is not None:
        walk(node, "")
    return data, lines, dupes


def load_mapping(path: Path | str, dataset: str | None = None) -> Mapping:
    """Read and check the structure of a mapping file (not yet against the export)."""
    path = Path(path)
    data, lines, dupes = _yaml_with_lines(path)
    errors = [
        ValidationError(
            path,
            None,
            None,
            f"regel {ln}: '{k}' staat twee keer in het bestand; elke exportkolom hoort één keer te staan",
        )
        for k, ln in dupes
    ]
    if not isinstance(data, dict):
        raise ValidationErrors(
            errors
            + [ValidationError(path, None, None, "verwacht een YAML-mapping met 'dataset:', 'fills:' en 'columns:'")]
        )
    for k in data:
        if k not in KEYS:
            errors.append(
                ValidationError(
                    path,
                    None,
                    None,
                    f"regel {lines.get(str(k))}: onbekende sleutel '{k}'"
                    + did_you_mean(k, KEYS)
                    + f"; bekend: {', '.join(KEYS)}",
                )
            )
    for k in ("dataset", "fills"):
        if not data.get(k):
            errors.append(ValidationError(path, None, None, f"sleutel '{k}:' ontbreekt"))
    folder = path.parent.name
    ds = str(data.get("dataset") or "")
    if ds and ds != (dataset or folder):
        errors.append(
            ValidationError(
                path,
                None,
                None,
                f"regel {lines.get('dataset')}: dataset '{ds}' hoort niet bij "
                f"de map '{folder}' (zet het bestand in data_raw/private/{ds}/)",
            )
        )

    def section(name, kind):
        v = data.get(name)
        if v is None:
            return kind()
        if not isinstance(v, kind):
            errors.append(
                ValidationError(
                    path,
                    None,
                    None,
                    f"regel {lines.get(name)}: '{name}' moet een "
                    + ("lijst" if kind is list else "mapping (naam: waarde)")
                    + " zijn",
                )
            )
            return kind()
        return v

    columns = {str(k): ("" if v is None else str(v)) for k, v in section("columns", dict).items()}
    ignore = [str(c) for c in section("ignore", list)]
    values = {}
    for k, v in section("values", dict).items():
        if not isinstance(v, dict):
            errors.append(
                ValidationError(
                    path,
                    None,
                    None,
                    f"regel {lines.get('values.' + str(k))}: 'values.{k}' moet een mapping label: code zijn",
                )
            )
            continue
        values[str(k)] = {str(lab): code for lab, code in v.items()}
    id_format = {str(k): str(v) for k, v in section("id_format", dict).items()}
    for col, pattern in id_format.items():
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(
                ValidationError(
                    path,
                    None,
                    None,
                    f"regel {lines.get('id_format.' + col)}: id_format van "
                    f"'{col}' is geen geldige reguliere expressie ({exc})",
                )
            )
    options = section("options", dict)
    for c in set(columns) & set(ignore):
        errors.append(
            ValidationError(
                path,
                None,
                None,
                f"regel {lines.get('columns.' + c)}: kolom '{c}' staat zowel onder 'columns' als onder 'ignore'",
            )
        )
    if errors:
        raise ValidationErrors(errors)
    try:
        file = str(data.get("file") or export_for(path))
    except ValidationError as exc:
        raise ValidationErrors([exc]) from None
    if not (path.parent / file).exists():
        raise ValidationErrors(
            [
                ValidationError(
                    path,
                    None,
                    None,
                    f"regel {lines.get('file')}: export '{file}' staat "
                    "niet in deze map" + did_you_mean(file, [p.name for p in path.parent.iterdir()]),
                )
            ]
        )
    return Mapping(path, ds, file, str(data["fills"]), columns, ignore, values, id_format, dict(options), lines)


def mapping_files(dataset: str) -> list[Path]:
    folder = paths.PRIVATE / dataset
    return sorted(folder.glob("*" + SUFFIX)) if folder.is_dir() else []


# ---------------------------------------------------------------- applying a mapping to a table


def apply_columns(
    raw: RawExport, mapping: Mapping, accepted: list[str] | Callable[[str], bool], examples: list[str] | None = None
) -> tuple["pd.DataFrame", dict[str, str], list[ValidationError]]:
    """Rename the export's columns to schema names and check the mapping against the header.

    ``accepted``: the schema names this target takes (a list, or a predicate with ``examples``
    used for "did you mean"). Returns (frame with schema names, schema → export name, errors).
    Checked: a mapped column the export lacks; two export columns on one schema column; a schema
    name the target does not know; an export column neither mapped nor ignored.
    """
    df = raw.table
    errors = []
    header = [str(c) for c in df.columns]
    known = accepted if callable(accepted) else (lambda n, s=set(accepted): n in s)
    names = examples if examples is not None else ([] if callable(accepted) else list(accepted))
    back: dict[str, str] = {}
    placed = set(mapping.columns) | set(mapping.ignore)
    # a misspelling is most likely the one name on the other side that has no partner
    unplaced = [c for c in header if c not in placed] or header
    absent = [c for c in [*mapping.columns, *mapping.ignore] if c not in header] or [*mapping.columns, *mapping.ignore]
    for exp, target in mapping.columns.items():
        line = mapping.lines.get("columns." + exp)
        at = f"regel {line}: " if line else ""
        if exp not in header:
            errors.append(
                ValidationError(
                    mapping.path,
                    None,
                    None,
                    f"{at}de mapping noemt kolom '{exp}', maar die staat "
                    f"niet in {raw.path.name}" + did_you_mean(exp, unplaced),
                )
            )
            continue
        if not known(target):
            errors.append(
                ValidationError(
                    mapping.path,
                    None,
                    None,
                    f"{at}'{exp}' wijst naar '{target}', maar "
                    f"'{mapping.fills}' heeft geen kolom '{target}'" + did_you_mean(target, names),
                )
            )
            continue
        if target in back:
            errors.append(
                ValidationError(
                    mapping.path,
                    None,
                    None,
                    f"{at}twee exportkolommen ('{back[target]}' en "
                    f"'{exp}') wijzen naar dezelfde kolom '{target}'; kies er één en zet de "
                    "andere onder 'ignore'",
                )
            )
            continue
        back[target] = exp
    for c in header:
        if c not in placed:
            errors.append(
                ValidationError(
                    raw.path,
                    1,
                    c,
                    "kolom staat niet in de mapping "
                    f"({paths.relative(mapping.path)}); zet hem onder 'columns' of 'ignore'" + did_you_mean(c, absent),
                )
            )
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in dupes:
        errors.append(ValidationError(raw.path, 1, c, "kolomnaam komt meer dan één keer voor in de export"))
    used = {exp: target for target, exp in back.items()}
    out = df[[c for c in header if c in used and c not in dupes]].rename(columns=used)
    return out, back, errors


def apply_values(
    frame: "pd.DataFrame", mapping: Mapping, back: dict[str, str], raw: RawExport, numeric_ok: bool = True
) -> tuple["pd.DataFrame", list[ValidationError]]:
    """Replace answer labels by codes where ``values`` covers a column (labels compared without
    case and surrounding spaces). A non-empty cell that is neither a listed label nor (with
    ``numeric_ok``) a number is reported with the export's row and column."""
    errors = []
    out = frame.copy()
    for col in frame.columns:
        table = mapping.values_for(col)
        if table is None:
            continue
        lut = {_norm(k): v for k, v in table.items()}
        cells = frame[col].astype(str)
        mapped = []
        for i, v in enumerate(cells):
            key = _norm(v)
            if key == "":
                mapped.append("")
            elif key in lut:
                code = lut[key]
                mapped.append("" if code is None else str(code))
            elif numeric_ok and re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", key):
                mapped.append(v.strip())
            else:
                errors.append(
                    ValidationError(
                        raw.path,
                        raw.row(i),
                        back.get(col, col),
                        f"waarde '{v.strip()}' staat niet in 'values' van de mapping"
                        + did_you_mean(v.strip(), table)
                        + "; bekend: "
                        + ", ".join(f"'{k}'" for k in table),
                    )
                )
                mapped.append(v)
        out[col] = mapped
    return out, errors


def map_table(
    raw: RawExport,
    mapping: Mapping,
    columns: dict[str, str],
    required: tuple[str, ...] | list[str],
    numeric_ok: bool = True,
) -> tuple["pd.DataFrame", dict[str, str], list[int]]:
    """One export onto one table, the part every adapter shares: her columns renamed to
    ``columns`` (schema name → description, ``""`` when none), answer labels replaced by codes,
    every name in ``required`` present (one error per missing column, naming the export),
    the other schema columns added empty, rows with no text at all dropped. Returns the frame,
    the schema → export column names (for messages) and the export row of every kept row.
    Raises :class:`ValidationErrors` with every problem found."""
    frame, back, errors = apply_columns(raw, mapping, list(columns))
    frame, more = apply_values(frame, mapping, back, raw, numeric_ok=numeric_ok)
    errors += more
    for c, description in columns.items():
        if c in frame.columns:
            continue
        if c in required:
            what = f"schemakolom '{c}' ({description})" if description else f"schemakolom '{c}'"
            errors.append(
                mapping.error(
                    f"{what} is verplicht maar geen kolom van {raw.path.name} wijst ernaar; zet haar onder 'columns'"
                )
            )
        else:
            frame[c] = ""
    if errors:
        raise ValidationErrors(errors)
    frame = frame[frame.apply(lambda r: any(str(v).strip() for v in r), axis=1)]
    return frame, back, [raw.row(i) for i in frame.index]


def _norm(v) -> str:
    return re.sub(r"\s+", " ", str(v)).strip().lower()


# ---------------------------------------------------------------- adapters (one per dataset)


@dataclass
class Proposal:
    """What ``inspect`` proposes: the mapping content, plus what it found and could not place."""

    fills: str
    columns: dict[str, str] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    values: dict[str, dict] = field(default_factory=dict)
    id_format: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)  # Dutch lines: layout, waves, labels, …
    unplaced: dict[str, str] = field(default_factory=dict)  # export column → why it was not placed
    comments: dict[str, str] = field(default_factory=dict)  # export column → comment in the file


@dataclass
class Mapped:
    """An adapter's result: the dataset's tables (text cells in the schema's layout), and where
    each row came from, so the schema's checks name the export's rows and columns."""

    tables: dict[str, "pd.DataFrame"]
    rows: dict[str, list[int]] = field(default_factory=dict)  # table → export row per table row
    columns: dict[str, Callable[[int, str], str]] = field(default_factory=dict)  # table → (i, col) → export column
    derived: dict[str, "pd.DataFrame"] = field(default_factory=dict)  # extra tables, not in the schema


class Adapter:
    """How one dataset takes a researcher's export. Subclass and register in :data:`ADAPTERS`.

    ``targets``: what a file can fill (``fills:`` value → Dutch description).
    """

    targets: dict[str, str] = {}
    # True: a readable export in the private folder without a mapping stops the build
    unmapped_exports_are_errors: bool = False
    # tables the adapter leaves to the public files when no mapping fills them (default: none,
    # so real and demonstration data are never mixed)
    public_fallback: tuple[str, ...] = ()

    def propose(self, raw: RawExport, schema: "DatasetSchema") -> Proposal:  # pragma: no cover - interface
        raise NotImplementedError

    def to_tables(self, raw: RawExport, mapping: Mapping, schema: "DatasetSchema") -> Mapped:  # pragma: no cover
        raise NotImplementedError


def register_adapter(dataset: str, spec: str) -> None:
    ADAPTERS[dataset] = spec


def adapter_for(dataset: str) -> Adapter:
    spec = ADAPTERS.get(dataset)
    if spec is None:
        raise ValidationError(
            paths.PRIVATE / dataset,
            None,
            None,
            f"dataset '{dataset}' neemt (nog) geen eigen export met een mapping aan; wel: "
            + ", ".join(sorted(ADAPTERS))
            + did_you_mean(dataset, ADAPTERS),
        )
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


# ---------------------------------------------------------------- the build's entry point


@dataclass
class Origin:
    """Where one table's rows came from (written as ``origin.csv`` next to the processed tables)."""

    table: str
    kind: str  # "demonstratie", "openbaar", "eigen export"
    file: str  # path relative to the project
    mapping: str = ""


def read_mapped(schema: "DatasetSchema") -> tuple[dict[str, "pd.DataFrame"], dict[str, Origin]]:
    """Every mapping in ``data_raw/private/<dataset>/`` → typed, checked tables of the dataset.

    Returns ({table: typed frame}, {table: Origin}); ({}, {}) when the folder holds no mapping.
    Tables no mapping fills must come from a same-named private file or are an error (real and
    demonstration data are never mixed), unless the adapter lists them in ``public_fallback``.
    """
    from dataclasses import replace

    from .validation import all_errors, validate_table

    files = mapping_files(schema.name)
    unmapped = unmapped_exports(schema, files)
    if unmapped:
        raise ValidationErrors(
            [
                ValidationError(
                    f,
                    None,
                    None,
                    "export zonder mapping: de build zou hem niet lezen. "
                    f'Maak de mapping met: python -m analysis inspect "{paths.relative(f)}" '
                    f"--dataset {schema.name} --write",
                )
                for f in unmapped
            ]
        )
    if not files:
        return {}, {}
    adapter = adapter_for(schema.name)
    errors: list[ValidationError] = []
    tables, origins, derived = {}, {}, {}
    for mp in files:
        try:
            mapping = load_mapping(mp, schema.name)
            if mapping.fills not in adapter.targets:
                raise ValidationErrors(
                    [
                        mapping.error(
                            f"'fills: {mapping.fills}' is onbekend voor {schema.name}"
                            + did_you_mean(mapping.fills, adapter.targets)
                            + "; mogelijk: "
                            + "; ".join(f"{k} ({v})" for k, v in adapter.targets.items()),
                            "fills",
                        )
                    ]
                )
            raw = read_export(mapping.export_path)
            mapped = adapter.to_tables(raw, mapping, schema)
        except (ValidationError, ValidationErrors) as exc:
            errors.extend(all_errors(exc))
            continue
        for name, frame in mapped.tables.items():
            if name in tables:
                errors.append(mapping.error(f"tabel '{name}' wordt ook al gevuld door {origins[name].mapping}"))
                continue
            ts = schema.tables[name]
            cols = {
                c: (replace(col, pattern=mapping.id_format[c]) if c in mapping.id_format else col)
                for c, col in ts.columns.items()
            }
            try:
                tables[name] = validate_table(frame, replace(ts, columns=cols), file=raw.path)
            except ValidationErrors as exc:
                errors.extend(_relocate(exc.errors, raw, mapped, name))
                continue
            # where each row and column came from, for checks after this one (source references)
            tables[name].attrs["export_rows"] = mapped.rows.get(name)
            tables[name].attrs["export_column"] = mapped.columns.get(name)
            origins[name] = Origin(name, "eigen export", paths.relative(raw.path), paths.relative(mp))
        derived.update(mapped.derived)
    if errors:
        raise ValidationErrors(errors)
    from .data import private_override, read_raw_table

    for name, ts in schema.tables.items():
        if name in tables:
            continue
        own = private_override(ts)
        if own is not None:
            try:
                tables[name] = validate_table(read_raw_table(own, ts), ts, file=own)
                origins[name] = Origin(name, "eigen bestand", paths.relative(own))
            except (ValidationError, ValidationErrors) as exc:
                errors.extend(all_errors(exc))
        elif name in adapter.public_fallback:
            tables[name] = validate_table(read_raw_table(ts.path, ts), ts, file=ts.path)
            origins[name] = Origin(
                name, "demonstratie" if schema.demonstration else "openbaar", paths.relative(ts.path)
            )
        else:
            errors.append(
                ValidationError(
                    paths.PRIVATE / schema.name,
                    None,
                    None,
                    f"tabel '{name}' ({ts.title}) wordt door geen mapping gevuld; wat kan: "
                    + "; ".join(f"fills: {k} ({v})" for k, v in adapter.targets.items()),
                )
            )
    if errors:
        raise ValidationErrors(errors)
    tables.update(derived)
    return tables, origins


def unmapped_exports(schema: "DatasetSchema", mappings: list[Path]) -> list[Path]:
    """Exports in the private folder that no mapping reads, for adapters that say such a file is a
    mistake (``Adapter.unmapped_exports_are_errors``): a researcher who forgot ``inspect --write``
    must not get demonstration pages without being told."""
    spec = ADAPTERS.get(schema.name)
    folder = paths.PRIVATE / schema.name
    if (
        spec is None
        or not folder.is_dir()
        or not getattr(adapter_for(schema.name), "unmapped_exports_are_errors", False)
    ):
        return []
    read = {t.file.split("#", 1)[0].rsplit("/", 1)[-1] for t in schema.tables.values()}  # same-named tables
    for mp in mappings:
        try:
            read.add(load_mapping(mp, schema.name).file)
        except (ValidationError, ValidationErrors):
            read.add(export_name_guess(mp))  # the mapping's own problem is reported when it is read
    suffixes = set(READERS)
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes and p.name not in read)


def export_name_guess(mapping_path: Path) -> str:
    try:
        return export_for(mapping_path)
    except ValidationError:
        return ""


def _relocate(errors: list[ValidationError], raw: RawExport, mapped: Mapped, table: str) -> list[ValidationError]:
    """Schema errors on an adapter's table → the export's own row and column."""
    rows, cols = mapped.rows.get(table), mapped.columns.get(table)
    out = []
    for e in errors:
        i = None if e.row is None or e.row < 2 else e.row - 2
        row = rows[i] if rows is not None and i is not None and i < len(rows) else (None if rows is not None else e.row)
        col = cols(i, e.column) if cols is not None and e.column and i is not None else e.column
        out.append(ValidationError(raw.path, row, col, e.message))
    return out


# ---------------------------------------------------------------- inspect


def proposal_yaml(dataset: str, export: Path, p: Proposal) -> str:
    """The proposal as a mapping file a student can read and edit (comments say what is what)."""
    import json

    def q(v) -> str:  # JSON strings are valid YAML scalars, with no YAML quoting rules to know
        return json.dumps(v, ensure_ascii=False)

    out = [
        f"# Mapping voorgesteld door: python -m analysis inspect {q(paths.relative(export))} --dataset {dataset}",
        "# Controleer en pas aan waar nodig; de build leest dit bestand ('make report').",
        "# Links staat de kolom in uw export, rechts de kolom in het codeboek van de dataset.",
        f"dataset: {dataset}",
        f"file: {q(export.name)}",
        f"fills: {p.fills}",
    ]
    out.append("columns:" if p.columns else "columns: {}")
    for exp, target in p.columns.items():
        comment = f"  # {p.comments[exp]}" if exp in p.comments else ""
        out.append(f"  {q(exp)}: {target}{comment}")
    if p.ignore:
        out.append("# niet gelezen (vrije tekst, namen, of niet te plaatsen; zet onder 'columns' wat wel mee moet):")
        out.append("ignore:")
        for c in p.ignore:
            why = p.unplaced.get(c)
            out.append(f"  - {q(c)}" + (f"  # {why}" if why else ""))
    if p.values:
        out.append("values:")
        for pattern, table in p.values.items():
            out.append(f"  {q(pattern)}: {{" + ", ".join(f"{q(k)}: {q(v)}" for k, v in table.items()) + "}")
    if p.id_format:
        out.append("id_format:")
        out += [f"  {c}: {q(v)}" for c, v in p.id_format.items()]
    if p.options:
        out.append("options:")
        out += [f"  {k}: {q(v)}" for k, v in p.options.items()]
    return "\n".join(out) + "\n"


def inspect(export: Path | str, dataset: str) -> tuple[list[str], Proposal, str]:
    """Read an export and propose a mapping: (Dutch report lines, proposal, mapping file text)."""
    from .schema import load_schema

    export = Path(export)
    schema = load_schema(dataset)
    adapter = adapter_for(dataset)
    raw = read_export(export)
    proposal = adapter.propose(raw, schema)
    lines = raw.describe() + proposal.found
    lines.append(
        f"Voorstel: dit bestand vult '{proposal.fills}' ({adapter.targets.get(proposal.fills, '')}); "
        f"{len(proposal.columns)} kolom(men) geplaatst, {len(proposal.unplaced)} niet te plaatsen."
    )
    for c, why in proposal.unplaced.items():
        lines.append(f"  niet geplaatst: '{c}' ({why})")
    return lines, proposal, proposal_yaml(dataset, export, proposal)


def mapping_path_for(export: Path) -> Path:
    return export.with_name(export.stem + SUFFIX)


def main_inspect(file: str, dataset: str, write: bool) -> int:
    """``python -m analysis inspect``: print findings and the proposal; ``--write`` saves it."""
    import sys

    from .io import atomic_write_text
    from .schema import SchemaError, dataset_names

    path = Path(file)
    if not path.is_absolute():
        path = (paths.ROOT / path) if (paths.ROOT / path).exists() or not path.exists() else path.resolve()
    if dataset not in dataset_names():
        print(
            f"FOUT: dataset '{dataset}' bestaat niet"
            + did_you_mean(dataset, dataset_names())
            + f"; bekend: {', '.join(dataset_names())}",
            file=sys.stderr,
        )
        return 1
    try:
        lines, _proposal, text = inspect(path, dataset)
    except (ValidationError, ValidationErrors, SchemaError) as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    target = mapping_path_for(path)
    print(f"\n--- voorgestelde mapping ({paths.relative(target)}) ---\n{text}", end="")
    if write:
        if target.exists():
            print(
                f"\n{paths.relative(target)} bestaat al; niet overschreven (verwijder of hernoem hem eerst).",
                file=sys.stderr,
            )
            return 1
        atomic_write_text(target, text)
        print(
            f"\nGeschreven: {paths.relative(target)}. Registreer de bestanden met "
            "'python -m analysis manifest --update' en draai 'make report'."
        )
        expected = paths.PRIVATE / dataset
        if path.parent.resolve() != expected.resolve():
            print(
                f"Let op: de build leest alleen mappings in {paths.relative(expected)}/; verplaats export en "
                "mapping daarheen."
            )
    return 0
