"""Notebook kernels forked from one warm process (Linux): the same kernels, without paying the
same imports eight times.

Every notebook the build executes gets a kernel of its own, as before. A fresh kernel costs a new
Python with ipykernel, and its first cells import numpy, pandas, scipy, matplotlib, seaborn,
statsmodels and pingouin: together about 2-4 s CPU per notebook, most of a small notebook's time.
So on Linux the build starts one *fork server* (:class:`Server`, ``python -m analysis.kernel_forks
serve``) that imports exactly those libraries (:data:`PRELOAD`) and then only waits. Each kernel is
a fork of it: a copy of a process in which no notebook ever ran, no kernel, socket or thread
existed, and no module of this project was imported (those read the project's environment when
imported, so each kernel imports them itself, as a fresh kernel does).

How a kernel starts: the build's kernelspec (:func:`analysis.notebooks.kernel_dir`) runs
``python -m analysis.kernel_forks launch -f <connection file>``, a small launcher that
jupyter_client starts, signals and waits for exactly as it would ipykernel. The launcher sends the
server its arguments, working folder, ``sys.path``, environment and its standard input, output and
error; the server forks; the fork becomes the kernel (``ipykernel_launcher``'s own entry point).
The launcher passes on interrupt and termination signals and exits with the kernel's exit code;
when the launcher dies, the server kills its kernel.

The launcher starts an ordinary kernel instead whenever the forked one could differ from it: no
server (Windows, macOS, ``ANALYSIS_KERNEL_FORKS=0``, or a server that failed), or an environment
that differs from the server's in anything but the per-kernel variables (:data:`PER_KERNEL`), since
the preloaded libraries read theirs when imported. The executed notebooks are the same bytes either
way (tests/foundation/test_kernels.py executes notebooks both ways and compares them).

A server may also outlive the builds (:data:`SHARED_ENV`, :class:`Shared`): the test session starts
one, and each of its many builds forks its kernels from it, a single notebook too, instead of
paying the imports again (conftest.py).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys

ENV = "ANALYSIS_KERNEL_FORKS"  # the server's socket, for the launcher; "0" switches forking off
# the socket of a server that outlives builds (a test session starts one for all its builds): a build
# that finds it forks every kernel from it, one notebook too, and neither starts nor stops a server
SHARED_ENV = "ANALYSIS_KERNEL_SERVER"
# the socket of the test session's command server (conftest.py): analysis.testing.run forks each
# ``python -m analysis …`` command of a test from it (a command that finds none, or is refused, runs as
# an ordinary one in the launcher itself)
COMMAND_ENV = "ANALYSIS_COMMAND_SERVER"
PRELOAD = (
    "numpy",
    "pandas",
    "scipy.stats",
    "matplotlib",
    "matplotlib.pyplot",
    "PIL.Image",
    "yaml",
    "seaborn",
    "statsmodels.api",
    "pingouin",
    "IPython",
    "ipykernel.ipkernel",
)
# what this project's commands import (``python -m analysis build`` and ``inspect``), for a command
# server: not the notebook libraries (statsmodels, pingouin, seaborn, IPython), which a command never
# imports and which would then be loaded where an ordinary command has them not
COMMAND_PRELOAD = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_pdf",
    "matplotlib.backends.backend_svg",
    "PIL.Image",
    "yaml",
    "lxml.etree",
    "xmlschema",
    "typst",
    "pypdfium2",
    "graphviz",
    "pypandoc",
    "openpyxl",
    "pyreadstat",
)
# never loaded before the fork: modules whose import needs the kernel itself (matplotlib's inline
# backend registers itself with the running shell) or reads a per-kernel variable (ipykernel's
# application takes its parent process from JPY_PARENT_PID when imported)
NOT_BEFORE_FORK = ("matplotlib_inline.backend_inline", "ipykernel.kernelapp")
# set per kernel by jupyter_client (JPY_*, IPY_*) or per build (this project's variables, the folder
# of the build's kernelspec, the build's fixed time): no preloaded library reads them when imported
# (this project's modules are imported in the kernel itself; jupyter reads JUPYTER_PATH, matplotlib
# and IPython SOURCE_DATE_EPOCH only when they are used), so a kernel of another build or project
# may be forked from the same server
PER_KERNEL = ("JPY_", "IPY_", "ANALYSIS_", "JUPYTER_PATH", "SOURCE_DATE_EPOCH")


def supported() -> bool:
    """Forking is used on Linux (no fork on Windows; on macOS system libraries are not fork-safe)."""
    return sys.platform.startswith("linux") and os.environ.get(ENV) != "0"


def _shared_env(env) -> dict[str, str]:
    return {k: v for k, v in env.items() if not k.startswith(PER_KERNEL)}


# ---------------------------------------------------------------- messages


def _send(conn: socket.socket, payload: bytes, fds: list[int] | None = None) -> None:
    data = struct.pack("!I", len(payload)) + payload
    if fds:
        socket.send_fds(conn, [data], fds)
    else:
        conn.sendall(data)


def _receive(conn: socket.socket, with_fds: bool = False) -> tuple[bytes, list[int]]:
    """One message, exactly: a second one that has already arrived (a command that exits at once
    sends its exit code straight after its process id) stays for the next call."""
    fds: list[int] = []
    if with_fds:
        data, fds, _flags, _addr = socket.recv_fds(conn, 4, 3)
    else:
        data = conn.recv(4)

    def exactly(data: bytes, size: int) -> bytes:
        while len(data) < size:
            more = conn.recv(size - len(data))
            if not more:
                raise ConnectionError("onvolledig bericht")
            data += more
        return data

    size = struct.unpack("!I", exactly(data, 4))[0]
    return exactly(b"", size), fds


# ---------------------------------------------------------------- server (the build starts it)


class Server:
    """The fork server for one build: ``start()`` (idempotent, returns at once: the server imports
    while the build goes on), ``socket`` for the kernels, ``close()`` stops it and every kernel it
    still has. ``None`` from :meth:`maybe` where forking is not used."""

    def __init__(self, env: dict[str, str], commands: bool = False):
        self.env = env
        self.commands = commands  # a server of commands (the test session's), not of kernels
        self.process = None
        self.folder = None
        self.socket: str | None = None

    @classmethod
    def maybe(cls, env: dict[str, str]) -> Server | Shared | None:
        """The server for a build: a :class:`Shared` one where :data:`SHARED_ENV` names a socket,
        else a new one (not yet started); None where forking is not used."""
        if not supported():
            return None
        shared = os.environ.get(SHARED_ENV)
        if shared and os.path.exists(shared):
            return Shared(shared)
        return cls(env)

    @property
    def started(self) -> bool:
        return self.process is not None

    def start(self) -> str:
        if self.process is None:
            import subprocess
            import tempfile

            self.folder = tempfile.TemporaryDirectory(prefix="kernels-")
            self.socket = os.path.join(self.folder.name, "fork-server")
            env = dict(self.env, **{ENV: self.socket})
            self.process = subprocess.Popen(
                [sys.executable, "-m", "analysis.kernel_forks", "serve", self.socket]
                + (["commands"] if self.commands else []),
                stdin=subprocess.PIPE,  # the server stops when this closes (also when the build dies)
                env=env,
                cwd=os.getcwd(),
            )
        return self.socket

    def close(self) -> None:
        if self.process is None:
            return
        import subprocess

        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()
        self.process = None


class Shared:
    """A server that outlives the build (:data:`SHARED_ENV`), already warm: the build forks every
    kernel from it and neither starts nor stops it. A kernel whose environment differs from the
    server's in more than :data:`PER_KERNEL` is refused by it and starts ordinarily, as always."""

    started = True

    def __init__(self, socket: str):
        self.socket = socket

    def start(self) -> str:
        return self.socket

    def close(self) -> None:
        pass


