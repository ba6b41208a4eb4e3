"""Load the processed case-study tables and select what belongs to one case.

``load_case_studies()`` reads every table of the processed dataset (written by the
build after validation); ``for_case`` and ``cases_by_method`` are the small
selections the notebooks need, so a notebook never filters by hand.
"""

from __future__ import annotations

import pandas as pd

DATASET = "case_studies"
TABLES = (
    "cases",
    "sources",
    "persons",
    "events",
    "episodes",
    "roles",
    "tree_nodes",
    "lessons",
    "portrait_factors",
    "cross_case_elements",
    "literature_elements",
    "synthesis_coding",
    "markers",
    "stickers",
)


def load_case_studies() -> dict[str, pd.DataFrame]:
    """All processed tables of the ``case_studies`` dataset, keyed by table name."""
    from ..data import load_table

    return {t: load_table(DATASET, t) for t in TABLES}


def cases_by_method(tables: dict[str, pd.DataFrame], methods: tuple[str, ...]) -> pd.DataFrame:
    """The cases of the given methods (``leerreview``, ``clientportret``, ``praktijkcasus``), in report order."""
    cases = tables["cases"]
    return cases[cases["method"].isin(methods)].sort_values("position").reset_index(drop=True)


def for_case(tables: dict[str, pd.DataFrame], case_id: str, table: str) -> pd.DataFrame:
    """Rows of one table that belong to one case (keeps the schema attrs for show_table)."""
    df = tables[table]
    out = df[df["case_id"] == case_id].reset_index(drop=True)
    out.attrs.update(df.attrs)
    return out


def case_origins() -> pd.DataFrame:
    """Which cases came from the researcher's own files (``case_id``, ``file``); empty when the
    data are the published cases only (see :mod:`.byo`)."""
    from .. import paths

    folder = paths.DATA_PROCESSED / DATASET
    frames = [pd.read_csv(p, dtype=str) for p in sorted(folder.glob("case_origin__*.csv"))]
    if not frames:
        return pd.DataFrame(columns=["case_id", "file"])
    return pd.concat(frames, ignore_index=True)[["case_id", "file"]].drop_duplicates("case_id")
