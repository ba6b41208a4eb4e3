import zipfile

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.determinants import analyse, plot, validate  # noqa: E402
from analysis.determinants.refi_qda import validate_xml  # noqa: E402
from analysis.schema import load_schema  # noqa: E402
from analysis.validation import ValidationError  # noqa: E402


def _demo_tables():
    resp = pd.DataFrame({"respondent": ["R01", "R02"], "group": ["gemeente", "zorgaanbieder"]})
    texts = pd.DataFrame(
        {
            "respondent": ["R01", "R02"],
            "text": [
                "[SYNTHETISCH] I: Vraag?\nR: Ik weet hoe het moet.\n",
                "[SYNTHETISCH] I: Vraag?\nR: Verslaving maakt het zwaar.\n",
            ],
        }
    )
    cod = pd.DataFrame(
        {
            "respondent": ["R01", "R02"],
            "group": ["gemeente", "zorgaanbieder"],
            "segment": ["R01-s001", "R02-s001"],
            "determinant": ["knowledge", "t_addiction_typo"],
            "valence": ["bevorderend", "belemmerend"],
            "coder": ["codeur_1", "codeur_1"],
            "level": ["determinant", "determinant"],
            "start": [27, 27],
            "end": [48, 54],
            "quote": ["Ik weet hoe het moet.", "Verslaving maakt het zwaar."],
        }
    )
    return {"respondents": resp, "codings": cod, "interviews": texts}


def test_demo_validator_names_file_row_and_column():
    schema = load_schema("idu_midi_demo")
    with pytest.raises(ValidationError) as e:
        validate.validate_idu_demo(_demo_tables(), schema)
    assert e.value.file == "data_raw/idu_midi_demo/codings.csv" and e.value.row == 3
    assert e.value.column == "determinant"
    t = _demo_tables()
    t["codings"].loc[1, "determinant"] = "f_addiction"
    t["codings"].loc[1, "group"] = "gemeente"
    with pytest.raises(ValidationError, match="wijkt af van de respondentenlijst"):
        validate.validate_idu_demo(t, schema)


def test_published_validator_rejects_unknown_code():
    schema = load_schema("idu_midi")
    tables = {
        "findings": pd.DataFrame({"determinant": ["knowledge", "motivatie"]}),
        "cross_cutting": pd.DataFrame({"code": ["f_addiction"], "n": [5], "N": [27]}),
        "training_wishes": pd.DataFrame({"code": ["w_network"]}),
    }
    with pytest.raises(ValidationError) as e:
        validate.validate_idu_published(tables, schema)
    assert e.value.row == 3 and "motivatie" in str(e.value)


def test_artefacts_are_valid_downloads(tmp_path):
    files = validate.idu_artefacts({}, tmp_path)
    assert [f.name for f in files] == [
        "midi-codeboek.qdc",
        "midi-codeboek.qdpx",
        "idu-midi-codeboek.qdc",
        "cfir-codeboek.qdc",
    ]
    validate_xml(files[3].read_bytes(), "codebook")
    validate_xml(files[0].read_bytes(), "codebook")
    validate_xml(files[2].read_bytes(), "codebook")
    with zipfile.ZipFile(files[1]) as z:
        validate_xml(z.read("project.qde"), "project")
    t = _demo_tables()
    t["codings"].loc[1, "determinant"] = "f_addiction"
    t = validate.validate_idu_demo(t, load_schema("idu_midi_demo"))
    demo = validate.idu_demo_artefacts(t, tmp_path)
    with zipfile.ZipFile(demo[0]) as z:
        validate_xml(z.read("project.qde"), "project")
        texts = sorted(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("sources/"))
    assert texts == sorted(t["interviews"]["text"])


def test_demo_validator_checks_quotes_against_the_text():
    t = _demo_tables()
    t["codings"].loc[1, "determinant"] = "f_addiction"
    t["codings"].loc[0, "quote"] = "Ik weet niet hoe het moet."
    with pytest.raises(ValidationError) as e:
        validate.validate_idu_demo(t, load_schema("idu_midi_demo"))
    assert e.value.row == 2 and e.value.column == "quote" and "'Ik weet hoe het moet.'" in str(e.value)
    t = _demo_tables()
    t["codings"].loc[1, "determinant"] = "f_addiction"
    t["codings"].loc[1, "end"] = 500
    with pytest.raises(ValidationError, match="positie 500 ligt voorbij het einde van de tekst van R02"):
        validate.validate_idu_demo(t, load_schema("idu_midi_demo"))


def test_empty_coding_table_is_refused():
    t = _demo_tables()
    t["codings"] = t["codings"].iloc[0:0]
    with pytest.raises(ValidationError, match="de codeertabel is leeg"):
        validate.validate_idu_demo(t, load_schema("idu_midi_demo"))


def _counts():
    resp = pd.DataFrame(
        {"respondent": [f"R{i:02d}" for i in range(20)], "group": ["gemeente"] * 10 + ["zorgaanbieder"] * 10}
    )
    rows = [
        (f"R{i:02d}", "gemeente" if i < 10 else "zorgaanbieder", f"s{i}", "knowledge", "belemmerend", "A")
        for i in range(9)
    ]  # 9 gemeente
    rows += [(f"R{i:02d}", "zorgaanbieder", f"t{i}", "knowledge", "bevorderend", "A") for i in range(10, 12)]  # 2
    cod = pd.DataFrame(rows, columns=["respondent", "group", "segment", "determinant", "valence", "coder"])
    return analyse.classify(analyse.respondent_counts(cod, resp))


def test_heatmap_suppresses_small_and_complementary_cells():
    fig = plot.heatmap(_counts(), ["gemeente", "zorgaanbieder", "totaal"], threshold=5)
    texts = [t.get_text() for t in fig.axes[0].texts]
    # gemeente 9 would reveal zorgaanbieder (11 - 9 = 2): 9 hidden as "×" (not "<5": it is 9), total shown.
    assert texts == ["×", "<5", "55% ▼"]  # 9 of 11 hindering -> belemmerend
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["17 Kennis"]


def test_diverging_bars_values_and_suppression():
    fig = plot.diverging_bars(_counts(), threshold=5)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["9", "<5"]  # 9 hindering shown, 2 facilitating suppressed


def test_heatmap_percentages_follow_the_one_rounding_rule():
    """5 of 40 mention it: 12.5% shows as "13%" (half away from zero, analysis.formatting), the
    same as the page's tables; Python's f"{12.5:.0f}" would give "12%"."""
    resp = pd.DataFrame({"respondent": [f"R{i:02d}" for i in range(40)], "group": ["gemeente"] * 40})
    rows = [(f"R{i:02d}", "gemeente", f"s{i}", "knowledge", "belemmerend", "A") for i in range(5)]
    cod = pd.DataFrame(rows, columns=["respondent", "group", "segment", "determinant", "valence", "coder"])
    fig = plot.heatmap(analyse.classify(analyse.respondent_counts(cod, resp)), ["gemeente"], threshold=5)
    (text,) = [t.get_text() for t in fig.axes[0].texts]
    assert text.startswith("13%"), text
    ticks = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert "50%" in ticks and not any("." in t for t in ticks), ticks