def serve(path: str, commands: bool = False) -> None:
    """The server's loop: bind at once (launchers that connect early wait in the queue), import
    :data:`PRELOAD` (a command server: :data:`COMMAND_PRELOAD`), then fork a kernel (a command) for
    each launcher that asks, report each one's exit to its launcher, kill one whose launcher is gone
    (a command with every process it started), and stop when standard input closes."""
    import importlib
    import selectors
    import threading

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    shared = _shared_env(os.environ)  # as given: some libraries set variables of their own on import
    for name in COMMAND_PRELOAD if commands else PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a library a project does not have: its kernels import what they use
            pass
    usable = threading.active_count() == 1 and not any(m in sys.modules for m in NOT_BEFORE_FORK)

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "listener")
    selector.register(sys.stdin, selectors.EVENT_READ, "stdin")
    selector.register(wake_r, selectors.EVENT_READ, "children")
    kernels: dict[int, socket.socket] = {}  # pid → its launcher's connection
    gone: set[int] = set()  # kernels whose launcher went away (killed, waiting to be reaped)

    def reap():
        while kernels:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = kernels.pop(pid, None)
            if conn is not None:
                try:
                    _send(conn, struct.pack("!i", os.waitstatus_to_exitcode(status)))
                except OSError:
                    pass
                if pid not in gone:
                    selector.unregister(conn)
                gone.discard(pid)
                conn.close()

    def refuse(conn):
        try:
            _send(conn, struct.pack("!i", 0))
        except OSError:
            pass
        conn.close()

    while True:
        for key, _ in selector.select():
            if key.data == "stdin":
                if not os.read(sys.stdin.fileno(), 1 << 12):  # the build is done (or gone)
                    for pid in kernels:
                        os.kill(pid, signal.SIGKILL)
                    return
            elif key.data == "children":
                os.read(wake_r, 1 << 12)
                reap()
            elif key.data == "listener":
                conn, _ = listener.accept()
                try:
                    payload, fds = _receive(conn, with_fds=True)
                    request = json.loads(payload)
                except (OSError, ValueError, ConnectionError):
                    conn.close()
                    continue
                wrong_kind = ("module" in request) != commands  # a kernel asked a command server, or so
                if not usable or wrong_kind or len(fds) != 3 or _shared_env(request["env"]) != shared:
                    for fd in fds:
                        os.close(fd)
                    refuse(conn)  # the launcher starts an ordinary kernel
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    selector.close()
                    listener.close()
                    for other in kernels.values():
                        other.close()
                    os.close(wake_r)
                    os.close(wake_w)
                    _become(request, fds, conn, commands)  # never returns
                for fd in fds:
                    os.close(fd)
                kernels[pid] = conn
                _send(conn, struct.pack("!i", pid))
                selector.register(conn, selectors.EVENT_READ, pid)
            else:  # a launcher's connection became readable: it is gone, and so must its kernel be
                pid = key.data
                selector.unregister(key.fileobj)
                gone.add(pid)
                try:  # a command's processes are its own process group (os.setsid in the fork)
                    os.killpg(pid, signal.SIGKILL) if commands else os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


