"""One privacy decision for every count on the effects page (tables, text, figures).

The effects page shows the same people in many tables: the response flow, the forms per
wave, pairs per scale, RCI categories, transitions, the baseline cross-table, the group
changes and the data's percentages next to the published ones.  A count hidden in one
table must not be recoverable from another, so all counts get a key here, every relation
between them a reader could use is listed (total = sum of parts; the same count shown
twice is ``a = b``), and :func:`analysis.privacy.decide` decides once for the page.

A relation is only kept when it holds in the data (it is then an equation a reader can
solve); this keeps the model right for real exports whose groups do not add up the way
the demonstration data do.
"""

from __future__ import annotations

from ..privacy import Decision, decide


def _add(values: dict, key, n) -> None:
    values[key] = int(n)


def page_counts(res) -> tuple[dict, list]:
    """Every count of persons published on the effects page, and the relations between them."""
    from .effects import category_counts
    from .helmond import quantities

    v: dict = {}
    sums: list = []

    def rel(total, parts):
        if all(k in v or k == total for k in parts) and (total not in v or v[total] == sum(v[p] for p in parts)):
            sums.append((total, list(parts)))

    def same(a, b):
        if a in v and b in v and v[a] == v[b]:
            sums.append((a, [b]))

    flow = dict(zip(res.flow["group"], res.flow["n"]))
    for g, n in flow.items():
        _add(v, ("flow", g), n)
    rel(("flow", "all"), [("flow", "both"), ("flow", "baseline_only"), ("flow", "none")])
    if res.age_outside_ari:  # the summary text: "bij 15 van de 19 ouders met een vragenlijst"
        _add(v, ("with_form",), flow["both"] + flow["baseline_only"])
        _add(v, ("age_outside_ari",), res.age_outside_ari)
        rel(("with_form",), [("flow", "both"), ("flow", "baseline_only")])
    if res.no_norm:
        _add(v, ("no_norm",), res.no_norm)

    # forms, scored and missing scale scores per wave (table "ontbrekend")
    for r in res.missing.itertuples(index=False):
        fk, sk, mk = (
            ("forms", r.instrument, r.wave),
            ("scored", r.instrument, r.wave, r.scale),
            ("missing", r.instrument, r.wave, r.scale),
        )
        _add(v, fk, r.forms)
        _add(v, sk, r.scored)
        _add(v, mk, r.missing_too_few_items)
        rel(fk, [sk, mk])
    for inst in res.missing["instrument"].unique():
        rel(("forms", inst, "t0"), [("flow", "both"), ("flow", "baseline_only")])
        rel(("forms", inst, "t1"), [("flow", "both")])

    # complete cases for alpha/omega (table "betrouwbaarheid")
    for r in res.reliability.itertuples(index=False):
        _add(v, ("complete", r.instrument, r.scale), r.n_complete)

    # pairs per scale and RCI categories (tables "effecten", "rci"; slope chart titles; JT legend)
    for r in res.effects.itertuples(index=False):
        _add(v, ("pairs", r.scale), r.n_pairs)
        same(("pairs", r.scale), ("flow", "both"))
    for ch in (res.sdq_change, res.ari_change):
        if ch.empty:
            continue
        for r in category_counts(ch).itertuples(index=False):
            d = r._asdict()
            keys = [("rci", d["scale"], c) for c in d if c != "scale"]
            for key, c in zip(keys, [c for c in d if c != "scale"]):
                _add(v, key, d[c])
            rel(("pairs", d["scale"]), keys)

    # baseline cross-table (SDQ elevated × ARI high) and its row totals
    for r in res.crosstab.itertuples(index=False):
        _add(v, ("ct", bool(r.sdq_elevated), bool(r.ari_high)), r.n)
        _add(v, ("ct_row", bool(r.sdq_elevated)), r.n_row)
    for el in (True, False):
        rel(("ct_row", el), [("ct", el, True), ("ct", el, False)])
    rel(("flow", "both"), [("ct_row", True), ("ct_row", False)])
    rel(("pairs", "total_difficulties"), [("ct_row", True), ("ct_row", False)])
    # elevated / not elevated among all parents with both waves (the summary's headline share;
    # equal to the cross-table's rows only when every such parent has an ARI-CP score)
    q = quantities(res)
    _add(v, ("el", True), q["elevated"])
    _add(v, ("el", False), q["not_elevated"])
    for el in (True, False):
        same(("el", el), ("ct_row", el))
    rel(("flow", "both"), [("el", True), ("el", False)])
    rel(("pairs", "total_difficulties"), [("el", True), ("el", False)])

    # transitions over the cut-off (table "overgangen")
    for r in res.transitions.itertuples(index=False):
        _add(v, ("tr", r.measure, r.transition), r.n)
    for m in res.transitions["measure"].unique():
        t = lambda tr: ("tr", m, tr)  # noqa: E731
        if m == "sdq_total":
            for el in ("ct_row", "el"):
                rel((el, True), [t("elevated->normal"), t("elevated->elevated")])
                rel((el, False), [t("normal->elevated"), t("normal->normal")])
        else:
            v[("ari_high_t0",)] = v.get(("ct", True, True), 0) + v.get(("ct", False, True), 0)
            rel(("ari_high_t0",), [("ct", True, True), ("ct", False, True)])
            rel(("ari_high_t0",), [t("elevated->normal"), t("elevated->elevated")])
            del v[("ari_high_t0",)]  # not published itself: an unknown total linking two tables
        rel(
            ("flow", "both"),
            [t("elevated->normal"), t("elevated->elevated"), t("normal->elevated"), t("normal->normal")],
        )

    # group changes and the data's side of the published percentages (tables "groepsverandering",
    # "gepubliceerd"; the summary text)
    key = quantity_key
    for name, n in quantities(res).items():
        if key(name) not in v:
            _add(v, key(name), n)
    ari_measure = [m for m in res.transitions["measure"].unique() if m != "sdq_total"]
    if ari_measure:
        same(key("no_longer_high_among_high"), ("tr", ari_measure[0], "elevated->normal"))
    rel(
        key("reliable_improvement_all"),
        [key("reliable_improvement_among_elevated"), key("reliable_improvement_among_not_elevated")],
    )
    rel(
        key("reliable_improvement_all"),
        [("rci", "total_difficulties", "recovered"), ("rci", "total_difficulties", "improved")],
    )

    # the group-change table's own counts, linked to the counts they equal
    for r in res.group_change.itertuples(index=False):
        _add(v, ("gc", r.measure, "n"), r.n)
        _add(v, ("gc", r.measure, "den"), r.denominator)
        num_key, den_key = GROUP_CHANGE_KEYS[r.measure]
        same(("gc", r.measure, "n"), num_key)
        same(("gc", r.measure, "den"), den_key)

    # attrition table: the same groups per scale
    for r in res.attrition.itertuples(index=False):
        _add(v, ("attr_both", r.scale), r.n_completers)
        _add(v, ("attr_base", r.scale), r.n_baseline_only)
        same(("attr_both", r.scale), ("flow", "both"))
        same(("attr_base", r.scale), ("flow", "baseline_only"))
    return v, sums


