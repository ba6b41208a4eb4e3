"""Generic codebook (framework) loader.

A framework is a YAML file in ``analysis/determinants/frameworks/`` with keys ``framework``,
``title``, ``citation``, ``categories`` (key, label_nl, label_en, color) and ``determinants``
(number, key, category, label_en, label_nl, definition_nl and optional ``label_nl_source`` /
``source``). ``load_codebook(["midi", "idu_themes"])`` concatenates several files into one
table, so a study can add its own codes next to the MIDI without touching code.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd
from .. import yamlio

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"

CODEBOOK_COLUMNS = [
    "framework",
    "number",
    "key",
    "category",
    "category_label_nl",
    "label_en",
    "label_nl",
    "definition_nl",
    "label_nl_source",
    "source",
]
REQUIRED_DETERMINANT_KEYS = ("number", "key", "category", "label_en", "label_nl", "definition_nl")


class FrameworkError(ValueError):
    """A framework file is malformed (message names file and entry)."""


def framework_path(name: str | Path) -> Path:
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    p = FRAMEWORK_DIR / f"{name}.yaml"
    if not p.exists():
        known = sorted(f.stem for f in FRAMEWORK_DIR.glob("*.yaml"))
        raise FrameworkError(f"Onbekend raamwerk '{name}'; beschikbaar: {', '.join(known)}")
    return p


def load_framework(name: str | Path) -> dict:
    """Read and check one framework file; returns its parsed dict (a copy: callers may change it)."""
    import copy

    path = framework_path(name)
    return copy.deepcopy(_load_framework(path.resolve(), path.stat().st_mtime_ns))


@lru_cache(maxsize=64)
def _load_framework(path: Path, _mtime: int) -> dict:
    data = yamlio.load(path.read_text(encoding="utf-8"))
    for key in ("framework", "title", "citation", "categories", "determinants"):
        if key not in data:
            raise FrameworkError(f"{path.name}: sleutel '{key}' ontbreekt")
    cats = {c["key"] for c in data["categories"]}
    seen_keys, seen_numbers = set(), set()
    for i, d in enumerate(data["determinants"], start=1):
        for k in REQUIRED_DETERMINANT_KEYS:
            if d.get(k) in (None, ""):
                raise FrameworkError(f"{path.name}: determinant {i}: '{k}' ontbreekt")
        if d["category"] not in cats:
            raise FrameworkError(f"{path.name}: determinant '{d['key']}': onbekende categorie '{d['category']}'")
        if d["key"] in seen_keys or d["number"] in seen_numbers:
            raise FrameworkError(f"{path.name}: determinant '{d['key']}' / nummer {d['number']} komt dubbel voor")
        seen_keys.add(d["key"])
        seen_numbers.add(d["number"])
    return data


def load_codebook(frameworks: str | Iterable[str] = "midi") -> pd.DataFrame:
    """One row per code, in framework order, with the columns of ``CODEBOOK_COLUMNS``."""
    if isinstance(frameworks, (str, Path)):
        frameworks = [frameworks]
    rows = []
    for name in frameworks:
        data = load_framework(name)
        cat_label = {c["key"]: c["label_nl"] for c in data["categories"]}
        for d in data["determinants"]:
            rows.append(
                {
                    "framework": data["framework"],
                    "number": int(d["number"]),
                    "key": d["key"],
                    "category": d["category"],
                    "category_label_nl": cat_label[d["category"]],
                    "label_en": d["label_en"],
                    "label_nl": d["label_nl"],
                    "definition_nl": d["definition_nl"],
                    "label_nl_source": d.get("label_nl_source"),
                    "source": d.get("source"),
                }
            )
    cb = pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)
    dup = cb["key"][cb["key"].duplicated()]
    if len(dup):
        raise FrameworkError(f"code '{dup.iloc[0]}' komt in meer dan één raamwerk voor")
    return cb.reset_index(drop=True)


def categories(frameworks: str | Iterable[str] = "midi") -> pd.DataFrame:
    """Categories in framework order: key, label_nl, label_en, color, framework."""
    if isinstance(frameworks, (str, Path)):
        frameworks = [frameworks]
    rows = []
    for name in frameworks:
        data = load_framework(name)
        for c in data["categories"]:
            rows.append({**c, "framework": data["framework"]})
    return pd.DataFrame(rows)


def citation(name: str = "midi") -> str:
    return " ".join(load_framework(name)["citation"].split())


def normalise_name(text: str) -> str:
    """Casefold, strip accents, punctuation and spacing: for matching QDA code names."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[_\-/–—]+", " ", text)
    text = re.sub(r"[^\w\s]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def qda_code_name(row) -> str:
    """The code name written to REFI-QDA exports, e.g. '01 Procedurele helderheid'."""
    return f"{int(row['number']):02d} {row['label_nl']}"


def category_index(codebook: pd.DataFrame) -> dict[str, str]:
    """Normalised category name → category key (key, Dutch and English label)."""
    index: dict[str, str] = {}
    frameworks = sorted(set(codebook["framework"]))
    cats = categories(frameworks) if frameworks else pd.DataFrame(columns=["key", "label_nl", "label_en"])
    cats = cats[cats["key"].isin(set(codebook["category"]))]
    for _, c in cats.iterrows():
        for name in (c["key"], c["label_nl"], c["label_en"]):
            index.setdefault(normalise_name(name), c["key"])
    return index


def name_index(codebook: pd.DataFrame) -> dict[str, str]:
    """Normalised name → key, for key, both labels, and the numbered export names."""
    index: dict[str, str] = {}
    for _, r in codebook.iterrows():
        for name in (
            r["key"],
            r["label_en"],
            r["label_nl"],
            qda_code_name(r),
            f"{int(r['number']):02d} {r['label_en']}",
            f"{int(r['number'])} {r['label_nl']}",
            f"{int(r['number'])} {r['label_en']}",
        ):
            index.setdefault(normalise_name(name), r["key"])
    return index
