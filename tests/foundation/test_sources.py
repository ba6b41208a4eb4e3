"""Reading source references back: the one parser of the ``file:line[-line]; …`` format."""

from analysis.sources import Citation, cited_text, parse


def test_parse_single_ranges_and_lists():
    assert parse("000_99b6f6038ca9ce70.txt:673-678") == [Citation("000_99b6f6038ca9ce70.txt", 673, 678)]
    assert parse("004_26341a46b6895ec5.txt:1; 004_26341a46b6895ec5.txt:14") == [
        Citation("004_26341a46b6895ec5.txt", 1, 1), Citation("004_26341a46b6895ec5.txt", 14, 14)]


def test_cited_text_joins_and_normalises_whitespace(tmp_path):
    (tmp_path / "000_0000000000000000.txt").write_text("een\n  twee \ndrie\nvier\n", encoding="utf-8")
    assert cited_text("000_0000000000000000.txt:2-3", seeds=tmp_path) == "twee drie"
    assert cited_text("000_0000000000000000.txt:1; 000_0000000000000000.txt:4", seeds=tmp_path) == "een vier"
