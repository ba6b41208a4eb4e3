"""Effect sizes, exact Wilcoxon, RCI and group tables against hand computation."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.questionnaires import effects

PRE = np.array([10, 12, 9, 15, 11.0])
POST = np.array([8, 11, 9, 12, 7.0])


def scores_frame(pre, post, scale="x"):
    ids = [f"R{i}" for i in range(len(pre))]
    return pd.DataFrame(
        {"respondent_id": ids * 2, "wave": ["t0"] * len(ids) + ["t1"] * len(ids), scale: np.r_[pre, post]}
    )


def test_dz_and_gav_hand_computed():
    # diff = -2,-1,0,-3,-4: mean -2, SD sqrt(10/4) = 1.5811388 -> d_z = -1.2649111
    # SD pre = sqrt(21.2/4) = 2.3021729, SD post = sqrt(17.2/4) = 2.0736441, mean SD 2.1879085
    # d_av = -2 / 2.1879085 = -0.9141150; J = 1 - 3/(8*5 - 9) = 28/31 -> g_av = -0.8256523
    out = effects.paired_effects(scores_frame(PRE, POST), ["x"]).iloc[0]
    assert out["n_pairs"] == 5 and out["mean_diff"] == -2
    assert out["d_z"] == pytest.approx(-1.2649111, abs=1e-6)
    assert out["g_av"] == pytest.approx(-0.9141150 * 28 / 31, abs=1e-6)
    # pingouin's paired Cohen d uses the root-mean-square SD: -2 / sqrt((5.3 + 4.3) / 2)
    import pingouin as pg

    assert pg.compute_effsize(POST, PRE, paired=True, eftype="cohen") == pytest.approx(-2 / np.sqrt(4.8), abs=1e-9)
    t = stats.ttest_rel(POST, PRE)
    assert out["t"] == pytest.approx(t.statistic) and out["p_t"] == pytest.approx(t.pvalue)


def test_dz_ci_against_grid_inversion():
    dz, n = -1.2649111, 5
    lo, hi = effects.dz_ci(dz, n)
    t_obs = dz * np.sqrt(n)
    grid = np.linspace(-8, 4, 120001)
    p_upper = stats.nct.sf(t_obs, n - 1, grid)  # P(T > t_obs | ncp)
    inside = grid[(p_upper > 0.025) & (p_upper < 0.975)] / np.sqrt(n)
    assert lo == pytest.approx(inside.min(), abs=1e-3) and hi == pytest.approx(inside.max(), abs=1e-3)
    assert lo < dz < hi


def test_gav_ci_formula():
    g, lo, hi = effects.g_av(PRE, POST)
    r = np.corrcoef(PRE, POST)[0, 1]
    d = -2 / ((np.std(PRE, ddof=1) + np.std(POST, ddof=1)) / 2)
    se = (28 / 31) * np.sqrt((1 / 5 + d**2 / 10) * 2 * (1 - r))
    assert (lo, hi) == (pytest.approx(g - 1.959964 * se, abs=1e-5), pytest.approx(g + 1.959964 * se, abs=1e-5))


def test_wilcoxon_exact_without_ties_matches_scipy():
    d = np.array([-5.0, -3, 1, -8, -2, -6, 4, -7])
    w, p, method = effects.wilcoxon_exact(d)
    ref = stats.wilcoxon(d, method="exact")
    assert method == "exact" and p == pytest.approx(ref.pvalue, abs=1e-12)


def test_wilcoxon_exact_by_hand():
    # ranks 2,3,1; W+ = 5; the 8 sign patterns give 0,1,2,3,3,4,5,6; |W - 3| >= 2 in 4 of 8
    assert effects.wilcoxon_exact(np.array([2.0, 3, -1]))[:2] == (5.0, 0.5)
    # ties: |d| = 1,1,2,3 -> mid-ranks 1.5,1.5,3,4; W+ = 0; only 0 and 10 as extreme -> 2/16
    assert effects.wilcoxon_exact(np.array([-1.0, -1, -2, -3]))[:2] == (0.0, 0.125)
    # zeros are dropped
    assert effects.wilcoxon_exact(np.array([0.0, 2, 3, -1]))[1] == 0.5


def test_wilcoxon_exact_counts_the_same_distribution_as_listing_every_sign_pattern():
    """The p-value from the counted distribution equals the mean over all 2^n listed sign patterns
    (bit for bit), with ties, mid-ranks and zeros."""
    import itertools

    rng = np.random.default_rng(7)
    for n in [1, 2, 5, 9, 12, 12, 13]:
        for d in (rng.integers(-3, 4, n) / 2, rng.normal(size=n)):
            nz = d[d != 0]
            ranks = stats.rankdata(np.abs(nz))
            w_plus = float(ranks[nz > 0].sum())
            dist = np.array(list(itertools.product([0, 1], repeat=len(nz))), dtype=float) @ ranks
            listed = np.abs(dist - ranks.sum() / 2) >= abs(w_plus - ranks.sum() / 2) - 1e-9
            expected = (w_plus, float(listed.mean()) if len(nz) else 1.0, "exact")
            assert effects.wilcoxon_exact(d) == expected, d


def test_holm_across_scales():
    f = scores_frame(PRE, POST, "a").merge(scores_frame(PRE, PRE + 0.5 * np.array([1, -1, 1, -1, 2]), "b"))
    out = effects.paired_effects(f, ["a", "b"]).set_index("scale")
    p = out["p_t"].sort_values()
    assert out.loc[p.index[0], "p_t_holm"] == pytest.approx(min(1, 2 * p.iloc[0]))
    assert out.loc[p.index[1], "p_t_holm"] == pytest.approx(max(min(1, 2 * p.iloc[0]), p.iloc[1]))


def test_rci_worked_example():
    # SD_pre 6.5, r 0.77: SE = 6.5 * sqrt(0.23) = 3.1172906; S_diff = sqrt(2) * SE = 4.4085145
    # pre 20 -> post 10: RCI = -10 / 4.4085145 = -2.2683; threshold 1.96 * S_diff = 8.6406 points
    rc = effects.reliable_change(
        [20, 20, 10, 12],
        [10, 15, 20, 12],
        0.77,
        sd_pre=6.5,
        elevated_pre=[True, True, False, False],
        elevated_post=[False, True, True, False],
    )
    assert rc["s_diff"].iloc[0] == pytest.approx(4.4085145, abs=1e-6)
    assert rc["rci"].tolist() == pytest.approx([-2.26834, -1.13417, 2.26834, 0.0], abs=1e-4)
    assert rc["reliable_threshold"].iloc[0] == pytest.approx(8.64055, abs=1e-4)
    assert rc["category"].tolist() == ["recovered", "unchanged", "deteriorated", "unchanged"]
    # without cut-off information a reliable improvement is "improved"
    assert effects.reliable_change([20], [10], 0.77, sd_pre=6.5)["category"].tolist() == ["improved"]
    # higher is better (prosocial): +10 is an improvement
    assert effects.reliable_change([2], [12], 0.77, sd_pre=6.5, problem=False)["category"].tolist() == ["improved"]


def test_transitions_and_crosstab():
    s = pd.DataFrame({"respondent_id": ["A", "B", "C", "A", "B", "C"], "wave": ["t0"] * 3 + ["t1"] * 3})
    flag = pd.Series([True, True, False, False, True, True], dtype="boolean")
    t = effects.transitions(flag, s).set_index("transition")["n"]
    assert t.to_dict() == {"elevated->normal": 1, "elevated->elevated": 1, "normal->elevated": 1, "normal->normal": 0}
    ari = pd.Series([True, False, False, True, True, False], dtype="boolean")
    ct = effects.baseline_crosstab(flag, ari, s, ["A", "B", "C"]).set_index(["sdq_elevated", "ari_high"])
    assert ct.loc[(True, True), "n"] == 1 and ct.loc[(True, True), "pct_of_row"] == 50
    assert ct.loc[(False, False), "n"] == 1 and ct.loc[(False, False), "pct_of_row"] == 100


def test_attrition_compares_baseline_only_with_completers():
    s = pd.DataFrame(
        {
            "respondent_id": ["A", "B", "C", "D", "A", "B"],
            "wave": ["t0"] * 4 + ["t1"] * 2,
            "x": [10.0, 14, 20, 24, 8, 12],
        }
    )
    a = effects.attrition(s, ["x"]).iloc[0]
    assert (a["n_completers"], a["mean_completers"], a["n_baseline_only"], a["mean_baseline_only"]) == (2, 12, 2, 22)
    assert a["difference"] == 10
    sp = np.sqrt((8 + 8) / 2)  # both groups have variance 8
    assert a["hedges_g"] == pytest.approx((1 - 3 / (4 * 4 - 9)) * 10 / sp)


def test_holm_matches_statsmodels_and_skips_missing():
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.01, 0.04, 0.03, 0.2, 0.005, 0.04])
    assert effects.holm(p) == pytest.approx(multipletests(p, method="holm")[1])
    out = effects.holm(np.array([0.01, np.nan, 0.02]))
    assert np.isnan(out[1]) and out[[0, 2]] == pytest.approx([0.02, 0.02])
    assert np.isnan(effects.holm(np.array([np.nan, np.nan]))).all()


def _holm_step_down(p):
    """The hand-written step-down formula the project used before pingouin.multicomp."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = len(ok)
    order = ok[np.argsort(p[ok], kind="stable")]
    out[order] = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    return out


def test_holm_via_pingouin_equals_the_previous_results():
    """Identical to the former implementation: on ties, missing values, p near 1, and 500 random families."""
    cases = [
        np.array([0.01, 0.01, 0.03]),
        np.array([0.5, 0.9, 0.7, np.nan]),
        np.array([0.04]),
        np.array([1e-6, 0.2, 0.2, 0.2, 0.9]),
    ]
    rng = np.random.default_rng(20240615)
    for _ in range(500):
        p = rng.random(rng.integers(1, 12)) ** 3
        p[rng.random(len(p)) < 0.15] = np.nan
        cases.append(p)
    for p in cases:
        if np.isfinite(p).any():
            np.testing.assert_allclose(effects.holm(p), _holm_step_down(p), rtol=0, atol=1e-15)
