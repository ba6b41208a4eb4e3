#!/usr/bin/env python3
"""Project commands without make (Windows, macOS, Linux), standard library only.

    python tasks.py report           build every report into _site/
    python tasks.py test             run the whole test suite
    python tasks.py check            static checks of the Quarto project
    python tasks.py bench            run the benchmarks
    python tasks.py clean-notebooks  strip outputs from notebooks
    python tasks.py setup            only create/update .venv (with the test and notebook tools)
    python tasks.py lock             refresh requirements.lock and requirements-dev.lock
    python tasks.py clean            remove generated output (never data_raw/)

Every command first makes sure the local virtual environment .venv exists and
holds exactly the versions in the lock file (re-installing when the lock file
changed): requirements.lock for building the reports, requirements-dev.lock
(the same versions plus the test and notebook tools) for `test`.  The lock
files come from pyproject.toml's ranges via `python tasks.py lock` (uv, with
hashes, for Windows, macOS and Linux at once).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
LOCK = ROOT / "requirements.lock"  # what `report` needs
LOCK_DEV = ROOT / "requirements-dev.lock"  # the same versions + the `dev` extra (tests, notebooks)
LOCK_ARGS = ["--universal", "--generate-hashes", "--python-version", "3.11"]
ENVIRONMENT = ROOT / "environment.yml"  # conda: the same versions, pinned by `lock`
CONDA_TO_PYPI = {"python-graphviz": "graphviz"}  # conda-forge name → PyPI name where they differ
UNPINNED = {"python", "pip", "quarto", "graphviz"}  # interpreter, optional Quarto, the dot program
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def run(*args, **kw) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, **kw)
    if result.returncode != 0:
        sys.exit(result.returncode)


def _digest(*files: Path) -> str:
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


def setup(dev: bool = False) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 of nieuwer is nodig (dit is {sys.version.split()[0]}).")
    if not PY.exists():
        say(f"Virtuele omgeving aanmaken in {VENV.name}/ …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = LOCK_DEV if dev else LOCK
    done = STAMP.read_text().split() if STAMP.exists() else []
    wanted = {f"{LOCK_DEV.name}:{_digest(LOCK_DEV, ROOT / 'pyproject.toml')}"}
    if not dev:
        wanted.add(f"{LOCK.name}:{_digest(LOCK, ROOT / 'pyproject.toml')}")
    if wanted & set(done):
        return
    say(f"Afhankelijkheden installeren uit {lock.name} (eenmalig) …")
    if not _install_with_uv(lock):
        say("uv lukte niet (zie hierboven); pip installeert dezelfde versies, dat duurt een paar minuten …")
        pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
        run(*pip, "--require-hashes", "--no-deps", "-r", lock)  # exactly the locked, hashed versions
        run(*pip, "--no-deps", "-e", ".")  # the project itself, nothing else
    STAMP.write_text(f"{lock.name}:{_digest(lock, ROOT / 'pyproject.toml')}\n")


def uv_requirement(path: Path = LOCK_DEV) -> str:
    """The lock's own entry for uv, with its hashes: the installer is pinned like everything else."""
    m = re.search(r"^uv==[^\n]*(?:\n[ \t]+[^\n]*)*", path.read_text(encoding="utf-8"), re.M)
    if not m:
        sys.exit(f"{path.name} pint uv niet: draai 'python tasks.py lock'")
    return m.group(0) + "\n"


def _install_with_uv(lock: Path) -> bool:
    """Install the lock with uv (seconds; pip takes over a minute for the same files), False if uv fails.

    uv reads no pip configuration: where only pip can reach the packages (a pip.conf index), uv
    fails and pip takes over. Both install exactly the locked, hashed versions."""
    pinned = VENV / "uv-requirement.txt"
    pinned.write_text(uv_requirement(), encoding="utf-8")
    pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--require-hashes", "--no-deps"]
    uv = [PY, "-m", "uv", "pip", "install", "--python", PY, "--quiet", "--no-deps", "--compile-bytecode"]
    for step in ([*pip, "-r", pinned], [*uv, "--require-hashes", "-r", lock], [*uv, "-e", "."]):
        if subprocess.run([str(a) for a in step], cwd=ROOT).returncode != 0:
            return False
    return True


