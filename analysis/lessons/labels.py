"""Every Dutch word a reader sees in the IDU lessons report, in one place."""

from __future__ import annotations

import re

LESSON_TYPES = {
    "positief": "Positieve les",
    "verbetering": "Verbeterles",
    "randvoorwaarde_werkt": "Randvoorwaarde die werkt",
    "randvoorwaarde_uitdaging": "Randvoorwaarde die een uitdaging is",
    "nodig": "Wat is nodig",
}
LESSON_TYPE_ORDER = list(LESSON_TYPES)

TYPE_BASIS = {"kop": "kop", "inhoud": "inhoud (analysestap)"}

KIND = {"pilot": "Pilot", "programma-activiteit": "Programma-activiteit"}

SOURCE_KIND = {"rapport": "Rapport", "slides": "Dia's"}

BF_ITEMS = {
    "actief": "Actieve brugfunctionarissen",
    "respondenten": "Respondenten",
    "totaal_ondersteund": "Totaal ondersteund (alle respondenten)",
    "geholpen_per_school": "Geholpen per brugfunctionaris (aantal)",
    "geholpen_percentage": "Geholpen, % van de school",
    "bereikt_percentage": "Bereikt / gesproken, % van de school",
    "ouders_ook_gesproken": "Ook ouders gesproken, % van de leerlinggevallen",
    "contacten": "Aantal contacten per brugfunctionaris",
}
BF_ITEMS_SHORT = {
    "geholpen_per_school": "geholpen",
    "geholpen_percentage": "% geholpen",
    "bereikt_percentage": "% bereikt",
    "ouders_ook_gesproken": "% ook ouders gesproken",
    "contacten": "contacten",
    "totaal_ondersteund": "totaal",
    "respondenten": "respondenten",
    "actief": "actief",
}
BF_GROUPS = {
    "brugfunctionarissen": "Brugfunctionarissen",
    "ouders": "Ouders",
    "leerlingen": "Leerlingen",
    "collega's binnen de school": "Collega's binnen de school",
    "partners buiten de school": "Partners buiten de school",
}
TIME_USE = {
    "samenwerking_sociaal_domein": "Samenwerking met het sociaal domein",
    "ondersteuning_schoolteam": "Ondersteuning van het schoolteam",
    "oudercontact_sociaal_domein": "Oudercontact voor sociaal-domeinvragen",
    "oudercontact_een_op_een": "Eén-op-één contact met ouders",
    "andere_taken": "Andere taken",
    "contact_leerlingen": "Contact met leerlingen",
    "talentontwikkeling": "Talentontwikkeling van leerlingen",
}
SCHOOLS = {
    "gooise_praktijkschool": "Gooise Praktijkschool",
    "groot_goylant": "Groot Goylant",
    "hilfertsheem_college": "Hilfertsheem College",
}
JC_INDICATORS = {
    "leerlingen": "Aantal leerlingen",
    "coachingsgesprekken": "Laagdrempelige coachingsgesprekken",
    "begeleidingsgesprekken": "Individuele begeleidingsgesprekken",
    "groepslessen": "Groepslessen",
}
DOMAINS = {"handelen": "Ons handelen", "hulpinzet": "Onze hulpinzet", "samenwerking": "Onze samenwerking"}

COLUMNS = {
    "pilot": "Pilot",
    "pilot_name": "Pilot of programma-activiteit",
    "kind": "Soort",
    "culture": "Van wie vragen we anders te kijken, denken en doen",
    "ownership": "Eigenaarschap",
    "component": "Onderdeel",
    "setting": "Plek",
    "n_participants": "Deelnemers (aantal)",
    "participant_roles": "Deelnemers (rollen)",
    "remark": "Opmerking",
    "lesson_type": "Soort les",
    "lesson": "Les",
    "source": "Bron",
    "lessons": "Lessen",
    "n_lessons": "Lessen",
    "n_pilots": "Aantal pilots",
    "pilots": "Welke pilots",
    "rode_lijn": "Rode lijn",
    "rank": "Rang",
    "justification": "Verantwoording",
    "total": "Totaal",
    "share_linked": "Gekoppeld aan een rode lijn",
    "heading": "Kop in het verslag",
    "type_basis": "Soort bepaald op",
    "group": "Groep",
    "item": "Cijfer",
    "qualifier": "Deel van de respondenten",
    "band": "Band / waarde",
    "source_kind": "Bron binnen document",
    "text": "In de bron",
    "label": "Uitgangspunt",
    "principle": "Omschrijving",
    "rationale": "Waarom",
    "domain": "Wat betekent dit voor",
    "statement": "Uitspraak",
    "school": "School",
    "indicator": "Indicator",
    "value": "Waarde",
    "assignment_inferred": "Toewijzing afgeleid",
    "activity": "Activiteit",
    "conclusion": "Wat volgt hieruit",
    "assumption": "Aanname",
    "bounds": "Grenzen",
    "relation": "Verhouding",
    "rapport": "Rapport",
    "slides": "Dia's",
}

AXES = {
    "matrix_x": "Rode lijn",
    "matrix_y": "Pilot / programma-activiteit",
    "matrix_cbar": "Aantal lessen",
    "counts_x": "Aantal lessen",
    "bands_percent": "Percentage (band)",
    "bands_count": "Aantal (band)",
    "open_end": "bovengrens onbekend",
}

RELATIONS = {
    "gelijk": "gelijk",
    "a binnen b": "rapport valt binnen dia's",
    "b binnen a": "dia's vallen binnen rapport",
    "overlappend": "overlappen deels",
    "disjunct": "spreken elkaar tegen (geen overlap)",
}


def short_source(source: str | None) -> str:
    """``003_7da56f7bd19f1a57.txt:1027-1031`` → ``003_…txt:1027-1031`` (all pieces of a ``;`` list)."""
    if source is None or str(source) in ("", "<NA>", "nan"):
        return "–"
    return "; ".join(re.sub(r"^([0-9]{3})_[0-9a-f]{16}\.txt", r"\1_…txt", p.strip()) for p in str(source).split(";"))


def rode_lijn_label(rode_lijn_id: str, title: str, width: int | None = None) -> str:
    """``RL01 Contact is de basis, …`` shortened to ``width`` characters for axis labels."""
    text = f"{rode_lijn_id} {title}"
    if width and len(text) > width:
        text = text[: width - 1].rstrip(" ,") + "…"
    return text
