"""``python -m analysis build``: raw data → tidy tables → executed notebooks → website.

Each step has a key: the SHA-256 of everything it reads (raw files, schema,
package code, notebook, upstream keys).  A step whose key and outputs are
unchanged is skipped, so a second build with nothing changed only hashes files
and finishes in well under two seconds, and changing one raw table rebuilds only
the dataset, notebooks and pages that depend on it.

Failures stop the build before anything is written: all datasets are validated
first; then each dataset's folder in ``data_processed/`` is replaced as a whole.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

from . import manifest, paths
from .io import atomic_write_text, replace_directory
from .schema import dataset_names, load_schema

STATE = paths.BUILD / "state.json"
QUARTO_MISSING = (
    "Quarto is niet gevonden (niet op PATH). De ingebouwde standaard-renderer maakt de website in "
    "_site/ (HTML met uitgevoerde notebooks en ingesloten figuren en tabellen, plus een eenvoudige PDF "
    "per rapport). Met Quarto (https://quarto.org/docs/get-started/) maakt dezelfde opdracht de "
    "volledige Quarto-website: zoekfunctie, Quarto-opmaak en PDF's in Quarto's Typst-opmaak."
)


class BuildError(RuntimeError):
    pass


# ---------------------------------------------------------------- hashing + state

def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


def code_hash() -> str:
    """Hash of the package's code and data files (not the dataset schemas: those key their own dataset)."""
    files = sorted(p for p in paths.PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".csv", ".json", ".xsd", ".toml")
                   and "__pycache__" not in p.parts and p.parent != paths.PACKAGE / "schemas")
    cfg = [paths.CONFIG.read_bytes()] if paths.CONFIG.exists() else []
    return _digest(*[p.relative_to(paths.PACKAGE).as_posix().encode() + b"\0" + p.read_bytes() for p in files], *cfg)


class State:
    def __init__(self):
        try:
            self.data = json.loads(STATE.read_text())
        except (OSError, ValueError):
            self.data = {}

    def fresh(self, step: str, key: str) -> bool:
        entry = self.data.get(step)
        return bool(entry) and entry["key"] == key and all((paths.ROOT / o).exists() for o in entry["outputs"])

    def done(self, step: str, key: str, outputs: list[Path]) -> None:
        self.data[step] = {"key": key, "outputs": [paths.relative(o) for o in outputs]}
        atomic_write_text(STATE, json.dumps(self.data, indent=1, sort_keys=True))


class Progress:
    def __init__(self):
        self.t0 = time.perf_counter()
        self.did = 0
        self.skipped = 0

    def line(self, text: str) -> None:
        print(f"[{time.perf_counter() - self.t0:6.1f} s] {text}", flush=True)

    def ran(self, text: str) -> None:
        self.did += 1
        self.line(text)

    def skip(self, text: str) -> None:
        self.skipped += 1
        self.line(text)


# ---------------------------------------------------------------- data

def _dataset_deps(dataset: str) -> set[str]:
    schema = load_schema(dataset)
    deps = set()
    for t in schema.tables.values():
        for c in t.columns.values():
            if c.references and c.references.count(".") == 2:
                deps.add(c.references.split(".")[0])
        for fk in t.foreign_keys:
            if "." in fk.table:
                deps.add(fk.table.split(".")[0])
    return deps - {dataset}


def _ordered(datasets: list[str]) -> list[str]:
    order, seen = [], set()

    def visit(d, stack=()):
        if d in seen:
            return
        if d in stack:
            raise BuildError(f"kringverwijzing tussen datasets: {' → '.join(stack + (d,))}")
        for dep in sorted(_dataset_deps(d)):
            visit(dep, stack + (d,))
        seen.add(d)
        order.append(d)

    for d in datasets:
        visit(d)
    return order


