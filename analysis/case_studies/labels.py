"""Everything a reader sees from the case-study domain, in Dutch, in one place.

Code uses the short keys (``hulp_start``, ``hoofdfactor``); figures and tables
translate them through these mappings.
"""

from __future__ import annotations

#: Event types of a life-line (levenslijn): key → (Dutch label, marker, colour).  Colours from
#: the Okabe-Ito palette (distinguishable with every common colour-vision deficiency), and
#: every type also has its own marker shape, so no type depends on colour alone.
EVENT_TYPES: dict[str, tuple[str, str, str]] = {
    "gezinsgebeurtenis": ("Gezinsgebeurtenis", "o", "#0072B2"),
    "gezinsproblematiek": ("Problemen in het gezin", "s", "#8c564b"),
    "hulp_start": ("Hulp start", ">", "#009E73"),
    "hulp_wijziging": ("Hulp verandert", "d", "#56B4E9"),
    "hulp_einde": ("Hulp stopt", "<", "#666666"),
    "melding": ("Melding (AMK / Veilig Thuis)", "^", "#CC79A7"),
    "onderzoek": ("Onderzoek", "P", "#56B4E9"),
    "crisis": ("Crisisgebeurtenis", "X", "#D55E00"),
    "uithuisplaatsing": ("Uithuisplaatsing / ander verblijf", "H", "#E69F00"),
    "schoolsignaal": ("Signaal van school", "*", "#9E8A00"),
    "zorgsignaal": ("Zorgsignaal", "v", "#CC79A7"),
    "hulpvraag": ("Hulpvraag / wens", "p", "#0072B2"),
    "besluit": ("Besluit", "D", "#000000"),
    "meting": ("Meetmoment", "8", "#6A3D9A"),
    "overig": ("Overig", "o", "#999999"),
}
EVENT_TYPE_LABELS = {k: v[0] for k, v in EVENT_TYPES.items()}

METHODS = {
    "leerreview": "Leerreview (casusonderzoek NJi)",
    "clientportret": "Cliëntportret (ST-RAW)",
    "praktijkcasus": "Praktijkcasus (pilot Helmond)",
}
LEVELS = {"succes": "Succes", "hoofdfactor": "Hoofdsuccesfactor", "onderliggend": "Onderliggende factor"}
END_STATUS = {"afgesloten": "afgesloten", "lopend": "loopt nog", "onbekend": "einde onbekend"}
INVOLVEMENT = {"kern": "kern van de samenwerking", "ook_betrokken": "ook betrokken"}
MARKER_KINDS = {"goede_hulp": "Goede hulp", "geen_goede_hulp": "Geen goede hulp"}
MARKER_COLOURS = {"goede_hulp": "#0072B2", "geen_goede_hulp": "#E69F00"}  # blue / orange: colour-blind safe
VALENCE = {"bevorderend": "bevorderend", "belemmerend": "belemmerend"}
LESSON_KINDS = {"wat_werkt": "Wat werkt", "aanbeveling": "Aanbeveling"}
LINK_TYPES = {
    "expliciet": "expliciet (casusoverstijgende tekst verwijst naar de casus)",
    "inhoudelijk": "inhoudelijk (zelfde mechanisme)",
}
LITERATURE_DOMAINS = {
    "inhoud": "Inhoud van de hulp",
    "samenwerking": "Samenwerking",
    "jongeren": "Volgens jongeren",
    "complexe_problematiek": "Jongeren met complexe problemen",
}
PRECISIONS = {
    "dag": "dag",
    "maand": "maand",
    "seizoen": "seizoen",
    "deel_jaar": "deel van een jaar",
    "jaar": "jaar",
    "interval": "periode",
    "voor": "vóór",
    "vanaf": "vanaf",
    "onbekend": "onbekend",
}

LIFELINE = {
    "time_axis": "Jaar",
    "order_axis": "Volgorde in het verhaal (geen datums bekend)",
    "episodes_lane": "Hulp",
    "crisis": "Crisis",
    "interval_note": "lijn = periode waarin het plaatsvond (tekst geeft geen precieze datum)",
    "open_start": "begin onbekend",
    "open_end": "einde onbekend",
    "ongoing": "loopt nog",
    "stickers": "stickers",
    "title": "Levenslijn {case}",
    "legend_events": "Gebeurtenis",
    "legend_help": "Hulpepisode",
    "period": "periode van de datum",
    "problem_period": "periode (toestand die de hele tijd duurt)",
    "zoom": "Uitvergroot: {a} – {b}",
    "session": "Groepsinterview",
    "stretched_axis": "Jaar (niet op schaal: drukke perioden zijn uitgerekt, lange lege perioden ingekort "
    "(streeplijn), zodat elke gebeurtenis leesbaar is)",
    "legend_vague": "open symbool: alleen de periode is bekend",
    "legend_inferred": "stippellijn: plaats afgeleid uit het verhaal",
    "legend_open": "pijl: begin of einde open (vóór / vanaf)",
    "legend_band": "band: {type} (duurt de hele periode)",
    "legend_crisis": "crisis (gloed; band als het jaar bekend is)",
    "legend_help_uncertain": "hulp: begin of einde onzeker",
    "legend_zoom": "uitvergroot in het paneel eronder",
    "break_years": "{years} ingekort",
    "key_title": "Zo lees je een levenslijn",
    "print_note": (
        "Afdrukken: {w} × {h} cm op ware grootte (schaal 100 %, niet aanpassen aan de pagina), "
        "liggend op een rol; ophangen op ooghoogte, de tijd loopt van links naar rechts."
    ),
    "source": "Bron: {sources}. Nummers = volgorde in het verhaal; de bronregel per gebeurtenis staat in de "
    "tabel op de rapportpagina.",
    "own_sources": "eigen onderzoek ({kinds}; bronnen niet openbaar)",
}