def lock(extra: list[str]) -> None:
    """Resolve pyproject.toml's ranges to exact versions with hashes (both lock files agree)."""
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PY, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "uv")
    uv = [
        PY,
        "-m",
        "uv",
        "pip",
        "compile",
        "pyproject.toml",
        *LOCK_ARGS,
        "--quiet",
        "--custom-compile-command",
        "python tasks.py lock",
    ]
    say(f"{LOCK_DEV.name} bijwerken …")
    run(*uv, "--extra", "dev", "-o", LOCK_DEV.name, *extra)  # e.g. --upgrade, --upgrade-package pandas
    say(f"{LOCK.name} bijwerken (dezelfde versies, zonder de test- en notebookhulpmiddelen) …")
    run(*uv, "-c", LOCK_DEV.name, "-o", LOCK.name)
    pin_environment()
    say("Klaar. Draai 'python tasks.py test' en commit requirements.lock, requirements-dev.lock en environment.yml.")


def locked_versions(path: Path = LOCK_DEV) -> dict[str, str]:
    """Normalised package name → pinned version, from a lock file."""
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", path.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins}


def pin_environment() -> None:
    """Write the lock's versions into environment.yml (conda and pip sections), keeping comments."""
    pins = locked_versions()
    out, in_dependencies = [], False
    for line in ENVIRONMENT.read_text(encoding="utf-8").splitlines():
        in_dependencies = in_dependencies or line.startswith("dependencies:")
        m = in_dependencies and re.match(r"^(\s+- )([A-Za-z][A-Za-z0-9_.-]*)([<>=!~][^#]*?)?(\s+#.*)?$", line)
        if m and m.group(2).lower() not in UNPINNED:
            name = re.sub(r"[-_.]+", "-", CONDA_TO_PYPI.get(m.group(2), m.group(2))).lower()
            if name not in pins:
                sys.exit(f"environment.yml noemt {m.group(2)}, maar {LOCK_DEV.name} niet: staat het in pyproject.toml?")
            pinned = f"{m.group(1)}{m.group(2)}=={pins[name]}"
            line = pinned + (m.group(4) and " " * max(1, 27 - len(pinned)) + m.group(4).strip() or "")
        out.append(line)
    ENVIRONMENT.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "help"
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return
    if command == "clean":
        for name in ("_site", "_build", "_freeze", "data_processed", "downloads", "codebook", "_variables.yml"):
            p = ROOT / name
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        (ROOT / "data_processed").mkdir(exist_ok=True)
        (ROOT / "data_processed" / ".gitkeep").touch()
        say("Gegenereerde uitvoer verwijderd (data_raw/ is onaangeroerd).")
        return
    if command == "lock":
        lock(argv[1:])
        return
    setup(dev=command in ("test", "setup", "clean-notebooks"))
    if command == "setup":
        return
    if command == "report":
        run(PY, "-m", "analysis", "build", *argv[1:])
    elif command == "test":
        # every core (at most four), a test module's tests on one worker (its module fixtures built once)
        run(PY, "-m", "pytest", "-n", "auto", "--maxprocesses", "4", "--dist", "loadscope", *argv[1:])
    elif command == "check":
        run(PY, "-m", "analysis", "check")
    elif command == "bench":
        for script in sorted((ROOT / "benchmarks").glob("*.py")):
            say(f"benchmark {script.name}")
            run(PY, script)
    elif command == "clean-notebooks":
        run(
            PY,
            "-m",
            "analysis.notebooks_clean",
            *(argv[1:] or sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))),
        )
    else:
        sys.exit(f"Onbekende opdracht '{command}'.\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv[1:])
