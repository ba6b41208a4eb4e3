"""Figures for pre/post questionnaire data (Dutch labels from :mod:`.labels`).

Each function takes the tidy frames of :mod:`.score` / :mod:`.effects` and returns
a matplotlib Figure; nothing is computed here that a table does not also show.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import privacy
from . import labels as L
from .effects import RCI_CATEGORIES, paired

COLORS = {"recovered": "#1b7837", "improved": "#7fbf7b", "unchanged": "#9e9e9e", "deteriorated": "#c51b7d"}


def _demo_mark(fig, demonstration: bool) -> None:
    fig._analysis_demonstration = demonstration  # decided here, from the export read (analysis.figures.finish)
    if demonstration:
        fig.text(0.995, 0.005, L.FIG["demo"], ha="right", va="bottom", fontsize=8, color="#b00020", alpha=0.8)


def _n(decision, key, n) -> str:
    """A count on a figure, as the page's privacy decision shows it."""
    return decision.text(key) if decision is not None and key in decision.values else privacy.count_text(n)


def slope_chart(
    scores: pd.DataFrame,
    scales: list[str],
    demonstration: bool = True,
    ncols: int = 3,
    ylims: dict[str, tuple[float, float]] | None = None,
    decision=None,
):
    """Paired slope chart per scale: one grey line per parent, the mean in black.

    Real data without the opt-in ``[privacy] person_level_figures`` get only the means
    with their 95% confidence intervals (no line per parent).  Counts in the titles come
    from the page's ``decision`` (:func:`.disclosure.of`).
    """
    person_level = privacy.person_level_allowed(demonstration)
    n = len(scales)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.8 * nrows), squeeze=False, sharex=True)
    for ax, scale in zip(axes.flat, scales):
        d = paired(scores, scale)
        if person_level:
            jitter = np.linspace(-0.04, 0.04, len(d)) if len(d) > 1 else np.zeros(len(d))
            for (pre, post), j in zip(d[["pre", "post"]].to_numpy(), jitter):
                colour = "#2166ac" if post < pre else ("#b2182b" if post > pre else "#9e9e9e")
                ax.plot([0 + j, 1 + j], [pre, post], color=colour, alpha=0.55, lw=1)
        elif len(d) >= privacy.threshold():
            from scipy import stats

            half = [stats.t.ppf(0.975, len(d) - 1) * d[c].std(ddof=1) / np.sqrt(len(d)) for c in ("pre", "post")]
            ax.errorbar([0, 1], [d["pre"].mean(), d["post"].mean()], yerr=half, color="black", capsize=4, lw=0)
        if len(d) and (person_level or len(d) >= privacy.threshold()):
            ax.plot([0, 1], [d["pre"].mean(), d["post"].mean()], color="black", lw=2.5, marker="o")
        ax.set_title(f"{L.scale(scale)} (n = {_n(decision, ('pairs', scale), len(d))})", fontsize=10)
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
    _aggregated_mark(fig, person_level)
    return fig


def _aggregated_mark(fig, person_level: bool) -> None:
    if not person_level:
        fig.text(0.005, 0.005, L.FIG["aggregated"], ha="left", va="bottom", fontsize=7.5, color="#444444")


def rci_counts(change: pd.DataFrame, scale: str, decision=None, demonstration: bool = True):
    """The aggregated view of :func:`jacobson_truax`: parents per RCI category as bars, each
    labelled with its count as the page's privacy decision shows it (hidden counts hatched)."""
    from .effects import category_counts

    counts = category_counts(change[change["scale"] == scale]).set_index("scale")
    row = counts.loc[scale] if scale in counts.index else pd.Series(0, index=RCI_CATEGORIES)
    fig, ax = plt.subplots(figsize=(6.2, 3.2))
    for i, cat in enumerate(RCI_CATEGORIES):
        label = _n(decision, ("rci", scale, cat), int(row[cat]))
        shown = label.isdigit()
        ax.barh(
            i,
            int(row[cat]) if shown else 0.6,
            color=COLORS[cat] if shown else "white",
            edgecolor=COLORS[cat],
            hatch=None if shown else "//",
        )
        ax.text((int(row[cat]) if shown else 0.6) + 0.2, i, label, va="center", fontsize=9)
    ax.set_yticks(range(len(RCI_CATEGORIES)), [L.RCI_CATEGORIES[c] for c in RCI_CATEGORIES])
    ax.invert_yaxis()
    ax.set_xlabel(L.AXIS["n"])
    ax.set_title(L.FIG["rci_counts"].format(scale=L.scale(scale)), fontsize=11)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if decision is not None and decision.any_hidden:
        fig.text(0.005, 0.005, decision.footnote(), ha="left", va="bottom", fontsize=7, color="#444444", wrap=True)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    _demo_mark(fig, demonstration)
    return fig


