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
    _share_kernel_server(session)
    _share_command_server(session)
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
    from analysis import paths

    if not os.environ.get(paths.KEPT_BANNERS_ENV):
        os.environ[paths.KEPT_BANNERS_ENV] = str(_session_folder(session) / "kept-banners")


def _share_kernel_server(session):
    """One warm kernel fork server (:mod:`analysis.kernel_forks`, ``ANALYSIS_KERNEL_SERVER``) for
    every build of the session (Linux): each build forks its notebooks' kernels from it instead of
    starting a server of its own or, for one notebook, an ordinary kernel that imports pandas,
    matplotlib, seaborn, statsmodels and pingouin again (a few seconds of CPU per notebook run,
    paid once instead). Its environment is the one a test build's kernels get
    (:func:`analysis.testing.user_env`; with the build's ``matplotlibrc`` in the session folder, which
    every build then reads); a kernel whose environment differs in anything that a preloaded
    library reads on import is refused by the server and starts ordinarily. The tests of the
    build's own server unset it."""
    from analysis import build, kernel_forks, notebooks
    from analysis.testing import user_env

    if not kernel_forks.supported() or os.environ.get(kernel_forks.SHARED_ENV):
        return
    os.environ.setdefault("MATPLOTLIBRC", str(build.matplotlib_rc(_session_folder(session) / "matplotlib")))
    server = kernel_forks.Server(user_env(notebooks.kernel_env()))
    os.environ[kernel_forks.SHARED_ENV] = server.start()
    session.config._kernel_server = server


def _share_command_server(session):
    """One warm command server (:data:`analysis.kernel_forks.COMMAND_ENV`, Linux) for the session's
    test commands: :func:`analysis.testing.run` forks each ``python -m analysis …`` from it instead of
    starting a new interpreter that imports pandas, matplotlib and the PDF and XML libraries again
    (about 130 commands in a suite run). A command whose environment differs
    from the server's in anything but this project's variables is refused and runs ordinarily. This
    data build and the whole project's build (``full_site``) start a new interpreter, as a user's
    command does, so every step also runs in one."""
    from analysis import kernel_forks
    from analysis.testing import user_env

    if not kernel_forks.supported() or os.environ.get(kernel_forks.COMMAND_ENV):
        return
    server = kernel_forks.Server(user_env(), commands=True)
    os.environ[kernel_forks.COMMAND_ENV] = server.start()
    session.config._command_server = server


def _session_folder(session):
    """A temporary folder for the session's shared files, removed when it ends."""
    import tempfile
    from pathlib import Path

    if getattr(session.config, "_session_folder", None) is None:
        session.config._session_folder = tempfile.mkdtemp(prefix="analysis-tests-")
    return Path(session.config._session_folder)


def pytest_sessionfinish(session):
    import shutil

    for name in ("_command_server", "_kernel_server"):
        server = getattr(session.config, name, None)
        if server is not None:
            server.close()
    folder = getattr(session.config, "_session_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
