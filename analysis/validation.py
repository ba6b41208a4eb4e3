"""Validate raw tables against their schema; every problem names file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first
data row is row 2.  All problems in a table are collected and reported together
(the first ``MAX_SHOWN`` of them), so a researcher can fix a file in one pass.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from . import paths

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from .schema import ColumnSchema, DatasetSchema, TableSchema

MAX_SHOWN = 20
SOURCE_PIECE = r"[0-9]{3}_[0-9a-f]{16}\.txt:[0-9]+(?:-[0-9]+)?"
SOURCE_RE = re.compile(rf"^{SOURCE_PIECE}(?:\s*;\s*{SOURCE_PIECE})*$")
TRUE = {"ja", "true", "waar", "1", "yes", "j", "y"}
FALSE = {"nee", "false", "onwaar", "0", "no", "n"}
TYPE_NL = {"string": "tekst", "integer": "een geheel getal", "number": "een getal",
           "boolean": "ja/nee", "date": "een datum JJJJ-MM-DD",
           "source": "een bronverwijzing <bestand>.txt:<regel>"}


class ValidationError(ValueError):
    """One problem in one input file, located by row and column (either may be None)."""

    def __init__(self, file, row: int | None, column: str | None, message: str):
        self.file = paths.relative(file) if file is not None else None
        self.row = row
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file or "<invoer>"]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ValidationErrors(ValueError):
    """Several problems; ``errors`` holds them all, ``str()`` shows the first few."""

    def __init__(self, errors: list[ValidationError]):
        self.errors = list(errors)
        shown = "\n".join(f"  - {e}" for e in self.errors[:MAX_SHOWN])
        more = len(self.errors) - MAX_SHOWN
        if more > 0:
            shown += f"\n  … en nog {more} problemen"
        super().__init__(f"{len(self.errors)} probleem/problemen in de invoer:\n{shown}")

    def __str__(self) -> str:  # noqa: D105
        return self.args[0]


def all_errors(exc: Exception) -> list[ValidationError]:
    if isinstance(exc, ValidationErrors):
        return exc.errors
    if isinstance(exc, ValidationError):
        return [exc]
    raise exc


# ---------------------------------------------------------------- cell parsing

def _parse_integer(v: str):
    if re.fullmatch(r"[+-]?\d+", v):
        return int(v)
    if re.fullmatch(r"[+-]?\d+[.,]0+", v):  # Excel writes 5 as 5.0 / 5,0
        return int(re.split(r"[.,]", v)[0])
    raise ValueError


def _parse_number(v: str):
    if re.fullmatch(r"[+-]?\d+,\d+", v):          # decimal comma (Dutch Excel)
        v = v.replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d+", v):  # 1.234,5
        v = v.replace(".", "").replace(",", ".")
    return float(v)


def _parse_boolean(v: str):
    low = v.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValueError


def _parse_date(v: str):
    return _dt.date.fromisoformat(v).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) else _raise()


def _parse_source(v: str):
    if not SOURCE_RE.match(v):
        raise ValueError
    return re.sub(r"\s*;\s*", "; ", v)


def _raise():
    raise ValueError


PARSERS: dict[str, Callable[[str], object]] = {
    "string": lambda v: v, "integer": _parse_integer, "number": _parse_number,
    "boolean": _parse_boolean, "date": _parse_date, "source": _parse_source,
}
DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean",
          "date": "string", "source": "string"}


def _typed_column(values, col: "ColumnSchema", file, errors) -> list:
    parse = PARSERS[col.type]
    out = []
    pattern = re.compile(col.pattern) if col.pattern else None
    allowed = {str(a) for a in col.allowed} if col.allowed is not None else None
    for i, raw in enumerate(values):
        row = i + 2
        v = "" if raw is None else str(raw).strip()
        if v == "":
            if not col.nullable:
                errors.append(ValidationError(file, row, col.name, "mag niet leeg zijn"))
            out.append(None)
            continue
        try:
            x = parse(v)
        except (ValueError, TypeError):
            errors.append(ValidationError(file, row, col.name,
                                          f"verwacht {TYPE_NL[col.type]}, gevonden {v!r}"))
            out.append(None)
            continue
        if allowed is not None and str(x) not in allowed:
            shown = ", ".join(sorted(allowed)) if len(allowed) <= 15 else f"{len(allowed)} toegestane waarden (zie codeboek)"
            errors.append(ValidationError(file, row, col.name,
                                          f"waarde {v!r} is niet toegestaan; verwacht een van: {shown}"))
        if col.min is not None and isinstance(x, (int, float)) and x < col.min:
            errors.append(ValidationError(file, row, col.name, f"waarde {v} is kleiner dan het minimum {col.min}"))
        if col.max is not None and isinstance(x, (int, float)) and x > col.max:
            errors.append(ValidationError(file, row, col.name, f"waarde {v} is groter dan het maximum {col.max}"))
        if pattern is not None and not pattern.fullmatch(str(x)):
            errors.append(ValidationError(file, row, col.name,
                                          f"waarde {v!r} heeft niet de vorm {col.pattern}"))
        out.append(x)
    return out


# ---------------------------------------------------------------- tables

def validate_table(raw: "pd.DataFrame", table: "TableSchema", file=None) -> "pd.DataFrame":
    """Check one table read as text (``dtype=str``) and return it typed.

    Raises :class:`ValidationErrors` with every problem found.
    """
    import pandas as pd

    file = file if file is not None else table.path
    errors: list[ValidationError] = []
    header = [str(c).strip() for c in raw.columns]
    raw = raw.set_axis(header, axis=1)
    missing = [c for c in table.columns if c not in header]
    unknown = [c for c in header if c not in table.columns]
    for c in missing:
        errors.append(ValidationError(file, 1, c, "kolom ontbreekt; verwacht kolommen: "
                                      + ", ".join(table.columns)))
    for c in unknown:
        errors.append(ValidationError(file, 1, c, "onbekende kolom; verwacht kolommen: "
                                      + ", ".join(table.columns)))
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in dupes:
        errors.append(ValidationError(file, 1, c, "kolom komt meer dan één keer voor"))
    if errors:
        raise ValidationErrors(errors)

    typed = {}
    for name, col in table.columns.items():
        typed[name] = pd.array(_typed_column(raw[name].tolist(), col, file, errors), dtype=DTYPES[col.type])
    df = pd.DataFrame(typed, index=range(len(raw)))

    for name, col in table.columns.items():
        if col.unique:
            _duplicates(df, [name], file, errors, "waarde komt meer dan één keer voor (moet uniek zijn)")
    if table.primary_key:
        _duplicates(df, list(table.primary_key), file, errors,
                    "dubbele sleutel (" + ", ".join(table.primary_key) + ")")
    if errors:
        raise ValidationErrors(errors)
    return df


def _duplicates(df, cols, file, errors, message):
    keyed = df[cols].dropna()
    dup = keyed.duplicated(keep="first")
    for i in keyed.index[dup]:
        first = keyed.index[(keyed == keyed.loc[i]).all(axis=1)][0]
        value = ", ".join(str(df.at[i, c]) for c in cols)
        errors.append(ValidationError(file, int(i) + 2, cols[0] if len(cols) == 1 else ", ".join(cols),
                                      f"{message}: '{value}' staat ook in rij {int(first) + 2}"))


def check_references(schema: "DatasetSchema", tables: dict, lookup: Callable[[str, str], "pd.DataFrame"]) -> None:
    """Check column ``references`` and table ``foreign_keys`` of a dataset.

    ``lookup(dataset, table)`` returns a typed table of another dataset.
    """
    errors: list[ValidationError] = []
    for tname, table in schema.tables.items():
        df = tables[tname]
        refs = [((c.name,), c.references) for c in table.columns.values() if c.references]
        for cols, target in refs:
            *ds, ttable, tcol = target.split(".")
            other = tables[ttable] if not ds or ds[0] == schema.name else lookup(ds[0], ttable)
            _check_fk(df, list(cols), other, [tcol], f"{target}", table.path, errors)
        for fk in table.foreign_keys:
            other = tables[fk.table] if fk.table in tables else lookup(*fk.table.split(".", 1))
            _check_fk(df, list(fk.columns), other, list(fk.ref_columns),
                      f"{fk.table}({', '.join(fk.ref_columns)})", table.path, errors)
    if errors:
        raise ValidationErrors(errors)


def _check_fk(df, cols, other, ref_cols, target, file, errors):
    import pandas as pd

    known = set(map(tuple, other[ref_cols].dropna().astype(str).itertuples(index=False, name=None)))
    for i, values in zip(df.index, df[cols].itertuples(index=False, name=None)):
        if any(pd.isna(v) for v in values):
            continue
        key = tuple(str(v) for v in values)
        if key not in known:
            errors.append(ValidationError(file, int(i) + 2, ", ".join(cols),
                                          f"verwijzing {', '.join(key)!r} bestaat niet in {target}"))

