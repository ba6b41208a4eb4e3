"""Source references (``<file>.txt:<line>[-<line>]``, several joined by ``;``): one parser.

A researcher's own source is cited by its ID in the dataset's ``sources`` table instead of a
file name: ``int-moeder:12-14`` (lines) or ``dossier:p3`` (pages, ``unit == "pagina"``).

Every transcribed row carries such a reference (column type ``source`` in the
schemas, whose format :data:`analysis.validation.SOURCE_RE` checks). This module
reads them back: which lines they cite, and what the source document says there.
The documents live outside the repository, in one setting: :data:`analysis.paths.SEEDS`
(default: the folder ``shared/seeds`` beside the project; environment variable
``ANALYSIS_SOURCE_DOCUMENTS``). Tests that
read them carry the ``sources`` marker and skip when the folder is absent (root ``conftest.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import paths


class Citation(NamedTuple):
    file: str
    first: int
    last: int
    unit: str = "regel"


def parse(ref: str) -> list[Citation]:
    """``"000_x.txt:12-14; 000_x.txt:20"`` → ``[Citation("000_x.txt", 12, 14), Citation("000_x.txt", 20, 20)]``."""
    out = []
    for piece in str(ref).split(";"):
        name, _, lines = piece.strip().rpartition(":")
        unit = "pagina" if lines.startswith("p") else "regel"
        a, _, b = lines.lstrip("p").partition("-")
        out.append(Citation(name, int(a), int(b or a), unit))
    return out


@lru_cache(maxsize=None)
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def available() -> bool:
    """Whether the source documents are present (the tests' one guard, see ``conftest.py``)."""
    return paths.SEEDS.is_dir() and any(paths.SEEDS.glob("*.txt"))


def cited_text(ref: str, seeds: Path | None = None) -> str:
    """The text of every cited line range, joined and whitespace-normalised."""
    folder = seeds or paths.SEEDS
    parts = [" ".join(_lines(folder / c.file)[c.first - 1 : c.last]) for c in parse(ref)]
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
