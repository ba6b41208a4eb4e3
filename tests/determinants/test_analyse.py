import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.determinants import analyse
from analysis.determinants.frameworks import load_codebook

ROOT = Path(__file__).resolve().parents[2]
CB = load_codebook("midi")


@pytest.fixture
def small():
    # 5 respondents: 3 gemeente, 2 zorgaanbieder (R05 never mentions anything).
    resp = pd.DataFrame(
        {
            "respondent": ["R01", "R02", "R03", "R04", "R05"],
            "group": ["gemeente", "gemeente", "gemeente", "zorgaanbieder", "zorgaanbieder"],
        }
    )
    rows = [
        ("R01", "gemeente", "a1", "knowledge", "belemmerend", "A"),
        ("R01", "gemeente", "a2", "knowledge", "belemmerend", "A"),  # same respondent again: counts once
        ("R01", "gemeente", "a3", "knowledge", "bevorderend", "A"),  # and both directions
        ("R02", "gemeente", "b1", "knowledge", "belemmerend", "A"),
        ("R03", "gemeente", "c1", "knowledge", "neutraal", "A"),
        ("R04", "zorgaanbieder", "d1", "knowledge", "bevorderend", "A"),
        ("R04", "zorgaanbieder", "d2", "coordinator", "neutraal", "A"),
        ("R04", "zorgaanbieder", "d2", "coordinator", "belemmerend", "B"),  # second coder ignored with coder="A"
    ]
    cod = pd.DataFrame(rows, columns=["respondent", "group", "segment", "determinant", "valence", "coder"])
    return cod, resp


def test_respondent_level_counts(small):
    cod, resp = small
    c = analyse.respondent_counts(cod, resp, CB, coder="A").set_index(["group", "determinant"])
    k = c.loc[("totaal", "knowledge")]
    assert (k["N"], k["n_mentioned"], k["n_facilitating"], k["n_hindering"], k["n_neutral"]) == (5, 4, 2, 2, 1)
    assert k["share_mentioned"] == pytest.approx(0.8)
    g = c.loc[("gemeente", "knowledge")]
    assert (g["N"], g["n_mentioned"], g["n_facilitating"], g["n_hindering"]) == (3, 3, 1, 2)
    z = c.loc[("zorgaanbieder", "coordinator")]
    assert (z["N"], z["n_mentioned"], z["n_neutral"], z["n_hindering"]) == (2, 1, 1, 0)
    assert c.loc[("totaal", "correctness"), "n_mentioned"] == 0  # every determinant present
    assert len(c) == 29 * 3


def test_classification_rule():
    rule = analyse.ClassificationRule()  # 2/3, min 3
    assert rule.classify_one(3, 3, 0) == "bevorderend"
    assert rule.classify_one(3, 2, 1) == "gemengd"  # 1/3 hindering is not < 1/3
    assert rule.classify_one(6, 4, 1) == "bevorderend"
    assert rule.classify_one(6, 1, 4) == "belemmerend"
    assert rule.classify_one(4, 3, 3) == "gemengd"
    assert rule.classify_one(4, 0, 0) == "neutraal"
    assert rule.classify_one(2, 2, 0) == "onvoldoende"
    strict = analyse.ClassificationRule(dominance=0.9, min_mentioned=1)
    assert strict.classify_one(10, 8, 0) == "gemengd" and strict.classify_one(1, 1, 0) == "bevorderend"
    assert "90%" in strict.describe() and "10%" in strict.describe()
    with pytest.raises(ValueError):
        analyse.ClassificationRule(dominance=0.5)


def test_classify_and_category_summary(small):
    cod, resp = small
    cl = analyse.classify(analyse.respondent_counts(cod, resp, CB, coder="A"))
    row = cl[(cl.group == "totaal") & (cl.determinant == "knowledge")].iloc[0]
    assert row["classification"] == "gemengd" and row["classification_label"] == "Gemengd"
    cs = analyse.category_summary(cod, resp, cl, CB, coder="A").set_index(["group", "category"])
    assert cs.loc[("totaal", "user"), "n_mentioned"] == 4
    assert cs.loc[("totaal", "organisation"), "n_mentioned"] == 1
    assert cs.loc[("gemeente", "user"), "n_hindering"] == 2
    assert cs.loc[("totaal", "user"), "determinants_gemengd"] == 1


