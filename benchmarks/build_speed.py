"""Benchmark: cold build and no-change rebuild of the whole project.

Copies the project's tracked files into a temporary folder (so your own
data_processed/ and _site/ stay as they are), then times
  1. a cold build (nothing built yet, packages installed), and
  2. an immediate second build with nothing changed.
Targets on a 2-core machine: cold < 60 s, no-change < 2 s. Prints timings, no assertions.

    python benchmarks/build_speed.py [--renderer embedded|quarto|auto]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from analysis.testing import copy_project, run


def timed_build(root: Path, renderer: str) -> float:
    t = time.perf_counter()
    result = run(root, "build", "--renderer", renderer)
    elapsed = time.perf_counter() - t
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renderer", default="embedded", choices=["embedded", "quarto", "auto"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project", register=False)
        cold = timed_build(root, args.renderer)
        warm = timed_build(root, args.renderer)
    print(f"cold build ({args.renderer}):      {cold:7.2f} s   (target < 60 s)")
    print(f"no-change rebuild:           {warm:7.2f} s   (target < 2 s)")
    print(f"ratio cold / no-change:      {cold / warm:7.1f} x")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
