"""Domain checks for the case-study dataset that a schema cannot express.

Named in ``analysis/schemas/case_studies.yaml`` as ``validator:``.  The schema has
already checked columns, types, allowed values, keys and references; this adds:

* every date expression (events, help episodes, group-session markers) parses into
  an interval (:mod:`.dates`) — ``"2019-13"`` is rejected;
* a help episode does not end before it starts; an undated episode is anchored to
  events of its case (``start_event``/``end_event``) that exist;
* every person named on an event, episode or marker exists in that case;
* each case's findings tree has exactly one root, every parent exists, no cycles
  (:func:`.findings_tree.tree_problems`);
* every synthesis code points at a known working element.

Every problem becomes a :class:`~analysis.validation.ValidationError` naming file,
spreadsheet row and column; all are raised together and nothing is written.  The
returned tables carry the parsed intervals as extra columns (ISO dates).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..validation import ValidationError, ValidationErrors
from .dates import DateParseError, parse_date
from .findings_tree import tree_problems

PERSON_LIST_SEP = ";"


def _file(schema, table: str) -> Path:
    from ..data import private_override

    ts = schema.tables[table]
    return private_override(ts) or ts.path


def split_persons(value) -> list[str]:
    """``"vader;moeder"`` → ``["vader", "moeder"]`` (empty → [])."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [p.strip() for p in str(value).split(PERSON_LIST_SEP) if p.strip()]


def _iso(d):
    return d.isoformat() if d is not None else None


def _parse_column(df: pd.DataFrame, column: str, file: Path, errors: list, nullable: bool = False):
    """Parse a date-expression column; returns a list of DateInterval (or None)."""
    out = []
    for i, v in zip(df.index, df[column]):
        if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == "":
            if not nullable:
                errors.append(
                    ValidationError(
                        file, int(i) + 2, column, "datum ontbreekt (gebruik 'onbekend' als de bron geen tijd noemt)"
                    )
                )
            out.append(None)
            continue
        try:
            out.append(parse_date(v))
        except DateParseError as exc:
            errors.append(ValidationError(file, int(i) + 2, column, str(exc)))
            out.append(None)
    return out


def _check_persons(df, column, persons_by_case, file, errors, what):
    for i, case_id, value in zip(df.index, df["case_id"], df[column]):
        known = persons_by_case.get(case_id, set())
        for p in split_persons(value):
            if p not in known:
                shown = ", ".join(sorted(known)) or "(geen personen)"
                errors.append(
                    ValidationError(
                        file,
                        int(i) + 2,
                        column,
                        f"{what} noemt persoon '{p}', die niet bestaat in casus '{case_id}' (personen: {shown})",
                    )
                )


def validate_tables(tables: dict[str, pd.DataFrame], schema) -> dict[str, pd.DataFrame]:
    """Check the case-study tables (see module docstring) and return them tidy."""
    errors: list[ValidationError] = []
    t = {k: v.copy() for k, v in tables.items()}
    persons_by_case = t["persons"].groupby("case_id")["person_id"].apply(lambda s: set(map(str, s))).to_dict()

    # --- events: dates and persons
    ev, f_ev = t["events"], _file(schema, "events")
    parsed = _parse_column(ev, "date", f_ev, errors)
    ev["precision"] = [p.precision if p else None for p in parsed]
    ev["date_start"] = [_iso(p.start) if p else None for p in parsed]
    ev["date_end"] = [_iso(p.end) if p else None for p in parsed]
    _check_persons(ev, "persons", persons_by_case, f_ev, errors, "gebeurtenis")

    # --- persons: birth expressions
    pe, f_pe = t["persons"], _file(schema, "persons")
    births = _parse_column(pe, "birth", f_pe, errors, nullable=True)
    pe["birth_start"] = [_iso(b.start) if b else None for b in births]
    pe["birth_end"] = [_iso(b.end) if b else None for b in births]

    # --- episodes: start/end, order, anchors, persons
    ep, f_ep = t["episodes"], _file(schema, "episodes")
    starts = _parse_column(ep, "start", f_ep, errors)
    ends = _parse_column(ep, "end", f_ep, errors, nullable=True)
    events_by_case = ev.groupby("case_id")["event_id"].apply(lambda s: set(map(str, s))).to_dict()
    for i, s, e, row in zip(ep.index, starts, ends, ep.itertuples(index=False)):
        r = int(i) + 2
        if s is not None and e is not None and s.start is not None and e.end is not None and e.end < s.start:
            errors.append(
                ValidationError(
                    f_ep, r, "end", f"hulpepisode '{row.episode_id}' eindigt ({e.text}) vóór ze begint ({s.text})"
                )
            )
        if e is not None and row.end_status == "lopend" and e.known:
            errors.append(
                ValidationError(
                    f_ep, r, "end_status", f"hulpepisode '{row.episode_id}' heeft een einddatum maar staat op 'lopend'"
                )
            )
        for col in ("start_event", "end_event"):
            v = getattr(row, col)
            if v is not None and not pd.isna(v) and str(v) not in events_by_case.get(row.case_id, set()):
                errors.append(ValidationError(f_ep, r, col, f"gebeurtenis '{v}' bestaat niet in casus '{row.case_id}'"))
        if s is not None and not s.known and (row.start_event is None or pd.isna(row.start_event)):
            errors.append(
                ValidationError(
                    f_ep,
                    r,
                    "start_event",
                    f"hulpepisode '{row.episode_id}' heeft geen "
                    "bekende begindatum: noem dan de gebeurtenis waarmee ze begint",
                )
            )
    ep["start_precision"] = [s.precision if s else None for s in starts]
    ep["start_earliest"] = [_iso(s.start) if s else None for s in starts]
    ep["start_latest"] = [_iso(s.end) if s else None for s in starts]
    ep["end_precision"] = [e.precision if e else None for e in ends]
    ep["end_earliest"] = [_iso(e.start) if e else None for e in ends]
    ep["end_latest"] = [_iso(e.end) if e else None for e in ends]
    _check_persons(ep, "persons", persons_by_case, f_ep, errors, "hulpepisode")

    # --- group-session markers (goede hulp / geen goede hulp)
    mk, f_mk = t["markers"], _file(schema, "markers")
    marks = _parse_column(mk, "date", f_mk, errors)
    mk["precision"] = [m.precision if m else None for m in marks]
    mk["date_start"] = [_iso(m.start) if m else None for m in marks]
    mk["date_end"] = [_iso(m.end) if m else None for m in marks]
    _check_persons(mk, "persons", persons_by_case, f_mk, errors, "markering")

    # --- findings trees
    f_tn = _file(schema, "tree_nodes")
    for p in tree_problems(t["tree_nodes"]):
        errors.append(ValidationError(f_tn, int(p.index) + 2, p.column, p.message))

    # --- synthesis codes point at a known element
    known_elements = set(t["cross_case_elements"]["element_id"]) | set(t["literature_elements"]["element_id"])
    sc, f_sc = t["synthesis_coding"], _file(schema, "synthesis_coding")
    for i, el in zip(sc.index, sc["element_id"]):
        if el not in known_elements:
            errors.append(
                ValidationError(
                    f_sc,
                    int(i) + 2,
                    "element_id",
                    f"werkzaam element '{el}' bestaat niet (niet in cross_case_elements of literature_elements)",
                )
            )
    if errors:
        raise ValidationErrors(errors)
    return t
