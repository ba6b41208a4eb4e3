"""Domain checks on the IDU lessons tables that a schema cannot express.

Called by the build through ``validator:`` in ``analysis/schemas/idu_lessons.yaml`` after
the schema checks (types, allowed values, keys, foreign keys).  Every problem is a
:class:`~analysis.validation.ValidationError` naming file, spreadsheet row (header = 1) and
column; all problems are collected and raised together, so nothing is written.

Checks:

* exactly 12 *rode lijnen* (RL01–RL12); a link to any other theme is refused;
* a lesson's pilot exists and equals the pilot of its component;
* a lesson whose type is taken from its heading (``type_basis = kop``) has the heading's
  type; a heading without a type requires ``type_basis = inhoud``;
* per lesson at most three rode-lijn links with ranks 1, 2, 3 without gaps;
* a link marked as resting on an analyst-added keyword (``keyword_basis = toegevoegd``) goes
  to a rode lijn that has such keywords (``added_keywords``);
* intervals (survey bands, jeugdcoach figures) have lower ≤ upper; percentage bands lie
  within 0–100;
* the grondhouding has 4 principles and 27 statements;
* published pilots and parts (cited from the report) have culture, ownership and setting.

The file names in ``sources.file`` (a researcher's own documents) are emptied after the checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..validation import ValidationError, ValidationErrors

if TYPE_CHECKING:  # pragma: no cover
    from ..schema import DatasetSchema

N_RODE_LIJNEN = 12
RODE_LIJN_IDS = [f"RL{i:02d}" for i in range(1, N_RODE_LIJNEN + 1)]
N_PRINCIPLES = 4
N_STATEMENTS = 27
MAX_LINKS = 3


def _file(schema, table: str):
    return schema.tables[table].path if schema is not None and table in schema.tables else f"idu_lessons/{table}.csv"


def _missing(v) -> bool:
    import pandas as pd

    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def check_rode_lijnen(rode_lijnen: "pd.DataFrame", file) -> list[ValidationError]:
    errors = []
    for i, rid in enumerate(rode_lijnen["rode_lijn_id"]):
        if rid not in RODE_LIJN_IDS:
            errors.append(
                ValidationError(
                    file,
                    i + 2,
                    "rode_lijn_id",
                    f"rode lijn {rid!r} bestaat niet: de bron kent precies {N_RODE_LIJNEN} "
                    f"rode lijnen ({RODE_LIJN_IDS[0]}–{RODE_LIJN_IDS[-1]})",
                )
            )
    missing = sorted(set(RODE_LIJN_IDS) - set(rode_lijnen["rode_lijn_id"]))
    if missing:
        errors.append(
            ValidationError(
                file, None, "rode_lijn_id", f"rode lijn(en) {', '.join(missing)} ontbreken; verwacht {N_RODE_LIJNEN}"
            )
        )
    return errors


def check_keyword_basis(links: "pd.DataFrame", rode_lijnen: "pd.DataFrame", file) -> list[ValidationError]:
    """A link can only rest on an analyst-added keyword of a rode lijn that has one."""
    if "keyword_basis" not in links or "added_keywords" not in rode_lijnen:
        return []
    added = rode_lijnen["added_keywords"].fillna("").astype(str).str.strip()
    with_added = set(rode_lijnen.loc[added != "", "rode_lijn_id"])
    return [
        ValidationError(
            file,
            i + 2,
            "keyword_basis",
            f"koppeling van les {lid!r} aan {rid} rust volgens keyword_basis op een toegevoegd trefwoord, "
            f"maar {rid} heeft geen toegevoegde trefwoorden (rode_lijnen.added_keywords); zet 'bron' of vul het trefwoord in",
        )
        for i, (lid, rid, basis) in enumerate(zip(links["lesson_id"], links["rode_lijn_id"], links["keyword_basis"]))
        if basis == "toegevoegd" and rid not in with_added
    ]


def check_links(links: "pd.DataFrame", lessons: "pd.DataFrame", file) -> list[ValidationError]:
    errors = []
    known_lessons = set(lessons["lesson_id"])
    for i, (lid, rid) in enumerate(zip(links["lesson_id"], links["rode_lijn_id"])):
        if rid not in RODE_LIJN_IDS:
            errors.append(
                ValidationError(
                    file,
                    i + 2,
                    "rode_lijn_id",
                    f"koppeling van les {lid!r} aan rode lijn {rid!r}: die bestaat niet; "
                    f"alleen {RODE_LIJN_IDS[0]}–{RODE_LIJN_IDS[-1]} zijn toegestaan",
                )
            )
        if lid not in known_lessons:
            errors.append(ValidationError(file, i + 2, "lesson_id", f"les {lid!r} bestaat niet in lessons.csv"))
    rows = links.reset_index(drop=True)
    g = rows.groupby("lesson_id", sort=False)["rank"]
    stats = pd.DataFrame({"n": g.size(), "nunique": g.nunique(), "min": g.min(), "max": g.max()})
    bad = stats[
        (stats["n"] > MAX_LINKS) | (stats["min"] != 1) | (stats["max"] != stats["n"]) | (stats["nunique"] != stats["n"])
    ]
    for lid in bad.index:  # loop over offending lessons only
        group = rows[rows["lesson_id"] == lid]
        ranks = sorted(int(r) for r in group["rank"] if not _missing(r))
        if len(group) > MAX_LINKS:
            errors.append(
                ValidationError(
                    file,
                    int(group.index[MAX_LINKS]) + 2,
                    "lesson_id",
                    f"les {lid!r} heeft {len(group)} koppelingen; hooguit {MAX_LINKS}",
                )
            )
        else:
            errors.append(
                ValidationError(
                    file,
                    int(group.index[0]) + 2,
                    "rank",
                    f"rangorde van de koppelingen van les {lid!r} is {ranks}; verwacht 1 … {len(ranks)} zonder gaten",
                )
            )
    return errors


def check_lessons(lessons, components, pilots, headings, file) -> list[ValidationError]:
    errors = []
    pilot_of = dict(zip(components["component_id"], components["pilot_id"]))
    known_pilots = set(pilots["pilot_id"])
    heading_type = dict(zip(headings["heading_id"], headings["lesson_type"]))
    for i, row in enumerate(lessons.itertuples(index=False)):
        r = i + 2
        if row.pilot_id not in known_pilots:
            errors.append(
                ValidationError(
                    file, r, "pilot_id", f"pilot {row.pilot_id!r} wordt genoemd maar staat niet in pilots.csv"
                )
            )
        comp_pilot = pilot_of.get(row.component_id)
        if comp_pilot is not None and comp_pilot != row.pilot_id:
            errors.append(
                ValidationError(
                    file,
                    r,
                    "pilot_id",
                    f"onderdeel {row.component_id!r} hoort bij pilot {comp_pilot!r}, niet bij {row.pilot_id!r}",
                )
            )
        if row.heading_id in heading_type:
            htype = heading_type[row.heading_id]
            if row.type_basis == "kop":
                if _missing(htype):
                    errors.append(
                        ValidationError(
                            file,
                            r,
                            "type_basis",
                            f"de kop {row.heading_id!r} bepaalt het soort les niet; gebruik type_basis 'inhoud'",
                        )
                    )
                elif htype != row.lesson_type:
                    errors.append(
                        ValidationError(
                            file,
                            r,
                            "lesson_type",
                            f"soort les {row.lesson_type!r} past niet bij de kop "
                            f"{row.heading_id!r} (die geeft {htype!r}); kies type_basis "
                            f"'inhoud' als de inhoud afwijkt",
                        )
                    )
    return errors


def check_published_fields(pilots, components, file_p, file_c) -> list[ValidationError]:
    """The published pilots and parts carry what the report says of them (culture, ownership,
    setting); only a researcher's own rows (her own sources) may leave them empty."""
    import re

    from ..validation import SEED_PIECE

    errors = []
    for df, file, cols in ((pilots, file_p, ("culture", "ownership")), (components, file_c, ("setting",))):
        for i, row in enumerate(df.to_dict("records")):
            if not re.match(SEED_PIECE, str(row.get("source") or "")):
                continue
            for c in cols:
                if _missing(row.get(c)) or not str(row.get(c)).strip():
                    errors.append(ValidationError(file, i + 2, c, "leeg; het verslag noemt dit voor elke pilot"))
    return errors


