"""Read questionnaire exports as researchers have them, and check them against the instruments.

Formats: CSV (UTF-8 or Windows-1252; ``,`` or Dutch Excel ``;`` with decimal
commas -- via :func:`analysis.data.read_raw_table`), XLSX (first sheet, or
``file.xlsx#sheet``) and SPSS ``.sav`` (pyreadstat; the value labels are checked
against the instrument).

Layouts (detected from the column names, or given as ``layout=``):

* ``wide``: one row per respondent; item columns per wave with a suffix
  (``sdq_01_t0``, ``sdq_01_t1``); a respondent whose items are all empty at a
  wave did not fill in that wave (a row with no forms at all = a parent without
  questionnaires);
* ``form``: one row per respondent x wave (``respondent_id``, ``wave``, items);
* ``long``: one row per respondent x wave x item (``respondent_id``, ``wave``,
  ``item``, ``value``).

Cells may hold codes (``2``, ``2,0``) or response labels ("Zeker waar", any
case).  Every problem is collected and raised together as
:class:`~analysis.validation.ValidationErrors` naming file, row (as a
spreadsheet shows it: header = row 1) and column; nothing is returned then.
A scale with too few items answered is *not* an error (see :mod:`.score`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..validation import ValidationError, ValidationErrors
from .instruments import Instrument

WAVES = ("t0", "t1")
WAVE_ALIASES = {
    "t0": "t0",
    "0": "t0",
    "voormeting": "t0",
    "beginmeting": "t0",
    "begin": "t0",
    "pre": "t0",
    "baseline": "t0",
    "t1": "t1",
    "1": "t1",
    "nameting": "t1",
    "eindmeting": "t1",
    "eind": "t1",
    "post": "t1",
}
WIDE_SUFFIX = re.compile(r"^(?P<base>.+)_(?P<wave>t0|t1)$")


@dataclass
class Export:
    """A checked export.

    ``forms``: one row per respondent x wave (``respondent_id``, ``wave``,
    ``child_age``, item columns as floats, NaN = not answered).
    ``respondents``: one row per respondent in the export (``respondent_id``,
    ``child_age``) -- including, in the wide layout, parents without any form.
    """

    forms: pd.DataFrame
    respondents: pd.DataFrame
    file: str
    layout: str


# ------------------------------------------------------------------ raw reading


def _read_table(path: Path, sheet: str | None) -> tuple[pd.DataFrame, dict]:
    """All cells as text ('' = empty) plus SPSS value labels ({column: {code: label}})."""
    if path.suffix.lower() == ".sav":
        import pyreadstat

        try:
            df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=True)
        except Exception as exc:  # noqa: BLE001 - pyreadstat raises its own error types
            raise ValidationError(path, None, None, f"SPSS-bestand niet te lezen: {exc}") from None
        # SPSS user-missing codes (e.g. 9 = "geen antwoord") are unanswered items: empty cells,
        # and their value labels are not response labels.
        user_missing = {}
        for col, ranges in (meta.missing_ranges or {}).items():
            is_missing = lambda v, r=ranges: any(x["lo"] <= v <= x["hi"] for x in r if isinstance(v, (int, float)))  # noqa: E731
            user_missing[col] = is_missing
            if col in df.columns:
                df[col] = df[col].map(lambda v, f=is_missing: np.nan if isinstance(v, (int, float)) and f(v) else v)
        text = df.astype(object).where(df.notna(), "")
        text = text.map(lambda v: _format_number(v) if isinstance(v, float) else str(v))
        labels = {
            c.strip().lower(): {
                float(k): str(v) for k, v in lab.items() if not (c in user_missing and user_missing[c](float(k)))
            }
            for c, lab in (meta.variable_value_labels or {}).items()
        }
        text.columns = [str(c).strip().lower() for c in text.columns]
        return text, labels
    from ..data import read_raw_table

    df = read_raw_table(path, sheet=sheet)
    df.columns = [str(c).strip().lower() for c in df.columns]
    return df, {}


def _format_number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def _to_number(text: pd.Series) -> pd.Series:
    """Text -> float (decimal comma allowed); unparsable -> NaN (caller reports)."""
    s = text.astype(str).str.strip().str.replace(r"^([+-]?\d+),(\d+)$", r"\1.\2", regex=True)
    return pd.to_numeric(s.where(s != "", None), errors="coerce")


# ------------------------------------------------------------------ cell checks


def _parse_items(
    cells: pd.DataFrame, rows: np.ndarray, spec: "CodeSpec", file, errors: list, colnames: dict[str, str]
) -> pd.DataFrame:
    """Item cells (text) -> codes; labels mapped; out-of-range values and unknown labels reported.

    All cells are read as one column (the table's columns one after the other), which takes a
    fraction of the time column by column; the messages come in the same order as before: per
    column the unknown labels, then the out-of-range values, row after row."""
    cols = list(cells.columns)
    n = len(cells)
    raw = pd.Series(cells.to_numpy(dtype=object).ravel(order="F")).astype(str).str.strip()
    num = _to_number(raw)
    is_text = (raw.ne("") & num.isna()).to_numpy()
    unknown = np.zeros(len(raw), dtype=bool)
    if is_text.any():
        codes = raw[is_text].str.lower().map(spec.lut)
        unknown[is_text] = codes.isna().to_numpy()
        num = num.copy()
        num[is_text] = codes.astype(float).to_numpy()
    bad = (num.notna() & ~num.isin(spec.codes)).to_numpy()
    for j, col in enumerate(cols):
        part = slice(j * n, (j + 1) * n)
        for i in np.flatnonzero(unknown[part]):
            errors.append(
                ValidationError(
                    file,
                    int(rows[i]),
                    colnames[col],
                    f"antwoord {raw.iloc[j * n + i]!r} hoort bij geen enkele code van {spec.name} (verwacht {spec.shown})",
                )
            )
        for i in np.flatnonzero(bad[part]):
            errors.append(
                ValidationError(
                    file,
                    int(rows[i]),
                    colnames[col],
                    f"waarde {raw.iloc[j * n + i]} ligt buiten de antwoordcodes van {spec.name} "
                    f"({min(spec.codes)}-{max(spec.codes)})",
                )
            )
    values = num.where(~bad).astype(float).to_numpy().reshape((n, len(cols)), order="F")
    return pd.DataFrame(values, index=cells.index, columns=cols)


@dataclass
class CodeSpec:
    """Allowed codes and label -> code lookup for a block of items."""

    name: str
    codes: list[int]
    lut: dict[str, int]
    shown: str

    @classmethod
    def items(cls, inst: Instrument) -> "CodeSpec":
        shown = "; ".join(f"{k} = {lab!r}" for k, lab in inst.response_labels.items())
        return cls(inst.id, list(inst.codes), inst.label_to_code(), shown)

    @classmethod
    def impact(cls, inst: Instrument) -> "CodeSpec":
        imp = inst.impact
        lut = {str(v).strip().lower(): int(k) for k, v in imp["response_labels"].items()}
        lut.update({str(v).strip().lower(): int(k) for k, v in imp["overall_labels"].items()})
        codes = sorted({int(k) for k in imp["response_labels"]} | {int(k) for k in imp["overall_labels"]})
        shown = "; ".join(f"{k} = {lab!r}" for k, lab in imp["response_labels"].items())
        return cls(f"{inst.id} (impact)", codes, lut, shown)


def _check_value_labels(labels: dict, columns: list[str], inst: Instrument, file, errors: list) -> None:
    """SPSS value labels must say the same as the instrument (code -> label)."""
    lut = inst.label_to_code()
    for col in columns:
        for code, lab in labels.get(col, {}).items():
            expected = lut.get(lab.strip().lower())
            if expected is None or float(expected) != float(code):
                want = inst.response_labels.get(int(code)) if float(code).is_integer() else None
                problem = (
                    f"het waardelabel {lab!r} komt niet voor in {inst.id}"
                    if expected is None
                    else f"{inst.id} codeert {lab!r} als {expected}"
                )
                errors.append(
                    ValidationError(
                        file,
                        None,
                        col,
                        f"SPSS-waardelabel van code {_format_number(code)} is {lab!r}, maar {problem} "
                        f"(code {_format_number(code)} = {want!r} volgens de vragenlijst); hercodeer de variabele "
                        "of controleer of dit de juiste vragenlijst is",
                    )
                )


# ------------------------------------------------------------------ layouts


def _detect_layout(columns: list[str]) -> str:
    if {"item", "value"} <= set(columns):
        return "long"
    if "wave" in columns:
        return "form"
    if any(WIDE_SUFFIX.match(c) for c in columns):
        return "wide"
    return "form"


def _wide_to_forms(df: pd.DataFrame, file, errors) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Wide -> one row per respondent x wave; returns (cells, respondents, column-name map)."""
    parts, colnames = [], {}
    age_cols = {w: (f"child_age_{w}" if f"child_age_{w}" in df.columns else "child_age") for w in WAVES}
    item_bases = sorted(
        {m["base"] for c in df.columns if (m := WIDE_SUFFIX.match(c)) and not m["base"].startswith("child_age")}
    )
    for w in WAVES:
        cols = {f"{b}_{w}": b for b in item_bases if f"{b}_{w}" in df.columns}
        if not cols:
            continue
        part = df[["respondent_id", "_row"]].copy()
        part["wave"] = w
        part["child_age"] = df[age_cols[w]] if age_cols[w] in df.columns else ""
        items = df[list(cols)].rename(columns=cols)
        has_form = items.astype(str).apply(lambda s: s.str.strip().ne("")).any(axis=1)
        part = pd.concat([part, items], axis=1)[has_form]
        parts.append(part)
        for full, base in cols.items():
            colnames.setdefault(w, {})[base] = full
    cells = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["respondent_id", "wave"])
    age = df[age_cols["t0"]] if age_cols["t0"] in df.columns else pd.Series("", index=df.index)
    respondents = pd.DataFrame({"respondent_id": df["respondent_id"], "child_age": age, "_row": df["_row"]})
    return cells, respondents, colnames


