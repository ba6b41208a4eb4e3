"""A researcher's own lessons learned → ``idu_lessons`` (see :mod:`analysis.mapping`).

Her spreadsheet goes in ``data_raw/private/idu_lessons/`` (xlsx, or csv as Dutch Excel writes
it), with a mapping file next to it: ``python -m analysis inspect <file> --dataset idu_lessons
--write`` proposes one. One target, ``fills: lessen``: one row per lesson, her own column
headers. Schema names a mapping may use (right-hand side of ``columns:``):

* ``pilot`` (required) -- the pilot or programme activity the lesson comes from, by name;
* ``lesson`` (required) -- the lesson itself; ``lesson_type`` (required) -- its kind, mapped
  to the five codes by ``values:`` (``Wat werkte goed: positief``, …);
* ``source`` (required) -- where the lesson is written down, as ``bron-id:regel`` or
  ``bron-id:p3`` (her own documents);
* ``rode_lijn`` -- the rode lijn(en) it is coded to: codes (``RL03``) or titles, at most
  three, separated by ``;`` or ``,``, the strongest first; empty = fits no rode lijn;
* ``component`` (part of the pilot; default: the pilot itself), ``heading`` (the heading the
  lesson stands under), ``justification`` (why this rode lijn), ``kind``
  (``pilot`` / ``programma-activiteit``).

Her lessons come on top of the published ones and are coded to the same twelve rode lijnen, so
her pilots get their row in the pilot × rode-lijn matrix, the breadth tables and the coverage
with no code change. From her one table the adapter makes her rows of ``pilots``,
``components``, ``headings``, ``lessons`` and ``lesson_rode_lijn``; the kind of a lesson is
her choice per lesson (``type_basis = inhoud``). The derived table ``lesson_origin`` records
which lessons and pilots came from which of her files, so the page can say so. Columns with
names or remarks are proposed as ``ignore`` and never read.
"""

from __future__ import annotations

import re

import pandas as pd

from ..mapping import Adapter, Mapped, Mapping, Proposal, RawExport, map_table
from ..validation import ValidationError, ValidationErrors, did_you_mean
from . import labels
from .validate import MAX_LINKS, RODE_LIJN_IDS

ORIGIN = "lesson_origin"
OWN_TABLES = ("pilots", "components", "headings", "lessons", "lesson_rode_lijn")
NAMES = ("pilot", "component", "heading", "lesson_type", "lesson", "rode_lijn", "justification", "source", "kind")
REQUIRED = ("pilot", "lesson", "lesson_type", "source")

#: Header words (lower case, letters and digits only) per schema name.
ALIASES: dict[str, tuple[str, ...]] = {
    "pilot": ("pilot", "pilotnaam", "project", "projectnaam", "initiatief", "activiteit", "proeftuin", "experiment"),
    "component": ("onderdeel", "deelpilot", "deelproject", "locatie", "team", "subproject"),
    "heading": ("kop", "kopinverslag", "kopje", "hoofdstuk", "paragraaf", "kopinhetverslag"),
    "lesson_type": ("soortles", "soort", "typeles", "type", "categorie", "aard", "lestype", "soortvanles"),
    "lesson": ("les", "geleerdeles", "lessen", "lesson", "omschrijving", "leerpunt", "inzicht", "wathebbenwegeleerd"),
    "rode_lijn": ("rodelijn", "rodelijnen", "rodelijn(en)", "thema", "themas", "thema(s)", "rodedraad"),
    "justification": ("waarom", "verantwoording", "toelichtingcodering", "waaromdezerodelijn", "motivering"),
    "source": ("bron", "vindplaats", "bronverwijzing", "verslag", "document", "plaatsinverslag"),
    "kind": ("soortpilot", "pilotofactiviteit", "vorm"),
}
#: Header words of her table of sources (``fills: bronnen``), per column of ``sources``.
SOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    "source_id": ("bronid", "broncode", "sleutel", "bron", "id", "code"),
    "kind": ("soort", "soortbron", "type", "typebron"),
    "description": ("omschrijving", "beschrijving", "titel", "wat"),
    "unit": ("teltin", "eenheid", "telt", "verwijzingin"),
    "file": ("bestand", "bestandsnaam", "file"),
}
UNIT_WORDS = {"regel": "regel", "regels": "regel", "pagina": "pagina", "paginas": "pagina", "pag": "pagina"}
IDENTIFYING = (
    "naam",
    "name",
    "ingevulddoor",
    "contactpersoon",
    "auteur",
    "opmerking",
    "opmerkingen",
    "notitie",
    "notities",
    "memo",
    "email",
    "telefoon",
    "adres",
)
# words in her labels of the kind of lesson → code (checked in this order)
TYPE_WORDS = (
    ("uitdag", "randvoorwaarde_uitdaging"),
    ("knelpunt", "randvoorwaarde_uitdaging"),
    ("randvoorwaarde", "randvoorwaarde_werkt"),
    ("verbeter", "verbetering"),
    ("beter", "verbetering"),
    ("nodig", "nodig"),
    ("positie", "positief"),
    ("goed", "positief"),
    ("werkte", "positief"),
)


