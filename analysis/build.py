"""``python -m analysis build``: raw data → tidy tables → executed notebooks → website.

Each step has a key: the SHA-256 of exactly what it reads (raw and private files,
schema, the package modules it imports, the settings and environment variables
they read, upstream keys; see :mod:`analysis.buildkeys`).  A step whose key and
outputs are unchanged is skipped, so a second build with nothing changed only
hashes files and finishes in well under two seconds; changing one raw table
rebuilds only the dataset, notebooks and pages that depend on it, and the build
says why a step runs ("data_raw/…/forms.csv gewijzigd").

Both renderers build the site in a staging folder under ``_build/`` (the data step writes
the downloads to ``_build/downloads/``); the privacy check reads the staged site and
downloads, and only when every page succeeded and the check passed are they swapped into
``_site/`` and ``downloads/`` (:func:`publish`).  ``--no-render`` publishes neither.

Failures stop the build before anything is written: all datasets are validated
first; then each dataset's folder in ``data_processed/`` is replaced as a whole.
"""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time
from pathlib import Path

from . import manifest, paths
from .background import Background
from .buildkeys import (
    code_inputs,
    digest,
    file_digest,
    mapping_option_files,
    notebook_imports,
    reasons,
    save_module_facts,
)
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

_digest = digest


_STATE_LOCK = threading.Lock()


class State:
    """``_build/state.json``: per step its key, the digests of what it read (to say why it runs
    again) and its outputs (a step whose outputs are gone runs again)."""

    def __init__(self):
        try:
            self.data = json.loads(STATE.read_text())
        except (OSError, ValueError):
            self.data = {}

    def fresh(self, step: str, key: str) -> bool:
        entry = self.data.get(step)
        return bool(entry) and entry["key"] == key and all((paths.ROOT / o).exists() for o in entry["outputs"])

    def why(self, step: str, inputs: dict[str, str], force: bool = False) -> str | None:
        """None when the step is up to date, else the reason it must run."""
        if force:
            return "--force"
        if self.fresh(step, digest(inputs)):
            return None
        entry = self.data.get(step) or {}
        return reasons(entry.get("inputs") if entry else None, inputs)

    def done(self, step: str, key: str | dict, outputs: list[Path]) -> None:
        inputs = key if isinstance(key, dict) else None
        entry = {"key": digest(key) if inputs is not None else key, "outputs": [paths.relative(o) for o in outputs]}
        if inputs is not None:
            entry["inputs"] = inputs
        with _STATE_LOCK:  # the downloads are drawn in a second thread while the notebooks run
            self.data[step] = entry
            atomic_write_text(STATE, json.dumps(self.data, indent=1, sort_keys=True))

    def forget(self, prefix: str) -> None:
        with _STATE_LOCK:
            for step in [s for s in self.data if s.startswith(prefix)]:
                del self.data[step]


class Progress:
    def __init__(self):
        self.t0 = time.perf_counter()
        self.did = 0
        self.skipped = 0

    def line(self, text: str) -> None:
        print(f"[{time.perf_counter() - self.t0:6.1f} s] {text}", flush=True)

    def ran(self, text: str) -> None:
        with _STATE_LOCK:
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


def dataset_inputs(hashes: dict[str, str]) -> dict[str, dict[str, str]]:
    """Per dataset what it reads (see :mod:`analysis.buildkeys`): schema, public raw files, every
    file under ``data_raw/private/<dataset>/`` (or the table's private folder), upstream datasets
    and the modules (with their settings and environment variables) that read and check it."""
    inputs: dict[str, dict[str, str]] = {}
    for ds in _ordered(dataset_names()):
        schema = load_schema(ds)
        inp = {paths.relative(schema.source_file): file_digest(schema.source_file)}
        folders = {ds} | {t.file.split("#")[0].split("/")[0] for t in schema.tables.values()}
        for t in schema.tables.values():
            rel = t.file.split("#")[0]
            inp[f"data_raw/{rel}"] = hashes.get(rel, "ontbreekt")
        for rel, h in hashes.items():
            if rel.startswith("private/") and rel.split("/")[1] in folders:
                inp[f"data_raw/{rel}"] = h
        inp |= mapping_option_files(ds)
        entries = {"analysis.data", "analysis.codebook"}
        entries |= {spec.partition(":")[0] for spec in (schema.validator, schema.artefacts) if spec}
        inp |= code_inputs(entries)
        for d in sorted(_dataset_deps(ds)):
            inp[f"dataset {d}"] = digest(inputs[d])
        inputs[ds] = inp
    return inputs


