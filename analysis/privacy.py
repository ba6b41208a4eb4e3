"""What may be published: one decision for every table, figure, text fragment and download.

Counts of persons below a threshold (``analysis.toml`` → ``[privacy] min_cell``,
default 5) could point to a child, a family or one professional.  The rules:

* **Primary suppression**: a count 1 … threshold−1 reads ``"<5"`` (with the configured
  threshold; pages take the label from :func:`small_label`, never type it).  Zero stays
  zero (it identifies nobody).
* **Secondary (complementary) suppression**: when a hidden count could be recovered by
  subtraction from a published total (or from another table on the same page), a further
  count is hidden.  It is marked ``"×"`` (:data:`PROTECTED`) with the footnote
  :func:`footnote`, never ``"<5"``: it may well be 5 or more.
* Percentages computed from a hidden count are hidden with it (``"–"``).
* **Figures** take their count labels from the same decision (:func:`count_label`).
* **Person-level figures** of real data (one dot or line per parent) are replaced by
  aggregated views unless ``[privacy] person_level_figures = true`` (:func:`person_level_allowed`).

:func:`decide` makes the decision for a set of named counts and the sums that connect
them; :func:`recoverable` checks it by linear programming (the exact range of each
hidden count given everything published), so a test can show that nothing hidden can be
worked out.  ``python -m analysis privacy-check`` (:mod:`analysis.privacy_check`) checks
the built site.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Hashable, Iterable, Mapping, Sequence

from .config import min_cell, settings

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PRIMARY = "primary"
SECONDARY = "secondary"
PROTECTED = "×"
DASH = "–"


# ---------------------------------------------------------------- settings and labels


def threshold() -> int:
    """Smallest count of persons that may be published (``[privacy] min_cell``)."""
    return min_cell()


def small_label(k: int | None = None) -> str:
    """The label of a primary-suppressed count: ``"<5"`` with the configured threshold."""
    return f"<{threshold() if k is None else int(k)}"


def is_small(n, k: int | None = None) -> bool:
    """A count 1 … k−1 (a count that must not be published)."""
    k = threshold() if k is None else int(k)
    try:
        v = float(n)
    except (TypeError, ValueError):
        return False
    return not math.isnan(v) and 0 < v < k


def footnote(k: int | None = None, secondary: bool = True) -> str:
    """Dutch footnote that explains the marks (pages and tables show it under the table)."""
    text = f"{small_label(k)}: minder dan {threshold() if k is None else int(k)} personen, niet getoond."
    if secondary:
        text += (
            f" {PROTECTED}: niet getoond om een kleiner aantal te beschermen dat anders uit een totaal "
            "te berekenen is (secundaire onderdrukking)."
        )
    return text


def person_level_allowed(demonstration: bool) -> bool:
    """May a figure draw one mark per person?  Always for demonstration data; for real data
    only when the researcher opted in (``[privacy] person_level_figures = true``)."""
    return bool(demonstration) or bool(settings()["privacy"].get("person_level_figures", False))


def count_text(n, k: int | None = None) -> str:
    """A single count as text (primary suppression only: use a :class:`Decision` when the
    count is connected to a published total)."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return DASH
    return small_label(k) if is_small(n, k) else str(int(n))


def band_hidden(lower, upper=None, k: int | None = None) -> bool:
    """Must a published count of persons given as a band ``lower``–``upper`` (``upper`` None:
    exact, NaN: open-ended "≥ lower") be hidden?  Yes when every value it allows is a small
    count: an exact 1 … k−1, or a band whose upper end is below k (0–3 says "at most 3")."""
    k = threshold() if k is None else int(k)
    try:
        lo = float(lower)
    except (TypeError, ValueError):
        return False
    hi = lo if upper is None else upper
    try:
        hi = float(hi)
    except (TypeError, ValueError):
        return False
    if math.isnan(lo):
        return False
    if math.isnan(hi):  # "≥ lower": no small count is pinned down
        return False
    return 0 < hi < k


