"""The brugfunctionaris survey (Gooi en Vechtstreek, November 2025) handled as intervals.

The report (lines 1887–2285) and the slides (2909–3198) publish reach and contact figures
only as bands ("de meeste tussen 20% en 40%", "enkele uitschieters 60–80%") and rounded
totals ("ongeveer 540"); how many respondents fall in each band is not published.  These
functions keep every band as an :class:`~analysis.intervals.Interval` and derive only what
follows from the bands plus explicitly stated assumptions about the Dutch quantifiers
(:data:`QUALIFIER_COUNTS`).  No midpoints are computed.  Report and slides are kept apart
(``source_kind``); where they disagree, :func:`source_comparison` says so.
"""

from __future__ import annotations

import math

import pandas as pd

from ..intervals import Interval, allocation_bounds, envelope, interval_or_none, relation
from .labels import BF_GROUPS, BF_ITEMS, JC_INDICATORS, RELATIONS, SCHOOLS, SOURCE_KIND, TIME_USE, short_source

#: How many of ``n`` respondents a quantifier in the text is *assumed* to mean (min, max).
#: An interpretation, stated so a reader can disagree: "het merendeel"/"de meeste" = an
#: absolute majority; "enkele"/"aanzienlijke groep"/"meerdere" = at least two;
#: "incidenteel" = at least one.
QUALIFIER_COUNTS = {
    "merendeel": lambda n: (n // 2 + 1, n),
    "meeste": lambda n: (n // 2 + 1, n),
    "aanzienlijke groep": lambda n: (2, n),
    "enkele uitschieters": lambda n: (2, n),
    "uitschieters": lambda n: (2, n),
    "enkele": lambda n: (2, n),
    "meerdere": lambda n: (2, n),
    "incidenteel": lambda n: (1, n),
}
#: Published totals given as "ongeveer 540" / "±540" are read as rounded to tens: ±5.
ROUNDING_TOLERANCE = 5


def as_interval(row) -> Interval:
    iv = interval_or_none(row["lower"], row["upper"])
    if iv is None:  # pragma: no cover - schema makes lower required
        raise ValueError(f"rij {row.get('figure_id')}: geen ondergrens")
    return iv


PERSON_UNIT = "aantal"  # every count in the survey counts persons (respondents, parents, pupils, contacts)


def hidden(row) -> bool:
    """A count of persons that may not be published (:func:`analysis.privacy.band_hidden`)."""
    from ..privacy import band_hidden

    return row["unit"] == PERSON_UNIT and band_hidden(row["lower"], row["upper"])


def band_text(row) -> str:
    """Dutch text of one figure: ``20–40%``, ``≥ 31``, ``≈ 540``; ``<5`` for a count of persons
    under the threshold (:func:`hidden`)."""
    from ..privacy import small_label

    if hidden(row):
        return small_label()
    unit = "%" if row["unit"] == "procent" else ""
    text = as_interval(row).format(unit)
    return f"≈ {text}" if bool(row["approximate"]) else text


def hidden_text() -> str:
    """What replaces the verbatim source text of a hidden figure (it states the count)."""
    from ..privacy import threshold

    return f"niet getoond: minder dan {threshold()} personen"


def band_table(bf: pd.DataFrame) -> pd.DataFrame:
    """All survey figures for display: group, item, qualifier, band, source kind, short source."""
    out = pd.DataFrame(
        {
            "figure_id": bf["figure_id"],
            "source_kind": bf["source_kind"].map(SOURCE_KIND),
            "group": bf["group"].map(BF_GROUPS),
            "item": bf["item"].map(BF_ITEMS),
            "qualifier": bf["qualifier"],
            "band": [band_text(r) for r in bf.to_dict("records")],
            "text": [hidden_text() if hidden(r) else r["text"] for r in bf.to_dict("records")],
            "source": bf["source"].map(short_source),
        }
    )
    return out.reset_index(drop=True)


def _bands(bf, source_kind, group, item):
    sub = bf[(bf["source_kind"] == source_kind) & (bf["group"] == group) & (bf["item"] == item)]
    return [(r["qualifier"], as_interval(r), r) for r in sub.to_dict("records")]


def mean_bounds_from_bands(
    bf: pd.DataFrame, group: str, item: str, n: int, scenario: str = "benoemde banden", source_kind: str = "rapport"
) -> Interval:
    """Bounds on the mean over ``n`` respondents of a banded item.

    ``scenario``:

    * ``"benoemde banden"`` – every respondent lies in one of the bands the text names, with
      counts per band as in :data:`QUALIFIER_COUNTS`;
    * ``"rest onbekend"`` – only the first (main) band's count is assumed; everybody else can
      be anywhere in 0–100 (percentages) or unbounded (counts).
    """
    bands = _bands(bf, source_kind, group, item)
    if not bands:
        raise KeyError(f"geen banden voor {group}/{item} in {source_kind}")
    quals = [q for q, _, _ in bands]
    ivs = [iv for _, iv, _ in bands]
    ranges = [QUALIFIER_COUNTS[q](n) for q in quals]
    if scenario == "rest onbekend":
        is_pct = bands[0][2]["unit"] == "procent"
        lo_main, _ = ranges[0]
        ivs = [ivs[0], Interval(0.0, 100.0) if is_pct else Interval(0.0, None)]
        ranges = [(lo_main, n), (0, n - lo_main)]
    elif scenario != "benoemde banden":
        raise ValueError(f"onbekend scenario {scenario!r}")
    return envelope(allocation_bounds(n, ivs, ranges), where=None)


def total_check(bf: pd.DataFrame, group: str, n: int, source_kind: str = "rapport") -> dict:
    """Is the published total of ``group`` compatible with the per-respondent bands?

    Returns the total (widened by :data:`ROUNDING_TOLERANCE` when approximate), the implied
    mean per respondent (total / n, an interval), whether that mean lies in the main band,
    and the range of respondents in the main band that is compatible with the total when
    every respondent lies in a named band.
    """
    tot_row = bf[(bf["source_kind"] == source_kind) & (bf["group"] == group) & (bf["item"] == "totaal_ondersteund")]
    row = tot_row.to_dict("records")[0]
    total = as_interval(row)
    if bool(row["approximate"]):
        total = total.widen(ROUNDING_TOLERANCE)
    bands = _bands(bf, source_kind, group, "geholpen_per_school")
    ivs = [iv for _, iv, _ in bands]
    ranges = [QUALIFIER_COUNTS[q](n) for q, _, _ in bands]
    frame = allocation_bounds(n, ivs, ranges, total=total)
    ok = frame[frame["compatible"]]
    mean = total.scale(1 / n)
    return {
        "total": total,
        "mean_per_respondent": mean,
        "main_band": ivs[0],
        "mean_in_main_band": ivs[0].intersection(mean) == mean,
        "main_band_count_range": (int(ok["n_band_0"].min()), int(ok["n_band_0"].max())) if len(ok) else None,
        "n_allocations": len(frame),
        "n_compatible": len(ok),
    }


def _count_range_text(rng, n: int) -> str:
    if rng is None:
        return "; geen verdeling over de banden past bij het totaal"
    lo, hi = rng
    if lo == hi == n:
        return f"; alleen die band wordt genoemd, dus alle {n} respondenten zitten erin (aanname)"
    return f"; bij alleen de genoemde banden past het totaal bij {lo} tot {hi} respondenten in die band"


def conclusions(bf: pd.DataFrame) -> pd.DataFrame:
    """What can and cannot be concluded from the banded answers (one row per question).

    Columns: question, bounds (Dutch interval text), assumption, conclusion.  Every number
    is computed from the bands in ``bf``.
    """

    def fig(source_kind, group, item):
        rows = bf[(bf["source_kind"] == source_kind) & (bf["group"] == group) & (bf["item"] == item)]
        return rows.to_dict("records")[0]

    from ..privacy import count_text, is_small

    n = int(as_interval(fig("rapport", "brugfunctionarissen", "respondenten")).lower)
    active = int(as_interval(fig("rapport", "brugfunctionarissen", "actief")).lower)
    rows = []
    rate = Interval.point(100 * n / active)
    # a small count hides the response rate too (with the other count it gives the small one back)
    small = is_small(n) or is_small(active)
    rows.append(
        {
            "question": "Respons",
            "bounds": "–" if small else rate.format("%", 1),
            "assumption": f"{count_text(n)} van {count_text(active)} (exacte aantallen)",
            "conclusion": "Respons is bekend; wie niet reageerde is onbekend, dus de cijfers gelden voor de respondenten.",
        }
    )
    for group in ("ouders", "leerlingen"):
        chk = total_check(bf, group, n)
        main = chk["main_band"]
        rows.append(
            {
                "question": f"Gemiddeld aantal {group} per brugfunctionaris (uit het totaal)",
                "bounds": chk["mean_per_respondent"].format("", 1),
                "assumption": f"totaal ≈ {as_interval(fig('rapport', group, 'totaal_ondersteund')).format()} "
                f"gelezen als ± {ROUNDING_TOLERANCE}; gedeeld door {n}",
                "conclusion": (
                    "Valt binnen de meest genoemde band "
                    if chk["mean_in_main_band"]
                    else "Valt NIET binnen de meest genoemde band "
                )
                + main.format()
                + _count_range_text(chk["main_band_count_range"], n),
            }
        )
    for group in ("ouders", "leerlingen"):
        slide = as_interval(fig("slides", group, "bereikt_percentage"))
        for scenario in ("benoemde banden", "rest onbekend"):
            mb = mean_bounds_from_bands(bf, group, "bereikt_percentage", n, scenario)
            rel = relation(mb, slide)
            rows.append(
                {
                    "question": f"Gemiddeld bereik {group} (% van de school), volgens het rapport",
                    "bounds": mb.format("%", 1),
                    "assumption": (
                        "alle respondenten in de genoemde banden; 'merendeel/meeste' ≥ "
                        f"{n // 2 + 1}, 'enkele/aanzienlijke groep' ≥ 2, 'incidenteel' ≥ 1"
                        if scenario == "benoemde banden"
                        else f"alleen 'merendeel/meeste' ≥ {n // 2 + 1} in de eerste band; de rest overal 0–100%"
                    ),
                    "conclusion": f"Dia's noemen als gemiddelde {slide.format('%')}: {RELATIONS[rel]}"
                    + ("; het rapport sluit dat gemiddelde dan uit" if rel == "disjunct" else ""),
                }
            )
    share = as_interval(fig("rapport", "leerlingen", "ouders_ook_gesproken"))
    pupils = as_interval(fig("rapport", "leerlingen", "totaal_ondersteund")).widen(ROUNDING_TOLERANCE)
    spoken = Interval(pupils.lower * share.lower / 100, pupils.upper * share.upper / 100)
    rows.append(
        {
            "question": "Leerlingen van wie ook de ouders zijn gesproken (aantal)",
            "bounds": Interval(math.floor(spoken.lower), math.ceil(spoken.upper)).format(),
            "assumption": f"elke brugfunctionaris zit in de band {share.format('%')}; totaal leerlingen ± {ROUNDING_TOLERANCE}",
            "conclusion": "Ondergrens is betekenisvol; een precies aantal is niet te geven.",
        }
    )
    rows.append(
        {
            "question": "Aantal respondenten per band",
            "bounds": "onbekend",
            "assumption": "de grafieken 2–5 staan niet als getallen in de tekst",
            "conclusion": "Verdelingen en gemiddelden zijn alleen als grenzen te geven, niet als één getal.",
        }
    )
    return pd.DataFrame(rows)


def source_comparison(bf: pd.DataFrame) -> pd.DataFrame:
    """Figures present in both report and slides, side by side, with how their bands relate."""
    rows = []
    keys = bf.groupby(["group", "item"])["source_kind"].nunique().loc[lambda s: s == 2].index
    for group, item in keys:
        rap = _bands(bf, "rapport", group, item)
        sli = _bands(bf, "slides", group, item)
        rel = relation(rap[0][1], sli[0][1])
        rows.append(
            {
                "group": BF_GROUPS[group],
                "item": BF_ITEMS[item],
                "rapport": "; ".join(f"{q}: {band_text(r)}" for q, _, r in rap),
                "slides": "; ".join(f"{q}: {band_text(r)}" for q, _, r in sli),
                "relation": RELATIONS[rel],
                "source": "; ".join(short_source(r["source"]) for _, _, r in rap + sli),
            }
        )
    return pd.DataFrame(rows)


def time_use_comparison(tu: pd.DataFrame) -> pd.DataFrame:
    """Rank of each activity in report and slides (1 = most time), with a flag where they differ."""
    wide = tu.pivot(index="activity", columns="source_kind", values="rank")
    wide = wide.reindex(list(TIME_USE)).dropna(how="all")
    out = pd.DataFrame(
        {"activity": [TIME_USE[a] for a in wide.index], "rapport": wide.get("rapport"), "slides": wide.get("slides")}
    ).reset_index(drop=True)
    out["differs"] = [not (pd.notna(r) and pd.notna(s) and r == s) for r, s in zip(out["rapport"], out["slides"])]
    for c in ("rapport", "slides"):
        out[c] = out[c].map(lambda v: "niet apart genoemd" if pd.isna(v) else str(int(v)))
    return out


def jeugdcoach_table(jc: pd.DataFrame) -> pd.DataFrame:
    """Jeugdcoach figures per school: indicator rows, school columns, values as bands or text."""

    def val(r):
        iv = interval_or_none(r["lower"], r["upper"])
        if iv is None:
            text = r["text"]
        else:
            text = ("≈ " if bool(r["approximate"]) else "") + iv.format()
        return text + (" *" if bool(r["assignment_inferred"]) else "")

    df = jc.assign(value=[val(r) for r in jc.to_dict("records")])
    wide = df.pivot(index="indicator", columns="school", values="value").reindex(list(JC_INDICATORS))
    wide = wide[[s for s in SCHOOLS if s in wide.columns]]
    wide.index = [JC_INDICATORS[i] for i in wide.index]
    wide.columns = [SCHOOLS[s] for s in wide.columns]
    wide.index.name = "Indicator"
    return wide.reset_index()
