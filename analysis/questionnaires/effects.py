"""Effects in paired pre/post questionnaire data, as tidy frames.

All functions take the wide score frame of :func:`.score.score_forms`
(one row per respondent x wave) and return one row per scale or per respondent.

Methods and sources
-------------------
* Paired t-test and exact Wilcoxon signed-rank test.  The Wilcoxon p-value is
  computed from the full permutation distribution of the signed ranks (all 2^n
  sign patterns, counted by their sum; zero differences dropped, tied absolute differences get mid-ranks),
  which is exact also with ties -- relevant at n = 14 where scipy's exact method
  assumes no ties.  For n > 20 the normal approximation (scipy) is used and stated.
* Cohen's d_z = mean difference / SD of the differences; its 95% CI by inverting the
  noncentral t distribution (t = d_z * sqrt(n), df = n - 1).  Lakens (2013),
  Front Psychol 4:863, doi 10.3389/fpsyg.2013.00863.
* Hedges' g_av = d_av * (1 - 3 / (8n - 9)), d_av = mean difference / mean of the two
  SDs (Lakens 2013, eq. 10 and the correction below it).  95% CI from the large-sample
  variance of a standardised mean change (Borenstein et al. 2009, Introduction to
  Meta-Analysis, eq. 4.28: V = (1/n + d^2 / (2n)) * 2(1 - r)), times J^2.
* Holm (1979) adjustment across the scales reported together (pingouin.multicomp).
* Reliable Change Index (Jacobson & Truax 1991, J Consult Clin Psychol 59:12-19):
  RCI = (post - pre) / S_diff, S_diff = sqrt(2) * SD_pre * sqrt(1 - r_xx), |RCI| > 1.96
  is reliable change.  SD_pre = SD of the baseline scores of the paired sample; r_xx =
  the reliability named per scale (published alpha from the instrument file, else the
  sample's Cronbach's alpha at baseline -- the frame says which).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .instruments import Instrument

# scipy is imported in the functions that use it: the build's data step imports this module (through
# the questionnaires' validator) without testing anything, and scipy.stats costs 1.5 s CPU to import

Z = 1.959963984540054


# ------------------------------------------------------------------ pairing


def paired(scores: pd.DataFrame, scale: str, pre: str = "t0", post: str = "t1") -> pd.DataFrame:
    """Respondents with a score at both waves: columns respondent_id, pre, post, diff."""
    w = scores.pivot(index="respondent_id", columns="wave", values=scale)
    if pre not in w or post not in w:
        return pd.DataFrame(columns=["respondent_id", "pre", "post", "diff"])
    d = w[[pre, post]].dropna().rename(columns={pre: "pre", post: "post"}).reset_index()
    d.columns.name = None
    d["diff"] = d["post"] - d["pre"]
    return d


# ------------------------------------------------------------------ tests


def wilcoxon_exact(diff: np.ndarray) -> tuple[float, float, str]:
    """Two-sided Wilcoxon signed-rank test.  Returns (W+, p, method).

    Exact permutation distribution over all sign patterns (n <= 20 non-zero
    differences); normal approximation (scipy) above that.  p = 1 when all
    differences are zero.
    """
    from scipy import stats

    d = np.asarray(diff, dtype=float)
    d = d[d != 0]
    n = len(d)
    if n == 0:
        return 0.0, 1.0, "exact"
    ranks = stats.rankdata(np.abs(d))
    w_plus = float(ranks[d > 0].sum())
    if n > 20:
        res = stats.wilcoxon(d, method="approx")
        return w_plus, float(res.pvalue), "normal approximation"
    # the 2^n sign patterns counted by their sum (a subset-sum count over the doubled ranks, which
    # are whole numbers also with mid-ranks), instead of listing the patterns one by one
    doubled = np.rint(2 * ranks).astype(np.int64)
    counts = np.zeros(int(doubled.sum()) + 1, dtype=np.int64)
    counts[0] = 1
    for r in doubled:
        counts[r:] = counts[r:] + counts[:-r]  # each pattern without rank r, and with it
    dist = np.arange(len(counts)) / 2  # W+ of the patterns counted in counts
    mean = ranks.sum() / 2
    extreme = np.abs(dist - mean) >= abs(w_plus - mean) - 1e-9
    return w_plus, int(counts[extreme].sum()) / 2**n, "exact"


def dz_ci(dz: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """CI for Cohen's d_z by inverting the noncentral t (df = n - 1, ncp = d_z sqrt(n))."""
    from scipy import optimize, stats

    if n < 3 or not np.isfinite(dz):
        return np.nan, np.nan
    t_obs, df, a = dz * np.sqrt(n), n - 1, (1 - level) / 2

    def solve(target):
        f = lambda ncp: stats.nct.sf(t_obs, df, ncp) - target  # noqa: E731 - P(T > t | ncp) rises with ncp
        lo, hi = t_obs - 50, t_obs + 50
        return optimize.brentq(f, lo, hi)

    return solve(a) / np.sqrt(n), solve(1 - a) / np.sqrt(n)