def dataset_keys(hashes: dict[str, str], code: str) -> dict[str, str]:
    from .data import private_override

    keys = {}
    for ds in _ordered(dataset_names()):
        schema = load_schema(ds)
        files = []
        for t in schema.tables.values():
            override = private_override(t)
            rel = ("private/" + t.file.split("#")[0]) if override else t.file.split("#")[0]
            files.append((rel, hashes.get(rel, "ontbreekt")))
        # Everything else a researcher put in data_raw/private/<dataset>/ (a coded .qdpx, a mapping)
        files += sorted((k, v) for k, v in hashes.items() if k.startswith(f"private/{ds}/"))
        keys[ds] = _digest(schema.source_file.read_bytes(), sorted(files), code,
                           [keys[d] for d in sorted(_dataset_deps(ds))])
    return keys


def build_data(progress: Progress, state: State, hashes: dict[str, str], code: str, force: bool) -> dict[str, str]:
    from .codebook import codebook_path, codebook_markdown
    from .data import validate_dataset, write_artefacts
    from .validation import ValidationError, ValidationErrors, all_errors

    keys = dataset_keys(hashes, code)
    todo = [ds for ds in keys if force or not state.fresh(f"data:{ds}", keys[ds])]
    for ds in keys:
        if ds not in todo:
            progress.skip(f"Dataset {ds}: ongewijzigd, overgeslagen")
    if not todo:
        return keys

    # Phase 1: validate everything that changed, write nothing.
    validated, errors = {}, []

    def lookup(dataset, table):
        if dataset in validated:
            return validated[dataset][table]
        from .data import load_table
        return load_table(dataset, table)

    for ds in todo:
        progress.line(f"Dataset {ds}: inlezen en valideren …")
        try:
            validated[ds] = validate_dataset(ds, lookup=lookup)
        except (ValidationError, ValidationErrors) as exc:
            errors.extend(all_errors(exc))
    if errors:
        from .validation import ValidationErrors as VE
        raise BuildError(f"Validatie mislukt; er is niets geschreven (data_processed/ is ongewijzigd).\n{VE(errors)}")

    # Phase 2: write each dataset's folder as a whole, then its codebook and artefacts.
    for ds in todo:
        tables = validated[ds]

        def fill(folder: Path, tables=tables):
            for name, df in tables.items():
                df.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")

        target = paths.DATA_PROCESSED / ds
        replace_directory(target, fill)
        cb = codebook_path(ds)
        atomic_write_text(cb, codebook_markdown(load_schema(ds)))
        artefacts = write_artefacts(ds, tables)
        state.done(f"data:{ds}", keys[ds], [target, cb, *artefacts])
        progress.ran(f"Dataset {ds}: {len(tables)} tabel(len) geschreven naar {paths.relative(target)}/"
                     + (f", {len(artefacts)} download(s)" if artefacts else ""))
    return keys


# ---------------------------------------------------------------- notebooks

def notebook_keys(data_keys: dict[str, str], code: str) -> dict[Path, str]:
    from .notebooks import declared_datasets

    keys = {}
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        declared = declared_datasets(nb)
        unknown = [d for d in declared if d not in data_keys]
        if unknown:
            raise BuildError(f"{paths.relative(nb)}: 'datasets:' noemt onbekende dataset(s) {unknown}; "
                             f"bekend: {sorted(data_keys)}")
        keys[nb] = _digest(nb.read_bytes(), code, [data_keys[d] for d in declared])
    return keys


def executed_path(nb: Path) -> Path:
    return paths.BUILD / "notebooks" / nb.name


def _execute_one(args):
    src, dst = args
    from .notebooks import execute

    t = time.perf_counter()
    execute(Path(src), Path(dst))
    return src, time.perf_counter() - t


def execute_notebooks(progress: Progress, state: State, keys: dict[Path, str], force: bool) -> None:
    todo = [nb for nb, k in keys.items() if force or not state.fresh(f"notebook:{nb.name}", k)]
    for nb in keys:
        if nb not in todo:
            progress.skip(f"Notebook {nb.name}: ongewijzigd, overgeslagen")
    if not todo:
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    import os

    workers = max(1, min(len(todo), os.cpu_count() or 1, 2))
    progress.line(f"{len(todo)} notebook(s) uitvoeren ({workers} tegelijk) …")
    failures = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_execute_one, (str(nb), str(executed_path(nb)))): nb for nb in todo}
        for fut in as_completed(futures):
            nb = futures[fut]
            try:
                _, seconds = fut.result()
            except Exception as exc:  # report every failing notebook, not just the first
                failures.append(str(exc))
                progress.line(f"Notebook {nb.name}: FOUT")
                continue
            state.done(f"notebook:{nb.name}", keys[nb], [executed_path(nb)])
            progress.ran(f"Notebook {nb.name}: uitgevoerd ({seconds:.1f} s)")
    if failures:
        raise BuildError("\n\n".join(failures))


