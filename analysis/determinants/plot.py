"""Figures of the determinant analysis (matplotlib; every visible word from ``labels``).

Small cells: respondent counts 1..threshold-1 (threshold from ``analysis.toml``) are not
drawn as values: the heatmap shows "<k" on a grey cell, the bar chart a hatched stub labelled
"<k"; cells hidden only to protect another (complementary suppression, the same decision as
the tables: ``analyse.suppress_group_split``) read "×".
"""

from __future__ import annotations

from ..figures import FACILITATING, HINDERING, HINDERING_LIGHT, NEUTRAL
from ..formatting import decimal_text

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .labels import CLASS_SYMBOLS, FIG, GROUP_LABELS


def _threshold(threshold):
    from analysis.privacy import threshold as configured

    return configured() if threshold is None else int(threshold)


def _row_label(r) -> str:
    return f"{int(r['number']):02d} {r['label_nl']}"


def heatmap(
    classified: pd.DataFrame,
    groups: list[str] | None = None,
    threshold: int | None = None,
    only_mentioned: bool = True,
    ax=None,
):
    """Determinant × group heatmap of the share of respondents who mention a determinant.

    ``classified`` is the output of ``analyse.classify``. Cell colour = share mentioning; the
    annotation gives the percentage and the classification symbol. Counts below the threshold
    are suppressed ("<5", grey).
    """
    k = _threshold(threshold)
    df = classified.copy()
    groups = groups or [g for g in df["group"].unique()]
    if only_mentioned:
        keep = df.loc[df["group"].isin(groups) & (df["n_mentioned"] > 0), "determinant"].unique()
        df = df[df["determinant"].isin(keep)]
    df = df[df["group"].isin(groups)].sort_values(["number"])
    rows = df.drop_duplicates("determinant")[["determinant", "number", "label_nl", "category_label_nl"]]
    share = df.pivot(index="determinant", columns="group", values="share_mentioned").loc[rows["determinant"], groups]
    cls = df.pivot(index="determinant", columns="group", values="classification").loc[rows["determinant"], groups]
    # Primary + complementary suppression, as in the tables (analyse.suppress_group_split).
    from .analyse import suppress_group_split

    flags = suppress_group_split(df, columns=("n_mentioned",), threshold=k)
    small = (
        flags.pivot(index="determinant", columns="group", values="n_mentioned_suppressed")
        .loc[rows["determinant"], groups]
        .astype(bool)
    )
    marks = flags.pivot(index="determinant", columns="group", values="n_mentioned").loc[rows["determinant"], groups]
    values = share.mask(small)
    if ax is None:
        _, ax = plt.subplots(figsize=(2.2 + 1.9 * len(groups), 0.36 * len(rows) + 1.6))
    cmap = plt.get_cmap("Blues").with_extremes(bad="#dddddd")
    im = ax.imshow(np.ma.masked_invalid(values.to_numpy(dtype=float)), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for i in range(len(rows)):
        for j in range(len(groups)):
            if small.iat[i, j]:
                text, colour = str(marks.iat[i, j]), "#333333"
            else:
                s = share.iat[i, j]
                text = f"{decimal_text(s * 100)}% {CLASS_SYMBOLS.get(cls.iat[i, j], '')}".strip()
                colour = "white" if s > 0.6 else "#222222"
            ax.text(j, i, text, ha="center", va="center", fontsize=8.5, color=colour)
    ax.set_xticks(range(len(groups)), [GROUP_LABELS.get(g, g).replace(" ", "\n", 1) for g in groups])
    ax.set_yticks(range(len(rows)), [_row_label(r) for _, r in rows.iterrows()], fontsize=8.5)
    ax.xaxis.tick_top()
    # Category separators.
    cats = rows["category_label_nl"].tolist()
    for i in range(1, len(cats)):
        if cats[i] != cats[i - 1]:
            ax.axhline(i - 0.5, color="black", linewidth=0.8)
    cbar = ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label(FIG["heatmap_cbar"], fontsize=8.5)
    cbar.ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{decimal_text(v * 100)}%"))
    ax.set_xlabel(FIG["heatmap_legend"].format(small=f"<{k}", k=k), fontsize=8)
    ax.figure.tight_layout()
    return ax.figure


def diverging_bars(
    classified: pd.DataFrame,
    group: str = "totaal",
    threshold: int | None = None,
    category_colors: dict[str, str] | None = None,
    ax=None,
):
    """Facilitating (right) vs hindering (left) respondent counts per determinant, ordered by
    category and number; determinants nobody mentions are left out."""
    k = _threshold(threshold)
    df = classified[(classified["group"] == group) & (classified["n_mentioned"] > 0)].sort_values("number")
    df = df.iloc[::-1].reset_index(drop=True)  # first determinant on top
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, 0.34 * len(df) + 1.4))
    y = np.arange(len(df))
    fac, hind = df["n_facilitating"].to_numpy(), df["n_hindering"].to_numpy()
    # the same decision as the tables (groups and total together): "<k" or "×" where hidden
    from .analyse import suppress_group_split

    decided = suppress_group_split(
        classified[classified["determinant"].isin(df["determinant"])],
        columns=("n_facilitating", "n_hindering"),
        threshold=k,
    )
    decided = decided[decided["group"] == group].set_index("determinant").loc[df["determinant"]]
    small_f = decided["n_facilitating_suppressed"].to_numpy(bool)
    small_h = decided["n_hindering_suppressed"].to_numpy(bool)
    mark_f, mark_h = decided["n_facilitating"].astype(str).to_numpy(), decided["n_hindering"].astype(str).to_numpy()
    stub = 1.0
    ax.barh(
        y,
        np.where(small_f, stub, fac),
        color=np.where(small_f, "#ffffff", FACILITATING),
        edgecolor=FACILITATING,
        hatch=None,
    )
    ax.barh(y, -np.where(small_h, stub, hind), color=np.where(small_h, "#ffffff", HINDERING), edgecolor=HINDERING)
    for i in range(len(df)):
        if small_f[i]:
            ax.text(stub + 0.3, y[i], mark_f[i], va="center", fontsize=7.5)
        elif fac[i]:
            ax.text(fac[i] + 0.3, y[i], str(fac[i]), va="center", fontsize=7.5)
        if small_h[i]:
            ax.text(-stub - 0.3, y[i], mark_h[i], va="center", ha="right", fontsize=7.5)
        elif hind[i]:
            ax.text(-hind[i] - 0.3, y[i], str(hind[i]), va="center", ha="right", fontsize=7.5)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [_row_label(r) for _, r in df.iterrows()], fontsize=8.5)
    if category_colors:
        for tick, cat in zip(ax.get_yticklabels(), df["category"]):
            tick.set_color(category_colors.get(cat, "black"))
    cats = df["category_label_nl"].tolist()
    for i in range(1, len(cats)):
        if cats[i] != cats[i - 1]:
            ax.axhline(i - 0.5, color="#888888", linewidth=0.6, linestyle=":")
    lim = max(int(max(fac.max(initial=0), hind.max(initial=0))) + 3, k + 2)
    ax.set_xlim(-lim, lim)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{abs(int(v))}"))
    ax.set_xlabel(FIG["diverging_x"])
    handles = [Patch(color=FACILITATING, label="Bevorderend"), Patch(color=HINDERING, label="Belemmerend")]
    if category_colors:
        labels = df.drop_duplicates("category")[["category", "category_label_nl"]]
        handles += [
            Patch(color=category_colors[c], label=f"Categorie: {lab}")
            for c, lab in zip(labels["category"][::-1], labels["category_label_nl"][::-1])
        ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.07 - 1.2 / max(len(df), 8)),
        ncol=3,
        fontsize=7.5,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.figure.tight_layout()
    return ax.figure


