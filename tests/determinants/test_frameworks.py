import re

import pytest

from analysis.determinants import frameworks
from analysis.sources import cited_text


def test_midi_has_29_determinants_in_four_categories():
    cb = frameworks.load_codebook("midi")
    assert len(cb) == 29
    assert list(cb["number"]) == list(range(1, 30))
    assert cb["key"].is_unique
    counts = cb["category"].value_counts().to_dict()
    # 7 innovation, 11 user, 11 organisation + context (BMJ Qual Saf 2013 abstract).
    assert counts == {"innovation": 7, "user": 11, "organisation": 10, "context": 1}
    assert cb["label_nl"].str.len().min() > 3 and cb["definition_nl"].str.len().min() > 20


def test_citation_is_fleuren_2014():
    c = frameworks.citation("midi")
    assert "Fleuren" in c and "2014" in c and "10.1093/intqhc/mzu060" in c


def test_combined_codebook_and_name_index():
    cb = frameworks.load_codebook(["midi", "idu_themes"])
    assert len(cb) == 29 + 17
    idx = frameworks.name_index(cb)
    assert idx[frameworks.normalise_name("05 Congruentie met huidige werkwijze")] == "compatibility"
    assert idx[frameworks.normalise_name("Procedural clarity")] == "procedural_clarity"
    assert idx[frameworks.normalise_name("relevantie voor client")] == "relevance_for_client"  # accent-insensitive
    assert idx["social support"] == "social_support"


def test_unknown_framework_is_named():
    with pytest.raises(frameworks.FrameworkError, match="cfir_nonexistent"):
        frameworks.load_codebook("cfir_nonexistent")


def test_a_second_framework_is_a_data_file(tmp_path):
    f = tmp_path / "mini.yaml"
    f.write_text(
        "framework: mini\ntitle: Mini\ncitation: X\ncategories:\n  - {key: a, label_nl: A, label_en: A, color: '#000000'}\n"
        "determinants:\n  - {number: 1, key: k1, category: a, label_en: One, label_nl: Een, definition_nl: Een test.}\n",
        encoding="utf-8",
    )
    cb = frameworks.load_codebook(f)
    assert cb.loc[0, "key"] == "k1" and cb.loc[0, "framework"] == "mini"
    f.write_text(f.read_text().replace("category: a,", "category: b,"), encoding="utf-8")
    with pytest.raises(frameworks.FrameworkError, match="onbekende categorie 'b'"):
        frameworks.load_codebook(f)


@pytest.mark.sources
def test_dutch_labels_marked_as_from_the_idu_slides_occur_on_that_line():
    cb = frameworks.load_codebook(["midi", "idu_themes"])
    checked = 0
    for _, r in cb.iterrows():
        ref = r["label_nl_source"]
        if not isinstance(ref, str):
            continue
        text = cited_text(ref).casefold()
        words = [w for w in re.findall(r"\w+", r["label_nl"].casefold()) if len(w) >= 4]
        assert any(w in text for w in words), (r["key"], ref, text)
        checked += 1
    assert checked == 15
