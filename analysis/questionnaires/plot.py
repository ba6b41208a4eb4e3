"""Figures for pre/post questionnaire data (Dutch labels from :mod:`.labels`).

Each function takes the tidy frames of :mod:`.score` / :mod:`.effects` and returns
a matplotlib Figure; nothing is computed here that a table does not also show.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import labels as L
from .effects import RCI_CATEGORIES, paired

COLORS = {"recovered": "#1b7837", "improved": "#7fbf7b", "unchanged": "#9e9e9e", "deteriorated": "#c51b7d"}


def _demo_mark(fig, demonstration: bool) -> None:
    if demonstration:
        fig.text(0.995, 0.005, L.FIG["demo"], ha="right", va="bottom", fontsize=8, color="#b00020", alpha=0.8)


def slope_chart(scores: pd.DataFrame, scales: list[str], demonstration: bool = True, ncols: int = 3,
                ylims: dict[str, tuple[float, float]] | None = None):
    """Paired slope chart per scale: one grey line per parent, the mean in black."""
    n = len(scales)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.8 * nrows), squeeze=False, sharex=True)
    for ax, scale in zip(axes.flat, scales):
        d = paired(scores, scale)
        jitter = np.linspace(-0.04, 0.04, len(d)) if len(d) > 1 else np.zeros(len(d))
        for (pre, post), j in zip(d[["pre", "post"]].to_numpy(), jitter):
            colour = "#2166ac" if post < pre else ("#b2182b" if post > pre else "#9e9e9e")
            ax.plot([0 + j, 1 + j], [pre, post], color=colour, alpha=0.55, lw=1)
        if len(d):
            ax.plot([0, 1], [d["pre"].mean(), d["post"].mean()], color="black", lw=2.5, marker="o")
        ax.set_title(f"{L.scale(scale)} (n = {len(d)})", fontsize=10)
        ax.set_xticks([0, 1], [L.WAVES["t0"], L.WAVES["t1"]])
        ax.set_xlim(-0.25, 1.25)
        if ylims and scale in ylims:
            ax.set_ylim(*ylims[scale])
        ax.grid(axis="y", alpha=0.3)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(L.AXIS["score"])
    fig.tight_layout()
    _demo_mark(fig, demonstration)
    return fig


def jacobson_truax(change: pd.DataFrame, scale: str, cutoffs: dict[str, float] | None = None,
                   limits: tuple[float, float] | None = None, demonstration: bool = True, problem: bool = True):
    """Pre (x) against post (y): diagonal, RCI band (± 1.96 S_diff) and cut-off lines.

    ``change`` is the output of :func:`.effects.individual_change`; ``cutoffs`` maps a
    label to a cut-off score (an "elevated" score is above it).  Points below the band
    (problem scales) improved reliably.
    """
    d = change[change["scale"] == scale]
    thr = float(d["reliable_threshold"].iloc[0]) if len(d) else np.nan
    lo, hi = limits or (min(d["pre"].min(), d["post"].min()) - 1, max(d["pre"].max(), d["post"].max()) + 1)
    fig, ax = plt.subplots(figsize=(6.2, 5.6))
    xs = np.array([lo, hi])
    ax.plot(xs, xs, color="black", lw=1, label=L.FIG["no_change"])
    ax.fill_between(xs, xs - thr, xs + thr, color="#cccccc", alpha=0.45, label=L.FIG["rci_band"])
    styles = ["--", ":", "-."]
    for (lab, cut), ls in zip((cutoffs or {}).items(), styles * 3):
        ax.axvline(cut + 0.5, color="#444444", ls=ls, lw=1)
        ax.axhline(cut + 0.5, color="#444444", ls=ls, lw=1, label=f"{L.FIG['cutoff']} {lab}")
    for cat in RCI_CATEGORIES:
        sub = d[d["category"] == cat]
        if len(sub):
            ax.scatter(sub["pre"], sub["post"], s=55, color=COLORS[cat], edgecolor="black", linewidth=0.5,
                       label=f"{L.RCI_CATEGORIES[cat]} ({len(sub)})", zorder=3)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel(L.AXIS["pre"])
    ax.set_ylabel(L.AXIS["post"])
    ax.set_title(L.FIG["jt_title"].format(scale=L.scale(scale)), fontsize=11)
    ax.legend(loc="upper left", fontsize=8, frameon=True)
    fig.tight_layout()
    _demo_mark(fig, demonstration)
    return fig


def change_distribution(change: pd.DataFrame, scales: list[str], demonstration: bool = True):
    """Change (post − pre) per parent and scale, coloured by RCI category, with the band."""
    fig, axes = plt.subplots(1, len(scales), figsize=(2.3 * len(scales) + 1, 3.8), squeeze=False, sharey=False)
    for ax, scale in zip(axes[0], scales):
        d = change[change["scale"] == scale].reset_index(drop=True)
        if d.empty:
            ax.set_visible(False)
            continue
        thr = float(d["reliable_threshold"].iloc[0])
        ax.axhspan(-thr, thr, color="#cccccc", alpha=0.45, lw=0)
        ax.axhline(0, color="black", lw=0.8)
        rng = np.random.default_rng(0)   # fixed jitter: the figure is the same on every run
        x = rng.uniform(-0.18, 0.18, len(d))
        ax.scatter(x, d["diff"], c=[COLORS[c] for c in d["category"]], s=40, edgecolor="black", linewidth=0.4)
        ax.set_xlim(-0.5, 0.5)
        ax.set_xticks([])
        ax.set_title(L.scale(scale), fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel(L.AXIS["diff"])
    handles = [plt.Line2D([], [], marker="o", ls="", color=COLORS[c], markeredgecolor="black",
                          label=L.RCI_CATEGORIES[c]) for c in RCI_CATEGORIES]
    handles.append(plt.Rectangle((0, 0), 1, 1, color="#cccccc", alpha=0.45, label=L.FIG["rci_band"]))
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    _demo_mark(fig, demonstration)
    return fig