# Units of long-format figure tables (one row per published figure, a ``unit`` column): those that
# count persons, and those that do not.  A figure table's test checks that every unit it uses is in
# one of the two, so a new unit ("ouders") cannot reach a page unjudged.
PERSON_UNITS = frozenset(
    {
        "professionals",
        "personen",
        "respondenten",
        "deelnemers",
        "ouders",
        "jeugdigen",
        "kinderen",
        "gezinnen",
        "leerlingen",
        "cliënten",
        "medewerkers",
    }
)
OTHER_UNITS = frozenset({"procent", "procent_verandering", "maanden", "jaar", "sterren", "punten", "richting"})
COUNT_UNIT = "aantal"  # a plain count: of persons when the figure's label or population names persons


def figure_counts_persons(unit: str, *descriptions) -> bool:
    """Does a published figure count persons?  Its unit says so ("professionals"), or it is a
    plain count ("aantal") whose label or population names persons ("deelnemers", "ouders"; the
    words :func:`counts_persons` reads in schema descriptions)."""
    if unit in PERSON_UNITS:
        return True
    text = " ".join(str(d) for d in descriptions if isinstance(d, str))
    return unit == COUNT_UNIT and bool(_PERSON_WORD.search(text))


def figure_value_text(value, unit: str, decimals: int = 0) -> str:
    """A published figure as text: a count of persons through the threshold (``"<5"``), a
    percentage with ``%``, anything else as a Dutch number."""
    if unit in PERSON_UNITS:
        return count_text(value)
    from .formatting import decimal_text

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    return decimal_text(float(value), decimals) + ("%" if unit == "procent" else "")


def role_text(roles, n, k: int | None = None) -> str:
    """A list of participants' roles as published next to their count ``n``.

    A list of roles lets a reader count persons ("gedragswetenschapper; leidinggevende gemeente"
    is two) and ties a role to a place (one manager of one municipality): it is shown only
    next to a count that is published (k or more).  With a hidden count it reads
    ``"niet getoond (<5 deelnemers)"``; with no count at all the list is shown as written
    (the data then hold kinds of roles in the plural, which a test checks)."""
    import pandas as pd

    if roles is None or pd.isna(roles) or not str(roles).strip():  # None, NaN and pandas' NA
        return DASH
    if is_small(n, k):
        return f"niet getoond ({small_label(k)} deelnemers)"
    return str(roles)


def count_label(label: str, n, k: int | None = None, decision: "Decision | None" = None, key=None) -> str:
    """A legend or annotation text with its count: ``"Hersteld (<5)"`` or ``"Hersteld (12)"``."""
    shown = decision.show(key) if decision is not None else count_text(n, k)
    return f"{label} ({shown})"


# ---------------------------------------------------------------- the decision


@dataclass
class Decision:
    """Which of a set of named counts are published, and how each one reads."""

    values: dict
    status: dict
    k: int
    sums: list = field(default_factory=list)

    def hidden(self, key) -> bool:
        return self.status.get(key) is not None

    def show(self, key):
        """The published form: the count itself, ``"<k"`` or ``"×"``."""
        st = self.status.get(key)
        if st == PRIMARY:
            return small_label(self.k)
        if st == SECONDARY:
            return PROTECTED
        v = self.values[key]
        return v if v is None or isinstance(v, str) else int(v)

    def text(self, key) -> str:
        return str(self.show(key))

    def share(self, part, whole, decimals: int = 0) -> str:
        """``"64%"``, or ``"<5 van de 14"`` / ``"× van de 14"`` when the part or whole is hidden."""
        a, b = self.values[part], self.values[whole]
        if not b:
            return DASH
        if self.hidden(part) or self.hidden(whole):
            return f"{self.text(part)} van de {self.text(whole)}"
        from .formatting import decimal_text

        return f"{decimal_text(100 * a / b, decimals)}%"

    @property
    def any_secondary(self) -> bool:
        return SECONDARY in self.status.values()

    @property
    def any_hidden(self) -> bool:
        return any(s is not None for s in self.status.values())

    def footnote(self) -> str:
        return footnote(self.k, secondary=self.any_secondary) if self.any_hidden else ""


def _norm_sums(sums) -> list[tuple[Hashable, tuple]]:
    return [(total, tuple(parts)) for total, parts in (sums or [])]


