"""Agreement on valence and bootstrap intervals for α and κ (analysis.determinants.analyse)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.determinants import analyse


def _codings():
    rows = []
    # respondent, segment, determinant, valence by coder 1, valence by coder 2 (None = not coded)
    design = [
        ("r1", "s1", "knowledge", "bevorderend", "bevorderend"),
        ("r1", "s2", "knowledge", "belemmerend", "bevorderend"),
        ("r2", "s3", "knowledge", "belemmerend", "belemmerend"),
        ("r2", "s4", "complexity", "belemmerend", None),
        ("r3", "s5", "complexity", "bevorderend", "bevorderend"),
        ("r3", "s6", "knowledge", None, "neutraal"),
        ("r4", "s7", "complexity", "belemmerend", "belemmerend"),
    ]
    for resp, seg, det, v1, v2 in design:
        for coder, v in (("c1", v1), ("c2", v2)):
            if v:
                rows.append(
                    {
                        "respondent": resp,
                        "group": "gemeente",
                        "segment": seg,
                        "determinant": det,
                        "valence": v,
                        "coder": coder,
                    }
                )
    return pd.DataFrame(rows)


def test_valence_agreement_counts_only_fragments_both_coded_with_the_same_code():
    out = analyse.valence_agreement(_codings(), ("c1", "c2"))
    assert out["n_pairs"] == 5  # s1, s2, s3, s5, s7 (s4 and s6 coded by one coder only)
    assert out["agreement"] == pytest.approx(4 / 5)
    # nominal α for 5 pairs, one disagreement (bevorderend/belemmerend): 1 - D_o/D_e
    # values: bev 5x, bel 5x (n = 10); D_o = 2/10·… → α = 1 - (1/5) / (2·5·5/(10·9)) = 0.64
    assert out["alpha"] == pytest.approx(1 - (1 / 5) / (50 / 90), abs=1e-9)


def test_intervals_are_reproducible_contain_the_estimates_and_match_coder_agreement():
    codebook = pd.DataFrame(
        {
            "key": ["knowledge", "complexity"],
            "number": [17, 4],
            "label_nl": ["Kennis", "Complexiteit"],
            "category_label_nl": ["Gebruiker", "Innovatie"],
        }
    )
    per, overall = analyse.coder_agreement(_codings(), ("c1", "c2"), codebook)
    iv = analyse.agreement_intervals(_codings(), ("c1", "c2"), codebook, n_boot=300, seed=1)
    again = analyse.agreement_intervals(_codings(), ("c1", "c2"), codebook, n_boot=300, seed=1)
    pd.testing.assert_frame_equal(iv, again)
    alpha = iv.set_index("measure").loc["alpha"]
    assert alpha["estimate"] == pytest.approx(overall["alpha"])
    assert alpha["lower"] <= alpha["estimate"] <= alpha["upper"]
    kappa = iv[iv["measure"] == "kappa"].set_index("determinant")["estimate"]
    assert kappa.to_dict() == pytest.approx(per.set_index("determinant")["kappa"].to_dict())
    assert set(iv["measure"]) == {"alpha", "valence_alpha", "kappa"}
    assert (iv["n_boot_used"] <= 300).all()


def test_alpha_from_counts_is_krippendorffs_nominal_alpha():
    """The bootstrap's α from counts equals the krippendorff package's nominal α on the same two
    coders' values (random data, two to four categories), and is undefined where that is."""
    import krippendorff
    import numpy as np

    rng = np.random.default_rng(7)
    for _ in range(200):
        n, k = int(rng.integers(2, 40)), int(rng.integers(2, 5))
        data = rng.integers(0, k, size=(2, n))
        if len(np.unique(data)) < 2:
            continue
        expected = krippendorff.alpha(reliability_data=data.astype(float), level_of_measurement="nominal")
        counts = np.bincount(data.ravel(), minlength=k)[None, :]
        got = analyse.alpha_from_counts([n], [(data[0] != data[1]).sum()], counts)
        assert got[0] == pytest.approx(expected, abs=1e-12)
    # one category only, or a single unit: no α
    assert np.isnan(analyse.alpha_from_counts([3], [0], [[6, 0]])[0])
    assert np.isnan(analyse.alpha_from_counts([1], [1], [[1, 1]])[0])
    # hand-checked: 5 pairs, one disagreement, 5 × bevorderend and 5 × belemmerend (as above)
    assert analyse.alpha_from_counts([5], [1], [[5, 5]])[0] == pytest.approx(1 - (1 / 5) / (50 / 90), abs=1e-12)
