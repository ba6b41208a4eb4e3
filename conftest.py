"""Test-session set-up for the whole repository (tests/ and the nbval run of notebooks/).

Notebooks read processed data, so the data step of the build runs first
(incremental: a no-op when nothing changed). The kernel that nbval starts is
this Python (see analysis.notebooks.kernel_dir).
"""

import os
import subprocess
import sys

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sources: reads the published source documents (analysis.paths.SEEDS); skips when they are absent"
    )


def pytest_runtest_setup(item):
    """The one guard for tests that read the source documents: they skip, with the setting named,
    in a clone without them (every user's clone)."""
    if item.get_closest_marker("sources") is None:
        return
    from analysis import paths, sources

    if not sources.available():
        pytest.skip(
            f"brondocumenten niet gevonden in {paths.SEEDS} (zet {paths.SOURCES_ENV} op de map "
            "met de brondocumenten; zie README)"
        )


def pytest_sessionstart(session):
    from analysis import paths
    from analysis.notebooks import kernel_dir

    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(kernel_dir())] + [p for p in [os.environ.get("JUPYTER_PATH")] if p]
    )
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # pytest-xdist: the main process built the data before it started the workers
    _share_kept_banners(session)
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--no-render"], cwd=paths.ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.exit(
            "De databuild faalt, dus de notebooks kunnen niet draaien:\n" + result.stdout + result.stderr, returncode=1
        )


def _share_kept_banners(session):
    """One folder of kept banners (``ANALYSIS_KEPT_BANNERS``) for every build of the session: this
    data build and the test builds (xdist workers inherit it). A banner is kept by a hash of
    everything it is drawn from, so the many copies of the demonstration cases draw each banner
    once (drawing them was a sixth of the suite's time). A test about drawing itself (two clean
    builds drawing the same bytes, the cache of one project) unsets it. A folder the user set is
    hers: used, not removed."""
    import tempfile

    from analysis import paths

    if not os.environ.get(paths.KEPT_BANNERS_ENV):
        session.config._kept_banners = tempfile.mkdtemp(prefix="kept-banners-")
        os.environ[paths.KEPT_BANNERS_ENV] = session.config._kept_banners


def pytest_sessionfinish(session):
    import shutil

    folder = getattr(session.config, "_kept_banners", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