def check_intervals(df: "pd.DataFrame", file, unit_column: str | None = "unit") -> list[ValidationError]:
    """lower ≤ upper on every row; percentage bands (``unit == 'procent'``) within 0–100."""
    errors = []
    for i, row in enumerate(df.to_dict("records")):
        r = i + 2
        lo, up = row.get("lower"), row.get("upper")
        if _missing(lo) and not _missing(up):
            errors.append(ValidationError(file, r, "lower", "bovengrens zonder ondergrens"))
            continue
        if not _missing(lo) and not _missing(up) and float(lo) > float(up):
            errors.append(ValidationError(file, r, "upper", f"ondergrens {lo:g} is groter dan bovengrens {up:g}"))
        if unit_column and row.get(unit_column) == "procent":
            for col, v in (("lower", lo), ("upper", up)):
                if not _missing(v) and not 0 <= float(v) <= 100:
                    errors.append(ValidationError(file, r, col, f"percentageband met {col} {v:g} ligt buiten 0–100%"))
    return errors


def check_grondhouding(principles, statements, file_p, file_s) -> list[ValidationError]:
    errors = []
    if len(principles) != N_PRINCIPLES:
        errors.append(
            ValidationError(
                file_p,
                None,
                "principle_id",
                f"{len(principles)} uitgangspunten; de grondhouding heeft er {N_PRINCIPLES}",
            )
        )
    if len(statements) != N_STATEMENTS:
        errors.append(
            ValidationError(
                file_s, None, "statement_id", f"{len(statements)} uitspraken; de grondhouding heeft er {N_STATEMENTS}"
            )
        )
    return errors


