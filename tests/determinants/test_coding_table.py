import pandas as pd
import pytest

from analysis.determinants.coding_table import check_coding_table, read_coding_table
from analysis.determinants.frameworks import load_codebook
from analysis.validation import ValidationError, ValidationErrors


def _table(**over):
    df = pd.DataFrame(
        {
            "respondent": ["R01", "R01", "R02"],
            "group": ["gemeente", "gemeente", "zorgaanbieder"],
            "segment": ["s1", "s2", "s3"],
            "determinant": ["procedural_clarity", "Sociale steun", "23 Beschikbare tijd"],
            "valence": ["bevorderend", "-", "Neutraal"],
            "coder": ["A", "A", "A"],
        }
    )
    for k, v in over.items():
        df[k] = v
    return df


def test_names_and_valence_synonyms_are_normalised():
    out = check_coding_table(_table(), load_codebook())
    assert list(out["determinant"]) == ["procedural_clarity", "social_support", "time_available"]
    assert list(out["valence"]) == ["bevorderend", "belemmerend", "neutraal"]


def test_unknown_determinant_names_row_and_column():
    with pytest.raises(ValidationError) as e:
        check_coding_table(_table(determinant=["procedural_clarity", "Werkplezier", "time_available"]), file="c.csv")
    assert e.value.row == 3 and e.value.column == "determinant" and "Werkplezier" in str(e.value)


def test_valence_outside_allowed_set():
    with pytest.raises(ValidationError) as e:
        check_coding_table(_table(valence=["bevorderend", "soms", "neutraal"]), file="c.csv")
    assert e.value.row == 3 and e.value.column == "valence" and "'soms'" in str(e.value)


def test_same_segment_twice_by_same_coder():
    df = _table(segment=["s1", "s1", "s3"], determinant=["knowledge", "kennis", "knowledge"])
    with pytest.raises(ValidationError) as e:
        check_coding_table(df, file="c.csv")
    assert e.value.row == 3 and "twee keer" in str(e.value)
    # The same segment by another coder is fine (double coding).
    ok = check_coding_table(
        _table(segment=["s1", "s1", "s3"], determinant=["knowledge", "kennis", "knowledge"], coder=["A", "B", "A"])
    )
    assert len(ok) == 3


def test_several_problems_reported_together():
    df = _table(determinant=["x", "y", "knowledge"], valence=["bevorderend", "bevorderend", "?"])
    with pytest.raises(ValidationErrors) as e:
        check_coding_table(df, file="c.csv")
    assert [(x.row, x.column) for x in e.value.errors] == [(2, "determinant"), (3, "determinant"), (4, "valence")]


def test_read_dutch_excel_csv_with_dutch_headers(tmp_path):
    p = tmp_path / "codering.csv"
    p.write_bytes(
        "Respondent;Groep;Segment;Code;Valentie;Codeur\nR01;gemeente;s1;Coördinator;belemmerend;A\n"
        "R02;zorgaanbieder;s2;Kennis;bevorderend;A\n".encode("cp1252")
    )
    out = read_coding_table(p)
    assert list(out["determinant"]) == ["coordinator", "knowledge"]
    assert list(out["group"]) == ["gemeente", "zorgaanbieder"]


def test_read_xlsx(tmp_path):
    p = tmp_path / "codering.xlsx"
    _table().to_excel(p, index=False)
    out = read_coding_table(p)
    assert list(out["determinant"]) == ["procedural_clarity", "social_support", "time_available"]


def test_missing_column_is_named(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("respondent,group,segment,determinant,coder\nR01,g,s1,knowledge,A\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="valence"):
        read_coding_table(p)