def data_digests(inputs: dict[str, dict[str, str]]) -> dict[str, str]:
    """Per dataset a digest of its data alone (raw and private files, upstream data): what the
    provenance line of a page names."""
    out: dict[str, str] = {}
    for ds, inp in inputs.items():  # already in dependency order
        out[ds] = digest(
            sorted((k, v) for k, v in inp.items() if k.startswith("data_raw/")),
            [out[k.split(" ", 1)[1]] for k in sorted(inp) if k.startswith("dataset ")],
        )
    return out


def build_data(
    progress: Progress, state: State, inputs: dict[str, dict[str, str]], force: bool, later: list
) -> dict[str, str]:
    """Validate and write every dataset that changed; return every dataset's key. Each dataset's
    downloads are left to be drawn: a function appended to ``later`` (drawn in the background, see :func:`build`)."""
    from .codebook import codebook_path, codebook_markdown
    from .data import validate_dataset, write_artefacts
    from .validation import ValidationError, ValidationErrors, all_errors

    keys = {ds: digest(inp) for ds, inp in inputs.items()}
    why = {ds: state.why(f"data:{ds}", inp, force) for ds, inp in inputs.items()}
    todo = [ds for ds in keys if why[ds]]
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
        progress.line(f"Dataset {ds}: inlezen en valideren ({why[ds]}) …")
        try:
            validated[ds] = validate_dataset(ds, lookup=lookup)
        except (ValidationError, ValidationErrors) as exc:
            errors.extend(all_errors(exc))
    if errors:
        from .validation import ValidationErrors as VE

        raise BuildError(f"Validatie mislukt; er is niets geschreven (data_processed/ is ongewijzigd).\n{VE(errors)}")

    # Phase 2: write each dataset's folder as a whole and its codebook, then its downloads.
    def downloads(ds, tables, target, cb):
        # the downloads this dataset made last time and does not make now (e.g. the banners of a
        # researcher's own case after she removed her files) must not stay in the site
        before = [
            o
            for o in ((state.data.get(f"data:{ds}") or {}).get("outputs") or [])
            if paths.DOWNLOADS_STAGE.resolve() in (paths.ROOT / o).resolve().parents
        ]
        artefacts = write_artefacts(ds, tables)
        kept = {paths.relative(a) for a in artefacts}
        for o in before:
            if o not in kept:
                (paths.ROOT / o).unlink(missing_ok=True)
        state.done(f"data:{ds}", inputs[ds], [target, cb, *artefacts])
        progress.ran(
            f"Dataset {ds}: {len(tables)} tabel(len) geschreven naar {paths.relative(target)}/"
            + (f", {len(artefacts)} download(s)" if artefacts else "")
        )

    for ds in todo:
        tables = validated[ds]

        def fill(folder: Path, tables=tables):
            for name, df in tables.items():
                df.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")

        target = paths.DATA_PROCESSED / ds
        replace_directory(target, fill)
        cb = codebook_path(ds)
        atomic_write_text(cb, codebook_markdown(load_schema(ds)))
        later.append(lambda ds=ds, tables=tables, target=target, cb=cb: downloads(ds, tables, target, cb))
    return keys


# ---------------------------------------------------------------- notebooks


