"""Validate raw tables against their schema; every problem names file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first
data row is row 2.  All problems in a table are collected and reported together
(the first ``MAX_SHOWN`` of them), so a researcher can fix a file in one pass.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Callable

from . import paths

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from .schema import ColumnSchema, DatasetSchema, TableSchema

MAX_SHOWN = 20
#: A source reference is one or more pieces joined by ``;``. A piece is either a line range in
#: one of the published documents (``004_26341a46b6895ec5.txt:204-210``) or a place in one of
#: the researcher's own sources, by the ID it has in the dataset's ``sources`` table: a line
#: range (``int-moeder:12-14``) or a page range (``dossier-wijkteam:p3`` or ``p3-5``).
SEED_PIECE = r"[0-9]{3}_[0-9a-f]{16}\.txt:[0-9]+(?:-[0-9]+)?"
OWN_ID = r"[a-z0-9][a-z0-9_-]*"
OWN_PIECE = rf"{OWN_ID}:p?[0-9]+(?:-[0-9]+)?"
SOURCE_PIECE = rf"(?:{SEED_PIECE}|{OWN_PIECE})"
SOURCE_RE = re.compile(rf"^{SOURCE_PIECE}(?:\s*;\s*{SOURCE_PIECE})*$")
OWN_RE = re.compile(rf"^(?P<id>{OWN_ID}):(?P<page>p?)(?P<first>[0-9]+)(?:-(?P<last>[0-9]+))?$")
SOURCES_TABLE = "sources"  # a dataset's table of its own sources (column source_id)
UNITS_NL = {"regel": "regels", "pagina": "pagina's"}
TYPE_NL = {
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "ja/nee",
    "date": "een datum JJJJ-MM-DD",
    "source": "een bronverwijzing: document.txt:regel (gepubliceerd document) of "
    "bron-id:regel, bron-id:p3 voor een pagina (eigen bron uit de tabel sources); "
    "meer dan één gescheiden door ;",
}


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
    """Several problems; ``errors`` holds them all.

    ``str()`` shows one line per *kind* of problem (the same message apart from the
    values in it): the first occurrence in full, then how often it occurs and where
    the next few are -- so 138 problems of three kinds read as three lines.
    """

    def __init__(self, errors: list[ValidationError]):
        self.errors = list(errors)
        groups = grouped(self.errors)
        shown = "\n".join(f"  - {line}" for line in groups[:MAX_SHOWN])
        more = len(groups) - MAX_SHOWN
        if more > 0:
            shown += f"\n  … en nog {more} andere soorten problemen"
        kinds = f" van {len(groups)} soort(en)" if len(groups) != len(self.errors) else ""
        super().__init__(f"{len(self.errors)} probleem/problemen{kinds} in de invoer:\n{shown}")

    def __str__(self) -> str:  # noqa: D105
        return self.args[0]


FIRST_PLACES = 5
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|[+-]?\d+(?:[.,]\d+)?")


def kind_of(error: ValidationError) -> tuple:
    """What makes two problems "the same kind": file and message with its values blanked out."""
    return error.file, _VALUES.sub("…", error.message)


def _place(e: ValidationError) -> str:
    return ", ".join(
        p
        for p in (
            (f"rij {e.row}" if e.row is not None else ""),
            (f"kolom '{e.column}'" if e.column is not None else ""),
        )
        if p
    )


def grouped(errors: list[ValidationError]) -> list[str]:
    """One line per kind of problem: the first in full, then the count and the next few places."""
    groups: dict[tuple, list[ValidationError]] = {}
    for e in errors:
        groups.setdefault(kind_of(e), []).append(e)
    lines = []
    for members in groups.values():
        line = str(members[0])
        if len(members) > 1:
            nxt = members[1 : FIRST_PLACES + 1]
            rest = len(members) - 1 - len(nxt)
            if all(e.column == members[0].column and e.row is not None for e in members):
                places = ["rij " + ", ".join(str(e.row) for e in nxt)]
            elif all(e.row == members[0].row and e.column is not None for e in members):
                columns = list(dict.fromkeys(e.column for e in members if e.column != members[0].column))
                nxt, rest = columns[:FIRST_PLACES], len(columns) - len(columns[:FIRST_PLACES])
                places = ["kolom " + ", ".join(f"'{c}'" for c in nxt)]
            else:
                places = [_place(e) or "elders" for e in nxt]
            line += f" [{len(members)} keer; ook " + "; ".join(places) + (f"; en nog {rest}" if rest > 0 else "") + "]"
        lines.append(line)
    return lines


def did_you_mean(word: str, candidates, n: int = 1) -> str:
    """`` (bedoelt u 'x'?)`` for the closest candidate(s) to a misspelt name, else ''."""
    import difflib

    pool = {str(c).lower(): str(c) for c in candidates}
    close = difflib.get_close_matches(str(word).lower(), list(pool), n=n, cutoff=0.6)
    return (" (bedoelt u " + " of ".join(f"'{pool[c]}'" for c in close) + "?)") if close else ""


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


DUTCH_EXCEL_NUMBERS = (",", ".")  # decimal char, group char in a semicolon-separated (Dutch Excel) CSV


def parse_number(v: str, decimal_char: str = ".", group_char: str = "") -> float:
    """A number as Table Schema reads it: ``decimal_char`` before the decimals, ``group_char``
    (if any) only between groups of three digits.  Nothing is guessed: with the defaults
    ``"1,234"`` is an error, with ``(",", ".")`` it is 1.234 and ``"1.234,5"`` is 1234.5.
    """
    d, g = re.escape(decimal_char), re.escape(group_char)
    whole = rf"(?:\d+|\d{{1,3}}(?:{g}\d{{3}})+)" if group_char else r"\d+"
    if not re.fullmatch(rf"[+-]?{whole}(?:{d}\d+)?(?:[eE][+-]?\d+)?", v):
        raise ValueError
    if group_char:
        v = v.replace(group_char, "")
    return float(v.replace(decimal_char, "."))


def _parse_boolean(v: str, col: "ColumnSchema"):
    low = v.lower()
    if low in {t.lower() for t in col.true_values}:
        return True
    if low in {f.lower() for f in col.false_values}:
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
    "string": lambda v: v,
    "integer": _parse_integer,
    "date": _parse_date,
    "source": _parse_source,
}


def _parser(col: "ColumnSchema", number_format: tuple[str, str] | None) -> Callable[[str], object]:
    if col.type == "number":
        decimal_char, group_char = number_format or (col.decimal_char, col.group_char)
        return lambda v: parse_number(v, decimal_char, group_char)
    if col.type == "boolean":
        return lambda v: _parse_boolean(v, col)
    return PARSERS[col.type]


def _expected(col: "ColumnSchema", number_format: tuple[str, str] | None) -> str:
    if col.type == "number":
        decimal_char, group_char = number_format or (col.decimal_char, col.group_char)
        return f"een getal met decimaalteken '{decimal_char}'" + (
            f" en '{group_char}' tussen duizendtallen" if group_char else " (zonder scheidingsteken voor duizendtallen)"
        )
    if col.type == "boolean":
        return f"ja/nee ({', '.join(col.true_values)} / {', '.join(col.false_values)})"
    return TYPE_NL[col.type]


DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "string",
    "source": "string",
}


def _typed_column(values, col: "ColumnSchema", file, errors, number_format=None) -> list:
    parse = _parser(col, number_format)
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
            errors.append(
                ValidationError(file, row, col.name, f"verwacht {_expected(col, number_format)}, gevonden {v!r}")
            )
            out.append(None)
            continue
        if allowed is not None and str(x) not in allowed:
            shown = (
                ", ".join(sorted(allowed))
                if len(allowed) <= 15
                else f"{len(allowed)} toegestane waarden (zie codeboek)"
            )
            errors.append(
                ValidationError(file, row, col.name, f"waarde {v!r} is niet toegestaan; verwacht een van: {shown}")
            )
        if col.min is not None and isinstance(x, (int, float)) and x < col.min:
            errors.append(ValidationError(file, row, col.name, f"waarde {v} is kleiner dan het minimum {col.min}"))
        if col.max is not None and isinstance(x, (int, float)) and x > col.max:
            errors.append(ValidationError(file, row, col.name, f"waarde {v} is groter dan het maximum {col.max}"))
        if pattern is not None and not pattern.fullmatch(str(x)):
            errors.append(ValidationError(file, row, col.name, f"waarde {v!r} heeft niet de vorm {col.pattern}"))
        out.append(x)
    return out


# ---------------------------------------------------------------- tables


def validate_table(raw: "pd.DataFrame", table: "TableSchema", file=None) -> "pd.DataFrame":
    """Check one table read as text (``dtype=str``) and return it typed.

    Numbers follow the column's ``decimalChar``/``groupChar``; a Dutch-Excel CSV (read with
    ``;`` as separator, ``raw.attrs["number_format"]``) uses decimal comma and group dot instead.
    Raises :class:`ValidationErrors` with every problem found.
    """
    import pandas as pd

    number_format = raw.attrs.get("number_format")

    file = file if file is not None else table.path
    errors: list[ValidationError] = []
    header = [str(c).strip() for c in raw.columns]
    raw = raw.set_axis(header, axis=1)
    missing = [c for c in table.columns if c not in header]
    unknown = [c for c in header if c not in table.columns]
    for c in missing:
        errors.append(ValidationError(file, 1, c, "kolom ontbreekt" + did_you_mean(c, unknown)))
    for c in unknown:
        errors.append(ValidationError(file, 1, c, "onbekende kolom" + did_you_mean(c, missing or table.columns)))
    if missing or unknown:  # the expected header once, not once per column
        errors.append(ValidationError(file, 1, None, "verwachte kolommen (codeboek): " + ", ".join(table.columns)))
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in dupes:
        errors.append(ValidationError(file, 1, c, "kolom komt meer dan één keer voor"))
    if errors:
        raise ValidationErrors(errors)

    typed = {}
    for name, col in table.columns.items():
        typed[name] = pd.array(
            _typed_column(raw[name].tolist(), col, file, errors, number_format), dtype=DTYPES[col.type]
        )
    df = pd.DataFrame(typed, index=range(len(raw)))

    for name, col in table.columns.items():
        if col.unique:
            _duplicates(df, [name], file, errors, "waarde komt meer dan één keer voor (moet uniek zijn)")
    if table.primary_key:
        _duplicates(df, list(table.primary_key), file, errors, "dubbele sleutel (" + ", ".join(table.primary_key) + ")")
    if errors:
        raise ValidationErrors(errors)
    return df


def _duplicates(df, cols, file, errors, message):
    keyed = df[cols].dropna()
    dup = keyed.duplicated(keep="first")
    for i in keyed.index[dup]:
        first = keyed.index[(keyed == keyed.loc[i]).all(axis=1)][0]
        value = ", ".join(str(df.at[i, c]) for c in cols)
        errors.append(
            ValidationError(
                file,
                int(i) + 2,
                cols[0] if len(cols) == 1 else ", ".join(cols),
                f"{message}: '{value}' staat ook in rij {int(first) + 2}",
            )
        )


def check_references(
    schema: "DatasetSchema", tables: dict, lookup: Callable[[str, str], "pd.DataFrame"], files: dict | None = None
) -> None:
    """Check column ``references`` and table ``foreign_keys`` of a dataset.

    ``lookup(dataset, table)`` returns a typed table of another dataset; ``files`` names the file
    each table was actually read from (a private file instead of the public one).
    """
    errors: list[ValidationError] = []
    for tname, table in schema.tables.items():
        df = tables[tname]
        file = (files or {}).get(tname, table.path)
        refs = [((c.name,), c.references) for c in table.columns.values() if c.references]
        for cols, target in refs:
            *ds, ttable, tcol = target.split(".")
            other = tables[ttable] if not ds or ds[0] == schema.name else lookup(ds[0], ttable)
            _check_fk(df, list(cols), other, [tcol], f"{target}", file, errors)
        for fk in table.foreign_keys:
            other = tables[fk.table] if fk.table in tables else lookup(*fk.table.split(".", 1))
            _check_fk(
                df,
                list(fk.columns),
                other,
                list(fk.ref_columns),
                f"{fk.table}({', '.join(fk.ref_columns)})",
                file,
                errors,
            )
    errors.extend(source_reference_errors(schema, tables, files))
    if errors:
        raise ValidationErrors(errors)


def source_reference_errors(schema: "DatasetSchema", tables: dict, files: dict | None = None) -> list[ValidationError]:
    """Every reference to one of the researcher's own sources must resolve.

    The format is checked cell by cell (:data:`SOURCE_RE`); this checks the content: the ID is
    in the dataset's ``sources`` table (a dataset without one accepts only the published
    documents), a line reference points at a source counted in lines and a page reference at
    one counted in pages (column ``unit``), and where the source names a text file present in
    ``data_raw/private/<dataset>/`` the cited lines exist in it.
    """
    import pandas as pd

    errors: list[ValidationError] = []
    own = tables.get(SOURCES_TABLE) if SOURCES_TABLE in schema.tables else None
    known: dict[str, dict] = {}
    if own is not None and "source_id" in own:
        for r in own.to_dict("records"):
            known[str(r["source_id"])] = r
    n_lines: dict[str, int | None] = {}

    def lines_of(sid: str) -> int | None:
        if sid not in n_lines:
            name = known[sid].get("file")
            path = paths.PRIVATE / schema.name / str(name) if isinstance(name, str) and name.strip() else None
            n_lines[sid] = (
                len(path.read_text(encoding="utf-8-sig", errors="replace").splitlines())
                if path is not None and path.suffix.lower() == ".txt" and path.is_file()
                else None
            )
        return n_lines[sid]

    for tname, table in schema.tables.items():
        df = tables.get(tname)
        cols = [c for c, col in table.columns.items() if col.type == "source"]
        if df is None or not cols:
            continue
        file = (files or {}).get(tname, table.path)
        for c in cols:
            for i, v in zip(df.index, df[c]):
                if v is None or (not isinstance(v, str) and pd.isna(v)):
                    continue
                for piece in str(v).split(";"):
                    m = OWN_RE.match(piece.strip())
                    if not m or re.fullmatch(SEED_PIECE, piece.strip()):
                        continue
                    sid, page = m["id"], bool(m["page"])
                    first, last = int(m["first"]), int(m["last"] or m["first"])
                    row, col = int(i) + 2, c
                    rows, cols = df.attrs.get("export_rows"), df.attrs.get("export_column")
                    if rows is not None and int(i) < len(rows):  # a researcher's export: her row, her column
                        row = rows[int(i)]
                        col = cols(int(i), c) if cols is not None else c
                    if sid not in known:
                        errors.append(
                            ValidationError(
                                file,
                                row,
                                col,
                                (
                                    f"bron '{sid}' staat niet in de tabel {SOURCES_TABLE}; bekend: "
                                    + (", ".join(sorted(known)) or "geen eigen bronnen")
                                )
                                if own is not None
                                else (
                                    f"bron '{sid}' is geen gepubliceerd document (nnn_….txt:regel) en deze dataset "
                                    "heeft geen tabel sources voor eigen bronnen"
                                ),
                            )
                        )
                        continue
                    if last < first:
                        errors.append(
                            ValidationError(file, row, col, f"bronverwijzing '{piece.strip()}': het bereik loopt terug")
                        )
                        continue
                    unit = str(known[sid].get("unit") or "regel")
                    if page != (unit == "pagina"):
                        want = f"{sid}:p{first}" if unit == "pagina" else f"{sid}:{first}"
                        errors.append(
                            ValidationError(
                                file,
                                row,
                                col,
                                f"bron '{sid}' telt in {UNITS_NL.get(unit, unit)}; schrijf "
                                f"'{want}' in plaats van '{piece.strip()}'",
                            )
                        )
                        continue
                    n = None if page else lines_of(sid)
                    if n is not None and last > n:
                        errors.append(
                            ValidationError(
                                file,
                                row,
                                col,
                                f"bronverwijzing '{piece.strip()}': {known[sid].get('file')} heeft maar {n} regels",
                            )
                        )
    return errors


def _check_fk(df, cols, other, ref_cols, target, file, errors):
    import pandas as pd

    known = set(map(tuple, other[ref_cols].dropna().astype(str).itertuples(index=False, name=None)))
    for i, values in zip(df.index, df[cols].itertuples(index=False, name=None)):
        if any(pd.isna(v) for v in values):
            continue
        key = tuple(str(v) for v in values)
        if key not in known:
            errors.append(
                ValidationError(
                    file, int(i) + 2, ", ".join(cols), f"verwijzing {', '.join(key)!r} bestaat niet in {target}"
                )
            )
