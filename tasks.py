#!/usr/bin/env python3
"""Project commands without make (Windows, macOS, Linux), standard library only.

    python tasks.py report           build every report into _site/
    python tasks.py test             run the whole test suite
    python tasks.py check            static checks of the Quarto project
    python tasks.py bench            run the benchmarks
    python tasks.py clean-notebooks  strip outputs from notebooks
    python tasks.py setup            only create/update .venv
    python tasks.py clean            remove generated output (never data_raw/)

Every command first makes sure the local virtual environment .venv exists and
has this project installed (re-installing when pyproject.toml changed).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def run(*args, **kw) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, **kw)
    if result.returncode != 0:
        sys.exit(result.returncode)


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 of nieuwer is nodig (dit is {sys.version.split()[0]}).")
    if not PY.exists():
        say(f"Virtuele omgeving aanmaken in {VENV.name}/ …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == want:
        return
    say("Project en afhankelijkheden installeren (eenmalig, een paar minuten) …")
    run(PY, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-e", ".")
    STAMP.write_text(want)


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
    setup()
    if command == "setup":
        return
    if command == "report":
        run(PY, "-m", "analysis", "build", *argv[1:])
    elif command == "test":
        run(PY, "-m", "pytest", *argv[1:])
    elif command == "check":
        run(PY, "-m", "analysis", "check")
    elif command == "bench":
        for script in sorted((ROOT / "benchmarks").glob("*.py")):
            say(f"benchmark {script.name}")
            run(PY, script)
    elif command == "clean-notebooks":
        run(PY, "-m", "analysis.notebooks_clean", *(argv[1:] or sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))))
    else:
        sys.exit(f"Onbekende opdracht '{command}'.\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv[1:])
