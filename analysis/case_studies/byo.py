"""A researcher's own case study → ``case_studies`` (see :mod:`analysis.mapping`).

Her files go in ``data_raw/private/case_studies/``, each with a mapping file next to it
(``python -m analysis inspect <file> --dataset case_studies --write`` proposes one). What a
file can fill (``fills:``):

* ``sjabloon`` — the filled spreadsheet template (``templates/case_studies/casus-sjabloon.xlsx``,
  one sheet per table, the template's own column names); fills every table whose sheet has rows;
* one table by name (``events``, ``persons``, ``sources``, …) — her own spreadsheet with her own
  column headers: ``columns:`` says which of her columns is which schema column, ``values:`` how
  her answers map to the schema's codes (``Melding VT: melding``, ``ja``/``nee``), ``ignore:``
  lists what is deliberately not read (names, remarks).  A nullable schema column she does not
  have stays empty.

Her cases are added to the published cases (tables no mapping fills stay as published), so a new
family gets its life-line, findings tree, banner and place in the cross-case synthesis with no
code change.  Her sources (interviews, file study, group session) go in the ``sources`` table and
are cited as ``bron-id:regel`` or ``bron-id:p3``; a transcript named in ``sources.file`` and put
in the same folder is checked line by line.  The derived table ``case_origin`` records which cases
came from which of her files, so the page can say so.
"""

from __future__ import annotations

import re

import pandas as pd

from ..mapping import Adapter, Mapped, Mapping, Proposal, RawExport, map_table
from ..validation import ValidationError, ValidationErrors
from . import labels
from .templates import CASE_TABLES

ORIGIN = "case_origin"

#: Header words a researcher's own spreadsheet may use, per schema column (lower case, no spaces).
ALIASES: dict[str, tuple[str, ...]] = {
    "case_id": ("casus", "casusid", "gezin", "casuscode", "gezinscode"),
    "event_id": ("gebeurteniscode", "gebeurtenisid", "sleutel", "code", "id"),
    "seq": ("nr", "nummer", "volgorde", "volgnummer", "nr.", "seq"),
    "date": ("datum", "wanneer", "tijd", "jaar", "periode_datum", "moment"),
    "date_basis": (
        "datumtoelichting",
        "toelichtingdatum",
        "hoebekend",
        "afleidingdatum",
        "datumbasis",
        "hoewetenwededatum",
        "hoeweetjededatum",
        "bronvandedatum",
    ),
    "period": ("periode", "duurt", "toestand", "heleperiode"),
    "event_type": ("soort", "type", "soortgebeurtenis", "categorie"),
    "label": ("gebeurtenis", "omschrijving", "watgebeurdeer", "beschrijving", "wat"),
    "short_label": ("kort", "kortetekst", "korteomschrijving", "kortlabel", "figuurtekst"),
    "persons": ("wie", "personen", "betrokkenen", "gezinsleden"),
    "organisation": ("organisatie", "instantie", "instelling"),
    "crisis": ("crisis", "iscrisis"),
    "source": ("bron", "bronverwijzing", "vindplaats"),
}
IDENTIFYING = (
    "naam",
    "name",
    "opmerking",
    "opmerkingen",
    "notitie",
    "notities",
    "toelichtingonderzoeker",
    "adres",
    "bsn",
    "geboortedatum",
    "telefoon",
    "email",
    "memo",
)


def _squash(name) -> str:
    return re.sub(r"[^a-z0-9.]", "", str(name).lower())


def _public_text(schema, name: str) -> pd.DataFrame:
    from ..data import read_raw_table

    ts = schema.tables[name]
    return read_raw_table(ts.path, ts)


def _sheets(path) -> dict[str, pd.DataFrame]:
    from ..data import read_raw_table

    names = pd.ExcelFile(path).sheet_names
    return {s: read_raw_table(path, sheet=s) for s in names if s in CASE_TABLES}


