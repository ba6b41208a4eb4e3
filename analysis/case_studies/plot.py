"""Figures of the case-study domain: life-line, banner, findings tree, synthesis matrix.

All reader-visible text comes from :mod:`.labels`.  Functions take the layout or
tidy tables and return a matplotlib ``Figure`` (or bytes for Graphviz output);
they never write files themselves except :func:`save_banner`, which writes
atomically.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import offset_copy

from . import labels

CM = 1 / 2.54


def _lane_geometry(layout: dict) -> tuple[float, float, dict]:
    """y of the persons' lanes and the help rows below them."""
    n_lanes = len(layout["lanes"])
    n_help = int(layout["episodes"]["row"].max()) + 1 if len(layout["episodes"]) else 0
    help_y = {k: -(k + 1) * 0.55 + 0.2 for k in range(n_help)}
    top = n_lanes + 0.9 + (0.9 if len(layout["markers"]) else 0)
    bottom = (min(help_y.values()) - 0.5) if help_y else 0.3
    return top, bottom, help_y


def dense_window(layout: dict, years: float = 2.0, share: float = 0.4) -> tuple[float, float] | None:
    """The ``years``-wide window holding the most events, when it holds ≥ ``share`` of them
    and the whole life-line is more than three times as long; else None.

    Used to add an enlarged panel so that a crowded last stretch stays readable.
    """
    ev = layout["events"]
    if layout["mode"] != "datum" or len(ev) < 6:
        return None
    lo, hi = layout["xlim"]
    if hi - lo <= 3 * years:
        return None
    x = np.sort(ev["x"].to_numpy())
    counts = np.searchsorted(x, x + years, side="right") - np.arange(len(x))
    i = int(np.argmax(counts))
    if counts[i] < share * len(x):
        return None
    return float(x[i]) - 0.25, float(x[i]) + years + 0.25


def draw_lifeline(layout: dict, title: str | None = None, *, width_cm: float = 17.0, banner: bool = False,
                  height_cm: float | None = None, fontsize: float | None = None,
                  zoom: bool | tuple[float, float] = True) -> Figure:
    """The life-line of one case.

    Persons are swim lanes; events are typed markers.  An event dated with less
    than day precision gets a thin line over the whole interval it may fall in
    (an arrow where a side is open — the marker then sits at the known side —,
    dotted where the place was inferred from the story order); a problem period
    (``gezinsproblematiek``) is drawn as a band over its period.  Help episodes are
    bars below the lanes (light where start or end is uncertain, hatched when the
    end is open); crises are red bands over all lanes; group-session markers
    (goede / geen goede hulp) form a strip above with their sticker counts.

    In the report figure events carry their story number (``seq``, listed in the
    events table) and, when a short stretch holds most events, a second panel
    enlarges it (:func:`dense_window`).  The banner prints the full labels.
    """
    top, bottom, help_y = _lane_geometry(layout)
    n_rows = len(layout["lanes"]) + len(help_y)
    window = None
    if zoom and not banner:
        window = zoom if isinstance(zoom, tuple) else dense_window(layout)
    panel_cm = max(5.5, 0.95 * n_rows + 2.4)
    if height_cm is None:
        height_cm = panel_cm * (2 if window else 1) + 2.6
    fs = fontsize or (7.0 if not banner else height_cm * 0.32)
    fig = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=100 if banner else 150)
    axes = fig.subplots(2 if window else 1, 1, squeeze=False)[:, 0]
    _draw_panel(axes[0], layout, layout["xlim"], fs, banner, top, bottom, help_y,
                numbers=not banner, highlight=window)
    if title:
        axes[0].set_title(title, fontsize=fs * (1.5 if banner else 1.35), loc="left")
    if window:
        _draw_panel(axes[1], layout, window, fs, banner, top, bottom, help_y, numbers=True, highlight=None)
        axes[1].set_title(labels.LIFELINE["zoom"].format(a=_fmt_year(window[0]), b=_fmt_year(window[1])),
                          fontsize=fs * 1.1, loc="left")
    handles = _legend_handles(layout["marks"], layout["episodes"], layout["events"], banner)
    fig.legend(handles=handles, loc="lower center", ncol=4 if not banner else 8, fontsize=fs * 0.85,
               frameon=False, bbox_to_anchor=(0.5, 0.0))
    legend_rows = int(np.ceil(len(handles) / (4 if not banner else 8)))
    if banner:  # fixed margins: tight_layout costs seconds on a 10-metre figure
        fig.subplots_adjust(left=max(0.01, 9 * fs / 72 / (width_cm * CM)), right=0.995, top=0.9,
                            bottom=min(0.35, (legend_rows + 2.5) * fs * 1.5 / 72 / (height_cm * CM)))
    else:
        fig.tight_layout(rect=(0, min(0.3, legend_rows * fs * 1.6 / 72 / (height_cm * CM) + 0.01), 1, 1))
    return fig


