"""``python -m analysis privacy-check``: read the built site as a reader (or a search engine) would.

Every HTML page, SVG, PNG figure (the text matplotlib or Graphviz drew, stored in the file by
:func:`analysis.figures.with_text_chunk`; a PNG without it is a finding, since the check
cannot read pixels), PDF text layer and zip archive (also zips
inside zips: a REFI-QDA project is one) in ``_site/`` and ``downloads/`` is read as text.
The check fails when

* a value of a column marked ``privacy: identifying`` in any dataset that was read (the
  processed tables and a researcher's private files in ``data_raw/private/``) appears;
* a person count below the threshold appears in a column marked as a person count of an
  HTML table (:func:`analysis.report.show_table` marks them), or in a figure or text as
  "(3)" after a label or "n = 3";
* a count of persons below the threshold is written in the running text of a page ("5
  wijkteamleiders", "drie ouders": :func:`analysis.privacy.prose_counts`, the rule by which
  :func:`analysis.privacy.prose_text` publishes transcribed texts). Pages are read per block
  (paragraph, list item, table cell, heading), so a count in one cell and a noun in the next
  are not one phrase; the PDF carries the same text as its page and is not read for it, nor are
  figure texts (a life-line numbers its events: "2 Ouders trouwen" is event 2, not two parents).

The build runs it at the end and fails when it finds something; the messages name the
file and the value's context (never the value itself when it is identifying: the
message may end up in a log).
"""

from __future__ import annotations

import functools
import html as html_mod
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .privacy import __file__ as _privacy_file
from .privacy import small_prose_counts, threshold

RULES_MODULE = Path(_privacy_file)  # the prose rule (privacy.prose_counts) is part of what a verdict rests on

TEXT_SUFFIXES = {
    ".html",
    ".htm",
    ".svg",
    ".xml",
    ".csv",
    ".txt",
    ".md",
    ".json",
    ".qde",
    ".qdc",
    ".tsv",
    ".dot",
    ".yml",
    ".yaml",
    ".js",
}
ZIP_SUFFIXES = {".zip", ".qdpx", ".xlsx", ".docx"}
MIN_VALUE_LENGTH = 3  # shorter values ("1", "ja") are not identifying on their own and match everywhere

# counts drawn in figures and written in prose: "Hersteld (3)", "(n = 3)", "n=3", "N = 3"
COUNT_PATTERNS = [re.compile(r"[A-Za-zÀ-ÿ)]\s\((\d+)\)"), re.compile(r"\b[nN]\s?=\s?(\d+)\b")]
PERSON_COUNT_ATTR = "data-person-count"
BLIND = "blind"  # a PNG that carries no text the check can read


@dataclass(frozen=True)
class Finding:
    file: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}"


# ---------------------------------------------------------------- what to look for


def identifying_values(demonstration: bool = False) -> dict[str, str]:
    """Every value of an identifying column in the data the build read: value → 'dataset.table.column'.

    Tables of generated demonstration data hold made-up values (pseudonyms such as "R01"):
    they are left out unless ``demonstration`` is true (then *only* they are returned), so
    the check fails on real data -- a researcher's own export or a same-named private file,
    as recorded in ``data_origin.csv`` -- and on the project's public data.
    """
    from .data import private_override, read_raw_table
    from .provenance import data_origin
    from .schema import dataset_names, load_schema

    found: dict[str, str] = {}
    for ds in dataset_names():
        schema = load_schema(ds)
        kinds = {r["table"]: r["kind"] for r in data_origin(ds).rows}
        for tname, table in schema.tables.items():
            cols = [c for c, col in table.columns.items() if col.privacy == "identifying"]
            if not cols or (kinds.get(tname) == "demonstratie") != demonstration:
                continue
            sources = [paths.DATA_PROCESSED / ds / f"{tname}.csv", private_override(table)]
            if not demonstration:
                sources.append(table.path)
            for src in sources:
                if src is None or not src.exists():
                    continue
                try:
                    df = read_raw_table(src, table)
                except Exception:  # unreadable files are the validator's business, not this check's
                    continue
                for c in cols:
                    if c in df.columns:
                        for v in df[c]:
                            v = str(v).strip()
                            if len(v) >= MIN_VALUE_LENGTH and re.search(r"[A-Za-zÀ-ÿ]", v):
                                found.setdefault(v, f"{ds}.{tname}.{c}")
    return found


