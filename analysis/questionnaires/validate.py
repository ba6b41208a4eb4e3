"""Domain checks for ``helmond_questionnaires`` that a schema cannot express.

Called by the build (``validator:`` in the schema) after the schema checks.  It
applies the instrument rules of :mod:`.read` (codes, labels, one form per
respondent x wave, no post without pre, child age inside the SDQ range) and checks
that the ``participation`` column agrees with the forms.  It returns the tidy
tables; scale scores are computed where they are used (:func:`.helmond.analyse`, from the
forms and the instrument files), so no second, unread copy of them is written.
"""

from __future__ import annotations

import pandas as pd

from ..validation import ValidationError, ValidationErrors
from .helmond import instruments
from .read import from_tables


def validate_tables(tables: dict[str, pd.DataFrame], schema) -> dict[str, pd.DataFrame]:
    forms_file = schema.tables["forms"].path
    resp_file = schema.tables["respondents"].path
    sdq, ari = instruments(tables.get("instruments"))
    used = [i for i in (sdq, ari) if i is not None]
    export = from_tables(tables["respondents"], tables["forms"], used, file=forms_file)
    waves = export.forms.groupby("respondent_id")["wave"].agg(set)
    errors = []
    for i, r in tables["respondents"].reset_index(drop=True).iterrows():
        got = waves.get(r["respondent_id"], set())
        actual = "both" if {"t0", "t1"} <= got else ("baseline_only" if "t0" in got else "none")
        if r["participation"] != actual:
            errors.append(
                ValidationError(
                    resp_file,
                    i + 2,
                    "participation",
                    f"staat op {r['participation']!r}, maar de vragenlijsten zeggen {actual!r}",
                )
            )
    if errors:
        raise ValidationErrors(errors)
    return tables
