"""The embedded default renderer: the website without Quarto.

It renders the same project Quarto would (``_quarto.yml``: pages, sidebar,
bibliography) into the same folder (``_site/``):

* each ``.qmd`` page → HTML with pandoc (from the ``pypandoc-binary`` wheel),
  with every ``{{< embed notebook.ipynb#label >}}`` replaced by the outputs of
  the labelled cell of the *executed* notebook, ``{{< var … >}}`` from
  ``_variables.yml`` and ``{{< include … >}}`` resolved, ``@fig-…``/``@tbl-…``
  cross-references numbered as "Figuur n"/"Tabel n";
* each notebook → a page with its narrative and outputs, code folded;
* ``index.qmd`` with its listing of report pages; ``downloads/`` copied.

* each report page also → PDF (pandoc's Typst writer + the ``typst`` wheel).

What it does not do (Quarto does): search, Quarto's theme and PDF layout.
"""

from __future__ import annotations

import base64
import glob
import html
import json
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from . import paths, yamlio
from .buildkeys import file_digest
from .io import atomic_write_bytes, atomic_write_text
from .report import SUMMARY_END, link_sources_in_text
from .notebooks import cell_options, code_without_options, front_matter, labelled_cells, read

SHORTCODE_RE = re.compile(r"\{\{<\s*(\w+)\s+(.*?)\s*>\}\}")
XREF_RE = re.compile(r"(?<![\w@])@((?:fig|tbl)-[\w-]+)")
PREFIX = {"fig": "Figuur", "tbl": "Tabel"}
CSS = (paths.PACKAGE / "site.css").read_text(encoding="utf-8")  # shared with Quarto (_quarto.yml css:)


class RenderError(RuntimeError):
    pass


# ---------------------------------------------------------------- project


def quarto_config() -> dict:
    return yamlio.load(paths.QUARTO_YML.read_text(encoding="utf-8")) or {}


def _expand(patterns) -> list[Path]:
    out = []
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        if isinstance(pattern, dict):
            pattern = pattern.get("href") or pattern.get("file")
        found = sorted(Path(p) for p in glob.glob(str(paths.ROOT / pattern)))
        out += [p for p in found if not p.name.startswith("_") and p not in out]
    return out


def render_list(config: dict | None = None) -> list[Path]:
    config = config or quarto_config()
    return _expand(config.get("project", {}).get("render") or ["*.qmd"])


# The embedded renderer builds the site here; the build swaps it into _site/ when all pages succeeded.
STAGE = paths.BUILD / "site"


def output_path(src: Path) -> Path:
    return STAGE / src.resolve().relative_to(paths.ROOT).with_suffix(".html")


def page_meta(src: Path) -> dict:
    if src.suffix == ".ipynb":
        return front_matter(read(src))
    meta, _ = split_front_matter(src.read_text(encoding="utf-8"))
    return meta


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---"):
        parts = text.split("\n---", 1)
        if len(parts) == 2:
            head = parts[0][3:]
            body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
            return yamlio.load(head) or {}, body
    return {}, text


def title_of(src: Path) -> str:
    return str(page_meta(src).get("title") or src.stem)


def navigation(config: dict) -> list[tuple[str, list[Path]]]:
    """Sidebar sections as (title, pages), from ``website.sidebar.contents``."""
    sections = []
    sidebar = config.get("website", {}).get("sidebar") or {}
    for entry in sidebar.get("contents", []):
        if isinstance(entry, dict) and "section" in entry:
            sections.append((entry["section"], _expand(entry.get("contents", []))))
        else:
            sections.append(("", _expand(entry)))
    return sections


def nav_html(config: dict, page: Path) -> str:
    here = output_path(page).parent
    rel = lambda target: Path(_relpath(output_path(target), here)).as_posix()
    title = html.escape(config.get("website", {}).get("title", "Rapporten"))
    parts = [f'<header class="site"><a class="brand" href="{rel(paths.ROOT / "index.qmd")}">{title}</a>']
    for name, pages in navigation(config):
        items = "".join(f'<li><a href="{rel(p)}">{html.escape(title_of(p))}</a></li>' for p in pages)
        parts.append(f"<details><summary>{html.escape(name)}</summary><ul>{items}</ul></details>")
    parts.append("</header>")
    return "".join(parts)


