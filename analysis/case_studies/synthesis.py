"""Cross-case synthesis: success factors of each case against working elements.

The coding itself is data (``synthesis_coding``, an analysis step of this
repository, reviewable row by row): a factor of a findings tree is linked to one
of the five cross-case working elements (NJi 2019, seed 004 lines 186–290) or to a
literature working element (lines 80–116).  The rule:

* ``expliciet`` — the cross-case text itself refers to this case's situation
  (e.g. line 249, the girl who was never spoken to alone, is Eline);
* ``inhoudelijk`` — the factor names the same mechanism as the element.

A link made at an underlying factor counts as evidence for its main success
factor.  The functions below are pure: they join, aggregate and find gaps.
"""

from __future__ import annotations

import pandas as pd

from . import labels


def main_factor_of(nodes: pd.DataFrame) -> pd.Series:
    """For every node (key ``(case_id, node_id)``), the main success factor above it.

    The root maps to itself; a main factor to itself; an underlying factor to its
    ancestor at level ``hoofdfactor``.
    """
    parent = {(c, n): p for c, n, p in zip(nodes["case_id"], nodes["node_id"], nodes["parent_id"])}
    level = {(c, n): lv for c, n, lv in zip(nodes["case_id"], nodes["node_id"], nodes["level"])}
    out = {}
    for key in parent:
        cur = key
        while level[cur] == "onderliggend" and not pd.isna(parent[cur]):
            cur = (cur[0], parent[cur])
        out[key] = cur[1]
    return pd.Series(out)


def elements(cross_case: pd.DataFrame, literature: pd.DataFrame) -> pd.DataFrame:
    """All working elements in one table: element_id, kind, group, order, label, source."""
    cc = cross_case.assign(
        kind="casusoverstijgend", group=labels.SYNTHESIS["cross_case"], order=cross_case["number"].astype(int)
    )
    domain_order = {d: i for i, d in enumerate(labels.LITERATURE_DOMAINS)}
    lit = literature.assign(
        kind="literatuur",
        group=literature["domain"].map(labels.LITERATURE_DOMAINS),
        order=100 + literature["domain"].map(domain_order) * 10 + literature["number"].astype(int),
    )
    cols = ["element_id", "kind", "group", "order", "label", "source"]
    return pd.concat([cc[cols], lit[cols]], ignore_index=True).sort_values("order", ignore_index=True)


def coding_table(
    coding: pd.DataFrame, nodes: pd.DataFrame, cases: pd.DataFrame, cross_case: pd.DataFrame, literature: pd.DataFrame
) -> pd.DataFrame:
    """The coding with readable labels: one row per (factor, element) link.

    Columns: case_id, case_title, node_id, main_node_id, main_factor, factor_label,
    element_id, element_kind, element_label, link_type, link_label, rationale, source.
    """
    mains = main_factor_of(nodes)
    node_label = {(c, n): lab for c, n, lab in zip(nodes["case_id"], nodes["node_id"], nodes["label"])}
    el = elements(cross_case, literature).set_index("element_id")
    title = dict(zip(cases["case_id"], cases["title"]))
    rows = []
    for r in coding.itertuples(index=False):
        main = mains[(r.case_id, r.node_id)]
        main_label = node_label[(r.case_id, main)]
        own = node_label[(r.case_id, r.node_id)]
        rows.append(
            {
                "case_id": r.case_id,
                "case_title": title.get(r.case_id, r.case_id),
                "node_id": r.node_id,
                "main_node_id": main,
                "main_factor": main_label,
                "factor_label": main_label if main == r.node_id else f"{main_label} › {own}",
                "element_id": r.element_id,
                "element_kind": el.at[r.element_id, "kind"],
                "element_label": el.at[r.element_id, "label"],
                "element_order": el.at[r.element_id, "order"],
                "link_type": r.link_type,
                "link_label": labels.LINK_TYPES[r.link_type].split(" (")[0],
                "rationale": r.rationale,
                "source": r.source,
            }
        )
    cols = [
        "case_id",
        "case_title",
        "node_id",
        "main_node_id",
        "main_factor",
        "factor_label",
        "element_id",
        "element_kind",
        "element_label",
        "element_order",
        "link_type",
        "link_label",
        "rationale",
        "source",
    ]
    out = pd.DataFrame(rows, columns=cols)
    case_pos = dict(zip(cases["case_id"], cases["position"]))
    return (
        out.assign(_c=out["case_id"].map(case_pos))
        .sort_values(["element_order", "_c", "main_node_id"])
        .drop(columns="_c")
        .reset_index(drop=True)
    )


