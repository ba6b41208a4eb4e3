"""SDQ scoring against hand-filled forms (reverse items, prorating, composites, impact, norms)."""

import numpy as np
import pandas as pd
import pytest

from analysis.questionnaires import score
from analysis.questionnaires.instruments import DemonstrationKeyError, load_instrument

SDQ = load_instrument("sdq_parent_4_17")
ARI = load_instrument("ari_cp_2_5_demo_key")


def form(values: dict[int, float], rid="A", wave="t0", age=8, impact=None) -> dict:
    row = {"respondent_id": rid, "wave": wave, "child_age": age}
    row.update({SDQ.item_column(n): values.get(n, np.nan) for n in range(1, 26)})
    row.update(impact or {})
    return row


# Form A, every item answered.  Raw answers per scale and the hand-scored result:
#   emotional  3,8,13,16,24 = 2,1,0,1,2                      -> 6
#   conduct    5,7,12,18,22 = 1,0,0,1,0   (7 reversed 0->2)  -> 1+2+0+1+0 = 4
#   hyperact.  2,10,15,21,25 = 2,2,1,2,0  (21: 2->0, 25: 0->2) -> 2+2+1+0+2 = 7
#   peer       6,11,14,19,23 = 0,2,1,0,1  (11: 2->0, 14: 1->1) -> 0+0+1+0+1 = 2
#   prosocial  1,4,9,17,20 = 2,2,1,2,1                       -> 8
#   total 19, internalising 8, externalising 11
FORM_A = {
    3: 2,
    8: 1,
    13: 0,
    16: 1,
    24: 2,
    5: 1,
    7: 0,
    12: 0,
    18: 1,
    22: 0,
    2: 2,
    10: 2,
    15: 1,
    21: 2,
    25: 0,
    6: 0,
    11: 2,
    14: 1,
    19: 0,
    23: 1,
    1: 2,
    4: 2,
    9: 1,
    17: 2,
    20: 1,
}
# Form B, items missing:
#   emotional: 3=2, 8=2, 24=0 answered (3 of 5): 4 / 3 * 5 = 6.67 -> 7 (the official example)
#   conduct: 5=1, 12=1, 18=0, 22=0 (4 of 5): 2 / 4 * 5 = 2.5 -> 3 (half rounds up, as round() in Stata)
#   hyperactivity: only 2=1, 10=1 answered (2 of 5) -> missing, so total and externalising missing
#   peer: all raw 0 -> 11 and 14 reversed to 2 -> 4
#   prosocial: all 1 -> 5;  internalising = 7 + 4 = 11
FORM_B = {
    3: 2,
    8: 2,
    24: 0,
    5: 1,
    12: 1,
    18: 0,
    22: 0,
    2: 1,
    10: 1,
    6: 0,
    11: 0,
    14: 0,
    19: 0,
    23: 0,
    1: 1,
    4: 1,
    9: 1,
    17: 1,
    20: 1,
}
IMPACT_A = {
    "sdq_imp_overall": 2,
    "sdq_imp_distress": 3,
    "sdq_imp_home": 2,
    "sdq_imp_friends": 1,
    "sdq_imp_classroom": 0,
    "sdq_imp_leisure": 3,
}  # 2 + 1 + 0 + 0 + 2 = 5
IMPACT_B = {
    "sdq_imp_overall": 0,
    "sdq_imp_distress": 3,
    "sdq_imp_home": 3,
    "sdq_imp_friends": 3,
    "sdq_imp_classroom": 3,
    "sdq_imp_leisure": 3,
}  # "Nee" -> 0


@pytest.fixture
def scored():
    forms = pd.DataFrame([form(FORM_A, "A", impact=IMPACT_A), form(FORM_B, "B", impact=IMPACT_B)])
    return score.score_forms(forms, SDQ).set_index("respondent_id")


