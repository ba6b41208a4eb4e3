"""Dataset schemas: one YAML file per dataset, the single source of truth per table.

A schema says, for every table: its file under ``data_raw/``, its primary key,
references to other tables, and per column the type, whether it may be empty,
allowed values, ranges, a pattern, and a Dutch description.  The validator, the
typed loader, the codebook pages and the privacy rules all read it from here.
See CONTRIBUTING.md for the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


def _column(table: str, name: str, spec: Any, where: str) -> ColumnSchema:
    if not isinstance(spec, dict):
        raise SchemaError(f"{where}: column '{table}.{name}' must be a mapping")
    unknown = set(spec) - set(ColumnSchema.__dataclass_fields__) - {"name"}
    if unknown:
        raise SchemaError(f"{where}: column '{table}.{name}' has unknown keys {sorted(unknown)}")
    if spec.get("type") not in TYPES:
        raise SchemaError(f"{where}: column '{table}.{name}' has type {spec.get('type')!r}; "
                          f"expected one of {', '.join(TYPES)}")
    if not spec.get("description"):
        raise SchemaError(f"{where}: column '{table}.{name}' needs a (Dutch) description")
    if spec.get("privacy") not in PRIVACY:
        raise SchemaError(f"{where}: column '{table}.{name}' has privacy {spec.get('privacy')!r}")
    allowed = spec.get("allowed")
    return ColumnSchema(
        name=name, type=spec["type"], description=str(spec["description"]).strip(),
        nullable=bool(spec.get("nullable", False)),
        allowed=tuple(allowed) if allowed is not None else None,
        min=spec.get("min"), max=spec.get("max"), pattern=spec.get("pattern"),
        unique=bool(spec.get("unique", False)), references=spec.get("references"),
        privacy=spec.get("privacy"),
    )


def parse_schema(data: dict, source_file: Path) -> DatasetSchema:
    where = paths.relative(source_file)
    for key in ("dataset", "title", "tables"):
        if key not in data:
            raise SchemaError(f"{where}: missing key '{key}'")
    tables = {}
    for tname, t in data["tables"].items():
        for key in ("file", "title", "columns"):
            if key not in t:
                raise SchemaError(f"{where}: table '{tname}' misses key '{key}'")
        columns = {c: _column(tname, c, spec, where) for c, spec in t["columns"].items()}
        pk = tuple(t.get("primary_key") or ())
        for c in pk:
            if c not in columns:
                raise SchemaError(f"{where}: primary key column '{tname}.{c}' is not a column")
        fks = tuple(ForeignKey(tuple(fk["columns"]), fk["table"], tuple(fk.get("ref_columns") or fk["columns"]))
                    for fk in t.get("foreign_keys") or ())
        tables[tname] = TableSchema(
            name=tname, file=t["file"], title=t["title"], description=str(t.get("description", "")).strip(),
            columns=columns, primary_key=pk, foreign_keys=fks)
    return DatasetSchema(
        name=data["dataset"], title=data["title"], description=str(data.get("description", "")).strip(),
        tables=tables, demonstration=bool(data.get("demonstration", False)),
        validator=data.get("validator"), artefacts=data.get("artefacts"), source_file=source_file)


@lru_cache(maxsize=None)
def _load(path: Path, mtime_ns: int) -> DatasetSchema:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
