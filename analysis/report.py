"""What notebooks use to show things to readers: tables, notices, number formats.

Every table a report shows goes through :func:`show_table`, so the privacy
rules (small cells suppressed, identifying columns dropped) hold everywhere
without each notebook remembering them.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Iterable

from .figures import embed_figure_text
from .privacy import footnote, prose_text, suppress_small_cells

embed_figure_text()  # figures of a notebook that shows tables carry their text (privacy check)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

DEMONSTRATION_TEXT = (
    "**Demonstratiedata.** De cijfers in dit onderdeel zijn berekend op gegenereerde "
    "demonstratiedata die passen bij de gepubliceerde totalen, niet op de echte antwoorden "
    "van respondenten (die zijn niet openbaar). Zie het codeboek voor hoe ze zijn gemaakt en "
    "hoe u de analyse op een echte export draait."
)


def _schema_columns(df) -> dict:
    origin = df.attrs.get("schema")
    if not origin:
        return {}
    from .schema import load_schema

    table = load_schema(origin[0]).tables.get(origin[1])
    return table.columns if table is not None else {}


def format_number(x, decimals: int = 1) -> str:
    """Dutch notation: decimal comma, no thousands separator for small numbers; whole numbers
    without decimals.  Rounding: :mod:`analysis.formatting` (half away from zero, 4,25 → 4,3)."""
    from .formatting import decimal_text

    if isinstance(x, float) and x != x:  # NaN
        return "–"
    if isinstance(x, float) and not float(x).is_integer():
        return decimal_text(x, decimals)
    if isinstance(x, float):
        return str(int(x))
    return str(x)


def _format_column(col: "pd.Series", decimals: int) -> "pd.Series":
    """One number format per column: when any value of a column has decimals, every value gets
    them (κ "1,00" next to "0,37", never "1"); a column of whole numbers stays whole."""
    import pandas as pd

    floats = [v for v in col if isinstance(v, float) and v == v]
    fractional = any(not v.is_integer() for v in floats)

    def cell(v):
        if isinstance(v, float) and v == v and fractional:
            from .formatting import decimal_text

            return decimal_text(v, decimals)
        if isinstance(v, float):
            return format_number(v, decimals)
        return "–" if v is None or v is pd.NA else v

    return col.map(cell)


def prepare_table(
    df: "pd.DataFrame",
    columns: dict[str, str] | None = None,
    counts: Iterable[str] | None = None,
    decimals: int = 1,
    linked: dict[str, str] | None = None,
    row_totals: dict | None = None,
    total_rows: dict | None = None,
) -> "pd.DataFrame":
    """The table as readers see it: identifying columns dropped, small counts suppressed
    (with complementary suppression against the totals named in ``row_totals`` /
    ``total_rows``, see :func:`analysis.privacy.suppress_small_cells`), Dutch number format,
    Dutch column headers (``columns`` maps name → header and selects and orders the columns
    shown).  The explanation of the marks is in ``attrs["privacy_footnote"]``."""

    schema_cols = _schema_columns(df)
    identifying = [c for c, col in schema_cols.items() if col.privacy == "identifying"]
    out = df.drop(columns=[c for c in identifying if c in df.columns])
    counts = list(counts or []) + [
        c for c, col in schema_cols.items() if col.privacy == "small_count" and c not in (counts or [])
    ]
    counts = [c for c in counts if c in out.columns]
    out = suppress_small_cells(out, counts, linked=linked, row_totals=row_totals, total_rows=total_rows)
    note = out.attrs.get("privacy_footnote", "")
    shown_counts = [(columns or {}).get(c, c) for c in counts if not columns or c in columns]
    out = out.apply(lambda col: _format_column(col, decimals))
    # text cells (paraphrases of a source, role lists) follow the threshold as the counts do
    texts = [c for c in out.columns if c not in counts]
    written = out[texts].map(prose_text) if texts else out[texts]
    if texts and not written.equals(out[texts]):
        out[texts] = written
        note = note or footnote(secondary=False)
    if columns:
        missing = [c for c in columns if c not in out.columns]
        if missing:
            raise KeyError(f"show_table: kolommen {missing} bestaan niet; beschikbaar: {list(out.columns)}")
        out = out[[c for c in columns if c not in identifying]].rename(columns=columns)
        repeated = sorted({h for h in out.columns if list(out.columns).count(h) > 1})
        if repeated:
            raise ValueError(
                f"show_table: kolomkop(pen) {repeated} komen twee keer voor; geef elke kolom een eigen kop"
            )
    out.attrs["privacy_footnote"] = note
    out.attrs["privacy_counts"] = shown_counts  # headers of person-count columns (marked in the HTML)
    return out


# a source reference as the tables print it (analysis.validation.SOURCE_PIECE, HTML-escaped)
SOURCE_REF_RE = re.compile(r"\b([0-9]{3})_[0-9a-f]{16}\.txt:([0-9]+(?:-[0-9]+)?)")
# where each source document is listed, relative to any page of the site (all pages sit one
# folder deep: reports/, notebooks/, codebook/)
SOURCES_PAGE = "../reports/databronnen.html"


def source_anchor(document_id: str) -> str:
    """The id of a source document's row on the Databronnen page (``bron-000``)."""
    return f"bron-{document_id}"