def _long_to_forms(df: pd.DataFrame, file, errors) -> pd.DataFrame:
    dup = df.duplicated(["respondent_id", "wave", "item"], keep="first")
    for _, r in df[dup].iterrows():
        errors.append(
            ValidationError(
                file,
                int(r["_row"]),
                "item",
                f"item {r['item']} staat twee keer bij respondent {r['respondent_id']}, meting {r['wave']}",
            )
        )
    df = df[~dup]
    first = df.groupby(["respondent_id", "wave"], sort=False).agg(
        _row=("_row", "min"), child_age=("child_age", "first")
    )
    wide = df.pivot(index=["respondent_id", "wave"], columns="item", values="value")
    wide.columns = [str(c).strip().lower() for c in wide.columns]
    out = first.join(wide).reset_index()
    return out.fillna("")


# ------------------------------------------------------------------ main entry


def read_export(
    path: str | Path, instruments: list[Instrument], layout: str = "auto", sheet: str | None = None
) -> Export:
    """Read, convert and check an export; raise ``ValidationErrors`` listing every problem."""
    path = Path(path)
    if "#" in path.name:
        path, sheet = path.with_name(path.name.split("#", 1)[0]), path.name.split("#", 1)[1]
    df, value_labels = _read_table(path, sheet)
    return _build_export(df, value_labels, instruments, path, layout)


