"""Fixtures for the IDU lessons tests: the real transcribed tables, and an isolated project copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def tables():
    """The raw tables of idu_lessons, typed and checked by schema + domain validator."""
    from analysis.data import read_dataset
    from analysis.lessons.validate import validate_tables
    from analysis.schema import load_schema

    schema = load_schema("idu_lessons")
    return validate_tables(read_dataset(schema), schema)


def run_analysis(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANALYSIS_ROOT=str(root),
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder holding only the idu_lessons chain, built once (data only)."""
    root = tmp_path / "project"
    (root / "analysis" / "schemas").mkdir(parents=True)
    shutil.copy2(REPO / "analysis/schemas/idu_lessons.yaml", root / "analysis/schemas/idu_lessons.yaml")
    shutil.copytree(REPO / "data_raw/idu_lessons", root / "data_raw/idu_lessons")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    assert run_analysis(root, "manifest", "--update").returncode == 0
    result = run_analysis(root, "build", "--no-render")
    assert result.returncode == 0, result.stdout + result.stderr
    return root
