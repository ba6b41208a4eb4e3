"""No hidden count on a built page can be worked out from the totals the page publishes.

Reads the tables of every report page of the shared built site as a reader sees them (default
threshold and ``min_cell = 10``): a "<k" cell lies in 1 … k−1, a "×" cell is a whole number ≥ 0, a
number is known. The relations a reader can use are taken from the table itself:

* a group column with a "Totaal" row per block (the IDU-MIDI determinant and category tables: the
  total of a category is the sum of its groups, N included);
* a "Totaal" row (the sum of the rows above) and a "Totaal" column (the sum of the count columns);
* a row marked reproduced ("✓") says its published and computed count are equal (training wishes);
* a count is at most its row's N, and facilitating / hindering at most mentioned.

Only the columns the page marks as counts of persons (``data-person-count``) enter. Linear programming
(:func:`analysis.privacy.recoverable`) gives the exact range of every hidden cell; none may be a single
value.
"""

from __future__ import annotations

import math
import re

import pytest

from analysis import privacy
from analysis.privacy_check import PERSON_COUNT_ATTR, visible_text

PAGES = ["databronnen", "idu-midi", "idu-lessen", "helmond-effecten", "st-raw-kerncijfers", "svss", "casusonderzoek"]
MENTIONED = re.compile(r"^(Genoemd|Noemt)\b")
VALENCE = re.compile(r"^(Bevorderend|Belemmerend)\b")


def _tables(page: str):
    for i, table in enumerate(re.findall(r"(?is)<table\b.*?</table>", page)):
        head, _, body = table.partition("</thead>")
        heads = re.findall(r"(?is)<th\b([^>]*)>(.*?)</th>", head)
        header = [" ".join(visible_text(h).split()) for _, h in heads]
        marked = {j for j, (attrs, _) in enumerate(heads) if PERSON_COUNT_ATTR in attrs}
        rows = [
            [" ".join(visible_text(c).split()) for c in re.findall(r"(?is)<t[hd]\b[^>]*>(.*?)</t[hd]>", r)]
            for r in re.findall(r"(?is)<tr\b.*?</tr>", body)
        ]
        rows = [r for r in rows if len(r) == len(header)]
        if header and marked and rows:
            yield i, header, marked, rows


def _cell(text: str, k: int):
    if text == f"<{k}":
        return privacy.PRIMARY
    if text == privacy.PROTECTED:
        return privacy.SECONDARY
    return int(text) if text.isdigit() else None


def _system(header, marked, rows, k):
    """values, status, sums, at_most of one table (keys: (row, column))."""
    values, status = {}, {}
    for r, row in enumerate(rows):
        for c in marked:
            v = _cell(row[c], k)
            if v is None:
                continue
            values[(r, c)] = 0 if isinstance(v, str) else v
            status[(r, c)] = v if isinstance(v, str) else None
    known = lambda key: key in values  # noqa: E731
    sums, at_most = [], []

    def add_sum(total, parts):
        if known(total) and parts and all(known(p) for p in parts):
            sums.append((total, parts))

    group = next((j for j in range(len(header)) if any(row[j] == "Totaal" for row in rows) and j > 0), None)
    if group is not None:  # blocks keyed by the columns before the group column
        blocks: dict[tuple, list[int]] = {}
        for r, row in enumerate(rows):
            blocks.setdefault(tuple(row[:group]), []).append(r)
        for members in blocks.values():
            totals = [r for r in members if rows[r][group] == "Totaal"]
            for t in totals:
                for c in marked:
                    add_sum((t, c), [(r, c) for r in members if r != t])
    total_rows = [r for r, row in enumerate(rows) if row[0].startswith("Totaal")]
    for t in total_rows:
        for c in marked:
            add_sum((t, c), [(r, c) for r in range(len(rows)) if r not in total_rows])
    for tc in [j for j in marked if header[j].startswith("Totaal")]:
        for r in range(len(rows)):
            add_sum((r, tc), [(r, c) for c in marked if c != tc])
    if "Gereproduceerd" in header:
        g = header.index("Gereproduceerd")
        for r, row in enumerate(rows):
            cols = sorted(marked)
            if row[g] == "✓" and len(cols) == 2:
                add_sum((r, cols[0]), [(r, cols[1])])
    n_col = next((j for j in marked if header[j] == "N"), None)
    mentioned = next((j for j in marked if MENTIONED.match(header[j])), None)
    for r in range(len(rows)):
        for c in marked:
            if n_col is not None and c != n_col and known((r, c)) and known((r, n_col)):
                at_most.append(((r, c), (r, n_col)))
            if mentioned is not None and VALENCE.match(header[c]) and known((r, c)) and known((r, mentioned)):
                at_most.append(((r, c), (r, mentioned)))
    return values, status, sums, at_most


@pytest.mark.parametrize("fixture,k", [("full_site", 5), ("full_site_min10", 10)])
def test_no_hidden_count_on_any_report_page_can_be_worked_out(request, fixture, k):
    root = request.getfixturevalue(fixture)
    covered, leaks = {}, []
    for name in PAGES:
        page = (root / "_site/reports" / f"{name}.html").read_text(encoding="utf-8")
        for i, header, marked, rows in _tables(page):
            values, status, sums, at_most = _system(header, marked, rows, k)
            hidden = [key for key, st in status.items() if st]
            if not hidden:
                continue
            ranges = privacy.recoverable(values, status, sums, k, at_most=at_most)
            # the relations are true of what is published: the system has a solution
            assert all(lo > -math.inf for lo, _ in ranges.values()), (name, i, header)
            leaks += [(name, i, rows[r][0], header[c], lo) for (r, c), (lo, hi) in ranges.items() if lo == hi]
            covered[(name, i)] = (len(hidden), len(sums), len(at_most))
    assert leaks == []
    # not vacuous: the tables with totals are read, with their relations
    by_header = {key: n for key, n in covered.items()}
    midi = [n for (page, _), n in by_header.items() if page == "idu-midi"]
    assert len(midi) >= 3, covered  # determinants, categories, training wishes
    assert all(sums > 0 for _, sums, _ in midi), covered
    assert any(page == "databronnen" for page, _ in covered), covered  # the N column (no total on the page)


def test_a_recoverable_cell_on_a_page_is_found():
    """The same reading finds a leak: a total of 12 with parts 9 and "<5" gives the hidden 3."""
    header = ["Categorie", "Groep", "N"]
    rows = [["A", "Totaal", "12"], ["A", "Gemeenten", "9"], ["A", "Aanbieders", "<5"]]
    values, status, sums, at_most = _system(header, {2}, rows, 5)
    assert sums == [((0, 2), [(1, 2), (2, 2)])]
    assert privacy.recoverable(values, status, sums, 5, at_most=at_most) == {(2, 2): (3, 3)}
    rows[1][2] = "×"  # complementary suppression: now 3 … 4 and 8 … 11
    values, status, sums, at_most = _system(header, {2}, rows, 5)
    ranges = privacy.recoverable(values, status, sums, 5, at_most=at_most)
    assert ranges == {(1, 2): (8, 11), (2, 2): (1, 4)}
