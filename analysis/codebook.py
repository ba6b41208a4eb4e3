"""Codebook pages generated from the schemas: what every column means, for readers."""

from __future__ import annotations

import re

from . import paths
from .privacy import prose_text
from .schema import DatasetSchema, load_schema
from .validation import TYPE_NL

PRIVACY_NL = {
    "small_count": "aantal personen: kleine aantallen onderdrukt in rapporten",
    "identifying": "identificerend: komt nooit in een rapport",
}


def _cell(text) -> str:
    """Text for a Markdown table cell: ``<bestand>`` and ``<5`` stay visible text (escaped
    outside `code`, not read as HTML tags), ``|`` does not end the cell."""
    pieces = str(text).replace("|", "\\|").replace("\n", " ").split("`")
    return "`".join(p if i % 2 else p.replace("<", "\\<").replace(">", "\\>") for i, p in enumerate(pieces))


DEMO_WORDS = re.compile(r"\s*(?:[-–]\s*DEMONSTRATIEDATA|\((?:demonstratie|demonstratiedata)\))", re.I)


def without_demo_wording(text: str) -> str:
    """A schema title for real data: the demonstration marker (" - DEMONSTRATIEDATA", "(demonstratie)") removed."""
    return DEMO_WORDS.sub("", text).strip()


def codebook_markdown(schema: DatasetSchema) -> str:
    """The codebook page; whether it says "demonstratiedata" or names the researcher's export is
    taken from what the last build read (:func:`analysis.provenance.data_origin`)."""
    from .provenance import data_origin

    origin = data_origin(schema.name)
    own = bool(origin.own)
    title = without_demo_wording(schema.title) if own else schema.title
    out = ["---", f'title: "Codeboek: {title}"', "---", ""]
    if origin.demonstration:
        out += [
            "::: {.callout-warning}",
            "**Demonstratiedata.** Deze dataset is gegenereerd met een script met vaste seed, "
            "passend bij gepubliceerde totalen. Het zijn géén echte antwoorden van respondenten.",
            ":::",
            "",
        ]
    if own:
        out += ["::: {.callout-note}", origin.describe(), ":::", ""]
    else:
        out += [prose_text(schema.description), ""]
    out += [f"Schema: `{paths.relative(schema.source_file)}` · Tabellen: {len(schema.tables)}", ""]
    files = {r["table"]: r["file"] for r in origin.rows}
    for table in schema.tables.values():
        shown_file = files.get(table.name) if own else None
        out += [
            f"## {without_demo_wording(table.title) if own else table.title}",
            "",
            prose_text(without_demo_wording(table.description) if own else table.description),
            "",
            (
                f"Bestand: `{shown_file.rsplit('/', 1)[-1]}` (eigen gegevens)"
                if shown_file
                else f"Bestand: `data_raw/{table.file}`"
            )
            + (f" · Sleutel: {', '.join(table.primary_key)}" if table.primary_key else ""),
            "",
        ]
        out += ["| Kolom | Type | Betekenis | Toegestane waarden | Verplicht |", "|---|---|---|---|---|"]
        for col in table.columns.values():
            rules = []
            if col.allowed is not None:
                rules.append(", ".join(map(str, col.allowed)))
            if col.min is not None or col.max is not None:
                rules.append(f"{'' if col.min is None else col.min} – {'' if col.max is None else col.max}")
            if col.pattern:
                rules.append(f"vorm `{col.pattern}`")
            if col.references:
                rules.append(f"verwijst naar `{col.references}`")
            if col.unique:
                rules.append("uniek")
            if col.privacy:
                rules.append(PRIVACY_NL[col.privacy])
            out.append(
                f"| `{col.name}` | {_cell(TYPE_NL[col.type])} | {_cell(prose_text(col.description))} | "
                f"{_cell('; '.join(rules)) or '–'} | {'nee' if col.nullable else 'ja'} |"
            )
        for fk in table.foreign_keys:
            out.append("")
            out.append(f"Verwijzing: ({', '.join(fk.columns)}) → `{fk.table}` ({', '.join(fk.ref_columns)}).")
        out.append("")
    out += [
        "Kolommen van het type *bronverwijzing* wijzen naar de regel in het gepubliceerde "
        "brondocument (`<bestand>.txt:<regel>`), zodat elke rij te controleren is.",
        "",
    ]
    return "\n".join(out)


def codebook_path(dataset: str):
    return paths.CODEBOOK / f"{dataset}.qmd"


def write_codebook(dataset: str) -> None:
    from .io import atomic_write_text

    atomic_write_text(codebook_path(dataset), codebook_markdown(load_schema(dataset)))