# ---------------------------------------------------------------- reading files as text


def png_text(data: bytes, key: str | None = None) -> str | None:
    """The text chunks (tEXt/iTXt) of a PNG: the figure's texts when embedded by the build.
    With ``key`` only the chunks of that keyword, or None when the PNG has none."""
    out, pos, keyed = [], 8, []
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt":
            keyword, _, text = body.partition(b"\0")
            out.append(text.decode("latin-1"))
            keyed.append((keyword.decode("latin-1"), out[-1]))
        elif kind == b"iTXt":
            parts = body.split(b"\0", 1)
            if len(parts) == 2 and len(parts[1]) >= 2 and parts[1][0] == 0:
                rest = parts[1][2:].split(b"\0", 2)  # language tag, translated keyword, text
                out.append(rest[-1].decode("utf-8", "replace"))
                keyed.append((parts[0].decode("latin-1"), out[-1]))
        if kind == b"IEND":
            break
        pos += 12 + length
    if key is not None:
        mine = [t for kw, t in keyed if kw == key]
        return "\n".join(mine) if mine else None
    return "\n".join(out)


PDF_TEXT_CACHE = paths.BUILD / "privacy-check" / "pdf-text"
LINE_END_HYPHEN = "\xad"  # in a PDF's text: a hyphen that ends a line ("Verhoe-" + "ven", or "Visser-" + "De Bruin")


def pdf_pages(data: bytes) -> list[str]:
    """The text layer of each page of a PDF, read with PDFium (pypdfium2; Chrome's PDF engine, binary
    wheels for Windows, macOS and Linux): ~10 times faster than the pure-Python pypdf this check used
    before, with the same characters and word boundaries on every PDF of the site (Typst's and
    Quarto's; measured on all of them). Two things are put right here:

    * a hyphen at the end of a line is :data:`LINE_END_HYPHEN` (PDFium joins the lines and marks it:
      hyphenation and a hard hyphen look alike), so :func:`value_readings` can look for a name both
      hyphenated away ("Verhoe-ven" → "Verhoeven") and as written ("Visser-De Bruin");
    * PDFium starts a new line when a run of glyphs begins a hair to the left of where the previous
      run ended on the same baseline (the 53 cm banners: "o" + "fficieel" where a ligature starts a
      run): such a line break is dropped, so a name with a ligature stays one word.

    Zero-width spaces (break opportunities after "_" in file names) are left out, as a reader sees them."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    def origin(textpage, char: int) -> tuple[float, float]:
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(textpage, char, x, y)
        return x.value, y.value

    pages = []
    doc = pdfium.PdfDocument(data)
    try:
        for page in doc:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()  # PDFium's reading order, with the spaces and line breaks it infers
                keep, last = [], 0
                for m in re.finditer("\r\n", text):
                    char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, m.start())
                    nxt = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, m.end())
                    if char < 0 or nxt < 0 or not pdfium_c.FPDFText_IsGenerated(textpage, char):
                        continue
                    (x0, y0), (x1, y1) = origin(textpage, char), origin(textpage, nxt)
                    size = pdfium_c.FPDFText_GetFontSize(textpage, nxt)
                    if abs(y1 - y0) <= 0.1 * size and abs(x1 - x0) <= 0.2 * size:  # the same line, going on
                        keep.append(text[last : m.start()])
                        last = m.end()
                text = "".join(keep) + text[last:]
            finally:
                textpage.close()
                page.close()
            pages.append(text.replace("\r\n", "\n").replace("\ufffe", LINE_END_HYPHEN).replace("\u200b", ""))
    finally:
        doc.close()
    return pages


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF (:func:`pdf_pages`), its pages one after the other.

    Reading a PDF's text was most of the check's time, so the text of each PDF is kept in
    ``_build/privacy-check/pdf-text/<sha256 of the PDF and the reader>.txt`` (git-ignored, like the
    executed notebooks beside it): a build that changed one page reads only that page's PDF again.
    The same bytes read by the same reader (PDFium's and pypdfium2's versions, this module's
    source) always give the same text, so a kept text is never stale."""

    from .io import atomic_write_text

    cached = PDF_TEXT_CACHE / _pdf_text_name(data)
    try:
        text = cached.read_text(encoding="utf-8")
    except OSError:
        text = "\n".join(pdf_pages(data))
        try:
            atomic_write_text(cached, text)
        except (OSError, UnicodeError):  # a read-only project still gets its check, only slower
            pass
    _used_texts.add(cached.name)
    return text


