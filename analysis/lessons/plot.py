"""Figures for the IDU lessons report.  Functions take tidy frames and return a Figure."""

from __future__ import annotations

from ..figures import CATEGORICAL, FACILITATING, HINDERING

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..intervals import interval_or_none
from ..privacy import threshold
from . import survey
from .labels import AXES, BF_GROUPS, BF_ITEMS_SHORT, LESSON_TYPE_ORDER, LESSON_TYPES, SOURCE_KIND, rode_lijn_label

SOURCE_COLOURS = {"rapport": FACILITATING, "slides": HINDERING}  # blue/orange: rapport vs dia's
TYPE_COLOURS = dict(zip(LESSON_TYPE_ORDER, CATEGORICAL))  # colour-blind safe (Okabe-Ito)


def heatmap(matrix: pd.DataFrame, pilots: pd.DataFrame, rode_lijnen: pd.DataFrame, title: str | None = None):
    """Pilot × rode-lijn heatmap of lesson counts (every pilot a row, every rode lijn a column)."""
    import seaborn as sns

    names = dict(zip(pilots["pilot_id"], pilots["name"]))
    titles = dict(zip(rode_lijnen["rode_lijn_id"], rode_lijnen["title"]))
    data = matrix.copy()
    data.index = [textwrap.shorten(names[p], 48, placeholder="…") for p in data.index]
    data.columns = [rode_lijn_label(r, titles[r], 34) for r in data.columns]
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(data) + 3.2))
    sns.heatmap(
        data,
        annot=True,
        fmt="d",
        cmap="Blues",
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": AXES["matrix_cbar"], "shrink": 0.6},
        ax=ax,
        mask=data == 0,
    )
    for (i, j), v in np.ndenumerate(data.to_numpy()):
        if v == 0:
            ax.text(j + 0.5, i + 0.5, "·", ha="center", va="center", color="#9e9e9e", fontsize=9)
    ax.set_xlabel(AXES["matrix_x"])
    ax.set_ylabel(AXES["matrix_y"])
    ax.set_xticklabels(ax.get_xticklabels(), rotation=50, ha="right", fontsize=8)
    ax.set_yticklabels(ax.get_yticklabels(), fontsize=9)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def lesson_type_bars(counts: pd.DataFrame):
    """Stacked horizontal bars: lessons per pilot, split by lesson type (from ``matrix.lesson_counts``)."""
    df = counts.set_index("name")[LESSON_TYPE_ORDER].iloc[::-1]
    df.index = [textwrap.shorten(n, 48, placeholder="…") for n in df.index]
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(df) + 1.8))
    left = np.zeros(len(df))
    for t in LESSON_TYPE_ORDER:
        ax.barh(df.index, df[t], left=left, color=TYPE_COLOURS[t], label=LESSON_TYPES[t])
        left += df[t].to_numpy()
    for y, total in enumerate(left):
        ax.text(total + 0.8, y, str(int(total)), va="center", fontsize=8)
    ax.set_xlabel(AXES["counts_x"])
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def survey_bands(bf: pd.DataFrame):
    """The survey's bands as horizontal ranges per respondent group and item, report vs slides.

    Left: percentages of the school (reach, helped, parents also spoken); right: counts per
    brugfunctionaris (parents/pupils helped, contacts).  A band with an unknown upper end
    ("meer dan 30") runs to the edge of the axis with an arrow.  No midpoints are drawn.
    """
    pct = bf[(bf["unit"] == "procent")]
    cnt = bf[(bf["unit"] == "aantal") & bf["item"].isin(["geholpen_per_school", "contacten"])]
    fig, axes = plt.subplots(1, 2, figsize=(12, 0.42 * max(len(pct), len(cnt)) + 2.2))
    for ax, df, xlabel, xmax in ((axes[0], pct, AXES["bands_percent"], 100), (axes[1], cnt, AXES["bands_count"], None)):
        df = df.sort_values(["group", "item", "source_kind", "lower"], kind="stable").reset_index(drop=True)
        uppers = [u for u in df["upper"] if pd.notna(u)]
        top = xmax if xmax is not None else max(uppers + list(df["lower"])) * 1.25
        labels = []
        for y, r in enumerate(df.to_dict("records")):
            iv = interval_or_none(r["lower"], r["upper"])
            if survey.hidden(r):  # a count of persons under the threshold: the bar spans 1 … k−1
                iv = interval_or_none(1, threshold() - 1)
            right = top if iv.upper is None else iv.upper
            width = max(right - iv.lower, top * 0.006)
            ax.barh(
                y,
                width,
                left=iv.lower,
                height=0.55,
                color=SOURCE_COLOURS[r["source_kind"]],
                alpha=0.85,
                hatch="//" if iv.upper is None else None,
                edgecolor="white",
            )
            if iv.upper is None:
                ax.annotate(
                    "", xy=(top, y), xytext=(top - top * 0.08, y), arrowprops={"arrowstyle": "->", "color": "black"}
                )
            ax.text(
                right + top * 0.01 if iv.upper is not None else top * 0.72,
                y,
                survey.band_text(r) if survey.hidden(r) else iv.format("%" if r["unit"] == "procent" else ""),
                va="center",
                fontsize=7,
            )
            labels.append(f"{BF_GROUPS[r['group']]}, {BF_ITEMS_SHORT[r['item']]} ({r['qualifier']})")
        ax.set_yticks(range(len(df)))
        ax.set_yticklabels([textwrap.shorten(l, 60, placeholder="…") for l in labels], fontsize=7.5)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.1)
        ax.set_xlabel(xlabel)
        ax.spines[["top", "right"]].set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in SOURCE_COLOURS.values()]
    handles.append(plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="grey", hatch="//"))
    fig.legend(
        handles,
        [SOURCE_KIND[k] for k in SOURCE_COLOURS] + [AXES["open_end"]],
        loc="lower center",
        ncol=3,
        frameon=False,
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def heatmaps_by_type(long: pd.DataFrame, pilots: pd.DataFrame, rode_lijnen: pd.DataFrame):
    """One small pilot × rode-lijn heatmap per lesson type (from ``matrix.matrix_by_type``)."""
    import seaborn as sns

    names = [textwrap.shorten(n, 34, placeholder="…") for n in pilots["name"]]
    vmax = max(int(long["n"].max()), 1)
    fig, axes = plt.subplots(len(LESSON_TYPE_ORDER), 1, figsize=(9, 4.1 * len(LESSON_TYPE_ORDER)))
    # seaborn draws the whole figure after each heatmap (to see whether its labels overlap): with
    # the other panels hidden meanwhile it draws one panel each time instead of all drawn so far
    for ax in axes:
        ax.set_visible(False)
    for ax, t in zip(axes, LESSON_TYPE_ORDER):
        ax.set_visible(True)
        m = (
            long[long["lesson_type"] == t]
            .pivot(index="pilot_id", columns="rode_lijn_id", values="n")
            .reindex(index=list(pilots["pilot_id"]), columns=list(rode_lijnen["rode_lijn_id"]))
        )
        sns.heatmap(
            m,
            annot=True,
            fmt="d",
            cmap="Blues",
            vmin=0,
            vmax=vmax,
            cbar=False,
            ax=ax,
            mask=m == 0,
            linewidths=0.5,
            linecolor="white",
            annot_kws={"fontsize": 7},
        )
        ax.set_title(f"{LESSON_TYPES[t]} ({int(m.to_numpy().sum())} koppelingen)", fontsize=10, loc="left")
        ax.set_yticks(np.arange(len(names)) + 0.5)
        ax.set_yticklabels(names, fontsize=7, rotation=0)
        ax.set_xticks(np.arange(len(m.columns)) + 0.5)
        ax.set_xticklabels(list(m.columns), fontsize=7, rotation=0)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_visible(False)
    for ax in axes:
        ax.set_visible(True)
    axes[-1].set_xlabel(AXES["matrix_x"])
    fig.tight_layout()
    return fig
