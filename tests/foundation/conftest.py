"""Fixtures: a small copy of the project (the Databronnen chain) to build in isolation."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.testing import MINIMAL, REPO, copy_project, run, snapshot  # noqa: F401  (re-exported for tests)

MINI_FILES = MINIMAL
run_build = run


def make_project(dest: Path, files=MINI_FILES) -> Path:
    return copy_project(dest, files)


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


# The whole built demonstration site (full_site, full_site_min10, site_copy): tests/conftest.py
