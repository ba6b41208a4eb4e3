"""The CFIR as a second framework file: codebook export, a small CFIR-coded project through the same
import, counts, classification and agreement as MIDI (values checked by hand), and the rating table."""

import pandas as pd
import pytest

from analysis.determinants import analyse, ratings, refi_qda
from analysis.determinants.frameworks import categories, citation, load_codebook
from analysis.validation import ValidationError, ValidationErrors


def test_cfir_framework_file():
    cb = load_codebook("cfir")
    assert len(cb) == 48
    assert cb.groupby("category").size().to_dict() == {
        "cfir_innovation": 8,
        "cfir_outer": 7,
        "cfir_inner": 11,
        "cfir_individuals": 13,
        "cfir_process": 9,
    }
    assert list(categories("cfir")["label_en"]) == [
        "Innovation Domain",
        "Outer Setting Domain",
        "Inner Setting Domain",
        "Individuals Domain",
        "Implementation Process Domain",
    ]
    assert cb["definition_nl"].str.len().min() > 40 and cb["key"].str.startswith("cfir_").all()
    assert "Damschroder" in citation("cfir") and "10.1186/s13012-022-01245-0" in citation("cfir")
    # Loadable next to MIDI by key (numbers overlap by design, keys do not).
    assert not set(cb["key"]) & set(load_codebook("midi")["key"])


def test_cfir_codebook_export():
    data = refi_qda.codebook_qdc_bytes(("cfir",))
    refi_qda.validate_xml(data, "codebook")
    from xml.etree import ElementTree as ET

    C = "{urn:QDA-XML:codebook:1.0}"
    top = ET.fromstring(data).find(f"{C}Codes").findall(f"{C}Code")
    assert [c.get("name") for c in top] == [
        "Innovatie",
        "Externe context",
        "Interne context",
        "Individuen",
        "Implementatieproces",
        "Valentie",
    ]
    assert sum(len(c.findall(f"{C}Code")) for c in top[:5]) == 48
    assert top[0].findall(f"{C}Code")[2].get("name") == "03 Relatief voordeel"


TEXT = "I: Vraag?\nR: Eerste antwoord van deze respondent.\nR: Tweede antwoord van deze respondent.\n"
S1, S2 = (TEXT.index("Eerste"), TEXT.index("Eerste") + 37), (TEXT.index("Tweede"), TEXT.index("Tweede") + 37)
PRIMARY = [
    ("R1", "locatie A", "s1", "cfir_relative_advantage", "bevorderend"),
    ("R1", "locatie A", "s2", "cfir_complexity", "belemmerend"),
    ("R2", "locatie A", "s1", "cfir_relative_advantage", "bevorderend"),
    ("R2", "locatie A", "s2", "cfir_available_resources", "belemmerend"),
    ("R3", "locatie B", "s1", "cfir_relative_advantage", "bevorderend"),
    ("R3", "locatie B", "s2", "cfir_complexity", "belemmerend"),
    ("R4", "locatie B", "s1", "cfir_relative_advantage", "belemmerend"),
    ("R4", "locatie B", "s2", "cfir_complexity", "belemmerend"),
]
SECOND = [
    ("R1", "locatie A", "s1", "cfir_relative_advantage", "bevorderend"),
    ("R1", "locatie A", "s2", "cfir_complexity", "belemmerend"),
    ("R2", "locatie A", "s1", "cfir_relative_advantage", "bevorderend"),
    ("R2", "locatie A", "s2", "cfir_complexity", "belemmerend"),
]


@pytest.fixture
def cfir_project(tmp_path):
    rows = [
        (r, g, f"{r}-{s}", d, v, c, "determinant", *(S1 if s == "s1" else S2))
        for c, block in (("c1", PRIMARY), ("c2", SECOND))
        for r, g, s, d, v in block
    ]
    codings = pd.DataFrame(
        rows, columns=["respondent", "group", "segment", "determinant", "valence", "coder", "level", "start", "end"]
    )
    root = refi_qda.project_root(("cfir",), users={"c1": "c1", "c2": "c2"})
    files = refi_qda.add_codings(root, codings, texts={r: TEXT for r in ("R1", "R2", "R3", "R4")})
    return refi_qda.write_qdpx(tmp_path / "cfir.qdpx", root, sources=files)


