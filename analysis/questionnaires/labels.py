"""Every Dutch label a reader sees in the questionnaire tables and figures (one place)."""

from __future__ import annotations

INSTRUMENTS = {"sdq_parent_4_17": "SDQ 4-17 (ouder)", "ari_cp_2_5": "ARI-CP 2-5"}

SCALES = {
    "emotional": "Emotionele problemen",
    "conduct": "Gedragsproblemen",
    "hyperactivity": "Hyperactiviteit/aandachtstekort",
    "peer": "Problemen met leeftijdgenoten",
    "prosocial": "Prosociaal gedrag",
    "total_difficulties": "Totale moeilijkheden",
    "internalising": "Internaliserend",
    "externalising": "Externaliserend",
    "impact": "Impact",
    "secure": "Veilig",
    "avoidant": "Vermijdend",
    "ambivalent": "Ambivalent",
    "disorganised": "Gedesorganiseerd",
}

WAVES = {"t0": "Beginmeting", "t1": "Eindmeting"}

FLOW = {
    "all": "Ouders in de pilot",
    "both": "Begin- en eindmeting ingevuld",
    "baseline_only": "Alleen beginmeting ingevuld",
    "none": "Geen vragenlijst ingevuld",
}

RCI_CATEGORIES = {
    "recovered": "Hersteld",
    "improved": "Betrouwbaar verbeterd",
    "unchanged": "Niet betrouwbaar veranderd",
    "deteriorated": "Betrouwbaar verslechterd",
}

TRANSITIONS = {
    "elevated->normal": "Verhoogd → niet verhoogd",
    "elevated->elevated": "Verhoogd → verhoogd",
    "normal->elevated": "Niet verhoogd → verhoogd",
    "normal->normal": "Niet verhoogd → niet verhoogd",
}

MEASURES = {
    "sdq_total": "SDQ totale moeilijkheden boven het afkappunt",
    "ari_disorganised": "ARI-CP gedesorganiseerd hoog (normtabel uit de sleutel)",
    "ari_disorganised_demo": "ARI-CP gedesorganiseerd hoog (demonstratiesleutel, geen norm)",
    "sdq_reliable_improvement_among_elevated": "Betrouwbare verbetering SDQ-totaal, van de ouders met verhoogde totaalscore",
    "ari_high_among_elevated": "Hoog gedesorganiseerd bij de beginmeting, van de ouders met verhoogde totaalscore",
    "ari_no_longer_high_among_high": "Niet meer hoog gedesorganiseerd bij de eindmeting, van de ouders die hoog scoorden",
}

NORMS = {
    "theunissen_2022_clinical": "Nederlandse klinische norm (Theunissen e.a. 2022, hoogste 10%)",
    "theunissen_2022_borderline": "Nederlandse grensnorm (Theunissen e.a. 2022, hoogste 20%)",
    "uk_abnormal": "Britse norm, band 'afwijkend'",
    "uk_borderline": "Britse norm, band 'grensgebied' of hoger",
}

STATUS = {
    "reproducible": "reproduceerbaar",
    "impossible": "onmogelijk met hele aantallen",
    "not_checkable": "niet te toetsen (geen N)",
}

YES_NO = {True: "ja", False: "nee"}

