"""Fixtures for the IDU lessons tests: the real transcribed tables, and an isolated project copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.testing import copy_project, run


@pytest.fixture(scope="session")
def tables():
    """The raw tables of idu_lessons, typed and checked by schema + domain validator."""
    from analysis.data import read_dataset
    from analysis.lessons.validate import validate_tables
    from analysis.schema import load_schema

    schema = load_schema("idu_lessons")
    return validate_tables(read_dataset(schema), schema)


run_analysis = run


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder holding only the idu_lessons chain, built once (data only)."""
    root = copy_project(tmp_path / "project", ["analysis/schemas/idu_lessons.yaml", "data_raw/idu_lessons"])
    result = run_analysis(root, "build", "--no-render")
    assert result.returncode == 0, result.stdout + result.stderr
    return root
