"""Everything a reader sees from this domain, in Dutch, in one place.

Plotting and table code take their titles, axis labels, column headers and category labels
from here, so wording is changed once.
"""

SEED_FILE = "002_7f69313c109e3abf.txt"
SOURCE_TITLE = "Jaarboek 2018 ST-RAW"

TOPICS = {
    "gebruik": "Gebruik van jeugdhulp",
    "ervaringen": "Ervaringen van cliënten",
    "snelheid": "Snelheid van hulp",
    "jeugdbescherming": "Jeugdbescherming en jeugdreclassering",
    "preventie": "Preventie en bereik",
}

UNITS = {
    "procent": "% van de populatie",
    "procent_verandering": "% verandering",
    "maanden": "maanden",
    "aantal": "aantal",
    "sterren": "sterren (1–5)",
    "richting": "alleen richting",
}
# the unit of a difference between two bounds (a difference of percentages is in percentage points)
WIDTH_UNIT = {"procent": "procentpunt", "procent_verandering": "procentpunt", "maanden": "mnd", "sterren": "sterren"}
UNIT_SUFFIX = {"procent": "%", "procent_verandering": "%", "maanden": " mnd", "aantal": "", "sterren": " sterren"}

DIRECTIONS = {
    "toename": "toename",
    "afname": "afname",
    "stabiel": "stabiel",
    "geen_afname": "geen afname",
    "onduidelijk": "onduidelijk",
}
DIRECTION_SYMBOLS = {"toename": "▲", "afname": "▼", "stabiel": "▶", "geen_afname": "▲▶", "onduidelijk": "?"}

COMPARATORS = {"=": "precies", "~": "ongeveer", ">": "meer dan", "<": "bijna", "tussen": "tussen"}

BOUNDS_BASIS = {
    "exact": "telling",
    "afronding": "afgerond getal",
    "breuk": "breuk in woorden",
    "ruim": "‘ruim’",
    "bijna": "‘bijna’",
    "meeste": "‘de meeste’",
    "rond": "‘rond de’",
    "boven": "‘boven’",
    "bereik": "bereik in de tekst",
    "handmatig": "handmatig",
    "richting": "alleen richting",
}

ROLES = {"projectgroep": "Projectgroep (uitvoerende partijen)", "adviesraad": "Adviesraad (adviserende partijen)"}

MONTHS = {
    1: "januari",
    2: "februari",
    3: "maart",
    4: "april",
    5: "mei",
    6: "juni",
    7: "juli",
    8: "augustus",
    9: "september",
    10: "oktober",
    11: "november",
    12: "december",
}

YES_NO = {True: "ja", False: "nee"}

NOT_PUBLISHED = "geen cijfer\nin deze bron"
NO_THEME = "Niet thema-gebonden"

# Column headers per displayed table (key = column name in the frame the function returns).
COLUMNS = {
    "monitoring": {
        "topic_label": "Onderwerp",
        "indicator_label": "Indicator",
        "wave": "Meting",
        "population": "Wie of wat",
        "value_text": "Zoals gepubliceerd",
        "interval": "Bandbreedte",
        "basis": "Regel",
        "direction": "Richting",
        "reference_period": "Periode",
        "source": "Bron",
    },
    "kennisateliers": {
        "sequence": "Nr.",
        "date": "Datum",
        "theme": "Thema",
        "in_evaluation": "In evaluatie",
        "remark": "Opmerking",
        "source": "Bron",
    },
    "kennisatelier_figures": {
        "label": "Cijfer",
        "population": "Waarover",
        "value_text": "Zoals gepubliceerd",
        "interval": "Bandbreedte",
        "basis": "Regel",
        "source": "Bron",
    },
    "partners_side_by_side": {
        "position": "Nr.",
        "projectgroep": ROLES["projectgroep"],
        "adviesraad": ROLES["adviesraad"],
    },
    "partner_counts": {"role_label": "Rol", "n": "Aantal partners"},
    "projects_by_theme": {
        "theme_label": "Thema",
        "project": "Project",
        "also_under": "Ook onder",
        "source": "Bron",
    },
    "theme_summary": {
        "theme_label": "Thema",
        "n_projects": "Projecten",
        "n_partners": "Partners",
        "partners": "Betrokken partners (tabel 2)",
    },
    "wave_coverage": {
        "wave": "Meting",
        "n_number": "Met getal",
        "n_direction": "Alleen richting",
        "n_none": "Niet genoemd",
        "n_indicators": "Indicatoren",
    },
    "interval_widths": {
        "indicator_label": "Indicator",
        "value_text": "Zoals gepubliceerd",
        "interval": "Bandbreedte",
        "width_text": "Breedte",
    },
    "unlinked_partner_labels": {
        "theme_label": "Thema",
        "partner_label": "Naam in tabel 2",
        "remark": "Reden",
        "source": "Bron",
    },
    "partner_involvement": {
        "name": "Partner (projectgroep)",
        "n_groups": "Aantal themagroepen",
        "groups": "Thema's",
    },
}

FIGURE = {
    "monitoring_title": "Kerncijfers evaluatie Rotterdams jeugdstelsel per meting",
    "wave_axis": "Meting",
    "range_legend": "bandbreedte die de formulering toelaat",
    "direction_legend": "alleen richting genoemd",
    "note": (
        "Bron: {title} ({file}); regelnummers onder elk paneel. Balken tonen de "
        "bandbreedte die de formulering toelaat (regel: analysis/monitoring/quantifiers.yaml), "
        "geen exacte punten. ▲ toename, ▼ afname, ▶ stabiel, ? onduidelijk: de bron noemt "
        "alleen een richting. De nulmeting 2014 noemt in dit jaarboek geen cijfers; 2018 is een "
        "eerste indruk van de lopende eindmeting."
    ),
    "panel_source": "r. {lines}",
}