def from_tables(
    respondents: pd.DataFrame,
    forms: pd.DataFrame,
    instruments: list[Instrument],
    file: str | Path = "data_processed/helmond_questionnaires/forms.csv",
) -> Export:
    """Checked :class:`Export` from a respondents table and a forms table (``form`` layout)."""
    df = forms.copy()
    df.columns = [str(c).lower() for c in df.columns]
    text = df.astype(object).where(df.notna(), "").map(lambda v: _format_number(v) if isinstance(v, float) else str(v))
    exp = _build_export(text, {}, instruments, Path(file), "form")
    resp = respondents[["respondent_id", "child_age"]].copy()
    resp["respondent_id"] = resp["respondent_id"].astype(str)
    resp["child_age"] = pd.to_numeric(resp["child_age"], errors="coerce").astype(float)
    exp.respondents = resp.reset_index(drop=True)
    return exp


def _build_export(
    df: pd.DataFrame, value_labels: dict, instruments: list[Instrument], path: Path, layout: str
) -> Export:
    errors: list[ValidationError] = []
    df = df.copy()
    df["_row"] = np.arange(2, len(df) + 2)
    layout = _detect_layout(list(df.columns)) if layout == "auto" else layout
    required = (
        ["respondent_id"]
        + (["wave"] if layout in ("form", "long") else [])
        + (["item", "value"] if layout == "long" else [])
    )
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValidationErrors(
            [ValidationError(path, None, c, f"kolom ontbreekt (indeling '{layout}')") for c in missing]
        )
    df["respondent_id"] = df["respondent_id"].astype(str).str.strip()
    for i in np.flatnonzero(df["respondent_id"].eq("").to_numpy()):
        errors.append(ValidationError(path, int(df["_row"].iloc[i]), "respondent_id", "respondentnummer ontbreekt"))

    colnames: dict = {}
    respondents = None
    if layout == "wide":
        cells, respondents, colnames = _wide_to_forms(df, path, errors)
    elif layout == "long":
        if "child_age" not in df.columns:
            df["child_age"] = ""
        df["item"] = df["item"].astype(str).str.strip().str.lower()
        known = {c for inst in instruments for c in (*inst.item_columns, *inst.impact_columns)}
        for i in np.flatnonzero((~df["item"].isin(known)).to_numpy()):
            errors.append(
                ValidationError(
                    path,
                    int(df["_row"].iloc[i]),
                    "item",
                    f"item {df['item'].iloc[i]!r} hoort bij geen van de vragenlijsten "
                    f"({', '.join(inst.id for inst in instruments)})",
                )
            )
        df = df[df["item"].isin(known)]
        cells = _long_to_forms(df, path, errors)
    else:
        cells = df
    if "child_age" not in cells.columns:
        errors.append(ValidationError(path, None, "child_age", "kolom met de leeftijd van het kind ontbreekt"))
        cells = cells.assign(child_age="")

    def shown(base: str, wave: str | None = None) -> str:
        if layout == "wide" and wave is not None:
            return colnames.get(wave, {}).get(base, f"{base}_{wave}")
        return base if layout != "long" else "value"

    # waves
    wave_raw = cells["wave"].astype(str).str.strip().str.lower()
    wave = wave_raw.map(WAVE_ALIASES)
    for i in np.flatnonzero(wave.isna().to_numpy()):
        errors.append(
            ValidationError(
                path,
                int(cells["_row"].iloc[i]),
                "wave",
                f"meting {cells['wave'].iloc[i]!r} onbekend (verwacht t0/voormeting of t1/nameting)",
            )
        )
    cells = cells.assign(wave=wave)

    # items per instrument
    frames = [cells[["respondent_id", "wave", "_row"]].reset_index(drop=True)]
    for inst in instruments:
        present_any = [c for c in inst.item_columns if c in cells.columns]
        absent = [c for c in inst.item_columns if c not in cells.columns]
        for c in absent:
            col = f"{c}_t0 / {c}_t1" if layout == "wide" else ("item" if layout == "long" else c)
            errors.append(ValidationError(path, None, col, f"itemkolom {c} van {inst.id} ontbreekt in de export"))
        if value_labels:
            label_cols = [shown(c, w) for c in present_any for w in WAVES] if layout == "wide" else present_any
            _check_value_labels(value_labels, label_cols, inst, path, errors)
        optional = [c for c in inst.impact_columns if c in cells.columns]
        for cols, spec in (
            (present_any, CodeSpec.items(inst)),
            (optional, CodeSpec.impact(inst) if optional else None),
        ):
            if not cols:
                continue
            sub = cells[cols].reset_index(drop=True)
            rows = cells["_row"].to_numpy()
            if layout == "wide":
                parsed = []
                for w in WAVES:
                    mask = (cells["wave"] == w).to_numpy()
                    if mask.any():
                        parsed.append(
                            _parse_items(sub[mask], rows[mask], spec, path, errors, {c: shown(c, w) for c in cols})
                        )
                parsed = pd.concat(parsed).sort_index() if parsed else sub.astype(float)
            else:
                parsed = _parse_items(sub, rows, spec, path, errors, {c: shown(c) for c in cols})
            frames.append(parsed)
    forms = pd.concat(frames, axis=1)
    forms.insert(2, "child_age", _to_number(cells["child_age"].reset_index(drop=True)).astype(float))

    # child age: a number, inside each enforcing instrument's range
    age_txt = cells["child_age"].astype(str).str.strip().reset_index(drop=True)
    for i in np.flatnonzero((forms["child_age"].isna() & age_txt.ne("")).to_numpy()):
        errors.append(
            ValidationError(
                path, int(forms["_row"].iloc[i]), "child_age", f"leeftijd {age_txt.iloc[i]!r} is geen getal"
            )
        )
    for inst in instruments:
        if not inst.age_enforced:
            continue
        out = (forms["child_age"] < inst.age_min) | (forms["child_age"] >= inst.age_max + 1)
        for i in np.flatnonzero(out.to_numpy()):
            errors.append(
                ValidationError(
                    path,
                    int(forms["_row"].iloc[i]),
                    "child_age",
                    f"leeftijd van het kind ({forms['child_age'].iloc[i]:g}) ligt buiten het bereik "
                    f"van {inst.id} ({inst.age_min:g}-{inst.age_max:g} jaar)",
                )
            )

    # one form per respondent x wave; no post measurement without a pre measurement
    dup = forms.duplicated(["respondent_id", "wave"], keep="first") & forms["wave"].notna()
    for i in np.flatnonzero(dup.to_numpy()):
        errors.append(
            ValidationError(
                path,
                int(forms["_row"].iloc[i]),
                "wave",
                f"respondent {forms['respondent_id'].iloc[i]} heeft meting {forms['wave'].iloc[i]} meer dan eens",
            )
        )
    has_pre = set(forms.loc[forms["wave"] == "t0", "respondent_id"])
    post_only = (forms["wave"] == "t1") & ~forms["respondent_id"].isin(has_pre)
    for i in np.flatnonzero(post_only.to_numpy()):
        errors.append(
            ValidationError(
                path,
                int(forms["_row"].iloc[i]),
                "wave" if layout != "wide" else f"{instruments[0].item_columns[0]}_t0",
                f"respondent {forms['respondent_id'].iloc[i]} heeft een nameting (t1) maar geen voormeting (t0)",
            )
        )
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column or ""))
        raise ValidationErrors(errors)

    forms = forms.sort_values(["respondent_id", "wave"]).reset_index(drop=True)
    if respondents is None:
        respondents = (
            forms.sort_values("wave")
            .groupby("respondent_id", sort=True)
            .agg(child_age=("child_age", "first"))
            .reset_index()
        )
    else:
        respondents = respondents.assign(child_age=_to_number(respondents["child_age"]).astype(float))
        respondents = respondents[["respondent_id", "child_age"]].reset_index(drop=True)
    return Export(forms=forms.drop(columns="_row"), respondents=respondents, file=_rel(path), layout=layout)


def _rel(path: Path) -> str:
    from .. import paths

    return paths.relative(path)
