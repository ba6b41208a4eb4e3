"""Benchmark: SDQ scoring of 1,000,000 respondents x 2 waves (vectorised) vs row by row.

Targets (issue 5): the vectorised scoring of 2,000,000 forms takes < 5 s and is at
least 20x faster than a straightforward row-by-row implementation.  The row-by-row
version (below, written for this benchmark: a Python loop per form, the way an
SPSS-by-hand or a naive script scores) is timed on a 100,000-form sample and its
per-form time is extrapolated to 2,000,000 forms (running it fully would take
minutes); both implementations are checked to give identical scores on that sample.

Run: python benchmarks/questionnaires_scoring.py
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.questionnaires import score  # noqa: E402
from analysis.questionnaires.instruments import load_instrument  # noqa: E402

N_RESPONDENTS = 1_000_000
SAMPLE = 100_000
SDQ = load_instrument("sdq_parent_4_17")


def make_forms(n_respondents: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 2 * n_respondents
    x = rng.integers(0, 3, size=(n, 25)).astype(float)
    x[rng.random(x.shape) < 0.03] = np.nan  # 3% unanswered items
    forms = pd.DataFrame(x, columns=SDQ.item_columns)
    forms.insert(0, "child_age", np.repeat(rng.integers(4, 18, n_respondents), 2))
    forms.insert(0, "wave", np.tile(["t0", "t1"], n_respondents))
    forms.insert(0, "respondent_id", np.repeat(np.arange(n_respondents), 2))
    return forms


def score_row_by_row(forms: pd.DataFrame) -> pd.DataFrame:
    """One form at a time, one item at a time (reference implementation)."""
    rows = []
    for rec in forms.to_dict("records"):
        out = {"respondent_id": rec["respondent_id"], "wave": rec["wave"]}
        for name, scale in SDQ.scales.items():
            answered, total = 0, 0.0
            for item in scale.items:
                v = rec[SDQ.item_column(item)]
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue
                if item in SDQ.reverse_items:
                    v = 2 - v
                answered += 1
                total += v
            out[name] = math.floor(total * 5 / answered + 0.5) if answered >= 3 else float("nan")
        parts = [out[p] for p in ("emotional", "conduct", "hyperactivity", "peer")]
        out["total_difficulties"] = float("nan") if any(math.isnan(p) for p in parts) else sum(parts)
        rows.append(out)
    return pd.DataFrame(rows)


def main() -> None:
    forms = make_forms(N_RESPONDENTS)
    score.score_forms(forms.head(1000), SDQ)  # warm-up (imports, first allocation)
    t0 = time.perf_counter()
    vec = score.score_forms(forms, SDQ)
    t_vec = time.perf_counter() - t0

    sample = forms.head(SAMPLE)
    t0 = time.perf_counter()
    ref = score_row_by_row(sample)
    t_row_sample = time.perf_counter() - t0
    cols = [*SDQ.scales, "total_difficulties"]
    pd.testing.assert_frame_equal(
        vec.head(SAMPLE)[cols].reset_index(drop=True), ref[cols].astype(float), check_dtype=False
    )
    t0 = time.perf_counter()
    score.score_forms(sample, SDQ)
    t_vec_sample = time.perf_counter() - t0

    t_row_full = t_row_sample * len(forms) / SAMPLE
    print(f"SDQ scoring, {N_RESPONDENTS:,} respondents x 2 waves = {len(forms):,} forms")
    print(
        f"  vectorised (analysis.questionnaires.score): {t_vec:8.2f} s   (target < 5 s: "
        f"{'OK' if t_vec < 5 else 'TOO SLOW'})"
    )
    print(
        f"  row by row, {SAMPLE:,} forms measured:       {t_row_sample:8.2f} s   "
        f"-> extrapolated to {len(forms):,}: {t_row_full:8.1f} s"
    )
    print(f"  vectorised on the same {SAMPLE:,} forms:        {t_vec_sample:8.3f} s")
    print(
        f"  speed-up (full, extrapolated row by row):   {t_row_full / t_vec:8.0f}x  (target >= 20x: "
        f"{'OK' if t_row_full / t_vec >= 20 else 'TOO SLOW'})"
    )
    print(f"  speed-up (same {SAMPLE:,}-form sample):       {t_row_sample / t_vec_sample:8.0f}x")
    print("  identical scores on the sample: yes")


if __name__ == "__main__":
    main()
