"""Pilot × rode-lijn matrices and lesson counts.

Pure functions: tidy frames in (the processed ``idu_lessons`` tables), tidy frames out.
Counts are counts of *lessons* (rows of ``lessons``), never of persons.  A lesson linked to
two rode lijnen counts once in each; the margin "lessen" of a pilot counts each lesson once.
Every pilot and programme activity of the pilots table appears in every matrix, with
zeros where it contributes nothing.
"""

from __future__ import annotations

import pandas as pd

from .labels import LESSON_TYPE_ORDER, short_source


def lesson_counts(lessons: pd.DataFrame, pilots: pd.DataFrame) -> pd.DataFrame:
    """Lessons per pilot and lesson type: one row per pilot (table order), one column per type, plus ``total``."""
    counts = (
        lessons.groupby(["pilot_id", "lesson_type"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(pilots["pilot_id"]), columns=LESSON_TYPE_ORDER, fill_value=0)
    )
    counts["total"] = counts.sum(axis=1)
    counts.index.name = "pilot_id"
    out = counts.reset_index().merge(pilots[["pilot_id", "name", "kind"]], on="pilot_id", how="left")
    return out[["pilot_id", "name", "kind", *LESSON_TYPE_ORDER, "total"]].astype(
        {c: "int64" for c in [*LESSON_TYPE_ORDER, "total"]}
    )


def links_long(lessons: pd.DataFrame, links: pd.DataFrame, primary_only: bool = False) -> pd.DataFrame:
    """Links joined with their lesson (pilot, type, text, source): one row per lesson × rode lijn."""
    ln = links if not primary_only else links[links["rank"] == 1]
    return ln.merge(
        lessons[["lesson_id", "pilot_id", "component_id", "lesson_type", "lesson", "source"]],
        on="lesson_id",
        how="left",
        validate="many_to_one",
    )


def pilot_rode_lijn_matrix(
    lessons: pd.DataFrame,
    links: pd.DataFrame,
    pilots: pd.DataFrame,
    rode_lijnen: pd.DataFrame,
    lesson_type: str | None = None,
    primary_only: bool = False,
) -> pd.DataFrame:
    """Count of lessons per pilot (rows, all pilots in table order) × rode lijn (columns RL01–RL12).

    ``lesson_type`` restricts to one type of lesson; ``primary_only`` counts only rank-1 links.
    """
    long = links_long(lessons, links, primary_only)
    if lesson_type is not None:
        long = long[long["lesson_type"] == lesson_type]
    m = (
        long.groupby(["pilot_id", "rode_lijn_id"])["lesson_id"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(index=list(pilots["pilot_id"]), columns=list(rode_lijnen["rode_lijn_id"]), fill_value=0)
    )
    m.index.name, m.columns.name = "pilot_id", "rode_lijn_id"
    return m.astype("int64")


def matrix_by_type(
    lessons: pd.DataFrame, links: pd.DataFrame, pilots: pd.DataFrame, rode_lijnen: pd.DataFrame
) -> pd.DataFrame:
    """Long form of the matrix split by lesson type: pilot_id, rode_lijn_id, lesson_type, n (zeros included)."""
    long = links_long(lessons, links)
    n = long.groupby(["pilot_id", "rode_lijn_id", "lesson_type"])["lesson_id"].nunique()
    full = pd.MultiIndex.from_product(
        [list(pilots["pilot_id"]), list(rode_lijnen["rode_lijn_id"]), LESSON_TYPE_ORDER],
        names=["pilot_id", "rode_lijn_id", "lesson_type"],
    )
    return n.reindex(full, fill_value=0).rename("n").astype("int64").reset_index()


def theme_support(
    lessons: pd.DataFrame,
    links: pd.DataFrame,
    pilots: pd.DataFrame,
    rode_lijnen: pd.DataFrame,
    primary_only: bool = False,
    components: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per rode lijn: lessons, pilots behind it, and how concentrated the support is.

    Columns: ``n_lessons``, ``n_primary`` (rank-1 links), ``n_pilots``, ``pilots`` (names in
    table order, joined by "; " since names contain commas), ``single_pilot`` (exactly one pilot or programme activity), ``top_pilot`` and
    ``top_share`` (the pilot contributing most lessons and its share of the theme's lessons).
    With ``components`` given, the same is computed one level down (onderdelen instead of
    pilots: ``n_pilots`` then counts components).
    """
    long = links_long(lessons, links, primary_only)
    if components is not None:
        key, units = "component_id", components.rename(columns={"component_id": "_id"})
    else:
        key, units = "pilot_id", pilots.rename(columns={"pilot_id": "_id"})
    names = dict(zip(units["_id"], units["name"]))
    order = {p: i for i, p in enumerate(units["_id"])}
    rows = []
    for rid, title in zip(rode_lijnen["rode_lijn_id"], rode_lijnen["title"]):
        sub = long[long["rode_lijn_id"] == rid]
        per = sub.groupby(key)["lesson_id"].nunique()
        plist = sorted(per.index, key=order.get)
        n = int(sub["lesson_id"].nunique())
        top = max(plist, key=lambda p: (per[p], -order[p])) if plist else None
        rows.append(
            {
                "rode_lijn_id": rid,
                "title": title,
                "n_lessons": n,
                "n_primary": int((sub["rank"] == 1).sum()),
                "n_pilots": len(plist),
                "pilots": "; ".join(names[p] for p in plist),  # names contain commas
                "single_pilot": len(plist) == 1,
                "top_pilot": names[top] if top else "",
                "top_share": per[top] / n if n else 0.0,
            }
        )
    return pd.DataFrame(rows)


ADDED_MARK = " (trefwoord toegevoegd door de analist)"


def added_keyword_links(links: pd.DataFrame, rode_lijnen: pd.DataFrame) -> pd.DataFrame:
    """Per rode lijn: the keywords the analyst added (not in the cited lines of the source) and
    how many links rest on them (``keyword_basis = toegevoegd``).

    Columns: ``rode_lijn_id``, ``title``, ``added_keywords`` ("" when none), ``n_links``,
    ``n_on_added``.  Rows in the order of ``rode_lijnen``.
    """
    basis = links.get("keyword_basis", pd.Series("bron", index=links.index))
    on_added = links.assign(_added=basis.eq("toegevoegd")).groupby("rode_lijn_id")["_added"]
    added = rode_lijnen.get("added_keywords", pd.Series("", index=rode_lijnen.index))
    return pd.DataFrame(
        {
            "rode_lijn_id": rode_lijnen["rode_lijn_id"].to_numpy(),
            "title": rode_lijnen["title"].to_numpy(),
            "added_keywords": added.fillna("").astype(str).str.strip().to_numpy(),
            "n_links": rode_lijnen["rode_lijn_id"].map(on_added.size()).fillna(0).astype("int64").to_numpy(),
            "n_on_added": rode_lijnen["rode_lijn_id"].map(on_added.sum()).fillna(0).astype("int64").to_numpy(),
        }
    )


def single_pilot_themes(support: pd.DataFrame) -> pd.DataFrame:
    """The rode lijnen that rest on one pilot only (from :func:`theme_support`)."""
    return support[support["single_pilot"]].reset_index(drop=True)


def rode_lijn_evidence(
    lessons: pd.DataFrame, links: pd.DataFrame, pilots: pd.DataFrame, rode_lijn_id: str
) -> pd.DataFrame:
    """The lessons behind one rode lijn: pilot name, lesson type, lesson, rank, justification, short source.

    A justification resting on an analyst-added keyword ends with :data:`ADDED_MARK`."""
    long = links_long(lessons, links)
    sub = long[long["rode_lijn_id"] == rode_lijn_id].merge(
        pilots[["pilot_id", "name"]].rename(columns={"name": "pilot_name"}), on="pilot_id"
    )
    order = {p: i for i, p in enumerate(pilots["pilot_id"])}
    sub = sub.assign(_o=sub["pilot_id"].map(order)).sort_values(["_o", "rank", "lesson_id"])
    sub["source"] = sub["source"].map(short_source)
    if "keyword_basis" in sub:  # the reader sees which links rest on a keyword the analyst added
        added = sub["keyword_basis"].eq("toegevoegd")
        sub.loc[added, "justification"] = sub.loc[added, "justification"] + ADDED_MARK
    return sub[["pilot_name", "lesson_type", "lesson", "rank", "justification", "source", "lesson_id"]].reset_index(
        drop=True
    )


def unlinked_lessons(lessons: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Lessons that the coding did not link to any rode lijn."""
    out = lessons[~lessons["lesson_id"].isin(links["lesson_id"])].copy()
    out["source"] = out["source"].map(short_source)
    return out[["lesson_id", "pilot_id", "lesson_type", "lesson", "source"]].reset_index(drop=True)


def coverage(lessons: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Per lesson type: lessons, lessons with at least one link, share linked, mean links per lesson."""
    n_links = links.groupby("lesson_id").size()
    df = lessons[["lesson_id", "lesson_type"]].assign(n_links=lambda d: d["lesson_id"].map(n_links).fillna(0))
    g = df.groupby("lesson_type").agg(
        n_lessons=("lesson_id", "size"),
        n_linked=("n_links", lambda s: int((s > 0).sum())),
        mean_links=("n_links", "mean"),
    )
    g = g.reindex(LESSON_TYPE_ORDER).fillna(0)
    total = pd.DataFrame(
        {"n_lessons": [len(df)], "n_linked": [int((df["n_links"] > 0).sum())], "mean_links": [df["n_links"].mean()]},
        index=["totaal"],
    )
    g = pd.concat([g, total])
    g["share_linked"] = g["n_linked"] / g["n_lessons"]
    g.index.name = "lesson_type"
    return g.reset_index().astype({"n_lessons": "int64", "n_linked": "int64"})