def case_element_matrix(coded: pd.DataFrame, all_elements: pd.DataFrame, case_ids: list[str]) -> pd.DataFrame:
    """Long case × element table: n main factors supporting the element, and the evidence.

    One row per (element, case) for every element and every case in ``case_ids``
    (zero when no factor supports it). ``evidence`` lists the distinct main success
    factors (with the underlying factor where the link was made there).
    """
    rows = []
    for e in all_elements.itertuples(index=False):
        for c in case_ids:
            hit = coded[(coded["element_id"] == e.element_id) & (coded["case_id"] == c)]
            rows.append(
                {
                    "element_id": e.element_id,
                    "element_kind": e.kind,
                    "group": e.group,
                    "element_label": e.label,
                    "element_order": e.order,
                    "case_id": c,
                    "n_main_factors": int(hit["main_node_id"].nunique()),
                    "evidence": " | ".join(dict.fromkeys(hit["factor_label"])),
                }
            )
    return pd.DataFrame(rows)


def matrix_wide(long: pd.DataFrame, case_titles: dict[str, str], value: str = "evidence") -> pd.DataFrame:
    """Wide view: one row per element, one column per case (titles), cells = evidence or counts."""
    wide = long.pivot_table(
        index=["element_order", "element_label"], columns="case_id", values=value, aggfunc="first", sort=False
    )
    order = [c for c in case_titles if c in wide.columns]
    wide = wide[order].reset_index().sort_values("element_order").drop(columns="element_order")
    if value == "evidence":
        wide[order] = wide[order].replace("", "–")
    return wide.rename(columns=case_titles).reset_index(drop=True)


def literature_gaps(long: pd.DataFrame) -> pd.DataFrame:
    """Literature elements that no case supports (no linked factor in any case)."""
    lit = long[long["element_kind"] == "literatuur"]
    support = lit.groupby("element_id")["n_main_factors"].sum()
    missing = support[support == 0].index
    return (
        lit[lit["element_id"].isin(missing)]
        .drop_duplicates("element_id")[["element_id", "group", "element_label", "element_order"]]
        .sort_values("element_order")
        .reset_index(drop=True)
    )


def factor_gaps(coded: pd.DataFrame, nodes: pd.DataFrame, case_ids: list[str]) -> pd.DataFrame:
    """Main success factors that no literature element covers (neither they nor their leaves)."""
    covered = set(
        zip(
            coded.loc[coded["element_kind"] == "literatuur", "case_id"],
            coded.loc[coded["element_kind"] == "literatuur", "main_node_id"],
        )
    )
    mains = nodes[(nodes["level"] == "hoofdfactor") & nodes["case_id"].isin(case_ids)]
    keep = [(c, n) not in covered for c, n in zip(mains["case_id"], mains["node_id"])]
    return mains[keep][["case_id", "node_id", "label", "source"]].reset_index(drop=True)


def element_support_summary(long: pd.DataFrame) -> pd.DataFrame:
    """Per element: in how many cases at least one factor supports it."""
    g = long.groupby(["element_order", "element_id", "element_kind", "element_label"], sort=True)
    return (
        g.agg(n_cases=("n_main_factors", lambda s: int((s > 0).sum())), n_main_factors=("n_main_factors", "sum"))
        .reset_index()
        .drop(columns="element_order")
    )
