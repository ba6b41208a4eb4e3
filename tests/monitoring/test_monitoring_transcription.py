"""Counts and values of the transcribed tables, each checked by hand against the source
(002_7f69313c109e3abf.txt, line numbers in the comments)."""

import pytest


def test_partners_14_in_project_group_16_in_advisory_board(tables):
    # Table 1: project group lines 107-120 (14 names), advisory board 122-139 (16 names).
    counts = tables["partners"].groupby("role").size()
    assert counts["projectgroep"] == 14
    assert counts["adviesraad"] == 16
    pg = tables["partners"][tables["partners"]["role"] == "projectgroep"]
    assert pg.sort_values("position")["name"].iloc[0] == "Erasmus MC Kinder- en Jeugdpsychiatrie"
    assert pg.sort_values("position")["name"].iloc[-1] == "Gemeente Rotterdam"


def test_five_themes_and_one_group_without_theme(tables):
    themes = tables["themes"]
    assert themes["number"].notna().sum() == 5  # lines 203, 212, 217, 223, 228
    assert sorted(themes["number"].dropna().astype(int)) == [1, 2, 3, 4, 5]
    assert themes.loc[themes["number"].isna(), "theme_id"].tolist() == ["geen"]  # line 234


def test_eighteen_projects_nineteen_listings(tables):
    # 6 + 2 + 3 + 2 + 3 under the themes and 3 without theme = 19 bullets (205-238);
    # "Community of Practice Jeugdhulp" is listed under theme 1 (209) and theme 3 (221).
    assert len(tables["projects"]) == 18
    assert len(tables["project_themes"]) == 19
    per_theme = tables["project_themes"].groupby("theme_id").size().to_dict()
    assert per_theme == {"t1": 6, "t2": 2, "t3": 3, "t4": 2, "t5": 3, "geen": 3}
    cop = tables["project_themes"][tables["project_themes"]["project_id"] == "cop_jeugdhulp"]
    assert sorted(cop["theme_id"]) == ["t1", "t3"]


def test_six_kennisateliers_in_date_order(tables):
    ka = tables["kennisateliers"].sort_values("sequence")
    assert len(ka) == 6  # "zes kennisateliers" (2018)
    assert list(zip(ka["year"], ka["month"])) == [
        (2016, 10),
        (2017, 2),
        (2017, 6),
        (2017, 11),
        (2018, 2),
        (2018, 6),
    ]  # lines 2030-2040
    assert ka["theme"].iloc[3] == "E-Mental Health"  # line 2050
    # Footnote 2233: the last one is not yet in the published attendance and evaluation.
    assert ka["in_evaluation"].tolist() == [True] * 5 + [False]


def test_kennisatelier_response_and_rating_are_bounds(tables):
    f = tables["kennisatelier_figures"].set_index("figure_id")
    # "rond de 30%" (2061): 25-35; "gemiddeld boven de drie sterren" (2064): (3, 5].
    assert (f.at["respons", "value_lower"], f.at["respons", "value_upper"]) == (25, 35)
    assert (f.at["waardering", "comparator"], f.at["waardering", "value_lower"], f.at["waardering", "value_upper"]) == (
        ">",
        3,
        5,
    )
    assert (f.at["ek_instellingen", "value"], f.at["ek_interventies", "value"], f.at["ek_evidence_based", "value"]) == (
        23,
        65,
        3,
    )  # lines 2147-2148


def test_monitoring_values_as_published(tables, row_of):
    obs = tables["observations"]
    T = "tussenmeting_2016"

    def bounds(ind, wave=T):
        r = obs.loc[row_of(obs, indicator_id=ind, wave_id=wave)]
        return r["comparator"], float(r["value_lower"]), float(r["value_upper"])

    assert bounds("tevredenheid") == ("~", 85, 95)  # "9 van de 10" (435)
    assert bounds("passende_hulp") == (">", 80, 85)  # "Ruim vier van de vijf" (416)
    assert bounds("kwaliteit_gelijk") == ("~", 70.83, 77.5)  # "Driekwart" (438)
    assert bounds("netwerksteun") == ("~", 29.17, 41.67)  # "Een derde" (465)
    assert bounds("aandeel_wijkteam") == ("<", 29.17, 33.33)  # "bijna een derde" (430)
    assert bounds("ots") == ("~", -14.5, -13.5)  # -14% since 2013 (445)
    assert bounds("jeugdreclassering") == ("~", -19.5, -18.5)  # -19% since 2013 (445)
    assert bounds("wachttijd") == ("~", 1.75, 1.85)  # 1,8 maanden (496)
    assert bounds("tevreden_wachttijd") == ("~", 79.5, 80.5)  # 80% (496)
    # Only the mid-term has numbers; the 2018 rows are directions from the "sneak preview".
    numeric = obs[obs["value_lower"].notna()]
    assert set(numeric["wave_id"]) == {T}
    assert len(numeric) == 10
    assert obs.loc[row_of(obs, indicator_id="ots", wave_id="eindmeting_2018"), "direction"] == "afname"


def test_every_row_has_a_source_in_the_seed_file(tables):
    for name, df in tables.items():
        assert df["source"].notna().all(), name
        assert df["source"].str.startswith("002_7f69313c109e3abf.txt:").all(), name


@pytest.mark.sources
def test_source_lines_point_at_the_quoted_text(tables, row_of):
    """The first line of each monitoring source contains a word of the published wording."""
    from analysis.paths import SEEDS

    text = (SEEDS / "002_7f69313c109e3abf.txt").read_text(encoding="utf-8").splitlines()
    checks = {
        "tevredenheid": "9 van de 10",
        "passende_hulp": "Ruim vier van de vijf",
        "kwaliteit_gelijk": "Driekwart",
        "netwerksteun": "Een derde",
        "wachttijd": "1,8 maanden",
        "ots": "OTS-maatregel",
    }
    obs = tables["observations"]
    for ind, phrase in checks.items():
        src = obs.loc[row_of(obs, indicator_id=ind, wave_id="tussenmeting_2016"), "source"]
        first, _, last = src.split(":", 1)[1].partition("-")
        span = " ".join(text[int(first) - 1 : int(last or first)])
        assert phrase in span, (ind, span)
