"""Benchmark: cold build, no-change rebuild, one changed raw table, one changed labels file.

Copies the project's tracked files into a temporary folder (so your own data_processed/ and
_site/ stay as they are) and times, per renderer,
  1. a cold build (nothing built yet, packages installed),
  2. an immediate second build with nothing changed,
  3. a build after one raw table changed (``data_raw/st_raw/observations.csv``: one byte more,
     same data) — re-runs one dataset, the notebooks that read it, the pages that embed them,
  4. a build after one labels file changed (a comment in ``analysis/monitoring/labels.py``) —
     re-runs only the steps whose code imports it (embedded renderer only).
Targets on a 2-core machine: embedded cold < 30 s, no-change < 1 s, one table < 10 s, one labels
file < 20 s; Quarto cold < 180 s, no-change < 2 s, one table < 60 s. Prints timings and the
build's own count of steps run, each line as soon as it is measured: wall and CPU seconds (the
build and the kernels and Quarto it starts), the ratio to the target and the machine's load
average (other work on the machine slows every figure), and the machine's pace at the start and
at the end (:func:`machine_pace`); no assertions.

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


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows: no CPU figure
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _adopt_orphans() -> None:
    """Count the CPU of processes the build leaves behind as well: the notebook step's forkserver
    (and the workers it forks and reaps) outlives the build process by a moment and is then
    re-parented.  On Linux this process becomes their "subreaper", so they are re-parented here and
    :func:`_reap_orphans` waits for them, which adds their CPU to ``RUSAGE_CHILDREN``."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_CHILD_SUBREAPER = 36
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_orphans(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except (ChildProcessError, AttributeError):
            return  # no child left (or Windows)
        if pid == 0:
            time.sleep(0.05)


def _load() -> str:
    try:
        return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "load ?"


def timed_build(root: Path, renderer: str) -> tuple[float, float, str]:
    """Wall and CPU seconds (the build and everything it started: kernels, Quarto) and the steps run."""
    t, cpu = time.perf_counter(), _children_cpu()
    result = run(root, "build", "--renderer", renderer, timeout=3600)
    elapsed = time.perf_counter() - t
    _reap_orphans()
    cpu = _children_cpu() - cpu
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    m = re.search(r"\((\d+) stap\(pen\) uitgevoerd", result.stdout)
    return elapsed, cpu, (f"{m.group(1)} stappen" if m else "niets gedaan")


TARGETS = {
    "embedded": {"cold build": 30, "no-change rebuild": 1, "one raw table": 10, "one labels file": 20},
    "quarto": {"cold build": 180, "no-change rebuild": 2, "one raw table": 60},
}


def measure(renderer: str) -> dict[str, tuple[float, float, str]]:
    """Each build of one renderer in a fresh copy of the project; every figure is printed as it comes."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project", register=False)

        def step(name: str) -> None:
            out[name] = timed_build(root, renderer)
            seconds, cpu, steps = out[name]
            target = TARGETS[renderer][name]
            print(
                f"{renderer:<9} {name:<18} {seconds:7.2f} s wall {cpu:7.1f} s CPU  ({steps}; target < {target} s, "
                f"{seconds / target:4.2f}x target; {_load()})",
                flush=True,
            )

        step("cold build")
        step("no-change rebuild")
        table = root / TABLE
        table.write_bytes(table.read_bytes().rstrip(b"\n") + b"\n\n")
        run(root, "manifest", "--update")
        step("one raw table")
        if "one labels file" in TARGETS[renderer]:
            labels = root / LABELS
            labels.write_text(labels.read_text(encoding="utf-8") + "\n# benchmark: a comment\n", encoding="utf-8")
            step("one labels file")
        cold, warm = out["cold build"][0], out["no-change rebuild"][0]
        print(f"{renderer:<9} ratio cold / no-change: {cold / warm:.0f}x", flush=True)
    return out


def machine_pace(n: int = 3_000_000) -> float:
    """CPU seconds of one fixed piece of pure-Python work (a loop of ``n`` multiplications and
    additions). On a shared or virtual machine its speed drifts; this figure, printed before and
    after the builds, says how fast the machine was while they ran (smaller = faster), so two runs
    of this script can be compared fairly."""
    t = time.process_time()
    s = 0
    for i in range(n):
        s += i * i
    return time.process_time() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renderer", default="embedded", choices=["embedded", "quarto", "both"])
    args = parser.parse_args()
    renderers = ["embedded"] + (["quarto"] if args.renderer in ("quarto", "both") else [])
    if "quarto" in renderers and shutil.which("quarto") is None:
        print("Quarto staat niet op PATH: alleen de ingebouwde renderer wordt gemeten.")
        renderers = ["embedded"]
    _adopt_orphans()
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {_load()} at the start, "
        f"pace {machine_pace():.3f} s (a fixed loop; smaller = faster)",
        flush=True,
    )
    results = {r: measure(r) for r in renderers}
    if len(results) == 2:
        print("\nside by side (wall seconds)     embedded    quarto   quarto / embedded")
        for name in TARGETS["quarto"]:
            e, q = results["embedded"][name][0], results["quarto"][name][0]
            print(f"  {name:<28} {e:8.2f} {q:9.2f}   {q / e:6.1f}x")
    print(f"{_load()} at the end, pace {machine_pace():.3f} s", flush=True)


if __name__ == "__main__":
    main()