def value_readings(text: str) -> str:
    """The text identifying values are looked for in: where a text has a soft hyphen (a line of a PDF
    that ends in a hyphen, :data:`LINE_END_HYPHEN`, or ``&shy;`` in a page), both readings, the
    hyphen kept and the word joined, one after the other: a name is found whether the hyphen is its
    own or hyphenation's. Counts are read in the text itself (once)."""
    if LINE_END_HYPHEN not in text:
        return text
    return text.replace(LINE_END_HYPHEN, "-") + BLOCK + text.replace(LINE_END_HYPHEN, "")


_used_texts: set[str] = set()


@functools.cache
def pdf_reader_version() -> str:
    """What a PDF's text depends on besides its bytes: pypdfium2's and PDFium's versions and the
    source of this module (:func:`pdf_pages` lives here)."""
    import hashlib

    import pypdfium2.version as v

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"pypdfium2 {v.PYPDFIUM_INFO.version}, PDFium {v.PDFIUM_INFO.version}, {source}"


def _pdf_text_name(data: bytes) -> str:
    import hashlib

    return f"{hashlib.sha256(data + pdf_reader_version().encode()).hexdigest()}.txt"


def forget_unused_pdf_texts() -> None:
    """After a check of the whole site: drop kept texts of PDFs that are no longer there."""
    if PDF_TEXT_CACHE.is_dir():
        for p in PDF_TEXT_CACHE.glob("*.txt"):
            if p.name not in _used_texts:
                p.unlink(missing_ok=True)


def texts(name: str, data: bytes, depth: int = 0):
    """(name, kind, text) for a file, and for every member of an archive (recursively)."""
    suffix = Path(name).suffix.lower()
    if suffix in ZIP_SUFFIXES or (data[:4] == b"PK\x03\x04" and depth < 3):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for member in z.namelist():
                    if not member.endswith("/"):
                        yield from texts(f"{name}!{member}", z.read(member), depth + 1)
            return
        except zipfile.BadZipFile:
            pass
    if suffix == ".png" or data[:8] == b"\x89PNG\r\n\x1a\n":
        from .figures import FIGURE_TEXT_KEY

        text = png_text(data, FIGURE_TEXT_KEY)
        # a PNG without the figure's texts cannot be read: the check says so instead of passing it
        yield (name, "figure", text) if text is not None else (name, BLIND, "")
    elif suffix == ".pdf" or data[:5] == b"%PDF-":
        yield name, "pdf", pdf_text(data)
    elif suffix in (".html", ".htm"):
        yield name, "html", data.decode("utf-8", "replace")
    elif suffix == ".svg":
        yield name, "figure", data.decode("utf-8", "replace")
    elif suffix in TEXT_SUFFIXES:
        yield name, "text", data.decode("utf-8", "replace")


_BLOCK_TAG = re.compile(
    r"(?i)</?(?:p|li|ul|ol|td|th|tr|table|thead|tbody|caption|figcaption|div|section|h[1-6]|br|dt|dd|dl|blockquote|pre|nav|header|footer|title|option)\b[^>]*>"
)
BLOCK = "\x1e"  # (record separator) between blocks of a page: a phrase never runs from one block into the next


def running_text(markup: str) -> list[str]:
    """The text blocks of an HTML page (paragraphs, list items, table cells, headings, …), without
    tags, scripts and styles: what :func:`analysis.privacy.prose_counts` reads."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    text = html_mod.unescape(re.sub(r"(?s)<[^>]+>", " ", _BLOCK_TAG.sub(BLOCK, markup)))
    return [" ".join(b.split()) for b in text.split(BLOCK) if b.strip()]


def visible_text(markup: str) -> str:
    """Text of HTML/SVG/XML without tags, scripts and styles, entities decoded."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    return html_mod.unescape(re.sub(r"(?s)<[^>]+>", " ", markup))


# ---------------------------------------------------------------- the checks


