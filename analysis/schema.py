"""Dataset schemas: one YAML file per dataset, the single source of truth per table.

Each file is a Frictionless Data Package descriptor (https://specs.frictionlessdata.io/,
Table Schema per resource), so ``frictionless validate --trusted analysis/schemas/<dataset>.yaml``
checks the committed raw data with a standard tool.  It says, for every table: its file under
``data_raw/``, its primary key, references to other tables, and per field the type, whether it
may be empty (``constraints.required``), allowed values, ranges, a pattern, number and yes/no
notation, and a Dutch description.  The project's own options are custom properties that other
tools ignore: ``demonstration``, ``validator``, ``artefacts`` (dataset), ``kind: source`` and
``privacy`` (field), ``optionalForeignKeys`` (table).  The validator, the typed loader, the
codebook pages and the privacy rules all read it from here.  See CONTRIBUTING.md for the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import paths

TYPES = ("string", "integer", "number", "boolean", "date", "source")
PRIVACY = (None, "small_count", "identifying")


class SchemaError(ValueError):
    """A schema file itself is wrong (not the data)."""


@dataclass(frozen=True)
class ColumnSchema:
    name: str
    type: str
    description: str
    nullable: bool = False
    allowed: tuple | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    unique: bool = False
    references: str | None = None
    privacy: str | None = None
    decimal_char: str = "."  # Table Schema decimalChar / groupChar of this column (a
    group_char: str = ""  # Dutch-Excel CSV file overrides them: see analysis.validation)
    true_values: tuple = ("true", "True", "TRUE", "1")
    false_values: tuple = ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str
    title: str
    description: str
    columns: dict[str, ColumnSchema]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def sheet(self) -> str | None:
        """Worksheet name for ``file.xlsx#sheet`` (None: the first sheet)."""
        return self.file.split("#", 1)[1] if "#" in self.file else None

    @property
    def path(self) -> Path:
        return paths.DATA_RAW / self.file.split("#", 1)[0]


@dataclass(frozen=True)
class DatasetSchema:
    name: str
    title: str
    description: str
    tables: dict[str, TableSchema]
    demonstration: bool = False
    validator: str | None = None
    artefacts: str | None = None
    source_file: Path = field(default=Path())

    def raw_files(self) -> list[Path]:
        return sorted({t.path for t in self.tables.values()})


# Keys of a Frictionless descriptor this project reads (standard) or adds (custom, ignored by
# other tools).  Anything else is a typo and stops the build with a clear message.
PACKAGE_KEYS = {
    "name",
    "title",
    "description",
    "resources",
    "profile",
    "$schema",
    "licenses",
    "sources",
    "version",
    "homepage",
    "keywords",
    "contributors",
    "created",
    "demonstration",
    "validator",
    "artefacts",
    "sourcePattern",
}  # custom
RESOURCE_KEYS = {
    "name",
    "path",
    "title",
    "description",
    "schema",
    "profile",
    "format",
    "mediatype",
    "encoding",
    "dialect",
    "sheet",
}  # sheet: custom (XLSX)
TABLE_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues", "optionalForeignKeys"}  # custom
FIELD_KEYS = {
    "name",
    "type",
    "description",
    "title",
    "constraints",
    "decimalChar",
    "groupChar",
    "trueValues",
    "falseValues",
    "example",
    "kind",
    "privacy",
}  # custom
CONSTRAINT_KEYS = {"required", "unique", "enum", "minimum", "maximum", "pattern"}
DATA_RAW_PREFIX = "../../data_raw/"  # resource paths are relative to analysis/schemas/
TRUE_VALUES = ("true", "True", "TRUE", "1")  # Table Schema defaults
FALSE_VALUES = ("false", "False", "FALSE", "0")


def _check_keys(spec: Any, allowed: set, what: str, where: str) -> None:
    if not isinstance(spec, dict):
        raise SchemaError(f"{where}: {what} must be a mapping")
    unknown = set(spec) - allowed
    if unknown:
        raise SchemaError(f"{where}: {what} has unknown keys {sorted(unknown)}")


def _column(table: str, spec: Any, where: str) -> ColumnSchema:
    _check_keys(spec, FIELD_KEYS, f"a field of '{table}'", where)
    name = spec.get("name")
    what = f"field '{table}.{name}'"
    kind = spec.get("kind")
    if kind not in (None, "source"):
        raise SchemaError(f"{where}: {what} has kind {kind!r}; the only kind is 'source'")
    type_ = "source" if kind == "source" else spec.get("type")
    if type_ not in TYPES or (kind == "source" and spec.get("type") != "string"):
        raise SchemaError(
            f"{where}: {what} has type {spec.get('type')!r}; "
            f"expected one of {', '.join(t for t in TYPES if t != 'source')}"
        )
    if not spec.get("description"):
        raise SchemaError(f"{where}: {what} needs a (Dutch) description")
    if spec.get("privacy") not in PRIVACY:
        raise SchemaError(f"{where}: {what} has privacy {spec.get('privacy')!r}")
    c = spec.get("constraints") or {}
    _check_keys(c, CONSTRAINT_KEYS, f"the constraints of {what}", where)
    allowed = c.get("enum")
    pattern = None if kind == "source" else c.get("pattern")  # sources: analysis.validation.SOURCE_RE
    return ColumnSchema(
        name=name,
        type=type_,
        description=str(spec["description"]).strip(),
        nullable=not c.get("required", False),
        allowed=tuple(allowed) if allowed is not None else None,
        min=c.get("minimum"),
        max=c.get("maximum"),
        pattern=pattern,
        unique=bool(c.get("unique", False)),
        privacy=spec.get("privacy"),
        decimal_char=spec.get("decimalChar", "."),
        group_char=spec.get("groupChar", ""),
        true_values=tuple(map(str, spec.get("trueValues", TRUE_VALUES))),
        false_values=tuple(map(str, spec.get("falseValues", FALSE_VALUES))),
    )