GROUP_CHANGE_KEYS = {  # group_change measure -> (numerator key, denominator key)
    "sdq_reliable_improvement_among_elevated": (("q", "reliable_improvement_among_elevated"), ("el", True)),
    "ari_high_among_elevated": (("ct", True, True), ("ct_row", True)),
    "ari_no_longer_high_among_high": (("q", "no_longer_high_among_high"), ("ct", True, True)),
}

QUANTITY_KEYS = {
    "n_all": ("flow", "all"),
    "n_both": ("flow", "both"),
    "n_baseline_only": ("flow", "baseline_only"),
    "n_none": ("flow", "none"),
    "elevated": ("el", True),
    "not_elevated": ("el", False),
    "with_ari_elevated": ("ct_row", True),
    "with_ari_not_elevated": ("ct_row", False),
    "high_among_elevated": ("ct", True, True),
    "low_among_not_elevated": ("ct", False, False),
}


def quantity_key(name: str):
    """The page key of a named quantity of :func:`.helmond.quantities`."""
    return QUANTITY_KEYS.get(name, ("q", name))


def of(res) -> Decision:
    """The page's decision (computed once per analysis result)."""
    if "disclosure" not in res.extra:
        values, sums = page_counts(res)
        res.extra["disclosure"] = decide(values, sums, keep=[("flow", "all"), ("flow", "both")])
    return res.extra["disclosure"]
