"""Kennisateliers (knowledge workshops) of ST-RAW: the sessions and the published figures."""

from __future__ import annotations

import pandas as pd

from . import labels
from .indicators import format_interval


def kennisatelier_table(kennisateliers: pd.DataFrame) -> pd.DataFrame:
    """The sessions in date order with a Dutch date ("oktober 2016")."""
    df = kennisateliers.sort_values(["year", "month"]).copy()
    df["date"] = [f"{labels.MONTHS[int(m)]} {int(y)}" for y, m in zip(df["year"], df["month"])]
    df["in_evaluation"] = df["in_evaluation"].map(lambda b: labels.YES_NO[bool(b)])
    df["remark"] = df["remark"].fillna("–")
    return df[["atelier_id", "sequence", "date", "theme", "in_evaluation", "remark", "source"]].reset_index(drop=True)


def sessions_per_year(kennisateliers: pd.DataFrame) -> pd.DataFrame:
    """Number of sessions per calendar year (``year``, ``n``)."""
    n = kennisateliers.groupby("year").size()
    return pd.DataFrame({"year": n.index.astype(int), "n": n.to_numpy().astype(int)})


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Published figures of the article with their bounds as text and the rule behind them.

    A count of persons under the threshold (:func:`analysis.privacy.figure_counts_persons`,
    :func:`analysis.privacy.band_hidden`) reads "<5", and its quoted source text, which states
    the number, is not shown."""
    from ..privacy import band_hidden, figure_counts_persons, small_label, threshold

    df = figures.copy()
    hidden = [
        figure_counts_persons(u, lab, pop) and band_hidden(lo, hi)
        for u, lab, pop, lo, hi in zip(df["unit"], df["label"], df["population"], df["value_lower"], df["value_upper"])
    ]
    df["interval"] = [
        small_label() if h else format_interval(lo, hi, u, c)
        for h, lo, hi, u, c in zip(hidden, df["value_lower"], df["value_upper"], df["unit"], df["comparator"])
    ]
    df["value_text"] = [
        f"niet getoond: minder dan {threshold()} personen" if h else t for h, t in zip(hidden, df["value_text"])
    ]
    df["basis"] = df["bounds_basis"].map(labels.BOUNDS_BASIS)
    return df[["figure_id", "label", "population", "value_text", "interval", "basis", "source"]].reset_index(drop=True)
