"""Life-line (levenslijn) layout: where every event, help episode and marker sits.

A levenslijn is the family's history drawn along a time axis — in the NJi
learning review on a ten-metre roll of wallpaper (seed 004 lines 155–178).  This
module turns the tidy tables of one case into plot coordinates; :mod:`.plot` only
draws them.  Pure functions, DataFrame in, DataFrame out.

Markers sit at the centre of an uncertain date, at the known side of an open
one (``voor X`` → at X), and at the start of a period event (``period = ja``: a
state that lasts the whole interval, such as "grows up with mother").

Time axis.  When at least one event of the case has a known date the axis is in
decimal years; every event is an interval ``x0 … x1`` (a year spans the year, a
season its three months, ``2017/2018`` both years).  ``voor X`` gets an open start
and ``vanaf X`` an open end (drawn with an arrow), clipped to the axis.  An
``onbekend`` event in a dated case is placed between the nearest dated events
before and after it in the story (``seq``) and flagged ``inferred``.  When no event
has a date (the Helmond practice case) the axis is the story order itself.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .dates import to_year_fraction
from .validate import split_persons

GENERAL_LANE = "gezin"  # lane for events that name nobody in particular
PAD = 0.5  # years of margin left/right of the data


def _yf(iso) -> float | None:
    if iso is None or (not isinstance(iso, str) and pd.isna(iso)):
        return None
    return to_year_fraction(dt.date.fromisoformat(str(iso)))


def _end_yf(iso) -> float | None:
    """Inclusive last day → the moment that day ends."""
    if iso is None or (not isinstance(iso, str) and pd.isna(iso)):
        return None
    return to_year_fraction(dt.date.fromisoformat(str(iso)) + dt.timedelta(days=1))


def is_period(events: pd.DataFrame) -> pd.Series:
    """True for events that last their whole interval (column ``period``; without that
    column, problem periods — ``gezinsproblematiek`` — count as periods)."""
    if "period" in events:
        return events["period"].fillna(False).astype(bool)
    return events["event_type"] == "gezinsproblematiek"


def lanes(persons: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Swim lanes, top to bottom: the persons in table order, then a general lane if needed."""
    rows = [{"lane": p, "name": n} for p, n in zip(persons["person_id"], persons["name"])]
    if any(not split_persons(v) for v in events["persons"]):
        rows.append({"lane": GENERAL_LANE, "name": "Gezin (algemeen)"})
    out = pd.DataFrame(rows, columns=["lane", "name"])
    out["y"] = np.arange(len(out))[::-1].astype(float) + 1.0
    return out