def decide(
    values: Mapping[Hashable, int],
    sums: Iterable[tuple[Hashable, Sequence[Hashable]]] = (),
    k: int | None = None,
    keep: Iterable[Hashable] = (),
) -> Decision:
    """Suppress counts 1 … k−1 and, where needed, complementary counts.

    ``values`` names every count that will be published (in any table, text or figure of
    a page); ``sums`` lists the relations a reader can use: ``(total, [part, …])`` means
    total = sum of parts.  A key not in ``values`` is a total that is not published.
    Secondary suppression hides, for every relation with exactly one hidden member, the
    smallest non-zero published part (or the total, if no part is left), until every relation
    has zero or at least two hidden members; then :func:`recoverable` (linear programming)
    confirms that no hidden count is determined, and suppresses further until none is.
    ``keep`` names counts a reader needs most (e.g. the number of participants): they are
    hidden for protection only when nothing else can be.
    """
    k = threshold() if k is None else int(k)
    vals = dict(values)
    rels = _norm_sums(sums)
    status = {key: (PRIMARY if is_small(v, k) else None) for key, v in vals.items()}

    keep = set(keep)
    uses = {}
    for total, parts in rels:
        for m in (total, *parts):
            uses[m] = uses.get(m, 0) + 1

    def published(key) -> bool:
        return key in vals and status[key] is None

    def one_more(members: list) -> bool:
        """Hide a published non-zero member: the one in the fewest relations (least knock-on
        suppression), then the smallest."""
        candidates = [m for m in members if published(m) and vals[m]]
        if not candidates:
            return False
        status[min(candidates, key=lambda c: (c in keep, uses.get(c, 0), vals[c], str(c)))] = SECONDARY
        return True

    def near(key) -> list:
        """Relations in breadth-first order from ``key`` (through unpublished totals too)."""
        order, seen_rel, frontier, seen = [], set(), [key], {key}
        while frontier:
            nxt = []
            for m in frontier:
                for i, (total, parts) in enumerate(rels):
                    if i in seen_rel or m not in (total, *parts):
                        continue
                    seen_rel.add(i)
                    order.append([total, *parts])
                    nxt += [x for x in (total, *parts) if x not in seen and not published(x)]
                    seen.update((total, *parts))
            frontier = nxt
        return order

    for _ in range(10 * len(vals) + 10):
        changed = False
        for total, parts in rels:
            members = [total, *parts]
            if total not in vals:  # an unpublished total gives no equation
                continue
            if sum(1 for m in members if m in vals and status[m] is not None) == 1:
                changed |= one_more(members)
        if changed:
            continue
        leaks = [
            key
            for key, (lo, hi) in recoverable(vals, status, rels, k).items()
            if lo == hi and not (status[key] == PRIMARY and k == 2)
        ]  # "<2" is 1 by definition
        if not leaks:
            break
        for key in leaks:
            # the published neighbour whose hiding protects ``key``, least used and smallest first
            candidates = sorted(
                {m for members in near(key) for m in members if published(m) and vals[m]},
                key=lambda c: (c in keep, uses.get(c, 0), vals[c], str(c)),
            )
            for c in candidates:
                status[c] = SECONDARY
                lo, hi = recoverable(vals, status, rels, k, only=[key])[key]
                if lo != hi:
                    changed = True
                    break
                status[c] = None
            if not changed and candidates:
                status[candidates[0]] = SECONDARY
                changed = True
            if changed:
                break
        if not changed:
            raise RuntimeError(f"privacy: {leaks[0]!r} blijft berekenbaar; onderdrukking is niet mogelijk")
    return Decision(vals, status, k, rels)


def _one_equation_range(row, rhs: float, i: int, cols: list[int], bounds: list) -> tuple:
    """The whole values x_i can take when Σ row_j · x_j = rhs is the only constraint besides each
    unknown's bounds: x_i = (rhs − Σ_j≠i row_j · x_j) / row_i, where each other unknown ranges over
    its own bounds independently; what linear programming gives for such a program, without it."""
    lo_rest = hi_rest = 0.0
    for j in cols:
        if j == i:
            continue
        lo_j, hi_j = bounds[j][0], math.inf if bounds[j][1] is None else bounds[j][1]
        ends = (row[j] * lo_j, row[j] * hi_j)
        lo_rest += min(ends)
        hi_rest += max(ends)
    ends = ((rhs - lo_rest) / row[i], (rhs - hi_rest) / row[i])
    lo_i, hi_i = bounds[i][0], math.inf if bounds[i][1] is None else bounds[i][1]
    lo, hi = max(lo_i, min(ends)), min(hi_i, max(ends))
    if lo > hi + 1e-7:  # no solution: the program is infeasible, as linprog reports it
        return (-math.inf, math.inf)
    return (math.ceil(lo - 1e-7), math.inf if hi == math.inf else math.floor(hi + 1e-7))


