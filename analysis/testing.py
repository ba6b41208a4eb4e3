"""Build a copy of (part of) the project in isolation — for tests and benchmarks.

A copy gets its own ``data_raw/`` manifest, ``data_processed/`` and ``_site/``;
commands run as subprocesses with ``ANALYSIS_ROOT`` pointing at it, exactly as a
user runs them, so the working tree's own outputs are never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The Databronnen chain: the smallest complete project (data → notebook → report).
MINIMAL = [
    "_quarto.yml",
    "index.qmd",
    "references.bib",
    "analysis.toml",
    "reports/_metadata.yml",
    "requirements.lock",
    "analysis/schemas/databronnen.yaml",
    "data_raw/databronnen",
    "notebooks/01-databronnen.ipynb",
    "reports/databronnen.qmd",
]


def run(root: Path, *args: str, module: str = "analysis", timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m <module> <args>`` on the project copy at ``root``; output captured."""
    env = dict(os.environ, ANALYSIS_ROOT=str(root))
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout
    )


def tracked_files() -> list[str]:
    """Every file git tracks in this repository (what a fresh clone holds)."""
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if (REPO / f).is_file()]


def copy_project(dest: Path, files: list[str] | None = None, register: bool = True) -> Path:
    """Copy ``files`` (paths or folders relative to the repository; default: all tracked
    files) to ``dest``, make it a git repository and, by default, register its raw data."""
    dest = Path(dest)
    for rel in files if files is not None else tracked_files():
        src, target = REPO / rel, dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, dirs_exist_ok=True)
        else:
            shutil.copy2(src, target)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    if register:
        result = run(dest, "manifest", "--update")
        if result.returncode != 0:
            raise RuntimeError(result.stdout + result.stderr)
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to show that nothing was written."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}
