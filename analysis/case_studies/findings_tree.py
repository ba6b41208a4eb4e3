"""Findings tree (bevindingenboom): the success at the root, main success factors as
branches, underlying factors as leaves (NJi learning-review method, seed 004 lines
183–185).

Structure checks are pure functions on the ``tree_nodes`` table; drawing builds
Graphviz DOT source with the ``graphviz`` package and lays it out with a real
``dot`` executable: the system Graphviz when it is on PATH, otherwise the
``graphviz-pure`` binary from the pip wheel of that name (same output on every
platform, no system install needed — useful on Windows laptops).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd

from ..privacy import count_text, is_small, threshold
from . import labels

LEVEL_STYLE = {
    "succes": {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#fde9a9", "fontsize": "15"},
    "hoofdfactor": {"shape": "box", "style": "rounded,filled", "fillcolor": "#cfe3f5", "fontsize": "13"},
    "onderliggend": {"shape": "box", "style": "filled", "fillcolor": "#f2f2f2", "fontsize": "11"},
}


class TreeProblem(ValueError):
    """A structural problem at one row of ``tree_nodes`` (index, column, Dutch message)."""

    def __init__(self, index, column: str, message: str):
        self.index, self.column, self.message = index, column, message
        super().__init__(message)


def tree_problems(nodes: pd.DataFrame) -> list[TreeProblem]:
    """All structural problems of the findings trees in ``nodes`` (one tree per case).

    Checks: exactly one root (empty ``parent_id``) per case; every parent exists in
    the same case (a node whose parent is missing is an orphan); no cycles (every
    node reaches the root by following parents). Returns an empty list when fine.
    """
    problems: list[TreeProblem] = []
    for case_id, grp in nodes.groupby("case_id", sort=False):
        ids = dict(zip(grp["node_id"].astype(str), grp.index))
        parent = {
            str(n): (None if pd.isna(p) or str(p).strip() == "" else str(p))
            for n, p in zip(grp["node_id"], grp["parent_id"])
        }
        roots = [n for n, p in parent.items() if p is None]
        if not roots:
            problems.append(
                TreeProblem(
                    grp.index[0],
                    "parent_id",
                    f"bevindingenboom van casus '{case_id}' heeft geen wortel "
                    "(precies één knoop moet een lege parent_id hebben)",
                )
            )
        for extra in roots[1:]:
            problems.append(
                TreeProblem(
                    ids[extra],
                    "parent_id",
                    f"bevindingenboom van casus '{case_id}' heeft meer dan één wortel: "
                    f"'{roots[0]}' en '{extra}' hebben allebei geen parent_id",
                )
            )
        for n, p in parent.items():
            if p is not None and p not in parent:
                problems.append(
                    TreeProblem(
                        ids[n],
                        "parent_id",
                        f"knoop '{n}' hangt los (wees): ouder '{p}' bestaat niet in de boom van casus '{case_id}'",
                    )
                )
        reported: set[str] = set()
        for n in parent:
            seen, cur = [], n
            while cur is not None and cur in parent and cur not in seen:
                seen.append(cur)
                cur = parent[cur]
            if cur is not None and cur in seen:  # walked into a loop
                loop = seen[seen.index(cur) :]
                key = min(loop)
                if key not in reported:
                    reported.add(key)
                    problems.append(
                        TreeProblem(
                            ids[key],
                            "parent_id",
                            f"cyclus in de bevindingenboom van casus '{case_id}': " + " → ".join(loop + [cur]),
                        )
                    )
    return problems


def depth(nodes: pd.DataFrame) -> pd.Series:
    """Depth of each node (root = 0), for a validated tree of one case."""
    parent = dict(zip(nodes["node_id"], nodes["parent_id"]))
    out = {}
    for n in nodes["node_id"]:
        d, cur = 0, parent[n]
        while cur is not None and not pd.isna(cur):
            d, cur = d + 1, parent[cur]
        out[n] = d
    return nodes["node_id"].map(out)


def tree_table(nodes: pd.DataFrame) -> pd.DataFrame:
    """One row per main success factor with its underlying factors joined (a tabular tree).

    The table gives the underlying factors as whole sentences (``label``, as in the figure):
    the source's own words (``source_text``) are fragments cut from a longer sentence ("Tom,
    de middelste zoon, zich veilig genoeg voelt…"), which a reader trips over; they stay in
    the data and the source line of every row leads to them.
    """
    rows = []
    main = nodes[nodes["level"] == "hoofdfactor"].sort_values("position")
    for _, m in main.iterrows():
        kids = nodes[nodes["parent_id"] == m["node_id"]].sort_values("position")
        rows.append(
            {
                "node_id": m["node_id"],
                "main_factor": m["label"],
                "underlying": "; ".join(kids["label"].astype(str)),
                "n_underlying": len(kids),
                "source": m["source"],
            }
        )
    return pd.DataFrame(rows, columns=["node_id", "main_factor", "underlying", "n_underlying", "source"])
    return nodes["source_text"].astype(object).where(nodes["source_text"].notna(), nodes["label"]).astype(str)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width)) or " "


def to_dot(nodes: pd.DataFrame, stickers: pd.DataFrame | None = None, title: str | None = None):
    """A ``graphviz.Digraph`` of one case's findings tree (left to right: success → factors).

    ``stickers`` (columns ``node_id``, ``votes``) adds the sticker count to a node's label.
    """
    import graphviz

    votes = {}
    if stickers is not None and len(stickers):
        votes = stickers.groupby("node_id")["votes"].sum().astype(int).to_dict()
    g = graphviz.Digraph("bevindingenboom")
    g.attr(rankdir="LR", nodesep="0.12", ranksep="0.35", fontname="Helvetica", bgcolor="white")
    if title:
        g.attr(label=title, labelloc="t", fontsize="18")
    g.attr("node", fontname="Helvetica", margin="0.12,0.06")
    g.attr("edge", color="#666666", arrowhead="none")
    width = {"succes": 30, "hoofdfactor": 34, "onderliggend": 48}
    for _, r in nodes.sort_values(["position"]).iterrows():
        level = r["level"] if r["level"] in LEVEL_STYLE else "onderliggend"
        text = _wrap(r["label"], width[level])
        n = votes.get(r["node_id"])
        if n is not None:  # stickers are the votes of the session's participants: a count of persons
            text += f"\n● {count_text(n)} {labels.TREE['stickers']}"
        style = dict(LEVEL_STYLE[level])
        if n:  # the line width follows the published count (a hidden count: the width of k−1)
            style["penwidth"] = str(1 + min(threshold() - 1 if is_small(n) else n, 10) * 0.4)
        g.node(str(r["node_id"]), text, **style)
    for _, r in nodes.iterrows():
        if not pd.isna(r["parent_id"]):
            g.edge(str(r["parent_id"]), str(r["node_id"]))
    return g


def dot_executable() -> list[str]:
    """The layout command: ``dot`` on PATH, else the ``graphviz-pure`` wheel's binary."""
    found = shutil.which("dot")
    if found:
        return [found]
    candidates = [
        shutil.which("graphviz-pure"),
        str(Path(sys.executable).parent / ("graphviz-pure.exe" if os.name == "nt" else "graphviz-pure")),
    ]
    for c in candidates:
        if c and Path(c).exists():
            return [c, "-Kdot"]
    raise RuntimeError("Geen Graphviz gevonden: installeer Graphviz ('dot') of het pip-pakket 'graphviz-pure'")