def _fmt_year(x: float) -> str:
    year = int(np.floor(x))
    month = int((x - year) * 12) + 1
    return f"{labels.MONTHS[month - 1]} {year}"


def _draw_panel(ax, layout, xlim, fs, banner, top, bottom, help_y, numbers: bool, highlight):
    lanes = layout["lanes"]
    x_lo, x_hi = xlim
    for y in lanes["y"]:
        ax.axhline(y, color="#dddddd", lw=0.8 if not banner else 3, zorder=0)
    yticks = list(lanes["y"]) + list(help_y.values())
    yticklabels = list(lanes["name"]) + [labels.LIFELINE["episodes_lane"] if k == 0 else "" for k in help_y]
    if highlight:
        ax.axvspan(*highlight, color="#fff3b0", alpha=0.5, lw=0, zorder=0)

    ev = layout["events"]
    # a crisis whose date is known to within a year gets a red band over all lanes; a crisis
    # dated only to a longer period is not banded (that would paint years red) but its
    # markers get a red halo, as every crisis does
    for r in ev[ev["crisis"].astype(bool)].itertuples(index=False):
        if r.x1 - r.x0 > 1.01 and layout["mode"] == "datum":
            continue
        w = max(r.x1 - r.x0, 0.012 * (x_hi - x_lo))
        ax.add_patch(Rectangle(((r.x0 + r.x1) / 2 - w / 2, 0.45), w, len(lanes) + 0.1, color="#d62728",
                               alpha=0.10, lw=0, zorder=0.5))

    marks = layout["marks"]
    lw = 0.9 if not banner else 3
    if len(marks):
        period = marks["period"].astype(bool)
        band = marks[period & (marks["x1"] > marks["x0"])]
        for r in band.itertuples(index=False):
            colour = labels.EVENT_TYPES.get(r.event_type, labels.EVENT_TYPES["overig"])[2]
            ax.add_patch(Rectangle((r.x0, r.y - 0.13), r.x1 - r.x0, 0.26, color=colour, alpha=0.22, lw=0,
                                   zorder=0.8))
        wh = marks[~period]
        segs = [((a, y), (b, y)) for a, b, y in zip(wh["x0"], wh["x1"], wh["y"])]
        styles = ["dotted" if inf else "solid" for inf in wh["inferred"]]
        ax.add_collection(LineCollection(segs, colors="#555555", linewidths=lw, linestyles=styles, alpha=0.5,
                                         zorder=1))
        crisis = marks[marks["crisis"].astype(bool)]
        ax.scatter(crisis["x"], crisis["y"], s=(30 if not banner else 900) * 4.5, color="#d62728", alpha=0.25,
                   lw=0, zorder=2, clip_on=True)
        arrow = 14 if not banner else 300
        open_s = marks[marks["open_start"]]
        open_e = marks[marks["open_end"]]
        ax.scatter(open_s["x0"], open_s["y"], marker="<", s=arrow, color="#555555", zorder=1, clip_on=True)
        ax.scatter(open_e["x1"], open_e["y"], marker=">", s=arrow, color="#555555", zorder=1, clip_on=True)
        multi = marks.groupby("event_id").filter(lambda g: len(g) > 1)
        if len(multi):
            spans = multi.groupby("event_id").agg(x=("x", "first"), y0=("y", "min"), y1=("y", "max"))
            ax.vlines(spans["x"], spans["y0"], spans["y1"], color="#aaaaaa", lw=0.5 if not banner else 2,
                      zorder=1)
        size = 30 if not banner else 900
        for etype, grp in marks.groupby("event_type"):
            _, marker, colour = labels.EVENT_TYPES.get(etype, labels.EVENT_TYPES["overig"])
            edge = np.where(grp["crisis"], "#b00000", "white")
            ax.scatter(grp["x"], grp["y"], marker=marker, s=size, c=colour, edgecolors=edge,
                       linewidths=0.7 if not banner else 3, zorder=3, clip_on=True)
        if banner:
            _banner_labels(ax, marks, fs)
        elif numbers:
            # each event numbered once, at its top lane; alternate above/below so neighbours
            # closer than ~2 % of the axis do not collide
            above = offset_copy(ax.transData, fig=ax.figure, y=5, units="points")
            below = offset_copy(ax.transData, fig=ax.figure, y=-10, units="points")
            inside = marks[(marks["x"] >= x_lo) & (marks["x"] <= x_hi)]
            first = inside.sort_values("y", ascending=False).drop_duplicates("event_id")
            for lane, grp in first.sort_values("x").groupby("lane", sort=False):
                last_x = {0: -np.inf, 1: -np.inf}
                for k, (x, y, s) in enumerate(zip(grp["x"], grp["y"], grp["seq"])):
                    side = k % 2
                    if x - last_x[side] < 0.02 * (x_hi - x_lo):
                        side = 1 - side
                    last_x[side] = x
                    t = ax.text(x, y, str(s), transform=above if side == 0 else below, ha="center",
                                fontsize=fs * 0.8, color="#222222", zorder=4, clip_on=True)
                    t.set_in_layout(False)

    eps = layout["episodes"]
    lw_box = 0.4 if not banner else 2
    for r in eps.itertuples(index=False):
        y = help_y[r.row]
        h = 0.36
        if r.start_hi > r.start_lo:
            ax.add_patch(Rectangle((r.start_lo, y - h / 2), r.start_hi - r.start_lo, h, color="#2ca02c",
                                   alpha=0.18, lw=0))
        solid_end = r.end_lo if not r.open_end else r.end_hi
        if solid_end > r.start_hi:
            ax.add_patch(Rectangle((r.start_hi, y - h / 2), solid_end - r.start_hi, h,
                                   facecolor="#2ca02c", alpha=0.45 if not r.open_end else 0.28,
                                   edgecolor="#1b6e1b", lw=lw_box, hatch=None if not r.open_end else "///"))
        elif solid_end == r.start_hi:  # a point-like episode
            ax.add_patch(Rectangle((r.start_hi - 0.01, y - h / 2), 0.02, h, color="#1b6e1b"))
        if r.end_hi > r.end_lo and not r.open_end:
            ax.add_patch(Rectangle((r.end_lo, y - h / 2), r.end_hi - r.end_lo, h, color="#2ca02c", alpha=0.18,
                                   lw=0))
        text = r.provider if not banner else f"{r.provider}: {r.help_form}"
        ax.text(min(max(r.start_lo, x_lo), x_hi) + 0.005 * (x_hi - x_lo), y + h / 2 + 0.02, text, va="bottom",
                ha="left", fontsize=fs * (0.75 if not banner else 0.9), color="#0d3d0d", clip_on=True,
                zorder=4).set_in_layout(False)

    mk = layout["markers"]
    if len(mk):
        y = len(lanes) + 0.75
        for r in mk.itertuples(index=False):
            colour = labels.MARKER_COLOURS[r.kind]
            x0, x1 = r.x0, r.x1
            w = max(x1 - x0, 0.01 * (x_hi - x_lo))
            ax.add_patch(Rectangle(((x0 + x1) / 2 - w / 2, y - 0.2), w, 0.4, color=colour, alpha=0.55, lw=0))
            votes = getattr(r, "votes", None)
            extra = f" ● {int(votes)}" if votes is not None and not pd.isna(votes) else ""
            ax.text((x0 + x1) / 2, y + 0.24, labels.MARKER_KINDS[r.kind] + extra, ha="center", va="bottom",
                    fontsize=fs * 0.8, color=colour, clip_on=True)
        yticks.append(y)
        yticklabels.append(labels.LIFELINE["session"])
    ax.set_yticks(yticks)
    ax.set_yticklabels(yticklabels, fontsize=fs * 1.05)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(bottom, top)
    xlabel = labels.LIFELINE["time_axis"] if layout["mode"] == "datum" else labels.LIFELINE["order_axis"]
    if "warp" in layout:
        xlabel = labels.LIFELINE["stretched_axis"]
    ax.set_xlabel(xlabel, fontsize=fs)
    if layout["mode"] == "datum":
        span = x_hi - x_lo
        if span <= 4:
            ticks = np.arange(np.ceil(x_lo * 4) / 4, x_hi, 0.25)
            ax.set_xticks(ticks)
            ax.set_xticklabels([str(int(t)) if abs(t - round(t)) < 1e-6 else "" for t in ticks], fontsize=fs)
        elif "warp" in layout:
            xs, out = layout["warp"]
            years = np.arange(int(np.ceil(xs[0])), int(np.floor(xs[-1])) + 1)
            ax.set_xticks(np.interp(years, xs, out))
            ax.set_xticklabels([str(y) for y in years], fontsize=fs * 0.8)
        else:
            step = 1 if span <= 12 else 2 if span <= 24 else 5
            ticks = np.arange(int(np.ceil(x_lo / step) * step), x_hi, step)
            ax.set_xticks(ticks)
            ax.set_xticklabels([str(int(t)) for t in ticks], fontsize=fs)
        ax.grid(axis="x", color="#eeeeee", lw=0.6 if not banner else 2, zorder=0)
    else:
        ax.set_xticks(sorted(layout["events"]["x"].unique()))
        ax.tick_params(axis="x", labelsize=fs)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _legend_handles(marks, eps, ev, banner):
    handles = []
    size = 6 if not banner else 40
    for etype in [t for t in labels.EVENT_TYPES if len(marks) and t in set(marks["event_type"])]:
        name, marker, colour = labels.EVENT_TYPES[etype]
        handles.append(Line2D([], [], marker=marker, color="none", markerfacecolor=colour,
                              markeredgecolor="white", markersize=size, label=name))
    if len(ev) and ev["crisis"].astype(bool).any():
        handles.append(Line2D([], [], marker="o", color="none", markerfacecolor="#d62728", alpha=0.3,
                              markersize=size * 1.8, markeredgewidth=0, label=labels.LIFELINE["crisis"]))
    if len(eps):
        handles.append(Patch(facecolor="#2ca02c", alpha=0.45, edgecolor="#1b6e1b", label=labels.LIFELINE["legend_help"]))
        if eps["open_end"].any():
            handles.append(Patch(facecolor="#2ca02c", alpha=0.3, hatch="///", edgecolor="#1b6e1b",
                                 label=labels.LIFELINE["ongoing"] + " / " + labels.LIFELINE["open_end"]))
    handles.append(Line2D([], [], color="#555555", alpha=0.6, label=labels.LIFELINE["period"]))
    if len(marks) and marks["period"].astype(bool).any():
        handles.append(Patch(color="#8c564b", alpha=0.25, label=labels.LIFELINE["problem_period"]))
    return handles


