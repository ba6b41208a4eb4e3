"""Generate the DEMONSTRATION coded-segment data of the IDU MIDI interview study.

The 27 interviews of the UvA MIDI study (seed 003, lines 8075-8828) are not public; only
findings per group and a few respondent counts are. This script makes a coded-segment table
that is consistent with everything published, so the pipeline can be shown end to end. It is
NOT the study's data. Run:  python scripts/generate_idu_midi_demo.py   (seeded, deterministic)

Choices (stated here and in the dataset description):

- 27 respondents R01..R27. The split over the two groups is not published; chosen: 15 from the
  municipal access (gemeente, R01-R15) and 12 from care providers (zorgaanbieder, R16-R27).
  Respondents 11 and 12 are quoted in the municipal results (lines 8313, 8322), hence
  municipal.
- Published findings (data_raw/idu_midi/findings.csv): for each finding a number of
  respondents of its group get one segment coded with the finding's MIDI determinant and the
  valence of its reading (``gemengd`` → a random mix of bevorderend / belemmerend / neutraal).
  "alle respondenten" → every respondent of the group; "meeste" → 11 of 15 / 9 of 12; no
  quantifier → a random 2..N/2. These numbers are invented; only their direction follows the
  publication.
- Published counts (cross_cutting.csv, training_wishes.csv) are reproduced EXACTLY: each code is
  given to exactly n respondents (training wishes and improvement points only to municipal
  respondents; "Respondent 12" / "Respondent 11" to R12 / R11).
- Coder agreement: the primary coder ``codeur_1`` codes everything; ``codeur_2`` codes all
  segments of 7 respondents (4 municipal, 3 provider), agreeing on the code with probability
  0.85 (else another code of the same category, or none) and on the valence with 0.9, and
  occasionally adding a second code.

The script checks that every published count is reproduced before it writes anything.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.determinants.frameworks import load_codebook  # noqa: E402

SEED = 20250428
RAW = ROOT / "data_raw" / "idu_midi"
OUT = ROOT / "data_raw" / "idu_midi_demo"
GROUP_SIZES = {"gemeente": 15, "zorgaanbieder": 12}
SECOND_CODER_N = {"gemeente": 4, "zorgaanbieder": 3}
VALENCES = ["bevorderend", "belemmerend", "neutraal"]
THEME_VALENCE = {"theme": "belemmerend", "family_factor": "belemmerend",
                 "training_wish": "neutraal", "improvement_point": "neutraal"}


def respondents_table() -> pd.DataFrame:
    rows, i = [], 1
    for group, n in GROUP_SIZES.items():
        for _ in range(n):
            rows.append({"respondent": f"R{i:02d}", "group": group})
            i += 1
    return pd.DataFrame(rows)


def primary_codings(rng: np.random.Generator, resp: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    findings = pd.read_csv(RAW / "findings.csv", dtype=str)
    cross = pd.read_csv(RAW / "cross_cutting.csv", dtype={"n": int, "N": int, "code": str})
    wishes = pd.read_csv(RAW / "training_wishes.csv", dtype={"n": int, "code": str, "respondent_ref": str})
    members = {g: list(resp.loc[resp["group"] == g, "respondent"]) for g in GROUP_SIZES}
    everyone = list(resp["respondent"])
    rows = []
    for f in findings.itertuples():
        pool = members[f.group]
        n_group = len(pool)
        if f.quantifier == "alle":
            k = n_group
        elif f.quantifier == "meeste":
            k = math.ceil(0.7 * n_group)
        else:
            k = int(rng.integers(2, n_group // 2 + 1))
        chosen = rng.choice(pool, size=k, replace=False)
        for r in chosen:
            if f.valence == "gemengd":
                v = str(rng.choice(VALENCES, p=[0.4, 0.4, 0.2]))
            else:
                v = f.valence
            rows.append((r, f.determinant, v))
    cat = codebook.set_index("key")["category"]
    for c in cross.itertuples():
        for r in rng.choice(everyone, size=c.n, replace=False):
            rows.append((r, c.code, THEME_VALENCE[cat[c.code]]))
    for w in wishes.itertuples():
        if isinstance(w.respondent_ref, str) and w.respondent_ref:
            chosen = [w.respondent_ref]
        else:
            chosen = rng.choice(members["gemeente"], size=w.n, replace=False)
        for r in chosen:
            rows.append((r, w.code, THEME_VALENCE[cat[w.code]]))
    df = pd.DataFrame(rows, columns=["respondent", "determinant", "valence"])
    # Order within respondent at random, then number the segments.
    df = df.sample(frac=1, random_state=int(rng.integers(1 << 30))).sort_values("respondent", kind="stable")
    df["segment"] = df["respondent"] + "-s" + (df.groupby("respondent").cumcount() + 1).map("{:03d}".format)
    df = df.merge(resp, on="respondent")
    df["coder"] = "codeur_1"
    return df


def second_coder(rng: np.random.Generator, primary: pd.DataFrame, resp: pd.DataFrame,
                 codebook: pd.DataFrame) -> pd.DataFrame:
    chosen = []
    for g, n in SECOND_CODER_N.items():
        chosen += list(rng.choice(resp.loc[resp["group"] == g, "respondent"], size=n, replace=False))
    by_cat = codebook.groupby("category")["key"].apply(list).to_dict()
    cat = codebook.set_index("key")["category"]
    rows = []
    for r in primary[primary["respondent"].isin(chosen)].itertuples():
        u = rng.random()
        if u < 0.85:
            det = r.determinant
        elif u < 0.95:
            det = str(rng.choice([k for k in by_cat[cat[r.determinant]] if k != r.determinant]))
        else:
            det = None
        v = r.valence if rng.random() < 0.9 else str(rng.choice([x for x in VALENCES if x != r.valence]))
        if det is not None:
            rows.append((r.respondent, r.group, r.segment, det, v))
        if rng.random() < 0.05:
            # A second code on the same segment, with the same valence (one valence per segment).
            extra = str(rng.choice([k for k in by_cat[cat[r.determinant]] if k not in (r.determinant, det)]))
            rows.append((r.respondent, r.group, r.segment, extra, v))
    df = pd.DataFrame(rows, columns=["respondent", "group", "segment", "determinant", "valence"])
    df["coder"] = "codeur_2"
    return df


def check(primary: pd.DataFrame) -> None:
    cross = pd.read_csv(RAW / "cross_cutting.csv")
    wishes = pd.read_csv(RAW / "training_wishes.csv")
    for code, n in list(zip(cross["code"], cross["n"])) + list(zip(wishes["code"], wishes["n"])):
        got = primary.loc[primary["determinant"] == code, "respondent"].nunique()
        assert got == n, f"{code}: {got} != published {n}"
    assert primary["respondent"].nunique() == 27


def generate() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    codebook = load_codebook(["midi", "idu_themes"])
    resp = respondents_table()
    primary = primary_codings(rng, resp, codebook)
    second = second_coder(rng, primary, resp, codebook)
    check(primary)
    codings = pd.concat([primary, second], ignore_index=True)
    codings = codings[["respondent", "group", "segment", "determinant", "valence", "coder"]]
    codings = codings.sort_values(["respondent", "segment", "coder", "determinant"], kind="stable").reset_index(drop=True)
    return resp, codings


def main() -> None:
    from analysis.io import atomic_write_text
    resp, codings = generate()
    OUT.mkdir(parents=True, exist_ok=True)
    atomic_write_text(OUT / "respondents.csv", resp.to_csv(index=False, lineterminator="\n"))
    atomic_write_text(OUT / "codings.csv", codings.to_csv(index=False, lineterminator="\n"))
    print(f"wrote {len(resp)} respondents and {len(codings)} coded segments "
          f"({(codings['coder'] == 'codeur_2').sum()} by the second coder) to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
