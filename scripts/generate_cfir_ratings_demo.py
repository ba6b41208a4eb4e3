"""Generate the DEMONSTRATION table of CFIR construct ratings (−2 … +2 per case and construct).

No study in this repository used the CFIR; this table only shows what a researcher's filled-in
rating table looks like and how the page presents it. Three synthetic cases ("Locatie A/B/C"),
twelve constructs from all five domains, scores drawn with a fixed seed, and a rationale that
names the rule the score follows (and says it is invented). Run:
    python scripts/generate_cfir_ratings_demo.py        (seeded, deterministic)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.determinants.ratings import check_ratings, template  # noqa: E402

SEED = 20220815
OUT = ROOT / "data_raw" / "cfir_ratings" / "ratings.csv"
CASES = ["Locatie A", "Locatie B", "Locatie C"]
CONSTRUCTS = [
    "cfir_relative_advantage",
    "cfir_complexity",
    "cfir_adaptability",
    "cfir_partnerships",
    "cfir_policies_laws",
    "cfir_financing",
    "cfir_tension_for_change",
    "cfir_compatibility",
    "cfir_available_resources",
    "cfir_mid_level_leaders",
    "cfir_capability",
    "cfir_reflecting_evaluating",
]
SCORES = ["-2", "-1", "0", "+1", "+2", "X", ""]
WEIGHTS = [0.12, 0.16, 0.12, 0.2, 0.22, 0.08, 0.10]
RATIONALE = {
    "+2": "Verzonnen voorbeeld: minstens twee geïnterviewden geven een concreet voorbeeld van positieve invloed.",
    "+1": "Verzonnen voorbeeld: positieve uitspraken, maar alleen in algemene termen.",
    "0": "Verzonnen voorbeeld: geïnterviewden spreken elkaar tegen; geen duidelijke invloed.",
    "-1": "Verzonnen voorbeeld: negatief per saldo, maar zonder concrete voorbeelden.",
    "-2": "Verzonnen voorbeeld: de meeste geïnterviewden beschrijven concreet hoe het de invoering hindert.",
    "X": "Verzonnen voorbeeld: positieve en negatieve invloed in evenwicht.",
    "": "Niet beoordeeld: te weinig gegevens (verzonnen voorbeeld).",
}


def generate() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    t = template(CASES)
    t = t[t["construct"].isin(CONSTRUCTS)].reset_index(drop=True)
    t["rating"] = rng.choice(SCORES, size=len(t), p=WEIGHTS)
    t["rationale"] = t["rating"].map(RATIONALE)
    check_ratings(t)
    return t


def main() -> None:
    from analysis.io import atomic_write_text

    t = generate()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(OUT, t.to_csv(index=False, lineterminator="\n"))
    print(f"wrote {len(t)} demonstration ratings ({t['case'].nunique()} cases) to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
