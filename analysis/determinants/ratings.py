"""CFIR construct ratings per case: the table a researcher fills in, checked and shown.

Rating scheme (Damschroder & Lowery, 2013, Implementation Science 8:51, table 2 "Criteria used
to assign ratings to constructs"): each construct is rated per case (site) from its coded
interview data on −2, −1, 0, +1, +2. The sign is the valence (hindering / facilitating), 1 or 2
the strength:

- **+2 / −2**: the construct clearly helps / hinders; most interviewees (at least two) give
  concrete examples of how it works out;
- **+1 / −1**: it helps / hinders, but interviewees speak in general terms without concrete
  examples, mention it in passing, or positive and negative aspects are mixed with an overall
  positive / negative effect;
- **0**: neutral: only descriptive, no sign of influence, credible interviewees contradict each
  other, or positive and negative influences balance out;
- **X**: mixed and balanced, for studies that keep this apart from 0 (a variant used in later
  studies); an empty cell means *not rated* (no or too little data).

The researcher decides the rating; :func:`coding_support` only puts next to it what the coding
table says per case and construct (number of interviewees naming it facilitating / hindering),
as a help, not as the rating. The rule that turns ratings into "distinguishing" constructs is
not fixed here (the 2013 paper's numeric rule is not available to this repository).

``python -m analysis.determinants.ratings template <out.csv> <case> [<case> …]`` writes an
empty table: one row per case and construct, with the columns ``case``, ``construct``,
``construct_label``, ``rating`` and ``rationale`` (onderbouwing).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from analysis.validation import ValidationError, ValidationErrors

from .frameworks import load_codebook

RATINGS = ("-2", "-1", "0", "+1", "+2", "X")
RATING_LABELS = {"-2": "−2", "-1": "−1", "0": "0", "+1": "+1", "+2": "+2", "X": "X (gemengd)", "": "·"}
COLUMNS = ["case", "construct", "construct_label", "rating", "rationale"]
RULES_NL = (
    "**Beoordelingsregels** (Damschroder & Lowery, 2013): per casus krijgt elk construct een score "
    "−2, −1, 0, +1 of +2 op basis van de gecodeerde interviews. Het teken geeft de richting "
    "(belemmerend of bevorderend), het getal de sterkte. **±2**: het construct helpt of hindert "
    "duidelijk en de meeste geïnterviewden (minstens twee) geven concrete voorbeelden. **±1**: wel een "
    "richting, maar alleen algemene uitspraken zonder concrete voorbeelden, of gemengde aspecten met per "
    "saldo een positief of negatief effect. **0**: neutraal — alleen beschrijvend, geen invloed, "
    "geloofwaardige geïnterviewden spreken elkaar tegen, of positief en negatief heffen elkaar op. "
    "**X**: gemengd en in evenwicht (als de studie dat apart houdt). Een lege cel: niet beoordeeld."
)


def _normalise(value) -> str:
    v = "" if value is None or pd.isna(value) else str(value).strip()
    v = v.replace("−", "-").replace("–", "-").upper()
    if v in ("1", "2"):
        v = "+" + v
    if v in ("+0", "-0"):
        v = "0"
    return v


def check_ratings(df: pd.DataFrame, framework: str = "cfir", file="beoordelingen") -> pd.DataFrame:
    """Check a filled-in rating table; returns it with ``rating`` normalised (+1, −2 → -2, X, '')."""
    codebook = load_codebook(framework)
    keys = set(codebook["key"])
    index = {str(k).casefold(): k for k in codebook["key"]}
    index.update({str(v).casefold(): k for k, v in zip(codebook["key"], codebook["label_en"])})
    index.update({str(v).casefold(): k for k, v in zip(codebook["key"], codebook["label_nl"])})
    missing = [c for c in ("case", "construct", "rating") if c not in df.columns]
    if missing:
        raise ValidationError(file, 1, missing[0], f"kolom ontbreekt (verwacht: {', '.join(COLUMNS)})")
    out = df.copy()
    errors = []
    out["construct"] = [index.get(str(c).strip().casefold(), str(c).strip()) for c in out["construct"]]
    out["rating"] = [_normalise(v) for v in out["rating"]]
    for i, r in out.iterrows():
        if not str(r["case"]).strip():
            errors.append(ValidationError(file, int(i) + 2, "case", "lege cel (welke casus?)"))
        if r["construct"] not in keys:
            errors.append(
                ValidationError(
                    file, int(i) + 2, "construct", f"onbekend construct '{r['construct']}' (niet in {framework})"
                )
            )
        if r["rating"] and r["rating"] not in RATINGS:
            errors.append(
                ValidationError(
                    file,
                    int(i) + 2,
                    "rating",
                    f"score '{df.at[i, 'rating']}' niet toegestaan (toegestaan: −2, −1, 0, +1, "
                    "+2, X, of leeg voor niet beoordeeld)",
                )
            )
    dup = out.duplicated(["case", "construct"], keep="first")
    for i in out.index[dup]:
        errors.append(
            ValidationError(
                file,
                int(i) + 2,
                "construct",
                f"construct '{out.at[i, 'construct']}' staat twee keer bij casus '{out.at[i, 'case']}'",
            )
        )
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors[:50])
    return out


def template(cases: list[str], framework: str = "cfir") -> pd.DataFrame:
    """The empty table a researcher fills in: one row per case and construct."""
    cb = load_codebook(framework)
    rows = [
        {"case": c, "construct": k, "construct_label": lab, "rating": "", "rationale": ""}
        for c in cases
        for k, lab in zip(cb["key"], cb["label_nl"])
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def rating_matrix(ratings: pd.DataFrame, framework: str = "cfir", only_rated: bool = True) -> pd.DataFrame:
    """Constructs × cases, with the domain, in framework order; cells −2 … +2, X or · (not rated)."""
    cb = load_codebook(framework)
    cases = list(dict.fromkeys(ratings["case"]))
    wide = ratings.pivot(index="construct", columns="case", values="rating").reindex(columns=cases)
    wide = wide.reindex(cb["key"]).fillna("")
    if only_rated:
        wide = wide[(wide != "").any(axis=1)]
    out = wide.map(lambda v: RATING_LABELS.get(v, v))
    meta = cb.set_index("key")[["number", "category_label_nl", "label_nl"]]
    out = meta.loc[out.index].join(out).reset_index(names="construct")
    return out


def rating_summary(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per case: how many constructs were rated, and how many per score."""
    r = ratings[ratings["rating"] != ""]
    counts = pd.crosstab(r["case"], r["rating"]).reindex(columns=list(RATINGS), fill_value=0)
    counts = counts.reindex(list(dict.fromkeys(ratings["case"])), fill_value=0)
    counts.insert(0, "rated", counts.sum(axis=1))
    counts.columns = ["rated"] + [RATING_LABELS[c] for c in RATINGS]
    return counts.reset_index()