# ---------------------------------------------------------------- render

def quarto_path() -> str | None:
    return shutil.which("quarto")


def render_quarto(progress: Progress, state: State, nb_keys: dict[Path, str], provenance: str, code: str) -> None:
    import os
    import subprocess

    from .notebooks import kernel_env

    changed = [nb for nb, k in nb_keys.items() if not state.fresh(f"freeze:{nb.name}", k)]
    for nb in changed:  # data or code changed: Quarto's freeze would not notice, so thaw the notebook
        frozen = paths.FREEZE / "notebooks" / nb.stem
        if frozen.exists():
            shutil.rmtree(frozen)
    inputs = sorted(p for pattern in ("*.qmd", "reports/*.qmd", "reports/*.yml", "codebook/*.qmd", "_quarto.yml",
                                      "references.bib", "notebooks/*.ipynb") for p in paths.ROOT.glob(pattern))
    key = _digest([p.read_bytes() for p in inputs], sorted(nb_keys.values()), provenance, code,
                  sorted(p.name for p in paths.DOWNLOADS.glob("*")) if paths.DOWNLOADS.exists() else [])
    if state.fresh("render:quarto", key):
        progress.skip("Website (Quarto): ongewijzigd, overgeslagen")
        return
    progress.line("Quarto render (HTML-website + PDF per rapport) …")
    env = kernel_env()
    env["QUARTO_PYTHON"] = sys.executable
    result = subprocess.run([quarto_path(), "render"], cwd=paths.ROOT, env=env)
    if result.returncode != 0:
        raise BuildError(f"quarto render is mislukt (exitcode {result.returncode}); zie de meldingen hierboven")
    for nb, k in nb_keys.items():
        state.done(f"freeze:{nb.name}", k, [])
    state.done("render:quarto", key, [paths.SITE / "index.html"])
    progress.ran(f"Website gerenderd met Quarto in {paths.relative(paths.SITE)}/")


# ---------------------------------------------------------------- entry point

def build(render: bool = True, force: bool = False, renderer: str = "auto") -> int:
    progress = Progress()
    state = State()
    try:
        progress.line("Datamanifest controleren …")
        hashes = manifest.verify()
        code = code_hash()
        data_keys = build_data(progress, state, hashes, code, force)
        if not render:
            return 0
        nb_keys = notebook_keys(data_keys, code)
        from .provenance import write_variables
        provenance = write_variables()
        use_quarto = renderer == "quarto" or (renderer == "auto" and quarto_path() is not None)
        if renderer == "quarto" and quarto_path() is None:
            raise BuildError("--renderer quarto gevraagd, maar Quarto staat niet op PATH")
        if use_quarto:
            render_quarto(progress, state, nb_keys, provenance, code)
        else:
            print(QUARTO_MISSING, flush=True)
            execute_notebooks(progress, state, nb_keys, force)
            from .render import render_site
            render_site(progress, state, nb_keys, provenance, code, force)
        from .privacy_check import build_step  # last step of every build: read what was built
        if not build_step(progress, state):
            raise BuildError("de privacycontrole van _site/ en downloads/ vond problemen (zie hierboven)")
    except (BuildError, manifest.ManifestError) as exc:
        print(f"\nFOUT: {exc}", file=sys.stderr, flush=True)
        return 1
    from .validation import ValidationError, ValidationErrors  # noqa: F401  (raised inside steps)
    total = time.perf_counter() - progress.t0
    if progress.did == 0:
        print(f"Niets gewijzigd: alles is actueel ({total:.2f} s). Rapporten: {paths.relative(paths.SITE)}/index.html")
    else:
        print(f"Klaar in {total:.1f} s ({progress.did} stap(pen) uitgevoerd, {progress.skipped} overgeslagen). "
              f"Rapporten: {paths.relative(paths.SITE)}/index.html")
    return 0