def link_sources(html_text: str, sources_page: str = SOURCES_PAGE) -> str:
    """Every source reference becomes a short link to its document on the Databronnen page
    (``bron 000, r. 268-305``); the full reference stays in the link's title."""

    def repl(m):
        return (
            f'<a class="bron" href="{sources_page}#{source_anchor(m.group(1))}" title="{m.group(0)}">'
            f"bron {m.group(1)}, r.&nbsp;{m.group(2)}</a>"
        )

    return SOURCE_REF_RE.sub(repl, html_text)


_TAG = re.compile(r"(<[^>]*>)")
_NO_LINK_IN = ("a", "code", "pre", "script", "style", "title", "head")


def link_sources_in_text(html_text: str, sources_page: str = SOURCES_PAGE) -> str:
    """:func:`link_sources` over a whole page, in its text only: not inside tags (a ``title``
    attribute keeps the full reference), links, code or the page head, so a reference in the
    prose ("002_7f69…txt:785") reads and links like one in a table."""
    # a reference set as code in the prose (`002_…txt:338-638`) is still a reference
    html_text = re.sub(r"<code>(" + SOURCE_REF_RE.pattern + r")</code>", r"\1", html_text)
    parts = _TAG.split(html_text)
    open_tags: dict[str, int] = {}
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in _NO_LINK_IN and not part.endswith("/>"):
                name = m.group(2).lower()
                open_tags[name] = max(0, open_tags.get(name, 0) + (-1 if m.group(1) else 1))
        elif part and not any(open_tags.values()):
            parts[i] = link_sources(part, sources_page)
    return "".join(parts)


class Table:
    """A prepared table with HTML (website) and Markdown (PDF) representations.

    On the website the table sits in its own horizontal scroll box (``.table-scroll`` in
    ``analysis/site.css``), so a wide table never makes a phone page scroll sideways, and
    source references link to the Databronnen page. ``row_ids`` gives rows an anchor."""

    def __init__(self, df: "pd.DataFrame", index: bool = False, row_ids: list[str] | None = None):
        # the name of a pivoted column axis (``case_id``) is not a header a reader can use
        self.df = df if index else df.rename_axis(columns=None)
        self.index = index
        self.row_ids = row_ids
        self.note = df.attrs.get("privacy_footnote", "")
        self.counts = list(df.attrs.get("privacy_counts", []))

    def __repr__(self) -> str:  # the notebook's text/plain: no memory address, so it is the same every run
        return "<analysis.report.Table>"

    def _repr_html_(self) -> str:
        table = self.df.to_html(
            index=self.index, escape=True, border=0, classes=["table", "table-sm", "table-striped"], na_rep="–"
        )
        if self.row_ids:
            head, _, body = table.partition("<tbody>")
            rows = body.split("<tr>")
            if len(rows) - 1 != len(self.row_ids):
                raise ValueError(f"row_ids: {len(self.row_ids)} ids voor {len(rows) - 1} rijen")
            body = rows[0] + "".join(f'<tr id="{html.escape(i)}">' + r for i, r in zip(self.row_ids, rows[1:]))
            table = head + "<tbody>" + body
        table = mark_count_columns(table, self.counts)
        note = f'\n<p class="privacy-note small">{html.escape(self.note)}</p>' if self.note else ""
        return f'<div class="table-scroll">\n{link_sources(table)}\n</div>{note}'

    def _repr_markdown_(self) -> str:
        return pipe_table(self.df, self.index) + (f"\n\n{self.note}" if self.note else "")


def mark_count_columns(table_html: str, headers: list[str]) -> str:
    """Mark the header cells of person-count columns (``data-person-count``): the privacy
    check of the built site tests every cell of such a column against the threshold."""
    if not headers or "</thead>" not in table_html:
        return table_html
    head, sep, rest = table_html.partition("</thead>")
    for h in headers:
        head = head.replace(
            f"<th>{html.escape(str(h))}</th>", f'<th data-person-count="1">{html.escape(str(h))}</th>', 1
        )
    return head + sep + rest


