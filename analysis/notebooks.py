"""Notebook facts the build needs: front matter, cell labels, execution.

A notebook's first cell is a raw cell with YAML front matter; its ``datasets``
key lists the processed datasets it reads.  The build uses that list to re-run a
notebook exactly when one of its datasets changed, and enforces it while
executing (``ANALYSIS_ALLOWED_DATASETS``), so the list cannot silently drift.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from . import paths

OPTION_RE = re.compile(r"^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
ALLOWED_ENV = "ANALYSIS_ALLOWED_DATASETS"


def read(path: Path) -> dict:
    """A notebook's JSON. Read once per process while the file stays the same (inode, size and
    modification time: a rewritten notebook is a new file, :mod:`analysis.io`): a build reads the
    executed notebooks for every embed and every page title. Callers do not change the result."""
    st = os.stat(path)
    return _read(str(Path(path).resolve()), st.st_ino, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=64)
def _read(path: str, _ino: int, _size: int, _mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def front_matter(nb: dict) -> dict:
    """YAML front matter from the first raw (or markdown) cell, ``{}`` if none."""
    from . import yamlio

    for cell in nb.get("cells", [])[:1]:
        text = _source(cell).strip()
        if cell.get("cell_type") in ("raw", "markdown") and text.startswith("---"):
            body = text.split("---", 2)[1]
            return yamlio.load(body) or {}
    return {}


def cell_options(cell) -> dict[str, str]:
    """Quarto cell options (``#| key: value`` lines at the top of a code cell)."""
    opts = {}
    for line in _source(cell).splitlines():
        m = OPTION_RE.match(line)
        if not m:
            if line.strip():
                break
            continue
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        opts[m.group(1)] = value
    return opts


def code_without_options(cell) -> str:
    return "\n".join(l for l in _source(cell).splitlines() if not OPTION_RE.match(l)).strip("\n")


def labelled_cells(nb: dict) -> dict[str, dict]:
    return {
        opts["label"]: cell
        for cell in nb.get("cells", [])
        if cell.get("cell_type") == "code"
        for opts in [cell_options(cell)]
        if "label" in opts
    }


def declared_datasets(path: Path) -> list[str]:
    return list(front_matter(read(path)).get("datasets") or [])


def kernel_dir() -> Path:
    """A kernelspec that runs *this* Python, placed first on JUPYTER_PATH.

    Without it, a ``python3`` kernel installed elsewhere on a user's machine
    (without this project's packages) could be picked up. Its launcher starts ipykernel, forked
    from the build's warm fork server where there is one (:mod:`analysis.kernel_forks`).
    """
    spec = paths.BUILD / "jupyter" / "kernels" / "python3" / "kernel.json"
    content = json.dumps(
        {
            "argv": [sys.executable, "-m", "analysis.kernel_forks", "launch", "-f", "{connection_file}"],
            "display_name": "Python 3 (analysis)",
            "language": "python",
        },
        indent=1,
    )
    if not spec.exists() or spec.read_text() != content:
        from .io import atomic_write_text

        atomic_write_text(spec, content)
    return spec.parents[2]


def kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join([str(kernel_dir())] + [p for p in [env.get("JUPYTER_PATH")] if p])
    env["ANALYSIS_ROOT"] = str(paths.ROOT)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # figures must reach the outputs
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def kernel_config(folder: Path):
    """Kernels on IPC transport (Unix sockets in a private temporary folder): no network ports,
    so no "running over TCP without encryption" warning and no port race when two kernels start
    at once. Windows has no IPC transport and keeps TCP on localhost. The client does not wait
    for a pause at the start (:mod:`analysis.kernel_client`)."""
    from traitlets.config import Config

    client = {"client_class": "analysis.kernel_client.ReadyClient"}
    if os.name == "nt":
        return Config({"KernelManager": client})
    return Config({"KernelManager": {"transport": "ipc", "ip": str(folder / "kernel"), **client}})


def failing_cell(nb) -> tuple[int, str | None, str] | None:
    """(index, label, 'Error: message') of the first cell with an error output."""
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if out.get("output_type") == "error":
                return i, cell_options(cell).get("label"), f"{out.get('ename')}: {out.get('evalue')}"
    return None


def _without_iri_grammar() -> None:
    """nbformat imports jsonschema, which imports ``rfc3987_syntax`` when it is installed (it comes
    with JupyterLab's dependencies) only to offer an "iri" format check, and that module compiles
    a Lark grammar on import: 1.7 of the 1.9 s CPU of ``import nbformat``, paid by every process
    that executes notebooks. No notebook schema uses that format, so this process does without it
    (jsonschema skips the check when the import fails); a process that already has it keeps it.
    Done on import of this module, which the notebook step's forkserver preloads before nbformat
    (:func:`analysis.build._worker_context`)."""
    sys.modules.setdefault("rfc3987_syntax", None)


_without_iri_grammar()


def execute(src: Path, dst: Path, timeout: int = 900, forks: str | None = None) -> None:
    """Execute ``src`` with nbclient (cwd = its folder) and write it atomically to ``dst``.
    ``forks``: the socket of the build's kernel fork server (:mod:`analysis.kernel_forks`), or
    None for an ordinary kernel.

    Raises RuntimeError naming the notebook, the failing cell and its label on an error.
    """
    from .kernel_forks import ENV as FORKS
    import tempfile

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from .io import atomic_write_text

    nb = nbformat.read(src, as_version=4)
    env = kernel_env()
    env[ALLOWED_ENV] = ",".join(declared_datasets(src))
    env[FORKS] = forks or "0"
    old = dict(os.environ)
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        with tempfile.TemporaryDirectory(prefix="nb-") as sockets:
            client = NotebookClient(
                nb,
                config=kernel_config(Path(sockets)),
                timeout=timeout,
                kernel_name="python3",
                record_timing=False,
                # every cell has run and every output has arrived when the kernel is stopped: a
                # "graceful" stop (interrupt, then a shutdown request) left one kernel in five
                # hanging until jupyter_client's 2.5 s wait ran out and it sent SIGTERM
                shutdown_kernel="immediate",
                resources={"metadata": {"path": str(src.parent)}},
            )
            client.execute()
    except CellExecutionError as exc:
        failed = failing_cell(nb)
        where = (
            (f"cel {failed[0]}" + (f" (label '{failed[1]}')" if failed[1] else " (zonder label)"))
            if failed
            else "een cel"
        )
        # one line a researcher can read: the error's name and text, not nbclient's coloured
        # traceback (the notebook itself, opened in JupyterLab, shows the whole traceback)
        error = f"{exc.ename}: {exc.evalue}" if getattr(exc, "ename", None) else str(exc)
        raise RuntimeError(f"{paths.relative(src)}: {where} gaf een fout: {error}") from None
    finally:
        os.environ.clear()
        os.environ.update(old)
    atomic_write_text(dst, nbformat.writes(nb))