class CaseStudyAdapter(Adapter):
    targets = {
        "sjabloon": "het ingevulde casussjabloon (casus-sjabloon.xlsx, een werkblad per tabel)",
        **{t: f"één tabel ({t}) uit een eigen spreadsheet met eigen kolomnamen" for t in CASE_TABLES},
    }
    # her cases come on top of the published ones: a table no mapping fills stays as published
    # and the published organisations keep their kinds on the pages (privacy policy)
    public_fallback = tuple(CASE_TABLES) + ("cross_case_elements", "literature_elements", "organisations")

    # ------------------------------------------------------------ inspect
    def propose(self, raw: RawExport, schema) -> Proposal:
        if raw.format == "xlsx" and set(raw.details.get("sheets", [])) & set(CASE_TABLES):
            found = [
                f"Werkbladen van het casussjabloon: {', '.join(s for s in raw.details['sheets'] if s in CASE_TABLES)}"
            ]
            return Proposal("sjabloon", found=found)
        header = [str(c) for c in raw.table.columns]
        best, score = "events", -1
        for t in CASE_TABLES:
            cols = set(schema.tables[t].columns)
            s = sum(1 for h in header if h in cols or self._alias(h, t, schema))
            if s > score:
                best, score = t, s
        p = Proposal(best, found=[f"Kolommen: {', '.join(header)}"])
        taken = set()
        for h in header:
            target = h if h in schema.tables[best].columns else self._alias(h, best, schema)
            if any(w in IDENTIFYING for w in re.split(r"[^a-z0-9]+", h.lower())):
                p.ignore.append(h)
                p.unplaced[h] = "namen of vrije tekst: niet gelezen"
            elif target and target not in taken:
                p.columns[h] = target
                taken.add(target)
            else:
                p.ignore.append(h)
                p.unplaced[h] = "geen kolom van " + best
        if best == "events" and "event_type" in taken:
            col = next(h for h, t in p.columns.items() if t == "event_type")
            p.values["event_type"] = self._type_values(raw.table[col])
        for c in ("period", "crisis"):
            if c in taken:
                p.values[c] = {"ja": "ja", "nee": "nee", "x": "ja", "": "nee"}
        missing = [c for c, col in schema.tables[best].columns.items() if not col.nullable and c not in taken]
        if missing:
            p.found.append(
                "Verplichte kolommen zonder tegenhanger (vul ze aan in de export of de mapping): " + ", ".join(missing)
            )
        return p

    def _alias(self, header: str, table: str, schema) -> str | None:
        key = _squash(header)
        for col, words in ALIASES.items():
            if col in schema.tables[table].columns and key in words:
                return col
        return None

    @staticmethod
    def _type_values(cells: pd.Series) -> dict[str, str]:
        by_label = {_squash(v[0]): k for k, v in labels.EVENT_TYPES.items()}
        out = {}
        for v in sorted(set(map(str, cells))):
            key = _squash(v)
            hit = key if key in labels.EVENT_TYPES else by_label.get(key)
            if hit is None:
                hit = next((k for k in labels.EVENT_TYPES if _squash(k.replace("_", "")) in key), None)
            if hit is not None and v.strip():
                out[v] = hit
        return out

    # ------------------------------------------------------------ build
    def to_tables(self, raw: RawExport, mapping: Mapping, schema) -> Mapped:
        if mapping.fills == "sjabloon":
            own, rows, back = self._template(raw, mapping, schema)
        else:
            own, rows, back = self._one_table(raw, mapping, schema)
        tables, row_map, col_map = {}, {}, {}
        for name, frame in own.items():
            public = _public_text(schema, name)
            tables[name] = pd.concat([public, frame[list(public.columns)]], ignore_index=True)
            n = len(public)
            row_map[name] = [None] * n + rows[name]
            col_map[name] = lambda i, c, n=n, b=back.get(name, {}): b.get(c, c) if i is not None and i >= n else c
        cases = own.get("cases")
        origin = pd.DataFrame(
            {"case_id": sorted(set().union(*[set(f["case_id"]) for f in own.values() if "case_id" in f]))}
        )
        origin["file"] = raw.path.name
        origin["has_cases_row"] = origin["case_id"].isin(set(cases["case_id"]) if cases is not None else set())
        stem = re.sub(r"[^a-z0-9]+", "-", mapping.path.name[: -len(".mapping.yaml")].lower()).strip("-")
        return Mapped(tables, rows=row_map, columns=col_map, derived={f"{ORIGIN}__{stem}": origin})

    def _template(self, raw: RawExport, mapping: Mapping, schema):
        if raw.format != "xlsx":
            raise ValidationErrors(
                [
                    mapping.error(
                        "'fills: sjabloon' verwacht het ingevulde casus-sjabloon.xlsx (een werkblad per tabel)", "fills"
                    )
                ]
            )
        own, rows, back, errors = {}, {}, {}, []
        for name, df in _sheets(raw.path).items():
            df = df[[c for c in df.columns if str(c).strip()]]
            df = df[df.apply(lambda r: any(str(v).strip() for v in r), axis=1)]
            if df.empty:
                continue
            ren = {c: mapping.columns.get(c, c) for c in df.columns if c not in mapping.ignore}
            df = df[list(ren)].rename(columns=ren)
            expected = list(schema.tables[name].columns)
            missing = [c for c in expected if c not in df.columns]
            unknown = [c for c in df.columns if c not in expected]
            for c in missing:
                if schema.tables[name].columns[c].nullable:
                    df[c] = ""
                else:
                    errors.append(ValidationError(raw.path, 1, c, f"werkblad '{name}': kolom ontbreekt"))
            for c in unknown:
                errors.append(
                    ValidationError(
                        raw.path,
                        1,
                        c,
                        f"werkblad '{name}': onbekende kolom; zet hem onder "
                        f"'ignore' in {mapping.path.name} als hij niet gelezen moet worden",
                    )
                )
            own[name] = df.reset_index(drop=True)
            rows[name] = [int(i) + 2 for i in df.index]
            back[name] = {v: f"{name}!{k}" for k, v in ren.items()}
        if errors:
            raise ValidationErrors(errors)
        if not own:
            raise ValidationErrors(
                [ValidationError(raw.path, None, None, "het sjabloon is leeg: geen enkel werkblad heeft rijen")]
            )
        return own, rows, back

    def _one_table(self, raw: RawExport, mapping: Mapping, schema):
        name = mapping.fills
        ts = schema.tables[name]
        columns = {c: col.description for c, col in ts.columns.items()}
        required = [c for c, col in ts.columns.items() if not col.nullable]
        frame, back, rows = map_table(raw, mapping, columns, required, numeric_ok=True)
        return ({name: frame.reset_index(drop=True)}, {name: rows}, {name: back})


ADAPTER = CaseStudyAdapter()
