"""Notebook kernels start quietly and without a race: IPC transport, no network ports; on Linux
they are forked from the build's warm fork server (analysis/kernel_forks.py) and give the same
notebooks as ordinary kernels."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analysis.kernel_forks import SHARED_ENV

SCRIPT = r"""
import json, sys
from pathlib import Path
from analysis import build, paths

nbs = []
for i in range(2):
    nb = {"cells": [{"cell_type": "raw", "id": "c0", "metadata": {}, "source": "---\ntitle: T\ndatasets: []\n---"},
                    {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": f"#| label: tbl-x\nimport os\nprint({i} * 21, os.getppid())"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    p = paths.NOTEBOOKS / f"k{i}.ipynb"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(nb))
    nbs.append(p)
state = build.State()
forks = build.kernel_fork_server()  # as the build does: forked kernels on Linux, ordinary ones elsewhere
try:
    for run in range(int(sys.argv[1])):
        build.execute_notebooks(build.Progress(), state, {p: {"run": str(run)} for p in nbs}, True, forks)
        for i, p in enumerate(nbs):
            out = json.loads(build.executed_path(p).read_text())["cells"][1]["outputs"]
            text = out[0]["text"]
            value, parent = ("".join(text) if isinstance(text, list) else text).split()
            assert value == str(i * 21), (run, out)
            if forks is not None:  # the kernel is a fork of the build's server
                assert int(parent) == forks.process.pid, (run, parent, forks.process.pid)
finally:
    if forks is not None:
        forks.close()
print("ALLE RONDES GELUKT")
"""


@pytest.mark.skipif(os.name == "nt", reason="IPC transport bestaat niet op Windows (daar TCP op localhost)")
def test_parallel_notebook_step_twenty_times_without_start_up_failure_or_warning(tmp_path):
    env = dict(os.environ, ANALYSIS_ROOT=str(tmp_path))
    env.pop(SHARED_ENV, None)  # the build's own server, as a user's build has it
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "20"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-4000:]
    assert "ALLE RONDES GELUKT" in result.stdout
    assert out.count("uitgevoerd (") == 40  # 20 rounds × 2 notebooks, two at a time
    assert "WARNING" not in out and "TCP" not in out and "Address already in use" not in out, out[-4000:]
    # the IPC sockets live in a private temporary folder, never next to the notebooks
    assert sorted(p.name for p in (tmp_path / "notebooks").iterdir()) == ["k0.ipynb", "k1.ipynb"]


def test_kernel_config_uses_ipc_in_a_given_folder(tmp_path):
    from analysis.notebooks import kernel_config

    cfg = kernel_config(tmp_path)
    if os.name == "nt":
        assert "transport" not in cfg.KernelManager
    else:
        assert cfg.KernelManager.transport == "ipc" and cfg.KernelManager.ip == str(tmp_path / "kernel")
    assert cfg.KernelManager.client_class == "analysis.kernel_client.ReadyClient"


def test_the_client_is_ready_without_waiting_for_a_pause_and_runs_a_notebook(tmp_path):
    """The kernel client the notebook step uses (analysis.kernel_client): a kernel started with it
    answers, runs cells in order and reports output and errors as with jupyter_client's own."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from analysis.kernel_client import ReadyClient
    from analysis.notebooks import kernel_config

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7"), nbformat.v4.new_code_cell("print(x)")])
    client = NotebookClient(nb, config=kernel_config(tmp_path), kernel_name="python3", timeout=120)
    used = []
    client.on_cell_execute = lambda cell, cell_index: used.append(type(client.kc))
    client.execute()
    assert used == [ReadyClient, ReadyClient]
    assert nb.cells[1].outputs[0]["text"] == "42\n"
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        NotebookClient(bad, config=kernel_config(tmp_path), kernel_name="python3", timeout=120).execute()


COMPARE = r"""
import json, os, re, sys
from pathlib import Path
from analysis import build, notebooks, paths

build.reproducible_environment()
forks = build.kernel_fork_server()
socket = forks.start()
probe = paths.NOTEBOOKS / "probe.ipynb"
probe.write_text(json.dumps({"cells": [
    {"cell_type": "raw", "id": "c0", "metadata": {}, "source": "---\ntitle: P\ndatasets: [databronnen]\n---"},
    {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [], "source":
     "import os, sys\nimport matplotlib.pyplot as plt\nplt.close(plt.figure())\n"
     "print(os.getppid(), os.getcwd(), os.environ['ANALYSIS_ALLOWED_DATASETS'], os.environ.get('PROBE', '-'),"
     " sys.path[0], plt.get_backend())"}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))

def run(src, socket):
    out = paths.BUILD / f"{src.stem}-{'fork' if socket else 'gewoon'}.ipynb"
    notebooks.execute(src, out, forks=socket)
    return out.read_text()

def probe_line(text):
    cell = json.loads(text)["cells"][1]
    return "".join("".join(o.get("text", "")) for o in cell["outputs"]).split()

nb = paths.NOTEBOOKS / "01-databronnen.ipynb"
forked, ordinary = run(nb, socket), run(nb, None)
address = re.compile(r" at 0x[0-9a-f]+>")  # an object's address in a text/plain repr: differs per process
print("GELIJK" if address.sub(" at 0x>", forked) == address.sub(" at 0x>", ordinary) else "VERSCHILLEND")
print("FORK", *probe_line(run(probe, socket)), "SERVER", forks.process.pid)
os.environ["PROBE"] = "anders"  # a variable the server was not started with: an ordinary kernel
print("ANDERS", *probe_line(run(probe, socket)))
forks.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels worden alleen op Linux geforkt")
def test_a_forked_kernel_gives_the_same_notebook_as_an_ordinary_kernel(tmp_path):
    from analysis.testing import MINIMAL, copy_project, run

    root = copy_project(tmp_path / "project", MINIMAL)
    assert run(root, "build", "--no-render").returncode == 0
    env = dict(os.environ, ANALYSIS_ROOT=str(root))
    env.pop("ANALYSIS_KERNEL_FORKS", None)
    env.pop(SHARED_ENV, None)
    result = subprocess.run(
        [sys.executable, "-c", COMPARE], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}
    # the real Databronnen notebook (tables, a figure, seaborn and statsmodels): the same bytes
    assert "GELIJK" in lines, result.stdout
    # the fork is a kernel of the server, in the notebook's folder, with its own datasets and
    # sys.path, and matplotlib's inline backend loaded in the kernel itself
    parent, cwd, allowed, probe, path0, backend, _, server = lines["FORK"]
    assert parent == server
    assert (cwd, path0) == (str(root / "notebooks"), str(root / "notebooks"))
    assert (allowed, probe, backend) == ("databronnen", "-", "module://matplotlib_inline.backend_inline")
    # an environment the server was not started with gets an ordinary kernel, which sees it
    parent, cwd, allowed, probe, *_ = lines["ANDERS"]
    assert parent != server and probe == "anders" and allowed == "databronnen"
    assert "NOTE: When using" not in result.stderr and "WARNING" not in result.stderr, result.stderr[-2000:]


SHARED = r"""
import json, os, sys
from analysis import build, paths

probe = paths.NOTEBOOKS / "probe.ipynb"
probe.parent.mkdir(parents=True, exist_ok=True)
probe.write_text(json.dumps({"cells": [
    {"cell_type": "raw", "id": "c0", "metadata": {}, "source": "---\ntitle: P\ndatasets: []\n---"},
    {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [], "source":
     "import os, sys\nprint(os.getppid(), 'analysis' in sys.modules, os.environ['ANALYSIS_ROOT'],"
     " os.environ['SOURCE_DATE_EPOCH'], os.environ.get('PROBE', '-'))"}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
build.reproducible_environment()
forks = build.kernel_fork_server()
build.execute_notebooks(build.Progress(), build.State(), {probe: {}}, True, forks)  # ONE notebook
forks.close()
text = json.loads(build.executed_path(probe).read_text())["cells"][1]["outputs"][0]["text"]
print("PROBE", type(forks).__name__, "".join(text) if isinstance(text, list) else text)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels worden alleen op Linux geforkt")
def test_builds_of_two_projects_fork_their_kernels_from_one_server_that_outlives_them(tmp_path):
    """A server that outlives builds (ANALYSIS_KERNEL_SERVER; the test session starts one): each
    build forks its kernel from it, one notebook too, with its own project, build time and a
    fresh import of this project's package; a kernel whose environment differs in a variable the
    server was not started with starts ordinarily; the builds leave the server running."""
    from analysis import kernel_forks, notebooks
    from analysis.testing import user_env

    server = kernel_forks.Server(user_env(dict(notebooks.kernel_env(), SOURCE_DATE_EPOCH="1")))
    socket = server.start()
    try:

        def probe(root, **extra):
            root.mkdir()
            env = dict(user_env(), ANALYSIS_ROOT=str(root), **{SHARED_ENV: socket}, **extra)
            result = subprocess.run(
                [sys.executable, "-c", SHARED], cwd=root, env=env, capture_output=True, text=True, timeout=600
            )
            assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
            return next(line.split()[1:] for line in result.stdout.splitlines() if line.startswith("PROBE"))

        server_pid = str(server.process.pid)
        one = probe(tmp_path / "een", SOURCE_DATE_EPOCH="1000")
        two = probe(tmp_path / "twee", SOURCE_DATE_EPOCH="2000")
        assert one == ["Shared", server_pid, "False", str(tmp_path / "een"), "1000", "-"]
        assert two == ["Shared", server_pid, "False", str(tmp_path / "twee"), "2000", "-"]
        other = probe(tmp_path / "drie", PROBE="anders")
        assert other[0] == "Shared" and other[1] != server_pid and other[-1] == "anders"
        assert server.process.poll() is None  # still there for the next build
    finally:
        server.close()
