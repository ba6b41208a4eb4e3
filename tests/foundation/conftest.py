"""Fixtures: a small copy of the project (the Databronnen chain) to build in isolation.

Builds run as subprocesses with ANALYSIS_ROOT pointing at the copy, exactly as a
user runs them, so the real data_processed/ and _site/ are never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MINI_FILES = ["_quarto.yml", "index.qmd", "references.bib", "analysis.toml",
              "analysis/schemas/databronnen.yaml", "data_raw/databronnen",
              "notebooks/01-databronnen.ipynb", "reports/databronnen.qmd", "reports/_metadata.yml"]


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANALYSIS_ROOT=str(root))
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def make_project(dest: Path, files=MINI_FILES) -> Path:
    for rel in files:
        src = REPO / rel
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copy2(src, target)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    result = run_build(dest, "manifest", "--update")
    assert result.returncode == 0, result.stderr
    return dest


@pytest.fixture
def mini(tmp_path) -> Path:
    """A fresh copy of the Databronnen chain with its own manifest."""
    return make_project(tmp_path / "project")


@pytest.fixture
def built(mini) -> Path:
    """The mini project after a successful data build (no render)."""
    result = run_build(mini, "build", "--no-render")
    assert result.returncode == 0, result.stdout + result.stderr
    return mini


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
