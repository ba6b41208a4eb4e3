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

# What every built site needs besides its chains (configuration, home page, literature, print and
# screen style, the lock file the provenance line names): every project copy starts from this list.
SITE_FRAME = [
    "_quarto.yml",
    "index.qmd",
    "references.bib",
    "analysis.toml",
    "reports/_metadata.yml",
    "reports/print.typ",
    "analysis/site.css",
    "requirements.lock",
]

# The Databronnen chain: the smallest complete project (data → notebook → report).
MINIMAL = SITE_FRAME + [
    "analysis/schemas/databronnen.yaml",
    "data_raw/databronnen",
    "notebooks/01-databronnen.ipynb",
    "reports/databronnen.qmd",
]


def user_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's environment) as a user's command has it: without the
    variables the test runner sets for itself (``PYTEST_*``, a different one for every test) and the
    terminal size that GNU readline exports when a process of the test session loads it (xdist's
    workers start with ``COLUMNS`` and ``LINES`` that its main process never had)."""
    env = os.environ if env is None else env
    return {k: v for k, v in env.items() if not k.startswith("PYTEST_") and k not in ("COLUMNS", "LINES")}


def run(
    root: Path, *args: str, module: str = "analysis", timeout: int = 900, ordinary: bool = False
) -> subprocess.CompletedProcess:
    """``python -m <module> <args>`` on the project copy at ``root``, in :func:`user_env`; output
    captured. Where the test session has a command server (:data:`analysis.kernel_forks.COMMAND_ENV`,
    Linux), the command is forked from it: the same command, without importing pandas and matplotlib
    again; ``ordinary=True`` starts a new interpreter all the same."""
    from .kernel_forks import COMMAND_ENV, supported

    env = dict(user_env(), ANALYSIS_ROOT=str(root))
    command = [sys.executable, "-m", module, *args]
    if not ordinary and env.get(COMMAND_ENV) and supported():
        command = [sys.executable, "-m", "analysis.kernel_forks", "run", module, *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


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


def add_private(
    root: Path, dataset: str, files, inspect: str | None = None
) -> tuple[Path, subprocess.CompletedProcess | None]:
    """The documented route for a researcher's own export, on a project copy: copy ``files`` (paths)
    into ``data_raw/private/<dataset>/``, let ``python -m analysis inspect <inspect> --write`` propose
    the mapping for the file named ``inspect`` (accepted as proposed), and register the raw data.
    Returns the private folder and inspect's result (``None`` without ``inspect``); a failing
    inspect or manifest fails the caller with its output."""
    private = Path(root) / "data_raw" / "private" / dataset
    private.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy2(f, private / Path(f).name)
    result = None
    if inspect is not None:
        rel = (private / inspect).relative_to(root).as_posix()
        result = run(root, "inspect", rel, "--dataset", dataset, "--write")
        assert result.returncode == 0, result.stdout + result.stderr
    registered = run(root, "manifest", "--update")
    assert registered.returncode == 0, registered.stdout + registered.stderr
    return private, result


def built_project(
    dest: Path, files: list[str] | None = None, *build_args: str, register: bool = True, prepare=None
) -> tuple[Path, subprocess.CompletedProcess]:
    """Copy ``files`` to ``dest`` (see :func:`copy_project`), let ``prepare(root)`` change the copy
    (its raw data are registered again afterwards), build it (default: the embedded renderer) and
    return the root and the build's result; a failing build fails the caller with its output."""
    root = copy_project(dest, files, register=register)
    if prepare is not None:
        prepare(root)
        result = run(root, "manifest", "--update")
        if result.returncode != 0:
            raise RuntimeError(result.stdout + result.stderr)
    result = run(root, *(build_args or ("build", "--renderer", "embedded")))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return root, result


def copy_built(src: Path, dest: Path) -> Path:
    """A copy of an already built project (outputs and build state included), so that a test can
    change it and rebuild incrementally instead of building everything again."""
    shutil.copytree(src, dest, symlinks=True)
    return Path(dest)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to show that nothing was written."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}
