"""What a reader of the built demonstration site sees, for the defects of issue 14 fixed on the
pages: read from the session's one built site (``full_site``), no build of its own."""

from __future__ import annotations

import re
from html import unescape

import pytest


def _page(full_site, name: str) -> str:
    return (full_site / "_site/reports" / f"{name}.html").read_text(encoding="utf-8")


def _table(html: str, table_id: str) -> str:
    m = re.search(rf'<div id="{table_id}" class="embedded-table">(.*?)</table>', html, re.S)
    assert m, f"tabel {table_id} niet gevonden"
    return m.group(1)


def _headers(table: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]


def _cells(row: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]


def test_lessons_page_marks_the_keywords_the_analyst_added(full_site):
    html = _page(full_site, "idu-lessen")
    table = _table(html, "tbl-idu-rode-lijnen")
    headers = _headers(table)
    assert "Toegevoegd door de analist" in headers and "Koppelingen op toegevoegd trefwoord" in headers
    assert len(headers) == len(set(headers))  # no "Pilots | Pilots"
    rl01 = next(_cells(r) for r in table.split("<tr")[1:] if "<td>RL01</td>" in r)
    assert rl01[headers.index("Toegevoegd door de analist")] == "vertrouwen"
    assert rl01[headers.index("Koppelingen op toegevoegd trefwoord")] == "10"
    assert "vertrouwen" not in rl01[headers.index("Coderingsregel (trefwoorden uit de bron)")]
    assert "39 van de 358</strong> koppelingen" in html
    assert "vertrouwen (trefwoord toegevoegd door de analist)" in html  # in the evidence tables


def test_agreement_table_prints_every_kappa_with_two_decimals(full_site):
    table = _table(_page(full_site, "idu-midi"), "tbl-idu-overeenstemming")
    headers = _headers(table)
    kappas = [_cells(r)[headers.index("Cohens κ")] for r in table.split("<tbody>")[1].split("<tr")[1:]]
    assert kappas and all(re.fullmatch(r"−?\d,\d\d|–", k) for k in kappas), kappas
    assert "1,00" in kappas and "0,00" in kappas


def test_total_row_follows_the_groups_it_sums(full_site):
    table = _table(_page(full_site, "idu-midi"), "tbl-idu-classificatie")
    groups = [_cells(r)[2] for r in table.split("<tbody>")[1].split("<tr")[1:] if _cells(r)[0] == "1"]
    assert groups == ["Gemeentelijke toegang", "Zorgaanbieders", "Totaal"]


def test_ranges_follow_the_house_style(full_site):
    html = _page(full_site, "st-raw-kerncijfers")
    assert "29,2–33,3%" in html and "29,17" not in html  # "bijna een derde", 002_…txt:430-431
    assert "12,5 procentpunt" in html


@pytest.mark.parametrize("page, table_id", [("casusonderzoek", "tbl-matrix")])
def test_no_raw_column_names_as_headers(full_site, page, table_id):
    headers = _headers(_table(_page(full_site, page), table_id))
    assert headers[0] == "Werkzaam element" and "case_id" not in headers


def test_claims_on_demonstration_data_say_they_hold_by_construction(full_site):
    midi = _page(full_site, "idu-midi")
    assert "worden exact gereproduceerd" not in midi
    assert "17 van de 17 gepubliceerde aantallen komen terug in de demonstratiecodering. Dat is zo gemaakt" in midi
    svss = _page(full_site, "svss")
    assert "Fleuren e.a., 2012" in svss and "questionnaire_barriers" not in svss
    assert not re.search(r">[^<]*\b[0-9]{3}_[0-9a-f]{16}\.txt:", svss)  # every reference is a link


def test_kappa_of_a_code_one_coder_never_used_is_explained(full_site):
    """κ is 0 by definition when one coder never used a code; the interval table says so on exactly
    those rows (hand-checked in the demonstration codings: Correctheid only by coder 2, Bekendheid
    met de inhoud only by coder 1) and nowhere else."""
    html = _page(full_site, "idu-midi")
    counts = _table(html, "tbl-idu-overeenstemming")
    h = _headers(counts)
    rows = [_cells(r) for r in counts.split("<tbody>")[1].split("<tr")[1:]]
    one_sided = {
        r[h.index("Code")]: 1 if r[h.index("Codeur 2 (n)")] == "0" else 2
        for r in rows
        if (r[h.index("Codeur 1 (n)")] == "0") != (r[h.index("Codeur 2 (n)")] == "0")
    }
    assert one_sided["Correctheid"] == 2 and one_sided["Bekendheid met de inhoud"] == 1
    table = _table(html, "tbl-idu-overeenstemming-intervallen")
    hi = _headers(table)
    explained = {}
    for r in (_cells(r) for r in table.split("<tbody>")[1].split("<tr")[1:]):
        note = r[hi.index("Toelichting")]
        if note:
            explained[r[hi.index("Code")]] = note
            assert r[hi.index("Schatting")] == "0,00", r
    assert explained == {c: f"alleen codeur {n} gebruikte deze code: κ is dan altijd 0" for c, n in one_sided.items()}


def test_category_table_reads_per_category_with_its_total_last(full_site):
    table = _table(_page(full_site, "idu-midi"), "tbl-idu-categorieen")
    h = _headers(table)
    rows = [_cells(r) for r in table.split("<tbody>")[1].split("<tr")[1:]]
    pairs = [(r[h.index("Categorie")], r[h.index("Groep")]) for r in rows]
    assert pairs[:3] == [
        ("Innovatie", "Gemeentelijke toegang"),
        ("Innovatie", "Zorgaanbieders"),
        ("Innovatie", "Totaal"),
    ]
    assert [g for _, g in pairs].count("Totaal") == 4 and all(g == "Totaal" for _, g in pairs[2::3])