def notebook_inputs(data_keys: dict[str, str]) -> dict[Path, dict[str, str]]:
    """Per notebook: its source, the processed datasets it declares, the modules it imports."""
    from .notebooks import declared_datasets, read

    out = {}
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        declared = declared_datasets(nb)
        unknown = [d for d in declared if d not in data_keys]
        if unknown:
            raise BuildError(
                f"{paths.relative(nb)}: 'datasets:' noemt onbekende dataset(s) {unknown}; bekend: {sorted(data_keys)}"
            )
        inp = {paths.relative(nb): file_digest(nb)}
        inp |= code_inputs(notebook_imports(read(nb)) | {"analysis.notebooks"})
        inp |= {f"dataset {d}": data_keys[d] for d in declared}
        out[nb] = inp
    return out


def executed_path(nb: Path) -> Path:
    return paths.BUILD / "notebooks" / nb.name


def _execute_one(args):
    src, dst, forks = args
    from .notebooks import execute

    t = time.perf_counter()
    execute(Path(src), Path(dst), forks=forks)
    return src, time.perf_counter() - t


def _worker_context():
    """Fresh worker processes without this process's ZMQ/asyncio state: 'forkserver' where the system
    has it (Linux, macOS), a clean server process that imports the notebook runner (nbclient,
    nbformat) once and forks each worker from it; 'spawn' (a new interpreter per worker) elsewhere."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["analysis.notebooks", "nbclient", "nbformat"])
    return context


def _start_worker_server() -> None:
    """Start the server the notebook workers are forked from (:func:`_worker_context`) before the
    notebook step asks for it; it then imports nbclient and nbformat while the data are built."""
    context = _worker_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


FORKS_FROM = 2  # notebooks to run before kernels are forked from a warm server (analysis.kernel_forks)


def _notebooks_reading(datasets: set[str]) -> int:
    from .notebooks import declared_datasets

    return sum(1 for nb in paths.NOTEBOOKS.glob("*.ipynb") if datasets & set(declared_datasets(nb)))


def _code_size(nb: Path) -> int:
    from .notebooks import read

    return sum(len("".join(c.get("source", ""))) for c in read(nb).get("cells", []) if c.get("cell_type") == "code")


def kernel_fork_server():
    """The build's kernel fork server (:mod:`analysis.kernel_forks`; None where kernels start
    ordinarily), not yet started. Its environment is the kernels' own."""
    from .kernel_forks import Server
    from .notebooks import kernel_env

    return Server.maybe(kernel_env())


def execute_notebooks(
    progress: Progress, state: State, inputs: dict[Path, dict[str, str]], force: bool, forks=None, while_running=None
) -> None:
    """Run every notebook whose key changed, two at a time; ``while_running()`` is called once they
    are all handed to the workers (this process then only waits for them)."""
    why = {nb: state.why(f"notebook:{nb.name}", inp, force) for nb, inp in inputs.items()}
    todo = [nb for nb in inputs if why[nb]]
    # the longest first (their code is the best guess of their time), so that the last notebook
    # to finish is a short one and the two workers end together
    todo.sort(key=lambda nb: -_code_size(nb))
    for nb in inputs:
        if nb not in todo:
            progress.skip(f"Notebook {nb.name}: ongewijzigd, overgeslagen")
    if not todo:
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    import os

    for nb in todo:
        progress.line(f"Notebook {nb.name}: uitvoeren ({why[nb]})")
    workers = max(1, min(len(todo), os.cpu_count() or 1, 2))
    progress.line(f"{len(todo)} notebook(s) uitvoeren ({workers} tegelijk) …")
    failures = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context()) as pool:
        # one notebook is quicker in an ordinary kernel: it imports only what it uses, where a new
        # server imports every library any notebook uses before it forks the first kernel (a
        # server that outlives builds is already warm: analysis.kernel_forks.Shared)
        use = forks is not None and (forks.started or len(todo) >= FORKS_FROM)
        socket = forks.start() if use else None
        futures = {pool.submit(_execute_one, (str(nb), str(executed_path(nb)), socket)): nb for nb in todo}
        if while_running is not None:
            while_running()
        for fut in as_completed(futures):
            nb = futures[fut]
            try:
                _, seconds = fut.result()
            except Exception as exc:  # report every failing notebook, not just the first
                from .render import embeds_of, render_list

                pages = [
                    paths.relative(p) for p in render_list() if p.suffix == ".qmd" and nb.resolve() in embeds_of(p)
                ]
                failures.append(str(exc) + (f"\n(ingesloten op: {', '.join(pages)})" if pages else ""))
                progress.line(f"Notebook {nb.name}: FOUT")
                continue
            state.done(f"notebook:{nb.name}", inputs[nb], [executed_path(nb)])
            progress.ran(f"Notebook {nb.name}: uitgevoerd ({seconds:.1f} s)")
    if failures:
        raise BuildError("\n\n".join(failures))


