"""Analyses of a tidy coding table (pure functions: DataFrames in, DataFrames out).

Counting is **respondent-level**: a determinant counts once per respondent however many
segments mention it (n/N, with N the number of respondents in the group, including those who
never mention it). A respondent counts as *facilitating* for a determinant when at least one of
their segments codes it ``bevorderend``, as *hindering* when at least one codes it
``belemmerend`` (a respondent can be both), and as *neutral* when all their segments on it are
``neutraal``.

Classification rule (interviews; there is no official MIDI rule for interview data — this is an
analysis choice, stated in every report via :meth:`ClassificationRule.describe`):
among the respondents who mention a determinant (n), it is

- *bevorderend* when n_facilitating / n ≥ ``dominance`` and n_hindering / n < 1 − ``dominance``;
- *belemmerend* when n_hindering / n ≥ ``dominance`` and n_facilitating / n < 1 − ``dominance``;
- *neutraal* when nobody names it facilitating or hindering (only neutral mentions);
- *gemengd* otherwise;
- *onvoldoende* (too few mentions) when n < ``min_mentioned``.

Defaults: ``dominance = 2/3``, ``min_mentioned = 3``.

Questionnaire form of the MIDI: a determinant is a barrier when the share of respondents who
answer (totally) disagree reaches ``BARRIER_THRESHOLD`` (20%). This threshold is a convention
used in MIDI applications; it is NOT confirmed by the development article (Fleuren, Paulussen,
Van Dommelen & Van Buuren 2014, Int J Qual Health Care 26(5):501-510, doi:10.1093/intqhc/mzu060)
nor checked against the Dutch MIDI manual ("Instructie bij de vragenlijst", section 1.5), and is
therefore a named parameter.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .frameworks import load_codebook
from .labels import CLASS_LABELS, GROUP_LABELS

TOTAL = "totaal"
BARRIER_THRESHOLD = 0.20


def respondent_valence(codings: pd.DataFrame) -> pd.DataFrame:
    """One row per (respondent, determinant): flags facilitating / hindering / neutral."""
    c = codings[["respondent", "group", "determinant", "valence"]]
    flags = pd.crosstab([c["respondent"], c["group"], c["determinant"]], c["valence"]).gt(0)
    for v in ("bevorderend", "belemmerend", "neutraal"):
        if v not in flags.columns:
            flags[v] = False
    out = flags.reset_index().rename(columns={"bevorderend": "facilitating", "belemmerend": "hindering"})
    out["neutral_only"] = ~out["facilitating"] & ~out["hindering"]
    return out[["respondent", "group", "determinant", "facilitating", "hindering", "neutral_only"]]


def respondent_counts(
    codings: pd.DataFrame,
    respondents: pd.DataFrame,
    codebook: pd.DataFrame | None = None,
    coder: str | None = None,
    by_group: bool = True,
) -> pd.DataFrame:
    """n and share of respondents per determinant (and group), split by valence.

    ``respondents`` has one row per interviewed respondent (columns respondent, group): it
    gives N. ``coder`` restricts to one coder's codings (the primary coder when material is
    double-coded). Every codebook determinant appears, with zeros when never mentioned.
    """
    codebook = load_codebook() if codebook is None else codebook
    if coder is not None:
        codings = codings[codings["coder"] == coder]
    unknown = set(codings["respondent"]) - set(respondents["respondent"])
    if unknown:
        raise ValueError(f"respondenten in de codeertabel ontbreken in de respondentenlijst: {sorted(unknown)[:5]}")
    rv = respondent_valence(codings)
    rv = rv.drop(columns="group").merge(respondents[["respondent", "group"]], on="respondent")
    frames = [(TOTAL, rv, len(respondents))]
    if by_group:
        sizes = respondents.groupby("group").size()
        frames += [(g, rv[rv["group"] == g], int(sizes[g])) for g in sizes.index]
    out = []
    for g, sub, n_total in frames:
        agg = sub.groupby("determinant").agg(
            n_mentioned=("respondent", "nunique"),
            n_facilitating=("facilitating", "sum"),
            n_hindering=("hindering", "sum"),
            n_neutral=("neutral_only", "sum"),
        )
        agg = agg.reindex(codebook["key"], fill_value=0).rename_axis("determinant").reset_index()
        agg.insert(1, "group", g)
        agg.insert(2, "N", n_total)
        out.append(agg)
    res = pd.concat(out, ignore_index=True)
    for c in ("n_mentioned", "n_facilitating", "n_hindering", "n_neutral", "N"):
        res[c] = res[c].astype(int)
    res["share_mentioned"] = res["n_mentioned"] / res["N"]
    res["share_facilitating"] = res["n_facilitating"] / res["N"]
    res["share_hindering"] = res["n_hindering"] / res["N"]
    meta = codebook[["key", "number", "category", "category_label_nl", "label_nl"]].rename(
        columns={"key": "determinant"}
    )
    res = res.merge(meta, on="determinant", how="left")
    res["group_label"] = res["group"].map(lambda g: GROUP_LABELS.get(g, g))
    return res


@dataclass(frozen=True)
class ClassificationRule:
    """Facilitator / barrier / mixed rule for interview counts (see module docstring)."""

    dominance: float = 2 / 3
    min_mentioned: int = 3

    def __post_init__(self):
        if not 0.5 < self.dominance <= 1:
            raise ValueError("dominance moet groter zijn dan 0,5 en hoogstens 1")
        if self.min_mentioned < 1:
            raise ValueError("min_mentioned moet minstens 1 zijn")

    def classify_one(self, n: int, n_fac: int, n_hind: int) -> str:
        if n < self.min_mentioned:
            return "onvoldoende"
        if n_fac == 0 and n_hind == 0:
            return "neutraal"
        f, h = n_fac / n, n_hind / n
        eps = 1e-9  # 2/3 and 1/3 are not exact in floating point
        high, low = self.dominance - eps, 1 - self.dominance - eps
        if f >= high and h < low:
            return "bevorderend"
        if h >= high and f < low:
            return "belemmerend"
        return "gemengd"

    def describe(self) -> str:
        pct = round(self.dominance * 100)
        rest = round((1 - self.dominance) * 100)
        return (
            f"Een determinant heet **bevorderend** als minstens {pct}% van de respondenten die hem "
            f"noemen hem (ook) bevorderend noemt én minder dan {rest}% hem (ook) belemmerend noemt; "
            f"**belemmerend** in het omgekeerde geval; **neutraal** als niemand hem bevorderend of "
            f"belemmerend noemt; anders **gemengd**. Determinanten die door "
            f"minder dan {self.min_mentioned} respondenten genoemd worden, krijgen geen classificatie "
            f"(*te weinig genoemd*). Er is geen officiële MIDI-regel voor interviewdata; dit is een "
            f"keuze van deze analyse."
        )


def classify(counts: pd.DataFrame, rule: ClassificationRule | None = None) -> pd.DataFrame:
    """Add ``classification`` and its Dutch label to the output of :func:`respondent_counts`."""
    rule = rule or ClassificationRule()
    out = counts.copy()
    out["classification"] = [
        rule.classify_one(n, f, h) for n, f, h in zip(out["n_mentioned"], out["n_facilitating"], out["n_hindering"])
    ]
    out["classification_label"] = out["classification"].map(CLASS_LABELS)
    return out


def category_summary(
    codings: pd.DataFrame,
    respondents: pd.DataFrame,
    classified: pd.DataFrame,
    codebook: pd.DataFrame | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Per category and group: respondents mentioning any determinant of the category
    (n, facilitating, hindering) and the number of determinants per classification.

    Rows run per category, its groups first and the whole sample (``Totaal``) last, so a
    reader finds a category's figures together."""
    codebook = load_codebook() if codebook is None else codebook
    if coder is not None:
        codings = codings[codings["coder"] == coder]
    c = codings.merge(codebook[["key", "category", "category_label_nl"]], left_on="determinant", right_on="key")
    c = c.drop(columns="group").merge(respondents[["respondent", "group"]], on="respondent")
    rows = []
    # read per category: its groups, then their total
    groups = [(g, c[c["group"] == g], int(n)) for g, n in respondents.groupby("group").size().items()] + [
        (TOTAL, c, len(respondents))
    ]
    cats = codebook.drop_duplicates("category")[["category", "category_label_nl"]]
    for _, cat in cats.iterrows():
        for g, sub, n_total in groups:
            s = sub[sub["category"] == cat["category"]]
            cl = classified[(classified["group"] == g) & (classified["category"] == cat["category"])]
            rows.append(
                {
                    "group": g,
                    "category": cat["category"],
                    "category_label_nl": cat["category_label_nl"],
                    "N": n_total,
                    "n_mentioned": s["respondent"].nunique(),
                    "n_facilitating": s.loc[s["valence"] == "bevorderend", "respondent"].nunique(),
                    "n_hindering": s.loc[s["valence"] == "belemmerend", "respondent"].nunique(),
                    "determinants_bevorderend": int((cl["classification"] == "bevorderend").sum()),
                    "determinants_belemmerend": int((cl["classification"] == "belemmerend").sum()),
                    "determinants_gemengd": int((cl["classification"] == "gemengd").sum()),
                }
            )
    out = pd.DataFrame(rows)
    out["group_label"] = out["group"].map(lambda g: GROUP_LABELS.get(g, g))
    return out


