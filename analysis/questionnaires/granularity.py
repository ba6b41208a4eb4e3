"""Can a reported percentage come from whole counts?  (granularity / GRIM principle)

Brown & Heathers (2017), "The GRIM test", Soc Psychol Personal Sci 8(4):363-369:
a mean (or percentage) of N whole numbers can only take values k/N.  A percentage
reported with ``decimals`` decimals is *consistent* with N when some whole count
k in 0..N gives 100*k/N that rounds to it.  Rounding is taken generously: any value
in [p - h, p + h] with h = half a unit of the last reported digit counts (so both
round-half-up and round-half-even reporting pass).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def consistent_counts(percent: float, n: int, decimals: int = 0) -> list[int]:
    """All whole counts k (0..n) whose percentage 100k/n rounds to ``percent``."""
    if n is None or n <= 0 or not np.isfinite(percent):
        return []
    h = 0.5 * 10 ** (-decimals)
    eps = 1e-9
    lo = max(0, math.ceil((percent - h) * n / 100 - eps))
    hi = min(n, math.floor((percent + h) * n / 100 + eps))
    return list(range(lo, hi + 1))


def check_percentage(percent: float, n: int, decimals: int = 0) -> dict:
    """Verdict for one reported percentage and its denominator.

    Returns ``consistent`` (bool), ``counts`` (all k that reproduce it), the nearest
    counts below/above when none does, and their percentages.
    """
    ks = consistent_counts(percent, n, decimals)
    out = {"percentage": percent, "n": n, "consistent": bool(ks), "counts": ks}
    if ks:
        out["count"] = ks[0] if len(ks) == 1 else None
    else:
        exact = percent * n / 100
        below, above = math.floor(exact), math.ceil(exact)
        out.update(
            count=None, nearest_below=below, pct_below=100 * below / n, nearest_above=above, pct_above=100 * above / n
        )
    return out


def check_published(figures: pd.DataFrame) -> pd.DataFrame:
    """Apply the check to a table of published percentages.

    ``figures`` needs ``figure_id``, ``percentage`` and either ``n_denominator`` (a
    whole number) or ``denominator_figure`` (the id of another figure whose *count*
    is the denominator -- resolved here, only when that count is unique) or neither
    (an external reference figure without an N: not checkable).  Adds ``n_used``,
    ``status`` (``reproducible`` / ``impossible`` / ``not_checkable``), ``count``,
    ``reproduced_pct`` (100*count/n) and the nearest counts for impossible ones.
    """
    figs = figures.copy()
    by_id: dict[str, dict] = {}
    rows = []
    pending = list(figs.to_dict("records"))
    for _ in range(len(pending) + 1):  # resolve chains in dependency order
        rest = []
        for r in pending:
            parent = r.get("denominator_figure")
            if isinstance(parent, str) and parent and parent not in by_id:
                rest.append(r)
                continue
            n = r.get("n_denominator")
            if isinstance(parent, str) and parent:
                n = by_id[parent].get("count")
            n = None if n is None or (isinstance(n, float) and np.isnan(n)) or pd.isna(n) else int(n)
            dec = int(r.get("decimals", 0) or 0)
            if n is None:
                res = {"status": "not_checkable", "n_used": None, "count": None, "counts": []}
            else:
                chk = check_percentage(float(r["percentage"]), n, dec)
                res = {"status": "reproducible" if chk["consistent"] else "impossible", "n_used": n, **chk}
            r2 = {**r, **{k: v for k, v in res.items() if k not in ("percentage", "n")}}
            by_id[r["figure_id"]] = r2
            rows.append(r2)
        pending = rest
        if not pending:
            break
    for r in pending:  # parent never resolved (cycle or unknown id)
        rows.append({**r, "status": "not_checkable", "n_used": None, "count": None, "counts": []})
    out = pd.DataFrame(rows).set_index("figure_id").reindex(figs["figure_id"]).reset_index()
    out["reproduced_pct"] = [
        100 * c / n if c is not None and n else np.nan for c, n in zip(out["count"], out["n_used"])
    ]
    for col in ("nearest_below", "nearest_above", "pct_below", "pct_above"):
        if col not in out:
            out[col] = np.nan
    out["counts"] = out["counts"].map(lambda ks: ", ".join(map(str, ks)) if isinstance(ks, list) else "")
    return out