def test_small_cfir_project_counts_classification_and_agreement(cfir_project):
    cb = load_codebook("cfir")
    table = refi_qda.import_project(cfir_project, cb, segment_from="name").table
    assert set(table["quote"]) == {
        "Eerste antwoord van deze respondent.\n"[:37],
        "Tweede antwoord van deze respondent.\n"[:37],
    }
    resp = pd.DataFrame({"respondent": ["R1", "R2", "R3", "R4"], "group": ["locatie A"] * 2 + ["locatie B"] * 2})
    counts = analyse.classify(analyse.respondent_counts(table, resp, cb, coder="c1"))
    tot = counts[counts["group"] == "totaal"].set_index("determinant")
    assert tot.loc["cfir_relative_advantage", ["n_mentioned", "n_facilitating", "n_hindering"]].tolist() == [4, 3, 1]
    assert tot.loc["cfir_complexity", ["n_mentioned", "n_facilitating", "n_hindering"]].tolist() == [3, 0, 3]
    # 3/4 facilitating ≥ 2/3 and 1/4 hindering < 1/3: facilitating; 3/3 hindering; 1 mention < 3: too few.
    assert tot.loc["cfir_relative_advantage", "classification"] == "bevorderend"
    assert tot.loc["cfir_complexity", "classification"] == "belemmerend"
    assert tot.loc["cfir_available_resources", "classification"] == "onvoldoende"
    assert tot.loc["cfir_relative_advantage", "N"] == 4
    per_cat = analyse.category_summary(table, resp, counts, cb, coder="c1").set_index(["group", "category"])
    assert per_cat.loc[("totaal", "cfir_innovation"), ["n_mentioned", "n_facilitating", "n_hindering"]].tolist() == [
        4,
        3,
        3,
    ]
    assert per_cat.loc[("totaal", "cfir_inner"), ["n_mentioned", "n_hindering"]].tolist() == [1, 1]
    per, overall = analyse.coder_agreement(table, ("c1", "c2"), cb)
    k = per.set_index("determinant")["kappa"]
    # relative advantage identical (κ 1); complexity 3/4 agree, pe 0.5 → κ 0.5; resources 3/4, pe 0.75 → κ 0.
    assert k["cfir_relative_advantage"] == pytest.approx(1.0)
    assert k["cfir_complexity"] == pytest.approx(0.5)
    assert k["cfir_available_resources"] == pytest.approx(0.0)
    # Krippendorff's α over 12 decisions, 2 disagreements, 8 ones and 16 zeros: 1 − 23·4/(2·8·16).
    assert overall["alpha"] == pytest.approx(1 - 23 * 4 / (2 * 8 * 16))
    assert overall["n_units"] == 4 and overall["agreement"] == pytest.approx(10 / 12)


# ------------------------------------------------------------------ the rating table


def test_rating_template_and_check():
    t = ratings.template(["Locatie A", "Locatie B"])
    assert len(t) == 96 and list(t.columns) == ratings.COLUMNS
    t.loc[0, "rating"] = "2"
    t.loc[1, "rating"] = "−1"  # minus sign as typed in Word
    t.loc[2, "rating"] = "x"
    t.loc[3, "construct"] = "Innovation Adaptability"  # English name accepted
    out = ratings.check_ratings(t)
    assert out.loc[:3, "rating"].tolist() == ["+2", "-1", "X", ""]
    assert out.loc[3, "construct"] == "cfir_adaptability"


def test_rating_table_bad_input_names_row_and_column():
    t = ratings.template(["A"])
    t.loc[4, "rating"] = "3"
    t.loc[5, "construct"] = "cfir_bestaat_niet"
    t = pd.concat([t, t.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValidationErrors) as e:
        ratings.check_ratings(t, file="beoordelingen.csv")
    msgs = [str(x) for x in e.value.errors]
    assert "beoordelingen.csv, rij 6, kolom 'rating': score '3' niet toegestaan" in msgs[0]
    assert "rij 7, kolom 'construct': onbekend construct 'cfir_bestaat_niet'" in msgs[1]
    assert "rij 50, kolom 'construct': construct 'cfir_innovation_source' staat twee keer bij casus 'A'" in msgs[2]
    with pytest.raises(ValidationError, match="kolom 'rating': kolom ontbreekt"):
        ratings.check_ratings(t.drop(columns="rating"))


def test_rating_matrix_and_summary():
    t = pd.DataFrame(
        {
            "case": ["A", "A", "B", "B"],
            "construct": ["cfir_complexity", "cfir_cost"] * 2,
            "rating": ["+2", "", "-1", "X"],
        }
    )
    m = ratings.rating_matrix(t).set_index("construct")
    assert m.loc["cfir_complexity", ["A", "B"]].tolist() == ["+2", "−1"]
    assert m.loc["cfir_cost", ["A", "B"]].tolist() == ["·", "X (gemengd)"]
    s = ratings.rating_summary(t).set_index("case")
    assert s.loc["A", "rated"] == 1 and s.loc["B", "rated"] == 2 and s.loc["B", "X (gemengd)"] == 1


def test_demonstration_ratings_are_what_the_script_writes():
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "scripts"))
    import generate_cfir_ratings_demo as gen

    committed = pd.read_csv(root / "data_raw" / "cfir_ratings" / "ratings.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(committed, gen.generate().astype(str))