def _banner_labels(ax, marks, fs):
    """Full event labels on the banner, staggered per lane so neighbours do not overlap.

    Plain texts with offset transforms plus one collection of leader lines: a banner of a
    large case has hundreds of labels, and annotation objects would cost seconds.
    """
    first = marks.sort_values(["lane", "x"]).drop_duplicates("event_id")
    offsets = [14, 14 + 2.2 * fs, -(14 + 2.6 * fs)]
    transforms = [offset_copy(ax.transData, fig=ax.figure, y=o, units="points") for o in offsets]
    leaders = []
    for lane, grp in first.groupby("lane"):
        for k, (x, y, s, text) in enumerate(zip(grp["x"], grp["y"], grp["seq"], grp["label"])):
            level = k % 3
            wrapped = "\n".join(textwrap.wrap(f"{s}. {text}", 34))
            ax.text(x, y, wrapped, transform=transforms[level], ha="center",
                    va="bottom" if level < 2 else "top", fontsize=fs * 0.75, color="#222222",
                    zorder=4).set_in_layout(False)
            leaders.append((x, y, level))
    if leaders:
        xs = np.array([p[0] for p in leaders])
        ys = np.array([p[1] for p in leaders])
        up = np.array([p[2] < 2 for p in leaders])
        ax.vlines(xs[up], ys[up], ys[up] + 0.18, color="#aaaaaa", lw=1.5, zorder=2)
        ax.vlines(xs[~up], ys[~up] - 0.18, ys[~up], color="#aaaaaa", lw=1.5, zorder=2)