def _relpath(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(target, start)


# ---------------------------------------------------------------- notebook outputs → markdown


@dataclass
class Numbering:
    counts: dict
    labels: dict

    @classmethod
    def new(cls):
        return cls({"fig": 0, "tbl": 0}, {})

    def number(self, label: str) -> str | None:
        kind = label.split("-", 1)[0]
        if kind not in PREFIX:
            return None
        if label not in self.labels:
            self.counts[kind] += 1
            self.labels[label] = f"{PREFIX[kind]} {self.counts[kind]}"
        return self.labels[label]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def outputs_markdown(
    cell: dict, files_dir: Path, files_rel: str, numbering: Numbering, where: str, target: str = "html"
) -> str:
    """Markdown for a code cell's outputs (figures as files; tables as raw HTML for the
    website, as Markdown for the PDF (``target="typst"``), as Quarto does)."""
    opts = cell_options(cell)
    label = opts.get("label")
    caption = opts.get("fig-cap") or opts.get("tbl-cap") or ""
    subcaps = _subcaptions(opts.get("fig-subcap", ""))
    blocks, images = [], 0
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "error":
            raise RenderError(f"{where}: de cel gaf een fout: {out.get('ename')}: {out.get('evalue')}")
        if kind == "stream":
            if out.get("name") == "stdout" and _text(out.get("text", "")).strip():
                blocks.append("```\n" + _text(out["text"]).rstrip() + "\n```")
            continue
        data = out.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:
            images += 1
            ext = "png" if "image/png" in data else "svg"
            raw = base64.b64decode(_text(data["image/png"])) if ext == "png" else _text(data["image/svg+xml"]).encode()
            name = f"{label or 'cell'}-{images}.{ext}"
            atomic_write_bytes(files_dir / name, raw)
            attrs = f"#{label}" if label and label.startswith("fig-") and images == 1 else ""
            number = numbering.number(label) if label and label.startswith("fig-") and images == 1 else None
            # the Typst writer numbers figures itself; HTML needs the number in the caption.
            # Further images of the same cell take their fig-subcap entry (as in Quarto), if any.
            if images == 1:
                cap = f"{number}: {caption}" if number and caption and target == "html" else (caption or "")
            else:
                cap = subcaps[images - 1] if len(subcaps) >= images else ""
            # every image gets alt text: the cell's fig-alt (what the figure shows), else its caption
            alt = opts.get("fig-alt") or caption or cap
            if images > 1 and cap and cap not in alt:
                alt = f"{alt} ({cap})"
            alt_attr = f' alt="{html.escape(alt)}"' if alt else ""
            blocks.append(
                f"![{cap}]({files_rel}/{name}){{{attrs}{alt_attr}}}"
                if attrs or alt_attr
                else f"![{cap}]({files_rel}/{name})"
            )
        elif target == "typst" and "text/markdown" in data:
            blocks.append(_text(data["text/markdown"]).strip())
        elif target == "typst" and "text/html" in data:
            blocks.append("*(Deze uitvoer staat alleen in de HTML-versie.)*")
        elif "text/html" in data:
            blocks.append("```{=html}\n" + _text(data["text/html"]).strip() + "\n```")
        elif "text/markdown" in data:
            blocks.append(_text(data["text/markdown"]).strip())
        elif "text/plain" in data:
            blocks.append("```\n" + _text(data["text/plain"]).rstrip() + "\n```")
    if not blocks:
        raise RenderError(f"{where}: de cel met label '{label}' geeft geen uitvoer")
    body = "\n\n".join(blocks)
    if label and label.startswith("tbl-"):
        number = numbering.number(label)
        head = f"[{number}: {caption}]{{.table-caption}}" if caption else f"[{number}]{{.table-caption}}"
        body = f"::: {{#{label} .embedded-table}}\n{head}\n\n{body}\n:::"
    return body


def _subcaptions(value: str) -> list[str]:
    """``#| fig-subcap: ["a", "b"]`` (or a single string) as a list. ``fig-subcap: true`` (a
    figure with a data-dependent number of panels) gives no sub-captions here: Quarto letters
    the panels (a), (b), … under the figure's one caption; this renderer shows that caption once."""
    if not value:
        return []
    try:
        parsed = yamlio.load(value)
    except yamlio.YAMLError:
        return [value]
    if parsed is True:
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else [str(parsed)]


def _resolve_xrefs(markdown: str, numbering: Numbering, where: str) -> str:
    def repl(m):
        label = m.group(1)
        if label not in numbering.labels:
            raise RenderError(
                f"{where}: kruisverwijzing @{label} verwijst naar een figuur/tabel die niet op deze pagina staat"
            )
        return f"[{numbering.labels[label]}](#{label})"

    return XREF_RE.sub(repl, markdown)


# ---------------------------------------------------------------- pages


def _variables() -> dict:
    return yamlio.load(paths.VARIABLES_YML.read_text(encoding="utf-8")) if paths.VARIABLES_YML.exists() else {}


def expand_shortcodes(
    text: str,
    src: Path,
    files_dir: Path,
    files_rel: str,
    numbering: Numbering,
    embedded: list[Path] | None = None,
    target: str = "html",
) -> str:
    where = paths.relative(src)
    variables = _variables()
    own = (variables.get(PAGE_VARIABLES) or {}).get(page_id(src))
    if own:  # this page's provenance line names the data it shows (see analysis.provenance)
        variables["provenance"] = own

    def repl(m):
        name, arg = m.group(1), m.group(2).strip().strip('"')
        if name == "embed":
            nb_src, label, cell = embedded_cell(src, arg)
            if embedded is not None:
                embedded.append(nb_src)
            return (
                "\n\n"
                + outputs_markdown(cell, files_dir, files_rel, numbering, f"{where} (embed {arg})", target)
                + "\n\n"
            )
        if name == "var":
            if arg not in variables:
                raise RenderError(f"{where}: {{{{< var {arg} >}}}}: '{arg}' staat niet in _variables.yml")
            return str(variables[arg])
        if name == "include":
            return (src.parent / arg).read_text(encoding="utf-8")
        raise RenderError(f"{where}: shortcode '{name}' wordt niet ondersteund door de ingebouwde renderer")

    return SHORTCODE_RE.sub(repl, text)


def executed_notebook(src: Path) -> Path:
    return paths.BUILD / "notebooks" / src.name


def embedded_cell(page: Path, arg: str) -> tuple[Path, str, dict]:
    """The executed cell that ``{{< embed arg >}}`` on ``page`` shows; one message naming page,
    notebook and label when it does not exist, raised an error or shows nothing."""
    ref, _, label = arg.partition("#")
    nb_src = (page.parent / ref).resolve()
    where = f"{paths.relative(page)}: embed {ref}#{label}"
    if not nb_src.exists():
        raise RenderError(f"{where}: notebook {paths.relative(nb_src)} bestaat niet")
    executed = executed_notebook(nb_src)
    if not executed.exists():
        raise RenderError(f"{where}: uitgevoerd notebook ontbreekt ({paths.relative(executed)})")
    cell = labelled_cells(read(executed)).get(label)
    if cell is None:
        raise RenderError(f"{where}: notebook {paths.relative(nb_src)} heeft geen cel met '#| label: {label}'")
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            raise RenderError(
                f"{where}: de cel '{label}' in {paths.relative(nb_src)} gaf een fout: "
                f"{out.get('ename')}: {out.get('evalue')}"
            )
    shown = [
        o
        for o in cell.get("outputs", [])
        if o.get("output_type") != "stream" or (o.get("name") == "stdout" and _text(o.get("text", "")).strip())
    ]
    if not shown:
        raise RenderError(f"{where}: de cel '{label}' in {paths.relative(nb_src)} geeft geen uitvoer")
    return nb_src, label, cell


def embeds(page: Path) -> list[str]:
    """The ``nb.ipynb#label`` arguments of every embed on a page, in order."""
    if page.suffix != ".qmd":
        return []
    return [
        m.group(2).strip().strip('"')
        for m in SHORTCODE_RE.finditer(page.read_text(encoding="utf-8"))
        if m.group(1) == "embed"
    ]


def check_embeds(pages: list[Path]) -> None:
    """Every embed of ``pages`` shows output of the current run (raises the first problem)."""
    for page in pages:
        for arg in embeds(page):
            embedded_cell(page, arg)


PAGE_VARIABLES = "herkomst"  # _variables.yml: per page id its own provenance line


def page_id(src: Path) -> str:
    """``reports/helmond-effecten.qmd`` → ``reports-helmond-effecten`` (a Quarto variable key)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", paths.relative(src).rsplit(".", 1)[0]).strip("-")


def page_datasets(src: Path) -> list[str]:
    from .notebooks import declared_datasets

    return sorted({d for nb in embeds_of(src) if nb.exists() for d in declared_datasets(nb)})


def page_provenance(data_digests: dict[str, str]) -> dict[str, str]:
    """Per report page (id) the provenance line naming the data that page shows; so a changed
    table changes only the lines (and pages) of the pages built on it."""
    from .provenance import provenance_line
    from .buildkeys import digest

    lines = {}
    for src in render_list():
        if src.suffix == ".qmd":
            used = page_datasets(src)
            lines[page_id(src)] = provenance_line(digest([(d, data_digests.get(d)) for d in used])[:12] if used else "")
    return lines


def files_location(src: Path) -> tuple[Path, str]:
    out = output_path(src)
    return out.parent / f"{out.stem}_files" / "figure-html", f"{out.stem}_files/figure-html"


def notebook_markdown(src: Path) -> str:
    nb = read(executed_notebook(src))
    files_dir, files_rel = files_location(src)
    numbering = Numbering.new()
    parts = []
    for i, cell in enumerate(nb.get("cells", [])):
        text = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")
        if i == 0 and cell.get("cell_type") == "raw" and text.strip().startswith("---"):
            continue
        if cell.get("cell_type") == "markdown":
            parts.append(text)
        elif cell.get("cell_type") == "code":
            code = code_without_options(cell)
            if code:
                parts.append(
                    '<details class="code-fold"><summary>Code</summary>\n\n```python\n' + code + "\n```\n\n</details>"
                )
            if cell.get("outputs"):
                try:
                    parts.append(
                        outputs_markdown(cell, files_dir, files_rel, numbering, f"{paths.relative(src)} cel {i}")
                    )
                except RenderError as exc:
                    if "geeft geen uitvoer" not in str(exc):
                        raise
    body = "\n\n".join(parts)
    return _resolve_xrefs(body, numbering, paths.relative(src))


def listing_markdown(src: Path, meta: dict) -> str:
    listing = meta.get("listing")
    if not listing:
        return ""
    contents = listing.get("contents") if isinstance(listing, dict) else listing
    items = []
    for p in _expand(contents):
        m = page_meta(p)
        link = Path(_relpath(output_path(p), output_path(src).parent)).as_posix()
        desc = f" — {m['description']}" if m.get("description") else ""
        items.append(f"- [{m.get('title', p.stem)}]({link}){desc}")
    return "\n\n::: {.listing}\n" + "\n".join(items) + "\n:::\n"


def pandoc(markdown: str, out: Path, meta: dict, config: dict, page: Path) -> None:
    import pypandoc

    css_rel = Path(_relpath(STAGE / "site.css", out.parent)).as_posix()
    args = [
        "--standalone",
        "--section-divs",
        f"--css={css_rel}",
        "--metadata=lang:nl",
        f"--metadata=pagetitle:{meta.get('title', page.stem)}",
        "--metadata=reference-section-title:Literatuur",
        "--wrap=none",
    ]
    bib = config.get("bibliography")
    if bib and (paths.ROOT / bib).exists():
        args += ["--citeproc", f"--bibliography={paths.ROOT / bib}"]
    if wants_toc(page, meta, config):
        args += ["--toc", "--toc-depth=2", "--metadata=toc-title:Inhoud"]
    header = nav_html(config, page)
    footer_text = (config.get("website", {}).get("page-footer") or {}).get("center", "")
    footer = f'<footer class="site">{html.escape(str(footer_text))}</footer>' if footer_text else ""
    front = {k: v for k, v in meta.items() if k in ("title", "subtitle", "description", "author", "date")}
    doc = "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n\n" + markdown
    with _tmpfile(out.parent, ".before.html", header) as before, _tmpfile(out.parent, ".after.html", footer) as after:
        html_text = pypandoc.convert_text(
            doc,
            "html5",
            format="markdown",
            extra_args=args + [f"--include-before-body={before}", f"--include-after-body={after}"],
        )
    html_text = link_sources_in_text(
        html_text, Path(_relpath(STAGE / "reports" / "databronnen.html", out.parent)).as_posix()
    )
    atomic_write_text(out, _qmd_links(_toc_after_summary(_clickable_figures(html_text, out.parent))))


def _qmd_links(html_text: str) -> str:
    """Links to another page's source (``databronnen.qmd#…``, ``x.ipynb``) point at its HTML, as Quarto does."""
    return re.sub(
        r'href="([^":#]+)\.(?:qmd|ipynb)(#[^"]*)?"', lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html_text
    )


def _toc_after_summary(html_text: str) -> str:
    """The answer first: a page's table of contents follows its "Samenvatting" box."""
    toc = re.search(r'<nav id="TOC".*?</nav>\n?', html_text, re.S)
    if not toc or SUMMARY_END not in html_text:
        return html_text
    html_text = html_text[: toc.start()] + html_text[toc.end() :]
    return html_text.replace(SUMMARY_END, toc.group(0), 1)


def wants_toc(page: Path, meta: dict, config: dict) -> bool:
    """``toc:`` of the page, else of ``format: html:`` in ``_quarto.yml`` (as Quarto reads it)."""
    if "toc" in meta:
        return bool(meta["toc"])
    html_format = (config.get("format") or {}).get("html") or {}
    return page.name != "index.qmd" and bool(isinstance(html_format, dict) and html_format.get("toc"))


FIGURE_IMG_RE = re.compile(r'(<figure[^>]*>\s*|<p>)(<img [^>]*?src="([^"]+)"[^>]*>)')


def _png_width(path: Path) -> int | None:
    head = path.read_bytes()[:24] if path.suffix == ".png" and path.exists() else b""
    return int.from_bytes(head[16:20], "big") if head[:8] == b"\x89PNG\r\n\x1a\n" else None


def _clickable_figures(html_text: str, folder: Path) -> str:
    """Each figure links to its full-size image and is never shown below half its pixel
    width (the figure box scrolls instead; site.css), so labels stay legible on a phone."""

    def repl(m):
        img, src = m.group(2), m.group(3)
        img = legible_width(img, folder / html.unescape(src))
        return f'{m.group(1)}<a class="full-size" href="{src}" title="Open de figuur op ware grootte">{img}</a>'

    return FIGURE_IMG_RE.sub(repl, html_text)


def legible_width(img: str, file: Path) -> str:
    """``<img …>`` never shown below half the PNG's pixel width (the figure box scrolls instead,
    site.css), so labels stay legible on a phone; used by both renderers (analysis/quarto.py)."""
    width = _png_width(file)
    if not width or "min-width:" in img:
        return img
    if ' style="' in img:
        return img.replace(' style="', f' style="min-width:{width // 2}px;', 1)
    return img.replace("<img ", f'<img style="min-width:{width // 2}px" ', 1)


class _tmpfile:
    def __init__(self, folder: Path, suffix: str, text: str):
        import tempfile

        folder.mkdir(parents=True, exist_ok=True)
        fd, self.path = tempfile.mkstemp(suffix=suffix, dir=folder)
        with open(fd, "w", encoding="utf-8") as f:
            f.write(text)

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        Path(self.path).unlink(missing_ok=True)


def folder_format(src: Path) -> dict:
    """The formats of a page: its folder's ``_metadata.yml`` overridden by its front matter."""
    formats = {}
    folder_meta = src.parent / "_metadata.yml"
    if folder_meta.exists():
        formats = dict((yamlio.load(folder_meta.read_text(encoding="utf-8")) or {}).get("format") or {})
    formats.update(dict(page_meta(src).get("format") or {}))
    return {k: (v if isinstance(v, dict) else {}) for k, v in formats.items()}


def _as_list(value) -> list:
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def wants_pdf(src: Path) -> bool:
    """Pages whose format (front matter or the folder's ``_metadata.yml``) includes ``typst``."""
    return src.suffix == ".qmd" and "typst" in folder_format(src)


def pdf_path(src: Path) -> Path:
    return output_path(src).with_suffix(".pdf")


# Text between backticks, or a fenced block of code: an angle bracket in there is never HTML.
_CODE = re.compile(r"(?ms)^(`{3,}|~{3,}).*?^\1|(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\2(?!`)")
# Where pandoc's Markdown reader would read raw HTML: an angle bracket before a letter, "/", "!" or "?".
_MAYBE_HTML = re.compile(r"<[A-Za-z/!?]")


def typst_reader(markdown: str) -> str:
    """Pandoc's reader for a page's Markdown on its way to Typst. The Typst writer leaves raw HTML
    out, and looking for it is most of the reader's time on pages with long tables (the lessons
    report: 2.5 → 1.4 s CPU), so a page with nothing that could be read as HTML outside its code
    is read without that extension; the Typst is the same (checked on every report page), and a
    page that does hold HTML is read as before."""
    return "markdown-raw_html" if not _MAYBE_HTML.search(_CODE.sub("", markdown)) else "markdown"


_TYPST = threading.local()


def typst_compiler():
    """This thread's Typst compiler. ``typst.compile()`` looks up the system's fonts on every call
    (about 0.3 s); one compiler per thread does so once: the nine report PDFs in 0.45 s of CPU
    instead of 3.25 s, byte for byte the same. A compiler reads its input files anew on every
    compilation (a changed page or figure is seen)."""
    import typst

    compiler = getattr(_TYPST, "compiler", None)
    if compiler is None:
        compiler = _TYPST.compiler = typst.Compiler(root="/")
    return compiler


def render_pdf(src: Path, meta: dict, body: str) -> None:
    """The page as PDF: pandoc's Typst writer, compiled by the ``typst`` wheel (no LaTeX)."""
    import pypandoc

    from .provenance import build_timestamp

    files_dir, _ = files_location(src)
    numbering = Numbering.new()
    markdown = expand_shortcodes(body, src, files_dir, files_dir.as_posix(), numbering, target="typst")
    markdown = _resolve_xrefs(markdown, numbering, paths.relative(src))
    front = {k: v for k, v in meta.items() if k in ("title", "subtitle", "author", "date")}
    typst_format = folder_format(src).get("typst") or {}
    if typst_format.get("margin"):  # the same page margins as Quarto's PDF
        front["margin"] = typst_format["margin"]
    markdown = markdown.replace(SUMMARY_END, "")  # where the website puts its table of contents
    doc = "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n\n" + markdown
    args = [
        "--standalone",
        "--metadata=lang:nl",
        "--metadata=papersize:a4",
        *[f"--include-in-header={src.parent / f}" for f in _as_list(typst_format.get("include-in-header"))],
        "--metadata=reference-section-title:Literatuur",
    ]
    bib = paths.ROOT / (quarto_config().get("bibliography") or "references.bib")
    if bib.exists():
        args += ["--citeproc", f"--bibliography={bib}"]
    source = pypandoc.convert_text(doc, "typst", format=typst_reader(doc), extra_args=args)
    out = pdf_path(src)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _tmpfile(out.parent, ".typ", source) as typ:
        pdf = typst_compiler().compile(input=typ, timestamp=build_timestamp())  # same inputs, same bytes
    atomic_write_bytes(out, pdf)


def render_page(src: Path, config: dict) -> list[Path]:
    out = output_path(src)
    # the page's figure folder is written anew: a figure the page no longer has (one per case, and
    # her case is gone) must not stay in the site
    shutil.rmtree(files_location(src)[0], ignore_errors=True)
    if src.suffix == ".ipynb":
        meta = page_meta(src)
        markdown = notebook_markdown(src)
    else:
        meta, body = split_front_matter(src.read_text(encoding="utf-8"))
        files_dir, files_rel = files_location(src)
        numbering = Numbering.new()
        markdown = expand_shortcodes(body, src, files_dir, files_rel, numbering)
        markdown = _resolve_xrefs(markdown, numbering, paths.relative(src)) + listing_markdown(src, meta)
        if wants_pdf(src):
            render_pdf(src, meta, body)
            markdown = f"[PDF-versie van dit rapport]({pdf_path(src).name}){{.pdf-link}}\n\n" + markdown
    pandoc(markdown, out, meta, config, src)
    return [out] + ([pdf_path(src)] if wants_pdf(src) else [])


def embeds_of(src: Path) -> list[Path]:
    if src.suffix != ".qmd":
        return [src]
    text = src.read_text(encoding="utf-8")
    return sorted(
        {
            (src.parent / m.group(2).strip().strip('"').split("#")[0]).resolve()
            for m in SHORTCODE_RE.finditer(text)
            if m.group(1) == "embed"
        }
    )


def _file_digest(p: Path) -> str:
    return file_digest(p) if p.exists() else "ontbreekt"


def page_inputs(src: Path, lines: dict[str, str], config: dict, renderer: str) -> dict[str, str]:
    """What a page's rendering reads: its source, the executed notebooks it shows, its provenance
    line, the project's settings, navigation and bibliography, and the renderer's code."""
    from .buildkeys import build_time_input, code_inputs, digest

    inp = {paths.relative(src): _file_digest(src)}
    for nb in embeds_of(src) if src.suffix == ".qmd" else [src]:
        inp[f"uitgevoerd {paths.relative(nb)}"] = _file_digest(executed_notebook(nb))
    variables = _variables()
    for name in sorted({m.group(2).strip() for m in SHORTCODE_RE.finditer(inp_text(src)) if m.group(1) == "var"}):
        value = lines.get(page_id(src)) if name == "provenance" else variables.get(name)
        inp["herkomstregel" if name == "provenance" else f"_variables.yml {name}"] = digest(value)
    folder_meta = src.parent / "_metadata.yml"
    bib = paths.ROOT / config.get("bibliography", "references.bib")
    includes = [src.parent / f for fmt in folder_format(src).values() for f in _as_list(fmt.get("include-in-header"))]
    for f in (paths.QUARTO_YML, folder_meta, bib, *includes, paths.PACKAGE / "site.css"):
        if f.exists():
            inp[paths.relative(f)] = _file_digest(f)
    nav = [(name, [title_of(p) + "|" + paths.relative(p) for p in ps]) for name, ps in navigation(config)]
    inp["navigatie (paginatitels)"] = digest(nav, [paths.relative(p) for p in render_list(config)])
    meta = page_meta(src)
    if isinstance(meta.get("listing"), dict):
        inp["lijst van pagina's"] = digest([page_meta(p) for p in _expand(meta["listing"].get("contents", []))])
    inp |= code_inputs({renderer})
    # the date a PDF or a Quarto listing (file times of the staged pages) may carry; nothing else
    # a page shows depends on it (analysis.buildkeys.DATE_ENV)
    if wants_pdf(src) or (renderer == "analysis.quarto" and meta.get("listing")):
        inp |= build_time_input()
    return inp


def inp_text(src: Path) -> str:
    return src.read_text(encoding="utf-8") if src.suffix == ".qmd" else ""


def render_site(progress, state, lines: dict[str, str], force: bool = False) -> Path:
    """Render every page that changed into :data:`STAGE`; return the staged site."""
    config = quarto_config()
    pages = render_list(config)
    if not (STAGE / "site.css").exists() or (STAGE / "site.css").read_text() != CSS:
        atomic_write_text(STAGE / "site.css", CSS)
    check_embeds(pages)
    todo = []
    for src in pages:
        inputs = page_inputs(src, lines, config, "analysis.render")
        step = f"page:{paths.relative(src)}"
        why = state.why(step, inputs, force)
        if why:
            todo.append((src, step, inputs, why))
    rendered = 0
    # two pages at a time: most of a page's time is pandoc (a separate process) and Typst, so a
    # second thread keeps the second core busy; pages are independent (each writes its own HTML,
    # PDF and figure folder) and are recorded in page order, so a failing page stops the build
    # with the same message as before
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        futures = [pool.submit(render_page, src, config) for src, *_ in todo]
        try:
            for (src, step, inputs, why), fut in zip(todo, futures):
                state.done(step, inputs, fut.result())
                rendered += 1
                progress.ran(f"Pagina {paths.relative(src)} gemaakt ({why})")
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise
    sync_downloads(progress, STAGE)
    if rendered == 0:
        progress.skip("Website: alle pagina's actueel, overgeslagen")
    return STAGE


def sync_downloads(progress, site: Path) -> None:
    """Staged downloads (``_build/downloads/``) → ``<site>/downloads/``: copy what changed, drop
    what is gone.  ``downloads/`` itself is published with the site (:func:`analysis.build.publish`)."""
    source = paths.DOWNLOADS_STAGE
    target_root = site / "downloads"
    wanted = {f.relative_to(source) for f in source.rglob("*") if f.is_file()} if source.exists() else set()
    for rel in sorted(wanted):
        f, target = source / rel, target_root / rel
        if not target.exists() or _file_digest(target) != _file_digest(f):
            atomic_write_bytes(target, f.read_bytes())
            progress.ran(f"Download downloads/{rel.as_posix()} bijgewerkt")
    if target_root.exists():
        for f in sorted(target_root.rglob("*")):
            if f.is_file() and f.relative_to(target_root) not in wanted:  # no longer made (e.g. from private data)
                f.unlink()
                progress.ran(
                    f"Download downloads/{f.relative_to(target_root).as_posix()} verwijderd (wordt niet meer gemaakt)"
                )