_RANGES: dict = {}  # one linear program's answer, by the program itself (recoverable)


def recoverable(
    values: Mapping, status: Mapping, sums, k: int, only: Iterable | None = None, at_most: Iterable = ()
) -> dict:
    """For every hidden count: the smallest and largest whole value a reader can derive.

    A reader knows each published count, that a ``"<k"`` count lies in 1 … k−1, that a
    ``"×"`` count is a whole number ≥ 0, every relation in ``sums`` and every order in
    ``at_most`` (``(a, b)``: a ≤ b, such as "facilitating ≤ mentioned ≤ N").  Linear programming
    (scipy's HiGHS) gives the exact range of each hidden count under those constraints;
    ``lo == hi`` means it can be worked out.
    """
    rels = _norm_sums(sums)
    hidden = [key for key, st in status.items() if st is not None]
    if not hidden:
        return {}
    import numpy as np

    # unpublished totals are unknowns too (≥ 0)
    at_most = list(at_most)
    members = {m for total, parts in rels for m in (total, *parts)} | {m for pair in at_most for m in pair}
    extra = sorted({m for m in members if m not in values}, key=str)
    unknowns = hidden + extra
    index = {key: i for i, key in enumerate(unknowns)}

    def linear(terms):
        """Coefficients of the hidden cells and the right-hand side of Σ sign·cell (= or ≤) 0."""
        row, rhs = np.zeros(len(unknowns)), 0.0
        for m, sign in terms:
            if m in index:
                row[index[m]] += sign
            else:
                rhs -= sign * float(values[m])
        return row, rhs

    A, b = [], []
    for total, parts in rels:
        row, rhs = linear([(total, 1.0), *[(p, -1.0) for p in parts]])
        if row.any():
            A.append(row)
            b.append(rhs)
    U, ub = [], []
    for a, b_key in at_most:  # a − b ≤ 0
        row, rhs = linear(((a, 1.0), (b_key, -1.0)))
        if row.any():
            U.append(row)
            ub.append(rhs)
    bounds = [((1, k - 1) if status.get(key) == PRIMARY else (0, None)) for key in unknowns]
    # The constraints only tie unknowns that share a row, so the range of a count is the range
    # within its own group of linked unknowns (the others are solved apart, which is the same
    # range and far smaller programs); a count in no row keeps its bounds.
    group = list(range(len(unknowns)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for row in A + U:
        first, *rest = np.flatnonzero(row)
        for j in rest:
            group[root(j)] = root(first)
    out = {}
    for key in hidden if only is None else list(only):
        i = index[key]
        g = root(i)
        cols = [j for j in range(len(unknowns)) if root(j) == g]
        eq = [n for n, row in enumerate(A) if root(int(np.flatnonzero(row)[0])) == g]
        le = [n for n, row in enumerate(U) if root(int(np.flatnonzero(row)[0])) == g]
        if not eq and not le:
            lo_b, hi_b = bounds[i]
            out[key] = (lo_b, math.inf if hi_b is None else hi_b)
            continue
        if len(eq) == 1 and not le:  # one equation (a column and its total): its range in closed form
            out[key] = _one_equation_range(A[eq[0]], b[eq[0]], i, cols, bounds)
            continue
        c = np.zeros(len(cols))
        c[cols.index(i)] = 1.0
        kw = {}
        if eq:
            kw.update(A_eq=np.array([A[n][cols] for n in eq]), b_eq=np.array([b[n] for n in eq]))
        if le:
            kw.update(A_ub=np.array([U[n][cols] for n in le]), b_ub=np.array([ub[n] for n in le]))
        sub = [bounds[j] for j in cols]
        program = (cols.index(i), tuple(sub), *((k_, v.tobytes(), v.shape) for k_, v in sorted(kw.items())))
        if program not in _RANGES:  # decide() asks again after each change; most groups did not change
            from scipy.optimize import linprog  # only here: importing it takes a notebook 0.3 s

            lo = linprog(c, bounds=sub, method="highs", **kw)
            hi = linprog(-c, bounds=sub, method="highs", **kw)
            lo_v = math.ceil(lo.fun - 1e-7) if lo.status == 0 else -math.inf
            hi_v = math.floor(-hi.fun + 1e-7) if hi.status == 0 else math.inf
            if len(_RANGES) > 10_000:
                _RANGES.clear()
            _RANGES[program] = (lo_v, hi_v)
        out[key] = _RANGES[program]
    return out


# ---------------------------------------------------------------- tables


def suppress_small_cells(
    df: "pd.DataFrame",
    columns: Iterable[str],
    threshold: int | None = None,
    linked: dict[str, str] | None = None,
    row_totals: Mapping[str, Sequence[str]] | None = None,
    total_rows: Mapping[Hashable, Sequence[Hashable]] | None = None,
) -> "pd.DataFrame":
    """Return a copy where counts 1..threshold-1 in ``columns`` read ``"<threshold"``.

    ``linked`` maps a derived column (e.g. a percentage) to the count column it
    was computed from; it is blanked ("–") where its count is suppressed.
    Totals published with the table get complementary suppression (``"×"``):
    ``row_totals`` maps a total column to the count columns it sums (per row);
    ``total_rows`` maps a total row's index label to the index labels of the rows it
    sums (per count column).
    """
    import pandas as pd

    k = min_cell() if threshold is None else int(threshold)
    out = df.copy()
    columns = [c for c in columns if c in out.columns]
    values, sums = {}, []
    for c in columns:
        for idx, v in pd.to_numeric(out[c], errors="coerce").items():
            if pd.notna(v):
                values[(idx, c)] = v
    for total, parts in (row_totals or {}).items():
        for idx in out.index:
            sums.append(((idx, total), [(idx, p) for p in parts]))
    for total_idx, part_idx in (total_rows or {}).items():
        for c in columns:
            sums.append(((total_idx, c), [(i, c) for i in part_idx]))
    decision = decide(values, [(t, [p for p in ps]) for t, ps in sums], k)
    for c in columns:
        col = out[c].astype(object)
        for idx in out.index:
            if decision.hidden((idx, c)):
                col[idx] = decision.show((idx, c))
        out[c] = col
    for derived, count in (linked or {}).items():
        mask = pd.Series([decision.hidden((idx, count)) for idx in out.index], index=out.index)
        out[derived] = out[derived].astype(object).where(~mask, DASH)
    marks = {str(v) for c in columns for v in out[c]}
    pre_primary, pre_secondary = small_label(k) in marks, PROTECTED in marks  # set by a page's Decision
    if decision.any_hidden or pre_primary or pre_secondary:
        out.attrs["privacy_footnote"] = footnote(k, secondary=decision.any_secondary or pre_secondary)
    else:
        out.attrs["privacy_footnote"] = ""
    return out


# ---------------------------------------------------------------- values anywhere in a folder


def find_identifying(folder, values) -> list[tuple[str, str]]:
    """(file, value) for every value (e.g. names, free-text remarks) found anywhere in ``folder``:
    pages, figure text, PDF text layers and zip members, read as :mod:`analysis.privacy_check`
    reads them. Whitespace is normalised on both sides (a value broken over lines in a PDF is
    still found)."""
    import re
    from pathlib import Path

    from .privacy_check import texts, value_readings

    norm = lambda t: re.sub(r"\s+", " ", t).strip().lower()  # noqa: E731
    wanted = {norm(str(v)) for v in values if str(v).strip()}
    hits = []
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file():
            for name, _kind, text in texts(p.relative_to(folder).as_posix(), p.read_bytes()):
                t = norm(value_readings(text))
                hits += [(name, v) for v in sorted(wanted) if v in t]
    return hits


# ---------------------------------------------------------------- schema markings

_COUNT_WORD = re.compile(r"\b(aantal|grootte|n)\b", re.I)
_PERSON_WORD = re.compile(
    r"\b(ouders?|personen|mensen|deelnemers|respondenten|geïnterviewden|kinderen|jongeren|"
    r"jeugdigen|gezinnen|professionals|medewerkers|cliënten|leerlingen|groep)\b",
    re.I,
)
_COUNT_NAME = re.compile(r"^(n|N|n_.+|.+_n|count_.+|.+_count)$")


def counts_persons(column) -> bool:
    """Does an integer column count persons (by its name or its Dutch description)?  Such a
    column must carry ``privacy: small_count`` in its schema (a test checks every dataset)."""
    if column.type not in ("integer", "number"):
        return False
    described = bool(_COUNT_WORD.search(column.description) and _PERSON_WORD.search(column.description))
    return described or bool(_COUNT_NAME.match(column.name))


def unmarked_person_counts(schemas=None) -> list[str]:
    """``dataset.table.column`` of every person count without a privacy marking."""
    from .schema import dataset_names, load_schema

    schemas = [load_schema(d) for d in dataset_names()] if schemas is None else schemas
    return [
        f"{s.name}.{t}.{c}"
        for s in schemas
        for t, table in s.tables.items()
        for c, col in table.columns.items()
        if counts_persons(col) and col.privacy is None
    ]


# ---------------------------------------------------------------- counts of persons in running text

# Dutch number words a count of persons is written in ("drie ouders"); "een" is left out: it is
# also the article ("een ouder"), and one person in the singular is no plural noun anyway.
NUMBER_WORDS = {
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
    "twintig": 20,
}
# Plural nouns of persons, also as the last part of a compound ("wijkteamleiders",
# "schoolmedewerkers", "jeugdprofessionals"): what a count in running text must be followed by.
PERSON_NOUNS = (
    "personen",
    "mensen",
    "ouders",
    "vaders",
    "moeders",
    "kinderen",
    "jongeren",
    "jeugdigen",
    "jongens",
    "meisjes",
    "gezinnen",
    "families",
    "leerlingen",
    "studenten",
    "cliënten",
    "deelnemers",
    "respondenten",
    "geïnterviewden",
    "professionals",
    "medewerkers",
    "leiders",
    "managers",
    "coaches",
    "begeleiders",
    "voogden",
    "therapeuten",
    "psychologen",
    "wetenschappers",
    "hulpverleners",
    "werkers",
    "functionarissen",
    "adviseurs",
    "docenten",
    "leerkrachten",
    "experts",
    "vrijwilligers",
    "ambtenaren",
    "bestuurders",
    "regisseurs",
    "teamleden",
    "collega's",
)
# Words that may stand between the number and the noun ("5 aangemelde gezinnen", "drie jonge
# kinderen"); a word such as "van" or "met" ends the phrase ("één contact met ouders" counts no one).
_LINK_WORDS = (
    "van|de|het|een|en|of|met|op|in|voor|per|uit|bij|aan|die|dat|er|zijn|was|waren|is|tot|om|naar|over|"
    "door|als|dan|ook|nog|niet|jaar|jaren|keer|weken|maanden|dagen|uur|procent|thema's|lessen"
)
# Bounds that pin no small count down and thresholds that are rules, not groups: "minder dan 3
# respondenten" (a rule of the analysis), "ten minste twee gezinnen" (open-ended, as a band "≥ 2").
_BOUND_BEFORE = re.compile(r"(?:minder dan|meer dan|ten minste|tenminste|minstens|onder de|vanaf)\s*$", re.I)
_NUMBER = rf"\d+|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))}"
PROSE_COUNT = re.compile(
    rf"(?<![\w.,:/<≈±+−-])(?P<n>{_NUMBER})(?![\w.,:/%-])"
    rf"(?P<between>(?:\s+(?!(?:{_LINK_WORDS})\b)[a-zà-ÿ'-]+){{0,2}}?)"
    rf"\s+(?P<noun>[\wà-ÿ'-]*?(?:{'|'.join(PERSON_NOUNS)}))(?![\wà-ÿ])",
    re.I,
)
# Phrases that name a number of persons without counting anyone in a study, each with why.
NOT_A_COUNT = {
    "huisbezoeken met twee jeugdprofessionals": "de naam van een werkwijze (bron 003, r. 8272): elk "
    "huisbezoek door twee professionals samen, geen aantal deelnemers",
    "hun drie kinderen": "de samenstelling van één casusgezin (bron 004, r. 671-672), waarvan de casus elk "
    "kind als pseudoniem noemt (tabel persons); geen aantal van een groep",
    "drie gezinsvoogden in korte tijd": "het verloop in één casus (bron 004, r. 436-438): de gezinsvoogd "
    "wisselde; geen aantal van een groep",
    "vier van de vijf cliënten": "een verhouding in woorden (ruim 80%), aangehaald als voorbeeld van hoe "
    "het jaarboek cijfers schrijft; geen groep van vijf",
}
# "bij 6 van hen", "3 van wie": a count of persons the sentence named before
_PRONOUN_COUNT = re.compile(rf"(?<![\w.,:/<≈±+−-])(?P<n>{_NUMBER})\s+van\s+(?:hen|wie)\b", re.I)


def _count_value(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token.lower()]


def prose_counts(text: str):
    """Counts of persons written in running text: ``(match, n)`` for every "N <personen>" phrase
    ("5 wijkteamleiders", "drie ouders", "50% van de 9 ouders"), bounds and rules left out
    ("minder dan 3 respondenten", "ten minste twee gezinnen") and the phrases of
    :data:`NOT_A_COUNT`. The privacy check of the built site reads pages with this, and
    :func:`prose_text` publishes transcribed texts through it: one rule for both."""
    found = sorted([*PROSE_COUNT.finditer(text), *_PRONOUN_COUNT.finditer(text)], key=lambda m: m.start())
    if not found:  # most blocks of a page: no phrase to weigh
        return
    low = text.lower()
    exempt = [(i, i + len(p)) for p in NOT_A_COUNT for i in (m.start() for m in re.finditer(re.escape(p), low))]
    for m in found:
        if _BOUND_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if any(a <= m.start() < b for a, b in exempt):
            continue
        yield m, _count_value(m.group("n"))


def small_prose_counts(text: str, k: int | None = None) -> list[tuple[int, str]]:
    """``(n, phrase)`` of every count of persons 1 … k−1 written in ``text``."""
    k = threshold() if k is None else int(k)
    return [(n, m.group(0)) for m, n in prose_counts(text) if 0 < n < k]


def prose_text(text, k: int | None = None):
    """A transcribed or written text as published: every count of persons under the threshold
    reads ``"<5"`` ("5 wijkteamleiders" → "<10 wijkteamleiders" with ``min_cell = 10``), the rest
    as written. Pages, codebooks and tables pass prose from the sources through this, so the
    text follows ``min_cell`` as the tables do; the privacy check finds what was missed."""
    if not isinstance(text, str):
        return text
    k = threshold() if k is None else int(k)
    out, last = [], 0
    for m, n in prose_counts(text):
        if 0 < n < k:
            out += [text[last : m.start("n")], small_label(k)]
            last = m.end("n")
    return "".join(out) + text[last:]


# ---------------------------------------------------------------- organisations named with a role

ORGANISATIONS = "organisations"  # the table of a dataset that says how each named organisation is published


def organisation_kinds(frame: "pd.DataFrame | None") -> list[tuple[str, str]]:
    """``(name, kind)`` of a dataset's ``organisations`` table, longest name first (so "Verslavingszorg
    (Stichting X)" is replaced before "Stichting X")."""
    if frame is None or frame.empty:
        return []
    pairs = {str(n).strip(): str(k).strip() for n, k in zip(frame["organisation"], frame["kind"]) if str(n).strip()}
    return sorted(pairs.items(), key=lambda p: (-len(p[0]), p[0]))


def generalise_text(text, kinds: list[tuple[str, str]]):
    """A text as published: a named organisation reads as its kind. A cell that is only the name
    (the name in an organisation column) becomes the kind ("gecertificeerde instelling"); a name in
    running text or in a quote becomes the kind in brackets, as an anonymised quote does
    ("casemanager van [jeugdhulpaanbieder]"). A role next to a kind ("Gezinsvoogd /
    gecertificeerde instelling") no longer points at one person."""
    if not isinstance(text, str) or not kinds:
        return text
    stripped = text.strip()
    for name, kind in kinds:
        if stripped == name:
            return kind
    for name, kind in kinds:
        if name in text:
            text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", f"[{kind}]", text)
    return text


def generalise_organisations(df: "pd.DataFrame", kinds: list[tuple[str, str]], keep=()) -> "pd.DataFrame":
    """A copy of ``df`` with :func:`generalise_text` applied to every text column except ``keep``
    (keys and source references)."""
    if not kinds:
        return df
    out = df.copy()
    for c in out.columns:
        if c in keep or out[c].dtype.kind not in "OU" and str(out[c].dtype) not in ("string", "str"):
            continue
        out[c] = out[c].map(lambda v: generalise_text(v, kinds))
    out.attrs.update(df.attrs)
    return out