def save_banner(layout: dict, title: str, path: Path | list[Path], width_m: float = 10.0,
                height_m: float = 1.0) -> list[Path]:
    """Write the banner for printing on a roll (PDF/SVG by suffix; one drawing, several
    files); atomic.  The time axis stretches crowded stretches (:func:`.timelines.stretch_crowded`)."""
    from ..io import atomic_path
    from .timelines import stretch_crowded

    targets = [Path(p) for p in (path if isinstance(path, (list, tuple)) else [path])]
    fig = draw_lifeline(stretch_crowded(layout), title, width_cm=width_m * 100, height_cm=height_m * 100,
                        banner=True)
    for target in targets:
        with atomic_path(target) as tmp:
            fig.savefig(tmp, format=target.suffix.lstrip("."))
    return targets


def draw_matrix(long: pd.DataFrame, case_titles: dict[str, str]) -> Figure:
    """Case × working-element matrix: cells coloured by the number of supporting main factors."""
    els = long.drop_duplicates("element_id").sort_values("element_order")
    cases = [c for c in case_titles if c in set(long["case_id"])]
    grid = (long.pivot_table(index="element_id", columns="case_id", values="n_main_factors", aggfunc="sum")
                .reindex(index=els["element_id"], columns=cases).fillna(0).astype(int))
    n_el = len(els)
    fig = Figure(figsize=(17 * CM, max(8, 0.52 * n_el + 3) * CM), dpi=150)
    ax = fig.add_subplot(111)
    vmax = max(1, int(grid.values.max()))
    im = ax.imshow(grid.values, cmap="Blues", vmin=0, vmax=vmax + 0.5, aspect="auto")
    for i in range(n_el):
        for j in range(len(cases)):
            v = grid.values[i, j]
            ax.text(j, i, str(v) if v else "–", ha="center", va="center", fontsize=7.5,
                    color="white" if v > vmax * 0.6 else "#333333")
    ylabels = []
    for kind, lab in zip(els["element_kind"], els["element_label"]):
        short = textwrap.shorten(lab, 52, placeholder="…")
        ylabels.append(("◆ " if kind == "casusoverstijgend" else "") + short)
    ax.set_yticks(range(n_el))
    ax.set_yticklabels(ylabels, fontsize=6.8)
    ax.set_xticks(range(len(cases)))
    ax.set_xticklabels(["\n".join(textwrap.wrap(case_titles[c], 14)) for c in cases], fontsize=7)
    ax.xaxis.tick_top()
    groups = list(els["group"])
    for i in range(1, n_el):
        if groups[i] != groups[i - 1]:
            ax.axhline(i - 0.5, color="#444444", lw=0.8)
    starts = [0] + [i for i in range(1, n_el) if groups[i] != groups[i - 1]]
    for i in starts:
        ax.annotate(groups[i], xy=(1.02, i - 0.45), xycoords=("axes fraction", "data"), fontsize=6.3,
                    va="top", ha="left", color="#444444", style="italic", annotation_clip=False)
    cb = fig.colorbar(im, ax=ax, fraction=0.035, pad=0.32, ticks=range(0, vmax + 1))
    cb.set_label(labels.SYNTHESIS["n_factors"], fontsize=7)
    cb.ax.tick_params(labelsize=6.5)
    fig.suptitle(labels.SYNTHESIS["matrix_title"] + "\n◆ = casusoverstijgend element (NJi); overige: literatuur",
                 fontsize=8.5, x=0.01, ha="left")
    fig.tight_layout()
    return fig


def tree_png(nodes: pd.DataFrame, stickers: pd.DataFrame | None = None, title: str | None = None) -> bytes:
    from .findings_tree import render, to_dot

    return render(to_dot(nodes, stickers, title).source, "png")


def tree_svg(nodes: pd.DataFrame, stickers: pd.DataFrame | None = None, title: str | None = None) -> bytes:
    from .findings_tree import render, to_dot

    return render(to_dot(nodes, stickers, title).source, "svg")
