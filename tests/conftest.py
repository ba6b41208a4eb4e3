"""Built sites shared by the whole test session (every folder under tests/ sees these fixtures).

Building the whole demonstration site takes about a minute of CPU; the suite does it ONCE.

How to use them (read-only!)
----------------------------
``full_site``        the tracked project (``git ls-files``) copied to a temporary folder and built by
                     ``python -m analysis build --renderer embedded``: ``full_site / "_site"``,
                     ``full_site / "downloads"``, ``full_site / "data_processed"`` and
                     ``full_site / "_build/notebooks"`` (every notebook as executed by the build).
``full_site_min10``  the same site rebuilt with ``[privacy] min_cell = 10``.
``quarto_site``      the same tracked project built once with Quarto (skips where Quarto is absent):
                     ``quarto_site / "_site"`` is Quarto's site and PDFs (tests/foundation/test_quarto.py).
``full_site_build``, ``full_site_min10_build``  ``(root, result)``: the same, with the build's output
                     (``result.stdout`` holds the build's own privacy check, "Privacycontrole: in orde").

A test that only READS a built site takes one of these as an argument::

    def test_my_page_says_so(full_site):
        html = (full_site / "_site/reports/idu-midi.html").read_text(encoding="utf-8")
        assert ...

To run a command on it that only reads (a no-change ``build``), use
``analysis.testing.run(full_site, "build")``; the privacy check already ran as the build's last step.

A test that must CHANGE something (put an export in ``data_raw/private/``, edit a page, plant a
leak) never writes into these folders: it takes ``site_copy`` (a function) to get its own copy of
the built project and then runs an incremental build there; the build keys re-run only the
dataset, notebooks and pages that depend on the change::

    def test_own_export(site_copy, tmp_path):
        root = site_copy(tmp_path / "project")
        (root / "data_raw/private/x").mkdir(parents=True) ...
        run(root, "manifest", "--update"); result = run(root, "build", "--renderer", "embedded")

``make test`` runs the suite in parallel worker processes (pytest-xdist, ``-n auto``); each of these
sites is still built ONCE per session: the first worker that needs it builds it under a file lock
in the session's shared temporary folder, the others wait for it and read the same folder
(:func:`built_once`). A module's tests stay on one worker (``--dist loadscope``), so a
module-scoped fixture is built once too.

Do not add another whole-site build to the suite: extend these fixtures instead. Tests that need
only one chain build a small copy (``analysis.testing.copy_project(dest, MINIMAL + [...])``).

Small projects built once, too
------------------------------
``minimal_site``     the Databronnen chain (``MINIMAL``) built by the embedded renderer (read-only);
                     ``minimal_site_build`` is ``(root, result)``.
``shared_build``     ``shared_build(name, make)`` → ``(root, result)``: any small project that several
                     modules start from (a domain's chain on its demonstration data, then with a
                     researcher's export) is built ONCE per session by ``make(root)`` (as
                     :func:`built_once`), e.g. ``tests/questionnaires/conftest.py``. Such a folder is
                     read-only like ``full_site``: a test that changes it takes
                     ``analysis.testing.copy_built(root, tmp_path / "project")`` and builds that copy
                     incrementally, which re-runs only what depends on her change.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from analysis.testing import MINIMAL, copy_built, copy_project, run


def built_once(tmp_path_factory, name: str, make) -> tuple[Path, subprocess.CompletedProcess]:
    """``(root, result)`` of ``make(root)`` (a function that builds a project at ``root`` and returns
    the build's completed process), run once per test session even when pytest-xdist spreads the
    tests over several processes: under a file lock in the folder all workers share, the first
    one builds and records the result, the others wait and get the same folder and result."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-of-<user>/pytest-<n>/, above every worker's popen-gw<i>/
    root, record = base / name / "project", base / f"{name}.json"
    with FileLock(str(base / f"{name}.lock")):
        if not record.exists():
            result = make(root)
            record.write_text(json.dumps([result.args, result.returncode, result.stdout, result.stderr]))
    args, returncode, stdout, stderr = json.loads(record.read_text())
    result = subprocess.CompletedProcess(args, returncode, stdout, stderr)
    assert returncode == 0, stdout[-3000:] + stderr[-5000:]
    return root, result


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory):
    """``shared_build(name, make)`` → ``(root, result)``: :func:`built_once` for a small project that
    several test modules start from (read-only; change a :func:`analysis.testing.copy_built` of it)."""
    return lambda name, make: built_once(tmp_path_factory, name, make)


