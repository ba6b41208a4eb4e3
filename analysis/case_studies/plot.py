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

from ..privacy import count_text
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


def dense_window(layout: dict, years: float = 2.0, share: float = 0.4, gap: float = 1.0) -> tuple[float, float] | None:
    """The stretch to enlarge in a second panel, or None.

    Start from the ``years``-wide window holding the most events (it must hold at least
    ``share`` of them, and the whole life-line must be more than three times as long), then
    widen it while the next event before or after lies within ``gap`` years, so that a
    cluster is never cut in two: every event of the period is in the panel.
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
    a, b = i, i + int(counts[i]) - 1
    while a > 0 and x[a] - x[a - 1] <= gap:
        a -= 1
    while b < len(x) - 1 and x[b + 1] - x[b] <= gap:
        b += 1
    return max(lo, float(x[a]) - 0.25), min(hi, float(x[b]) + 0.25)


def is_vague(marks: pd.DataFrame, mode: str) -> pd.Series:
    """Marks whose moment is not known to within a year: an open side ('vóór 2015'), a place
    inferred from the story order, or a moment somewhere in a longer period."""
    if mode != "datum" or not len(marks):
        return pd.Series(False, index=marks.index)
    period = marks["period"].astype(bool)
    return ~period & (
        marks["open_start"].astype(bool)
        | marks["open_end"].astype(bool)
        | marks["inferred"].astype(bool)
        | (marks["x1"] - marks["x0"] > 1.01)
    )


def legend_kinds(layout: dict, window) -> list[tuple]:
    """What a life-line of this layout draws, in legend order (one legend entry each)."""
    marks, eps, mk = layout["marks"], layout["episodes"], layout["markers"]
    kinds: list[tuple] = []
    if len(marks):
        kinds += [("type", t) for t in labels.EVENT_TYPES if t in set(marks["event_type"])]
        vague = is_vague(marks, layout["mode"])
        if vague.any():
            kinds.append(("vague",))
        period = marks["period"].astype(bool)
        if layout["mode"] == "datum" and ((marks["x1"] > marks["x0"]) & ~period).any():
            kinds.append(("line",))
        if (marks["inferred"].astype(bool) & ~period).any() and layout["mode"] == "datum":
            kinds.append(("inferred",))
        if (marks["open_start"].astype(bool) | marks["open_end"].astype(bool)).any():
            kinds.append(("arrow",))
        kinds += [
            ("band", t)
            for t in labels.EVENT_TYPES
            if t in set(marks[period & (marks["x1"] > marks["x0"])]["event_type"])
        ]
        if marks["crisis"].astype(bool).any():
            kinds.append(("crisis",))
    if len(eps):
        kinds.append(("help",))
        if ((eps["start_hi"] > eps["start_lo"]) | ((eps["end_hi"] > eps["end_lo"]) & ~eps["open_end"])).any():
            kinds.append(("help_uncertain",))
        if eps["open_end"].any():
            kinds.append(("help_open",))
    if len(mk):
        kinds += [("session", k) for k in labels.MARKER_KINDS if k in set(mk["kind"])]
    if window:
        kinds.append(("zoom",))
    return kinds


def legend_handles(kinds: list[tuple], banner: bool = False) -> list:
    size = 6 if not banner else 40
    lw = 1.0 if not banner else 5
    out = []
    for k in kinds:
        if k[0] == "type":
            name, marker, colour = labels.EVENT_TYPES[k[1]]
            out.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    color="none",
                    markerfacecolor=colour,
                    markeredgecolor="white",
                    markersize=size,
                    label=name,
                )
            )
        elif k[0] == "vague":
            out.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    color="none",
                    markerfacecolor="white",
                    markeredgecolor="#444444",
                    markeredgewidth=lw,
                    markersize=size,
                    label=labels.LIFELINE["legend_vague"],
                )
            )
        elif k[0] == "line":
            out.append(Line2D([], [], color=LINE_COLOUR, lw=lw, label=labels.LIFELINE["period"]))
        elif k[0] == "inferred":
            out.append(Line2D([], [], color=LINE_COLOUR, lw=lw, ls="dotted", label=labels.LIFELINE["legend_inferred"]))
        elif k[0] == "arrow":
            out.append(
                Line2D(
                    [],
                    [],
                    color=LINE_COLOUR,
                    marker=">",
                    markersize=size * 0.7,
                    lw=lw,
                    label=labels.LIFELINE["legend_open"],
                )
            )
        elif k[0] == "band":
            name, _, colour = labels.EVENT_TYPES[k[1]]
            out.append(Patch(color=colour, alpha=BAND_ALPHA, label=labels.LIFELINE["legend_band"].format(type=name)))
        elif k[0] == "crisis":
            out.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    color="none",
                    markerfacecolor=CRISIS,
                    alpha=0.35,
                    markersize=size * 1.8,
                    markeredgewidth=0,
                    label=labels.LIFELINE["legend_crisis"],
                )
            )
        elif k[0] == "help":
            out.append(Patch(facecolor=HELP, alpha=0.55, edgecolor=HELP_EDGE, label=labels.LIFELINE["legend_help"]))
        elif k[0] == "help_uncertain":
            out.append(Patch(facecolor=HELP, alpha=0.2, lw=0, label=labels.LIFELINE["legend_help_uncertain"]))
        elif k[0] == "help_open":
            out.append(
                Patch(
                    facecolor=HELP,
                    alpha=0.3,
                    hatch="///",
                    edgecolor=HELP_EDGE,
                    label=labels.LIFELINE["ongoing"] + " / " + labels.LIFELINE["open_end"],
                )
            )
        elif k[0] == "session":
            out.append(
                Patch(
                    color=labels.MARKER_COLOURS[k[1]],
                    alpha=0.55,
                    label=labels.LIFELINE["session"] + ": " + labels.MARKER_KINDS[k[1]].lower(),
                )
            )
        elif k[0] == "zoom":
            out.append(Patch(color=ZOOM, alpha=0.5, label=labels.LIFELINE["legend_zoom"]))
    return out


LINE_COLOUR = "#555555"
CRISIS = "#D55E00"  # vermillion (Okabe-Ito): apart from the bluish green of help for every reader
HELP = "#009E73"
HELP_EDGE = "#00664a"
ZOOM = "#fff3b0"
BAND_ALPHA = 0.22


def draw_lifeline(
    layout: dict,
    title: str | None = None,
    *,
    width_cm: float = 17.0,
    banner: bool = False,
    height_cm: float | None = None,
    fontsize: float | None = None,
    zoom: bool | tuple[float, float] = True,
    source_line: str | None = None,
    note: str | None = None,
) -> Figure:
    """The life-line of one case.

    Persons are swim lanes; events are typed markers.  A moment known to within a year is a
    filled symbol (with a thin line over the month, season or year it falls in); a moment
    known only as a longer period, an open side ('vóór 2015': an arrow) or a place inferred
    from the story order (dotted) is an open symbol.  A state that lasts a period
    (``period = ja``) is a band over that period in its type's colour.  Events with the same
    date stand side by side in story order.  Help episodes are bars below the lanes (light
    where start or end is uncertain, hatched when the end is open); crises get a halo and,
    when dated to within a year, a band over all lanes; group-session markers (goede / geen
    goede hulp) form a strip above with their sticker counts.

    Every event is labelled once by a label-placement pass (:mod:`.placement`): its number and
    short text where there is room, else its number, with a leader line where the label had to
    move away.  When a short stretch holds most events a second panel enlarges it
    (:func:`dense_window`); the overview then numbers those events only.  The banner prints
    the full labels and repeats the lane names every metre.  ``fig.unplaced`` lists events
    that found no spot (none, for every case in the data; a test checks it).
    """
    from .placement import text_size

    top, bottom, help_y = _lane_geometry(layout)
    window = None
    if zoom and not banner:
        window = zoom if isinstance(zoom, tuple) else dense_window(layout)
    kinds = legend_kinds(layout, window)
    fs = fontsize or (7.0 if not banner else (height_cm or 100) * 0.32)
    ncol = 3 if not banner else 6
    handles = legend_handles(kinds, banner)
    legend_rows = int(np.ceil(len(handles) / ncol))
    pt = 1 / 72
    panel_cm = max(5.5, 1.15 * len(layout["lanes"]) + 0.6 * len(help_y) + 2.6)
    title_pt = fs * 2.4 if title else fs
    gap_pt = fs * 5.0  # x tick labels, axis label, zoom title
    legend_pt = legend_rows * fs * 0.85 * 1.9 + fs * 1.5
    extra_pt = (fs * 1.6 if source_line else 0) + (fs * 1.6 if note else 0)
    if height_cm is None:
        height_cm = (panel_cm * (2 if window else 1)) + (
            title_pt + gap_pt * (2 if window else 1) + legend_pt + extra_pt
        ) * pt * 2.54
    W, H = width_cm * CM, height_cm * CM
    fig = Figure(figsize=(W, H), dpi=100 if banner else 150)
    lane_w = max(
        text_size(n, fs * 1.05)[0]
        for n in list(layout["lanes"]["name"]) + [labels.LIFELINE["episodes_lane"], labels.LIFELINE["session"]]
    )
    left = (lane_w + fs * 1.5) * pt / W
    right = 1 - (fs * 1.2 if not banner else fs * 2) * pt / W
    n_panels = 2 if window else 1
    avail = 1 - (title_pt + gap_pt * n_panels + legend_pt + extra_pt) * pt / H
    ph = avail / n_panels
    axes = []
    y_top = 1 - title_pt * pt / H
    for k in range(n_panels):
        y0 = y_top - ph * (k + 1) - gap_pt * pt / H * k
        axes.append(fig.add_axes((left, y0, right - left, ph)))
    fig.unplaced = []
    fig.placed = {}
    fig.help_labelled = set()
    for k, ax in enumerate(axes):
        xlim = layout["xlim"] if k == 0 else window
        numbers_only = window if (k == 0 and window) else None
        placed, unplaced = _draw_panel(
            ax,
            layout,
            xlim,
            fs,
            banner,
            top,
            bottom,
            help_y,
            highlight=window if k == 0 else None,
            numbers_only=numbers_only,
        )
        fig.placed[k] = placed
        fig.unplaced += unplaced
    if title:
        fig.text(left, 1 - fs * 0.8 * pt / H, title, fontsize=fs * (1.5 if banner else 1.35), ha="left", va="top")
    if window:
        axes[1].set_title(
            labels.LIFELINE["zoom"].format(a=_fmt_year(window[0]), b=_fmt_year(window[1])),
            fontsize=fs * 1.1,
            loc="left",
        )
    bottom_y = (extra_pt + fs * 0.5) * pt / H
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=ncol,
        fontsize=fs * 0.85,
        frameon=False,
        bbox_to_anchor=(0.5, bottom_y),
    )
    y = fs * 0.6 * pt / H
    if note:
        fig.text(
            left,
            y + (fs * 1.6 * pt / H if source_line else 0),
            note,
            fontsize=fs * 0.8,
            ha="left",
            va="bottom",
            color="#333333",
        )
    if source_line:
        fig.text(left, y, source_line, fontsize=fs * 0.8, ha="left", va="bottom", color="#333333")
    return fig


def _fmt_year(x: float) -> str:
    year = int(np.floor(x))
    month = int((x - year) * 12) + 1
    return f"{labels.MONTHS[month - 1]} {year}"


def _pt_transform(fig):
    """Points (from the figure's lower left corner) → display coordinates."""
    from matplotlib.transforms import Affine2D

    return Affine2D().scale(1 / 72) + fig.dpi_scale_trans


def _to_pt(ax, x, y):
    xy = ax.transData.transform(np.column_stack([np.atleast_1d(x), np.atleast_1d(y)]))
    return xy * 72 / ax.figure.dpi


def _dodge(marks: pd.DataFrame, per_unit: float, marker_pt: float) -> pd.Series:
    """x per mark with events of the same date side by side, in story order (in data units)."""
    first = marks.drop_duplicates("event_id")[["event_id", "x", "seq"]]
    offsets = {}
    step = marker_pt * 1.25 / per_unit
    for _, grp in first.groupby(first["x"].round(6)):
        grp = grp.sort_values("seq")
        n = len(grp)
        for k, e in enumerate(grp["event_id"]):
            offsets[e] = (k - (n - 1) / 2) * step
    return marks["x"] + marks["event_id"].map(offsets).fillna(0.0)


def _draw_panel(ax, layout, xlim, fs, banner, top, bottom, help_y, highlight, numbers_only):
    from .placement import Board, place, text_size

    lanes = layout["lanes"]
    x_lo, x_hi = xlim
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(bottom, top)
    fig = ax.figure
    bbox = ax.get_position()
    ax_w_pt = bbox.width * fig.get_figwidth() * 72
    per_unit = ax_w_pt / (x_hi - x_lo)
    ptt = _pt_transform(fig)
    for y in lanes["y"]:
        ax.axhline(y, color="#dddddd", lw=0.8 if not banner else 3, zorder=0)
    yticks = list(lanes["y"])
    yticklabels = list(lanes["name"])
    if help_y:
        yticks.append(help_y[0])
        yticklabels.append(labels.LIFELINE["episodes_lane"])
    if highlight:
        ax.axvspan(*highlight, color=ZOOM, alpha=0.5, lw=0, zorder=0)
    ax_x0_pt, ax_y0_pt = bbox.x0 * fig.get_figwidth() * 72, bbox.y0 * fig.get_figheight() * 72
    ax_box = (ax_x0_pt, ax_y0_pt, ax_x0_pt + ax_w_pt, ax_y0_pt + bbox.height * fig.get_figheight() * 72)
    lane_floor = _to_pt(ax, x_lo, 0.5)[0][1]
    board = Board((ax_box[0] + 1, max(ax_box[1], lane_floor), ax_box[2] - 1, ax_box[3] - 1))
    help_board = Board(ax_box)

    # lane names repeated every metre on a banner (the group stands along it)
    if banner:
        W_m = fig.get_figwidth() * 2.54 / 100
        for m in range(1, int(np.ceil(W_m))):
            xp = m / W_m * fig.get_figwidth() * 72
            if not ax_box[0] + fs * 2 < xp < ax_box[2] - fs * 8:
                continue
            for y, name in zip(lanes["y"], lanes["name"]):
                yp = _to_pt(ax, x_lo, y)[0][1]
                w, h = text_size(name, fs * 0.8)
                box = (xp + fs * 0.3, yp + fs * 0.25, xp + fs * 0.3 + w, yp + fs * 0.25 + h)
                ax.text(
                    box[0],
                    box[1],
                    name,
                    transform=ptt,
                    fontsize=fs * 0.8,
                    color="#888888",
                    style="italic",
                    ha="left",
                    va="bottom",
                    zorder=4,
                )
                board.add(box)
    for pos, a, b in layout.get("breaks", []):
        ax.axvline(pos, color="#999999", lw=0.8 if not banner else 2, ls=(0, (8, 6)), zorder=0.6)
        first, last = int(np.ceil(a)), int(np.floor(b)) - 1  # the whole years skipped
        text = labels.LIFELINE["break_years"].format(years=f"{first}–{last}" if last > first else str(first))
        w, th = text_size(text, fs * 0.6)
        xp = _to_pt(ax, pos, top)[0][0] - w / 2
        box = (xp, ax_box[3] - th - 2, xp + w, ax_box[3] - 2)
        ax.text(
            box[0], box[1], text, transform=ptt, fontsize=fs * 0.6, color="#666666", ha="left", va="bottom", zorder=4
        )
        board.add(box)

    ev = layout["events"]
    marks = layout["marks"]
    lw = 0.9 if not banner else 3
    marker_pt = 5.5 if not banner else 30
    size = marker_pt**2
    items = []
    if len(marks):
        marks = marks.assign(xd=_dodge(marks, per_unit, marker_pt))
        # a crisis whose date is known to within a year gets a band over all lanes; one dated only
        # to a longer period is not banded (that would paint years) but its markers get a halo
        for r in ev[ev["crisis"].astype(bool)].itertuples(index=False):
            if r.x1 - r.x0 > 1.01 and layout["mode"] == "datum":
                continue
            w = max(r.x1 - r.x0, 0.012 * (x_hi - x_lo))
            ax.add_patch(
                Rectangle(
                    ((r.x0 + r.x1) / 2 - w / 2, 0.45), w, len(lanes) + 0.1, color=CRISIS, alpha=0.10, lw=0, zorder=0.5
                )
            )
        period = marks["period"].astype(bool)
        vague = is_vague(marks, layout["mode"])
        band = marks[period & (marks["x1"] > marks["x0"])]
        for r in band.itertuples(index=False):
            colour = labels.EVENT_TYPES.get(r.event_type, labels.EVENT_TYPES["overig"])[2]
            ax.add_patch(
                Rectangle((r.x0, r.y - 0.13), r.x1 - r.x0, 0.26, color=colour, alpha=BAND_ALPHA, lw=0, zorder=0.8)
            )
        if layout["mode"] == "datum":
            wh = marks[~period & (marks["x1"] > marks["x0"])]
            segs = [((a, y), (b, y)) for a, b, y in zip(wh["x0"], wh["x1"], wh["y"])]
            styles = ["dotted" if inf else "solid" for inf in wh["inferred"]]
            ax.add_collection(
                LineCollection(segs, colors=LINE_COLOUR, linewidths=lw, linestyles=styles, alpha=0.6, zorder=1)
            )
            caps = wh[wh["x1"] - wh["x0"] > 1.01]
            ax.vlines(
                np.r_[caps["x0"], caps["x1"]],
                np.r_[caps["y"], caps["y"]] - 0.07,
                np.r_[caps["y"], caps["y"]] + 0.07,
                color=LINE_COLOUR,
                lw=lw,
                alpha=0.6,
                zorder=1,
            )
        crisis = marks[marks["crisis"].astype(bool)]
        ax.scatter(crisis["xd"], crisis["y"], s=size * 4.5, color=CRISIS, alpha=0.3, lw=0, zorder=2, clip_on=True)
        arrow = (marker_pt * 0.7) ** 2
        open_s = marks[marks["open_start"].astype(bool)]
        open_e = marks[marks["open_end"].astype(bool)]
        ax.scatter(open_s["x0"], open_s["y"], marker="<", s=arrow, color=LINE_COLOUR, zorder=1, clip_on=True)
        ax.scatter(open_e["x1"], open_e["y"], marker=">", s=arrow, color=LINE_COLOUR, zorder=1, clip_on=True)
        multi = marks.groupby("event_id").filter(lambda g: len(g) > 1)
        if len(multi):
            spans = multi.groupby("event_id").agg(x=("xd", "first"), y0=("y", "min"), y1=("y", "max"))
            ax.vlines(spans["x"], spans["y0"], spans["y1"], color="#aaaaaa", lw=0.5 if not banner else 2, zorder=1)
        for etype, grp in marks.groupby("event_type"):
            _, marker, colour = labels.EVENT_TYPES.get(etype, labels.EVENT_TYPES["overig"])
            for is_v, sub in grp.groupby(vague.loc[grp.index]):
                edge = np.where(sub["crisis"], "#7a2a00", colour if is_v else "white")
                ax.scatter(
                    sub["xd"],
                    sub["y"],
                    marker=marker,
                    s=size,
                    c="white" if is_v else colour,
                    edgecolors=edge,
                    linewidths=(1.1 if is_v else 0.6) * (1 if not banner else 4),
                    zorder=3,
                    clip_on=True,
                )
        inside = marks[(marks["xd"] >= x_lo) & (marks["xd"] <= x_hi)]
        for xp, yp in _to_pt(ax, inside["xd"], inside["y"]):
            half = marker_pt * 0.62
            board.add((xp - half, yp - half, xp + half, yp + half))
        first = inside.sort_values("y", ascending=False).drop_duplicates("event_id").sort_values("seq")
        anchors = _to_pt(ax, first["xd"], first["y"])
        shorts = first["short_label"] if "short_label" in first else pd.Series([None] * len(first), index=first.index)
        for (xp, yp), r, short in zip(anchors, first.itertuples(index=False), shorts):
            num = f"{r.seq}"
            if banner:
                texts = ["\n".join(textwrap.wrap(f"{r.seq}. {r.label}", 30))]
                if isinstance(short, str) and short.strip():
                    texts.append(f"{r.seq}. {short}")
                texts.append(num)
            elif numbers_only and numbers_only[0] <= r.x <= numbers_only[1]:
                texts = [num]
            else:
                texts = ([f"{num} {short}"] if isinstance(short, str) and short.strip() else []) + [num]
            items.append((r.event_id, (xp, yp), texts))

    eps = layout["episodes"]
    lw_box = 0.4 if not banner else 2
    h = 0.36
    unplaced = []
    # help-bar texts fit between two rows of bars (0,55 apart), whatever the figure's size
    row_pt = _to_pt(ax, x_lo, 0.55)[0][1] - _to_pt(ax, x_lo, 0.0)[0][1]
    hfs = min(fs * (0.75 if not banner else 0.9), row_pt * 0.55 / 1.3)
    for r in eps.itertuples(index=False):
        y = help_y[r.row]
        if r.start_hi > r.start_lo:
            ax.add_patch(Rectangle((r.start_lo, y - h / 2), r.start_hi - r.start_lo, h, color=HELP, alpha=0.2, lw=0))
        solid_end = r.end_lo if not r.open_end else r.end_hi
        if solid_end > r.start_hi:
            ax.add_patch(
                Rectangle(
                    (r.start_hi, y - h / 2),
                    solid_end - r.start_hi,
                    h,
                    facecolor=HELP,
                    alpha=0.55 if not r.open_end else 0.3,
                    edgecolor=HELP_EDGE,
                    lw=lw_box,
                    hatch=None if not r.open_end else "///",
                )
            )
        elif solid_end == r.start_hi:  # a point-like episode
            ax.add_patch(Rectangle((r.start_hi - 0.01, y - h / 2), 0.02, h, color=HELP_EDGE))
        if r.end_hi > r.end_lo and not r.open_end:
            ax.add_patch(Rectangle((r.end_lo, y - h / 2), r.end_hi - r.end_lo, h, color=HELP, alpha=0.2, lw=0))
        if r.end_hi < x_lo or r.start_lo > x_hi:
            continue
        text = r.provider if not banner else f"{r.provider}: {r.help_form}"
        w, th = text_size(text, hfs)
        x0p = _to_pt(ax, max(r.start_lo, x_lo), y)[0][0] + 2
        x_end = _to_pt(ax, min(r.end_hi, x_hi), y)[0][0]
        y0p = _to_pt(ax, x_lo, y + h / 2)[0][1] + 0.5
        for shift in np.arange(0, max(x_end - x0p - w, 0) + 1, max(w / 2, 1)):
            xp = min(x0p + shift, ax_box[2] - w - 1)  # never cut at the right edge
            box = (xp, y0p, xp + w, y0p + th)
            if help_board.free(box) and xp >= ax_box[0]:
                help_board.add(box)
                ax.text(
                    xp,
                    y0p,
                    text,
                    transform=ptt,
                    va="bottom",
                    ha="left",
                    fontsize=hfs,
                    color="#003d2b",
                    zorder=4,
                    clip_on=False,
                )
                fig.help_labelled.add(r.episode_id)
                break
        else:
            if not (highlight and highlight[0] <= r.start_lo <= highlight[1]):  # else: named in the zoom panel
                unplaced.append(("hulp", r.episode_id))

    mk = layout["markers"]
    if len(mk):
        y = len(lanes) + 0.75
        for r in mk.itertuples(index=False):
            colour = labels.MARKER_COLOURS[r.kind]
            x0, x1 = r.x0, r.x1
            w = max(x1 - x0, 0.01 * (x_hi - x_lo))
            ax.add_patch(Rectangle(((x0 + x1) / 2 - w / 2, y - 0.2), w, 0.4, color=colour, alpha=0.55, lw=0))
            votes = getattr(r, "votes", None)
            extra = f" ● {count_text(votes)}" if votes is not None and not pd.isna(votes) else ""
            text = labels.MARKER_KINDS[r.kind] + extra
            tw, th = text_size(text, fs * 0.8)
            cx, cy = _to_pt(ax, (x0 + x1) / 2, y + 0.24)[0]
            cx = min(max(cx, ax_box[0] + tw / 2 + 1), ax_box[2] - tw / 2 - 1)
            board.add((cx - tw / 2, cy, cx + tw / 2, cy + th))
            ax.text(cx - tw / 2, cy, text, transform=ptt, ha="left", va="bottom", fontsize=fs * 0.8, color=colour)
        yticks.append(y)
        yticklabels.append(labels.LIFELINE["session"])

    placed = place(board, items, fs * (0.8 if not banner else 0.9), gap=marker_pt * 0.7, rings=10 if not banner else 14)
    got = {p.key for p in placed}
    unplaced += [k for k, _, _ in items if k not in got]
    leaders = []
    anchor_of = {k: xy for k, xy, _ in items}
    for p in placed:
        ax.text(
            p.box[0] + 0.5,
            p.box[1] + 0.5,
            p.text,
            transform=ptt,
            ha="left",
            va="bottom",
            fontsize=fs * (0.8 if not banner else 0.9),
            color="#222222",
            zorder=5,
            linespacing=1.2,
        )
        if p.leader:
            ax_, ay = anchor_of[p.key]
            tx = min(max(ax_, p.box[0]), p.box[2])
            ty = min(max(ay, p.box[1]), p.box[3])
            leaders.append(((ax_, ay), (tx, ty)))
    if leaders:
        ax.add_collection(
            LineCollection(leaders, colors="#999999", linewidths=0.4 if not banner else 2, transform=ptt, zorder=4)
        )
    ax.set_yticks(yticks)
    ax.set_yticklabels(yticklabels, fontsize=fs * 1.05)
    ax.tick_params(axis="y", length=0)
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
            skipped = [(a, b) for _, a, b in layout.get("breaks", [])]
            years = [y for y in years if not any(a + 0.3 < y < b - 0.3 for a, b in skipped)]
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
    return placed, unplaced


def draw_key(width_cm: float = 17.0) -> Figure:
    """'Zo lees je een levenslijn': every kind of mark of a life-line with what it means."""
    fs = 7.0
    rows = labels.KEY_ROWS
    row_cm, head_cm = 0.85, 0.9
    height = len(rows) * row_cm + head_cm
    fig = Figure(figsize=(width_cm * CM, height * CM), dpi=150)
    ax = fig.add_axes((0.01, 0.01, 0.98, 1 - head_cm / height))
    fig.text(0.01, 1 - 0.15 / height, labels.LIFELINE["key_title"], fontsize=fs * 1.35, ha="left", va="top")
    ax.set_xlim(0, 10)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.axis("off")
    name, marker, colour = labels.EVENT_TYPES["gezinsgebeurtenis"]
    for i, (kind, text) in enumerate(rows):
        y = i
        ax.axhline(y, xmin=0.0, xmax=0.2, color="#dddddd", lw=0.8, zorder=0)
        if kind == "dated":
            ax.plot([0.6, 1.4], [y, y], color=LINE_COLOUR, lw=0.9, alpha=0.6)
            ax.scatter([1.0], [y], marker=marker, s=30, c=colour, edgecolors="white", zorder=3)
        elif kind == "vague":
            ax.plot([0.2, 1.8], [y, y], color=LINE_COLOUR, lw=0.9, alpha=0.6)
            ax.vlines([0.2, 1.8], y - 0.15, y + 0.15, color=LINE_COLOUR, lw=0.9, alpha=0.6)
            ax.scatter([1.0], [y], marker=marker, s=30, c="white", edgecolors=colour, linewidths=1.1, zorder=3)
        elif kind == "open":
            ax.plot([0.2, 1.4], [y, y], color=LINE_COLOUR, lw=0.9, alpha=0.6)
            ax.scatter([0.2], [y], marker="<", s=15, color=LINE_COLOUR)
            ax.scatter([1.4], [y], marker=marker, s=30, c="white", edgecolors=colour, linewidths=1.1, zorder=3)
        elif kind == "inferred":
            ax.plot([0.4, 1.6], [y, y], color=LINE_COLOUR, lw=0.9, alpha=0.6, ls="dotted")
            ax.scatter([1.0], [y], marker=marker, s=30, c="white", edgecolors=colour, linewidths=1.1, zorder=3)
        elif kind == "state":
            c = labels.EVENT_TYPES["gezinsproblematiek"]
            ax.add_patch(Rectangle((0.3, y - 0.13), 1.5, 0.26, color=c[2], alpha=BAND_ALPHA, lw=0))
            ax.scatter([0.3], [y], marker=c[1], s=30, c=c[2], edgecolors="white", zorder=3)
        elif kind == "same_date":
            for k, xx in enumerate([0.82, 1.0, 1.18]):
                ax.scatter([xx], [y], marker=marker, s=30, c=colour, edgecolors="white", zorder=3)
            ax.text(1.35, y - 0.3, "7 Verhuizing", fontsize=fs * 0.8, va="center")
            ax.plot([1.18, 1.33], [y, y - 0.25], color="#999999", lw=0.4)
        elif kind == "crisis":
            ax.add_patch(Rectangle((0.85, y - 0.35), 0.3, 0.7, color=CRISIS, alpha=0.10, lw=0))
            ax.scatter([1.0], [y], s=30 * 4.5, color=CRISIS, alpha=0.3, lw=0)
            c = labels.EVENT_TYPES["crisis"]
            ax.scatter([1.0], [y], marker=c[1], s=30, c=c[2], edgecolors="#7a2a00", zorder=3)
        elif kind == "help":
            ax.add_patch(Rectangle((0.2, y - 0.18), 0.4, 0.36, color=HELP, alpha=0.2, lw=0))
            ax.add_patch(Rectangle((0.6, y - 0.18), 0.7, 0.36, facecolor=HELP, alpha=0.55, edgecolor=HELP_EDGE, lw=0.4))
            ax.add_patch(
                Rectangle(
                    (1.3, y - 0.18), 0.6, 0.36, facecolor=HELP, alpha=0.3, edgecolor=HELP_EDGE, lw=0.4, hatch="///"
                )
            )
        elif kind == "number":
            ax.scatter([1.0], [y], marker=marker, s=30, c=colour, edgecolors="white", zorder=3)
            ax.text(1.0, y - 0.25, "12 Eline naar gezinshuis", fontsize=fs * 0.8, ha="center", va="bottom")
        ax.text(2.4, y, textwrap.fill(text, 86), fontsize=fs, va="center", ha="left")
    return fig


def save_banner(
    layout: dict,
    title: str,
    path: Path | list[Path],
    width_m: float = 10.0,
    height_m: float = 1.0,
    source_line: str | None = None,
) -> list[Path]:
    """Write the banner for printing on a roll (PDF/SVG by suffix; one drawing, several
    files); atomic.  The time axis stretches crowded stretches and compresses long empty ones
    with a visible break (:func:`.timelines.stretch_crowded`); the print instructions and the
    source line are printed on the banner itself."""
    from ..io import atomic_path
    from .timelines import stretch_crowded

    targets = [Path(p) for p in (path if isinstance(path, (list, tuple)) else [path])]
    note = labels.LIFELINE["print_note"].format(w=_num(width_m * 100), h=_num(height_m * 100))
    fig = draw_lifeline(
        stretch_crowded(layout),
        title,
        width_cm=width_m * 100,
        height_cm=height_m * 100,
        banner=True,
        source_line=source_line,
        note=note,
    )
    for target in targets:
        fmt = target.suffix.lstrip(".").lower()
        with atomic_path(target) as tmp:
            fig.savefig(tmp, format=fmt, metadata=UNDATED.get(fmt))
    return targets


# No creation date in a banner file (matplotlib writes SOURCE_DATE_EPOCH or the current time): the
# same data give the same bytes after every commit, so the build need not key the data step on
# the build time (analysis.buildkeys.DATE_ENV).
UNDATED = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}


