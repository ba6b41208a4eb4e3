import pytest

from analysis.monitoring.quantifiers import expected_bounds, printed_decimals


@pytest.mark.parametrize(
    "value, basis, unit, text, expected",
    [
        (90, "breuk", "procent", "", (85, 95)),  # 9/10: midpoints to 4/5 and 1
        (75, "breuk", "procent", "", (70.83, 77.5)),  # 3/4: to 2/3 and 4/5
        (33.33, "breuk", "procent", "", (29.17, 41.67)),  # 1/3: to 1/4 and 1/2
        (80, "ruim", "procent", "", (80, 85)),  # more than 4/5, below midpoint to 9/10
        (33.33, "bijna", "procent", "", (29.17, 33.33)),  # almost 1/3
        (50, "meeste", "procent", "", (50, 100)),
        (80, "afronding", "procent", "80%", (79.5, 80.5)),
        (1.8, "afronding", "maanden", "1,8 maanden", (1.75, 1.85)),
        (-14, "afronding", "procent_verandering", "met 14%", (-14.5, -13.5)),
        (30, "rond", "procent", "rond de 30%", (25, 35)),
        (3, "boven", "sterren", "", (3, 5)),
        (6, "exact", "aantal", "", (6, 6)),
    ],
)
def test_expected_bounds(value, basis, unit, text, expected):
    assert expected_bounds(value, basis, unit, text) == pytest.approx(expected)


def test_rules_without_derived_bounds():
    assert expected_bounds(None, "richting") is None
    assert expected_bounds(None, "bereik") is None


def test_rule_that_cannot_apply_says_why():
    with pytest.raises(ValueError, match="geen benoemde breuk"):
        expected_bounds(70, "breuk", "procent")
    with pytest.raises(ValueError, match="staat niet in de tekst"):
        printed_decimals(1.8, "ongeveer twee maanden")
    with pytest.raises(ValueError, match="schaal"):
        expected_bounds(3, "boven", "aantal")
