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


@pytest.fixture(scope="session")
def full_site(tmp_path_factory) -> Path:
    """The whole tracked project built once per session by the embedded renderer
    (the site checks in test_full_site.py and the browser test share it)."""
    root = copy_project(tmp_path_factory.mktemp("full") / "project", register=False)
    result = run_build(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return root


@pytest.fixture(scope="session")
def full_site_min10(tmp_path_factory) -> Path:
    """The whole tracked project built with ``[privacy] min_cell = 10`` (every page, figure and
    download must then follow the stricter threshold)."""
    import re

    root = copy_project(tmp_path_factory.mktemp("full10") / "project", register=False)
    toml = root / "analysis.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(re.sub(r"(?m)^min_cell\s*=\s*\d+", "min_cell = 10", text), encoding="utf-8")
    result = run_build(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return root
