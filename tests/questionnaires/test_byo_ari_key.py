"""Acceptance: a researcher's own ARI-CP scoring key through the documented route.

The Dutch-Excel export from ``tests/fixtures/exports/`` goes into the private folder; ``inspect
--write`` proposes the mapping; the researcher adds ``options: {ari_key: …}`` pointing at her
own key (written here: items assigned to the four scales differently from the demonstration
key, one reverse-scored item, a cut-off; ``demonstration: false``); then ``python -m analysis
build``. The ARI-CP rows of the effects table are checked against a scoring written here from
the true answer codes and this key (not the package's scorer), the page must not call the key a
demonstration key, and changing the key file alone must re-run the questionnaire dataset and page.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
import yaml

from analysis.testing import REPO, copy_built, run

from .test_byo_acceptance import CSV, EFFECTS, EXPORTS, PRIVATE, assert_count, page_text, table_row

EXPORT = CSV
KEY = f"{PRIVATE}/ari_sleutel_handleiding.yaml"
DEMO_SECURE = [1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41, 45, 47]
DEMO_AVOIDANT = [2, 6, 10, 14, 18, 22, 26, 30, 34, 38, 42]
AMBIVALENT = [3, 7, 11, 15, 19, 23, 27, 31, 35, 39, 43]
DEMO_DISORGANISED = [4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 46, 48]
# her key (invented for the test): other items per scale, item 7 reverse-scored
SCALES = {
    "secure": sorted(DEMO_AVOIDANT + [46, 48]),
    "avoidant": [i for i in DEMO_SECURE if i not in (45, 47)],
    "ambivalent": AMBIVALENT,
    "disorganised": sorted([i for i in DEMO_DISORGANISED if i not in (46, 48)] + [45, 47]),
}
REVERSE = {7}
CUTOFFS = {
    "secure": {"low_below": 3.0},
    "avoidant": {"high_from": 3.5},
    "ambivalent": {"high_from": 3.5},
    "disorganised": {"high_from": 3.2},
}
LABELS = {"secure": "Veilig", "avoidant": "Vermijdend", "ambivalent": "Ambivalent", "disorganised": "Gedesorganiseerd"}


def write_key(root, scales=SCALES, reverse=REVERSE, path=KEY, cutoffs=None) -> None:
    demo = yaml.safe_load((REPO / "analysis/questionnaires/instruments/ari_cp_2_5_demo_key.yaml").read_text("utf-8"))
    demo.update(
        title="ARI-CP 2-5, sleutel uit de handleiding (test)",
        demonstration=False,
        reverse_items=sorted(reverse),
        scales={k: {"items": v, "problem": k != "secure"} for k, v in scales.items()},
        norms={"source": "test", "cutoffs": cutoffs if cutoffs is not None else CUTOFFS},
    )
    (root / path).write_text(yaml.safe_dump(demo, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _two(x: float) -> str:
    return str(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def expected_rows(scales=SCALES, reverse=REVERSE) -> dict[str, tuple[int, str, str]]:
    """Per scale (n pairs, 'mean (sd)' at t0, at t1): mean of the answered items when at least
    75% are answered; parents with both waves scored."""
    t = pd.read_csv(EXPORTS / "truth_sdq_ari_2024.csv", dtype=str, keep_default_na=False)
    out = {}
    for name, items in scales.items():
        need = math.ceil(0.75 * len(items))

        def score(row, items=items, need=need):
            vals = [int(row[f"ari_{i:02d}"]) for i in items if row[f"ari_{i:02d}"] != ""]
            vals = [6 - v if i in reverse else v for i, v in zip([i for i in items if row[f"ari_{i:02d}"] != ""], vals)]
            return sum(vals) / len(vals) if len(vals) >= need else None

        t[name] = t.apply(score, axis=1)
        pre = t[t["wave"] == "t0"].set_index("respondent_id")[name]
        post = t[t["wave"] == "t1"].set_index("respondent_id")[name]
        pairs = [r for r in pre.index if r in post.index and pd.notna(pre[r]) and pd.notna(post[r])]
        a = pd.Series([pre[r] for r in pairs], dtype=float)
        b = pd.Series([post[r] for r in pairs], dtype=float)
        out[name] = (
            len(pairs),
            f"{_two(a.mean())} ({_two(a.std(ddof=1))})",
            f"{_two(b.mean())} ({_two(b.std(ddof=1))})",
        )
    return out


@pytest.fixture(scope="module")
def built(questionnaire_csv, tmp_path_factory):
    """Her export with its proposed mapping, built (the session's ``questionnaire_csv``, copied);
    then her key and the mapping's option naming it, and built again."""
    root = copy_built(questionnaire_csv, tmp_path_factory.mktemp("ari-key") / "project")
    write_key(root)
    mapping = root / PRIVATE / "SDQ en ARI 2024 (Excel).mapping.yaml"
    text = mapping.read_text(encoding="utf-8")
    assert "\noptions:\n" in text, text
    mapping.write_text(text.replace("\noptions:\n", f'\noptions:\n  ari_key: "{KEY}"\n'), encoding="utf-8")
    assert run(root, "manifest", "--update").returncode == 0
    result = run(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root


def test_ari_rows_follow_her_key(built):
    exp = expected_rows()
    demo = expected_rows(
        {"secure": DEMO_SECURE, "avoidant": DEMO_AVOIDANT, "ambivalent": AMBIVALENT, "disorganised": DEMO_DISORGANISED},
        set(),
    )
    assert exp["secure"][1] != demo["secure"][1]  # the key makes a difference the test can see
    for name, (n, pre, post) in exp.items():
        row = table_row(built, ["ARI-CP 2-5", LABELS[name]], EFFECTS)
        assert_count(row[2], n)
        assert row[3:5] == [pre, post], (name, row)


def test_page_does_not_call_her_key_a_demonstration_key(built):
    text = re.sub(r"\s+", " ", page_text(built))
    assert "demonstratiesleutel" not in text.lower()
    assert "hoog op gedesorganiseerd (ARI-CP)" in text


def test_changing_only_her_key_reruns_the_questionnaire_page(built):
    """Also for a key outside the private folder (any path from the project root is accepted):
    the file a mapping names in its options is in the dataset's build key."""
    outside = "sleutels/ari_handleiding.yaml"
    (built / "sleutels").mkdir()
    (built / KEY).rename(built / outside)
    mapping = built / PRIVATE / "SDQ en ARI 2024 (Excel).mapping.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace(KEY, outside), encoding="utf-8")
    assert run(built, "manifest", "--update").returncode == 0
    first = run(built, "build", "--renderer", "embedded")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    exp = expected_rows()["secure"]
    assert table_row(built, ["ARI-CP 2-5", "Veilig"], EFFECTS)[3:5] == list(exp[1:])

    swapped = dict(SCALES, secure=SCALES["disorganised"], disorganised=SCALES["secure"])
    write_key(built, swapped, path=outside)
    result = run(built, "build", "--renderer", "embedded")  # nothing under data_raw/ changed
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert re.search(
        r"Dataset helmond_questionnaires: inlezen en valideren \(.*options\.ari_key → sleutels/ari_handleiding\.yaml "
        r"gewijzigd\)",
        out,
    ), out
    assert "Notebook 30-helmond-effecten.ipynb: uitvoeren (dataset helmond_questionnaires gewijzigd)" in out
    assert "Notebook 01-databronnen.ipynb: ongewijzigd, overgeslagen" in out
    n, pre, post = expected_rows(swapped)["secure"]
    assert table_row(built, ["ARI-CP 2-5", "Veilig"], EFFECTS)[3:5] == [pre, post]


def test_her_key_without_a_cutoff_is_refused_before_anything_is_written(built):
    from analysis.testing import snapshot

    write_key(built, cutoffs={k: v for k, v in CUTOFFS.items() if k != "secure"}, path="sleutels/ari_handleiding.yaml")
    before = snapshot(built / "data_processed"), snapshot(built / "_site")
    result = run(built, "build", "--renderer", "embedded")
    message = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in message, message[-3000:]
    assert "mapping.yaml: regel" in message and "options.ari_key" in message, message[-3000:]
    assert "geen afkappunt voor schaal 'secure'" in message and "er is niets geschreven" in message
    assert (snapshot(built / "data_processed"), snapshot(built / "_site")) == before
