"""Reader-facing tables of the effects report: tidy frames -> Dutch display frames.

Each function selects, orders, labels and formats (decimal comma, CIs as
"[a; b]", p-values) one result frame of :class:`.helmond.Results`.  Counts of
persons keep their column name in ``COUNTS`` so the notebook passes them to
``show_table(counts=...)`` for small-cell suppression.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import disclosure
from . import labels as L
from .granularity import check_published


def num(x, d: int = 2) -> str:
    """Dutch number format with ``d`` decimals; '–' for missing."""
    if x is None or (isinstance(x, float) and not np.isfinite(x)) or x is pd.NA:
        return "–"
    from ..formatting import decimal_text

    return decimal_text(x, d)


def pval(p) -> str:
    if p is None or not np.isfinite(p):
        return "–"
    return "<0,001" if p < 0.001 else num(p, 3)


def ci(lo, hi, d: int = 2) -> str:
    return "–" if not (np.isfinite(lo) and np.isfinite(hi)) else f"[{num(lo, d)}; {num(hi, d)}]"


def flow(res) -> pd.DataFrame:
    d = disclosure.of(res)
    f = res.flow.copy()
    f["n"] = [d.show(("flow", g)) for g in f["group"]]
    f["group"] = f["group"].map(L.FLOW)
    return f


def instruments(res) -> pd.DataFrame:
    """Scales: instrument, items, reverse items, scoring, reliability used for the RCI."""
    from .effects import rci_reliability

    rows = []
    for inst in (res.sdq, res.ari):
        if inst is None:  # the study did not use this questionnaire
            continue
        for name, sc in inst.scales.items():
            rev = [i for i in sc.items if i in inst.reverse_items]
            rel, src = rci_reliability(inst, name, res.export.forms)
            rows.append(
                {
                    "instrument": L.INSTRUMENTS.get(inst.id, inst.id),
                    "scale": L.scale(name),
                    "items": ", ".join(map(str, sc.items)),
                    "reverse": ", ".join(map(str, rev)) or "–",
                    "scoring": _scoring(inst, name),
                    "reliability": num(rel),
                    "reliability_source": src,
                }
            )
        for name, spec in inst.composites.items():
            rel, src = rci_reliability(inst, name)
            rows.append(
                {
                    "instrument": L.INSTRUMENTS.get(inst.id, inst.id),
                    "scale": L.scale(name),
                    "items": " + ".join(L.scale(p) for p in spec["sum_of"]),
                    "reverse": "–",
                    "scoring": "som van de schalen (ontbreekt als één schaal ontbreekt)",
                    "reliability": num(rel),
                    "reliability_source": src if np.isfinite(rel) else "geen RCI",
                }
            )
    return pd.DataFrame(rows)


def _scoring(inst, name) -> str:
    k = len(inst.scales[name].items)
    if inst.scoring_method == "prorated_sum":
        return f"som 0-{k * inst.code_max}; bij ≥ {inst.min_items[name]} van {k} items: afgerond gemiddelde × {k}"
    if inst.scoring_method == "mean":
        return f"gemiddelde {inst.code_min}-{inst.code_max}; bij ≥ {inst.min_items[name]} van {k} items"
    return f"som; alle {k} items nodig"


def effects(res) -> pd.DataFrame:
    e = res.effects
    return pd.DataFrame(
        {
            "instrument": e["instrument"].map(L.INSTRUMENTS),
            "scale": e["scale"].map(L.scale),
            "n_pairs": [disclosure.of(res).show(("pairs", sc)) for sc in e["scale"]],
            "mean_pre": [f"{num(m)} ({num(s)})" for m, s in zip(e["mean_pre"], e["sd_pre"])],
            "mean_post": [f"{num(m)} ({num(s)})" for m, s in zip(e["mean_post"], e["sd_post"])],
            "mean_diff": e["mean_diff"].map(num),
            "t": [f"{num(t)} ({int(df)})" if np.isfinite(t) else "–" for t, df in zip(e["t"], e["df"])],
            "p_t": e["p_t"].map(pval),
            "p_t_holm": e["p_t_holm"].map(pval),
            "p_wilcoxon": e["p_wilcoxon"].map(pval),
            "p_wilcoxon_holm": e["p_wilcoxon_holm"].map(pval),
            "d_z": e["d_z"].map(num),
            "d_z_ci": [ci(a, b) for a, b in zip(e["d_z_ci_low"], e["d_z_ci_high"])],
            "g_av": e["g_av"].map(num),
            "g_av_ci": [ci(a, b) for a, b in zip(e["g_av_ci_low"], e["g_av_ci_high"])],
        }
    )


EFFECT_COLUMNS = {
    "instrument": "Vragenlijst",
    "scale": "Schaal",
    "n_pairs": "N paren",
    "mean_pre": "Begin: gem. (SD)",
    "mean_post": "Eind: gem. (SD)",
    "mean_diff": "Verschil",
    "t": "t (df)",
    "p_t": "p t-toets",
    "p_t_holm": "p Holm",
    "p_wilcoxon": "p Wilcoxon (exact)",
    "p_wilcoxon_holm": "p Holm (W)",
    "d_z": "d_z",
    "d_z_ci": "95%-BI d_z",
    "g_av": "g_av",
    "g_av_ci": "95%-BI g_av",
}


def reliability(res) -> pd.DataFrame:
    r = res.reliability
    d = disclosure.of(res)
    return pd.DataFrame(
        {
            "instrument": r["instrument"].map(L.INSTRUMENTS),
            "scale": r["scale"].map(L.scale),
            "k_items": r["k_items"],
            "n_complete": [d.show(("complete", i, sc)) for i, sc in zip(r["instrument"], r["scale"])],
            "alpha": r["alpha"].map(num),
            "alpha_ci": [ci(a, b) for a, b in zip(r["alpha_ci_low"], r["alpha_ci_high"])],
            "omega": r["omega"].map(lambda x: num(x) if np.isfinite(x) else "niet schatbaar"),
        }
    )


def missing(res) -> pd.DataFrame:
    m = res.missing.copy()
    d = disclosure.of(res)
    for col, key in (("forms", "forms"), ("scored", "scored"), ("missing_too_few_items", "missing")):
        m[col] = [
            d.show((key, i, w) if key == "forms" else (key, i, w, sc))
            for i, w, sc in zip(m["instrument"], m["wave"], m["scale"])
        ]
    m["instrument"] = m["instrument"].map(L.INSTRUMENTS)
    m["scale"] = m["scale"].map(L.scale)
    m["wave"] = m["wave"].map(L.WAVES)
    return m[["instrument", "wave", "scale", "forms", "scored", "missing_too_few_items"]]


def rci(res) -> pd.DataFrame:
    """Per scale: reliability, its source, the reliable-change threshold and counts per category."""
    from .effects import category_counts

    parts = []
    for ch in (res.sdq_change, res.ari_change):
        if ch.empty:
            continue
        counts = category_counts(ch)
        d = disclosure.of(res)
        for c in [c for c in counts.columns if c != "scale"]:
            counts[c] = [d.show(("rci", sc, c)) for sc in counts["scale"]]
        meta = (
            ch.groupby("scale", sort=False)
            .agg(
                instrument=("instrument", "first"),
                reliability=("reliability", "first"),
                reliability_source=("reliability_source", "first"),
                threshold=("reliable_threshold", "first"),
            )
            .reset_index()
        )
        parts.append(meta.merge(counts, on="scale"))
    out = pd.concat(parts, ignore_index=True)
    out["cutoff"] = out["scale"].map(res.extra.get("cutoff_basis", {})).fillna("–")
    out["instrument"] = out["instrument"].map(L.INSTRUMENTS)
    out["scale"] = out["scale"].map(L.scale)
    out["reliability"] = out["reliability"].map(num)
    out["threshold"] = out["threshold"].map(lambda x: num(x, 1))
    return out.rename(columns=L.RCI_CATEGORIES)


RCI_COUNTS = list(L.RCI_CATEGORIES.values())


def transitions(res) -> pd.DataFrame:
    t = res.transitions.copy()
    d = disclosure.of(res)
    t["n"] = [d.show(("tr", m, tr)) for m, tr in zip(t["measure"], t["transition"])]
    t["measure"] = [
        L.MEASURES[m] + (f" ({L.NORMS[n]})" if m == "sdq_total" else "") for m, n in zip(t["measure"], t["norm"])
    ]
    t["transition"] = t["transition"].map(L.TRANSITIONS)
    return t[["measure", "transition", "n"]]


def crosstab(res) -> pd.DataFrame:
    c = res.crosstab.copy()
    d = disclosure.of(res)
    cells = [("ct", bool(e), bool(h)) for e, h in zip(c["sdq_elevated"], c["ari_high"])]
    rows = [("ct_row", bool(e)) for e in c["sdq_elevated"]]
    c["pct_of_row"] = [
        "–" if d.hidden(a) or d.hidden(b) else num(x, 0) for x, a, b in zip(c["pct_of_row"], cells, rows)
    ]
    c["n"] = [d.show(k) for k in cells]
    c["n_row"] = [d.show(k) for k in rows]
    c["sdq_elevated"] = c["sdq_elevated"].map(L.YES_NO)
    c["ari_high"] = c["ari_high"].map(L.YES_NO)
    return c


def group_change(res) -> pd.DataFrame:
    g = res.group_change.copy()
    d = disclosure.of(res)
    keys = [(("gc", m, "n"), ("gc", m, "den")) for m in g["measure"]]
    g["pct"] = ["–" if d.hidden(a) or d.hidden(b) else num(x, 0) for x, (a, b) in zip(g["pct"], keys)]
    g["n"] = [d.show(a) for a, _ in keys]
    g["denominator"] = [d.show(b) for _, b in keys]
    g["measure"] = g["measure"].map(L.MEASURES)
    return g


def attrition(res) -> pd.DataFrame:
    a = res.attrition
    d = disclosure.of(res)
    return pd.DataFrame(
        {
            "instrument": a["instrument"].map(L.INSTRUMENTS),
            "scale": a["scale"].map(L.scale),
            "n_completers": [d.show(("attr_both", sc)) for sc in a["scale"]],
            "mean_completers": [f"{num(m)} ({num(s)})" for m, s in zip(a["mean_completers"], a["sd_completers"])],
            "n_baseline_only": [d.show(("attr_base", sc)) for sc in a["scale"]],
            "mean_baseline_only": [
                f"{num(m)} ({num(s)})" for m, s in zip(a["mean_baseline_only"], a["sd_baseline_only"])
            ],
            "difference": a["difference"].map(num),
            "hedges_g": a["hedges_g"].map(num),
            "p_mann_whitney": a["p_mann_whitney"].map(pval),
            # exact only without ties; with tied scores scipy's normal approximation (say which)
            "mw_method": a["mw_method"]
            .map({"exact": "exact", "asymptotic": "benadering (gelijke scores)"})
            .fillna("–"),
        }
    )


ATTRITION_COLUMNS = {
    "instrument": "Vragenlijst",
    "scale": "Schaal",
    "n_completers": "N beide metingen",
    "mean_completers": "Gem. (SD) beide metingen",
    "n_baseline_only": "N alleen begin",
    "mean_baseline_only": "Gem. (SD) alleen begin",
    "difference": "Verschil",
    "hedges_g": "Hedges' g",
    "p_mann_whitney": "p Mann-Whitney",
    "mw_method": "Methode p",
}


def published_check(
    figures: pd.DataFrame, quantities: dict | None = None, mapping: dict | None = None, decision=None
) -> pd.DataFrame:
    """Each published percentage: N used, verdict, whole count(s), and the demonstration data's value.

    ``mapping`` (figure_id -> (numerator key, denominator key) in ``quantities``) adds the
    percentage the data give and whether it matches the published one when rounded.
    ``decision`` (the page's :func:`.disclosure.of`) hides what the page hides elsewhere: a
    data percentage of a hidden count reads "<5 van de 9" and its match with the publication
    is not shown (it would give the count).  Whole counts derived from a published
    percentage are person counts too: below the threshold they read "<5" (the privacy policy).
    """
    from ..privacy import count_text

    chk = check_published(figures)
    out = pd.DataFrame(
        {
            "statement": chk["statement"],
            "denominator_label": chk["denominator_label"],
            "reading": chk["reading"].fillna("") if "reading" in chk else "",
            "percentage": chk["percentage"].map(lambda x: num(float(x), 0)),
            "n_used": chk["n_used"].map(lambda x: "–" if x is None or pd.isna(x) else count_text(int(x))),
            "status": chk["status"].map(L.STATUS),
            "count": [
                ", ".join(count_text(int(x)) for x in c.split(", ")) if s == "reproducible" and c else "–"
                for c, s in zip(chk["counts"], chk["status"])
            ],
            "reproduced_pct": chk["reproduced_pct"].map(lambda x: num(x, 1)),
            "nearest": [
                f"{int(b)} ({num(pb, 1)}%) en {int(a)} ({num(pa, 1)}%)" if s == "impossible" else "–"
                for b, pb, a, pa, s in zip(
                    chk["nearest_below"], chk["pct_below"], chk["nearest_above"], chk["pct_above"], chk["status"]
                )
            ],
            "source": chk["source"],
        }
    )
    if quantities is not None and mapping is not None:
        from ..privacy import decide

        if decision is None:  # no page decision: primary suppression of these counts alone
            decision = decide(quantities)
            key = lambda name: name  # noqa: E731
        else:
            key = disclosure.quantity_key
        data_pct, match = [], []
        for fid, pub in zip(chk["figure_id"], chk["percentage"]):
            if fid in mapping and all(q in quantities for q in mapping[fid]):  # ARI-CP parts: only with ARI-CP
                a, b = mapping[fid]
                p = 100 * quantities[a] / quantities[b] if quantities[b] else np.nan
                hidden = decision.hidden(key(a)) or decision.hidden(key(b))
                # a percentage of a hidden count (or its match with the publication) would reveal it
                data_pct.append(decision.share(key(a), key(b)) if hidden else num(p, 0))
                match.append(
                    "niet getoond" if hidden else "ja" if np.isfinite(p) and round(p) == round(float(pub)) else "nee"
                )
            else:
                data_pct.append("–")
                match.append("–")
        out["demo_pct"] = data_pct
        out["check"] = match
    return out


PUBLISHED_COLUMNS = {
    "statement": "Gepubliceerde uitspraak",
    "denominator_label": "Betrekking op",
    "reading": "Lezing",
    "percentage": "Gepubliceerd %",
    "n_used": "N (noemer)",
    "status": "Oordeel",
    "count": "Heel aantal",
    "reproduced_pct": "Gereproduceerd %",
    "nearest": "Dichtstbijzijnde hele aantallen",
    "demo_pct": "Data %",
    "check": "Data = publicatie",
    "source": "Bron",
}
