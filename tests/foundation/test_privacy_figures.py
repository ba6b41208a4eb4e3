"""Long-format figure tables (one row per published figure) whose figure counts persons go
through the threshold, in tables, figures, source texts and summary prose."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import paths
from analysis.privacy import OTHER_UNITS, PERSON_UNITS, figure_value_text


def _bf(respondents: int = 16) -> pd.DataFrame:
    from analysis.data import load_table

    bf = load_table("idu_lessons", "bf_figures")  # processed (the test session builds the data first)
    for fid in ("r02", "s01"):
        i = bf.index[bf["figure_id"] == fid][0]
        bf.loc[i, ["lower", "upper"]] = respondents
        bf.loc[i, "text"] = f"{respondents} vulden de vragenlijst in (november 2025)"
    return bf


def test_a_small_count_of_respondents_is_hidden_in_the_band_table_and_its_source_text():
    from analysis.lessons import survey

    shown = survey.band_table(_bf(3)).set_index("figure_id")
    assert shown.loc["r02", "band"] == "<5" and shown.loc["s01", "band"] == "<5"
    assert shown.loc["r02", "text"] == "niet getoond: minder dan 5 personen"
    assert shown.loc["r01", "band"] == "21" and shown.loc["r10", "band"] == "1–40%"  # a percentage stays
    # the demonstration data: 16 of 21, nothing hidden
    assert survey.band_table(_bf()).set_index("figure_id").loc["r02", "band"] == "16"


def test_the_band_figure_labels_a_hidden_count_with_the_threshold():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.figures import figure_text
    from analysis.lessons import plot

    bf = _bf()
    i = bf.index[(bf["figure_id"] == "r14")][0]  # contacts within the school: 10–20 → 2–3
    bf.loc[i, ["lower", "upper"]] = (2, 3)
    fig = plot.survey_bands(bf)
    labels = figure_text(fig).splitlines()
    plt.close(fig)
    assert "<5" in labels and "2–3" not in labels


def test_every_unit_of_a_figure_table_is_judged():
    """Every unit used in the long-format figure tables counts persons or not, by the one list."""
    svss = pd.read_csv(paths.DATA_RAW / "svss/figures.csv")
    assert set(svss["unit"]) <= PERSON_UNITS | OTHER_UNITS, set(svss["unit"]) - (PERSON_UNITS | OTHER_UNITS)
    assert "professionals" in set(svss["unit"])
    bf = pd.read_csv(paths.DATA_RAW / "idu_lessons/bf_figures.csv")
    assert set(bf["unit"]) <= {"aantal", "procent"}  # lessons.survey: every 'aantal' counts persons


@pytest.mark.parametrize(
    "value,unit,text",
    [(3, "professionals", "<5"), (138, "professionals", "138"), (20, "procent", "20%"), (0, "ouders", "0")],
)
def test_figure_values(value, unit, text):
    assert figure_value_text(value, unit) == text


# ---------------------------------------------------------------- role lists


@pytest.mark.parametrize(
    "roles,n,shown",
    [
        ("gedragswetenschapper; leidinggevende gemeente", 3, "niet getoond (<5 deelnemers)"),
        ("schoolmedewerkers; pedagogisch begeleiders", 8, "schoolmedewerkers; pedagogisch begeleiders"),
        ("medewerkers dyslexiezorg", float("nan"), "medewerkers dyslexiezorg"),
        (float("nan"), 3, "–"),
        (pd.NA, pd.NA, "–"),  # a component without participants named (string column: pandas' NA)
    ],
)
def test_a_role_list_is_shown_only_next_to_a_published_count(roles, n, shown):
    from analysis.privacy import role_text

    assert role_text(roles, n) == shown


def test_no_role_list_or_remark_of_the_pilots_lets_a_reader_count_a_small_group():
    """Every component with fewer than k participants hides its roles on the page; remarks
    write no count under the threshold."""
    import re

    from analysis.data import load_table
    from analysis.privacy import is_small, role_text, threshold

    comp = load_table("idu_lessons", "components")
    small = comp[comp["n_participants"].map(is_small)]
    assert len(small) >= 4  # the pilots with 2-4 participants in the published bundle
    assert all(
        role_text(r, n).startswith("niet getoond") for r, n in zip(small["participant_roles"], small["n_participants"])
    )
    shown = [role_text(r, n) for r, n in zip(comp["participant_roles"], comp["n_participants"])]
    assert "–" in shown and not [t for t in shown if "NA" in t or t == "nan"]
    remarks = " ".join(comp["remark"].dropna())
    assert not [
        n
        for n in re.findall(r"\b(\d+) (?:deelnemers|jeugdcoaches|professionals|medewerkers)", remarks)
        if 0 < int(n) < threshold()
    ]


def test_every_unit_a_schema_allows_in_a_figure_table_is_judged():
    """The ST-RAW indicator units cannot count persons; the workshop figures' plain counts
    ('aantal') count persons when their label or population names them."""
    from analysis.privacy import COUNT_UNIT
    from analysis.schema import load_schema

    st = load_schema("st_raw")
    allowed = lambda t: set(st.tables[t].columns["unit"].allowed)  # noqa: E731
    assert allowed("indicators") <= OTHER_UNITS
    assert allowed("kennisatelier_figures") <= OTHER_UNITS | {COUNT_UNIT}


def test_a_small_count_of_workshop_participants_is_hidden():
    from analysis.data import load_table
    from analysis.monitoring.kennisateliers import figures_table

    figures = load_table("st_raw", "kennisatelier_figures")
    shown = figures_table(figures)
    assert not shown["interval"].str.startswith("<").any()  # institutions, interventions, sessions: not persons
    assert "23" in set(shown["interval"])  # 23 responding institutions
    planted = figures.iloc[[0]].assign(
        figure_id="deelnemers_ka6",
        label="Deelnemers aan het laatste kennisatelier",
        population="deelnemers",
        value_text="drie deelnemers",
        value=3,
        value_lower=3,
        value_upper=3,
    )
    row = figures_table(pd.concat([figures, planted], ignore_index=True)).iloc[-1]
    assert row["interval"] == "<5" and row["value_text"] == "niet getoond: minder dan 5 personen"
