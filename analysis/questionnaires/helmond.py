"""The Helmond pilot analysis (000_99b6f6038ca9ce70.txt:240-305) in one call.

Where the data come from
------------------------
Always the processed dataset ``helmond_questionnaires`` (``data_processed/``), which the build
makes from

* the DEMONSTRATION data (``scripts/generate_helmond_demo.py``) -- the default; or
* a researcher's own export in ``data_raw/private/helmond_questionnaires/`` with its mapping file
  (``python -m analysis inspect``; see :mod:`analysis.mapping` and :mod:`.byo`). Its
  ``options: {instruments: [...]}`` says which questionnaires the study used (an SDQ-only study
  has no ARI-CP results), and ``options: {ari_key: <file>}`` points to the real ARI-CP key
  (same format as ``instruments/ari_cp_2_5_demo_key.yaml``, ``demonstration: false``).

Which of the two was read is recorded by the build (:func:`analysis.provenance.data_origin`),
so the page says it without being told. The norm for an "elevated" SDQ total is a setting in
``analysis.toml`` (``[questionnaires] norm``, see :func:`chosen_norm`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import effects, labels, score
from .instruments import Instrument, load_instrument
from .read import Export, from_tables

SDQ = "sdq_parent_4_17"
ARI_DEMO = "ari_cp_2_5_demo_key"
DATASET = "helmond_questionnaires"
DEFAULT_NORM = "theunissen_2022_clinical"
SDQ_SCALES = [
    "emotional",
    "conduct",
    "hyperactivity",
    "peer",
    "prosocial",
    "total_difficulties",
    "internalising",
    "externalising",
    "impact",
]
SDQ_RCI_SCALES = ["total_difficulties", "emotional", "conduct", "hyperactivity", "peer", "prosocial"]
ARI_SCALES = ["secure", "avoidant", "ambivalent", "disorganised"]


def instruments(study: pd.DataFrame | None = None) -> tuple[Instrument, Instrument | None]:
    """SDQ and the ARI-CP key of the study; ARI-CP None when the study did not use it.

    ``study``: the dataset's ``instruments`` table (written by the build from a mapping's
    ``options``: columns ``instrument`` and ``file``); None = the demonstration study (both,
    ARI-CP with the demonstration key).
    """
    if study is None or study.empty:
        return load_instrument(SDQ), load_instrument(ARI_DEMO)
    files = dict(
        zip(study["instrument"].astype(str), study.get("file", pd.Series([""] * len(study))).fillna("").astype(str))
    )
    ari = None
    if "ari_cp_2_5" in files:
        from .. import paths

        ari = load_instrument(paths.ROOT / files["ari_cp_2_5"]) if files["ari_cp_2_5"] else load_instrument(ARI_DEMO)
    return load_instrument(SDQ), ari


def study_instruments() -> tuple[Instrument, Instrument | None]:
    """The instruments of the processed study (see :func:`instruments`)."""
    from .. import paths
    from ..data import load_table

    has_table = (paths.DATA_PROCESSED / DATASET / "instruments.csv").exists()
    return instruments(load_table(DATASET, "instruments") if has_table else None)


def chosen_norm() -> str:
    """The norm for "elevated" SDQ totals: ``analysis.toml`` ``[questionnaires] norm``, default the
    Dutch clinical norm.

    One of ``theunissen_2022_clinical`` (default), ``theunissen_2022_borderline``,
    ``uk_abnormal``, ``uk_borderline`` (see :data:`.score.NORMS`).
    """
    from ..config import settings

    norm = str(settings().get("questionnaires", {}).get("norm") or DEFAULT_NORM)
    if norm not in score.NORMS:
        raise ValueError(
            f"analysis.toml [questionnaires] norm = {norm!r} is onbekend; kies uit {', '.join(score.NORMS)}"
        )
    return norm


def origin():
    """What the build read for this dataset: demonstration data or which export."""
    from ..provenance import data_origin

    return data_origin(DATASET)


def load() -> Export:
    """The checked export from the processed tables (demonstration data or the researcher's own)."""
    from ..data import load_table

    sdq, ari = study_instruments()
    return from_tables(
        load_table(DATASET, "respondents"), load_table(DATASET, "forms"), [i for i in (sdq, ari) if i is not None]
    )


def export_from_frames(respondents: pd.DataFrame, forms: pd.DataFrame) -> Export:
    sdq, ari = instruments()
    return from_tables(respondents, forms, [sdq, ari], file="data_raw/helmond_questionnaires/forms.csv")


@dataclass
class Results:
    """Everything the notebook shows, as tidy frames (one attribute per table)."""

    export: Export
    sdq: Instrument
    ari: Instrument | None  # None: the study did not use the ARI-CP
    norm: str
    sdq_scores: pd.DataFrame
    ari_scores: pd.DataFrame
    flow: pd.DataFrame
    completers: list
    sdq_elevated: pd.Series
    ari_high: pd.Series
    effects: pd.DataFrame
    sdq_change: pd.DataFrame
    ari_change: pd.DataFrame
    transitions: pd.DataFrame
    crosstab: pd.DataFrame
    group_change: pd.DataFrame
    attrition: pd.DataFrame
    reliability: pd.DataFrame
    missing: pd.DataFrame
    age_outside_ari: int
    no_norm: int
    extra: dict = field(default_factory=dict)


def analyse(export: Export, norm: str = DEFAULT_NORM, ari: Instrument | None | str = "study") -> Results:
    """Score the instruments of the study and compute every table of the effects report.

    ``ari``: the ARI-CP key to use, None for an SDQ-only study; default: the processed study's.
    """
    sdq = load_instrument(SDQ)
    if ari == "study":
        ari = study_instruments()[1]
    forms = export.forms
    s = score.score_forms(forms, sdq)
    flow = effects.response_flow(export.respondents, forms)
    status = effects.completion_status(forms)
    completers = sorted(status[status == "both"].index)
    el = score.elevated(s, sdq, norm)

    sdq_scales = [c for c in SDQ_SCALES if c in s.columns]
    elevation = {"total_difficulties": el}
    for sc in ["emotional", "conduct", "hyperactivity", "peer", "prosocial"]:
        elevation[sc] = score.elevated(s, sdq, "uk_abnormal", scale=sc)
    sdq_change = effects.individual_change(s, sdq, SDQ_RCI_SCALES, forms, elevation)
    tds_change = sdq_change[sdq_change["scale"] == "total_difficulties"]
    basis = {
        "total_difficulties": labels.NORMS[norm],
        **{sc: labels.NORMS["uk_abnormal"] for sc in ["emotional", "conduct", "hyperactivity", "peer", "prosocial"]},
    }
    eff = [effects.paired_effects(s, sdq_scales, sdq.id)]
    trans = [effects.transitions(el, s).assign(measure="sdq_total", norm=norm)]
    attr = [
        effects.attrition(
            s, ["total_difficulties", "emotional", "conduct", "hyperactivity", "peer", "prosocial"], sdq.id
        )
    ]
    rel = [score.reliability(forms, sdq, "t0")]
    missing = [score.missing_scale_counts(s, sdq)]
    if ari is not None:
        a = score.score_forms(forms, ari)
        hi = score.ari_high(a, ari, "disorganised", allow_demonstration=True)
        eff.append(effects.paired_effects(a, ARI_SCALES, ari.id))
        ari_elev = {sc: score.ari_high(a, ari, sc, allow_demonstration=True) for sc in ARI_SCALES}
        ari_change = effects.individual_change(a, ari, ARI_SCALES, forms, ari_elev)
        trans.append(
            effects.transitions(hi, a).assign(
                measure="ari_disorganised_demo" if ari.demonstration else "ari_disorganised",
                norm="demo_key" if ari.demonstration else "key",
            )
        )
        cross = effects.baseline_crosstab(el, hi, s, completers)
        groups = effects.change_in_groups(tds_change, hi, s, el)
        attr.append(effects.attrition(a, ARI_SCALES, ari.id))
        rel.append(score.reliability(forms, ari, "t0"))
        missing.append(score.missing_scale_counts(a, ari))
        age = forms.drop_duplicates("respondent_id")["child_age"]
        outside = int(((age < ari.age_min) | (age >= ari.age_max + 1)).sum())
        basis.update(
            {
                sc: ("demonstratie-afkappunt (geen norm)" if ari.demonstration else "normtabel uit de sleutel")
                for sc in ARI_SCALES
            }
        )
    else:
        a = pd.DataFrame(columns=["respondent_id", "wave", "child_age", *ARI_SCALES])
        hi = pd.Series(dtype="boolean")
        ari_change = sdq_change.iloc[0:0]
        cross = pd.DataFrame(columns=["sdq_elevated", "ari_high", "n", "n_row", "pct_of_row"])
        groups = effects.change_in_groups(tds_change, pd.Series(pd.NA, index=s.index, dtype="boolean"), s, el).iloc[:1]
        outside = 0
    eff = pd.concat(eff, ignore_index=True)
    # Holm across all scales of all instruments (the family reported together)
    for col in ("p_t", "p_wilcoxon"):
        eff[f"{col}_holm"] = effects.holm(eff[col].to_numpy(float))
    no_norm = int((el.isna() & s["total_difficulties"].notna()).sum())
    return Results(
        export,
        sdq,
        ari,
        norm,
        s,
        a,
        flow,
        completers,
        el,
        hi,
        eff,
        sdq_change,
        ari_change,
        pd.concat(trans, ignore_index=True),
        cross,
        groups,
        pd.concat(attr, ignore_index=True),
        pd.concat(rel, ignore_index=True),
        pd.concat(missing, ignore_index=True),
        outside,
        no_norm,
        extra={"cutoff_basis": basis},
    )


def published_quantities(export: Export, norm: str = DEFAULT_NORM) -> dict:
    """The counts behind the published percentages, computed from the data."""
    return quantities(analyse(export, norm))


def quantities(r: Results) -> dict:
    """The counts behind the published percentages, from an analysis result."""
    flow = dict(zip(r.flow["group"], r.flow["n"]))
    g = r.group_change.set_index("measure")
    tds = r.sdq_change[r.sdq_change["scale"] == "total_difficulties"].set_index("respondent_id")
    el0 = pd.Series(r.sdq_elevated.to_numpy(), index=[r.sdq_scores["respondent_id"], r.sdq_scores["wave"]]).xs(
        "t0", level=1
    )
    # elevated / not elevated among ALL parents with both waves -- not from the SDQ x ARI-CP
    # cross-table, which drops every parent without an ARI-CP score
    el0 = el0[el0.index.isin(r.completers)]
    elevated = [i for i, v in el0.items() if pd.notna(v) and bool(v)]
    not_el = [i for i, v in el0.items() if pd.notna(v) and not bool(v)]
    out = {
        "n_all": flow["all"],
        "n_both": flow["both"],
        "n_baseline_only": flow["baseline_only"],
        "n_none": flow["none"],
        "elevated": len(elevated),
        "not_elevated": len(not_el),
        "reliable_improvement_among_elevated": int(g.loc["sdq_reliable_improvement_among_elevated", "n"]),
        "reliable_improvement_among_not_elevated": int(
            tds.reindex(not_el)["category"].isin(["improved", "recovered"]).sum()
        ),
        "reliable_improvement_all": int(tds["category"].isin(["improved", "recovered"]).sum()),
    }
    if r.ari is not None:
        ct = r.crosstab.set_index(["sdq_elevated", "ari_high"])["n"]
        out.update(
            {
                "with_ari_elevated": int(ct[(True, True)] + ct[(True, False)]),
                "with_ari_not_elevated": int(ct[(False, True)] + ct[(False, False)]),
                "high_among_elevated": int(ct[(True, True)]),
                "low_among_not_elevated": int(ct[(False, False)]),
                "no_longer_high_among_high": int(g.loc["ari_no_longer_high_among_high", "n"]),
            }
        )
    return out


# figure_id in helmond_published_figures -> (numerator, denominator) in published_quantities()
FIGURE_QUANTITIES = {
    "beginmeting_verhoogd": ("elevated", "n_both"),
    "verhoogd_hoog_gedesorganiseerd": ("high_among_elevated", "with_ari_elevated"),
    "eindmeting_verbetering": ("reliable_improvement_among_elevated", "elevated"),
    "eindmeting_verbetering_alle": ("reliable_improvement_all", "n_both"),
    "hoog_niet_meer": ("no_longer_high_among_high", "high_among_elevated"),
    "beginmeting_niet_verhoogd": ("not_elevated", "n_both"),
    "niet_verhoogd_laag_gedesorganiseerd": ("low_among_not_elevated", "with_ari_not_elevated"),
    "conclusie_hoog_niet_meer": ("no_longer_high_among_high", "high_among_elevated"),
}


def tds_cutoffs(res: Results) -> dict[str, float]:
    """Dutch clinical cut-offs of the age groups present among the completers (for the figures)."""
    spec = res.sdq.norms["theunissen_2022"]
    base = res.sdq_scores[(res.sdq_scores["wave"] == "t0") & res.sdq_scores["respondent_id"].isin(res.completers)]
    groups = set(score.norm_group(base["child_age"], res.sdq, "theunissen_2022").dropna())
    level = "borderline_above" if res.norm.endswith("borderline") else "clinical_above"
    if res.norm.startswith("uk"):
        low = res.sdq.bands["uk"]["total_difficulties"][res.norm.split("_")[1]]
        return {f"Brits (≥ {low})": float(low - 1)}
    return {
        g["label"].replace(" years", " jaar") + f" (> {g[level]})": float(g[level])
        for g in spec["age_groups"]
        if g["label"] in groups
    }


def summary_markdown(res: Results) -> str:
    """Short Dutch summary of the response flow and the baseline groups, numbers from the data.

    Every count reads as the page's privacy decision shows it (:func:`.disclosure.of`):
    "<5" below the threshold, "×" where hidden to protect another count, and a percentage
    whose part or whole is hidden is given as "<5 van de N".
    """
    from . import disclosure

    d = disclosure.of(res)
    k = disclosure.quantity_key
    count = lambda name: d.text(k(name))  # noqa: E731
    share = lambda a, b: d.share(k(a), k(b))  # noqa: E731

    q = quantities(res)
    text = (
        f"Van de **{count('n_all')}** ouders vulden er **{count('n_both')}** de begin- en de eindmeting "
        f"in, **{count('n_baseline_only')}** alleen de beginmeting en **{count('n_none')}** geen vragenlijst. "
        f"Bij de beginmeting heeft {share('elevated', 'n_both')} van de ouders met beide metingen een "
        f"verhoogde SDQ-totaalscore, volgens de {labels.NORMS[res.norm]}"
    )
    if res.ari is not None:
        among = (
            "van hen scoort"
            if q["with_ari_elevated"] == q["elevated"]
            else f"van de {count('with_ari_elevated')} van hen met een ARI-CP-score scoort"
        )
        text += (
            f"; {among} {share('high_among_elevated', 'with_ari_elevated')} hoog op gedesorganiseerd (ARI-CP"
            f"{', demonstratiesleutel' if res.ari.demonstration else ''})"
        )
    text += (
        ". Een betrouwbare verbetering van de totaalscore (RCI) zien we bij "
        f"{share('reliable_improvement_among_elevated', 'elevated')} ouders met een verhoogde score."
    )
    if res.age_outside_ari:
        text += (
            f" Bij {d.text(('age_outside_ari',))} van de {d.text(('with_form',))} ouders met een "
            f"vragenlijst is het kind ouder of jonger dan de {res.ari.age_min:g}-{res.ari.age_max:g} jaar waarvoor "
            "de ARI-CP bedoeld is; die scores zijn meegenomen, zoals in de pilot, maar zijn minder goed te duiden."
        )
    if res.no_norm:
        text += (
            f" Voor {d.text(('no_norm',))} totaalscore(s) bestaat geen Nederlandse norm voor de leeftijd van het "
            "kind; die tellen niet mee als verhoogd of niet verhoogd."
        )
    if d.any_hidden:
        text += f"\n\n*{d.footnote()}*"
    return text


def bijlage_c_check(res: Results, data_collection: pd.DataFrame) -> pd.DataFrame:
    """Bijlage C's N per questionnaire (foundation dataset ``databronnen``) vs the data's pairs."""
    from ..privacy import is_small
    from . import disclosure

    n_both = int(res.flow.set_index("group").loc["both", "n"])
    rows = []
    for source_id, inst in (("sdq_4_17", res.sdq), ("ari_cp_2_5", res.ari)):
        if inst is None:
            continue
        pub = data_collection.loc[data_collection["source_id"] == source_id]
        n_pub = int(pub["n"].iloc[0]) if len(pub) else None
        shown = disclosure.of(res).show(("flow", "both"))
        rows.append(
            {
                "data": pub["data"].iloc[0] if len(pub) else source_id,
                "published_n": n_pub,
                "data_n": shown,
                "check": (
                    "niet getoond" if isinstance(shown, str) or is_small(n_pub) else "ja" if n_pub == n_both else "nee"
                ),
                "source": pub["source"].iloc[0] if len(pub) else "",
            }
        )
    return pd.DataFrame(rows)