# ---------------------------------------------------------------- render


def quarto_path() -> str | None:
    return shutil.which("quarto")


def publish(progress: Progress, state: State, stage_site: Path, renderer: str) -> None:
    """Make ``_site/`` the staged site and ``downloads/`` the staged downloads, each whole: a build
    that fails (also in the privacy check, which reads the staged files first) leaves the previous
    complete site and downloads."""
    from .io import replace_directory

    files = {paths.relative(p): file_digest(p) for p in sorted(stage_site.rglob("*")) if p.is_file()}
    inputs = {"renderer": renderer, **files}
    if state.why("site", inputs) or not paths.SITE.exists():
        replace_directory(paths.SITE, lambda tmp: shutil.copytree(stage_site, tmp, dirs_exist_ok=True))
        state.done("site", inputs, [paths.SITE / "index.html"])
        progress.line(f"Website bijgewerkt in {paths.relative(paths.SITE)}/ ({len(files)} bestanden)")
    publish_downloads(progress)


def publish_downloads(progress: Progress) -> None:
    """``downloads/`` becomes a copy of ``_build/downloads/`` (only when something differs)."""
    stage = paths.DOWNLOADS_STAGE

    def listing(folder: Path) -> dict[str, str]:
        if not folder.exists():
            return {}
        return {p.relative_to(folder).as_posix(): file_digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}

    wanted = listing(stage)
    if wanted == listing(paths.DOWNLOADS):
        return
    if not wanted:
        shutil.rmtree(paths.DOWNLOADS, ignore_errors=True)
        progress.line(f"Downloads: {paths.relative(paths.DOWNLOADS)}/ verwijderd (de build maakt geen downloads)")
        return
    replace_directory(paths.DOWNLOADS, lambda tmp: shutil.copytree(stage, tmp, dirs_exist_ok=True))
    progress.line(f"Downloads bijgewerkt in {paths.relative(paths.DOWNLOADS)}/ ({len(wanted)} bestanden)")


# ---------------------------------------------------------------- entry point


def reproducible_environment() -> None:
    """Same inputs, same bytes: dates written into SVG and PDF files come from
    ``SOURCE_DATE_EPOCH`` (set to the commit time unless given; matplotlib, Typst and Quarto read
    it), and matplotlib's SVG element ids from a fixed salt instead of a random one (a
    ``matplotlibrc`` that the build and every notebook kernel read, unless ``MATPLOTLIBRC`` is set)."""
    import os

    from .provenance import build_timestamp

    os.environ.setdefault("SOURCE_DATE_EPOCH", str(build_timestamp()))
    os.environ.setdefault("MATPLOTLIBRC", str(matplotlib_rc(paths.BUILD / "matplotlib")))


def matplotlib_rc(folder: Path) -> Path:
    """The build's ``matplotlibrc`` in ``folder`` (written when it differs): a fixed SVG salt."""
    rc = folder / "matplotlibrc"
    text = "# written by python -m analysis build: reproducible SVG files\nsvg.hashsalt: analysis\n"
    if not rc.exists() or rc.read_text(encoding="utf-8") != text:
        atomic_write_text(rc, text)
    return rc


