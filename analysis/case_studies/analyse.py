"""Reader-facing tables of the case-study domain (pure: tables in, DataFrame out).

Each function returns one tidy table with Dutch category labels already applied,
ready for :func:`analysis.report.show_table` with the headers in
:data:`.labels.COLUMNS`.
"""

from __future__ import annotations

import pandas as pd

from . import labels
from .findings_tree import tree_table


def _titles(tables) -> dict[str, str]:
    return dict(zip(tables["cases"]["case_id"], tables["cases"]["title"]))


def _keep_attrs(out: pd.DataFrame, src: pd.DataFrame) -> pd.DataFrame:
    out.attrs.update(src.attrs)
    return out


def case_overview(tables: dict[str, pd.DataFrame], case_ids: list[str]) -> pd.DataFrame:
    """One row per case: where it comes from and how much the tables hold about it."""
    cases = tables["cases"].set_index("case_id")
    nodes = tables["tree_nodes"]
    rows = []
    for c in case_ids:
        n = nodes[nodes["case_id"] == c]
        rows.append(
            {
                "case_id": c,
                "title": cases.at[c, "title"],
                "method_label": labels.METHODS.get(cases.at[c, "method"], cases.at[c, "method"]),
                "collaboration": cases.at[c, "collaboration"],
                "place": cases.at[c, "place"],
                "n_events": int((tables["events"]["case_id"] == c).sum()),
                "n_episodes": int((tables["episodes"]["case_id"] == c).sum()),
                "n_main_factors": int((n["level"] == "hoofdfactor").sum()),
                "n_underlying": int((n["level"] == "onderliggend").sum()),
                "source": cases.at[c, "source"],
            }
        )
    return pd.DataFrame(rows)


def events_table(tables: dict[str, pd.DataFrame], case_ids: list[str]) -> pd.DataFrame:
    """The events of the given cases in story order, with Dutch precision and type labels.

    ``seq`` is the number printed next to the event in the life-line figure.
    """
    ev = tables["events"]
    ev = ev[ev["case_id"].isin(case_ids)].copy()
    order = {c: i for i, c in enumerate(case_ids)}
    ev = ev.assign(_o=ev["case_id"].map(order)).sort_values(["_o", "seq"]).drop(columns="_o")
    ev["case_title"] = ev["case_id"].map(_titles(tables))
    ev["precision_label"] = ev["precision"].map(labels.PRECISIONS)
    ev["type_label"] = ev["event_type"].map(labels.EVENT_TYPE_LABELS)
    ev["crisis_label"] = ev["crisis"].map({True: "ja", False: ""})
    return ev.reset_index(drop=True)


def episodes_table(tables: dict[str, pd.DataFrame], case_ids: list[str]) -> pd.DataFrame:
    """Help episodes with readable start and end ("loopt nog", "einde onbekend")."""
    ep = tables["episodes"]
    ep = ep[ep["case_id"].isin(case_ids)].copy()
    ep["case_title"] = ep["case_id"].map(_titles(tables))
    ep["end_label"] = [
        e if isinstance(e, str) and e else labels.END_STATUS[s] for e, s in zip(ep["end"].fillna(""), ep["end_status"])
    ]
    return ep.reset_index(drop=True)


def roles_table(tables: dict[str, pd.DataFrame], case_ids: list[str]) -> pd.DataFrame:
    """Current help and division of roles for the given cases."""
    ro = tables["roles"]
    out = ro[ro["case_id"].isin(case_ids)].copy()
    out["case_title"] = out["case_id"].map(_titles(tables))
    out["involvement"] = out["involvement"].map(labels.INVOLVEMENT)
    out["organisation"] = out["organisation"].fillna("–")
    return _keep_attrs(out.reset_index(drop=True), ro)


def findings_table(tables: dict[str, pd.DataFrame], case_ids: list[str]) -> pd.DataFrame:
    """Findings trees as a table: case, main success factor, its underlying factors."""
    parts = []
    for c in case_ids:
        nodes = tables["tree_nodes"][tables["tree_nodes"]["case_id"] == c]
        t = tree_table(nodes)
        t.insert(0, "case_title", _titles(tables)[c])
        parts.append(t)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def lessons_table(tables: dict[str, pd.DataFrame], case_ids: list[str]) -> pd.DataFrame:
    """'Wat werkt' points and recommendations per case."""
    le = tables["lessons"]
    out = le[le["case_id"].isin(case_ids)].copy()
    out["case_title"] = out["case_id"].map(_titles(tables))
    out["kind_label"] = out["kind"].map(labels.LESSON_KINDS)
    order = {c: i for i, c in enumerate(case_ids)}
    out = out.assign(_o=out["case_id"].map(order)).sort_values(["_o", "kind", "number"], ascending=[True, False, True])
    return out.drop(columns="_o").reset_index(drop=True)


def factors_table(tables: dict[str, pd.DataFrame], case_ids: list[str]) -> pd.DataFrame:
    """Success and failure factors of portraits and practice cases."""
    pf = tables["portrait_factors"]
    out = pf[pf["case_id"].isin(case_ids)].copy()
    out["case_title"] = out["case_id"].map(_titles(tables))
    out["valence"] = out["valence"].map(labels.VALENCE)
    return out.reset_index(drop=True)
