"""What each build step reads, so that its key covers exactly that (``python -m analysis build``).

A step's inputs are a mapping *name → digest*; the names are what a person would
recognise (``data_raw/x/forms.csv``, ``analysis/questionnaires/score.py``,
``analysis.toml [privacy]``, ``omgeving HELMOND_EXPORT``), so that the build can
say why a step runs again ("data_raw/x/forms.csv gewijzigd").

The rules are generic, so a new dataset, module, mapping file or setting is
covered without editing the build:

* a dataset reads its schema, its public raw files, **every file under**
  ``data_raw/private/<dataset>/`` (exports and mapping files alike), any file
  a mapping there names in its ``options`` (``ari_key: …``), the datasets its
  foreign keys point at, and the modules below;
* a notebook reads its own source, the processed datasets it declares and the
  modules its code cells import;
* "the modules" are the transitive closure of ``analysis`` imports of the entry
  modules (static, from the source: function-level imports included), plus the
  data files (YAML, CSV, …) of the sub-packages in that closure; the closure
  also yields the ``analysis.toml`` sections (``settings()["x"]``) and the
  environment variables (``os.environ.get("X")``) those modules read. An
  environment variable that names a file brings that file's hash in too.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from . import paths

# Set by the build itself for every step, or only where kept bytes lie: not an input a person changes.
BUILD_ENV = {"ANALYSIS_ROOT", "ANALYSIS_ALLOWED_DATASETS", "ANALYSIS_SOURCE_DOCUMENTS", paths.KEPT_BANNERS_ENV}
# The build's fixed time (the commit's unless given; :func:`analysis.build.reproducible_environment`).
# It changes with every commit, so it is not in every step's key (every step would run again after
# each commit although no input changed): only in the keys of the steps whose output can carry it
# (:func:`build_time_input`: pages made into a PDF, Quarto's listing pages, which record file
# times). Everything else is written without a date (banners: analysis/case_studies/plot.py;
# notebook figures are PNG, which carries none); tests/foundation/test_build_time_key.py checks both.
DATE_ENV = "SOURCE_DATE_EPOCH"
DATA_SUFFIXES = {".yaml", ".yml", ".csv", ".json", ".xsd", ".toml", ".txt"}
ENV_RE = re.compile(r"""(?:os\.environ\.get|os\.getenv|os\.environ\[|environ\.get)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")
SECTION_RE = re.compile(r"""settings\(\)\s*(?:\.get\(|\[)\s*["'](\w+)["']""")


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (the one file hash: build keys, the raw-data manifest, pages)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------- modules


@lru_cache(maxsize=None)
def _module_file(name: str) -> Path | None:
    """``analysis.x.y`` → its source file in this package (module or package ``__init__``)."""
    if name != "analysis" and not name.startswith("analysis."):
        return None
    rel = Path(*name.split(".")[1:])
    if name == "analysis":
        return paths.PACKAGE / "__init__.py"
    for candidate in (paths.PACKAGE / rel.with_suffix(".py"), paths.PACKAGE / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    rel = path.relative_to(paths.PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(["analysis", *parts])


def imports_of_source(source: str, package: str = "analysis") -> set[str]:
    """Absolute names of the ``analysis`` modules a piece of Python source imports."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names.add(mod)
            names |= {f"{mod}.{a.name}" for a in node.names}  # `from . import x` imports a module x
    return {n for n in names if n == "analysis" or n.startswith("analysis.")}


def source_digest(path: Path) -> str:
    """:func:`file_digest` of a package file the build reads but never writes (module sources,
    package data), once per process while the file stays the same (inode, size, modification
    time): every step's key hashes the same modules again."""
    st = path.stat()
    return _source_digest(path, st.st_ino, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=None)
def _source_digest(path: Path, _ino: int, _size: int, _mtime_ns: int) -> str:
    return file_digest(path)


# What a module's source yields for the keys (its ``analysis`` imports, the settings sections and
# environment variables it reads), kept by the SHA-256 of the source in ``_build/``: parsing every
# module's syntax tree was most of a no-change build. The same source always gives the same facts,
# so a kept entry is never stale; one that cannot be read or written only costs time.
FACTS_CACHE = paths.BUILD / "cache" / "module-facts.json"
FACTS_VERSION = 1
_facts: dict | None = None
_facts_dirty = False


def _facts_store() -> dict:
    global _facts
    if _facts is None:
        try:
            data = json.loads(FACTS_CACHE.read_text(encoding="utf-8"))
            _facts = data["modules"] if data.get("version") == FACTS_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            _facts = {}
    return _facts


def save_module_facts() -> None:
    """Write the module facts learnt in this process (the build calls it once, after the keys)."""
    global _facts_dirty
    if not _facts_dirty or _facts is None:
        return
    from .io import atomic_write_text

    try:
        atomic_write_text(FACTS_CACHE, json.dumps({"version": FACTS_VERSION, "modules": _facts}, sort_keys=True))
    except OSError:  # a read-only project still builds, only slower
        pass
    _facts_dirty = False


@lru_cache(maxsize=None)
def _module_facts(path: Path, sha: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(imported ``analysis`` modules, ``analysis.toml`` sections, environment variables) of a module."""
    global _facts_dirty
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    store = _facts_store()
    entry = store.get(f"{sha} {package}")
    if not (isinstance(entry, dict) and all(isinstance(entry.get(k), list) for k in ("imports", "sections", "env"))):
        text = path.read_text(encoding="utf-8")
        entry = {
            "imports": sorted(imports_of_source(text, package)),
            "sections": sorted(set(SECTION_RE.findall(text))),
            "env": sorted(set(ENV_RE.findall(text))),
        }
        store[f"{sha} {package}"] = entry
        _facts_dirty = True
    return frozenset(entry["imports"]), frozenset(entry["sections"]), frozenset(entry["env"])


def _direct(path: Path) -> frozenset[Path]:
    found = set()
    for mod in _module_facts(path, source_digest(path))[0]:
        parts = mod.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
            f = _module_file(".".join(parts[:i]))
            if f:
                found.add(f)
    return frozenset(found)


def module_closure(entries: set[str]) -> list[Path]:
    todo = {f for name in entries for f in [_module_file(name)] if f}
    todo |= {
        f
        for name in entries
        for i in range(1, len(name.split(".")))
        for f in [_module_file(".".join(name.split(".")[:i]))]
        if f
    }
    seen: set[Path] = set()
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo |= set(_direct(f)) - seen
    return sorted(seen)


def _package_data(modules: list[Path]) -> list[Path]:
    """Data files of the sub-packages in the closure (e.g. instrument keys, frameworks)."""
    folders = {m.parent for m in modules if m.parent != paths.PACKAGE}
    return sorted(
        {
            p
            for d in folders
            for p in d.rglob("*")
            if p.is_file()
            and p.suffix in DATA_SUFFIXES
            and "__pycache__" not in p.parts
            and paths.SCHEMAS not in p.parents
        }
    )


def _resolve_env_file(value: str) -> Path | None:
    for candidate in (Path(value), paths.ROOT / value, paths.NOTEBOOKS / value):
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            return None
    return None


@lru_cache(maxsize=1)
def _config() -> dict:
    if not paths.CONFIG.exists():
        return {}
    with open(paths.CONFIG, "rb") as f:
        return tomllib.load(f)


def code_inputs(entries: set[str]) -> dict[str, str]:
    """Inputs contributed by the code a step runs: module sources, package data, the
    ``analysis.toml`` sections and the environment variables that code reads."""
    modules = module_closure(entries)
    inputs = {paths.relative(m): source_digest(m) for m in modules}
    inputs |= {paths.relative(p): source_digest(p) for p in _package_data(modules)}
    sections, env = set(), set()
    for m in modules:
        _, s, e = _module_facts(m, source_digest(m))
        sections |= s
        env |= e
    config = _config()
    for s in sorted(sections):
        inputs[f"analysis.toml [{s}]"] = digest(config.get(s))
    for name in sorted(env - BUILD_ENV - {DATE_ENV}):
        value = os.environ.get(name)
        inputs[f"omgevingsvariabele {name}"] = digest(value)
        target = _resolve_env_file(value) if value else None
        if target:
            inputs[f"{name} → {paths.relative(target)}"] = file_digest(target)
    return inputs


def build_time_input() -> dict[str, str]:
    """The build's fixed time, for the key of a step whose output carries a date."""
    return {f"bouwtijd ({DATE_ENV})": digest(os.environ.get(DATE_ENV))}


def mapping_option_files(dataset: str) -> dict[str, str]:
    """Files that a mapping in ``data_raw/private/<dataset>/`` names in its ``options`` (for
    example ``ari_key: sleutels/ari.yaml``, a path from the project root): the step that reads
    the mapping reads them too, wherever they lie. Files under the dataset's private folder are
    in the key already (every file there is); a mapping that cannot be read adds nothing here
    (the build reports its problem when it reads it)."""
    from . import yamlio

    folder = paths.PRIVATE / dataset
    if not folder.is_dir():
        return {}
    found: dict[str, str] = {}

    def walk(key: str, value) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{key}.{k}", v)
        elif isinstance(value, list):
            for v in value:
                walk(key, v)
        elif isinstance(value, str) and value.strip():
            target = paths.ROOT / value.strip()
            try:
                if target.is_file() and folder.resolve() not in target.resolve().parents:
                    found[f"{key} → {paths.relative(target)}"] = file_digest(target)
            except OSError:
                pass

    for mp in sorted(folder.glob("*.mapping.yaml")):
        try:
            data = yamlio.load(mp.read_text(encoding="utf-8", errors="replace"))
        except yamlio.YAMLError:
            continue
        if isinstance(data, dict) and isinstance(data.get("options"), dict):
            walk(f"{paths.relative(mp)} options", data["options"])
    return found


def notebook_imports(nb: dict) -> set[str]:
    names = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        src = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in src.splitlines())
        names |= imports_of_source(src)
    return names


# ---------------------------------------------------------------- reasons


def reasons(old: dict[str, str] | None, new: dict[str, str], limit: int = 3) -> str:
    """Why a step runs again, in words: ``data_raw/x.csv gewijzigd; analysis/y.py nieuw``."""
    if old is None:
        return "nog niet gebouwd"
    parts = [f"{k} gewijzigd" for k in sorted(new) if k in old and old[k] != new[k]]
    parts += [f"{k} nieuw" for k in sorted(new) if k not in old]
    parts += [f"{k} verwijderd" for k in sorted(old) if k not in new]
    if not parts:
        return "uitvoer ontbreekt"
    more = f" (en {len(parts) - limit} andere)" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more
