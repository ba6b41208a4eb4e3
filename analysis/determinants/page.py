"""What the determinant pages say about their data, computed from what the build actually read.

The build records where each table came from (:func:`analysis.provenance.data_origin`); a
REFI-QDA project adds the derived table ``import_report`` (kind, message, count; see
:mod:`analysis.determinants.byo`). These functions turn them into the Dutch text of the page:
the notice at the top, the import report, and the list of downloads (the coded project is only
offered when it was made from demonstration data).
"""

from __future__ import annotations

import pandas as pd

from .. import privacy
from .labels import GROUP_LABELS

DEMO = "demonstratie"
DOWNLOADS = [
    ("midi-codeboek.qdc", "MIDI-codeboek (.qdc)", "alleen de codes"),
    ("midi-codeboek.qdpx", "MIDI-codeboek als project (.qdpx)", "een leeg project met de codes"),
    (
        "idu-midi-codeboek.qdc",
        "MIDI plus IDU-studiecodes (.qdc)",
        "met de rode draden, gezinsfactoren en opleidingswensen van deze studie",
    ),
]
DEMO_PROJECT = (
    "idu-midi-demonstratieproject.qdpx",
    "demonstratieproject met codering (.qdpx)",
    "{n} korte, synthetische interviewteksten met de codering van twee codeurs, om het inlezen "
    "in uw QDA-programma uit te proberen",
)


def is_demonstration(origin) -> bool:
    """``origin``: the :class:`analysis.provenance.DataOrigin` of the coded-interview dataset."""
    return bool(origin.demonstration)


def program(report: pd.DataFrame) -> str:
    """The QDA program named in the project (from the import report), or ''."""
    hit = report.loc[report["message"].astype(str).str.startswith("programma: "), "message"]
    name = hit.iloc[0][len("programma: ") :] if len(hit) else ""
    return "" if name == "onbekend" else name


def origin_notice(origin, codings: pd.DataFrame, respondents: pd.DataFrame, report: pd.DataFrame) -> str:
    """The callout at the top of the coded-interview sections."""
    n_seg = codings["segment"].nunique()
    n_quote = int(codings["quote"].notna().sum())
    # respondents are persons: their count follows the threshold, and the split over the groups is
    # left out when any group is small (next to the total it would give the small group away)
    n_resp = privacy.count_text(respondents["respondent"].nunique())
    sizes = respondents.groupby("group").size()
    if any(privacy.is_small(n) for n in sizes):
        groups = "verdeling over de groepen niet getoond: kleine aantallen"
    else:
        groups = ", ".join(f"{GROUP_LABELS.get(g, g).lower()} {n}" for g, n in sizes.items())
    if is_demonstration(origin):
        return (
            "::: {.callout-warning}\n## Demonstratiedata\n\n"
            "De interviews van deze studie zijn niet openbaar; het programmaverslag geeft alleen bevindingen "
            "per groep en enkele aantallen (003_7da56f7bd19f1a57.txt:8075-8828). De tellingen, de heatmap, de "
            "classificatie, de samenvatting per categorie en de codeursovereenstemming hieronder zijn daarom "
            "berekend op **gegenereerde demonstratiedata** (`scripts/generate_idu_midi_demo.py`, vaste seed): "
            f"{n_resp} respondenten ({groups}) met {n_seg} fragmenten. Elk gepubliceerd aantal komt exact "
            "terug; al het andere (welke respondent wat noemt, de verdeling over de groepen, de tweede codeur) "
            "is verzonnen. De interviewteksten zijn korte, duidelijk synthetische Nederlandse teksten (de "
            "eerste regel van elke tekst zegt dat), zodat de fragmenten in het downloadbare project echte "
            "citaten tonen. De tabellen met gepubliceerde bevindingen, aantallen, opleidingswensen en "
            "werkwijzen zijn wél echt.\n:::\n"
        )
    made = f", gemaakt met {program(report)}" if program(report) else ""
    files = ", ".join(f"`{f}`" for f in origin.files)
    return (
        "::: {.callout-note}\n## Eigen gegevens\n\n"
        f"De tellingen, figuren en de overeenstemming hieronder zijn berekend uit {files}{made} "
        f"(uit `data_raw/private/{origin.dataset}/`, buiten git): {n_resp} respondenten "
        f"({groups}), {n_seg} fragmenten en {len(codings)} codering(en), waarvan {n_quote} met citaat. Namen van "
        "respondenten "
        "en codeurs en de citaten staan niet op deze pagina.\n:::\n"
    )


def import_report(origin, report: pd.DataFrame) -> pd.DataFrame | str:
    """The import report as a table, or a sentence when there is none to show."""
    if is_demonstration(origin):
        return (
            "De demonstratiedata worden als codeertabel gelezen (`data_raw/idu_midi_demo/codings.csv`), "
            "niet uit een QDA-project; er is dus geen importverslag. Leest u het downloadbare "
            "demonstratieproject terug in, dan komen alle fragmenten, posities en citaten ongewijzigd terug "
            "(getest)."
        )
    if report.empty:
        return "De eigen gegevens zijn als codeertabel ingelezen (geen QDA-project), zonder meldingen."
    labels = {
        "ingelezen": "Ingelezen",
        "info": "Ter informatie",
        "waarschuwing": "Waarschuwing",
        "niet ingelezen": "Niet ingelezen",
    }
    return report.assign(kind=report["kind"].map(lambda k: labels.get(k, k)))


def downloads(origin, n_interviews: int) -> str:
    """Markdown list of the downloads, saying when the coded project is not published."""
    lines = [f"- [{label}](../downloads/{name}) — {what};" for name, label, what in DOWNLOADS]
    name, label, what = DEMO_PROJECT
    if is_demonstration(origin):
        lines.append(f"- [{label}](../downloads/{name}) — {what.format(n=n_interviews)}.")
    else:
        lines.append(
            "- Het gecodeerde project zelf wordt **niet gepubliceerd**: het is gemaakt uit eigen "
            "(privé)gegevens, en interviewteksten, namen van respondenten en codeurs laten zich niet "
            "anonimiseren door ze alleen te hernoemen. Het blijft in `data_raw/private/`."
        )
    return "\n".join(lines)


def category_codings(codings: pd.DataFrame, categories: pd.DataFrame, coder: str | None = None) -> pd.DataFrame:
    """Codings on a whole category (level ``category``): per category the number of codings and of
    respondents. Counted apart from the determinant counts, never dropped."""
    c = codings[codings["level"] == "category"]
    if coder is not None:
        c = c[c["coder"] == coder]
    agg = c.groupby("determinant").agg(n_codings=("segment", "size"), n_respondents=("respondent", "nunique"))
    out = categories[["key", "label_nl"]].merge(agg, left_on="key", right_index=True, how="left").fillna(0)
    return out.astype({"n_codings": int, "n_respondents": int})


def one_coder_notes(per_determinant: pd.DataFrame) -> dict[str, str]:
    """Per code that only one of the two coders used (``n_coder_a`` / ``n_coder_b`` of
    :func:`analysis.determinants.analyse.coder_agreement`): the note the agreement table
    shows next to its κ, which is 0 by definition there (observed agreement equals chance agreement)."""
    return {
        r.determinant: f"alleen codeur {1 if r.n_coder_b == 0 else 2} gebruikte deze code: κ is dan altijd 0"
        for r in per_determinant.itertuples()
        if (r.n_coder_a == 0) != (r.n_coder_b == 0)
    }
