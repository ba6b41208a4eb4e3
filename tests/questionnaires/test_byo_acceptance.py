"""Acceptance: a researcher's own questionnaire exports through the documented route.

For each export in tests/fixtures/exports/ (made by make_questionnaire_exports.py, synthetic
people, NOT in the demonstration layout): copy it into data_raw/private/helmond_questionnaires/
of an isolated project copy, accept the mapping ``inspect --write`` proposes (unchanged),
register, ``python -m analysis build``. The two Dutch exports (csv, sav) go into a copy of the
session's demonstration build (``questionnaire_demo``: as a researcher who built the demonstration
first, so every page that the demonstration build wrote must be re-made or still true); the
SDQ-only xlsx into a fresh copy that never saw the demonstration build (her first build). Then check the built page's numbers against an
independent scoring of the true answer codes written here (not the package's scorer), that the
page names the export and carries no demonstration wording, and that no name or free-text
remark reaches _site/ (HTML, SVG, PDF text, zip members).
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.privacy import find_identifying
from analysis.testing import add_private, copy_built, copy_project, run

from .conftest import CSV, EXPORTS, FILES, PRIVATE  # noqa: F401  (re-exported for the other modules)

PAGE = "_site/reports/helmond-effecten.html"
EFFECTS = "Begin- en eindmeting per schaal"  # caption of the effects table
DEMO_WORDING = ("demonstratiedata", "generate_helmond_demo", "gegenereerde antwoorden", "DEMONSTRATIEDATA")

# --- an independent SDQ scoring (sdqinfo.org "Scoring the SDQ for age 4-17", 2014) -------------
REVERSE = {7, 11, 14, 21, 25}
SCALES = {
    "emotional": [3, 8, 13, 16, 24],
    "conduct": [5, 7, 12, 18, 22],
    "hyperactivity": [2, 10, 15, 21, 25],
    "peer": [6, 11, 14, 19, 23],
    "prosocial": [1, 4, 9, 17, 20],
}
# Theunissen et al. 2022, Table 2, clinical cut-off ("> x") of total difficulties by age group;
# an age on two groups' boundary goes to the group where it is the lower bound (4 → 4-7, 7 → 7-11).
DUTCH_CLINICAL = [(4, 6, 14), (7, 11, 13), (12, 14, 11)]


def _round_half_away(x: float) -> int:
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def score_total(row: pd.Series) -> float | None:
    scales = {}
    for name, items in SCALES.items():
        answers = []
        for i in items:
            v = row[f"sdq_{i:02d}"]
            if pd.isna(v) or v == "":
                continue
            v = int(v)
            answers.append(2 - v if i in REVERSE else v)
        scales[name] = _round_half_away(sum(answers) / len(answers) * 5) if len(answers) >= 3 else None
    problem = [scales[s] for s in ("emotional", "conduct", "hyperactivity", "peer")]
    return None if any(p is None for p in problem) else float(sum(problem))


def expected(truth_file: str, n_none: int) -> dict:
    t = pd.read_csv(EXPORTS / truth_file, dtype=str, keep_default_na=False)
    t["total"] = t.apply(score_total, axis=1)
    waves = t.groupby("respondent_id")["wave"].agg(set)
    both = sorted(r for r, w in waves.items() if {"t0", "t1"} <= w)
    base = t[(t["wave"] == "t0") & t["respondent_id"].isin(both)].set_index("respondent_id")
    post = t[t["wave"] == "t1"].set_index("respondent_id")
    pairs = [
        r
        for r in both
        if base.at[r, "total"] is not None and not pd.isna(base.at[r, "total"]) and not pd.isna(post.at[r, "total"])
    ]
    pre = pd.Series([base.at[r, "total"] for r in pairs], dtype=float)
    after = pd.Series([post.at[r, "total"] for r in pairs], dtype=float)
    elevated = 0
    for r in both:
        age, total = int(float(base.at[r, "age"])), base.at[r, "total"]
        cut = next((c for lo, hi, c in DUTCH_CLINICAL if lo <= age <= hi), None)
        elevated += int(total is not None and not pd.isna(total) and cut is not None and total > cut)
    return {
        "n_both": len(both),
        "n_baseline_only": sum(1 for w in waves if w == {"t0"}),
        "n_none": n_none,
        "elevated": elevated,
        "n_pairs": len(pairs),
        "pre": f"{pre.mean():.2f} ({pre.std(ddof=1):.2f})".replace(".", ","),
        "post": f"{after.mean():.2f} ({after.std(ddof=1):.2f})".replace(".", ","),
    }


def assert_count(shown: str, true: int) -> None:
    """A published count is the true count, or hidden as the privacy rules say: '<5' for 1-4
    persons, '×' (secondary suppression) only for a count that is not itself small."""
    if 0 < true < 5:
        assert shown == "<5", (shown, true)
    else:
        assert shown in (str(true), "×"), (shown, true)


def page_text(root: Path) -> str:
    raw = (root / PAGE).read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def table_row(root: Path, first_cells: list[str], table: str) -> list[str]:
    """The cells of the row whose leading cells are ``first_cells`` in the table captioned ``table``."""
    raw = (root / PAGE).read_text(encoding="utf-8")
    start = raw.index(table)
    body = raw[start : raw.index("</table>", start)]
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)
        ]
        if cells[: len(first_cells)] == first_cells:
            return cells
    raise AssertionError(f"geen tabelrij {first_cells} op de pagina")


def setup_project(tmp_path: Path, export: str) -> Path:
    root = copy_project(tmp_path / "project", FILES)
    add_private(root, "helmond_questionnaires", [EXPORTS / export], export)
    return root


def identifying_values(export: str) -> list[str]:
    """Names and free-text remarks in the export (as the researcher's file holds them)."""
    if export.endswith(".csv"):
        df = pd.read_csv(EXPORTS / export, sep=";", encoding="cp1252", dtype=str)
        return [*df["Naam ouder"], *df["Opmerkingen"]]
    if export.endswith(".sav"):
        import pyreadstat

        df, _ = pyreadstat.read_sav(str(EXPORTS / export))
        return [*df["naam"], *df["opmerking"]]
    df = pd.read_excel(EXPORTS / export, dtype=str)
    return list(df["Toelichting"])


CASES = {
    "SDQ en ARI 2024 (Excel).csv": ("truth_sdq_ari_2024.csv", 4, True),
    "sdq_ari_2024.sav": ("truth_sdq_ari_2024.csv", 4, True),
    "alleen SDQ 2023.xlsx": ("truth_alleen_sdq_2023.csv", 0, False),
}
FIRST_BUILD = "alleen SDQ 2023.xlsx"  # built in a fresh copy; the others after the demonstration build


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request, tmp_path_factory):
    """``(export, root)``: each export through inspect --write, manifest and a build of its own
    (read-only: the tests only read). The csv study is the session's ``questionnaire_csv`` (the
    same steps, shared with the other questionnaire modules)."""
    export = request.param
    if export == CSV:
        return export, request.getfixturevalue("questionnaire_csv")
    if export == FIRST_BUILD:
        root = setup_project(tmp_path_factory.mktemp("byo"), export)
    else:
        root = copy_built(request.getfixturevalue("questionnaire_demo"), tmp_path_factory.mktemp("byo") / "project")
        add_private(root, "helmond_questionnaires", [EXPORTS / export], export)
    result = run(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return export, root


def test_page_numbers_equal_an_independent_scoring(built):
    export, root = built
    truth, n_none, _ = CASES[export]
    exp = expected(truth, n_none)
    text = re.sub(r"\s+", " ", page_text(root))
    n_all = exp["n_both"] + exp["n_baseline_only"] + n_none
    m = re.search(
        r"Van de (\S+) ouders vulden er (\S+) de begin- en de eindmeting in, (\S+) alleen de beginmeting "
        r"en (\S+) geen vragenlijst",
        text,
    )
    assert m, text[:3000]
    for shown, true in zip(m.groups(), (n_all, exp["n_both"], exp["n_baseline_only"], n_none)):
        assert_count(shown, true)
    # the headline share: elevated among ALL parents with both waves (not from the SDQ x ARI table)
    m = re.search(
        r"Bij de beginmeting heeft (.+?) van de ouders met beide metingen een verhoogde SDQ-totaalscore", text
    )
    if exp["elevated"] >= 5 and m.group(1).endswith("%"):
        assert m.group(1) == f"{100 * exp['elevated'] / exp['n_both']:.0f}%"
    else:
        part, whole = re.fullmatch(r"(\S+) van de (\S+)", m.group(1)).groups()
        assert_count(part, exp["elevated"])
        assert_count(whole, exp["n_both"])
    row = table_row(root, ["SDQ 4-17 (ouder)", "Totale moeilijkheden"], EFFECTS)
    assert_count(row[2], exp["n_pairs"])
    assert row[3:5] == [exp["pre"], exp["post"]], row


def test_page_names_the_export_and_has_no_demonstration_wording(built):
    export, root = built
    text = page_text(root)
    assert f"Gelezen: eigen gegevens uit {export}" in re.sub(r"\s+", " ", text)
    site = root / "_site"
    pages = [p for p in site.rglob("*.html")]
    for p in pages:
        body = p.read_text(encoding="utf-8")
        # the questionnaire pages themselves, and every link to them (sidebar, index)
        links = " ".join(
            re.findall(r'<a[^>]*href="[^"]*helmond(?:-effecten|_questionnaires)[^"]*"[^>]*>(.*?)</a>', body, re.S)
        )
        for word in DEMO_WORDING:
            assert word not in links, (p.name, word)
            if "helmond" in p.name:
                assert word not in body, (p.name, word)
    codebook = (site / "codebook/helmond_questionnaires.html").read_text(encoding="utf-8")
    assert "Demonstratiedata" not in codebook and export in html.unescape(codebook)


def test_sdq_only_study_shows_no_ari_results(built):
    export, root = built
    has_ari = CASES[export][2]
    text = page_text(root)
    assert ("Deze studie gebruikte alleen de SDQ" in text) is (not has_ari)
    if has_ari:
        assert int(table_row(root, ["ARI-CP 2-5", "Veilig"], EFFECTS)[2]) > 0
    else:
        assert "ARI-CP 2-5</td>" not in (root / PAGE).read_text(encoding="utf-8")


def test_no_name_or_remark_reaches_the_site(built):
    export, root = built
    values = identifying_values(export)
    assert len(values) > 10
    assert find_identifying(root / "_site", values) == []
    assert find_identifying(root / "data_processed", values) == []


def test_switching_to_an_export_and_back_gives_the_demonstration_site_byte_for_byte(
    questionnaire_demo, questionnaire_csv_build, tmp_path
):
    """The demonstration build, then her csv export built on (a copy of) it: both once per session
    (``questionnaire_demo``, ``questionnaire_csv_build``); here, in a copy, back again."""
    from analysis.testing import snapshot

    demo_site, demo_data = snapshot(questionnaire_demo / "_site"), snapshot(questionnaire_demo / "data_processed")
    assert "Demonstratiedata" in (questionnaire_demo / PAGE).read_text(encoding="utf-8")

    export = CSV
    switched, result = questionnaire_csv_build
    assert "--force" not in result.args  # no --force: the keys see the private folder
    assert "Dataset databronnen: ongewijzigd, overgeslagen" in result.stdout, result.stdout  # on the demo build
    assert f"Dataset helmond_questionnaires: inlezen en valideren ({PRIVATE}/{export} nieuw" in result.stdout
    page = (switched / PAGE).read_text(encoding="utf-8")
    assert export in html.unescape(page) and "Demonstratiedata" not in page

    root = copy_built(switched, tmp_path / "project")

    for p in (root / PRIVATE).iterdir():
        p.unlink()
    assert run(root, "manifest", "--update").returncode == 0
    result = run(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stderr[-2000:]
    assert snapshot(root / "data_processed") == demo_data
    changed = sorted(
        k for k in set(demo_site) | set(snapshot(root / "_site")) if demo_site.get(k) != snapshot(root / "_site").get(k)
    )
    assert changed == []
