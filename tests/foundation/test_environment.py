"""pyproject.toml and environment.yml list the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import REPO

# PyPI name → conda-forge name, where they differ. Packages that conda-forge does not carry
# are listed under `pip:` in environment.yml and compared by their PyPI name.
CONDA_NAME = {"quarto-cli": "quarto", "graphviz": "python-graphviz"}
CONDA_ONLY = {"python", "pip", "graphviz"}  # graphviz: the dot program itself (conda-forge)


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_pyproject_and_environment_list_the_same_packages():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pypi = {_name(d) for d in project["dependencies"]}
    pypi |= {_name(d) for deps in project.get("optional-dependencies", {}).values() for d in deps}
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(d) for d in dep.get("pip", []) if not d.startswith("-e")}
        else:
            conda.add(_name(dep))
    expected = {CONDA_NAME.get(p, p) for p in pypi}
    listed = (conda - CONDA_ONLY) | {CONDA_NAME.get(p, p) for p in pip}
    assert listed == expected, {"only in pyproject": sorted(expected - listed),
                                "only in environment.yml": sorted(listed - expected)}
    assert "conda-forge" in env["channels"]
    assert "quarto" in conda


def test_python_version_floor():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
