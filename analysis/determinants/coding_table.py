"""The tidy coding table (one row per coded segment) and its CSV/XLSX reader.

Columns: ``respondent``, ``group``, ``segment``, ``determinant`` (a codebook key),
``valence`` (``bevorderend`` / ``belemmerend`` / ``neutraal``), ``coder``, then
``level`` (``determinant``, or ``category`` for a coding on a whole category: ``determinant``
then holds the category key), ``start`` / ``end`` (position of the fragment in its interview
text, Unicode code points, end exclusive, as REFI-QDA counts) and ``quote`` (the fragment's
text, ``text[start:end]``). The last four may be empty in a table typed by hand. Both the
REFI-QDA importer and the CSV/XLSX reader produce exactly this table; ``check_coding_table`` is
the one place where it is validated (unknown determinant, valence outside the allowed set, the
same segment coded twice with the same code by the same coder, empty cells, positions).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.validation import ValidationError, ValidationErrors

from .frameworks import category_index, load_codebook, name_index, normalise_name
from .labels import VALENCE_SYNONYMS, VALENCES

TIDY_COLUMNS = ["respondent", "group", "segment", "determinant", "valence", "coder"]
OPTIONAL_COLUMNS = ["level", "start", "end", "quote"]
LEVELS = ("determinant", "category")

COLUMN_SYNONYMS = {
    "respondent": ("respondent", "respondent_id", "interview", "case", "geinterviewde"),
    "group": ("group", "groep", "respondentgroep"),
    "segment": ("segment", "segment_id", "fragment", "selection"),
    "determinant": ("determinant", "code", "determinant_key"),
    "valence": ("valence", "valentie", "richting"),
    "coder": ("coder", "codeur", "beoordelaar"),
}
OPTIONAL_SYNONYMS = {
    "level": ("level", "niveau"),
    "start": ("start", "begin", "startpositie", "start_position", "startposition"),
    "end": ("end", "eind", "eindpositie", "end_position", "endposition"),
    "quote": ("quote", "citaat", "fragmenttekst", "tekst", "text"),
}


def _rename_columns(df: pd.DataFrame, file: str) -> pd.DataFrame:
    lookup = {normalise_name(c): c for c in df.columns}
    rename, missing = {}, []
    for target, options in COLUMN_SYNONYMS.items():
        found = next((lookup[normalise_name(o)] for o in options if normalise_name(o) in lookup), None)
        if found is None:
            missing.append(target)
        else:
            rename[found] = target
    if missing:
        raise ValidationError(
            file, None, missing[0], f"kolom(men) ontbreken: {', '.join(missing)} (verwacht: {', '.join(TIDY_COLUMNS)})"
        )
    for target, options in OPTIONAL_SYNONYMS.items():
        found = next((lookup[normalise_name(o)] for o in options if normalise_name(o) in lookup), None)
        if found is not None and found not in rename:
            rename[found] = target
    return df.rename(columns=rename)


def _strip(s: pd.Series) -> pd.Series:
    """Strip whitespace, working on the distinct values only (fast on long tables)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    stripped = pd.Series(uniques, dtype="string").str.strip().to_numpy()
    values = pd.array(stripped, dtype="string").take(codes, allow_fill=True)
    return pd.Series(values, index=s.index, name=s.name)


