"""ST-RAW as a network: partners (Table 1) and projects per theme with their partners (Table 2).

Pure functions on the processed ``st_raw`` tables; each returns a tidy frame whose columns
``labels.COLUMNS`` names for display.
"""

from __future__ import annotations

import pandas as pd

from . import labels
from .indicators import first_line


def partner_counts(partners: pd.DataFrame) -> pd.DataFrame:
    """Number of partners per role (project group, advisory board), in the order of Table 1."""
    order = list(labels.ROLES)
    n = partners.groupby("role").size().reindex(order, fill_value=0)
    return pd.DataFrame(
        {"role": order, "role_label": [labels.ROLES[r] for r in order], "n": [int(n[r]) for r in order]}
    )


def partners_side_by_side(partners: pd.DataFrame) -> pd.DataFrame:
    """Table 1 as published: position, project-group member, advisory-board member."""
    wide = partners.pivot(index="position", columns="role", values="name")
    wide = wide.reindex(columns=list(labels.ROLES)).sort_index()
    return wide.reset_index().rename_axis(columns=None).fillna("")


def theme_label(themes: pd.DataFrame) -> pd.Series:
    """``"Thema 1: Doen we de juiste dingen?"``; the group without number keeps its name."""
    num = themes["number"]
    return pd.Series(
        [f"Thema {int(n)}: {name}" if pd.notna(n) else labels.NO_THEME for n, name in zip(num, themes["name"])],
        index=themes.index,
    )


def _theme_order(themes: pd.DataFrame) -> pd.DataFrame:
    t = themes.copy()
    t["theme_label"] = theme_label(t)
    t["_order"] = t["number"].astype("Float64").fillna(float("inf"))
    return t.sort_values("_order", kind="stable")


def projects_by_theme(themes: pd.DataFrame, projects: pd.DataFrame, project_themes: pd.DataFrame) -> pd.DataFrame:
    """One row per project listed under a theme (Table 2), with the other theme(s) a project
    is also listed under and the source of the listing."""
    t = _theme_order(themes)
    links = project_themes.merge(projects[["project_id", "name"]], on="project_id", how="left")
    links = links.merge(t[["theme_id", "theme_label", "_order"]], on="theme_id", how="left")
    others = []
    for pid, tid in zip(links["project_id"], links["theme_id"]):
        rest = links.loc[(links["project_id"] == pid) & (links["theme_id"] != tid), "theme_label"]
        others.append("; ".join(rest) if len(rest) else "–")
    links["also_under"] = others
    links = links.rename(columns={"name": "project"})
    links["_line"] = links["source"].map(first_line)
    return links.sort_values(["_order", "_line"], kind="stable")[
        ["theme_id", "theme_label", "project_id", "project", "also_under", "source"]
    ].reset_index(drop=True)


def theme_summary(themes: pd.DataFrame, project_themes: pd.DataFrame, theme_partners: pd.DataFrame) -> pd.DataFrame:
    """Per theme: number of projects, number of partners and the partners as listed."""
    t = _theme_order(themes)
    n_proj = project_themes.groupby("theme_id").size()
    part = theme_partners.groupby("theme_id", sort=False)["partner_label"]
    rows = []
    for r in t.itertuples(index=False):
        names = list(part.get_group(r.theme_id)) if r.theme_id in part.groups else []
        rows.append(
            {
                "theme_id": r.theme_id,
                "theme_label": r.theme_label,
                "n_projects": int(n_proj.get(r.theme_id, 0)),
                "n_partners": len(names),
                "partners": ", ".join(names),
            }
        )
    return pd.DataFrame(rows)


def partner_involvement(partners: pd.DataFrame, themes: pd.DataFrame, theme_partners: pd.DataFrame) -> pd.DataFrame:
    """Per project-group partner: in how many theme groups of Table 2 it is named (linked by
    ``partner_id``), most involved first.  Names in Table 2 that cannot be linked unambiguously
    are left out here; see :func:`unlinked_partner_labels`."""
    t = _theme_order(themes)
    short = dict(zip(t["theme_id"], [f"{int(n)}" if pd.notna(n) else "geen" for n in t["number"]]))
    pg = partners[partners["role"] == "projectgroep"]
    linked = theme_partners.dropna(subset=["partner_id"])
    rows = []
    for p in pg.itertuples(index=False):
        ids = [
            tid for tid in t["theme_id"] if ((linked["partner_id"] == p.partner_id) & (linked["theme_id"] == tid)).any()
        ]
        rows.append(
            {
                "partner_id": p.partner_id,
                "name": p.name,
                "position": int(p.position),
                "n_groups": len(ids),
                "groups": ", ".join(short[i] for i in ids) or "–",
            }
        )
    return pd.DataFrame(rows).sort_values(["n_groups", "position"], ascending=[False, True]).reset_index(drop=True)


def unlinked_partner_labels(theme_partners: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """Names in Table 2 without a unique project-group partner, with the theme and the reason."""
    t = _theme_order(themes)[["theme_id", "theme_label"]]
    out = theme_partners[theme_partners["partner_id"].isna()].merge(t, on="theme_id", how="left")
    return out[["theme_id", "theme_label", "partner_label", "remark", "source"]].reset_index(drop=True)
