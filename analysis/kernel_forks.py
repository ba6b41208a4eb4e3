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
    fds: list[int] = []
    if with_fds:
        data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    else:
        data = conn.recv(1 << 16)
    if len(data) < 4:
        raise ConnectionError("onvolledig bericht")
    size = struct.unpack("!I", data[:4])[0]
    data = data[4:]
    while len(data) < size:
        more = conn.recv(size - len(data))
        if not more:
            raise ConnectionError("onvolledig bericht")
        data += more
    return data, fds


# ---------------------------------------------------------------- server (the build starts it)


class Server:
    """The fork server for one build: ``start()`` (idempotent, returns at once: the server imports
    while the build goes on), ``socket`` for the kernels, ``close()`` stops it and every kernel it
    still has. ``None`` from :meth:`maybe` where forking is not used."""

    def __init__(self, env: dict[str, str]):
        self.env = env
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
                [sys.executable, "-m", "analysis.kernel_forks", "serve", self.socket],
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


def serve(path: str) -> None:
    """The server's loop: bind at once (launchers that connect early wait in the queue), import
    :data:`PRELOAD`, then fork a kernel for each launcher that asks, report each kernel's exit to
    its launcher, kill a kernel whose launcher is gone, and stop when standard input closes."""
    import importlib
    import selectors
    import threading

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    shared = _shared_env(os.environ)  # as given: some libraries set variables of their own on import
    for name in PRELOAD:
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
                if not usable or len(fds) != 3 or _shared_env(request["env"]) != shared:
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
                    _become_kernel(request, fds, conn)  # never returns
                for fd in fds:
                    os.close(fd)
                kernels[pid] = conn
                _send(conn, struct.pack("!i", pid))
                selector.register(conn, selectors.EVENT_READ, pid)
            else:  # a launcher's connection became readable: it is gone, and so must its kernel be
                pid = key.data
                selector.unregister(key.fileobj)
                gone.add(pid)
                os.kill(pid, signal.SIGKILL)


def _become_kernel(request: dict, fds: list[int], conn: socket.socket) -> None:
    """In the fork: the launcher's standard streams, folder, ``sys.path``, arguments and environment;
    then ipykernel's own entry point, and exit as a kernel process exits."""
    code = 1
    try:
        conn.close()
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL if sig != signal.SIGINT else signal.default_int_handler)
        os.setsid()  # signals to the server's process group do not reach the kernel
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[:] = request["path"]
        # the server imported this project's package to run; the kernel imports it itself, from
        # its own sys.path and environment (the project it belongs to), as an ordinary kernel does
        for name in [m for m in sys.modules if m == __package__ or m.startswith(f"{__package__}.")]:
            del sys.modules[name]
        sys.argv[:] = request["argv"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


# ---------------------------------------------------------------- launcher (jupyter_client starts it)


def _through_server(path: str, argv: list[str]) -> int | None:
    """The kernel's exit code, or None when the server did not fork one (start an ordinary kernel)."""
    import time

    waited = 0.0
    while not os.path.exists(path) and waited < 10:  # the server binds its socket first thing
        time.sleep(0.02)
        waited += 0.02
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        request = {
            "argv": ["ipykernel_launcher", *argv],
            "cwd": os.getcwd(),
            "path": sys.path,
            "env": dict(os.environ),
        }
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


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2])
    elif sys.argv[1:2] == ["launch"]:
        launch(sys.argv[2:])
    else:
        sys.exit("gebruik: python -m analysis.kernel_forks serve <socket> | launch -f <verbindingsbestand>")