def validate_tables(
    tables: dict[str, "pd.DataFrame"], schema: "DatasetSchema | None" = None
) -> dict[str, "pd.DataFrame"]:
    """Run every domain check; raise all problems together or return the tables unchanged."""
    f = lambda t: _file(schema, t)  # noqa: E731
    errors: list[ValidationError] = []
    errors += check_rode_lijnen(tables["rode_lijnen"], f("rode_lijnen"))
    errors += check_lessons(tables["lessons"], tables["components"], tables["pilots"], tables["headings"], f("lessons"))
    errors += check_links(tables["lesson_rode_lijn"], tables["lessons"], f("lesson_rode_lijn"))
    errors += check_keyword_basis(tables["lesson_rode_lijn"], tables["rode_lijnen"], f("lesson_rode_lijn"))
    errors += check_published_fields(tables["pilots"], tables["components"], f("pilots"), f("components"))
    errors += check_intervals(tables["bf_figures"], f("bf_figures"))
    errors += check_intervals(tables["jeugdcoach_schools"], f("jeugdcoach_schools"), unit_column=None)
    errors += check_grondhouding(
        tables["grondhouding_principles"],
        tables["grondhouding_statements"],
        f("grondhouding_principles"),
        f("grondhouding_statements"),
    )
    if errors:
        raise ValidationErrors(errors)
    if "sources" in tables and "file" in tables["sources"]:
        # her documents' file names (often an author's or family's name) served the line checks
        # above; they are never written to data_processed/ or any page
        tables["sources"] = tables["sources"].assign(
            file=pd.Series(pd.NA, index=tables["sources"].index, dtype="string")
        )
    return tables
