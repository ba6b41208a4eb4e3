"""Everything a reader sees from the case-study domain, in Dutch, in one place.

Code uses the short keys (``hulp_start``, ``hoofdfactor``); figures and tables
translate them through these mappings.
"""

from __future__ import annotations

#: Event types of a life-line (levenslijn): key → (Dutch label, marker, colour).
EVENT_TYPES: dict[str, tuple[str, str, str]] = {
    "gezinsgebeurtenis": ("Gezinsgebeurtenis", "o", "#4c72b0"),
    "gezinsproblematiek": ("Problemen in het gezin", "s", "#8c564b"),
    "hulp_start": ("Hulp start", ">", "#2ca02c"),
    "hulp_wijziging": ("Hulp verandert", "d", "#17becf"),
    "hulp_einde": ("Hulp stopt", "<", "#7f7f7f"),
    "melding": ("Melding (AMK / Veilig Thuis)", "^", "#d62728"),
    "onderzoek": ("Onderzoek", "P", "#9467bd"),
    "crisis": ("Crisis", "X", "#d62728"),
    "uithuisplaatsing": ("Uithuisplaatsing / ander verblijf", "H", "#ff7f0e"),
    "schoolsignaal": ("Signaal van school", "*", "#bcbd22"),
    "zorgsignaal": ("Zorgsignaal", "v", "#e377c2"),
    "hulpvraag": ("Hulpvraag / wens", "p", "#1f77b4"),
    "besluit": ("Besluit", "D", "#393b79"),
    "meting": ("Meetmoment", "8", "#637939"),
    "overig": ("Overig", ".", "#555555"),
}
EVENT_TYPE_LABELS = {k: v[0] for k, v in EVENT_TYPES.items()}

METHODS = {"leerreview": "Leerreview (casusonderzoek NJi)", "clientportret": "Cliëntportret (ST-RAW)",
           "praktijkcasus": "Praktijkcasus (pilot Helmond)"}
LEVELS = {"succes": "Succes", "hoofdfactor": "Hoofdsuccesfactor", "onderliggend": "Onderliggende factor"}
END_STATUS = {"afgesloten": "afgesloten", "lopend": "loopt nog", "onbekend": "einde onbekend"}
INVOLVEMENT = {"kern": "kern van de samenwerking", "ook_betrokken": "ook betrokken"}
MARKER_KINDS = {"goede_hulp": "Goede hulp", "geen_goede_hulp": "Geen goede hulp"}
MARKER_COLOURS = {"goede_hulp": "#2ca02c", "geen_goede_hulp": "#d62728"}
VALENCE = {"bevorderend": "bevorderend", "belemmerend": "belemmerend"}
LESSON_KINDS = {"wat_werkt": "Wat werkt", "aanbeveling": "Aanbeveling"}
LINK_TYPES = {"expliciet": "expliciet (casusoverstijgende tekst verwijst naar de casus)",
              "inhoudelijk": "inhoudelijk (zelfde mechanisme)"}
LITERATURE_DOMAINS = {"inhoud": "Inhoud van de hulp", "samenwerking": "Samenwerking",
                      "jongeren": "Volgens jongeren", "complexe_problematiek": "Jongeren met complexe problemen"}
PRECISIONS = {"dag": "dag", "maand": "maand", "seizoen": "seizoen", "deel_jaar": "deel van een jaar",
              "jaar": "jaar", "interval": "periode", "voor": "vóór", "vanaf": "vanaf", "onbekend": "onbekend"}

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
    "stretched_axis": "Jaar (niet op schaal: drukke perioden zijn uitgerekt zodat elke gebeurtenis leesbaar is)",
}
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
    "roles": {"professional": "Professional", "organisation": "Organisatie", "task": "Taak",
              "involvement": "Betrokkenheid"},
    "tree": {"main_factor": "Hoofdsuccesfactor", "underlying": "Onderliggende factoren (zoals de bron ze noemt)",
             "source": "Bron"},
    "coding": {"case_title": "Casus", "factor_label": "Succesfactor", "element_label": "Werkzaam element",
               "link_label": "Koppeling", "rationale": "Onderbouwing", "source": "Bron (factor; element)"},
    "matrix": {"element_label": "Werkzaam element"},
    "gaps_literature": {"domain_label": "Domein", "label": "Werkzaam element uit de literatuur",
                        "source": "Bron"},
    "gaps_factors": {"case_title": "Casus", "label": "Hoofdsuccesfactor zonder literatuurelement",
                     "source": "Bron"},
    "lessons": {"case_title": "Casus", "kind_label": "Soort", "title": "Punt", "summary": "Toelichting",
                "source": "Bron"},
    "factors": {"case_title": "Casus", "valence": "Werking", "label": "Factor", "source": "Bron"},
    "events": {"date": "Wanneer", "precision_label": "Precisie", "type_label": "Soort",
               "label": "Gebeurtenis", "source": "Bron"},
    "cases": {"title": "Casus", "method_label": "Methode", "collaboration": "Samenwerkingsverband",
              "place": "Plaats", "n_events": "Gebeurtenissen", "n_episodes": "Hulpepisodes",
              "n_main_factors": "Hoofdsuccesfactoren", "n_underlying": "Onderliggende factoren"},
}