@pytest.fixture(scope="session")
def minimal_site_build(shared_build):
    """``(root, result)``: the Databronnen chain (``MINIMAL``, with the repository's ``.gitignore``)
    built once per session by the embedded renderer (read-only)."""

    def make(root):
        copy_project(root, MINIMAL + [".gitignore"])
        return run(root, "build", "--renderer", "embedded")

    return shared_build("minimal", make)


@pytest.fixture(scope="session")
def minimal_site(minimal_site_build) -> Path:
    """The Databronnen chain built once per session by the embedded renderer (read-only)."""
    return minimal_site_build[0]


@pytest.fixture(scope="session")
def full_site_build(tmp_path_factory):
    """``(root, result)``: ``full_site`` and the completed process of its build (its ``stdout`` ends
    with the build's own privacy check of everything it wrote: no need to run that check again)."""

    def make(root):
        copy_project(root, None, register=False)
        return run(root, "build", "--renderer", "embedded", ordinary=True)  # a new interpreter, as a user's

    return built_once(tmp_path_factory, "full", make)


@pytest.fixture(scope="session")
def full_site(full_site_build) -> Path:
    """The whole tracked project, built once per session by the embedded renderer (read-only)."""
    return full_site_build[0]


@pytest.fixture(scope="session")
def full_site_min10(full_site_min10_build) -> Path:
    """``full_site`` rebuilt with ``[privacy] min_cell = 10`` (read-only)."""
    return full_site_min10_build[0]


@pytest.fixture(scope="session")
def full_site_min10_build(full_site, tmp_path_factory):
    """``full_site`` copied and rebuilt with ``[privacy] min_cell = 10`` (read-only). The build keys
    include the ``[privacy]`` section, so exactly the steps that apply the threshold run again; the
    site tests then check that every page, figure and download follows the stricter threshold, so a
    step whose key missed the setting would show up there as a stale count below 10."""

    def make(root):
        copy_built(full_site, root)
        toml = root / "analysis.toml"
        text = toml.read_text(encoding="utf-8")
        toml.write_text(re.sub(r"(?m)^min_cell\s*=\s*\d+", "min_cell = 10", text), encoding="utf-8")
        return run(root, "build", "--renderer", "embedded")

    root, result = built_once(tmp_path_factory, "full10", make)
    assert "Niets gewijzigd" not in result.stdout  # the threshold did reach the keys
    return root, result


@pytest.fixture(scope="session")
def site_copy(full_site):
    """``site_copy(dest)`` → a private copy of the built ``full_site`` at ``dest`` (a ``Path``) to
    change and rebuild incrementally."""
    return lambda dest: copy_built(full_site, Path(dest))


@pytest.fixture(scope="session")
def quarto_site(tmp_path_factory) -> Path:
    """The whole tracked project, committed in a git repository of its own, built once per
    session with Quarto (read-only) — the ONE Quarto build of the test session: every Quarto
    check (pages, PDFs, same numbers as ``full_site``, demonstration marks, clean work tree)
    reads it. Skips, with the reason, where Quarto is not on PATH."""
    import shutil

    if shutil.which("quarto") is None:
        pytest.skip(
            "Quarto staat niet op PATH (https://quarto.org/docs/get-started/); de ingebouwde renderer is getest"
        )

    def commit(root):
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
        subprocess.run([*git, "add", "-A"], cwd=root, check=True)
        subprocess.run([*git, "commit", "-qm", "project"], cwd=root, check=True)

    def make(root):
        copy_project(root, register=False)
        commit(root)
        return run(root, "build", "--renderer", "quarto", timeout=3600)

    return built_once(tmp_path_factory, "quarto", make)[0]