def test_complete_form_with_reverse_items(scored):
    a = scored.loc["A"]
    assert (a["emotional"], a["conduct"], a["hyperactivity"], a["peer"], a["prosocial"]) == (6, 4, 7, 2, 8)
    assert (a["total_difficulties"], a["internalising"], a["externalising"]) == (19, 8, 11)
    assert a["impact"] == 5


def test_prorating_and_missing_scales(scored):
    b = scored.loc["B"]
    assert b["emotional"] == 7 and b["n_emotional"] == 3
    assert b["conduct"] == 3 and b["n_conduct"] == 4
    assert np.isnan(b["hyperactivity"]) and b["n_hyperactivity"] == 2
    assert b["peer"] == 4 and b["prosocial"] == 5
    assert np.isnan(b["total_difficulties"]) and np.isnan(b["externalising"])
    assert b["internalising"] == 11
    assert b["impact"] == 0


def test_missing_scores_are_counted_not_errors(scored):
    counts = score.missing_scale_counts(scored.reset_index(), SDQ).set_index("scale")
    assert counts.loc["hyperactivity", "missing_too_few_items"] == 1
    assert counts.loc["emotional", "missing_too_few_items"] == 0


def test_long_format():
    forms = pd.DataFrame([form(FORM_A, "A")])
    long = score.to_long(score.score_forms(forms, SDQ), SDQ)
    assert long.set_index("scale").loc["total_difficulties", "score"] == 19
    assert set(long["instrument"]) == {"sdq_parent_4_17"}


def test_dutch_norm_groups_keep_published_overlap():
    ages = pd.Series([4, 5, 7, 11, 12, 14, 15])
    groups = score.norm_group(ages, SDQ).tolist()
    assert groups == ["4-7 years", "4-7 years", "7-11 years", "7-11 years", "12-14 years", "12-14 years", None]
    labels = [g["label"] for g in SDQ.norms["theunissen_2022"]["age_groups"]]
    assert labels == ["3-4 years", "4-7 years", "7-11 years", "12-14 years"]


def test_elevated_by_dutch_and_uk_norms():
    s = pd.DataFrame({"total_difficulties": [15, 14, 14, 12, 11, 20, 16], "child_age": [5, 5, 8, 13, 13, 16, 9]})
    nl = score.elevated(s, SDQ, "theunissen_2022_clinical").tolist()
    # >14 at 4-7; >13 at 7-11; >11 at 12-14; no Dutch norm at 16
    assert nl[:5] == [True, False, True, True, False] and nl[5] is pd.NA and nl[6] is True
    uk = score.elevated(s, SDQ, "uk_abnormal").tolist()
    assert uk == [False, False, False, False, False, True, False]
    assert score.elevated(s, SDQ, "uk_borderline").tolist() == [True, True, True, False, False, True, True]


def test_uk_bands_incl_prosocial_reversed():
    assert score.uk_band(pd.Series([13, 14, 16, 17]), SDQ, "total_difficulties").tolist() == [
        "normaal",
        "grensgebied",
        "grensgebied",
        "afwijkend",
    ]
    assert score.uk_band(pd.Series([6, 5, 4]), SDQ, "prosocial").tolist() == ["normaal", "grensgebied", "afwijkend"]


def test_ari_demonstration_key_is_refused_as_norm():
    items = {ARI.item_column(n): 4 for n in ARI.item_numbers}
    forms = pd.DataFrame([{"respondent_id": "A", "wave": "t0", "child_age": 4, **items}])
    s = score.score_forms(forms, ARI)
    assert s.loc[0, "disorganised"] == 4.0
    with pytest.raises(DemonstrationKeyError, match="DEMONSTRATIESLEUTEL"):
        score.ari_high(s, ARI, "disorganised")
    assert bool(score.ari_high(s, ARI, "disorganised", allow_demonstration=True).iloc[0]) is True