COLUMNS = {
    "instrument": "Vragenlijst",
    "scale": "Schaal",
    "n_pairs": "N paren",
    "mean_pre": "Gem. begin",
    "sd_pre": "SD begin",
    "mean_post": "Gem. eind",
    "sd_post": "SD eind",
    "mean_diff": "Gem. verschil",
    "t": "t",
    "df": "df",
    "p_t": "p (t-toets)",
    "p_t_holm": "p Holm (t)",
    "p_wilcoxon": "p (Wilcoxon, exact)",
    "p_wilcoxon_holm": "p Holm (Wilcoxon)",
    "d_z": "d_z",
    "d_z_ci": "95%-BI d_z",
    "g_av": "g_av",
    "g_av_ci": "95%-BI g_av",
    "group": "Groep",
    "n": "N",
    "category": "Categorie",
    "transition": "Overgang",
    "measure": "Maat",
    "reliability": "Betrouwbaarheid",
    "reliability_source": "Bron betrouwbaarheid",
    "threshold": "Drempel (punten)",
    "k_items": "Items",
    "n_complete": "N volledig",
    "alpha": "Cronbachs α",
    "alpha_ci": "95%-BI α",
    "omega": "McDonalds ω",
    "wave": "Meting",
    "forms": "Formulieren",
    "scored": "Gescoord",
    "missing_too_few_items": "Ontbreekt (te weinig items)",
    "n_completers": "N beide metingen",
    "mean_completers": "Gem. beide metingen",
    "sd_completers": "SD beide metingen",
    "n_baseline_only": "N alleen begin",
    "mean_baseline_only": "Gem. alleen begin",
    "sd_baseline_only": "SD alleen begin",
    "difference": "Verschil",
    "hedges_g": "Hedges' g",
    "p_mann_whitney": "p (Mann-Whitney)",
    "sdq_elevated": "SDQ-totaal verhoogd",
    "ari_high": "Gedesorganiseerd hoog",
    "n_row": "N groep",
    "pct_of_row": "% van groep",
    "denominator": "Noemer",
    "pct": "%",
    "statement": "Gepubliceerde uitspraak",
    "percentage": "Gepubliceerd %",
    "denominator_label": "Betrekking op",
    "n_used": "N (noemer)",
    "status": "Oordeel",
    "count": "Heel aantal",
    "reproduced_pct": "Gereproduceerd %",
    "nearest": "Dichtstbijzijnde hele aantallen",
    "demo_pct": "Demonstratiedata %",
    "reading": "Lezing",
    "source": "Bron",
    "published_n": "N Bijlage C",
    "data_n": "N in de data",
    "check": "Klopt",
}

# figures
AXIS = {
    "score": "Score",
    "pre": "Score beginmeting",
    "post": "Score eindmeting",
    "diff": "Verschil (eind − begin)",
    "n": "Aantal ouders",
    "wave": "Meting",
}
FIG = {
    "no_change": "Geen verandering",
    "rci_band": "Binnen de meetfout (RCI-band)",
    "cutoff": "Afkappunt",
    "cutoff_pre": "Afkappunt (begin)",
    "cutoff_post": "Afkappunt (eind)",
    "jt_title": "Jacobson-Truax: {scale}",
    "demo": "DEMONSTRATIEDATA",
    "mean_ci": "Gemiddelde met 95%-betrouwbaarheidsinterval",
    "aggregated": "Echte data: groepscijfers in plaats van een punt of lijn per ouder (privacy)",
    "rci_counts": "Aantal ouders per RCI-categorie: {scale}",
}

DEMO_KEY_NOTE = (
    "ARI-CP gescoord met een demonstratiesleutel: de indeling hoog/laag is niet genormeerd en "
    "zegt niets over echte ouders."
)


def scale(name: str) -> str:
    return SCALES.get(name, name)


DEMO_DATA_NOTE = (
    "**Demonstratiedata.** De antwoorden van de ouders in de pilot zijn niet openbaar; het rapport geeft "
    "alleen percentages (000_99b6f6038ca9ce70.txt:268-305). De antwoorden per item op deze pagina zijn "
    "daarom gegenereerd door `scripts/generate_helmond_demo.py` (vaste seed), zo dat elk gepubliceerd "
    'percentage in de letterlijke lezing terugkomt waar hele aantallen dat toelaten ("50% van alle 14" dus niet). Het zijn geen antwoorden van echte ouders '
    "en de uitkomsten zeggen niets over de pilot; alleen de controle van de gepubliceerde percentages "
    "(laatste paragraaf) gaat over de echte publicatie. Keuzes van het script, niet van het rapport: de "
    'leeftijden van de kinderen (4-12 jaar), welke ouders welke scores hebben, en dat "50% van bovenstaande '
    'ouders" de letterlijke lezing volgt met het lagere hele aantal. Het aantal ouders zonder vragenlijst is '
    "afgeleid (alle ouders min de ouders met een vragenlijst); het rapport noemt dat aantal niet."
)
DEMO_PUBLISHED_NOTE = (
    'De demonstratiedata volgen bij "50% van bovenstaande ouders" de letterlijke lezing met het '
    "lagere buurgetal (zie het codeboek), en wijken daar dus bewust af."
)
OWN_PUBLISHED_NOTE = (
    "Bij eigen gegevens vergelijkt deze tabel niets: de gepubliceerde percentages horen bij de pilot "
    "in Helmond. Alleen de granulariteitscontrole van de publicatie zelf:"
)
OWN_BIJLAGE_C_NOTE = "Niet van toepassing: Bijlage C hoort bij de pilot in Helmond, niet bij deze gegevens."
NO_ARI_NOTE = "Deze studie gebruikte alleen de SDQ: er zijn geen ARI-CP-resultaten."