def event_positions(events: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """x0/x1/x (centre) per event and the axis mode (``"datum"`` or ``"volgorde"``)."""
    ev = events.sort_values("seq", kind="stable").reset_index(drop=True).copy()
    x0 = [_yf(v) for v in ev["date_start"]]
    x1 = [_end_yf(v) for v in ev["date_end"]]
    dated = [a is not None or b is not None for a, b in zip(x0, x1)]
    ev["open_start"] = [a is None and b is not None for a, b in zip(x0, x1)]
    ev["open_end"] = [b is None and a is not None for a, b in zip(x0, x1)]
    ev["inferred"] = False
    if not any(dated):
        ev["x0"] = ev["x1"] = ev["x"] = ev["seq"].astype(float)
        ev["inferred"] = True
        return ev, "volgorde"
    known = [v for v in x0 + x1 if v is not None]
    lo, hi = min(known) - PAD, max(known) + PAD
    x0 = [lo if (a is None and b is not None) else a for a, b in zip(x0, x1)]
    x1 = [hi if (b is None and a is not None) else b for a, b in zip(x0, x1)]
    # undated events inside a dated case: between the neighbours in the story
    for i, ok in enumerate(dated):
        if ok:
            continue
        before = [x0[j] for j in range(i) if dated[j]]
        after = [x1[j] for j in range(i + 1, len(ev)) if dated[j]]
        x0[i] = max(before) if before else lo
        x1[i] = min(after) if after else hi
        if x1[i] < x0[i]:
            x0[i], x1[i] = x1[i], x0[i]
        ev.loc[i, "inferred"] = True
    ev["x0"], ev["x1"] = x0, x1
    # the marker sits at the centre of an uncertain date, at the known side of an open
    # one, and at the start of a problem period (a state that lasts, not a moment)
    centre = (ev["x0"] + ev["x1"]) / 2
    ev["x"] = np.where(ev["open_start"], ev["x1"], np.where(ev["open_end"] | is_period(ev), ev["x0"], centre))
    return ev, "datum"


def episode_bars(episodes: pd.DataFrame, events_pos: pd.DataFrame, mode: str, axis_max: float) -> pd.DataFrame:
    """One bar per help episode: solid part (certainly running) and faint parts.

    A start given as a period (``2002/2005``) is faint from its earliest to its
    latest possible day; an unknown or running end continues as an open bar to
    ``axis_max``.  Undated episodes take the position of their anchor events.
    Bars are packed into as few rows as possible without overlap.
    """
    pos = dict(zip(events_pos["event_id"], zip(events_pos["x0"], events_pos["x1"])))
    rows = []
    for r in episodes.itertuples(index=False):
        s_lo, s_hi = _yf(r.start_earliest), _end_yf(r.start_latest)
        e_lo, e_hi = _yf(r.end_earliest), _end_yf(r.end_latest)
        if mode == "volgorde" or (s_lo is None and s_hi is None):
            a = pos.get(r.start_event)
            b = pos.get(r.end_event) if isinstance(r.end_event, str) else None
            s_lo = s_hi = a[0] if a else None
            if b:
                e_lo = e_hi = b[1]
        if s_lo is None:  # "voor X": open start
            s_lo = s_hi - 1.0 if s_hi is not None else 0.0
            open_start = True
        else:
            open_start = False
        if s_hi is None:
            s_hi = s_lo
        open_end = e_hi is None
        if open_end:
            e_lo = e_hi = max(axis_max, s_hi + 0.25)
        rows.append(
            {
                "case_id": r.case_id,
                "episode_id": r.episode_id,
                "provider": r.provider,
                "help_form": r.help_form,
                "end_status": r.end_status,
                "start_lo": s_lo,
                "start_hi": s_hi,
                "end_lo": min(e_lo if e_lo is not None else e_hi, e_hi),
                "end_hi": e_hi,
                "open_start": open_start,
                "open_end": open_end,
            }
        )
    bars = pd.DataFrame(
        rows,
        columns=[
            "case_id",
            "episode_id",
            "provider",
            "help_form",
            "end_status",
            "start_lo",
            "start_hi",
            "end_lo",
            "end_hi",
            "open_start",
            "open_end",
        ],
    )
    # greedy interval packing
    row_end: list[float] = []
    rows_idx = []
    for lo, hi in zip(bars["start_lo"], bars["end_hi"]):
        for k, end in enumerate(row_end):
            if lo >= end + 0.05:
                row_end[k] = hi
                rows_idx.append(k)
                break
        else:
            row_end.append(hi)
            rows_idx.append(len(row_end) - 1)
    bars["row"] = rows_idx
    return bars


def event_marks(events_pos: pd.DataFrame, lane_table: pd.DataFrame) -> pd.DataFrame:
    """One mark per (event, person lane): an event for three persons appears in three lanes."""
    y = dict(zip(lane_table["lane"], lane_table["y"]))
    rows = []
    events_pos = events_pos.assign(is_period=is_period(events_pos).to_numpy())
    for r in events_pos.itertuples(index=False):
        who = [p for p in split_persons(r.persons) if p in y] or [GENERAL_LANE]
        for p in who:
            rows.append(
                {
                    "event_id": r.event_id,
                    "seq": r.seq,
                    "lane": p,
                    "y": y.get(p, 0.0),
                    "x": r.x,
                    "x0": r.x0,
                    "x1": r.x1,
                    "event_type": r.event_type,
                    "crisis": bool(r.crisis),
                    "period": bool(r.is_period),
                    "open_start": r.open_start,
                    "open_end": r.open_end,
                    "inferred": r.inferred,
                    "label": r.label,
                    "short_label": getattr(r, "short_label", None),
                }
            )
    return pd.DataFrame(rows)


def case_layout(case_id: str, tables: dict[str, pd.DataFrame]) -> dict:
    """Everything :func:`.plot.draw_lifeline` needs for one case."""
    persons = tables["persons"][tables["persons"]["case_id"] == case_id]
    events = tables["events"][tables["events"]["case_id"] == case_id]
    episodes = tables["episodes"][tables["episodes"]["case_id"] == case_id]
    markers = tables.get("markers")
    markers = markers[markers["case_id"] == case_id] if markers is not None else pd.DataFrame()
    lane_table = lanes(persons, events)
    pos, mode = event_positions(events)
    xmin = float(min(pos["x0"].min(), pos["x"].min())) if len(pos) else 0.0
    xmax = float(max(pos["x1"].max(), pos["x"].max())) if len(pos) else 1.0
    bars = episode_bars(episodes, pos, mode, xmax)
    if len(bars):
        xmin = min(xmin, float(bars["start_lo"].min()))
    mk = pd.DataFrame()
    if len(markers):
        mk = markers.copy()
        mk["x0"] = [(_yf(a) if _yf(a) is not None else xmin) for a in mk["date_start"]]
        mk["x1"] = [(_end_yf(b) if _end_yf(b) is not None else xmax) for b in mk["date_end"]]
    return {
        "case_id": case_id,
        "mode": mode,
        "lanes": lane_table,
        "events": pos,
        "marks": event_marks(pos, lane_table),
        "episodes": bars,
        "markers": mk,
        "xlim": (xmin - (0.6 if mode == "volgorde" else 0.3), xmax + (0.6 if mode == "volgorde" else 0.3)),
    }


def stretch_crowded(layout: dict, min_share: float = 0.6, max_gap: float = 2.0, keep: float = 0.8) -> dict:
    """The same layout on a time axis for the banner: crowded stretches stretched, long empty
    stretches compressed.

    Consecutive distinct event positions are moved at least ``min_share`` × (span / number of
    positions) apart; a gap of more than ``max_gap`` years without any event is shortened to
    ``keep`` years and recorded in ``"breaks"`` as (position on the new axis, first year, last
    year), which the banner draws as a dashed line with the years it skips.  Time between the
    knots stays linear, so the order of everything is kept.  The returned layout has
    ``"warp": (knots_in, knots_out)`` so tick marks land on the right year; the banner says in
    its axis label that the axis is not to scale.
    """
    if layout["mode"] != "datum" or len(layout["events"]) < 2:
        return layout
    lo, hi = layout["xlim"]
    xs = np.unique(np.concatenate([[lo], layout["events"]["x"].to_numpy(), [hi]]))
    gaps = np.diff(xs)
    long = gaps > max_gap
    widths = np.where(long, keep, gaps)
    span = widths.sum()
    gap = min_share * span / len(xs)
    widths = np.maximum(widths, gap)
    out_knots = np.concatenate([[xs[0]], xs[0] + np.cumsum(widths)])
    breaks = [
        (float((out_knots[i] + out_knots[i + 1]) / 2), float(xs[i]), float(xs[i + 1])) for i in np.flatnonzero(long)
    ]

    def w(v):
        return (
            np.interp(v, xs, out_knots, left=None, right=None)
            + np.where(np.asarray(v) > xs[-1], np.asarray(v) - xs[-1], 0)
            + np.where(np.asarray(v) < xs[0], np.asarray(v) - xs[0], 0)
        )

    new = dict(layout)
    new["events"] = layout["events"].assign(**{c: w(layout["events"][c]) for c in ("x", "x0", "x1")})
    new["marks"] = layout["marks"].assign(**{c: w(layout["marks"][c]) for c in ("x", "x0", "x1")})
    eps = layout["episodes"]
    if len(eps):
        new["episodes"] = eps.assign(**{c: w(eps[c]) for c in ("start_lo", "start_hi", "end_lo", "end_hi")})
    mk = layout["markers"]
    if len(mk):
        new["markers"] = mk.assign(x0=w(mk["x0"]), x1=w(mk["x1"]))
    new["xlim"] = (float(w(lo)), float(w(hi)))
    new["warp"] = (xs, out_knots)
    new["breaks"] = breaks
    return new
