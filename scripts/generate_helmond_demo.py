"""Generate the DEMONSTRATION item-level data of the Helmond pilot questionnaires.

Only aggregates are published (000_99b6f6038ca9ce70.txt:268-305); the parents'
answers are not public.  This script writes made-up answers that are consistent
with every published figure a whole count can produce, so the pipeline can be
shown end to end.  The numbers of any analysis of these files are NOT results of
the pilot.

What is fixed by the publication (and asserted at the end of this script):

* 22 parents; 14 filled in baseline (t0) and end (t1); 5 only baseline; 3 none
  (000:270-273; Bijlage C N = 14 for SDQ and ARI-CP, 000:704-719).
* t0: 9 of 14 (64%) have an elevated SDQ total difficulties score (000:276).
  Elevated means above the Dutch clinical cut-off of Theunissen et al. 2022 *and*
  in the UK "afwijkend" band (>= 17), so the figure holds under either norm;
  the 5 others (36%, 000:292) score <= 10, below every clinical cut-off.
* Of the 9, 6 (67%) score high on disorganised (000:278).
* Of the 5 without elevated total, 5 (100%) score low on disorganised (000:294).
* Of the 6 high on disorganised, 3 (50%) are no longer high at t1 (000:289).

The documented choice for the impossible figure: "at the end 50% of the above
parents report a significant improvement" (000:286).  "The above parents" are the
9 with an elevated score, and 50% of 9 is 4.5 -- no whole count gives 50% (4/9 =
44%, 5/9 = 56%).  We read "significant improvement" as reliable improvement of the
total difficulties score (Jacobson & Truax RCI, reliability 0.77) and generate
**4 of the 9** (44%): the lower neighbour, so the demonstration never overstates
the published effect.  (The other reading, 50% of all 14 = 7, would require three
reliable improvements among children without elevated problems.)  Of the other
parents nobody improves reliably.

Design choices that are not published and are therefore ours: child ages 4-12
(inside the SDQ 4-17 range; most are above the ARI-CP's 2-5, as in the pilot's
practice case of a girl of 7, 000:306); ARI-CP "high" = mean >= 3.0 on the
DEMONSTRATION key (ari_cp_2_5_demo_key.yaml); a handful of unanswered items so the
missing-item rules are exercised (one baseline-only parent answers too few peer
items, so that form has no peer or total score).

Run:  python scripts/generate_helmond_demo.py          (writes data_raw/helmond_questionnaires/)
      python scripts/generate_helmond_demo.py --exports DIR   (also a wide .sav, .xlsx and ; CSV
                                                             export of the same data, as SPSS/Excel
                                                             users would have them)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.io import atomic_write_text  # noqa: E402
from analysis.questionnaires.instruments import load_instrument  # noqa: E402

SEED = 20240615
OUT = ROOT / "data_raw" / "helmond_questionnaires"

# respondent: (age, status, SDQ total t0, SDQ total t1, ARI disorganised high t0, high t1)
# status: both | baseline_only | none.   None = no form at that wave.
DESIGN = {
    "H01": (8, "both", 22, 10, True, False),  # elevated, high disorg, reliable improvement, no longer high
    "H02": (6, "both", 20, 9, True, False),  # idem
    "H03": (9, "both", 24, 21, True, False),  # elevated, high disorg -> no longer high, no reliable improvement
    "H04": (7, "both", 19, 8, True, True),  # elevated, high disorg stays high, reliable improvement
    "H05": (10, "both", 21, 20, True, True),
    "H06": (5, "both", 18, 17, True, True),
    "H07": (4, "both", 23, 10, False, False),  # elevated, low disorg, reliable improvement
    "H08": (11, "both", 20, 19, False, False),
    "H09": (7, "both", 19, 18, False, False),
    "H10": (12, "both", 6, 5, False, False),  # not elevated, low disorg
    "H11": (5, "both", 8, 8, False, False),
    "H12": (9, "both", 9, 7, False, False),
    "H13": (6, "both", 10, 10, False, False),
    "H14": (8, "both", 7, 6, False, False),
    "H15": (6, "baseline_only", 18, None, True, None),
    "H16": (9, "baseline_only", 12, None, False, None),
    "H17": (5, "baseline_only", 7, None, False, None),  # answers only 2 peer items: no peer / total score
    "H18": (10, "baseline_only", 21, None, True, None),
    "H19": (8, "baseline_only", 15, None, False, None),
    "H20": (7, "none", None, None, None, None),
    "H21": (5, "none", None, None, None, None),
    "H22": (10, "none", None, None, None, None),
}
# unanswered items (respondent, wave, column): chosen so prorating is exercised
MISSING = [
    ("H05", "t0", "sdq_13"),
    ("H12", "t1", "sdq_19"),
    ("H08", "t0", "ari_10"),
    ("H17", "t0", "sdq_06"),
    ("H17", "t0", "sdq_11"),
    ("H17", "t0", "sdq_14"),
]


def split_total(rng, total: int, weights: np.ndarray) -> dict[str, int]:
    """Divide a total difficulties score over the four problem scales (each 0-10).

    ``weights`` is the parent's own profile (drawn once per parent), so a child's
    problem profile stays recognisable from baseline to end.
    """
    parts = dict.fromkeys(["emotional", "conduct", "hyperactivity", "peer"], 0)
    for _ in range(total):
        names = [k for k in parts if parts[k] < 10]
        w = np.array([weights[list(parts).index(k)] for k in names])
        parts[rng.choice(names, p=w / w.sum())] += 1
    return parts


def fill_scale(rng, score: int, n_items: int = 5, top: int = 2) -> np.ndarray:
    """Scored item values (after reversal) summing to ``score``."""
    vals = np.zeros(n_items, dtype=int)
    for _ in range(score):
        free = np.flatnonzero(vals < top)
        vals[rng.choice(free)] += 1
    return vals


def sdq_form(rng, sdq, total: int, person: dict) -> dict[str, int]:
    scores = split_total(rng, total, person["profile"])
    scores["prosocial"] = int(np.clip(person["prosocial"] + rng.integers(-1, 2), 0, 10))
    out = {}
    for name, scale in sdq.scales.items():
        vals = fill_scale(rng, scores[name])
        for item, v in zip(scale.items, vals):
            raw = 2 - v if item in sdq.reverse_items else v
            out[sdq.item_column(item)] = int(raw)
    high = total >= 17
    overall = int(rng.choice([2, 3])) if high else int(rng.choice([0, 1]))
    out["sdq_imp_overall"] = overall
    for c in sdq.impact["items"]:
        out[c] = int(rng.choice([1, 2, 3] if high else [0, 0, 1])) if overall else 0
    return out


def ari_form(rng, ari, disorg_high: bool, person: dict) -> dict[str, int]:
    targets = {
        "secure": person["secure"],
        "avoidant": person["avoidant"],
        "ambivalent": person["ambivalent"],
        "disorganised": rng.uniform(3.3, 4.0) if disorg_high else rng.uniform(1.6, 2.6),
    }
    while True:
        out, means = {}, {}
        for name, scale in ari.scales.items():
            vals = np.clip(np.rint(targets[name] + rng.normal(0, 0.6, len(scale.items))), 1, 5).astype(int)
            means[name] = vals.mean()
            out.update({ari.item_column(i): int(v) for i, v in zip(scale.items, vals)})
        if (means["disorganised"] >= 3.0) == disorg_high:
            return out


def generate() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    sdq = load_instrument("sdq_parent_4_17")
    ari = load_instrument("ari_cp_2_5_demo_key")
    respondents, forms = [], []
    for rid, (age, status, tot0, tot1, hi0, hi1) in DESIGN.items():
        respondents.append({"respondent_id": rid, "child_age": age, "participation": status})
        person = {
            "secure": rng.uniform(2.8, 4.4),
            "avoidant": rng.uniform(1.5, 3.0),
            "ambivalent": rng.uniform(1.5, 3.2),
            "profile": rng.dirichlet([4, 4, 6, 3]),
            "prosocial": int(rng.integers(1, 11)),
        }
        for wave, tot, hi in (("t0", tot0, hi0), ("t1", tot1, hi1)):
            if tot is None:
                continue
            forms.append(
                {
                    "respondent_id": rid,
                    "wave": wave,
                    "child_age": age,
                    **sdq_form(rng, sdq, tot, person),
                    **ari_form(rng, ari, hi, person),
                }
            )
    forms = pd.DataFrame(forms)
    item_cols = sdq.item_columns + sdq.impact_columns + ari.item_columns
    forms = forms[["respondent_id", "wave", "child_age", *item_cols]].astype({c: "Int64" for c in item_cols})
    for rid, wave, col in MISSING:
        forms.loc[(forms["respondent_id"] == rid) & (forms["wave"] == wave), col] = pd.NA
    return pd.DataFrame(respondents), forms


def check(respondents: pd.DataFrame, forms: pd.DataFrame) -> dict:
    """Recompute the published figures with the package and fail loudly if one is off."""
    from analysis.questionnaires import helmond

    res = helmond.published_quantities(helmond.export_from_frames(respondents, forms))
    expected = {
        "n_all": 22,
        "n_both": 14,
        "n_baseline_only": 5,
        "n_none": 3,
        "elevated": 9,
        "not_elevated": 5,
        "high_among_elevated": 6,
        "low_among_not_elevated": 5,
        "no_longer_high_among_high": 3,
        "reliable_improvement_among_elevated": 4,
        "reliable_improvement_among_not_elevated": 0,
    }
    wrong = {k: (res[k], v) for k, v in expected.items() if res[k] != v}
    if wrong:
        raise SystemExit(f"demonstration data do not reproduce the published figures: {wrong}")
    return res


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exports", type=Path, help="also write wide .sav/.xlsx/.csv exports into this folder")
    args = ap.parse_args(argv)
    respondents, forms = generate()
    res = check(respondents, forms)
    OUT.mkdir(parents=True, exist_ok=True)
    atomic_write_text(OUT / "respondents.csv", respondents.to_csv(index=False, lineterminator="\n"))
    atomic_write_text(OUT / "forms.csv", forms.to_csv(index=False, lineterminator="\n"))
    print(f"wrote {OUT.relative_to(ROOT)}/respondents.csv ({len(respondents)} rows) and forms.csv ({len(forms)} rows)")
    print("reproduced:", {k: v for k, v in res.items() if not k.startswith("_")})
    if args.exports:
        from analysis.questionnaires.exports import write_demo_exports

        for p in write_demo_exports(respondents, forms, args.exports):
            print("wrote", p)


if __name__ == "__main__":
    main()