def g_av(pre: np.ndarray, post: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Hedges' g_av with approximate CI (see module docstring).  Returns (g, lo, hi)."""
    from scipy import stats

    pre, post = np.asarray(pre, float), np.asarray(post, float)
    n = len(pre)
    sd_av = (pre.std(ddof=1) + post.std(ddof=1)) / 2
    if n < 3 or sd_av == 0:
        return np.nan, np.nan, np.nan
    d_av = (post.mean() - pre.mean()) / sd_av
    j = 1 - 3 / (8 * n - 9)
    r = np.corrcoef(pre, post)[0, 1] if pre.std() > 0 and post.std() > 0 else 0.0
    var_d = (1 / n + d_av**2 / (2 * n)) * 2 * (1 - r)
    se = j * np.sqrt(var_d)
    z = stats.norm.ppf(1 - (1 - level) / 2)
    g = j * d_av
    return g, g - z * se, g + z * se


def paired_effects(
    scores: pd.DataFrame, scales: list[str], instrument: str = "", pre: str = "t0", post: str = "t1"
) -> pd.DataFrame:
    """One row per scale: n pairs, means/SDs, paired t, exact Wilcoxon, d_z and g_av (95% CI).

    ``p_t_holm`` and ``p_wilcoxon_holm`` are Holm-adjusted across the scales in this call.
    Differences are post - pre: negative = fewer problems on problem scales.
    """
    from scipy import stats

    rows = []
    for scale in scales:
        d = paired(scores, scale, pre, post)
        n = len(d)
        row = {
            "instrument": instrument,
            "scale": scale,
            "n_pairs": n,
            "mean_pre": d["pre"].mean(),
            "sd_pre": d["pre"].std(ddof=1),
            "mean_post": d["post"].mean(),
            "sd_post": d["post"].std(ddof=1),
            "mean_diff": d["diff"].mean(),
            "sd_diff": d["diff"].std(ddof=1),
        }
        if n >= 3 and row["sd_diff"] > 0:
            t = stats.ttest_rel(d["post"], d["pre"])
            row.update(t=float(t.statistic), df=n - 1, p_t=float(t.pvalue))
            row["d_z"] = row["mean_diff"] / row["sd_diff"]
            row["d_z_ci_low"], row["d_z_ci_high"] = dz_ci(row["d_z"], n)
        else:
            row.update(t=np.nan, df=n - 1, p_t=np.nan, d_z=np.nan, d_z_ci_low=np.nan, d_z_ci_high=np.nan)
        w, p, method = wilcoxon_exact(d["diff"].to_numpy()) if n else (np.nan, np.nan, "")
        row.update(wilcoxon_w_plus=w, p_wilcoxon=p, wilcoxon_method=method)
        row["g_av"], row["g_av_ci_low"], row["g_av_ci_high"] = g_av(d["pre"], d["post"]) if n >= 3 else (np.nan,) * 3
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in ("p_t", "p_wilcoxon"):
        out[f"{col}_holm"] = holm(out[col].to_numpy(float))
    return out


def holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values; NaN entries are left out of the family.

    ``pingouin.multicomp(p, method="holm")``: the same numbers as the step-down formula
    and as statsmodels' ``multipletests`` (tested), without statsmodels' per-call overhead.
    """
    import pingouin

    p = np.asarray(p, dtype=float)
    if not np.isfinite(p).any():
        return np.full(p.shape, np.nan)
    return np.asarray(pingouin.multicomp(p, method="holm")[1], dtype=float)


# ------------------------------------------------------------------ individual change

RCI_CATEGORIES = ["recovered", "improved", "unchanged", "deteriorated"]


def rci_reliability(inst: Instrument, scale: str, forms: pd.DataFrame | None = None) -> tuple[float, str]:
    """Reliability for the RCI of ``scale`` and where it comes from."""
    spec = inst.rci_reliability.get(scale)
    if spec:
        return float(spec["alpha"]), str(spec["source"])
    if forms is not None and scale in inst.scales:
        from .score import cronbach_alpha, scored_items

        base = forms[forms["wave"] == "t0"]
        cols = [inst.item_column(i) for i in inst.scales[scale].items]
        a = cronbach_alpha(scored_items(base, inst)[cols])[0]
        return a, "Cronbach's alfa in deze steekproef (voormeting)"
    return np.nan, "geen betrouwbaarheid beschikbaar"


def reliable_change(
    pre: np.ndarray,
    post: np.ndarray,
    reliability: float,
    sd_pre: float | None = None,
    problem: bool = True,
    elevated_pre=None,
    elevated_post=None,
) -> pd.DataFrame:
    """Jacobson & Truax RCI per respondent and its category.

    ``problem=True``: a higher score is worse, so improvement is RCI < -1.96.
    ``recovered`` = reliable improvement *and* elevated at pre but not at post
    (needs ``elevated_pre``/``elevated_post``; otherwise only improved/unchanged/deteriorated).
    """
    pre, post = np.asarray(pre, float), np.asarray(post, float)
    sd = float(np.std(pre, ddof=1)) if sd_pre is None else float(sd_pre)
    s_diff = np.sqrt(2) * sd * np.sqrt(1 - reliability)
    rci = (post - pre) / s_diff
    better = -rci if problem else rci
    cat = np.where(better > Z, "improved", np.where(better < -Z, "deteriorated", "unchanged")).astype(object)
    if elevated_pre is not None and elevated_post is not None:
        ep = pd.array(elevated_pre, dtype="boolean").fillna(False).to_numpy(bool)
        eq = pd.array(elevated_post, dtype="boolean").fillna(True).to_numpy(bool)
        cat[(cat == "improved") & ep & ~eq] = "recovered"
    return pd.DataFrame(
        {
            "pre": pre,
            "post": post,
            "diff": post - pre,
            "s_diff": s_diff,
            "reliable_threshold": Z * s_diff,
            "rci": rci,
            "category": cat,
        }
    )


def individual_change(
    scores: pd.DataFrame,
    inst: Instrument,
    scales: list[str],
    forms: pd.DataFrame | None = None,
    elevation: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """RCI and category per respondent x scale, with the reliability used and its source.

    ``elevation`` maps a scale to a boolean Series aligned with ``scores`` (elevated by the
    chosen norm); with it, reliable improvers who cross from elevated to not elevated are
    ``recovered``.
    """
    parts = []
    for scale in scales:
        d = paired(scores, scale)
        if d.empty:
            continue
        rel, src = rci_reliability(inst, scale, forms)
        if not np.isfinite(rel):
            continue
        ep = eq = None
        if elevation is not None and scale in elevation:
            flag = pd.DataFrame(
                {"respondent_id": scores["respondent_id"], "wave": scores["wave"], "flag": elevation[scale]}
            ).pivot(index="respondent_id", columns="wave", values="flag")
            ep = flag.reindex(d["respondent_id"])["t0"].to_numpy()
            eq = flag.reindex(d["respondent_id"])["t1"].to_numpy()
        rc = reliable_change(
            d["pre"], d["post"], rel, problem=inst.is_problem_scale(scale), elevated_pre=ep, elevated_post=eq
        )
        rc.insert(0, "respondent_id", d["respondent_id"].to_numpy())
        rc.insert(0, "scale", scale)
        rc.insert(0, "instrument", inst.id)
        rc["reliability"] = rel
        rc["reliability_source"] = src
        if ep is not None:
            rc["elevated_pre"] = pd.array(ep, dtype="boolean")
            rc["elevated_post"] = pd.array(eq, dtype="boolean")
        parts.append(rc)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def category_counts(change: pd.DataFrame) -> pd.DataFrame:
    """Counts per scale and RCI category (all four categories, zeros included)."""
    tab = pd.crosstab(change["scale"], pd.Categorical(change["category"], RCI_CATEGORIES), dropna=False)
    tab = tab.reindex(columns=RCI_CATEGORIES, fill_value=0)
    tab.columns = list(tab.columns)
    order = list(dict.fromkeys(change["scale"]))
    return tab.reindex(order).reset_index().rename(columns={"index": "scale", "row_0": "scale"})


def transitions(flag: pd.Series, scores: pd.DataFrame) -> pd.DataFrame:
    """Cut-off transitions between t0 and t1 (paired respondents with both flags known).

    Returns one row per transition ``elevated->normal``, ``elevated->elevated``,
    ``normal->elevated``, ``normal->normal`` with its count.
    """
    w = (
        pd.DataFrame({"respondent_id": scores["respondent_id"], "wave": scores["wave"], "flag": flag})
        .pivot(index="respondent_id", columns="wave", values="flag")
        .dropna()
    )
    names = {
        (True, False): "elevated->normal",
        (True, True): "elevated->elevated",
        (False, True): "normal->elevated",
        (False, False): "normal->normal",
    }
    keys = [names[(bool(a), bool(b))] for a, b in zip(w["t0"], w["t1"])]
    counts = pd.Series(keys, dtype="object").value_counts()
    return pd.DataFrame({"transition": list(names.values()), "n": [int(counts.get(k, 0)) for k in names.values()]})


# ------------------------------------------------------------------ attrition and flow


def response_flow(respondents: pd.DataFrame, forms: pd.DataFrame) -> pd.DataFrame:
    """Counts: respondents, both waves, baseline only, no questionnaire."""
    waves = forms.groupby("respondent_id")["wave"].agg(set)
    status = respondents["respondent_id"].map(
        lambda r: (
            "both"
            if waves.get(r, set()) >= {"t0", "t1"}
            else ("baseline_only" if "t0" in waves.get(r, set()) else "none")
        )
    )
    c = status.value_counts()
    return pd.DataFrame(
        {
            "group": ["all", "both", "baseline_only", "none"],
            "n": [len(respondents), int(c.get("both", 0)), int(c.get("baseline_only", 0)), int(c.get("none", 0))],
        }
    )


def completion_status(forms: pd.DataFrame) -> pd.Series:
    """Per respondent with a baseline form: 'both' or 'baseline_only'."""
    waves = forms.groupby("respondent_id")["wave"].agg(set)
    return waves.map(lambda s: "both" if {"t0", "t1"} <= s else "baseline_only")


def attrition(scores: pd.DataFrame, scales: list[str], instrument: str = "") -> pd.DataFrame:
    """Baseline scores of completers vs baseline-only respondents, per scale.

    n, mean and SD per group, the difference (baseline-only minus completers),
    Hedges' g (pooled SD, small-sample corrected) and a Mann-Whitney U p-value (exact without
    ties, otherwise the normal approximation; ``mw_method`` says which)
    (scipy; exact when there are no ties, else asymptotic -- stated in ``mw_method``).
    """
    from scipy import stats

    status = completion_status(scores)
    base = scores[scores["wave"] == "t0"].assign(status=lambda f: f["respondent_id"].map(status))
    rows = []
    for scale in scales:
        a = base.loc[base["status"] == "both", scale].dropna().to_numpy(float)
        b = base.loc[base["status"] == "baseline_only", scale].dropna().to_numpy(float)
        row = {
            "instrument": instrument,
            "scale": scale,
            "n_completers": len(a),
            "mean_completers": a.mean() if len(a) else np.nan,
            "sd_completers": a.std(ddof=1) if len(a) > 1 else np.nan,
            "n_baseline_only": len(b),
            "mean_baseline_only": b.mean() if len(b) else np.nan,
            "sd_baseline_only": b.std(ddof=1) if len(b) > 1 else np.nan,
        }
        row["difference"] = row["mean_baseline_only"] - row["mean_completers"]
        if len(a) > 1 and len(b) > 1:
            sp = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
            j = 1 - 3 / (4 * (len(a) + len(b)) - 9)
            row["hedges_g"] = j * row["difference"] / sp if sp > 0 else np.nan
            ties = len(np.unique(np.r_[a, b])) < len(a) + len(b)
            method = "asymptotic" if ties else "exact"
            row["p_mann_whitney"] = float(stats.mannwhitneyu(b, a, method=method).pvalue)
            row["mw_method"] = method
        else:
            row.update(hedges_g=np.nan, p_mann_whitney=np.nan, mw_method="")
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ cross-tables


def baseline_crosstab(
    sdq_elevated: pd.Series, ari_high: pd.Series, scores: pd.DataFrame, respondents_ids
) -> pd.DataFrame:
    """Elevated SDQ total (yes/no) x high disorganised ARI-CP (yes/no) at t0, for ``respondents_ids``.

    One row per cell with count ``n`` and row percentage ``pct_of_row`` (percentage of the
    SDQ group) -- the shape of the published figures.
    """
    f = pd.DataFrame(
        {"respondent_id": scores["respondent_id"], "wave": scores["wave"], "sdq": sdq_elevated, "ari": ari_high}
    )
    f = f[(f["wave"] == "t0") & f["respondent_id"].isin(set(respondents_ids))].dropna(subset=["sdq", "ari"])
    rows = []
    for sdq in (True, False):
        grp = f[f["sdq"] == sdq]
        for ari in (True, False):
            n = int((grp["ari"] == ari).sum())
            rows.append(
                {
                    "sdq_elevated": sdq,
                    "ari_high": ari,
                    "n": n,
                    "n_row": len(grp),
                    "pct_of_row": 100 * n / len(grp) if len(grp) else np.nan,
                }
            )
    return pd.DataFrame(rows)


def change_in_groups(
    sdq_change: pd.DataFrame, ari_flag: pd.Series, scores: pd.DataFrame, sdq_elevated: pd.Series
) -> pd.DataFrame:
    """Change among the completers with an elevated SDQ total at t0.

    Rows: reliable improvement in SDQ total difficulties among the elevated; high
    disorganised at t0 among the elevated; of those, no longer high at t1.  Each with
    numerator, denominator and percentage.
    """

    def at(flag, wave):
        s = pd.DataFrame({"respondent_id": scores["respondent_id"], "wave": scores["wave"], "f": flag})
        return s[s["wave"] == wave].set_index("respondent_id")["f"]

    completers = set(sdq_change["respondent_id"])
    el0 = at(sdq_elevated, "t0")
    elevated_ids = [r for r in el0.index if r in completers and pd.notna(el0[r]) and bool(el0[r])]
    improved = sdq_change.set_index("respondent_id")["category"].isin(["improved", "recovered"])
    hi0, hi1 = at(ari_flag, "t0"), at(ari_flag, "t1")
    high_ids = [r for r in elevated_ids if pd.notna(hi0.get(r)) and bool(hi0.get(r))]
    no_longer = [r for r in high_ids if r in hi1.index and pd.notna(hi1[r]) and not bool(hi1[r])]
    n_improved = int(improved.reindex(elevated_ids).fillna(False).sum())
    rows = [
        {"measure": "sdq_reliable_improvement_among_elevated", "n": n_improved, "denominator": len(elevated_ids)},
        {"measure": "ari_high_among_elevated", "n": len(high_ids), "denominator": len(elevated_ids)},
        {"measure": "ari_no_longer_high_among_high", "n": len(no_longer), "denominator": len(high_ids)},
    ]
    out = pd.DataFrame(rows)
    out["pct"] = 100 * out["n"] / out["denominator"].where(out["denominator"] > 0)
    return out