_DOT_LABEL = re.compile(r'\blabel=(?:"((?:[^"\\]|\\.)*)"|<(.*?)>(?=[,\]\s;])|([^\s,\];"]+))', re.S)


def dot_text(dot_source: str) -> str:
    """Every text a DOT graph draws (node labels and the title), one per line: what the
    privacy check reads in the PNG (it cannot read the pixels)."""
    out = []
    for m in _DOT_LABEL.finditer(dot_source):
        quoted, html_label, bare = m.groups()
        text = quoted if quoted is not None else (html_label if html_label is not None else bare)
        text = re.sub(r"\\([\"\\])", r"\1", text)
        out.append(re.sub(r"\\[nlr]", "\n", text))
    return "\n".join(out)


def render(dot_source: str, fmt: str) -> bytes:
    """Lay out DOT source with ``dot`` and return the ``png`` or ``svg`` bytes (a PNG carries the
    graph's texts in a text chunk, :func:`dot_text`, as every PNG figure of the build does)."""
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"format {fmt!r}: use png, svg or pdf")
    cmd = dot_executable() + [f"-T{fmt}"]
    if fmt == "png":
        cmd.append("-Gdpi=110")
    proc = subprocess.run(cmd, input=dot_source.encode("utf-8"), capture_output=True, timeout=120)
    if proc.returncode != 0 or not proc.stdout:
        raise RuntimeError(
            f"{Path(cmd[0]).name} faalde ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace')[:500]}"
        )
    if fmt == "png":
        from ..figures import with_text_chunk

        return with_text_chunk(proc.stdout, dot_text(dot_source))
    return proc.stdout