def coding_support(
    codings: pd.DataFrame, case_of: dict[str, str], framework: str = "cfir", coder: str | None = None
) -> pd.DataFrame:
    """Per case and construct: interviewees who name it facilitating / hindering / neutral in the coding
    table (a help for the rater, not the rating). ``case_of`` maps respondent → case (site)."""
    keys = set(load_codebook(framework)["key"])
    c = codings[codings["determinant"].isin(keys)]
    if coder is not None:
        c = c[c["coder"] == coder]
    c = c.assign(case=c["respondent"].map(case_of))
    out = (
        c.groupby(["case", "determinant", "valence"])["respondent"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(columns=["bevorderend", "belemmerend", "neutraal"], fill_value=0)
        .reset_index()
        .rename(
            columns={
                "determinant": "construct",
                "bevorderend": "n_facilitating",
                "belemmerend": "n_hindering",
                "neutraal": "n_neutral",
            }
        )
    )
    return out


def main(argv=None) -> int:
    from analysis.io import atomic_write_text

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 3 or args[0] != "template":
        print(
            "gebruik: python -m analysis.determinants.ratings template <uit.csv> <casus> [<casus> …]", file=sys.stderr
        )
        return 2
    out = Path(args[1])
    atomic_write_text(out, template(args[2:]).to_csv(index=False, lineterminator="\n"))
    print(
        f"{out}: {len(args) - 2} casus(sen) × {len(load_codebook('cfir'))} constructen; vul 'rating' in (−2 … +2, X, of leeg) en "
        "'rationale' (onderbouwing)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