# The printed table (reports/print.typ): 7 pt text across the A4 text width (1.8 cm margins)
# holds about this many characters, counting two per column for the cell padding.
PRINT_FONT_PT = 7.0
PRINT_LINE_CHARS = 140
PRINT_MIN_FONT_PT = 5.0


def print_source_refs(text: str) -> str:
    """Source references as the website shows them (``bron 004, r. 333-335``; the Databronnen
    page lists each document): short words, so a printed column never runs into the next."""
    return SOURCE_REF_RE.sub(lambda m: f"bron {m.group(1)}, r. {m.group(2)}", text)


def print_layout(header: list[str], rows: list[list[str]]) -> tuple[list[float], float]:
    """Relative column widths and the font size (pt) for a printed table.

    Every column gets at least the width of its longest word (header included), so no word
    breaks or runs into its neighbour; what the line has left goes to the columns with long
    text, up to their typical cell length (capped at 45 characters). A table whose longest
    words alone need more than a line is printed in a smaller font, so that they fit."""
    least, wanted = [], []
    for j, h in enumerate(header):
        cells = [r[j] for r in rows]
        longest = max([len(w) for text in [h, *cells] for w in re.split(r"[\s\u200b]+", text) if w] or [1])
        typical = sum(len(c) for c in cells) / len(cells) if cells else len(h)
        least.append(max(longest, 3) + 2.0)  # + cell padding
        wanted.append(max(longest, min(typical, 45.0), 3) + 2.0)
    need = sum(least)
    if need >= PRINT_LINE_CHARS:
        font = max(PRINT_MIN_FONT_PT, round(PRINT_FONT_PT * PRINT_LINE_CHARS / need - 0.05, 1))
        return [w / need for w in least], font
    room = PRINT_LINE_CHARS - need
    extra = sum(wanted) - need
    share = 1.0 if extra <= room else room / extra
    widths = [a + (b - a) * share for a, b in zip(least, wanted)]
    return [w / sum(widths) for w in widths], PRINT_FONT_PT


def pipe_table(df, index: bool = False) -> str:
    """A Markdown pipe table for the PDF whose dash counts give the printed column widths.

    Pandoc (and Quarto) take relative widths from the dashes of a long pipe table
    (:func:`print_layout`: no column narrower than its longest word). A table printed in a
    smaller font starts with a raw Typst rule that applies inside its own figure only.
    """
    header = ([str(df.index.name or "")] if index else []) + [str(c) for c in df.columns]
    rows = [
        ([str(i)] if index else []) + ["–" if v is None else str(v) for v in row]
        for i, row in zip(df.index, df.itertuples(index=False, name=None))
    ]
    # zero-width spaces let other long names (file_name.txt:12) wrap in narrow columns
    clean = lambda t: (
        print_source_refs(t)
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace("_", "_\u200b")
        .replace(".txt:", ".txt:\u200b")
    )
    header = [clean(h) for h in header]
    rows = [[clean(c) for c in r] for r in rows]
    widths, font = print_layout(header, rows)
    dashes = ["-" * max(3, round(w * 200)) for w in widths]  # long separator line: pandoc applies the widths
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(dashes) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    table = "\n".join(lines)
    if font < PRINT_FONT_PT:
        table = f"```{{=typst}}\n#show table: set text(size: {font}pt)\n```\n\n" + table
    return table


def show_table(
    df: "pd.DataFrame",
    columns: dict[str, str] | None = None,
    counts: Iterable[str] | None = None,
    index: bool = False,
    decimals: int = 1,
    linked: dict[str, str] | None = None,
    row_ids: list[str] | None = None,
    row_totals: dict | None = None,
    total_rows: dict | None = None,
    note: str = "",
) -> None:
    """Display a table for readers (see :func:`prepare_table`; ``row_ids``: an anchor per row;
    ``note`` adds the footnote of marks set before, e.g. by a page's :class:`analysis.privacy.Decision`).

    Returns nothing, so a call as a cell's last line shows the table once."""
    from IPython.display import display

    table = Table(
        prepare_table(df, columns, counts, decimals, linked, row_totals, total_rows), index=index, row_ids=row_ids
    )
    table.note = table.note or note
    display(table)


