"""Write a questionnaire dataset as a researcher's export (wide: one row per respondent).

Used to produce the ``.sav`` / ``.xlsx`` / Dutch-Excel ``.csv`` versions of the
demonstration data, so that tests (and researchers) can check that the pipeline
reads such files exactly as it reads the processed tables.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import atomic_path
from .instruments import Instrument, load_instrument

WAVES = ("t0", "t1")


def wide_layout(respondents: pd.DataFrame, forms: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent (also those without forms); item columns ``<item>_t0``/``<item>_t1``."""
    items = [c for c in forms.columns if c not in ("respondent_id", "wave", "child_age")]
    out = respondents[["respondent_id", "child_age"]].copy()
    for w in WAVES:
        part = forms.loc[forms["wave"] == w, ["respondent_id", *items]].set_index("respondent_id")
        part.columns = [f"{c}_{w}" for c in part.columns]
        out = out.join(part, on="respondent_id")
    return out


def write_sav(df: pd.DataFrame, path: Path, instruments: list[Instrument]) -> Path:
    """SPSS file with the instruments' response labels as value labels."""
    import pyreadstat

    labels = {}
    for inst in instruments:
        for col in df.columns:
            base = col.rsplit("_", 1)[0]
            if base in inst.item_columns:
                labels[col] = {float(k): v for k, v in inst.response_labels.items()}
            elif inst.impact and base in inst.impact["items"]:
                labels[col] = {float(k): v for k, v in inst.impact["response_labels"].items()}
            elif inst.impact and base == inst.impact["overall_item"]:
                labels[col] = {float(k): v for k, v in inst.impact["overall_labels"].items()}
    num = df.copy()
    for c in num.columns:
        if c != "respondent_id":
            num[c] = pd.to_numeric(num[c], errors="coerce").astype(float)
    with atomic_path(path) as tmp:
        pyreadstat.write_sav(num, str(tmp), variable_value_labels=labels)
    return path


def write_xlsx(df: pd.DataFrame, path: Path) -> Path:
    with atomic_path(path) as tmp:
        df.to_excel(tmp, index=False, engine="openpyxl")
    return path


def write_dutch_csv(df: pd.DataFrame, path: Path, as_labels: Instrument | None = None) -> Path:
    """``;``-separated CSV in Windows-1252, as Dutch Excel saves it (optionally with response labels)."""
    out = df.copy()
    if as_labels is not None:
        for col in out.columns:
            if col.rsplit("_", 1)[0] in as_labels.item_columns:
                out[col] = out[col].map(lambda v: as_labels.response_labels.get(int(v)) if pd.notna(v) else "")
    with atomic_path(path) as tmp:
        out.to_csv(tmp, sep=";", decimal=",", index=False, encoding="cp1252")
    return path


def write_demo_exports(respondents: pd.DataFrame, forms: pd.DataFrame, folder: Path) -> list[Path]:
    """``helmond_export.sav``, ``.xlsx`` and ``.csv`` (Dutch Excel, SDQ answers as labels)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sdq, ari = load_instrument("sdq_parent_4_17"), load_instrument("ari_cp_2_5_demo_key")
    wide = wide_layout(respondents, forms)
    return [
        write_sav(wide, folder / "helmond_export.sav", [sdq, ari]),
        write_xlsx(wide, folder / "helmond_export.xlsx"),
        write_dutch_csv(wide, folder / "helmond_export.csv", as_labels=sdq),
    ]