SVSS_DIRECTION_GROUP = {
    "bevorderend": "Bevorderend",
    "belemmerend": "Belemmerend",
    "hoofdbelemmering": "Belemmerend",
    "mogelijk_belemmerend": "Mogelijk of impliciet belemmerend",
    "impliciet_belemmerend": "Mogelijk of impliciet belemmerend",
    "neutraal": "Neutraal, zwak of onbenut",
    "zwak": "Neutraal, zwak of onbenut",
    "onbenut": "Neutraal, zwak of onbenut",
}
SVSS_COLORS = {
    "Bevorderend": FACILITATING,
    "Belemmerend": HINDERING,
    "Mogelijk of impliciet belemmerend": HINDERING_LIGHT,
    "Neutraal, zwak of onbenut": NEUTRAL,
}


def svss_overview(findings: pd.DataFrame, ax=None):
    """Stacked bars: number of SVSS findings per MIDI level by direction (document coding)."""
    from .labels import SVSS_LEVEL_LABELS

    levels = [lv for lv in SVSS_LEVEL_LABELS if lv in set(findings["level"])]
    d = findings.assign(richting=findings["direction"].map(SVSS_DIRECTION_GROUP))
    tab = pd.crosstab(d["level"], d["richting"]).reindex(index=levels[::-1], columns=list(SVSS_COLORS), fill_value=0)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.2))
    left = np.zeros(len(tab))
    for col in tab.columns:
        ax.barh([SVSS_LEVEL_LABELS[lv] for lv in tab.index], tab[col], left=left, color=SVSS_COLORS[col], label=col)
        left += tab[col].to_numpy()
    ax.set_xlabel("Aantal bevindingen")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    ax.figure.tight_layout()
    return ax.figure