def check_published(
    codings: pd.DataFrame, published: pd.DataFrame, coder: str | None = None, respondents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Compare published respondent counts with counts computed from the coding table.

    ``published`` has columns ``code`` (codebook key), ``n`` and ``N`` (and optionally
    ``group``); the result adds ``computed_n``, ``computed_N`` and ``check`` (✓ / ✗).
    """
    if coder is not None:
        codings = codings[codings["coder"] == coder]
    out = published.copy()
    comp, compN = [], []
    for _, r in out.iterrows():
        sub = codings[codings["determinant"] == r["code"]]
        group = r.get("group") if "group" in out.columns else None
        if isinstance(group, str) and group and group != TOTAL:
            sub = sub[sub["group"] == group]
            N = (respondents["group"] == group).sum() if respondents is not None else np.nan
        else:
            N = len(respondents) if respondents is not None else np.nan
        comp.append(sub["respondent"].nunique())
        compN.append(N)
    out["computed_n"] = comp
    out["computed_N"] = compN
    ok = out["computed_n"] == out["n"]
    if respondents is not None:
        ok &= out["computed_N"] == out["N"]
    out["check"] = np.where(ok, "✓", "✗")
    return out


def coder_agreement(
    codings: pd.DataFrame, coders: tuple[str, str] | None = None, codebook: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, dict]:
    """Agreement between two coders on double-coded material.

    Units are the segments of the respondents that both coders coded (union of both coders'
    segments there). For each unit and determinant, each coder either applied the code or not.
    Returns (per-determinant table with n_units, n per coder, % agreement and Cohen's κ via
    ``statsmodels``; dict with overall Krippendorff's α (nominal, ``krippendorff`` package) over all
    unit × determinant decisions, the number of units and respondents, and the coders).
    κ is NaN when it is undefined (a code that neither or both coders used on every unit).
    """
    import krippendorff
    from statsmodels.stats.inter_rater import cohens_kappa

    codebook = load_codebook() if codebook is None else codebook
    if coders is None:
        counts = codings["coder"].value_counts()
        if len(counts) < 2:
            raise ValueError("voor overeenstemming zijn codes van twee codeurs nodig")
        coders = tuple(counts.index[:2])
    a, b = coders
    resp_a = set(codings.loc[codings["coder"] == a, "respondent"])
    resp_b = set(codings.loc[codings["coder"] == b, "respondent"])
    shared = resp_a & resp_b
    if not shared:
        raise ValueError(f"codeurs {a} en {b} hebben geen gemeenschappelijke respondenten gecodeerd")
    d = codings[codings["respondent"].isin(shared) & codings["coder"].isin(coders)]
    units = pd.Index(sorted(d["segment"].unique()))
    dets = [k for k in codebook["key"] if k in set(d["determinant"])]
    mats = {}
    for coder in coders:
        sub = d[d["coder"] == coder]
        m = pd.crosstab(sub["segment"], sub["determinant"]).gt(0)
        mats[coder] = m.reindex(index=units, columns=dets, fill_value=False).astype(int)
    rows = []
    for det in dets:
        x, y = mats[a][det].to_numpy(), mats[b][det].to_numpy()
        table = np.array(
            [
                [np.sum((x == 1) & (y == 1)), np.sum((x == 1) & (y == 0))],
                [np.sum((x == 0) & (y == 1)), np.sum((x == 0) & (y == 0))],
            ]
        )
        po = (table[0, 0] + table[1, 1]) / len(units)
        pe = (x.mean() * y.mean()) + ((1 - x.mean()) * (1 - y.mean()))
        with warnings.catch_warnings():  # statsmodels warns on its z-test when var is 0
            warnings.simplefilter("ignore", RuntimeWarning)
            kappa = float(cohens_kappa(table).kappa) if pe < 1 else np.nan
        rows.append(
            {
                "determinant": det,
                "n_units": len(units),
                "n_coder_a": int(x.sum()),
                "n_coder_b": int(y.sum()),
                "agreement": po,
                "kappa": kappa,
            }
        )
    per = pd.DataFrame(rows).merge(
        codebook[["key", "number", "label_nl", "category_label_nl"]].rename(columns={"key": "determinant"}),
        on="determinant",
        how="left",
    )
    reliability = np.vstack([mats[a].to_numpy().ravel(), mats[b].to_numpy().ravel()]).astype(float)
    alpha = float(krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal"))
    overall = {
        "alpha": alpha,
        "n_units": len(units),
        "n_decisions": reliability.shape[1],
        "n_respondents": len(shared),
        "coders": coders,
        "agreement": float((reliability[0] == reliability[1]).mean()),
    }
    return per, overall


def questionnaire_barriers(
    answers: pd.DataFrame,
    threshold: float = BARRIER_THRESHOLD,
    disagree: tuple[int, ...] = (1, 2),
    scale: tuple[int, int] = (1, 5),
) -> pd.DataFrame:
    """MIDI questionnaire form: per determinant item, share answering (totally) disagree.

    ``answers``: long table (respondent, determinant, answer) with answers on ``scale``
    (default 1 = totally disagree … 5 = totally agree; missing answers are left out of n).
    ``barrier`` is True when share_disagree ≥ ``threshold`` (default 20%, a convention to verify
    against the MIDI manual). Reverse-worded items must be recoded before calling this.
    """
    if not 0 < threshold < 1:
        raise ValueError("threshold moet tussen 0 en 1 liggen")
    a = answers.dropna(subset=["answer"]).copy()
    bad = ~a["answer"].isin(range(scale[0], scale[1] + 1))
    if bad.any():
        r = a[bad].iloc[0]
        raise ValueError(
            f"antwoord {r['answer']!r} van respondent {r['respondent']} op "
            f"'{r['determinant']}' ligt buiten de schaal {scale[0]}–{scale[1]}"
        )
    g = a.groupby("determinant", sort=False)
    out = pd.DataFrame({"n": g.size(), "n_disagree": g["answer"].apply(lambda s: int(s.isin(disagree).sum()))})
    out["share_disagree"] = out["n_disagree"] / out["n"]
    out["barrier"] = out["share_disagree"] >= threshold - 1e-12
    out["threshold"] = threshold
    return out.reset_index()


def group_split_decision(
    counts: pd.DataFrame,
    columns: tuple[str, ...] = ("n_mentioned", "n_facilitating", "n_hindering"),
    threshold: int | None = None,
    total: str = TOTAL,
    key: str = "determinant",
):
    """The privacy decision behind :func:`suppress_group_split` (values, relations, marks)."""
    from analysis.privacy import decide

    cols = [c for c in (*columns, "N") if c in counts.columns]
    cell = lambda r, c: ("N", r["group"]) if c == "N" else (r[key], r["group"], c)  # noqa: E731  one N per group
    values = {cell(r, c): int(r[c]) for _, r in counts.iterrows() for c in cols}
    groups = sorted(set(counts["group"]) - {total})
    sums = [
        ((kv, total, c), [(kv, g, c) for g in groups if (kv, g, c) in values])
        for (kv, g, c) in [x for x in values if len(x) == 3]
        if g == total
    ]
    if "N" in cols and ("N", total) in values:
        sums.append((("N", total), [("N", g) for g in groups if ("N", g) in values]))
    return decide(values, [(t, p) for t, p in sums if p], k=threshold)


def suppress_group_split(
    counts: pd.DataFrame,
    columns: tuple[str, ...] = ("n_mentioned", "n_facilitating", "n_hindering"),
    threshold: int | None = None,
    total: str = TOTAL,
    key: str = "determinant",
) -> pd.DataFrame:
    """Small-cell suppression for respondent counts split by group (:func:`analysis.privacy.decide`).

    Primary: counts 1..threshold-1 read ``"<5"`` (threshold from ``analysis.toml``).
    Complementary: the whole-sample total is published next to the groups (tables, heatmap,
    bar chart), so per determinant (``key``) and count column total = sum of the groups; the
    decision hides further cells until no hidden count can be worked out, and marks them
    ``"×"`` (never ``"<5"``: they may be 5 or more).  Group sizes ``N`` are decided the same
    way.  Shares computed from a hidden count become ``"–"``.  Adds ``<column>_suppressed``
    flags (hidden for either reason).
    """
    out = counts.copy()
    cols = [c for c in (*columns, "N") if c in out.columns]
    cell = lambda r, c: ("N", r["group"]) if c == "N" else (r[key], r["group"], c)  # noqa: E731  one N per group
    decision = group_split_decision(counts, columns, threshold, total, key)
    share_of = {
        "n_mentioned": "share_mentioned",
        "n_facilitating": "share_facilitating",
        "n_hindering": "share_hindering",
    }
    for col in cols:
        keys = [cell(r, col) for _, r in out.iterrows()]
        mask = pd.Series([decision.hidden(x) for x in keys], index=out.index)
        out[f"{col}_suppressed"] = mask
        out[col] = pd.Series([decision.show(x) for x in keys], index=out.index, dtype=object)
        if share_of.get(col) in out.columns:
            out[share_of[col]] = out[share_of[col]].astype(object).where(~mask, "–")
    out.attrs["privacy_footnote"] = decision.footnote()
    return out


def _double_coded(codings: pd.DataFrame, coders: tuple[str, str]) -> pd.DataFrame:
    a, b = coders
    shared = set(codings.loc[codings["coder"] == a, "respondent"]) & set(
        codings.loc[codings["coder"] == b, "respondent"]
    )
    if not shared:
        raise ValueError(f"codeurs {a} en {b} hebben geen gemeenschappelijke respondenten gecodeerd")
    return codings[codings["respondent"].isin(shared) & codings["coder"].isin(coders)]


def valence_agreement(codings: pd.DataFrame, coders: tuple[str, str]) -> dict:
    """Agreement on the valence of the fragments both coders coded with the same determinant:
    the valence drives every classification (bevorderend/belemmerend), so it needs its own
    figure. Returns the number of such fragment × determinant pairs, % agreement and
    Krippendorff's α (nominal) over them (NaN when fewer than two pairs or one value only)."""
    import krippendorff

    a, b = coders
    d = _double_coded(codings, coders)
    keys = ["segment", "determinant"]
    va = d[d["coder"] == a].drop_duplicates(keys).set_index(keys)["valence"]
    vb = d[d["coder"] == b].drop_duplicates(keys).set_index(keys)["valence"]
    both = pd.concat([va.rename("a"), vb.rename("b")], axis=1, join="inner").dropna()
    out = {
        "n_pairs": len(both),
        "agreement": float((both["a"] == both["b"]).mean()) if len(both) else np.nan,
        "alpha": np.nan,
    }
    values = sorted(set(both["a"]) | set(both["b"]))
    if len(both) >= 2 and len(values) >= 2:
        code = {v: i for i, v in enumerate(values)}
        data = np.vstack([both["a"].map(code), both["b"].map(code)]).astype(float)
        out["alpha"] = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return out


def alpha_from_counts(units, disagree, counts) -> np.ndarray:
    """Krippendorff's nominal α of two coders who both coded every unit, from counts: the number
    of units, of units they coded differently, and of values per category (both coders; one row
    per replicate).  With m = 2 values per unit the coincidences off the diagonal add up to
    2 · disagree and the expected ones to Σ_c≠k n_c·n_k / (n − 1), n = 2 · units; α = 1 − D_o / D_e
    (Krippendorff 2011, 'Computing Krippendorff's alpha-reliability').  NaN where α is undefined
    (fewer than two units, or one category only), as :func:`coder_agreement` leaves it."""
    units, disagree, counts = (np.asarray(v, dtype=float) for v in (units, disagree, counts))
    n = 2 * units
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = (n * n - (counts * counts).sum(axis=1)) / (n - 1)
        out = 1 - (2 * disagree) / expected
    return np.where((units >= 2) & ((counts > 0).sum(axis=1) >= 2), out, np.nan)


def agreement_intervals(
    codings: pd.DataFrame,
    coders: tuple[str, str],
    codebook: pd.DataFrame | None = None,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 20250523,
) -> pd.DataFrame:
    """Percentile bootstrap intervals for the agreement measures of :func:`coder_agreement`
    (Krippendorff's α over all codes, each determinant's Cohen's κ) and of
    :func:`valence_agreement` (α on the valence).

    Fragments of one respondent are not independent, so the bootstrap resamples the double-coded
    *respondents* with all their fragments (fixed seed). With few respondents the interval is
    wide, which is the point: one reliability figure says little. A replicate in which a measure
    is undefined (κ of a code nobody used) is left out for that measure; ``n_boot_used`` says how
    many remained. One row per measure: measure, determinant ('' for α), estimate, lower, upper."""
    codebook = load_codebook() if codebook is None else codebook
    a, b = coders
    d = _double_coded(codings, coders)
    per, overall = coder_agreement(d, coders, codebook)
    dets = list(per["determinant"])
    units = pd.Index(sorted(d["segment"].unique()))
    unit_resp = d.drop_duplicates("segment").set_index("segment").loc[units, "respondent"].to_numpy()
    mat = {
        c: pd.crosstab(d.loc[d["coder"] == c, "segment"], d.loc[d["coder"] == c, "determinant"])
        .gt(0)
        .reindex(index=units, columns=dets, fill_value=False)
        .to_numpy(dtype=float)
        for c in coders
    }
    keys = ["segment", "determinant"]
    va = d[d["coder"] == a].drop_duplicates(keys).set_index(keys)["valence"]
    vb = d[d["coder"] == b].drop_duplicates(keys).set_index(keys)["valence"]
    pairs = pd.concat([va.rename("a"), vb.rename("b")], axis=1, join="inner").dropna().reset_index()
    values = {v: i for i, v in enumerate(sorted(set(pairs["a"]) | set(pairs["b"])))}
    pair_resp = d.drop_duplicates("segment").set_index("segment").loc[pairs["segment"], "respondent"].to_numpy()
    pair_codes = np.vstack([pairs["a"].map(values), pairs["b"].map(values)]).astype(float)

    respondents = np.array(sorted(set(unit_resp)))
    # Every measure is a function of counts that add up over respondents, so each replicate's
    # counts are its respondents' counts times how often it drew them (one matrix product
    # instead of a Krippendorff call per replicate; the same values, see alpha_from_counts).
    xa, xb = mat[a], mat[b]
    n_dets = xa.shape[1]
    categories = len(values)
    per_resp = []
    for r in respondents:
        u = unit_resp == r
        x, y = xa[u], xb[u]
        v = pair_codes[:, pair_resp == r].astype(int)
        per_resp.append(
            np.concatenate(
                [
                    [u.sum(), (x != y).sum(), x.sum() + y.sum(), v.shape[1], (v[0] != v[1]).sum()],
                    np.bincount(v.ravel(), minlength=categories),
                    x.sum(axis=0),
                    y.sum(axis=0),
                    (x == y).sum(axis=0),
                ]
            )
        )
    per_resp = np.array(per_resp, dtype=float)
    rng = np.random.default_rng(seed)
    position = {r: i for i, r in enumerate(respondents)}
    drawn = np.zeros((n_boot, len(respondents)))
    for i in range(n_boot):  # the same draws, in the same order, as one rng.choice per replicate
        for r in rng.choice(respondents, size=len(respondents), replace=True):
            drawn[i, position[r]] += 1
    tot = drawn @ per_resp
    n_units, disagree, ones, n_pairs, v_disagree = tot[:, :5].T
    v_counts = tot[:, 5 : 5 + categories]
    sx, sy, same = np.split(tot[:, 5 + categories :], 3, axis=1)
    cells = n_units * n_dets
    boot = {
        "alpha": alpha_from_counts(cells, disagree, np.stack([2 * cells - ones, ones], axis=1)),
        "valence_alpha": alpha_from_counts(n_pairs, v_disagree, v_counts),
    }
    with np.errstate(invalid="ignore", divide="ignore"):
        pa, pb, po = sx / n_units[:, None], sy / n_units[:, None], same / n_units[:, None]
        pe = pa * pb + (1 - pa) * (1 - pb)
        boot["kappa"] = np.where(pe < 1, (po - pe) / (1 - pe), np.nan)
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100

    def row(measure, det, estimate, values):
        v = np.asarray(values, dtype=float)
        v = v[~np.isnan(v)]
        return {
            "measure": measure,
            "determinant": det,
            "estimate": estimate,
            "lower": float(np.percentile(v, lo)) if len(v) else np.nan,
            "upper": float(np.percentile(v, hi)) if len(v) else np.nan,
            "n_boot_used": len(v),
        }

    kap = np.array(boot["kappa"])
    rows = [
        row("alpha", "", overall["alpha"], boot["alpha"]),
        row("valence_alpha", "", valence_agreement(d, coders)["alpha"], boot["valence_alpha"]),
    ]
    rows += [row("kappa", det, k, kap[:, j]) for j, (det, k) in enumerate(zip(dets, per["kappa"]))]
    return pd.DataFrame(rows)