def demonstration_notice(text: str | None = None) -> None:
    """Display the standard Dutch warning that a section uses demonstration data."""
    from IPython.display import Markdown, display

    display(Markdown(f"::: {{.callout-warning}}\n{text or DEMONSTRATION_TEXT}\n:::\n"))


SUMMARY_END = "<!-- einde samenvatting -->"  # the embedded renderer puts the table of contents here
DEMONSTRATION_SUMMARY = "**Let op: demonstratiedata.**"
# In the PDF (both renderers) this label puts the demonstration mark on every printed page
# (reports/print.typ); the website drops the raw Typst block.
DEMONSTRATION_PRINT_MARK = '```{=typst}\n#metadata("demonstratiedata") <demonstratiedata>\n```'


def summary_markdown(
    points: Iterable[str], published: str, datasets: Iterable[str] = (), read: tuple[bool, str] | None = None
) -> str:
    """The "Samenvatting" box that opens every report: the key results in plain Dutch (each
    point names its table or figure as ``@tbl-…``/``@fig-…``, which both renderers turn into
    a link), and what the data are. ``published`` says which published source the page
    rests on; for each dataset read from demonstration data or a researcher's own export the
    sentence comes from what the build actually read (:func:`analysis.provenance.data_origin`)."""
    from .provenance import data_origin

    points = [prose_text(p.strip()) for p in points if p and p.strip()]
    if not 3 <= len(points) <= 6:
        raise ValueError(f"een samenvatting heeft 3 tot 6 kernpunten, niet {len(points)}")
    if read is None:  # from what the build recorded for the datasets
        origins = [data_origin(d) for d in datasets]
        demonstration = any(o.demonstration for o in origins)
        sentences = [o.describe() for o in origins if o.demonstration or o.own]
    else:  # a page that reads its own input (e.g. an export named in the environment) says what it read
        demonstration, sentence = read
        sentences = [sentence]
    data = "**Waar de cijfers vandaan komen.** " + " ".join([published.strip()] + sentences)
    lines = ["::: {#samenvatting .samenvatting}", "## Samenvatting", ""]
    if demonstration:  # on the first screen, before any number
        lines += [DEMONSTRATION_SUMMARY + " " + data, "", DEMONSTRATION_PRINT_MARK, ""]
    lines += [f"- {p}" for p in points]
    if not demonstration:
        lines += ["", data]
    lines += [":::", "", SUMMARY_END]
    return "\n".join(lines) + "\n"


def show_summary(
    points: Iterable[str], published: str, datasets: Iterable[str] = (), read: tuple[bool, str] | None = None
) -> None:
    """Display :func:`summary_markdown` (the first thing on a report page)."""
    from IPython.display import Markdown, display

    display(Markdown(summary_markdown(points, published, datasets, read)))


def source_results(page: str, kinds: Iterable[str] | None = None) -> "pd.DataFrame":
    """What the source document itself reports for ``page`` (table ``databronnen.headline_results``);
    show it with ``show_table(df, columns=source_result_columns(df))``."""
    from .data import load_table

    df = load_table("databronnen", "headline_results")
    df = df[df["page"] == page].assign(text=lambda d: d["text"].map(prose_text))
    if kinds is not None:
        df = df[df["kind"].isin(list(kinds))]
    order = {
        k: i
        for i, k in enumerate(
            ["uitkomst", "conclusie", "studiecijfer", "aanbeveling", "aanbeveling regio", "aanbeveling professionals"]
        )
    }
    df = (
        df.assign(_order=df["kind"].map(order))
        .sort_values(["_order", "number"], na_position="first")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    return df.assign(kind=df["kind"].str.capitalize())


def source_result_columns(df: "pd.DataFrame") -> dict[str, str]:
    """Dutch headers for :func:`source_results` (no number column when nothing is numbered)."""
    columns = {"kind": "Soort", "number": "Nr.", "text": "Wat de bron zegt (parafrase)", "source": "Bron"}
    if df["number"].isna().all():
        columns.pop("number")
    return columns


def origin_notice(dataset: str, demonstration_text: str | None = None) -> None:
    """The data notice every page shows, computed from what the build actually read.

    Demonstration data: the warning box (``demonstration_text`` or the standard text). The
    researcher's own export: a note naming the file (and mapping) that was read. Public data:
    nothing. See :func:`analysis.provenance.data_origin`.
    """
    from IPython.display import Markdown, display

    from .provenance import data_origin

    origin = data_origin(dataset)
    if origin.demonstration:
        demonstration_notice(demonstration_text)
    elif origin.own:
        display(Markdown(f"::: {{.callout-note}}\n{origin.describe()}\n:::\n"))
