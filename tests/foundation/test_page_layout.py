"""What every page needs to read on a phone: tables in their own scroll box, source
references as links to their document, codebook text that survives HTML, a table of contents."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.codebook import _cell
from analysis.report import Table, link_sources


def test_table_scrolls_in_its_own_box_and_links_sources():
    df = pd.DataFrame(
        {"Bevinding": ["a < b"], "Bron": ["000_99b6f6038ca9ce70.txt:268-305; 004_26341a46b6895ec5.txt:7"]}
    )
    out = Table(df)._repr_html_()
    assert out.startswith('<div class="table-scroll">') and out.endswith("</div>")
    assert "a &lt; b" in out
    assert (
        '<a class="bron" href="../reports/databronnen.html#bron-000" title="000_99b6f6038ca9ce70.txt:268-305">'
        "bron 000, r.&nbsp;268-305</a>"
    ) in out
    assert 'href="../reports/databronnen.html#bron-004"' in out and "r.&nbsp;7</a>" in out
    assert "000_99b6f6038ca9ce70.txt:268-305<" not in out  # never as bare, unbreakable text


def test_row_ids_give_each_row_an_anchor_and_must_match_the_rows():
    df = pd.DataFrame({"Nr.": ["000", "001"]})
    out = Table(df, row_ids=["bron-000", "bron-001"])._repr_html_()
    assert out.count('<tr id="bron-') == 2 and '<tr id="bron-001">' in out
    with pytest.raises(ValueError, match="1 ids voor 2 rijen"):
        Table(df, row_ids=["bron-000"])._repr_html_()


def test_link_sources_leaves_other_text_alone():
    assert link_sources("22 van 27 (zie tabel 3)") == "22 van 27 (zie tabel 3)"


def test_codebook_cells_keep_angle_brackets_as_text_but_not_inside_code():
    assert _cell("een bronverwijzing <bestand>.txt:<regel>") == r"een bronverwijzing \<bestand\>.txt:\<regel\>"
    assert _cell("vorm `^<a>$` of <5 | meer") == r"vorm `^<a>$` of \<5 \| meer"


def test_codebook_page_shows_the_source_type_in_full(tmp_path):
    import pypandoc

    from analysis.codebook import codebook_markdown
    from analysis.schema import load_schema

    from analysis.validation import TYPE_NL

    html = pypandoc.convert_text(codebook_markdown(load_schema("databronnen")), "html5", format="markdown")
    shown = TYPE_NL["source"].replace("<", "&lt;").replace(">", "&gt;")
    assert shown in html.replace("\n", " ")
    assert "<bestand>" not in html and "<regel>" not in html


def test_summary_has_three_to_six_points_and_says_where_the_numbers_come_from():
    from analysis.report import SUMMARY_END, summary_markdown

    md = summary_markdown(["Een (@tbl-a)", "Twee", "Drie"], "Uit het rapport.", datasets=["databronnen"])
    assert md.startswith("::: {#samenvatting .samenvatting}\n## Samenvatting\n")
    assert "- Een (@tbl-a)\n- Twee\n- Drie\n\n**Waar de cijfers vandaan komen.** Uit het rapport." in md
    assert "demonstratiedata" not in md.lower() and md.rstrip().endswith(SUMMARY_END)
    with pytest.raises(ValueError, match="3 tot 6"):
        summary_markdown(["Een", "Twee"], "Uit het rapport.")


def test_summary_on_demonstration_data_says_so_before_any_number():
    from analysis.report import summary_markdown

    md = summary_markdown(["14 van 22", "b", "c"], "Uit het rapport.", datasets=["helmond_questionnaires"])
    assert md.index("**Let op: demonstratiedata.**") < md.index("14 van 22")
    assert "Gelezen: demonstratiedata" in md


def test_numbers_that_round_to_zero_carry_no_minus_sign():
    from analysis.questionnaires.tables import num
    from analysis.report import format_number

    assert format_number(-0.001, 2) == "0,00" and format_number(-0.01, 2) == "-0,01"
    assert num(-0.004) == "0,00" and num(-0.0049, 2) == "0,00" and num(-0.005, 2) == "-0,01"


def test_a_column_with_decimals_prints_every_value_with_them():
    """κ 1 and 0 next to 0,37 read as different kinds of number (issue 14): one format per column."""
    from analysis.report import prepare_table

    df = pd.DataFrame({"code": ["a", "b", "c"], "kappa": [0.3712, 1.0, 0.0], "n": [101.0, 7.0, float("nan")]})
    out = prepare_table(df, decimals=2)
    assert out["kappa"].tolist() == ["0,37", "1,00", "0,00"]
    assert out["n"].tolist() == ["101", "7", "–"]  # whole numbers stay whole


def test_a_pivoted_column_axis_name_is_no_header_and_headers_are_unique():
    from analysis.report import prepare_table

    wide = pd.DataFrame({"x": ["e1"], "a": ["f"], "b": ["g"]}).rename_axis(columns="case_id")
    assert "case_id" not in Table(wide)._repr_html_()
    with pytest.raises(ValueError, match="twee keer"):
        prepare_table(wide, columns={"x": "Element", "a": "Pilots", "b": "Pilots"})


def test_source_references_in_prose_link_like_those_in_tables():
    from analysis.report import link_sources_in_text

    page = (
        "<head><title>002_7f69313c109e3abf.txt:1</title></head><p>Fleuren e.a., 2012, 002_7f69313c109e3abf.txt:785;</p>"
        '<a class="bron" href="x" title="000_99b6f6038ca9ce70.txt:268">bron 000</a>'
        "<code>003_7da56f7bd19f1a57.txt:8 en meer</code><p><code>002_7f69313c109e3abf.txt:338-638</code></p>"
    )
    out = link_sources_in_text(page, "databronnen.html")
    assert '<p>Fleuren e.a., 2012, <a class="bron" href="databronnen.html#bron-002"' in out
    assert "bron 002, r.&nbsp;785</a>;</p>" in out
    assert "<title>002_7f69313c109e3abf.txt:1</title>" in out  # the page head is left alone
    assert 'title="000_99b6f6038ca9ce70.txt:268">bron 000</a>' in out  # an existing link stays one link
    assert "<code>003_7da56f7bd19f1a57.txt:8 en meer</code>" in out  # code stays code
    assert '<p><a class="bron" href="databronnen.html#bron-002" title="002_7f69313c109e3abf.txt:338-638">' in out