def test_cohens_kappa_and_krippendorff_alpha_hand_checked():
    # 10 units; coder A codes X on units 1-4, coder B on 1-3 and 5.
    # 2x2: both 3, A only 1, B only 1, neither 5 -> po = .8, pe = .4*.4 + .6*.6 = .52,
    # kappa = (.8 - .52) / .48 = 0.58333.  Krippendorff nominal alpha on the same 20 values:
    # Do = 4/20, De = 2*8*12/(20*19) -> alpha = 1 - .2/.50526 = 29/48 = 0.604167.
    rows = []
    for u in range(1, 11):
        if u <= 4:
            rows.append(("R01", "g", f"u{u:02d}", "knowledge", "neutraal", "A"))
        if u <= 3 or u == 5:
            rows.append(("R01", "g", f"u{u:02d}", "knowledge", "neutraal", "B"))
        # a code both always use keeps every unit in the material
        rows.append(("R01", "g", f"u{u:02d}", "coordinator", "neutraal", "A"))
        rows.append(("R01", "g", f"u{u:02d}", "coordinator", "neutraal", "B"))
    cod = pd.DataFrame(rows, columns=["respondent", "group", "segment", "determinant", "valence", "coder"])
    per, overall = analyse.coder_agreement(cod, ("A", "B"), CB)
    per = per.set_index("determinant")
    assert per.loc["knowledge", "n_units"] == 10
    assert per.loc["knowledge", "kappa"] == pytest.approx(0.58333, abs=1e-4)
    assert per.loc["knowledge", "agreement"] == pytest.approx(0.8)
    assert np.isnan(per.loc["coordinator", "kappa"])  # both always: kappa undefined
    assert overall["n_units"] == 10 and overall["n_decisions"] == 20
    # Overall alpha pools both codes: knowledge as above plus 10 agreeing 1s for coordinator:
    # values: 1s = 8 + 20 = 28, 0s = 12, n = 40; Do = 4/40; De = 2*28*12/(40*39) -> alpha
    expected = 1 - (4 / 40) / (2 * 28 * 12 / (40 * 39))
    assert overall["alpha"] == pytest.approx(expected)
    # Units are the segments either coder coded: with knowledge alone only u01-u05 remain.
    # A = 1,1,1,1,0; B = 1,1,1,0,1: 8 ones, 2 zeros, Do = 4/10, De = 2*8*2/(10*9) -> alpha = -0.125.
    only = cod[cod.determinant == "knowledge"]
    _, o2 = analyse.coder_agreement(only, ("A", "B"), CB)
    assert o2["n_units"] == 5
    assert o2["alpha"] == pytest.approx(-0.125)


def test_agreement_needs_shared_material(small):
    cod, _ = small
    with pytest.raises(ValueError, match="twee codeurs"):
        analyse.coder_agreement(cod[cod.coder == "A"])


def test_questionnaire_barriers_at_20_percent():
    answers = pd.DataFrame(
        {
            "respondent": list(range(10)) * 2,
            "determinant": ["time_available"] * 10 + ["knowledge"] * 10,
            "answer": [1, 2, 3, 4, 5, 5, 4, 4, 3, 3] + [1, 4, 4, 4, 5, 5, 4, 4, 3, np.nan],
        }
    )
    out = analyse.questionnaire_barriers(answers).set_index("determinant")
    assert out.loc["time_available", "share_disagree"] == pytest.approx(0.2)
    assert bool(out.loc["time_available", "barrier"]) is True  # exactly at the threshold
    assert out.loc["knowledge", "n"] == 9
    assert out.loc["knowledge", "share_disagree"] == pytest.approx(1 / 9)
    assert bool(out.loc["knowledge", "barrier"]) is False
    assert (
        bool(
            analyse.questionnaire_barriers(answers, threshold=0.1).set_index("determinant").loc["knowledge", "barrier"]
        )
        is True
    )
    bad = answers.copy()
    bad.loc[3, "answer"] = 7
    with pytest.raises(ValueError, match="buiten de schaal"):
        analyse.questionnaire_barriers(bad)


