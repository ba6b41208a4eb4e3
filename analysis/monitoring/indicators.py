"""Monitoring figures of the multi-year evaluation of the Rotterdam youth-care system.

Input is the processed ``st_raw/monitoring`` table (observations joined with indicator and wave,
see :func:`analysis.monitoring.validate.monitoring_frame`).  Figures are kept as intervals: a
figure worded "ruim vier van de vijf" is the range 80–85%, never the point 80%.
"""

from __future__ import annotations

import re

import pandas as pd

from . import labels

_SOURCE_PIECE = re.compile(r"(?P<file>[0-9]{3}_[0-9a-f]{16}\.txt):(?P<lines>[0-9]+(?:-[0-9]+)?)")


def source_lines(source: str) -> str:
    """Line references of a ``source`` cell without the file name: ``"416–417, 430"``."""
    return ", ".join(m.group("lines").replace("-", "–") for m in _SOURCE_PIECE.finditer(source or ""))


# Decimals a bound is printed with: a percentage to one decimal (the wording "bijna een derde"
# gives 29,2–33,3%, not 29,17–33,33%), a duration in months to two (1,8 maanden rounded is
# 1,75–1,85 mnd); trailing zeros dropped.
_DECIMALS = {"procent": 1, "procent_verandering": 1}


def _fmt(x: float, unit: str = "") -> str:
    from analysis.formatting import decimal_text

    return decimal_text(x, _DECIMALS.get(unit, 2)).rstrip("0").rstrip(",").replace("-", "\u2212")


def format_interval(lower, upper, unit: str, comparator: str | None = None) -> str:
    """Dutch text for an interval: ``"85–95%"``, ``"1,75–1,85 mnd"``, ``"−19,5 tot −18,5%"``,
    ``"6"`` for a count; ``"–"`` when there are no bounds.  Whether an end is open ("ruim",
    "bijna") is told by the rule column next to it, not squeezed into this text."""
    if lower is None or pd.isna(lower) or upper is None or pd.isna(upper):
        return "–"
    suffix = labels.UNIT_SUFFIX.get(unit, "")
    lo, hi = _fmt(float(lower), unit), _fmt(float(upper), unit)
    if lo == hi:
        return f"{lo}{suffix}"
    sep = " tot " if float(lower) < 0 or float(upper) < 0 else "–"
    return f"{lo}{sep}{hi}{suffix}"


def first_line(source: str) -> int:
    """First line number a ``source`` cell points to (for ordering rows as in the document)."""
    m = _SOURCE_PIECE.search(source or "")
    return int(m.group("lines").split("-")[0]) if m else 0


def has_number(df: pd.DataFrame) -> pd.Series:
    """True for rows with published bounds (not only a direction)."""
    return df["value_lower"].notna() & df["value_upper"].notna()


def wave_label(df: pd.DataFrame) -> pd.Series:
    return df["wave_label"].astype(str) + " " + df["year"].astype("Int64").astype(str)


def monitoring_table(monitoring: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator x wave with the published wording, the bounds as text, the rule
    behind them, the direction and the source; columns as in ``labels.COLUMNS['monitoring']``."""
    df = monitoring
    out = pd.DataFrame(
        {
            "topic_label": df["topic"].map(labels.TOPICS),
            "indicator_label": df["indicator_label"],
            "wave": wave_label(df),
            "population": df["population"],
            "value_text": df["value_text"],
            "interval": [
                format_interval(lo, hi, u, c)
                for lo, hi, u, c in zip(df["value_lower"], df["value_upper"], df["unit"], df["comparator"])
            ],
            "basis": df["bounds_basis"].map(labels.BOUNDS_BASIS),
            "direction": df["direction"].map(labels.DIRECTIONS).fillna("–"),
            "reference_period": df["reference_period"].fillna("–"),
            "source": df["source"],
        }
    )
    return out.reset_index(drop=True)


def wave_coverage(monitoring: pd.DataFrame, waves: pd.DataFrame) -> pd.DataFrame:
    """Per wave: how many indicators have a published number, only a direction, or nothing.

    Columns: ``wave`` (label), ``year``, ``n_number``, ``n_direction``, ``n_none``,
    ``n_indicators`` (all indicators of the dataset).
    """
    indicators = monitoring["indicator_id"].unique()
    rows = []
    for w in waves.sort_values("year").itertuples(index=False):
        sub = monitoring[monitoring["wave_id"] == w.wave_id]
        n_number = int(has_number(sub).sum())
        n_direction = int((~has_number(sub)).sum())
        rows.append(
            {
                "wave": f"{w.label} {w.year}",
                "year": int(w.year),
                "n_number": n_number,
                "n_direction": n_direction,
                "n_none": len(indicators) - n_number - n_direction,
                "n_indicators": len(indicators),
            }
        )
    return pd.DataFrame(rows)


def interval_widths(monitoring: pd.DataFrame) -> pd.DataFrame:
    """Numeric figures with the width of their bounds (upper - lower), widest first.

    The width is what the wording leaves open; it is 0 only for counts.  ``width_text`` is the
    width as printed, with its unit (``"12,5 procentpunt"``, ``"0,1 mnd"``).
    """
    df = monitoring[has_number(monitoring)].copy()
    df["width"] = (df["value_upper"] - df["value_lower"]).astype(float).round(2)
    df["interval"] = [format_interval(lo, hi, u) for lo, hi, u in zip(df["value_lower"], df["value_upper"], df["unit"])]
    df["width_text"] = [f"{_fmt(w, u)} {labels.WIDTH_UNIT.get(u, '')}".strip() for w, u in zip(df["width"], df["unit"])]
    return (
        df[
            [
                "indicator_id",
                "indicator_label",
                "wave_id",
                "unit",
                "value_text",
                "value_lower",
                "value_upper",
                "interval",
                "width",
                "width_text",
            ]
        ]
        .sort_values(["width", "indicator_id"], ascending=[False, True])
        .reset_index(drop=True)
    )