def test_instrument_files_match_published_structure():
    assert [len(ARI.scales[s].items) for s in ("secure", "avoidant", "ambivalent", "disorganised")] == [13, 11, 11, 13]
    assert len(ARI.item_columns) == 48 and ARI.demonstration
    assert SDQ.reverse_items == [7, 11, 14, 21, 25] and SDQ.codes == [0, 1, 2]
    assert SDQ.response_labels == {0: "Niet waar", 1: "Een beetje waar", 2: "Zeker waar"}
    assert not SDQ.demonstration


def test_cronbach_alpha_matches_formula():
    rng = np.random.default_rng(1)
    latent = rng.normal(size=40)
    items = pd.DataFrame({f"i{k}": latent + rng.normal(scale=0.8, size=40) for k in range(5)})
    k = items.shape[1]
    expected = k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))
    a, lo, hi, n = score.cronbach_alpha(items)
    assert a == pytest.approx(expected, abs=1e-9) and lo < a < hi and n == 40


def test_a_new_instrument_is_only_a_data_file(tmp_path):
    (tmp_path / "ouderenquete.yaml").write_text(
        """
id: ouderenquete
title: Enquête ouders (voorbeeld)
item_prefix: oe_
response_scale:
  codes: [1, 2, 3, 4, 5]
  labels: {1: Helemaal oneens, 2: Oneens, 3: Neutraal, 4: Eens, 5: Helemaal eens}
items: {1: Samenwerking helder, 2: Voelde me gehoord, 3: Te veel hulpverleners, 4: Doelen samen gesteld}
reverse_items: [3]
scales:
  samenwerking: {items: [1, 3, 4], problem: false}
  gehoord: {items: [2], problem: false}
scale_scoring: {method: mean, min_items_fraction: 0.6}
""",
        encoding="utf-8",
    )
    inst = load_instrument(tmp_path / "ouderenquete.yaml")
    assert inst.min_items == {"samenwerking": 2, "gehoord": 1}
    forms = pd.DataFrame(
        {
            "respondent_id": ["A", "B"],
            "wave": ["t0", "t0"],
            "child_age": [6, 6],
            "oe_01": [4, 5],
            "oe_02": [2, np.nan],
            "oe_03": [2, np.nan],
            "oe_04": [np.nan, np.nan],
        }
    )
    s = score.score_forms(forms, inst).set_index("respondent_id")
    assert s.loc["A", "samenwerking"] == (4 + (6 - 2)) / 2  # item 3 reversed: 2 -> 4
    assert np.isnan(s.loc["B", "samenwerking"]) and np.isnan(s.loc["B", "gehoord"])
    assert inst.label_to_code()["helemaal eens"] == 5


def test_mcdonald_omega_recovers_a_known_one_factor_model():
    # five items with loading 0.7 and unique variance 0.51: omega = 3.5^2 / (3.5^2 + 5 * 0.51) = 0.8277
    rng = np.random.default_rng(7)
    f = rng.normal(size=5000)
    items = pd.DataFrame({f"i{k}": 0.7 * f + rng.normal(scale=np.sqrt(0.51), size=5000) for k in range(5)})
    assert score.mcdonald_omega(items) == pytest.approx(12.25 / (12.25 + 2.55), abs=0.01)
    assert np.isnan(score.mcdonald_omega(items.head(4)))  # fewer cases than items: not estimable


def test_a_real_ari_key_is_used_without_demo_label(tmp_path):
    import yaml

    raw = yaml.safe_load(ARI.path.read_text(encoding="utf-8"))
    raw.update(demonstration=False, norms={"source": "test", "cutoffs": {"disorganised": {"high_from": 3.5}}})
    path = tmp_path / "ari_real.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    key = load_instrument(path)
    items = {key.item_column(n): 3 for n in key.item_numbers}
    s = score.score_forms(pd.DataFrame([{"respondent_id": "A", "wave": "t0", "child_age": 4, **items}]), key)
    assert bool(score.ari_high(s, key, "disorganised").iloc[0]) is False  # 3.0 < 3.5, no refusal
    with pytest.raises(KeyError, match="avoidant"):
        score.ari_high(s, key, "avoidant")
