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
    # the session's folder of kept banners (tests/conftest.py, banners_drawn_once): the banners this
    # data build draws are the ones the test builds of the demonstration cases would draw again
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None and paths.KEPT_BANNERS_ENV not in os.environ:
        folder = factory.getbasetemp() / "kept-banners"
        folder.mkdir(exist_ok=True)
        os.environ[paths.KEPT_BANNERS_ENV] = str(folder)
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--no-render"], cwd=paths.ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.exit(
            "De databuild faalt, dus de notebooks kunnen niet draaien:\n" + result.stdout + result.stderr, returncode=1
        )
