"""Every Dutch label a reader sees in the determinant analysis (one mapping per domain)."""

VALENCES = ("bevorderend", "belemmerend", "neutraal")

VALENCE_LABELS = {
    "bevorderend": "Bevorderend",
    "belemmerend": "Belemmerend",
    "neutraal": "Neutraal/gemengd",
}

# Accepted spellings in coding tables and QDA valence codes → canonical value.
VALENCE_SYNONYMS = {
    "bevorderend": "bevorderend",
    "bevorderende factor": "bevorderend",
    "facilitator": "bevorderend",
    "facilitating": "bevorderend",
    "positief": "bevorderend",
    "positive": "bevorderend",
    "+": "bevorderend",
    "belemmerend": "belemmerend",
    "belemmerende factor": "belemmerend",
    "barrier": "belemmerend",
    "hindering": "belemmerend",
    "negatief": "belemmerend",
    "negative": "belemmerend",
    "-": "belemmerend",
    "−": "belemmerend",
    "neutraal": "neutraal",
    "gemengd": "neutraal",
    "neutral": "neutraal",
    "mixed": "neutraal",
    "neutraal/gemengd": "neutraal",
    "0": "neutraal",
}

CLASS_LABELS = {
    "bevorderend": "Bevorderend",
    "belemmerend": "Belemmerend",
    "gemengd": "Gemengd",
    "neutraal": "Neutraal",
    "onvoldoende": "Te weinig genoemd",
}
CLASS_SYMBOLS = {"bevorderend": "▲", "belemmerend": "▼", "gemengd": "◆", "neutraal": "○", "onvoldoende": ""}

GROUP_LABELS = {
    "gemeente": "Gemeentelijke toegang",
    "zorgaanbieder": "Zorgaanbieders",
    "totaal": "Totaal",
}

COLUMNS = {
    "number": "Nr.",
    "key": "Code",
    "category_label_nl": "Categorie",
    "label_nl": "Determinant",
    "label_en": "Determinant (Engels)",
    "definition_nl": "Omschrijving",
    "group_label": "Groep",
    "n_respondents": "N respondenten",
    "n_mentioned": "Genoemd (n)",
    "share_mentioned": "Genoemd (%)",
    "n_facilitating": "Bevorderend (n)",
    "n_hindering": "Belemmerend (n)",
    "n_neutral": "Neutraal (n)",
    "share_facilitating": "Bevorderend (%)",
    "share_hindering": "Belemmerend (%)",
    "classification_label": "Classificatie",
    "published_n": "Gepubliceerd (n)",
    "computed_n": "Berekend (n)",
    "N": "N",
    "check": "Gereproduceerd",
    "finding": "Bevinding",
    "kappa": "Cohens κ",
    "n_units": "Eenheden (n)",
    "agreement": "Overeenstemming (%)",
    "level_label": "Niveau",
    "determinant": "Determinant",
    "direction_label": "Richting",
    "source": "Bron",
    "wish": "Opleidingswens",
    "n": "n",
    "method": "Werkwijze of instrument",
    "value": "Waarde",
    "label": "Omschrijving",
    "statistic": "Maat",
    "share_disagree": "(Zeer) oneens (%)",
    "barrier": "Belemmering",
    "valence_label": "Lezing",
    "valence_basis_label": "Basis van de lezing",
}

VALENCE_BASIS_LABELS = {"expliciet": "Expliciet in de tekst", "lezing": "Lezing (analysestap)"}

SVSS_LEVEL_LABELS = {
    "innovatie": "Innovatie",
    "professional": "Professional",
    "team": "Team",
    "organisatie": "Organisatie",
    "context": "Context",
}
SVSS_DIRECTION_LABELS = {
    "bevorderend": "Bevorderend",
    "belemmerend": "Belemmerend",
    "hoofdbelemmering": "Belangrijkste belemmering",
    "neutraal": "Neutraal",
    "zwak": "Zwakke invloed",
    "onbenut": "Onbenutte potentie",
    "mogelijk_belemmerend": "Mogelijk belemmerend (niet onderzocht)",
    "impliciet_belemmerend": "Impliciet belemmerend (lezing van een reflectie)",
}

FIG = {
    "heatmap_title": "Aandeel respondenten dat de determinant noemt, per groep",
    "heatmap_x": "Groep",
    "heatmap_y": "Determinant",
    "heatmap_cbar": "Aandeel respondenten dat de determinant noemt",
    "heatmap_legend": (
        "▲ bevorderend  ▼ belemmerend  ◆ gemengd  ○ neutraal  ·  {small}: minder dan {k} respondenten  ·  "
        "×: onderdrukt om een klein aantal te beschermen"
    ),
    "diverging_title": "Respondenten die de determinant bevorderend of belemmerend noemen",
    "diverging_x": "Aantal respondenten (← belemmerend | bevorderend →)",
}