def jacobson_truax(
    change: pd.DataFrame,
    scale: str,
    cutoffs: dict[str, float] | None = None,
    limits: tuple[float, float] | None = None,
    demonstration: bool = True,
    problem: bool = True,
    decision=None,
):
    """Pre (x) against post (y): diagonal, RCI band (± 1.96 S_diff) and cut-off lines.

    ``change`` is the output of :func:`.effects.individual_change`; ``cutoffs`` maps a
    label to a cut-off score (an "elevated" score is above it).  Points below the band
    (problem scales) improved reliably.  The legend's counts come from the page's
    ``decision``; real data without the opt-in get :func:`rci_counts` instead (one dot per
    parent is person-level data).
    """
    if not privacy.person_level_allowed(demonstration):
        return rci_counts(change, scale, decision, demonstration)
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
            ax.scatter(
                sub["pre"],
                sub["post"],
                s=55,
                color=COLORS[cat],
                edgecolor="black",
                linewidth=0.5,
                label=f"{L.RCI_CATEGORIES[cat]} ({_n(decision, ('rci', scale, cat), len(sub))})",
                zorder=3,
            )
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
    """Change (post − pre) per parent and scale, coloured by RCI category, with the band.

    Real data without the opt-in show the mean change with its 95% confidence interval
    per scale instead of a dot per parent."""
    person_level = privacy.person_level_allowed(demonstration)
    fig, axes = plt.subplots(1, len(scales), figsize=(2.3 * len(scales) + 1, 3.8), squeeze=False, sharey=False)
    for ax, scale in zip(axes[0], scales):
        d = change[change["scale"] == scale].reset_index(drop=True)
        if d.empty:
            ax.set_visible(False)
            continue
        thr = float(d["reliable_threshold"].iloc[0])
        ax.axhspan(-thr, thr, color="#cccccc", alpha=0.45, lw=0)
        ax.axhline(0, color="black", lw=0.8)
        if person_level:
            rng = np.random.default_rng(0)  # fixed jitter: the figure is the same on every run
            x = rng.uniform(-0.18, 0.18, len(d))
            ax.scatter(x, d["diff"], c=[COLORS[c] for c in d["category"]], s=40, edgecolor="black", linewidth=0.4)
        elif len(d) >= privacy.threshold():
            from scipy import stats

            half = stats.t.ppf(0.975, len(d) - 1) * d["diff"].std(ddof=1) / np.sqrt(len(d))
            ax.errorbar([0], [d["diff"].mean()], yerr=[half], color="black", marker="o", capsize=5)
        ax.set_xlim(-0.5, 0.5)
        ax.set_xticks([])
        ax.set_title(L.scale(scale), fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel(L.AXIS["diff"])
    handles = (
        [
            plt.Line2D([], [], marker="o", ls="", color=COLORS[c], markeredgecolor="black", label=L.RCI_CATEGORIES[c])
            for c in RCI_CATEGORIES
        ]
        if person_level
        else [plt.Line2D([], [], marker="o", color="black", label=L.FIG["mean_ci"])]
    )
    handles.append(plt.Rectangle((0, 0), 1, 1, color="#cccccc", alpha=0.45, label=L.FIG["rci_band"]))
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    _demo_mark(fig, demonstration)
    _aggregated_mark(fig, person_level)
    return fig
