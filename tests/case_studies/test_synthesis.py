"""Cross-case synthesis on a small hand-checked fixture, and on the transcribed coding."""

import pandas as pd

from analysis.case_studies import synthesis


def fixture():
    nodes = pd.DataFrame(
        {
            "case_id": ["a"] * 4 + ["b"] * 3,
            "node_id": ["s", "h1", "h1x", "h2", "s", "h1", "h2"],
            "parent_id": [None, "s", "h1", "s", None, "s", "s"],
            "level": ["succes", "hoofdfactor", "onderliggend", "hoofdfactor", "succes", "hoofdfactor", "hoofdfactor"],
            "label": ["Sa", "A1", "A1x", "A2", "Sb", "B1", "B2"],
            "source": ["004_26341a46b6895ec5.txt:1"] * 7,
        }
    )
    cases = pd.DataFrame({"case_id": ["a", "b"], "title": ["Casus A", "Casus B"], "position": [1, 2]})
    cc = pd.DataFrame(
        {
            "element_id": ["cc1", "cc2"],
            "number": [1, 2],
            "label": ["Ouders", "Reflectie"],
            "source": ["004_26341a46b6895ec5.txt:204", "004_26341a46b6895ec5.txt:215"],
        }
    )
    lit = pd.DataFrame(
        {
            "element_id": ["li1", "lj2"],
            "domain": ["inhoud", "jongeren"],
            "number": [1, 2],
            "label": ["Regie", "Eén gezicht"],
            "source": ["004_26341a46b6895ec5.txt:89", "004_26341a46b6895ec5.txt:104"],
        }
    )
    coding = pd.DataFrame(
        {
            "case_id": ["a", "a", "a", "b"],
            "node_id": ["h1", "h1x", "h2", "h1"],
            "element_id": ["cc1", "cc1", "li1", "cc1"],
            "link_type": ["inhoudelijk", "expliciet", "inhoudelijk", "inhoudelijk"],
            "rationale": ["r"] * 4,
            "source": ["004_26341a46b6895ec5.txt:1"] * 4,
        }
    )
    return nodes, cases, cc, lit, coding


def test_leaf_links_count_for_their_main_factor():
    nodes, *_ = fixture()
    m = synthesis.main_factor_of(nodes)
    assert m[("a", "h1x")] == "h1" and m[("a", "h2")] == "h2" and m[("b", "s")] == "s"


def test_matrix_counts_distinct_main_factors_and_lists_evidence():
    nodes, cases, cc, lit, coding = fixture()
    coded = synthesis.coding_table(coding, nodes, cases, cc, lit)
    assert list(coded[coded["node_id"] == "h1x"]["factor_label"]) == ["A1 › A1x"]
    long = synthesis.case_element_matrix(coded, synthesis.elements(cc, lit), ["a", "b"])
    cell = long.set_index(["element_id", "case_id"])
    # h1 and its leaf h1x are one main factor
    assert cell.loc[("cc1", "a"), "n_main_factors"] == 1
    assert cell.loc[("cc1", "a"), "evidence"] == "A1 | A1 › A1x"
    assert cell.loc[("cc1", "b"), "n_main_factors"] == 1
    assert cell.loc[("cc2", "a"), "n_main_factors"] == 0
    assert cell.loc[("li1", "a"), "n_main_factors"] == 1
    wide = synthesis.matrix_wide(long, {"a": "Casus A", "b": "Casus B"})
    assert list(wide.columns) == ["element_label", "Casus A", "Casus B"]
    assert wide.set_index("element_label").loc["Reflectie", "Casus B"] == "–"
    gaps = synthesis.literature_gaps(long)
    assert list(gaps["element_id"]) == ["lj2"]
    fg = synthesis.factor_gaps(coded, nodes, ["a", "b"])
    assert list(zip(fg["case_id"], fg["node_id"])) == [("a", "h1"), ("b", "h1"), ("b", "h2")]
    summary = synthesis.element_support_summary(long).set_index("element_id")
    assert summary.loc["cc1", "n_cases"] == 2 and summary.loc["cc2", "n_cases"] == 0


def test_transcribed_synthesis(validated):
    t = validated
    coded = synthesis.coding_table(
        t["synthesis_coding"], t["tree_nodes"], t["cases"], t["cross_case_elements"], t["literature_elements"]
    )
    ids = ["de_ruiter", "visser_de_bruin", "chayenne"]
    long = synthesis.case_element_matrix(
        coded, synthesis.elements(t["cross_case_elements"], t["literature_elements"]), ids
    )
    support = synthesis.element_support_summary(long).set_index("element_id")["n_cases"]
    # NJi: element 1 comes back in all three cases (004:206), school in all three (262-266)
    assert support["cc1"] == 3 and support["cc4"] == 3
    gaps = set(synthesis.literature_gaps(long)["element_id"])
    assert gaps == {"li4", "lj4", "lc3", "lc4"}
