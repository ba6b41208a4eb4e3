"""Benchmark: import and analyse a REFI-QDA project with 100,000 coded segments.

Target: import + analysis < 10 s. Builds a synthetic project (1,000 interviews, 100 coded
segments each, two coders on 10% of the interviews) with the package's own export: every
interview is a text file in the archive (``sources/<guid>.txt``), every segment a sentence of
its text. Then times: import_project (reading the 1,000 texts and cutting a quote for every
coding), respondent_counts + classify + category summary, coder_agreement.
Run:  python benchmarks/determinants_import.py [n_segments]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.determinants import analyse, refi_qda  # noqa: E402
from analysis.determinants.coding_table import read_coding_table  # noqa: E402
from analysis.determinants.frameworks import load_codebook  # noqa: E402

TARGET_S = 10.0


def synthetic(n_segments: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    keys = load_codebook("midi")["key"].to_numpy()
    n_resp = max(n_segments // 100, 2)
    resp = pd.DataFrame(
        {
            "respondent": [f"R{i:05d}" for i in range(n_resp)],
            "group": np.where(np.arange(n_resp) % 2 == 0, "gemeente", "zorgaanbieder"),
        }
    )
    r = np.repeat(resp["respondent"].to_numpy(), 100)[:n_segments]
    seg = [f"{x}-s{i % 100:03d}" for i, x in enumerate(r)]
    cod = pd.DataFrame(
        {
            "respondent": r,
            "segment": seg,
            "determinant": rng.choice(keys, n_segments),
            "valence": rng.choice(["bevorderend", "belemmerend", "neutraal"], n_segments),
            "coder": "codeur_1",
        }
    )
    cod = cod.merge(resp, on="respondent")
    second = cod[cod["respondent"].isin(resp["respondent"][::10])].copy()
    flip = rng.random(len(second)) < 0.15
    second.loc[flip, "determinant"] = rng.choice(keys, flip.sum())
    second["coder"] = "codeur_2"
    both = pd.concat([cod, second], ignore_index=True)
    return both[["respondent", "group", "segment", "determinant", "valence", "coder"]], resp


def main(n_segments: int = 100_000) -> None:
    t0 = time.perf_counter()
    codings, resp = synthetic(n_segments)
    root = refi_qda.project_root(("midi",), users={"codeur_1": "codeur_1", "codeur_2": "codeur_2"})
    files = refi_qda.add_codings(root, codings, text_of=lambda s: f"Synthetisch fragment {s} over de grondhouding.")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bench.qdpx"
        qde = refi_qda._to_bytes(root, refi_qda.NS_PROJECT)
        path.write_bytes(refi_qda.qdpx_bytes(qde, files))
        setup = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6

        t = time.perf_counter()
        res = refi_qda.import_project(path)
        t_import = time.perf_counter() - t
    table = res.table
    assert table["quote"].notna().all() and table["quote"].str.startswith("Synthetisch fragment").all()
    t = time.perf_counter()
    counts = analyse.classify(analyse.respondent_counts(table, resp, coder="codeur_1"))
    analyse.category_summary(table, resp, counts, coder="codeur_1")
    t_counts = time.perf_counter() - t
    t = time.perf_counter()
    per, overall = analyse.coder_agreement(table, ("codeur_1", "codeur_2"))
    t_agree = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as d:
        csv = Path(d) / "codings.csv"
        table.to_csv(csv, index=False)
        t = time.perf_counter()
        read_coding_table(csv)
        t_csv = time.perf_counter() - t
    total = t_import + t_counts + t_agree
    n_primary = int((table["coder"] == "codeur_1").sum())
    print(
        f"coded segments (primary coder): {n_primary:,}; rows incl. second coder: {len(table):,}; "
        f".qdpx {size_mb:.1f} MB with {len(files):,} text files (built in {setup:.1f} s, not timed)"
    )
    print(f"quotes cut: {table['quote'].notna().sum():,} (e.g. {table['quote'].iloc[0]!r})")
    print(f"import_project          {t_import:6.2f} s")
    print(f"counts+classify+summary {t_counts:6.2f} s")
    print(f"coder_agreement         {t_agree:6.2f} s  (alpha {overall['alpha']:.3f}, {overall['n_units']:,} units)")
    print(f"(CSV route) read_coding_table of the same table: {t_csv:.2f} s")
    print(
        f"total import+analysis   {total:6.2f} s  target < {TARGET_S:.0f} s  ratio {total / TARGET_S:.2f} "
        f"-> {'OK' if total < TARGET_S else 'TOO SLOW'}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