def _squash(name) -> str:
    return re.sub(r"[^a-z0-9()]", "", str(name).lower())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_") or "x"


def _public_text(schema, name: str) -> pd.DataFrame:
    from ..data import read_raw_table

    ts = schema.tables[name]
    return read_raw_table(ts.path, ts)


def type_code(label: str) -> str | None:
    """A label for the kind of lesson → its code, when the words leave no doubt."""
    key = _squash(label)
    if not key:
        return None
    for code, text in labels.LESSON_TYPES.items():
        if key in (_squash(code), _squash(text)):
            return code
    if "randvoorwaarde" in key and "werkt" in key:
        return "randvoorwaarde_werkt"
    hits = {code for word, code in TYPE_WORDS if word in key}
    if "randvoorwaarde_uitdaging" in hits:
        return "randvoorwaarde_uitdaging"
    return hits.pop() if len(hits) == 1 else None


class LessonsAdapter(Adapter):
    targets = {
        "lessen": "eigen lessentabel (één rij per les, eigen kolomnamen); vult pilots, onderdelen, koppen, "
        "lessen en de koppeling aan de rode lijnen",
        "bronnen": "eigen lijst van de documenten waarin de lessen staan (vult sources; de lessen verwijzen "
        "ernaar als bron-id:regel of bron-id:p3)",
    }
    unmapped_exports_are_errors = True
    # her lessons come on top of the published ones: the rode lijnen, grondhouding and survey stay
    public_fallback = (
        "rode_lijnen",
        "grondhouding_principles",
        "grondhouding_statements",
        "bf_figures",
        "bf_time_use",
        "jeugdcoach_schools",
        "sources",
        "organisations",  # how the published organisations are named on pages (privacy policy)
    )

    # ------------------------------------------------------------ inspect
    def propose(self, raw: RawExport, schema) -> Proposal:
        if raw.table is None:
            raise ValidationError(raw.path, None, None, "verwacht een tabel (xlsx of csv) met één rij per les")
        header = [str(c) for c in raw.table.columns]
        if any(_squash(h) in ("bronid", "broncode", "teltin", "eenheid") for h in header):
            return self._propose_sources(raw, schema, header)
        p = Proposal("lessen", found=[f"Kolommen: {', '.join(header)}"])
        taken: set[str] = set()
        for h in header:
            key = _squash(h)
            words = re.split(r"[^a-z0-9]+", h.lower())
            target = next((n for n, ws in ALIASES.items() if key in ws or h == n), None)
            if any(w in IDENTIFYING for w in words) or key in IDENTIFYING:
                p.ignore.append(h)
                p.unplaced[h] = "namen of vrije tekst: niet gelezen"
            elif target and target not in taken:
                p.columns[h] = target
                taken.add(target)
            else:
                p.ignore.append(h)
                p.unplaced[h] = "geen kolom van een lessentabel"
        if "lesson_type" in taken:
            col = next(h for h, t in p.columns.items() if t == "lesson_type")
            found = sorted({str(v).strip() for v in raw.table[col] if str(v).strip()})
            table, unsure = {}, []
            for v in found:
                code = type_code(v)
                if code:
                    table[v] = code
                else:
                    unsure.append(v)
            p.values["lesson_type"] = table
            p.found.append("Soorten les: " + ", ".join(f"'{k}' → {c}" for k, c in table.items()))
            if unsure:
                p.found.append(
                    "Soorten les die niet zeker te plaatsen zijn (vul ze aan onder 'values' met een van "
                    + ", ".join(labels.LESSON_TYPES)
                    + "): "
                    + ", ".join(f"'{v}'" for v in unsure)
                )
        missing = [c for c in REQUIRED if c not in taken]
        if missing:
            p.found.append("Verplichte kolommen zonder tegenhanger (zet ze onder 'columns'): " + ", ".join(missing))
        return p

    def _propose_sources(self, raw: RawExport, schema, header: list[str]) -> Proposal:
        p = Proposal(
            "bronnen", found=[f"Kolommen: {', '.join(header)}", "Een lijst van eigen bronnen (fills: bronnen)"]
        )
        taken: set[str] = set()
        for h in header:
            key = _squash(h)
            target = next((n for n, ws in SOURCE_ALIASES.items() if key in ws or h == n), None)
            if target and target not in taken:
                p.columns[h] = target
                taken.add(target)
            else:
                p.ignore.append(h)
                p.unplaced[h] = "geen kolom van een bronnenlijst"
        enum = {
            "kind": schema.tables["sources"].columns["kind"].allowed or (),
        }
        for target, words in (("kind", {_squash(k): k for k in enum["kind"]}), ("unit", UNIT_WORDS)):
            if target not in taken:
                continue
            col = next(h for h, t in p.columns.items() if t == target)
            table = {}
            for v in sorted({str(x).strip() for x in raw.table[col] if str(x).strip()}):
                code = words.get(_squash(v))
                if code:
                    table[v] = code
                else:
                    p.found.append(f"'{v}' in kolom '{col}' is niet zeker te plaatsen; vul het aan onder 'values'")
            p.values[target] = table
        return p

    def _sources(self, raw: RawExport, mapping: Mapping, schema) -> Mapped:
        ts = schema.tables["sources"]
        columns = {c: col.description for c, col in ts.columns.items()}
        required = [c for c, col in ts.columns.items() if not col.nullable]
        frame, back, rows = map_table(raw, mapping, columns, required, numeric_ok=False)
        pub = _public_text(schema, "sources")
        table = pd.concat([pub, frame[list(pub.columns)].reset_index(drop=True)], ignore_index=True)
        n = len(pub)
        return Mapped(
            {"sources": table},
            rows={"sources": [None] * n + rows},
            columns={"sources": lambda i, c, n=n: back.get(c, c) if i is not None and i >= n else c},
        )

    # ------------------------------------------------------------ build
    def to_tables(self, raw: RawExport, mapping: Mapping, schema) -> Mapped:
        if mapping.fills == "bronnen":
            return self._sources(raw, mapping, schema)
        if raw.table is None:
            raise ValidationErrors([mapping.error("'fills: lessen' verwacht een tabel (xlsx of csv)", "fills")])
        frame, back, export_rows = map_table(raw, mapping, dict.fromkeys(NAMES, ""), REQUIRED, numeric_ok=False)
        frame = frame.reset_index(drop=True).map(lambda v: str(v).strip())

        public = {t: _public_text(schema, t) for t in OWN_TABLES}
        rl = _public_text(schema, "rode_lijnen")
        titles = {_squash(t): r for r, t in zip(rl["rode_lijn_id"], rl["title"])}
        known_pilots = set(public["pilots"]["pilot_id"])
        known_components = set(public["components"]["component_id"])

        errors: list[ValidationError] = []
        pilots, components, headings, lessons, links, origin = [], [], [], [], [], []
        rows = {t: [] for t in OWN_TABLES}
        cols = {t: {} for t in OWN_TABLES}
        pilot_ids: dict[str, str] = {}
        component_ids: dict[tuple[str, str], str] = {}
        heading_ids: dict[str, str] = {}
        per_component: dict[str, int] = {}
        for i, r in frame.iterrows():
            row = export_rows[i]
            name = r["pilot"]
            if not name:
                errors.append(ValidationError(raw.path, row, back["pilot"], "pilot ontbreekt"))
                continue
            pid = pilot_ids.get(name)
            if pid is None:
                pid = "eigen_" + _slug(name)
                if pid in known_pilots or pid in pilot_ids.values():
                    errors.append(
                        ValidationError(
                            raw.path, row, back["pilot"], f"pilot '{name}' valt samen met een andere pilot ({pid})"
                        )
                    )
                    continue
                pilot_ids[name] = pid
                kind = r["kind"].lower() or "pilot"
                pilots.append(
                    {"pilot_id": pid, "kind": kind, "name": name, "culture": "", "ownership": "", "source": r["source"]}
                )
                rows["pilots"].append(row)
            comp_name = r["component"] or name
            cid = component_ids.get((pid, comp_name))
            if cid is None:
                cid = pid if comp_name == name else f"{pid}_{_slug(comp_name)}"
                while cid in known_components or cid in component_ids.values():
                    cid += "_b"
                component_ids[(pid, comp_name)] = cid
                components.append(
                    {
                        "component_id": cid,
                        "pilot_id": pid,
                        "name": comp_name,
                        "setting": "",
                        "n_participants": "",
                        "participant_roles": "",
                        "remark": "",
                        "source": r["source"],
                    }
                )
                rows["components"].append(row)
            head = r["heading"] or "(geen kop opgegeven)"
            hid = heading_ids.get(head)
            if hid is None:
                hid = heading_ids[head] = f"eigen_{len(heading_ids) + 1:02d}"
                headings.append({"heading_id": hid, "heading": head, "lesson_type": "", "source": r["source"]})
                rows["headings"].append(row)
            per_component[cid] = per_component.get(cid, 0) + 1
            lid = f"{cid}_{per_component[cid]:02d}"
            lessons.append(
                {
                    "lesson_id": lid,
                    "pilot_id": pid,
                    "component_id": cid,
                    "heading_id": hid,
                    "lesson_type": r["lesson_type"],
                    "type_basis": "inhoud",
                    "lesson": r["lesson"],
                    "source": r["source"],
                    "also_at": "",
                }
            )
            rows["lessons"].append(row)
            origin.append({"lesson_id": lid, "pilot_id": pid, "file": raw.path.name, "row": row})
            table = mapping.values_for("rode_lijn") or {}
            lut = {_squash(k): str(v) for k, v in table.items()}

            def resolve(c: str, lut=lut) -> str | None:
                return lut.get(_squash(c)) or (c.upper() if c.upper() in RODE_LIJN_IDS else titles.get(_squash(c)))

            # pieces by ';' or line; a piece that is no code or title may be a ',' list of them
            # (titles themselves may hold a comma: "Contact is de basis, goed voorbeeld doet volgen")
            codes = []
            for piece in (p.strip() for p in re.split(r"[;\n]+", r["rode_lijn"])):
                if not piece:
                    continue
                parts = [x.strip() for x in piece.split(",") if x.strip()]
                codes += [piece] if resolve(piece) or len(parts) == 1 else parts
            found = []
            for c in codes:
                code = resolve(c)
                if code is None:
                    errors.append(
                        ValidationError(
                            raw.path,
                            row,
                            back.get("rode_lijn", "rode_lijn"),
                            f"rode lijn '{c}' bestaat niet; verwacht {RODE_LIJN_IDS[0]}–{RODE_LIJN_IDS[-1]} of "
                            "de titel van een rode lijn" + did_you_mean(c.upper(), RODE_LIJN_IDS),
                        )
                    )
                elif code in found:
                    errors.append(
                        ValidationError(
                            raw.path, row, back.get("rode_lijn", "rode_lijn"), f"rode lijn {code} staat twee keer"
                        )
                    )
                else:
                    found.append(code)
            if len(found) > MAX_LINKS:
                errors.append(
                    ValidationError(
                        raw.path,
                        row,
                        back.get("rode_lijn", "rode_lijn"),
                        f"{len(found)} rode lijnen; hooguit {MAX_LINKS} per les, de sterkste eerst",
                    )
                )
                found = found[:MAX_LINKS]
            why = r["justification"] or f"gekoppeld in {raw.path.name} (zonder toelichting)"
            for rank, code in enumerate(found, start=1):
                # keyword_basis: her link rests on her own reading of her own source, not on a keyword
                # this site added to the published rode lijnen
                links.append(
                    {
                        "lesson_id": lid,
                        "rode_lijn_id": code,
                        "rank": str(rank),
                        "justification": why,
                        "keyword_basis": "bron",
                    }
                )
                rows["lesson_rode_lijn"].append(row)
        if errors:
            raise ValidationErrors(errors)
        if not lessons:
            raise ValidationErrors(
                [ValidationError(raw.path, None, None, "geen enkele les gevonden (alle rijen leeg)")]
            )
        own = {
            "pilots": pilots,
            "components": components,
            "headings": headings,
            "lessons": lessons,
            "lesson_rode_lijn": links,
        }
        # where a schema error lands in her file: the export column behind each schema column
        export_col = {
            "pilots": {"name": "pilot", "kind": "kind", "source": "source"},
            "components": {"name": "component", "source": "source"},
            "headings": {"heading": "heading", "source": "source"},
            "lessons": {"lesson": "lesson", "lesson_type": "lesson_type", "source": "source"},
            "lesson_rode_lijn": {"rode_lijn_id": "rode_lijn", "justification": "justification"},
        }
        tables, row_map, col_map = {}, {}, {}
        for name in OWN_TABLES:
            pub = public[name]
            mine = pd.DataFrame(own[name], columns=list(pub.columns)).fillna("").astype(str)
            tables[name] = pd.concat([pub, mine], ignore_index=True)
            n = len(pub)
            row_map[name] = [None] * n + rows[name]
            cols[name] = {k: back.get(v, v) for k, v in export_col[name].items()}
            col_map[name] = lambda i, c, n=n, b=cols[name]: b.get(c, c) if i is not None and i >= n else c
        stem = re.sub(r"[^a-z0-9]+", "-", mapping.path.name[: -len(".mapping.yaml")].lower()).strip("-")
        derived = {f"{ORIGIN}__{stem}": pd.DataFrame(origin, columns=["lesson_id", "pilot_id", "file", "row"])}
        return Mapped(tables, rows=row_map, columns=col_map, derived=derived)


ADAPTER = LessonsAdapter()


def own_lessons() -> pd.DataFrame:
    """Which lessons came from the researcher's own files (lesson_id, pilot_id, file); empty
    when the page shows only the published lessons."""
    from .. import paths

    folder = paths.DATA_PROCESSED / "idu_lessons"
    frames = [pd.read_csv(p, dtype=str) for p in sorted(folder.glob(f"{ORIGIN}__*.csv"))]
    if not frames:
        return pd.DataFrame(columns=["lesson_id", "pilot_id", "file", "row"])
    return pd.concat(frames, ignore_index=True)