def _num(v: float) -> str:
    """A number the Dutch way: 53, 100, 2,5."""
    return (f"{v:.0f}" if abs(v - round(v)) < 1e-9 else f"{v:.1f}").replace(".", ",")


def draw_matrix(long: pd.DataFrame, case_titles: dict[str, str]) -> Figure:
    """Case × working-element matrix: cells coloured by the number of supporting main factors."""
    els = long.drop_duplicates("element_id").sort_values("element_order")
    cases = [c for c in case_titles if c in set(long["case_id"])]
    grid = (
        long.pivot_table(index="element_id", columns="case_id", values="n_main_factors", aggfunc="sum")
        .reindex(index=els["element_id"], columns=cases)
        .fillna(0)
        .astype(int)
    )
    n_el = len(els)
    fig = Figure(figsize=(17 * CM, max(8, 0.52 * n_el + 3) * CM), dpi=150)
    ax = fig.add_subplot(111)
    vmax = max(1, int(grid.values.max()))
    im = ax.imshow(grid.values, cmap="Blues", vmin=0, vmax=vmax + 0.5, aspect="auto")
    for i in range(n_el):
        for j in range(len(cases)):
            v = grid.values[i, j]
            ax.text(
                j,
                i,
                str(v) if v else "–",
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if v > vmax * 0.6 else "#333333",
            )
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
        ax.annotate(
            groups[i],
            xy=(1.02, i - 0.45),
            xycoords=("axes fraction", "data"),
            fontsize=6.3,
            va="top",
            ha="left",
            color="#444444",
            style="italic",
            annotation_clip=False,
        )
    cb = fig.colorbar(im, ax=ax, fraction=0.035, pad=0.32, ticks=range(0, vmax + 1))
    cb.set_label(labels.SYNTHESIS["n_factors"], fontsize=7)
    cb.ax.tick_params(labelsize=6.5)
    fig.suptitle(
        labels.SYNTHESIS["matrix_title"] + "\n◆ = casusoverstijgend element (NJi); overige: literatuur",
        fontsize=8.5,
        x=0.01,
        ha="left",
    )
    fig.tight_layout()
    return fig


def tree_png(nodes: pd.DataFrame, stickers: pd.DataFrame | None = None, title: str | None = None) -> bytes:
    from .findings_tree import render, to_dot

    return render(to_dot(nodes, stickers, title).source, "png")


def tree_svg(nodes: pd.DataFrame, stickers: pd.DataFrame | None = None, title: str | None = None) -> bytes:
    from .findings_tree import render, to_dot

    return render(to_dot(nodes, stickers, title).source, "svg")