def _take_over(request: dict, fds: list[int], conn: socket.socket) -> None:
    """In the fork: the launcher's standard streams, folder, ``sys.path``, arguments and
    environment, default signal handling, a session of its own (signals to the server's process
    group do not reach it), and none of this project's modules (the server imported its package to
    run; the fork imports it itself, from its own ``sys.path`` and environment: the project it
    belongs to)."""
    conn.close()
    for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL if sig != signal.SIGINT else signal.default_int_handler)
    os.setsid()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[:] = request["path"]
    for name in [m for m in sys.modules if m == __package__ or m.startswith(f"{__package__}.")]:
        del sys.modules[name]
    sys.argv[:] = request["argv"]


def _exit_code(exc: SystemExit) -> int:
    """The exit code of ``sys.exit(code)`` as the interpreter gives it: a message is printed, code 1."""
    if exc.code is None or isinstance(exc.code, int):
        return exc.code or 0
    print(exc.code, file=sys.stderr)
    return 1


def _leave(code: int, threads: bool = False) -> None:
    """Exit the fork as an interpreter exits: (``threads``: wait for its threads,) the exit
    functions, flushed streams; never the server's own clean-up."""
    import atexit

    try:
        if threads:
            import threading

            threading._shutdown()
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _become(request: dict, fds: list[int], conn: socket.socket, command: bool) -> None:
    """In the fork: :func:`_take_over`, then ipykernel's own entry point (a kernel) or, with
    ``command``, standard streams opened as an interpreter opens them on those descriptors and
    ``python -m <module>`` as the interpreter runs it; and exit as that process exits."""
    code = 1
    try:
        _take_over(request, fds, conn)
        if command:
            import runpy

            _open_streams()
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
        else:
            from ipykernel import kernelapp

            kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        _leave(code, threads=command)


