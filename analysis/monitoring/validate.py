"""Domain checks for the ST-RAW dataset that a schema cannot express.

Called by the build through ``validator: analysis.monitoring.validate:validate_tables`` in
``analysis/schemas/st_raw.yaml``, after every table has passed its schema.  Every problem is
reported with file, spreadsheet row (header = 1) and column; all problems are collected and
raised together, so nothing is written while any remains.

Checks:

* intervals (``observations``, ``kennisatelier_figures``): lower <= upper; the published
  value inside its bounds; numbers all present or all absent; percentages within 0-100,
  stars within 1-5, counts and months not negative, a change not below -100%; the comparator
  matches the bounds rule; the bounds equal what the rule in ``quantifiers.yaml`` implies;
  a row with rule ``richting`` names a direction and carries no numbers;
* the unit of an observation comes from its indicator; an indicator with unit ``richting``
  has no numbers;
* Table 2: every theme a project or partner refers to exists; every project sits under at
  least one theme; numbered themes run 1..n; a partner linked from Table 2 is a member of the
  project group;
* the kennisateliers: sequence 1..n in date order, and their count equals the published count
  (figure ``aantal_ateliers``).

Returns the tables unchanged plus the derived table ``monitoring`` (observations joined with
their indicator and wave), which notebooks read.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.intervals import Interval, IntervalError
from analysis.validation import ValidationError, ValidationErrors

from .quantifiers import comparator_for, expected_bounds

#: Range a value may take per unit (None = open end).
UNIT_RANGE: dict[str, tuple[float | None, float | None]] = {
    "procent": (0.0, 100.0),
    "procent_verandering": (-100.0, None),
    "maanden": (0.0, None),
    "aantal": (0.0, None),
    "sterren": (1.0, 5.0),
}
NUMBER_COLUMNS = ("value", "value_lower", "value_upper")
#: Order of topics in tables and figures (as in the evaluation article).
TOPIC_ORDER = ("gebruik", "ervaringen", "snelheid", "jeugdbescherming", "preventie")


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _str(x) -> str | None:
    return None if x is None or pd.isna(x) else str(x)


def check_intervals(df: pd.DataFrame, file, units: pd.Series) -> list[ValidationError]:
    """Check the value/bounds columns of ``df``; ``units`` holds the unit per row."""
    errors: list[ValidationError] = []
    # Plain dicts, not df.loc per row: the loop stays cheap on large exports (benchmarks/).
    records = df.to_dict("records")
    for i, rec, unit in zip(df.index, records, units.tolist()):
        row = int(i) + 2
        unit = _str(unit)
        basis = _str(rec["bounds_basis"])
        comparator = _str(rec["comparator"])
        value, lo, hi = (_num(rec[c]) for c in NUMBER_COLUMNS)

        def err(column, message):
            errors.append(ValidationError(file, row, column, message))

        if basis == "richting" or unit == "richting":
            for c in NUMBER_COLUMNS + ("comparator",):
                if _str(rec[c]) is not None:
                    why = "de regel is 'richting'" if basis == "richting" else "de indicator heeft eenheid 'richting'"
                    err(c, f"moet leeg zijn: {why} (alleen een richting, geen getal)")
            if basis == "richting" and "direction" in rec and _str(rec["direction"]) is None:
                err("direction", "regel 'richting' vraagt een richting (toename, afname, ...)")
            if basis != "richting" and unit == "richting":
                err("bounds_basis", f"indicator met eenheid 'richting' vraagt regel 'richting', niet {basis!r}")
            continue

        if lo is None or hi is None:
            err(
                "value_lower" if lo is None else "value_upper",
                f"regel {basis!r} vraagt zowel een onder- als een bovengrens",
            )
            continue
        if comparator is None:
            err("comparator", "een getal vraagt een vergelijking (=, ~, >, <, tussen)")
        try:
            iv = Interval(lo, hi)
        except IntervalError as exc:  # lower > upper
            err("value_lower", str(exc))
            iv = None
        if iv is not None and value is not None and not iv.contains(value):
            err("value", f"gepubliceerd getal {value:g} ligt buiten de grenzen {iv.format()}")
        rng = UNIT_RANGE.get(unit or "")
        if rng is not None:
            low_ok, high_ok = rng
            for c, x in (("value", value), ("value_lower", lo), ("value_upper", hi)):
                if x is None:
                    continue
                if (low_ok is not None and x < low_ok) or (high_ok is not None and x > high_ok):
                    span = f"{low_ok:g} tot {high_ok:g}" if high_ok is not None else f"minstens {low_ok:g}"
                    err(c, f"{x:g} valt buiten het bereik van eenheid '{unit}' ({span})")

        want = comparator_for(basis) if basis else None
        if want is not None and comparator is not None and comparator != want:
            err("comparator", f"regel {basis!r} hoort bij vergelijking {want!r}, niet {comparator!r}")
        try:
            expected = expected_bounds(value, basis, unit, _str(rec["value_text"]) or "")
        except ValueError as exc:
            err("bounds_basis", f"regel {basis!r} is niet toe te passen: {exc}")
            continue
        if expected is not None and lo <= hi:
            for c, got, exp in (("value_lower", lo, expected[0]), ("value_upper", hi, expected[1])):
                if not math.isclose(got, exp, abs_tol=0.006):
                    err(
                        c,
                        f"{got:g} volgt niet uit regel {basis!r} (verwacht {exp:g}; "
                        "zie analysis/monitoring/quantifiers.yaml, of gebruik regel 'handmatig')",
                    )
    return errors


def _check_projects(tables, schema) -> list[ValidationError]:
    errors: list[ValidationError] = []
    themes, projects = tables["themes"], tables["projects"]
    links, partners = tables["project_themes"], tables["theme_partners"]
    theme_ids = set(themes["theme_id"].dropna())
    for tname, df in (("project_themes", links), ("theme_partners", partners)):
        file = schema.tables[tname].path
        for i, t in df["theme_id"].items():
            if _str(t) is not None and t not in theme_ids:
                errors.append(
                    ValidationError(
                        file,
                        int(i) + 2,
                        "theme_id",
                        f"thema {t!r} bestaat niet in {schema.tables['themes'].file}; "
                        f"bekende thema's: {', '.join(sorted(theme_ids))}",
                    )
                )
    linked = set(links["project_id"].dropna())
    pfile = schema.tables["projects"].path
    for i, p in projects["project_id"].items():
        if p not in linked:
            errors.append(
                ValidationError(
                    pfile, int(i) + 2, "project_id", f"project {p!r} staat onder geen enkel thema in project_themes"
                )
            )
    numbers = sorted(int(n) for n in themes["number"].dropna())
    if numbers != list(range(1, len(numbers) + 1)):
        errors.append(
            ValidationError(
                schema.tables["themes"].path,
                None,
                "number",
                f"themanummers moeten 1..{len(numbers)} zijn, gevonden {numbers}",
            )
        )
    roles = dict(zip(tables["partners"]["partner_id"], tables["partners"]["role"]))
    tpfile = schema.tables["theme_partners"].path
    for i, pid in partners["partner_id"].items():
        pid = _str(pid)
        if pid is not None and roles.get(pid, "projectgroep") != "projectgroep":
            errors.append(
                ValidationError(
                    tpfile, int(i) + 2, "partner_id", f"{pid!r} is geen lid van de projectgroep (rol: {roles[pid]})"
                )
            )
    return errors


def _check_kennisateliers(tables, schema) -> list[ValidationError]:
    errors: list[ValidationError] = []
    ka = tables["kennisateliers"]
    file = schema.tables["kennisateliers"].path
    order = ka.assign(_key=ka["year"].astype("Int64") * 100 + ka["month"].astype("Int64")).sort_values("_key")
    for expected, (i, seq) in enumerate(order["sequence"].items(), start=1):
        if int(seq) != expected:
            errors.append(
                ValidationError(
                    file,
                    int(i) + 2,
                    "sequence",
                    f"volgnummer {seq} past niet bij de datumvolgorde (verwacht {expected})",
                )
            )
            break
    figs = tables["kennisatelier_figures"]
    count = figs.loc[figs["figure_id"] == "aantal_ateliers"]
    if len(count):
        i = count.index[0]
        published = _num(count.at[i, "value"])
        if published is not None and published != len(ka):
            errors.append(
                ValidationError(
                    schema.tables["kennisatelier_figures"].path,
                    int(i) + 2,
                    "value",
                    f"de tekst noemt {published:g} kennisateliers, de tabel {schema.tables['kennisateliers'].file} "
                    f"heeft er {len(ka)}",
                )
            )
    return errors


def monitoring_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Observations joined with indicator (topic, label, unit) and wave (year, label).

    One row per indicator x wave, sorted by topic, the indicator's row in ``indicators`` and year.
    """
    ind = tables["indicators"].rename(columns={"label": "indicator_label", "source": "indicator_source"})
    waves = tables["waves"][["wave_id", "year", "label"]].rename(columns={"label": "wave_label"})
    out = (
        tables["observations"]
        .merge(ind, on="indicator_id", how="left", validate="many_to_one")
        .merge(waves, on="wave_id", how="left", validate="many_to_one")
    )
    cols = [
        "topic",
        "indicator_id",
        "indicator_label",
        "unit",
        "wave_id",
        "year",
        "wave_label",
        "population",
        "value_text",
        "value",
        "comparator",
        "value_lower",
        "value_upper",
        "bounds_basis",
        "direction",
        "reference_period",
        "source",
    ]
    topics = {t: i for i, t in enumerate(TOPIC_ORDER)}
    position = {ind: i for i, ind in enumerate(tables["indicators"]["indicator_id"])}
    out = out.assign(_t=out["topic"].map(topics).fillna(len(topics)), _p=out["indicator_id"].map(position))
    return out.sort_values(["_t", "_p", "year"], kind="stable")[cols].reset_index(drop=True)


def validate_tables(tables: dict[str, pd.DataFrame], schema) -> dict[str, pd.DataFrame]:
    """Validator hook (see CONTRIBUTING.md); returns the tables plus ``monitoring``."""
    errors: list[ValidationError] = []
    obs = tables["observations"]
    unit_of = dict(zip(tables["indicators"]["indicator_id"], tables["indicators"]["unit"]))
    errors += check_intervals(obs, schema.tables["observations"].path, obs["indicator_id"].map(unit_of))
    figs = tables["kennisatelier_figures"]
    errors += check_intervals(figs, schema.tables["kennisatelier_figures"].path, figs["unit"])
    errors += _check_projects(tables, schema)
    errors += _check_kennisateliers(tables, schema)
    if errors:
        raise ValidationErrors(errors)
    out = dict(tables)
    out["monitoring"] = monitoring_frame(tables)
    return out
