"""Notebook kernels start quietly and without a race: IPC transport, no network ports; on Linux
they are forked from the build's warm fork server (analysis/kernel_forks.py) and give the same
notebooks as ordinary kernels."""

from __future__ import annotations

import json
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


COMMAND = r"""
import json, os, sys
print(json.dumps({"parent": os.getppid(), "argv0": os.path.basename(sys.argv[0]), "args": sys.argv[1:],
                  "path0": sys.path[0], "cwd": os.getcwd(), "root": os.environ["ANALYSIS_ROOT"],
                  "extra": os.environ.get("PROBE"), "line_buffered": sys.stdout.line_buffering,
                  "name": __name__, "stdin": sys.stdin.read()}))
print("naar stderr", file=sys.stderr)
sys.exit(sys.argv[1] if sys.argv[1:2] == ["boodschap"] else int(sys.argv[1]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks alleen op Linux")
def test_a_forked_command_is_the_command_a_new_interpreter_runs(tmp_path):
    """The test session's command server (ANALYSIS_COMMAND_SERVER; analysis.testing.run): a command
    forked from it prints, reads, exits and sees its folder, arguments and sys.path as the same
    command in a new interpreter does; thirty commands that end at once each get their own exit
    code (the exit code can arrive together with the process id); a command whose environment
    differs from the server's runs ordinarily."""
    from analysis import kernel_forks
    from analysis.testing import user_env

    (tmp_path / "probe.py").write_text(COMMAND, encoding="utf-8")
    env = dict(user_env(), ANALYSIS_ROOT=str(tmp_path))
    env.pop(kernel_forks.COMMAND_ENV, None)
    server = kernel_forks.Server(env, commands=True)
    socket = server.start()
    try:

        def command(*args, forked=True, **extra):
            cmd = ["-m", "analysis.kernel_forks", "run", "probe"] if forked else ["-m", "probe"]
            result = subprocess.run(
                [sys.executable, *cmd, *args],
                cwd=tmp_path,
                env=dict(env, **{kernel_forks.COMMAND_ENV: socket}, **extra),
                input="invoer",
                capture_output=True,
                text=True,
                timeout=120,
            )
            return result.returncode, json.loads(result.stdout), result.stderr

        forked, ordinary = command("boodschap", "x"), command("boodschap", "x", forked=False)
        assert forked[1].pop("parent") == server.process.pid and ordinary[1].pop("parent") != server.process.pid
        assert (
            forked
            == ordinary
            == (
                1,
                {
                    "argv0": "probe.py",
                    "args": ["boodschap", "x"],
                    "path0": str(tmp_path),
                    "cwd": str(tmp_path),
                    "root": str(tmp_path),
                    "extra": None,
                    "line_buffered": False,
                    "name": "__main__",
                    "stdin": "invoer",
                },
                "naar stderr\nboodschap\n",
            )
        )
        assert [command(str(code))[0] for code in range(30)] == list(range(30))
        code, seen, _ = command("3", PROBE="anders")  # not in the server's environment: not forked
        assert code == 3 and seen["extra"] == "anders" and seen["parent"] != server.process.pid
        assert server.process.poll() is None
    finally:
        server.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks alleen op Linux")
def test_two_messages_that_arrive_together_are_read_one_by_one():
    """A command that ends at once: its exit code is sent straight after its process id, and the
    launcher may find both waiting; each read takes exactly one message."""
    import socket
    import struct

    from analysis.kernel_forks import _receive, _send

    a, b = socket.socketpair()
    with a, b:
        b.settimeout(10)  # a message read with the one before it would be waited for forever
        _send(a, struct.pack("!i", 4242))
        _send(a, struct.pack("!i", 7))
        assert [_receive(b)[0] for _ in range(2)] == [struct.pack("!i", 4242), struct.pack("!i", 7)]
