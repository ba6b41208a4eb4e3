"""Benchmark: cold build, no-change rebuild, one changed raw table, one changed labels file.

Copies the project's tracked files into a temporary folder (so your own data_processed/ and
_site/ stay as they are) and times, per renderer,
  1. a cold build (nothing built yet, packages installed),
  2. an immediate second build with nothing changed,
  3. a build after one raw table changed (``data_raw/st_raw/observations.csv``: one byte more,
     same data) — re-runs one dataset, the notebooks that read it, the pages that embed them,
  4. a build after one labels file changed (a comment in ``analysis/monitoring/labels.py``) —
     re-runs only the steps whose code imports it.
Targets on a 2-core machine: embedded cold < 30 s, no-change < 1 s, one table < 10 s, one labels
file < 20 s; Quarto cold < 180 s, no-change < 2 s, one table < 60 s. Prints timings and the
build's own count of steps run; no assertions.

    python benchmarks/build_speed.py [--renderer embedded|quarto|both]

``quarto`` and ``both`` time the embedded renderer too, in the same run, when Quarto is on PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis.testing import copy_project, run

TABLE = "data_raw/st_raw/observations.csv"
LABELS = "analysis/monitoring/labels.py"


def timed_build(root: Path, renderer: str) -> tuple[float, str]:
    t = time.perf_counter()
    result = run(root, "build", "--renderer", renderer, timeout=3600)
    elapsed = time.perf_counter() - t
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    m = re.search(r"\((\d+) stap\(pen\) uitgevoerd", result.stdout)
    return elapsed, (f"{m.group(1)} stappen" if m else "niets gedaan")


def measure(renderer: str) -> dict[str, tuple[float, str]]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project", register=False)
        out["cold build"] = timed_build(root, renderer)
        out["no-change rebuild"] = timed_build(root, renderer)
        table = root / TABLE
        table.write_bytes(table.read_bytes().rstrip(b"\n") + b"\n\n")
        run(root, "manifest", "--update")
        out["one raw table"] = timed_build(root, renderer)
        labels = root / LABELS
        labels.write_text(labels.read_text(encoding="utf-8") + "\n# benchmark: a comment\n", encoding="utf-8")
        out["one labels file"] = timed_build(root, renderer)
    return out


TARGETS = {
    "embedded": {"cold build": 30, "no-change rebuild": 1, "one raw table": 10, "one labels file": 20},
    "quarto": {"cold build": 180, "no-change rebuild": 2, "one raw table": 60, "one labels file": 60},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renderer", default="embedded", choices=["embedded", "quarto", "both"])
    args = parser.parse_args()
    renderers = ["embedded"] + (["quarto"] if args.renderer in ("quarto", "both") else [])
    if "quarto" in renderers and shutil.which("quarto") is None:
        print("Quarto staat niet op PATH: alleen de ingebouwde renderer wordt gemeten.")
        renderers = ["embedded"]
    results = {r: measure(r) for r in renderers}
    for r, rows in results.items():
        print(f"\n{r}:")
        for name, (seconds, steps) in rows.items():
            print(f"  {name:<20} {seconds:7.2f} s   ({steps}; target < {TARGETS[r][name]} s)")
        cold, warm = rows["cold build"][0], rows["no-change rebuild"][0]
        print(f"  ratio cold / no-change: {cold / warm:5.1f} x")
    if len(results) == 2:
        print(
            f"\nQuarto / embedded, cold: {results['quarto']['cold build'][0] / results['embedded']['cold build'][0]:.1f} x"
        )
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