def build(render: bool = True, force: bool = False, renderer: str = "auto") -> int:
    from .render import RenderError

    reproducible_environment()
    progress = Progress()
    state = State()
    if force:  # everything made again, drawings too
        shutil.rmtree(paths.KEPT, ignore_errors=True)
    forks = kernel_fork_server() if render else None
    downloads = prepared = None
    try:
        progress.line("Datamanifest controleren …")
        hashes = manifest.verify()
        ds_inputs = dataset_inputs(hashes)
        if forks is not None:
            changed = {d for d, inp in ds_inputs.items() if force or state.why(f"data:{d}", inp)}
            reading = _notebooks_reading(changed)
            if reading:  # the notebook step's workers come from a server that imports their runner
                _start_worker_server()  # now, while the data are built
            if reading >= FORKS_FROM:
                forks.start()  # their notebooks will run: the server imports while the data are built
        later = []
        data_keys = build_data(progress, state, ds_inputs, force, later)
        # the downloads (banners, findings trees, QDA files) are drawn in a thread of their own: no
        # notebook reads them (pages only link to them), so they are drawn while the notebooks run;
        # waited for before anything reads _build/downloads/ (the pages' copy, the privacy check). A
        # dataset's step is recorded only when its downloads are written.
        downloads = Background(lambda: [job() for job in later], "downloads")
        if not render:
            downloads.result()
            return 0
        nb_inputs = notebook_inputs(data_keys)
        from .provenance import write_variables
        from .render import page_provenance

        lines = page_provenance(data_digests(ds_inputs))
        write_variables(lines)
        use_quarto = renderer == "quarto" or (renderer == "auto" and quarto_path() is not None)
        if renderer == "quarto" and quarto_path() is None:
            raise BuildError("--renderer quarto gevraagd, maar Quarto staat niet op PATH")
        if not use_quarto:
            print(QUARTO_MISSING, flush=True)

        def prepare():  # the privacy check's values, read while the notebooks run
            nonlocal prepared
            from .privacy_check import prepare_matcher

            prepared = prepare_matcher()

        execute_notebooks(progress, state, nb_inputs, force, forks, while_running=prepare)
        downloads.result()
        if use_quarto:
            from .quarto import render_quarto

            site = render_quarto(progress, state, lines, force)
        else:
            from .render import render_site

            site = render_site(progress, state, lines, force)
        from .privacy_check import build_step  # read what was built, before anything is published

        if not build_step(progress, state, [site, paths.DOWNLOADS_STAGE], prepared):
            raise BuildError(
                "de privacycontrole van de nieuwe build vond problemen (zie hierboven); _site/ en downloads/ "
                "zijn niet bijgewerkt"
            )
        publish(progress, state, site, "quarto" if use_quarto else "embedded")
    except (BuildError, manifest.ManifestError, RenderError) as exc:
        print(
            f"\nFOUT: {exc}\n(_site/ is niet gewijzigd: het bevat nog de vorige volledige build.)",
            file=sys.stderr,
            flush=True,
        )
        return 1
    finally:
        for thread in (downloads, prepared):  # a failing build leaves no thread behind it
            if thread is not None:
                thread.join()
        if forks is not None:
            forks.close()
        save_module_facts()
    total = time.perf_counter() - progress.t0
    if progress.did == 0:
        print(f"Niets gewijzigd: alles is actueel ({total:.2f} s). Rapporten: {paths.relative(paths.SITE)}/index.html")
    else:
        print(
            f"Klaar in {total:.1f} s ({progress.did} stap(pen) uitgevoerd, {progress.skipped} overgeslagen). "
            f"Rapporten: {paths.relative(paths.SITE)}/index.html"
        )
    return 0
