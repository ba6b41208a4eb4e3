"""Project settings from ``analysis.toml`` (one place; every setting has a default)."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from . import paths

DEFAULTS = {
    "privacy": {"min_cell": 5},
    "questionnaires": {"norm": "theunissen_2022_clinical"},
}


@lru_cache(maxsize=1)
def settings() -> dict:
    merged = {k: dict(v) for k, v in DEFAULTS.items()}
    if paths.CONFIG.exists():
        with open(paths.CONFIG, "rb") as f:
            for section, values in tomllib.load(f).items():
                merged.setdefault(section, {}).update(values)
    return merged


def min_cell() -> int:
    """Smallest count of persons that may be published (default 5)."""
    return int(settings()["privacy"]["min_cell"])