def _foreign_key(fk: Any, what: str, where: str) -> ForeignKey:
    ref = fk.get("reference") if isinstance(fk, dict) else None
    if not isinstance(ref, dict) or "fields" not in fk or "resource" not in ref:
        raise SchemaError(
            f"{where}: a foreign key of {what} needs 'fields' and 'reference: {{resource: …, fields: […]}}'"
        )
    listed = lambda v: (v,) if isinstance(v, str) else tuple(v)  # noqa: E731
    table = ref["resource"] if not ref.get("package") else f"{ref['package']}.{ref['resource']}"
    return ForeignKey(listed(fk["fields"]), table, listed(ref.get("fields") or fk["fields"]))


def parse_schema(data: dict, source_file: Path) -> DatasetSchema:
    """Read a Frictionless Data Package descriptor (with this project's custom properties)."""
    where = paths.relative(source_file)
    if isinstance(data, dict) and ("dataset" in data or "tables" in data):
        raise SchemaError(
            f"{where}: old schema format ('dataset:'/'tables:'); the schemas are Frictionless "
            "descriptors now ('name:'/'resources:'), see CONTRIBUTING.md"
        )
    _check_keys(data, PACKAGE_KEYS, "the descriptor", where)
    for key in ("name", "title", "resources"):
        if key not in data:
            raise SchemaError(f"{where}: missing key '{key}'")
    tables = {}
    for t in data["resources"]:
        _check_keys(t, RESOURCE_KEYS, "a resource", where)
        tname = t.get("name")
        for key in ("name", "path", "title", "schema"):
            if key not in t:
                raise SchemaError(f"{where}: resource '{tname}' misses key '{key}'")
        if not str(t["path"]).startswith(DATA_RAW_PREFIX):
            raise SchemaError(
                f"{where}: resource '{tname}': path must start with '{DATA_RAW_PREFIX}' (relative to analysis/schemas/)"
            )
        ts = t["schema"]
        _check_keys(ts, TABLE_KEYS, f"the schema of '{tname}'", where)
        if ts.get("missingValues", [""]) != [""]:
            raise SchemaError(f"{where}: '{tname}': only missingValues [''] (an empty cell) is supported")
        columns = {}
        for spec in ts.get("fields") or ():
            col = _column(tname, spec, where)
            if col.name in columns:
                raise SchemaError(f"{where}: field '{tname}.{col.name}' is listed twice")
            columns[col.name] = col
        pk = tuple([ts["primaryKey"]] if isinstance(ts.get("primaryKey"), str) else ts.get("primaryKey") or ())
        for c in pk:
            if c not in columns:
                raise SchemaError(f"{where}: primary key column '{tname}.{c}' is not a field")
        fks = []
        for fk in [*(ts.get("foreignKeys") or ()), *(ts.get("optionalForeignKeys") or ())]:
            key = _foreign_key(fk, f"'{tname}'", where)
            if len(key.columns) == 1 and key.columns[0] in columns and columns[key.columns[0]].references is None:
                # one column: shown with the column (codebook), checked like any key
                columns[key.columns[0]] = replace(
                    columns[key.columns[0]], references=f"{key.table}.{key.ref_columns[0]}"
                )
            else:
                fks.append(key)
        sheet = t.get("sheet")
        file = str(t["path"])[len(DATA_RAW_PREFIX) :] + (f"#{sheet}" if sheet else "")
        tables[tname] = TableSchema(
            name=tname,
            file=file,
            title=t["title"],
            description=str(t.get("description", "")).strip(),
            columns=columns,
            primary_key=pk,
            foreign_keys=tuple(fks),
        )
    return DatasetSchema(
        name=data["name"],
        title=data["title"],
        description=str(data.get("description", "")).strip(),
        tables=tables,
        demonstration=bool(data.get("demonstration", False)),
        validator=data.get("validator"),
        artefacts=data.get("artefacts"),
        source_file=source_file,
    )


@lru_cache(maxsize=None)
def _load(path: Path, mtime_ns: int) -> DatasetSchema:
    from . import yamlio

    data = yamlio.load(path.read_text(encoding="utf-8"))
    schema = parse_schema(data, path)
    if schema.name != path.stem:
        raise SchemaError(f"{paths.relative(path)}: dataset name '{schema.name}' must equal the file name")
    return schema


def schema_path(dataset: str) -> Path:
    return paths.SCHEMAS / f"{dataset}.yaml"


def load_schema(dataset: str) -> DatasetSchema:
    path = schema_path(dataset)
    if not path.exists():
        known = ", ".join(dataset_names()) or "(geen)"
        raise SchemaError(f"no schema for dataset '{dataset}' ({paths.relative(path)}); known: {known}")
    return _load(path, path.stat().st_mtime_ns)


def dataset_names() -> list[str]:
    return sorted(p.stem for p in paths.SCHEMAS.glob("*.yaml"))
