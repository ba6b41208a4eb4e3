"""The code passes the linter and the formatter configured in pyproject.toml ([tool.ruff])."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def _ruff() -> list[str]:
    return [sys.executable, "-m", "ruff"]  # in the dev extra: `make test` installs it


def test_ruff_check_finds_nothing():
    result = subprocess.run(
        [*_ruff(), "check", "--no-cache", "--output-format", "concise", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_would_change_nothing():
    """`ruff format --check .` (the same command as in CONTRIBUTING) finds no file to reformat."""
    result = subprocess.run(
        [*_ruff(), "format", "--check", "--no-cache", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, "Run `ruff format .` and commit:\n" + result.stdout + result.stderr


def test_ruff_format_would_catch_a_badly_formatted_file(tmp_path):
    """The format check is active: a file in another style is reported."""
    bad = tmp_path / "style.py"
    bad.write_text("x = {'a':1}\n", encoding="utf-8")
    result = subprocess.run(
        [*_ruff(), "format", "--check", "--no-cache", "--config", str(REPO / "pyproject.toml"), str(bad)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "style.py" in result.stdout + result.stderr


def test_ruff_would_catch_an_unused_import(tmp_path):
    """The configuration is active: a slip of the kind it exists for is reported."""
    bad = tmp_path / "slip.py"
    bad.write_text("import os\n\n\ndef f():\n    return undefined_name\n", encoding="utf-8")
    result = subprocess.run(
        [
            *_ruff(),
            "check",
            "--no-cache",
            "--config",
            str(REPO / "pyproject.toml"),
            "--output-format",
            "concise",
            str(bad),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "F401" in result.stdout and "F821" in result.stdout
