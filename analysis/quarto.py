"""The website with Quarto (``quarto render``), when Quarto is on PATH.

Design, as a Quarto user knows it from "render notebooks that were executed
elsewhere": the build executes every notebook with nbclient (the same step the
embedded renderer uses, incremental per notebook), and Quarto renders a
*staging copy* of the project in ``_build/quarto/`` in which ``notebooks/``
holds those executed copies. ``execute: enabled: false`` (``_quarto.yml``) makes
Quarto show the stored outputs, so ``{{< embed ../notebooks/x.ipynb#label >}}``
shows this run's results, and no kernel is started: report pages have no code
cells and notebook pages are not re-executed.

Why a staging copy: Quarto reads an embedded ``.ipynb`` as it is on disk, and the
committed notebooks carry no outputs; writing outputs into them would change
tracked files. Quarto also writes next to its inputs (``.quarto/``,
``*_files/``, ``.gitignore`` entries); in the staging copy that never touches the
work tree, so ``git status`` stays clean after a build.

Incremental: each page has a key (its source, the executed notebooks it embeds,
its provenance line, settings, navigation, this module); only pages whose key
changed are passed to ``quarto render <files>``. The staged ``_site/`` is swapped
into ``_site/`` by the build only when Quarto succeeded.

Preview while writing: after a build, ``quarto preview _build/quarto`` (see CONTRIBUTING).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import paths
from .io import atomic_write_bytes, atomic_write_text
from .render import (
    SHORTCODE_RE,
    PAGE_VARIABLES,
    RenderError,
    check_embeds,
    executed_notebook,
    legible_width,
    page_id,
    page_inputs,
    quarto_config,
    render_list,
    sync_downloads,
)

STAGE = paths.BUILD / "quarto"
LOG = paths.BUILD / "quarto-render.log"  # Quarto's own output of the last render
# What Quarto's `ensureGitignore` wants in a project's .gitignore (quarto-cli
# src/project/project-gitignore.ts); present beforehand, Quarto leaves the file alone.
QUARTO_IGNORE = ["/.quarto/", "**/*.quarto_ipynb"]
SOURCE_DIRS = ("reports", "codebook", "notebooks")
ROOT_SUFFIXES = {".qmd", ".yml", ".yaml", ".bib", ".csl", ".scss", ".css", ".png", ".svg", ".jpg", ".lua"}


def _sources() -> dict[str, bytes]:
    """Relative path → content of every file of the staging copy."""
    out: dict[str, bytes] = {}
    for f in sorted(paths.ROOT.iterdir()):
        if f.is_file() and f.suffix in ROOT_SUFFIXES and f.name not in ("environment.yml", "CITATION.cff"):
            out[f.name] = f.read_bytes()
    for folder in SOURCE_DIRS:
        for f in sorted((paths.ROOT / folder).rglob("*")) if (paths.ROOT / folder).exists() else []:
            rel = f.relative_to(paths.ROOT)
            if (
                not f.is_file()
                or f.name.startswith(".")
                or any(part.endswith("_files") or part.startswith(".") for part in rel.parts[:-1])
            ):
                continue
            if f.suffix == ".ipynb" and folder == "notebooks":
                executed = executed_notebook(f)
                if not executed.exists():
                    raise RenderError(
                        f"{paths.relative(f)}: uitgevoerd notebook ontbreekt ({paths.relative(executed)})"
                    )
                out[rel.as_posix()] = executed.read_bytes()
            elif f.suffix == ".qmd":
                out[rel.as_posix()] = _own_provenance(f).encode("utf-8")
            else:
                out[rel.as_posix()] = f.read_bytes()
    for rel in _referenced_files():
        out.setdefault(rel, (paths.ROOT / rel).read_bytes())
    out[".gitignore"] = ("\n".join(QUARTO_IGNORE) + "\n").encode()
    return out


def _referenced_files() -> list[str]:
    """Files that _quarto.yml or a folder's _metadata.yml names (css, csl, logo, …) anywhere in
    the project, so the staging copy has them at the same relative place."""
    from . import yamlio

    found = set()

    def walk(value, base: Path):
        if isinstance(value, dict):
            for v in value.values():
                walk(v, base)
        elif isinstance(value, list):
            for v in value:
                walk(v, base)
        elif isinstance(value, str) and len(value) < 300 and "*" not in value and "\n" not in value:
            candidate = (base / value).resolve()
            try:
                if candidate.is_file() and paths.ROOT in candidate.parents:
                    found.add(candidate.relative_to(paths.ROOT).as_posix())
            except OSError:
                pass

    for meta in [paths.QUARTO_YML, *sorted(paths.ROOT.glob("*/_metadata.yml"))]:
        walk(yamlio.load(meta.read_text(encoding="utf-8")) or {}, meta.parent)
    return sorted(found)


def _own_provenance(page: Path) -> str:
    """The page with ``{{< var provenance >}}`` pointing at its own line in ``_variables.yml``."""
    text = page.read_text(encoding="utf-8")
    own = f"{PAGE_VARIABLES}.{page_id(page)}"
    return SHORTCODE_RE.sub(
        lambda m: (
            "{{< var " + own + " >}}" if m.group(1) == "var" and m.group(2).strip() == "provenance" else m.group(0)
        ),
        text,
    )


def stage() -> None:
    """Bring ``_build/quarto/`` up to date with the project (write only what changed)."""
    import os

    from .provenance import build_timestamp

    wanted = _sources()
    # Quarto's listing (index.qmd) records each page's file time: the commit's, every build
    when = build_timestamp()
    for rel, data in wanted.items():
        target = STAGE / rel
        if not target.exists() or target.read_bytes() != data:
            atomic_write_bytes(target, data)
        if int(target.stat().st_mtime) != when:
            os.utime(target, (when, when))
    for folder in SOURCE_DIRS:
        for f in sorted((STAGE / folder).rglob("*")) if (STAGE / folder).exists() else []:
            rel = f.relative_to(STAGE).as_posix()
            if (
                f.is_file()
                and rel not in wanted
                and not any(p.endswith("_files") for p in f.relative_to(STAGE).parts[:-1])
            ):
                f.unlink()


def run_quarto(files: list[str]) -> subprocess.CompletedProcess:
    from .notebooks import kernel_env

    env = kernel_env()
    env["QUARTO_PYTHON"] = sys.executable
    from .provenance import build_timestamp

    env.setdefault("SOURCE_DATE_EPOCH", str(build_timestamp()))  # dates in PDFs: the commit's, every build
    cmd = [shutil.which("quarto") or "quarto", "render", *files, "--no-execute"]
    result = subprocess.run(cmd, cwd=STAGE, env=env, capture_output=True, text=True)
    atomic_write_text(LOG, f"$ quarto {' '.join(cmd[1:])}\n{result.stdout}\n{result.stderr}")
    return result


def _quarto_error(output: str, files: list[str]) -> str:
    lines = [l for l in output.splitlines() if re.search(r"ERROR|Error|error:", l)]
    where = ", ".join(files) if files else "het hele project"
    return f"quarto render ({where}) is mislukt (volledige uitvoer: {paths.relative(LOG)}):\n" + "\n".join(
        lines[:8] or output.splitlines()[-15:]
    )


def render_quarto(progress, state, lines: dict[str, str], force: bool = False) -> Path:
    """Render the pages that changed with Quarto into ``_build/quarto/_site``; return that folder."""
    config = quarto_config()
    pages = render_list(config)
    check_embeds(pages)  # one clear message (page, notebook, label) before Quarto starts
    stage()
    todo = []
    for src in pages:
        inputs = page_inputs(src, lines, config, "analysis.quarto")
        why = state.why(f"quarto:{paths.relative(src)}", inputs, force)
        if why:
            todo.append((src, inputs, why))
    site = STAGE / "_site"
    if todo:
        everything = len(todo) == len(pages) or not (site / "index.html").exists()
        files = [] if everything else [paths.relative(src) for src, _, _ in todo]
        for src, _, why in todo:
            progress.line(f"Pagina {paths.relative(src)}: renderen met Quarto ({why})")
        progress.line(f"quarto render {' '.join(files) or '(hele project)'} …")
        if everything and site.exists():
            shutil.rmtree(site)
        result = run_quarto(files)
        if result.returncode != 0:
            for src, _, _ in todo:
                state.forget(f"quarto:{paths.relative(src)}")
            raise RenderError(_quarto_error(result.stdout + result.stderr, files))
        finish_pages(site)
        for src, inputs, _ in todo:
            out = site / src.relative_to(paths.ROOT).with_suffix(".html")
            state.done(f"quarto:{paths.relative(src)}", inputs, [out])
            progress.ran(f"Pagina {paths.relative(out.relative_to(STAGE))} gemaakt met Quarto")
    else:
        progress.skip("Website (Quarto): alle pagina's actueel, overgeslagen")
    sync_downloads(progress, site)
    return site


FIGURE_IMG_RE = re.compile(r'<img [^>]*?src="([^"]+\.png)"[^>]*>')
# Quarto marks each embed with the absolute path of its notebook in the staging copy (for its
# notebook previews, which this site does not make: notebook-view: false); a built page must
# not depend on, nor show, the folder it was built in.
NOTEBOOK_PATH_RE = re.compile(r' data-notebook="[^"]*"')


def finish_pages(site: Path) -> None:
    """What the site's pages get after Quarto, as in the embedded renderer: each figure image is
    shown at no less than half its pixel width (:func:`analysis.render.legible_width`; Quarto's
    lightbox already opens it full size on a click), and no embed names the build folder
    (:data:`NOTEBOOK_PATH_RE`). Idempotent: pages Quarto did not render again stay as they are."""
    import html as html_lib

    for page in sorted(site.rglob("*.html")):
        if "site_libs" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        new = FIGURE_IMG_RE.sub(lambda m: legible_width(m.group(0), page.parent / html_lib.unescape(m.group(1))), text)
        new = NOTEBOOK_PATH_RE.sub("", new)
        if new != text:
            atomic_write_text(page, new)
