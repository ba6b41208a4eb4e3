"""The tidy coding table (one row per coded segment) and its CSV/XLSX reader.

Columns: ``respondent``, ``group``, ``segment``, ``determinant`` (a codebook key),
``valence`` (``bevorderend`` / ``belemmerend`` / ``neutraal``), ``coder``. Both the REFI-QDA
importer and the CSV/XLSX reader produce exactly this table; ``check_coding_table`` is the one
place where it is validated (unknown determinant, valence outside the allowed set, the same
segment coded twice with the same code by the same coder, empty cells).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.validation import ValidationError, ValidationErrors

from .frameworks import load_codebook, name_index, normalise_name
from .labels import VALENCE_SYNONYMS, VALENCES

TIDY_COLUMNS = ["respondent", "group", "segment", "determinant", "valence", "coder"]

COLUMN_SYNONYMS = {
    "respondent": ("respondent", "respondent_id", "interview", "case", "geinterviewde"),
    "group": ("group", "groep", "respondentgroep"),
    "segment": ("segment", "segment_id", "fragment", "selection"),
    "determinant": ("determinant", "code", "determinant_key"),
    "valence": ("valence", "valentie", "richting"),
    "coder": ("coder", "codeur", "beoordelaar"),
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
        raise ValidationError(file, None, missing[0],
                              f"kolom(men) ontbreken: {', '.join(missing)} "
                              f"(verwacht: {', '.join(TIDY_COLUMNS)})")
    return df.rename(columns=rename)


def _strip(s: pd.Series) -> pd.Series:
    """Strip whitespace, working on the distinct values only (fast on long tables)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    stripped = pd.Series(uniques, dtype="string").str.strip().to_numpy()
    values = pd.array(stripped, dtype="string").take(codes, allow_fill=True)
    return pd.Series(values, index=s.index, name=s.name)


def check_coding_table(df: pd.DataFrame, codebook: pd.DataFrame | None = None, file: str = "codeertabel",
                       row_offset: int | None = 2, map_names: bool = True) -> pd.DataFrame:
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
    for col in ("respondent", "segment", "determinant", "valence", "coder"):
        blank = out[col].isna() | (out[col].astype(str).str.strip() == "")
        for i in list(out.index[blank])[:20]:
            errors.append(ValidationError(file, row(i), col, "lege cel"))
    for col in TIDY_COLUMNS:
        out[col] = _strip(out[col])

    keys = set(codebook["key"])
    index = name_index(codebook) if map_names else {}
    det = out["determinant"]
    known = det.isin(keys)
    if not known.all():
        uniq = det[~known].dropna().unique()
        mapped = {u: index.get(normalise_name(u)) for u in uniq}
        det = det.where(known, det.map(mapped))
        for i in out.index[det.isna() & out["determinant"].notna()][:20]:
            errors.append(ValidationError(
                file, row(i), "determinant",
                f"onbekende determinant '{out.at[i, 'determinant']}' (niet in het codeboek)"))
    out["determinant"] = det.astype("string")

    val = out["valence"].str.casefold()
    canon = val.map(lambda v: VALENCE_SYNONYMS.get(v) if isinstance(v, str) else None)
    for i in out.index[canon.isna() & out["valence"].notna()][:20]:
        errors.append(ValidationError(
            file, row(i), "valence",
            f"valentie '{out.at[i, 'valence']}' niet toegestaan (toegestaan: {', '.join(VALENCES)})"))
    out["valence"] = canon.astype("string")

    dup = out.duplicated(["segment", "determinant", "coder"], keep="first") & out["determinant"].notna()
    for i in out.index[dup][:20]:
        errors.append(ValidationError(
            file, row(i), "segment",
            f"segment '{out.at[i, 'segment']}' is door codeur '{out.at[i, 'coder']}' twee keer "
            f"met '{out.at[i, 'determinant']}' gecodeerd"))
    # One segment belongs to one respondent.
    per_seg = out.groupby("segment", sort=False)["respondent"].nunique()
    for seg in per_seg.index[per_seg > 1][:20]:
        i = out.index[out["segment"] == seg][0]
        errors.append(ValidationError(file, row(i), "respondent",
                                      f"segment '{seg}' hoort bij meer dan één respondent"))
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    rest = [c for c in out.columns if c not in TIDY_COLUMNS]
    return out[TIDY_COLUMNS + rest].reset_index(drop=True)


def read_coding_table(path: str | Path, codebook: pd.DataFrame | None = None,
                      sheet: str | int = 0) -> pd.DataFrame:
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