def _person_count_cells(markup: str):
    """Cell texts of the columns marked as person counts in every HTML table."""
    for table in re.findall(r"(?is)<table\b.*?</table>", markup):
        heads = re.findall(r"(?is)<th\b([^>]*)>", table.split("</thead>")[0]) if "</thead>" in table else []
        marked = [i for i, attrs in enumerate(heads) if PERSON_COUNT_ATTR in attrs]
        if not marked:
            continue
        body = table.split("</thead>", 1)[1]
        for row in re.findall(r"(?is)<tr\b.*?</tr>", body):
            cells = re.findall(r"(?is)<t[hd]\b[^>]*>(.*?)</t[hd]>", row)
            for i in marked:
                if i < len(cells):
                    yield visible_text(cells[i]).strip()


def _trie_pattern(forms: set[str]) -> str:
    """One regular expression for all ``forms`` as a trie of their characters (a space between
    words matches any run of white space): at each position the regex engine follows the one
    branch whose next character fits instead of trying every value in turn (a flat alternation
    of ~1100 values took 16 s CPU on the demonstration site, the trie well under one). Within a
    branch longer values come first, so a match is the longest value that ends on a word
    boundary, as with an alternation sorted longest first."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}  # a value ends here

    def piece(ch: str) -> str:
        return r"\s+" if ch == " " else re.escape(ch)

    def emit(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            text, child = piece(ch), node[ch]
            while len(child) == 1 and "" not in child:  # a chain without choices: one literal run
                ((nxt, child),) = child.items()
                text += piece(nxt)
            branches.append(text + emit(child))
        if "" in node:
            if not branches:
                return ""
            branches.append("")  # ending here is tried after every longer value
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


class ValueMatcher:
    """Finds identifying values as whole values in a text.

    A value matches only as a whole (not inside a longer word or number: "R01" is not in
    "R012"), with any run of white space between its words (a name broken over two lines of a
    PDF is still found), and in its own spelling, with a capital first letter (a remark that
    opens a sentence) or in capitals (a heading): a name "Jansen" is found in "gesprek met
    Jansen", but the value "Interview" is not found in "Duur per interview", nor "R01" in the
    code ``bf.loc['r01']``.
    """

    def __init__(self, values: dict[str, str]):
        self.values = dict(values)  # value → origin, as given (what the check's rules digest covers)
        self.origin: dict[str, str] = {}
        variants = []
        for value, origin in values.items():
            words = str(value).split()
            if not words:
                continue
            for form in {
                " ".join(words),
                " ".join([words[0][:1].upper() + words[0][1:], *words[1:]]),
                " ".join(words).upper(),
            }:
                self.origin.setdefault(form, origin)
                variants.append(form)
        body = _trie_pattern(set(variants))
        self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if variants else None

    def find(self, text: str):
        """(start, origin) of the first match of every value found in ``text``."""
        if self.pattern is None:
            return []
        found = {}
        for m in self.pattern.finditer(text):
            origin = self.origin.get(" ".join(m.group(0).split()))
            key = origin, " ".join(m.group(0).split()).lower()
            found.setdefault(key, (m.start(), origin))
        return sorted(found.values(), key=lambda x: x[0])

    def mask(self, text: str) -> str:
        """``text`` with every value in it covered by as many ▒ (positions stay): the context a
        message shows never gives away another identifying value nearby."""
        return text if self.pattern is None else self.pattern.sub(lambda m: "▒" * len(m.group(0)), text)


def _context(masked: str, start: int, end: int) -> str:
    return re.sub("▒+", "▒▒▒", " ".join(masked[max(0, start) : end].split()))


def check_text(name: str, kind: str, text: str, values, k: int) -> list[Finding]:
    """Findings in one text; ``values`` is a :class:`ValueMatcher` or a dict value → origin."""
    findings = []
    if kind == BLIND:
        return [
            Finding(
                name,
                "PNG-figuur zonder ingesloten figuurtekst: de privacycontrole kan niet lezen wat erop staat "
                "(toon figuren met analysis.figures / plt.show() in een notebook, of geef de tekst mee met "
                "analysis.figures.with_text_chunk)",
            )
        ]
    matcher = values if isinstance(values, ValueMatcher) else ValueMatcher(values)
    plain = visible_text(text) if kind in ("html", "figure", "text") and "<" in text else text
    raw = value_readings(html_mod.unescape(text))  # names also hide in attributes (alt texts, REFI-QDA user names)
    found = matcher.find(raw)
    masked = matcher.mask(raw) if found else raw
    for i, origin in found:
        findings.append(
            Finding(
                name, f"waarde uit de identificerende kolom {origin} staat erin (…{_context(masked, i - 30, i)} ▒▒▒ …)"
            )
        )
    if kind == "html":
        for cell in _person_count_cells(text):
            if cell.isdigit() and 0 < int(cell) < k:
                findings.append(
                    Finding(name, f"persoonsaantal {cell} (< {k}) in een tabelkolom met aantallen personen")
                )
    if kind == "html":
        for block in running_text(text):
            for n, phrase in small_prose_counts(block, k):
                findings.append(Finding(name, f"aantal personen {n} (< {k}) in de lopende tekst: '{phrase}'"))
    if kind in ("figure", "pdf", "html"):
        masked = None
        for pattern in COUNT_PATTERNS:
            for m in pattern.finditer(plain):
                n = int(m.group(1))
                if 0 < n < k:
                    masked = matcher.mask(plain) if masked is None else masked  # a name next to the count
                    ctx = _context(masked, m.start() - 40, m.end() + 5)
                    findings.append(
                        Finding(name, f"aantal {n} (< {k}) in een {'figuur' if kind == 'figure' else 'tekst'}: '{ctx}'")
                    )
    return findings


def check(
    folders: list[Path] | None = None,
    values: dict[str, str] | None = None,
    k: int | None = None,
    cache: Path | None = None,
) -> list[Finding]:
    """Every finding in ``folders`` (default ``_site/`` and ``downloads/``).

    With ``cache`` (a JSON file; the build passes :data:`VERDICTS`) each file's findings are kept
    by the file's name and SHA-256 *and* a hash of everything it is checked against (the values,
    the threshold, this module's rules: :func:`rules_digest`): a file whose bytes did not change is
    not read again while those stay the same, and any change to them checks every file again (a
    new identifying value is looked for in the files that did not change too). Exactly as strict
    as checking everything; only faster."""
    import hashlib
    import json

    folders = [paths.SITE, paths.DOWNLOADS] if folders is None else folders
    values = identifying_values() if values is None else values
    k = threshold() if k is None else int(k)
    rules = rules_digest(values, k) if cache is not None else None
    kept: dict = {}
    if cache is not None:
        try:
            data = json.loads(Path(cache).read_text(encoding="utf-8"))
            kept = data["files"] if data.get("rules") == rules else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            kept = {}
    matcher = None
    findings: list[Finding] = []
    verdicts: dict[str, dict] = {}
    # the same bytes under another name are read once: every download is also in the site's
    # downloads/ (29 of the demonstration site's 148 files), a figure of a notebook also in its report
    checked: dict[tuple[str, str], tuple[str, list[Finding]]] = {}
    for folder in folders:
        if not Path(folder).exists():
            continue
        for p in sorted(Path(folder).rglob("*")):
            if not p.is_file() or "site_libs" in p.parts:
                continue
            rel = paths.relative(p)
            data = p.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            entry = kept.get(rel)
            if isinstance(entry, dict) and entry.get("sha256") == sha and isinstance(entry.get("findings"), list):
                verdicts[rel] = entry
                findings += [Finding(f, problem) for f, problem in entry["findings"]]
                if data[:5] == b"%PDF-":  # its kept text stays for the next full check
                    _used_texts.add(_pdf_text_name(data))
                continue
            same = checked.get((sha, p.suffix.lower()))
            if same is not None:  # what a file is read as depends on its bytes and suffix only
                first, earlier = same
                found = [Finding(rel + f.file[len(first) :], f.problem) for f in earlier]
            else:
                if matcher is None:
                    matcher = values if isinstance(values, ValueMatcher) else ValueMatcher(values)
                found = []
                try:
                    for name, kind, text in texts(rel, data):
                        found += check_text(name, kind, text, matcher, k)
                except Exception as exc:  # an unreadable file cannot be cleared: report it
                    found.append(Finding(rel, f"niet te lezen voor de privacycontrole ({type(exc).__name__}: {exc})"))
                checked[(sha, p.suffix.lower())] = (rel, found)
            verdicts[rel] = {"sha256": sha, "findings": [[f.file, f.problem] for f in found]}
            findings += found
    if cache is not None:
        from .io import atomic_write_text

        try:
            atomic_write_text(Path(cache), json.dumps({"rules": rules, "files": verdicts}, sort_keys=True))
        except (OSError, UnicodeError):  # a read-only project still gets its check, only slower
            pass
    return findings


# Each checked file's findings, by its hash and the rules' hash (see :func:`check`); git-ignored.
VERDICTS = paths.BUILD / "privacy-check" / "verdicts.json"


def rules_digest(values, k: int) -> str:
    """Hash of what a file is checked against: the identifying values and their origins, the
    threshold, this module's source (patterns, readers), :mod:`analysis.privacy` (the prose rule) and the
    PDF reader's version."""
    import hashlib

    from .figures import FIGURE_TEXT_KEY

    items = sorted((values.values if isinstance(values, ValueMatcher) else values).items())
    h = hashlib.sha256(Path(__file__).read_bytes() + RULES_MODULE.read_bytes())
    h.update(f"\0{k}\0{pdf_reader_version()}\0{FIGURE_TEXT_KEY}\0".encode())
    for value, origin in items:
        h.update(f"{value}\0{origin}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


DEMO = "demonstratiedata "


def site_key(folders: list[Path] | None = None) -> str:
    """Hash of what the check reads (names, sizes, modification times), the data it looks for and
    its own rules: an unchanged site is not read again (a no-op build stays fast)."""
    import hashlib

    folders = [paths.SITE, paths.DOWNLOADS] if folders is None else list(folders)
    h = hashlib.sha256(Path(__file__).read_bytes() + RULES_MODULE.read_bytes())
    h.update(str(threshold()).encode())
    for folder in [*folders, paths.DATA_PROCESSED, paths.PRIVATE]:
        h.update(f"{folder}\n".encode())
        if Path(folder).exists():
            for p in sorted(Path(folder).rglob("*")):
                if p.is_file() and "site_libs" not in p.parts:
                    st = p.stat()
                    h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def build_step(progress, state, folders: list[Path] | None = None, prepared=None) -> bool:
    """A build step: run :func:`main` on ``folders`` (the build passes its staged site and
    downloads, before they replace ``_site/`` and ``downloads/``) unless nothing it reads changed
    since it passed. ``prepared``: the matcher from :func:`prepare_matcher`, if the build made one."""
    key = site_key(folders)
    if state.fresh("privacy-check", key):
        progress.skip("Privacycontrole: ongewijzigd, overgeslagen")
        return True
    where = ", ".join(f"{paths.relative(f)}/" for f in folders) if folders else "_site/ en downloads/"
    progress.line(f"Privacycontrole van {where} …")
    if main(folders, prepared.result() if prepared is not None else None) != 0:
        return False
    state.done("privacy-check", key, [])
    progress.ran("Privacycontrole: in orde")
    return True


def all_values() -> dict[str, str]:
    """What the check looks for: the identifying values of the data the build read (real data), and
    those of demonstration data marked as such (a finding of one is a note, not a failure)."""
    return {**{v: DEMO + o for v, o in identifying_values(demonstration=True).items()}, **identifying_values()}


def prepare_matcher():
    """The check's :class:`ValueMatcher`, made in a thread of its own (:class:`.background.Background`;
    ``.result()`` waits for it). The build starts it while the notebooks run (the processed data it
    reads the values from are written by then): reading the values and compiling the pattern take
    about a second, which the build otherwise spends after the pages, while the notebooks of a small
    build leave a core free."""
    from .background import Background

    return Background(lambda: ValueMatcher(all_values()), "privacy-values")


def main(folders: list[Path] | None = None, values: "ValueMatcher | None" = None) -> int:
    everything = check(folders, values=all_values() if values is None else values, cache=VERDICTS)
    forget_unused_pdf_texts()
    demo = {f.file.split("!")[0] for f in everything if DEMO in f.problem}
    findings = [f for f in everything if DEMO not in f.problem]
    for f in findings:
        print(f"- {f}")
    if demo:
        print(
            f"Let op: pseudoniemen uit demonstratiedata (geen echte personen) staan in {len(demo)} bestand(en): "
            f"{', '.join(sorted(demo))}. Met echte data faalt de controle daar."
        )
    if findings:
        print(
            f"Privacycontrole: {len(findings)} probleem/problemen in de gebouwde bestanden. Publiceer deze "
            "versie niet; zie CONTRIBUTING.md (privacybeleid)."
        )
        return 1
    print("Privacycontrole: in orde (geen identificerende waarden, geen kleine aantallen).")
    return 0