def _open_streams() -> None:
    """``sys.stdin``, ``sys.stdout`` and ``sys.stderr`` anew on descriptors 0-2 (the launcher's),
    with the server's encoding (the same environment): buffered by line where the interpreter
    would (a terminal; standard error always), not the server's buffers."""
    import io

    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        old = getattr(sys, name)
        raw = io.open(fd, "rb" if fd == 0 else "wb", closefd=False)
        stream = io.TextIOWrapper(
            raw, encoding=old.encoding, errors=old.errors, line_buffering=fd == 2 or os.isatty(fd)
        )
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


# ---------------------------------------------------------------- launcher (jupyter_client starts it)


def _through_server(path: str, argv: list[str], module: str | None = None) -> int | None:
    """The kernel's (with ``module``: the command ``python -m <module> <argv>``'s) exit code, or
    None when the server did not fork one (start an ordinary one)."""
    import time

    waited = 0.0
    while not os.path.exists(path) and waited < 10:  # the server binds its socket first thing
        time.sleep(0.02)
        waited += 0.02
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        request = {
            "argv": ["ipykernel_launcher", *argv] if module is None else [module, *argv],
            "cwd": os.getcwd(),
            "path": sys.path,
            "env": dict(os.environ),
        }
        if module is not None:
            request["module"] = module
        _send(conn, json.dumps(request).encode(), [0, 1, 2])
        payload, _ = _receive(conn)
    except (OSError, ConnectionError):
        conn.close()
        return None
    pid = struct.unpack("!i", payload)[0]
    if pid <= 0:
        conn.close()
        return None

    def forward(sig, _frame):
        try:
            os.kill(pid, sig)
        except OSError:
            pass

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, forward)
    try:
        payload, _ = _receive(conn)
    except (OSError, ConnectionError):  # the server is gone (and killed its kernels)
        return 1
    code = struct.unpack("!i", payload)[0]
    return 128 - code if code < 0 else code  # killed by a signal: as a shell reports it


def launch(argv: list[str]) -> None:
    path = os.environ.get(ENV)
    if path and supported():  # supported(): Linux, and not switched off with "0"
        code = _through_server(path, argv)
        if code is not None:
            sys.exit(code)
    sys.argv[:] = ["ipykernel_launcher", *argv]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def command(module: str, argv: list[str]) -> None:
    """``python -m <module> <argv>``, forked from the command server (:data:`COMMAND_ENV`) where there
    is one that takes it, else run here, as the interpreter runs it."""
    path = os.environ.get(COMMAND_ENV)
    if path and supported():
        code = _through_server(path, argv, module)
        if code is not None:
            sys.exit(code)
    import runpy

    sys.argv[:] = [module, *argv]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], commands=sys.argv[3:4] == ["commands"])
    elif sys.argv[1:2] == ["launch"]:
        launch(sys.argv[2:])
    elif sys.argv[1:2] == ["run"] and len(sys.argv) > 2:
        command(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(
            "gebruik: python -m analysis.kernel_forks serve <socket> [commands] | launch -f <verbindingsbestand>"
            " | run <module> <argumenten>"
        )
