"""Analysis functions on the real transcription, with hand-checked expectations."""

import math

import matplotlib
import pytest

matplotlib.use("Agg")

from analysis.monitoring import indicators, kennisateliers, network, plot  # noqa: E402


@pytest.mark.parametrize(
    "lo, hi, unit, expected",
    [
        (85.0, 95.0, "procent", "85–95%"),
        (70.83, 77.5, "procent", "70,8–77,5%"),
        # "bijna een derde" (002_7f69313c109e3abf.txt:430-431): percentages to one decimal
        (29.17, 33.33, "procent", "29,2–33,3%"),
        (-19.5, -18.5, "procent_verandering", "\u221219,5 tot \u221218,5%"),
        (1.75, 1.85, "maanden", "1,75–1,85 mnd"),
        (6.0, 6.0, "aantal", "6"),
        (None, None, "procent", "–"),
    ],
)
def test_format_interval(lo, hi, unit, expected):
    assert indicators.format_interval(lo, hi, unit) == expected


def test_source_lines():
    s = "002_7f69313c109e3abf.txt:389; 002_7f69313c109e3abf.txt:430-431"
    assert indicators.source_lines(s) == "389, 430–431"
    assert indicators.first_line(s) == 389


def test_wave_coverage(validated):
    cov = indicators.wave_coverage(validated["monitoring"], validated["waves"]).set_index("year")
    # 20 indicators; the mid-term has 10 numbers and 7 direction-only statements,
    # the end measurement (first impression) 8 directions, the baseline nothing.
    assert cov.loc[2014, ["n_number", "n_direction", "n_none"]].tolist() == [0, 0, 20]
    assert cov.loc[2016, ["n_number", "n_direction", "n_none"]].tolist() == [10, 7, 3]
    assert cov.loc[2018, ["n_number", "n_direction", "n_none"]].tolist() == [0, 8, 12]


def test_interval_widths_widest_first(validated):
    w = indicators.interval_widths(validated["monitoring"])
    assert w["indicator_id"].iloc[0] == "zonder_verblijf" and w["width"].iloc[0] == 50
    assert w["indicator_id"].iloc[-1] == "wachttijd" and w["width"].iloc[-1] == pytest.approx(0.1)
    assert (w["width"] > 0).all()  # no monitoring figure is a point
    # printed with its unit and the decimals of the bounds: 41,67 − 29,17 and 1,85 − 1,75
    shown = dict(zip(w["indicator_id"], w["width_text"]))
    assert shown["netwerksteun"] == "12,5 procentpunt" and shown["aandeel_wijkteam"] == "4,2 procentpunt"
    assert shown["wachttijd"] == "0,1 mnd" and shown["zonder_verblijf"] == "50 procentpunt"


def test_theme_summary(validated):
    s = network.theme_summary(validated["themes"], validated["project_themes"], validated["theme_partners"])
    assert s["n_projects"].tolist() == [6, 2, 3, 2, 3, 3]
    assert s["n_partners"].tolist() == [6, 4, 4, 4, 3, 6]
    assert s["theme_label"].iloc[0] == "Thema 1: Doen we de juiste dingen?"


def test_partner_involvement(validated):
    inv = network.partner_involvement(validated["partners"], validated["themes"], validated["theme_partners"])
    top = inv.iloc[0]
    assert (top["partner_id"], top["n_groups"], top["groups"]) == ("pg_gemeente_rotterdam", 5, "1, 2, 3, 4, geen")
    assert inv.set_index("partner_id").at["pg_hr", "n_groups"] == 4
    assert len(inv) == 14
    unlinked = network.unlinked_partner_labels(validated["theme_partners"], validated["themes"])
    assert sorted(unlinked["partner_label"]) == ["Erasmus MC", "Erasmus MC", "Multivation"]


def test_projects_by_theme_marks_the_double_listing(validated):
    p = network.projects_by_theme(validated["themes"], validated["projects"], validated["project_themes"])
    assert len(p) == 19 and p["project_id"].nunique() == 18
    cop = p[p["project_id"] == "cop_jeugdhulp"]
    assert cop["also_under"].tolist() == ["Thema 3: De grens van eigen kracht", "Thema 1: Doen we de juiste dingen?"]
    assert p["theme_id"].drop_duplicates().tolist() == ["t1", "t2", "t3", "t4", "t5", "geen"]


def test_partners_side_by_side(validated):
    t = network.partners_side_by_side(validated["partners"])
    assert len(t) == 16
    assert t.loc[t["position"] == 15, "projectgroep"].item() == ""
    assert t.loc[t["position"] == 1, "adviesraad"].item() == "Enver"


def test_kennisateliers(validated):
    k = kennisateliers.kennisatelier_table(validated["kennisateliers"])
    assert k["date"].tolist()[:2] == ["oktober 2016", "februari 2017"]
    assert kennisateliers.sessions_per_year(validated["kennisateliers"])["n"].tolist() == [1, 3, 2]
    f = kennisateliers.figures_table(validated["kennisatelier_figures"]).set_index("figure_id")
    assert f.at["respons", "interval"] == "25–35%"
    assert f.at["presentaties", "interval"] == "3–4"


def test_monitoring_figure_draws_ranges_not_points(validated):
    import matplotlib.pyplot as plt

    fig = plot.plot_monitoring(validated["monitoring"], validated["waves"])
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 10
    sat = next(ax for ax in panels if ax.get_title(loc="left") == "Tevreden over de hulp")
    segments = [seg for coll in sat.collections for seg in coll.get_segments()]
    vertical = [seg for seg in segments if math.isclose(seg[0][0], seg[1][0])]
    assert [(round(s[0][1], 2), round(s[1][1], 2)) for s in vertical] == [(85, 95)]
    # a direction-only statement of a numeric indicator (OTS, 2018) is text, not a bar
    ots = next(ax for ax in panels if ax.get_title(loc="left").startswith("Jongeren met een OTS"))
    assert any("afname" in t.get_text() for t in ots.texts)
    plt.close(fig)
    fig = plot.plot_directions(validated["monitoring"], validated["waves"])
    assert len(fig.axes[0].get_yticklabels()) == 10
    plt.close(fig)
