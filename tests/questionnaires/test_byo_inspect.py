"""What ``inspect`` proposes for questionnaire exports, including layouts not made for this repo.

Besides the acceptance fixtures: the variable names of the official sdqinfo.org scoring syntax
(pconsid … pattends, wave as a digit), and the header of the Australian PMHC-MDS SDQ upload
format (github.com/strategicdata/pmhc-mds-spec, data/sdq.csv: 'Question 1' … 'Question 42',
no instrument name) -- where inspect must say what it could not place instead of guessing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.mapping import RawExport, read_export
from analysis.questionnaires.byo import ADAPTER, id_pattern
from analysis.schema import load_schema

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
SCHEMA = load_schema("helmond_questionnaires")


def _propose(df: pd.DataFrame, path="x.csv"):
    return ADAPTER.propose(RawExport(Path(path), "csv", df.astype(str)), SCHEMA)


def test_dutch_excel_proposal():
    p = ADAPTER.propose(read_export(EXPORTS / "SDQ en ARI 2024 (Excel).csv"), SCHEMA)
    assert p.columns["Respondentnummer"] == "respondent_id"
    assert p.columns["Leeftijd kind (jaren)"] == "child_age"
    assert p.columns["T0_SDQ01"] == "sdq_01_t0" and p.columns["T1_ARI48"] == "ari_48_t1"
    assert len(p.columns) == 1 + 1 + 2 * (25 + 48)
    assert p.ignore == ["Naam ouder", "Opmerkingen"]
    assert "identificerend" in p.unplaced["Naam ouder"] and "vrije tekst" in p.unplaced["Opmerkingen"]
    assert p.values == {"sdq_[0-9][0-9]*": {"Niet waar": 0, "Een beetje waar": 1, "Zeker waar": 2}}
    assert p.id_format == {"respondent_id": "^R[0-9]{3}$"}
    assert p.options == {"instruments": ["sdq_parent_4_17", "ari_cp_2_5"]}


def test_spss_proposal_reports_user_missing_and_checks_value_labels():
    raw = read_export(EXPORTS / "sdq_ari_2024.sav")
    assert raw.missing_codes["sdq01_t0"] == [9.0]
    assert 9.0 not in raw.value_labels["sdq01_t0"]  # 'geen antwoord' is not a response label
    p = ADAPTER.propose(raw, SCHEMA)
    assert p.columns["sdq01_t0"] == "sdq_01_t0" and p.columns["respnr"] == "respondent_id"
    assert any("user-missing codes 9" in line for line in p.found)
    assert any("SPSS-waardelabels kloppen met sdq_parent_4_17" in line for line in p.found)
    assert p.values == {}  # codes already right: nothing to recode


def test_spss_codes_one_higher_than_the_instrument_get_a_recoding_from_the_labels(tmp_path):
    import pyreadstat

    df = pd.DataFrame({"respnr": ["A1", "A2"], "sdq01_t0": [1.0, 3.0], "sdq02_t0": [2.0, 1.0]})
    labels = {c: {1.0: "Niet waar", 2.0: "Een beetje waar", 3.0: "Zeker waar"} for c in ("sdq01_t0", "sdq02_t0")}
    path = tmp_path / "x.sav"
    pyreadstat.write_sav(df, str(path), variable_value_labels=labels)
    p = ADAPTER.propose(read_export(path), SCHEMA)
    assert p.values == {"sdq_[0-9][0-9]*": {"1": 0, "2": 1, "3": 2}}


def test_sdqinfo_syntax_names_with_wave_digits():
    words = (
        "consid restles somatic shares tantrum loner obeys worries caring fidgety friend fights unhappy "
        "popular distrac clingy kind lies bullied helpout reflect steals oldbest afraid attends"
    ).split()
    cols = ["id", "age"] + [f"p{w}{t}" for t in (1, 2) for w in words] + ["pebddiff1", "pimphome2"]
    p = _propose(
        pd.DataFrame([["1001", "7"] + ["1"] * (len(cols) - 2), ["1002", "9"] + ["0"] * (len(cols) - 2)], columns=cols)
    )
    assert p.columns["pconsid1"] == "sdq_01_t0" and p.columns["pattends2"] == "sdq_25_t1"
    assert p.columns["pkind1"] == "sdq_17_t0" and p.columns["pebddiff1"] == "sdq_imp_overall_t0"
    assert p.columns["id"] == "respondent_id" and p.columns["age"] == "child_age"
    assert p.unplaced == {}
    assert p.options == {"instruments": ["sdq_parent_4_17"]}


def test_a_column_named_kind_is_not_an_sdq_item():
    p = _propose(
        pd.DataFrame(
            [["R1", "Sanne", "Zeker waar"], ["R2", "Tim", "Niet waar"]], columns=["Respondent", "Kind", "SDQ_1_T0"]
        )
    )
    assert "Kind" not in p.columns and p.columns["SDQ_1_T0"] == "sdq_01_t0"


def test_pmhc_mds_header_is_not_guessed():
    header = [
        "Organisation Path",
        "Collection Occasion Key",
        "Episode Key",
        "Measure Date",
        "Reason for Collection",
        "SDQ Version",
    ] + [f"Question {i}" if i < 10 else f" Question {i}" for i in range(1, 43)]
    row = ["PHN01:PO01", "CO01", "E01", "16062016", "1", "PC101"] + ["1"] * 42
    p = _propose(pd.DataFrame([row], columns=header))
    assert p.columns == {}  # nothing it is not sure of
    assert "itemnummer zonder naam van de vragenlijst" in p.unplaced[" Question 10"]
    assert any("GEEN kolom met het respondentnummer" in line for line in p.found)


def test_id_pattern():
    assert id_pattern(["R001", "R120"]) == "^R[0-9]{3}$"
    assert id_pattern(["7", "12"]) == "^[0-9]+$"
    assert id_pattern(["a-1", "b 2"]) == r"^\S+$"