def check_coding_table(
    df: pd.DataFrame,
    codebook: pd.DataFrame | None = None,
    file: str = "codeertabel",
    row_offset: int | None = 2,
    map_names: bool = True,
) -> pd.DataFrame:
    """Validate and normalise a coding table; returns a new frame with ``TIDY_COLUMNS`` first.

    Determinant cells may hold a codebook key, a Dutch or English label, or a numbered QDA code
    name ("01 Procedurele helderheid"); they are mapped to the key. Row numbers in messages are
    spreadsheet rows (header = 1) when ``row_offset`` is 2.
    """
    codebook = load_codebook() if codebook is None else codebook
    out = df.copy()

    def row(i):
        return None if row_offset is None else int(i) + row_offset

    errors: list[ValidationError] = []
    for col in TIDY_COLUMNS:
        if col not in out.columns:
            raise ValidationError(file, None, col, "kolom ontbreekt")
    if out.empty:
        raise ValidationError(
            file,
            None,
            None,
            "de codeertabel is leeg: geen enkel gecodeerd fragment (codeer eerst de interviews; "
            "er is niets geschreven)",
        )
    for col in ("respondent", "segment", "determinant", "valence", "coder"):
        blank = out[col].isna() | (out[col].astype(str).str.strip() == "")
        for i in list(out.index[blank])[:20]:
            errors.append(ValidationError(file, row(i), col, "lege cel"))
    for col in TIDY_COLUMNS:
        out[col] = _strip(out[col])

    keys = set(codebook["key"])
    cat_keys = set(codebook["category"])
    index = name_index(codebook) if map_names else {}
    cindex = category_index(codebook) if map_names else {}
    if "level" not in out.columns or out["level"].isna().all():
        level = pd.Series(pd.NA, index=out.index, dtype="string")
    else:
        level = _strip(out["level"]).str.casefold()
        level = level.replace({"categorie": "category", "": pd.NA})
    det = out["determinant"]
    known = det.isin(keys) & (level.isna() | (level == "determinant"))
    is_cat = det.isin(cat_keys) & ~known & (level.isna() | (level == "category"))
    if not (known | is_cat).all():
        rest = ~known & ~is_cat & det.notna()
        uniq = det[rest].dropna().unique()
        mapped = {u: index.get(normalise_name(u)) for u in uniq}
        mapped_cat = {u: cindex.get(normalise_name(u)) for u in uniq}
        as_det = det.map(mapped).where(rest & (level.isna() | (level == "determinant")))
        as_cat = det.map(mapped_cat).where(rest & as_det.isna() & (level.isna() | (level == "category")))
        is_cat = is_cat | as_cat.notna()
        det = det.where(~rest, as_det.where(as_det.notna(), as_cat))
        for i in out.index[det.isna() & out["determinant"].notna()][:20]:
            errors.append(
                ValidationError(
                    file,
                    row(i),
                    "determinant",
                    f"onbekende determinant '{out.at[i, 'determinant']}' (niet in het codeboek)",
                )
            )
    bad_level = level.notna() & ~level.isin(LEVELS)
    for i in out.index[bad_level][:20]:
        errors.append(
            ValidationError(
                file,
                row(i),
                "level",
                f"niveau '{out.at[i, 'level']}' niet toegestaan (toegestaan: {', '.join(LEVELS)})",
            )
        )
    out["determinant"] = det.astype("string")
    out["level"] = pd.Series(np.where(is_cat, "category", "determinant"), index=out.index, dtype="string")
    _check_positions(out, file, row, errors)

    val = out["valence"].str.casefold()
    canon = val.map(lambda v: VALENCE_SYNONYMS.get(v) if isinstance(v, str) else None)
    for i in out.index[canon.isna() & out["valence"].notna()][:20]:
        errors.append(
            ValidationError(
                file,
                row(i),
                "valence",
                f"valentie '{out.at[i, 'valence']}' niet toegestaan (toegestaan: {', '.join(VALENCES)})",
            )
        )
    out["valence"] = canon.astype("string")

    dup = out.duplicated(["segment", "determinant", "coder"], keep="first") & out["determinant"].notna()
    for i in out.index[dup][:20]:
        errors.append(
            ValidationError(
                file,
                row(i),
                "segment",
                f"segment '{out.at[i, 'segment']}' is door codeur '{out.at[i, 'coder']}' twee keer "
                f"met '{out.at[i, 'determinant']}' gecodeerd",
            )
        )
    # One segment belongs to one respondent.
    per_seg = out.groupby("segment", sort=False)["respondent"].nunique()
    for seg in per_seg.index[per_seg > 1][:20]:
        i = out.index[out["segment"] == seg][0]
        errors.append(ValidationError(file, row(i), "respondent", f"segment '{seg}' hoort bij meer dan één respondent"))
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    rest = [c for c in out.columns if c not in TIDY_COLUMNS + OPTIONAL_COLUMNS]
    return out[TIDY_COLUMNS + OPTIONAL_COLUMNS + rest].reset_index(drop=True)


def _check_positions(out: pd.DataFrame, file, row, errors: list) -> None:
    """``start``/``end`` as nullable integers with 0 ≤ start ≤ end; ``quote`` as text."""
    for col in ("start", "end"):
        if col not in out.columns:
            out[col] = pd.array([pd.NA] * len(out), dtype="Int64")
            continue
        values = pd.to_numeric(out[col].replace("", pd.NA), errors="coerce")
        bad = values.isna() & out[col].notna() & (out[col].astype(str).str.strip() != "")
        bad |= values.notna() & (values != values.round())
        for i in out.index[bad][:20]:
            errors.append(ValidationError(file, row(i), col, f"'{out.at[i, col]}' is geen positie (geheel getal)"))
        out[col] = values.where(~bad).round().astype("Int64")
    wrong = out["start"].notna() & out["end"].notna() & ((out["start"] < 0) | (out["end"] < out["start"]))
    for i in out.index[wrong.fillna(False)][:20]:
        errors.append(
            ValidationError(
                file, row(i), "start", f"positie {out.at[i, 'start']}-{out.at[i, 'end']}: verwacht 0 ≤ start ≤ eind"
            )
        )
    if "quote" not in out.columns:
        out["quote"] = pd.array([pd.NA] * len(out), dtype="string")
    else:
        out["quote"] = out["quote"].astype("string").replace("", pd.NA)


def read_coding_table(path: str | Path, codebook: pd.DataFrame | None = None, sheet: str | int = 0) -> pd.DataFrame:
    """Read a researcher's CSV or XLSX coding table and return the checked tidy table."""
    path = Path(path)
    file = path
    if not path.exists():
        raise ValidationError(file, None, None, "bestand bestaat niet")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        df = pd.read_excel(path, sheet_name=sheet, dtype=str)
    else:
        from analysis.data import read_raw_table

        df = read_raw_table(path)
    df = _rename_columns(df, file)
    return check_coding_table(df, codebook, file=file)
