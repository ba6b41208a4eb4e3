"""Figures for the ST-RAW monitoring figures.  Each function takes the processed frame and
returns a matplotlib Figure; all text comes from :mod:`labels`.

Bounds are drawn as ranges (a bar from the lower to the upper bound), never as points: a figure
worded "9 van de 10" is a bar from 85% to 95%.  An end the wording excludes ("ruim", "bijna",
"de meeste") is drawn as an open circle.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from . import labels
from .indicators import format_interval, has_number, source_lines

TOPIC_COLOURS = {
    "gebruik": "#1b6ca8",
    "ervaringen": "#2a9d5c",
    "snelheid": "#8e5ea2",
    "jeugdbescherming": "#c8553d",
    "preventie": "#b8860b",
}
DIRECTION_COLOURS = {
    "toename": "#1b6ca8",
    "afname": "#c8553d",
    "stabiel": "#555555",
    "geen_afname": "#8e5ea2",
    "onduidelijk": "#999999",
}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _ylim(unit: str, lo: float, hi: float) -> tuple[float, float]:
    if unit == "procent":
        return 0.0, 100.0
    if unit == "procent_verandering":
        return min(-25.0, lo - 5), 5.0
    return 0.0, max(3.0, hi * 1.5)


def _order(monitoring: pd.DataFrame) -> list[str]:
    topics = list(labels.TOPICS)
    first = monitoring.drop_duplicates("indicator_id")
    first = first.assign(_t=first["topic"].map(topics.index))
    return list(first.sort_values("_t", kind="stable")["indicator_id"])


def numeric_indicator_ids(monitoring: pd.DataFrame) -> list[str]:
    """Indicators with a published number in at least one wave, in topic order."""
    ids = set(monitoring.loc[has_number(monitoring), "indicator_id"])
    return [i for i in _order(monitoring) if i in ids]


def direction_only_indicator_ids(monitoring: pd.DataFrame) -> list[str]:
    """Indicators for which the source gives only directions, in topic order."""
    ids = set(numeric_indicator_ids(monitoring))
    return [i for i in _order(monitoring) if i not in ids]


def plot_monitoring(monitoring: pd.DataFrame, waves: pd.DataFrame, ncols: int = 5):
    """Small multiples: one panel per indicator with a number, the waves on the x-axis.

    A bar spans the bounds the wording allows; a direction-only statement for another wave of
    the same indicator is an arrow; a wave without any statement says so.  Under each panel the
    source lines; the figure note names the document and the convention.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    ids = numeric_indicator_ids(monitoring)
    if not ids:
        raise ValueError("geen indicatoren met een gepubliceerd getal om te tekenen")
    waves = waves.sort_values("year").reset_index(drop=True)
    nrows = -(-len(ids) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.55 * ncols, 3.35 * nrows), squeeze=False)
    xs = range(len(waves))
    for ax, ind in zip(axes.flat, ids):
        sub = monitoring[monitoring["indicator_id"] == ind]
        head = sub.iloc[0]
        colour = TOPIC_COLOURS.get(head["topic"], "#333333")
        num = sub[has_number(sub)]
        ylo, yhi = _ylim(head["unit"], float(num["value_lower"].min()), float(num["value_upper"].max()))
        ax.set_ylim(ylo, yhi)
        ax.set_xlim(-0.6, len(waves) - 0.4)
        for x, w in zip(xs, waves.itertuples(index=False)):
            rows = sub[sub["wave_id"] == w.wave_id]
            if rows.empty:
                ax.text(
                    x,
                    0.04,
                    labels.NOT_PUBLISHED,
                    transform=ax.get_xaxis_transform(),
                    ha="center",
                    va="bottom",
                    fontsize=6.5,
                    color="#9a9a9a",
                    style="italic",
                )
                continue
            r = rows.iloc[0]
            if pd.notna(r["value_lower"]) and pd.notna(r["value_upper"]):
                lo, hi = float(r["value_lower"]), float(r["value_upper"])
                ax.vlines(x, lo, hi, colors=colour, linewidth=9, alpha=0.75)
                ax.hlines([lo, hi], x - 0.17, x + 0.17, colors=colour, linewidth=1.2)
                if r["comparator"] == ">":
                    ax.plot([x], [lo], marker="o", markersize=6, mfc="white", mec=colour, zorder=3)
                elif r["comparator"] == "<":
                    ax.plot([x], [hi], marker="o", markersize=6, mfc="white", mec=colour, zorder=3)
                span = yhi - ylo
                above = hi + 0.04 * span <= yhi - 0.08 * span
                ax.text(
                    x,
                    hi + 0.04 * span if above else lo - 0.04 * span,
                    format_interval(lo, hi, r["unit"]),
                    va="bottom" if above else "top",
                    ha="center",
                    fontsize=7.5,
                    color="#222222",
                )
            else:
                # A direction is not a value: draw it in a strip at the top of the panel, in
                # axes coordinates, so its height cannot be read as a number.
                d = r["direction"]
                tr = ax.get_xaxis_transform()
                ax.text(
                    x,
                    0.95,
                    f"{labels.DIRECTION_SYMBOLS.get(d, '?')} {labels.DIRECTIONS.get(d, d)}",
                    transform=tr,
                    ha="center",
                    va="top",
                    fontsize=7,
                    color=DIRECTION_COLOURS.get(d, "#555555"),
                    bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=DIRECTION_COLOURS.get(d, "#555555"), lw=0.6),
                )
        ax.set_xticks(list(xs), [f"{w.year}" for w in waves.itertuples(index=False)], fontsize=8)
        ax.tick_params(axis="y", labelsize=7.5)
        ax.set_ylabel(labels.UNITS[head["unit"]], fontsize=7.5)
        ax.set_title(_wrap(head["indicator_label"], 26), fontsize=8.5, color=colour, loc="left")
        if head["unit"] == "procent_verandering":
            ax.axhline(0, color="#bbbbbb", linewidth=0.8, zorder=0)
        ax.grid(axis="y", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        lines = "; ".join(filter(None, (source_lines(s) for s in sub["source"].drop_duplicates())))
        ax.text(
            0.0,
            -0.2,
            labels.FIGURE["panel_source"].format(lines=lines),
            transform=ax.transAxes,
            fontsize=6.5,
            color="#666666",
            va="top",
        )
    for ax in list(axes.flat)[len(ids) :]:
        ax.set_visible(False)
    handles = [
        Line2D([0], [0], color=c, linewidth=6, alpha=0.75, label=labels.TOPICS[t])
        for t, c in TOPIC_COLOURS.items()
        if t in set(monitoring.loc[monitoring["indicator_id"].isin(ids), "topic"])
    ]
    handles.append(
        Line2D(
            [0],
            [0],
            marker="o",
            linestyle="none",
            mfc="white",
            mec="#333333",
            label="open rand: grens zelf niet inbegrepen",
        )
    )
    fig.legend(handles=handles, loc="upper center", ncol=3, fontsize=8, frameon=False, bbox_to_anchor=(0.5, 1.0))
    note = labels.FIGURE["note"].format(title=labels.SOURCE_TITLE, file=labels.SEED_FILE)
    fig.text(0.01, 0.005, _wrap(note, 175), fontsize=7, color="#444444", va="bottom")
    fig.tight_layout(rect=(0, 0.07, 1, 0.95), h_pad=2.2)
    return fig


def plot_directions(monitoring: pd.DataFrame, waves: pd.DataFrame):
    """Direction-only indicators as a grid: one row per indicator, one column per wave, the
    direction the source names in each cell (symbol and word), the source lines at the right."""
    import matplotlib.pyplot as plt

    ids = direction_only_indicator_ids(monitoring)
    if not ids:
        raise ValueError("geen indicatoren met alleen een richting")
    waves = waves.sort_values("year").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(ids) + 1.6))
    ax.set_xlim(-0.5, len(waves) - 0.5)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    for y, ind in enumerate(ids):
        sub = monitoring[monitoring["indicator_id"] == ind]
        if y % 2 == 0:
            ax.axhspan(y - 0.5, y + 0.5, color="#f4f4f4", zorder=0)
        for x, w in enumerate(waves.itertuples(index=False)):
            rows = sub[sub["wave_id"] == w.wave_id]
            if rows.empty:
                ax.text(x, y, "–", ha="center", va="center", fontsize=9, color="#b0b0b0")
                continue
            d = rows.iloc[0]["direction"]
            ax.text(
                x,
                y,
                f"{labels.DIRECTION_SYMBOLS.get(d, '?')}  {labels.DIRECTIONS.get(d, d)}",
                ha="center",
                va="center",
                fontsize=9,
                color=DIRECTION_COLOURS.get(d, "#555555"),
            )
        lines = "; ".join(filter(None, (source_lines(s) for s in sub["source"].drop_duplicates())))
        ax.text(
            len(waves) - 0.45,
            y,
            labels.FIGURE["panel_source"].format(lines=lines),
            va="center",
            ha="left",
            fontsize=7,
            color="#666666",
        )
    ax.set_yticks(
        range(len(ids)),
        [_wrap(monitoring.loc[monitoring["indicator_id"] == i, "indicator_label"].iloc[0], 42) for i in ids],
        fontsize=8.5,
    )
    for tick, ind in zip(ax.get_yticklabels(), ids):
        topic = monitoring.loc[monitoring["indicator_id"] == ind, "topic"].iloc[0]
        tick.set_color(TOPIC_COLOURS.get(topic, "#333333"))
    ax.set_xticks(range(len(waves)), [f"{w.label} {w.year}" for w in waves.itertuples(index=False)], fontsize=8.5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    note = (
        f"Bron: {labels.SOURCE_TITLE} ({labels.SEED_FILE}), regelnummers rechts. De bron noemt voor "
        "deze indicatoren alleen een richting, geen getal; 2018 is een eerste indruk van de lopende "
        "eindmeting. – = niets genoemd."
    )
    fig.text(0.01, 0.01, _wrap(note, 160), fontsize=7, color="#444444", va="bottom")
    fig.tight_layout(rect=(0, 0.06, 0.93, 1))
    return fig