def test_complementary_suppression():
    c = pd.DataFrame(
        {
            "determinant": ["x"] * 3,
            "group": ["totaal", "gemeente", "zorgaanbieder"],
            "n_mentioned": [9, 3, 6],
            "share_mentioned": [0.5, 0.3, 0.6],
        }
    )
    s = analyse.suppress_group_split(c, columns=("n_mentioned",), threshold=5).set_index("group")
    assert s.loc["gemeente", "n_mentioned"] == "<5"
    assert s.loc["zorgaanbieder", "n_mentioned"] == "×"  # else 9 - 6 reveals 3; 6 is not "<5"
    assert s.loc["zorgaanbieder", "share_mentioned"] == "–"
    assert s.loc["totaal", "n_mentioned"] == 9
    c["n_mentioned"] = [7, 0, 7]
    s = analyse.suppress_group_split(c, columns=("n_mentioned",), threshold=5).set_index("group")
    assert list(s["n_mentioned"]) == [7, 0, 7]
    # with min_cell = 10 both 7s are small: "<10" (total = group, each somewhere in 1..9)
    s = analyse.suppress_group_split(c, columns=("n_mentioned",), threshold=10).set_index("group")
    assert s.loc["gemeente", "n_mentioned"] == 0 and s.loc["zorgaanbieder", "n_mentioned"] == "<10"
    assert s.loc["totaal", "n_mentioned"] == "<10"


def test_demonstration_data_reproduce_every_published_count():
    sys.path.insert(0, str(ROOT / "scripts"))
    import generate_idu_midi_demo as gen

    resp, codings, interviews = gen.generate()
    # The committed raw files are exactly what the seeded script makes.
    committed = pd.read_csv(ROOT / "data_raw" / "idu_midi_demo" / "codings.csv", dtype=str)
    pd.testing.assert_frame_equal(committed, codings.astype(str))
    texts = pd.read_csv(ROOT / "data_raw" / "idu_midi_demo" / "interviews.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(texts, interviews.astype(str))
    # Every text says it is synthetic; every quote is its text between start and end.
    assert all(t.startswith("[SYNTHETISCH DEMONSTRATIE-INTERVIEW.") for t in interviews["text"])
    text = interviews.set_index("respondent")["text"]
    assert all(text[r][a:b] == q for r, a, b, q in zip(codings.respondent, codings.start, codings.end, codings.quote))
    r01 = codings[(codings.segment == "R01-s001") & (codings.coder == "codeur_1")].iloc[0]
    assert r01.determinant == "procedural_clarity" and r01.valence == "neutraal"
    assert r01.quote == (
        "Als het gaat om procedurele helderheid: dat speelt wel mee, maar het maakt voor mij weinig uit."
    )
    published = pd.concat(
        [
            pd.read_csv(ROOT / "data_raw" / "idu_midi" / "cross_cutting.csv")[["code", "n", "N"]],
            pd.read_csv(ROOT / "data_raw" / "idu_midi" / "training_wishes.csv")[["code", "n"]].assign(N=27),
        ]
    )
    chk = analyse.check_published(codings, published, coder="codeur_1", respondents=resp)
    assert list(chk["check"]) == ["✓"] * 17
    assert dict(zip(chk["code"], chk["computed_n"]))["t_not_knowing_each_other"] == 23
    assert dict(zip(chk["code"], chk["computed_n"]))["w_grondhouding_content"] == 6
    # A changed count is caught.
    wrong = published.assign(n=published["n"] + (published["code"] == "f_addiction"))
    assert (analyse.check_published(codings, wrong, coder="codeur_1", respondents=resp)["check"] == "✗").sum() == 1
    # Published group quantifiers hold: 'alle respondenten' (g11, z03) and 'meeste' (g13, z13).
    p = codings[codings.coder == "codeur_1"]
    assert p[(p.group == "zorgaanbieder") & (p.determinant == "procedural_clarity")].respondent.nunique() == 12
    assert p[(p.group == "gemeente") & (p.determinant == "awareness_of_content")].respondent.nunique() > 15 / 2
    # Second coder on a subset, for agreement.
    assert codings[codings.coder == "codeur_2"].respondent.nunique() == 7
