"""Findings-tree structure checks and Graphviz drawing on small hand-made trees."""

import pandas as pd
import pytest

from analysis.case_studies import findings_tree


def tree(rows):
    df = pd.DataFrame(rows, columns=["case_id", "node_id", "parent_id", "level", "position", "label"])
    return df.assign(source="004_26341a46b6895ec5.txt:460")


GOOD = [
    ("x", "s", None, "succes", 1, "Succes"),
    ("x", "a", "s", "hoofdfactor", 1, "Factor A"),
    ("x", "b", "s", "hoofdfactor", 2, "Factor B"),
    ("x", "a1", "a", "onderliggend", 1, "Blad A1"),
    ("x", "a2", "a", "onderliggend", 2, "Blad A2"),
]


def test_good_tree_has_no_problems_and_depths():
    t = tree(GOOD)
    assert findings_tree.tree_problems(t) == []
    assert list(findings_tree.depth(t)) == [0, 1, 1, 2, 2]
    table = findings_tree.tree_table(t)
    assert list(table["main_factor"]) == ["Factor A", "Factor B"]
    assert list(table["underlying"]) == ["Blad A1; Blad A2", ""]
    assert list(table["n_underlying"]) == [2, 0]


def test_two_roots_no_root_orphan_cycle_each_found_at_their_row():
    two_roots = tree(GOOD + [("x", "r2", None, "succes", 2, "Tweede wortel")])
    [p] = findings_tree.tree_problems(two_roots)
    assert p.index == 5 and "meer dan één wortel" in p.message

    orphan = tree(GOOD + [("x", "z", "q", "onderliggend", 1, "Wees")])
    [p] = findings_tree.tree_problems(orphan)
    assert p.index == 5 and "ouder 'q' bestaat niet" in p.message

    cyc = tree(GOOD + [("x", "c1", "c2", "onderliggend", 1, "C1"), ("x", "c2", "c1", "onderliggend", 2, "C2")])
    [p] = findings_tree.tree_problems(cyc)
    assert p.index == 5 and "c1 → c2 → c1" in p.message

    rootless = tree([("y", "a", "b", "hoofdfactor", 1, "A"), ("y", "b", "a", "hoofdfactor", 2, "B")])
    probs = findings_tree.tree_problems(rootless)
    assert {p.message.split(":")[0] for p in probs} >= {
        "bevindingenboom van casus 'y' heeft geen wortel (precies één knoop moet een lege parent_id hebben)"
    }


def test_trees_of_different_cases_are_checked_separately():
    t = tree(GOOD + [("y", "s", None, "succes", 1, "Ander succes")])
    assert findings_tree.tree_problems(t) == []


def test_dot_source_has_every_node_edge_and_sticker_count():
    t = tree(GOOD)
    stickers = pd.DataFrame({"node_id": ["a", "a1", "a2"], "votes": [3, 0, 7]})
    dot = findings_tree.to_dot(t, stickers, title="Boom").source
    for n in ("s", "a", "b", "a1", "a2"):
        assert f"\t{n} [" in dot
    assert dot.count("->") == 4
    # stickers are votes of the session's participants: 3 is under the threshold (privacy policy)
    assert "● <5 stickers" in dot and "● 0 stickers" in dot and "● 7 stickers" in dot
    assert "● 3" not in dot
    assert "rankdir=LR" in dot


def test_rendering_with_dot_gives_svg_and_png():
    t = tree(GOOD)
    src = findings_tree.to_dot(t).source
    svg = findings_tree.render(src, "svg")
    assert b"<svg" in svg and b"Factor A" in svg
    png = findings_tree.render(src, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError):
        findings_tree.render(src, "gif")


def test_tree_table_gives_underlying_factors_as_whole_sentences(validated):
    """The source's words are fragments cut from a sentence; the table shows the factor as a
    whole sentence, like the figure (004_…txt:674-679: "Tom, de middelste zoon, zich veilig
    genoeg voelt op school…")."""
    from analysis.case_studies.findings_tree import tree_table

    nodes = validated["tree_nodes"]
    visser = tree_table(nodes[nodes["case_id"] == "visser_de_bruin"]).set_index("node_id")
    assert visser.loc["h2", "underlying"].startswith(
        "Tom voelt zich veilig genoeg op school om zijn zorgen bij de juf te uiten; School voelt zich betrokken"
    )
    factors = [f for cell in tree_table(nodes)["underlying"] for f in cell.split("; ")]
    assert factors and all(f[0].isupper() for f in factors)
    table = tree_table(nodes[nodes["case_id"] == "de_ruiter"]).set_index("node_id")
    # hand-checked against 004_…txt:460-522: 2, 4, 3, 2 and 5 contributing factors
    assert table["n_underlying"].tolist() == [2, 4, 3, 2, 5]