#: The key 'Zo lees je een levenslijn': (kind of sample, what it means), top to bottom.
KEY_ROWS = [
    (
        "dated",
        "Gevuld symbool: gebeurtenis bekend tot op het jaar of preciezer; de dunne lijn loopt over de maand, "
        "het seizoen of het jaar waarin ze valt.",
    ),
    (
        "vague",
        "Open symbool met streepjes aan de uiteinden: de bron noemt alleen een langere periode "
        "('2016/2018'); de gebeurtenis ligt ergens op die lijn, niet in het midden.",
    ),
    ("open", "Pijl: begin of einde is open ('vóór maart 2015'); het symbool staat bij de bekende kant."),
    ("inferred", "Stippellijn: de bron geeft geen datum; de plaats volgt uit de volgorde in het verhaal."),
    ("state", "Band: een toestand die de hele periode duurt (bijvoorbeeld aanhoudende spanningen)."),
    (
        "same_date",
        "Symbolen naast elkaar: gebeurtenissen met dezelfde datum, in de volgorde van het verhaal; "
        "een lijntje wijst naar het label.",
    ),
    (
        "number",
        "Nummer en korte tekst: de volgorde in het verhaal; de tabel eronder geeft de hele omschrijving en de bron.",
    ),
    ("crisis", "Oranjerode gloed en band: een crisis (de band alleen als het jaar bekend is)."),
    (
        "help",
        "Balk onder de gezinsleden: hulp. Licht = begin of einde onzeker; donker = liep zeker; "
        "gearceerd = liep nog bij het onderzoek of einde onbekend.",
    ),
]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

TREE = {"stickers": "stickers", "title": "Bevindingenboom {case}"}

SYNTHESIS = {
    "matrix_title": "Welke casus ondersteunt welk werkzaam element?",
    "cross_case": "Casusoverstijgend (NJi)",
    "literature": "Werkzame elementen uit de literatuur",
    "n_factors": "aantal gekoppelde factoren",
    "case": "Casus",
    "element": "Werkzaam element",
}

#: Table headers (column → Dutch header) used by the notebooks.
COLUMNS = {
    "roles": {
        "professional": "Professional",
        "organisation": "Organisatie",
        "task": "Taak",
        "involvement": "Betrokkenheid",
    },
    "tree": {
        "main_factor": "Hoofdsuccesfactor",
        "underlying": "Onderliggende factoren",
        "source": "Bron",
    },
    "coding": {
        "case_title": "Casus",
        "factor_label": "Succesfactor",
        "element_label": "Werkzaam element",
        "link_label": "Koppeling",
        "rationale": "Onderbouwing",
        "source": "Bron (factor; element)",
    },
    "matrix": {"element_label": "Werkzaam element"},
    "gaps_literature": {"domain_label": "Domein", "label": "Werkzaam element uit de literatuur", "source": "Bron"},
    "gaps_factors": {"case_title": "Casus", "label": "Hoofdsuccesfactor zonder literatuurelement", "source": "Bron"},
    "lessons": {
        "case_title": "Casus",
        "kind_label": "Soort",
        "title": "Punt",
        "summary": "Toelichting",
        "source": "Bron",
    },
    "factors": {"case_title": "Casus", "valence": "Werking", "label": "Factor", "source": "Bron"},
    "events": {
        "date": "Wanneer",
        "precision_label": "Precisie",
        "type_label": "Soort",
        "label": "Gebeurtenis",
        "source": "Bron",
    },
    "cases": {
        "title": "Casus",
        "method_label": "Methode",
        "collaboration": "Samenwerkingsverband",
        "place": "Plaats",
        "n_events": "Gebeurtenissen",
        "n_episodes": "Hulpepisodes",
        "n_main_factors": "Hoofdsuccesfactoren",
        "n_underlying": "Onderliggende factoren",
    },
}
