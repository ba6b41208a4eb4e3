"""pyproject.toml, the lock files and environment.yml describe one environment."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement

from .conftest import REPO

# PyPI name → conda-forge name, where they differ. Packages that conda-forge does not carry
# are listed under `pip:` in environment.yml and compared by their PyPI name.
CONDA_NAME = {"quarto-cli": "quarto", "graphviz": "python-graphviz"}
CONDA_ONLY = {"python", "pip", "graphviz"}  # graphviz: the dot program itself (conda-forge)
NOT_LOCKED = {"quarto", "quarto-cli"}  # optional: installed by the user (https://quarto.org)


def _name(spec: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0]).lower()


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _environment() -> tuple[dict[str, str], dict[str, str]]:
    """conda and pip entries of environment.yml: name → version spec ('' when unpinned)."""
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(d): d[len(_name(d)) :].strip() for d in dep.get("pip", []) if not d.startswith("-e")}
        else:
            conda[_name(dep)] = dep[len(_name(dep)) :].strip()
    return conda, pip


def _lock(name: str) -> dict[str, list[tuple[str, str]]]:
    """Lock file → normalised name → [(version, marker)], with every pin carrying a hash."""
    text = (REPO / name).read_text(encoding="utf-8")
    pins: dict[str, list[tuple[str, str]]] = {}
    for entry in re.split(r"\n(?=[A-Za-z])", text.split("\n", 2)[2]):
        m = re.match(r"([A-Za-z0-9_.-]+)==([^\s;\\]+)(?: ; ([^\\\n]+))?", entry)
        if not m:
            continue
        assert "--hash=sha256:" in entry, f"{name}: {m.group(1)} has no hash"
        pins.setdefault(_name(m.group(1)), []).append((m.group(2), (m.group(3) or "").strip()))
    return pins


def test_pyproject_and_environment_list_the_same_packages():
    project = _project()
    pypi = {_name(d) for d in project["dependencies"]}
    pypi |= {_name(d) for deps in project.get("optional-dependencies", {}).values() for d in deps}
    conda, pip = _environment()
    expected = {CONDA_NAME.get(p, p) for p in pypi}
    listed = (set(conda) - CONDA_ONLY) | {CONDA_NAME.get(p, p) for p in pip}
    assert listed == expected, {
        "only in pyproject": sorted(expected - listed),
        "only in environment.yml": sorted(listed - expected),
    }
    assert "quarto" in conda


def test_environment_pins_the_locked_versions():
    """Not just the names: conda users get the versions the tests ran with."""
    locked = _lock("requirements-dev.lock")
    to_pypi = {v: k for k, v in CONDA_NAME.items()}
    conda, pip = _environment()
    wrong = {}
    for name, spec in [*conda.items(), *pip.items()]:
        if name in CONDA_ONLY or name in NOT_LOCKED:
            continue
        versions = {v for v, _ in locked[to_pypi.get(name, name)]}
        if spec.lstrip("=") not in versions or not spec.startswith("=="):
            wrong[name] = (spec, sorted(versions))
    assert not wrong, f"environment.yml differs from requirements-dev.lock (run 'python tasks.py lock'): {wrong}"


def test_lock_files_satisfy_pyproject_and_agree():
    project = _project()
    dev, runtime = _lock("requirements-dev.lock"), _lock("requirements.lock")
    runtime_reqs = [Requirement(d) for d in project["dependencies"]]
    dev_reqs = runtime_reqs + [Requirement(d) for d in project["optional-dependencies"]["dev"]]
    for lock, reqs in ((dev, dev_reqs), (runtime, runtime_reqs)):
        for req in reqs:
            name = _name(req.name)
            assert name in lock, f"{name} is not locked: run 'python tasks.py lock'"
            for version, _marker in lock[name]:
                assert req.specifier.contains(version, prereleases=True), (name, version, str(req.specifier))
    for name, pins in runtime.items():  # one environment: the report lock is a subset of the dev lock
        assert {v for v, _ in pins} <= {v for v, _ in dev[name]}, (name, pins, dev[name])
    assert not set(runtime) & {"pytest", "nbval", "jupyterlab", "ruff"}
    assert not NOT_LOCKED & set(dev)


def test_lock_is_universal():
    """Resolved for Windows and macOS too (platform markers), not just for the machine that locked."""
    dev = _lock("requirements-dev.lock")
    header = (REPO / "requirements-dev.lock").read_text(encoding="utf-8").split("\n", 2)[1]
    assert "python tasks.py lock" in header
    assert '"--universal", "--generate-hashes"' in (REPO / "tasks.py").read_text(encoding="utf-8")
    markers = {m for pins in dev.values() for _, m in pins}
    assert any("win32" in m or "os_name == 'nt'" in m for m in markers)
    assert any("darwin" in m for m in markers)


def test_python_version_floor():
    assert _project()["requires-python"] == ">=3.11"


def test_provenance_names_the_lock_file():
    import hashlib

    from analysis.provenance import environment, provenance_line

    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    assert environment().startswith(f"requirements.lock sha256:{digest}")
    assert f"omgeving requirements.lock sha256:{digest}" in provenance_line()
