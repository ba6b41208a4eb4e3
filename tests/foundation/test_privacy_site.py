"""The whole site with the default threshold and with ``min_cell = 10``: the privacy check passes,
every "<n" label names the configured threshold, and no page, figure or download shows a count below it."""

from __future__ import annotations

import re

import pytest

from analysis.privacy_check import texts, visible_text


SMALL_LABEL = re.compile(r"<(\d+)(?![\d,.])")  # "<5", "<10"; not p-values such as "<0,001"


def _site_texts(root):
    for folder in ("_site", "downloads"):
        for p in sorted((root / folder).rglob("*")):
            if p.is_file() and "site_libs" not in p.parts:
                for name, kind, text in texts(str(p.relative_to(root)), p.read_bytes()):
                    yield name, (visible_text(text) if kind in ("html", "figure", "text") else text)


def _labels(root) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for name, text in _site_texts(root):
        for m in SMALL_LABEL.finditer(text):
            found.setdefault(m.group(1), set()).add(name)
    return found


@pytest.mark.parametrize("fixture,k", [("full_site_build", 5), ("full_site_min10_build", 10)])
def test_site_follows_the_configured_threshold(request, fixture, k):
    root, build = request.getfixturevalue(fixture)
    # the build's last step is `python -m analysis privacy-check` (privacy_check.main) on what it wrote
    assert "Privacycontrole: in orde" in build.stdout, build.stdout[-4000:]
    labels = _labels(root)
    assert str(k) in labels, "geen enkel onderdrukt aantal op de hele site?"
    wrong = {n: sorted(files)[:5] for n, files in labels.items() if n != str(k)}
    assert not wrong, f"labels die niet de drempel {k} noemen: {wrong}"


def test_stricter_threshold_hides_more(full_site, full_site_min10):
    """The same table, both builds: 5 … 9 parents are shown at the default and hidden at 10."""
    page5 = (full_site / "_site/notebooks/30-helmond-effecten.html").read_text(encoding="utf-8")
    page10 = (full_site_min10 / "_site/notebooks/30-helmond-effecten.html").read_text(encoding="utf-8")
    assert "minder dan 5 personen" in page5 and "minder dan 10 personen" in page10
    assert "minder dan 5 personen" not in page10
    assert page10.count("&lt;10") > page5.count("&lt;5")


@pytest.mark.parametrize("fixture,k", [("full_site", 5), ("full_site_min10", 10)])
def test_built_pages_hide_small_groups_in_role_lists_and_trees(request, fixture, k):
    """On the built lessons page every pilot component with a hidden participant count shows no
    role list (the roles would let a reader count the group), and every findings-tree PNG on
    the site carries its text for the privacy check."""
    from analysis.figures import FIGURE_TEXT_KEY
    from analysis.privacy_check import png_text

    root = request.getfixturevalue(fixture)
    page = (root / "_site/notebooks/40-idu-lessen.html").read_text(encoding="utf-8")
    table = next(t for t in re.findall(r"(?is)<table\b.*?</table>", page) if "Deelnemers (rollen)" in t)
    rows = [
        [visible_text(c).strip() for c in re.findall(r"(?is)<t[hd]\b[^>]*>(.*?)</t[hd]>", r)]
        for r in re.findall(r"(?is)<tr\b.*?</tr>", table)
    ]
    head = rows[0]
    n_col, roles_col = head.index("Deelnemers (aantal)"), head.index("Deelnemers (rollen)")
    hidden = [r for r in rows[1:] if r[n_col] == f"<{k}"]
    assert hidden, "geen verborgen aantal deelnemers?"
    assert all(r[roles_col] == f"niet getoond (<{k} deelnemers)" for r in hidden), hidden
    assert not [r for r in rows[1:] if r[roles_col] in ("<NA>", "nan", "")], "een lege rollenlijst staat als –"
    policy = visible_text((root / "_site/reports/databronnen.html").read_text(encoding="utf-8"))
    policy = " ".join(policy.split()).replace("“", '"').replace("”", '"')  # pandoc's typographic quotes
    assert "Privacybeleid voor gepubliceerde aantallen" in policy
    assert f'Een aantal personen van 1 tot {k} staat als "<{k}"' in policy
    assert f"bij minder dan {k} deelnemers zou de lijst het aantal verraden" in policy
    trees = sorted((root / "_site").rglob("*bevindingenboom*.png")) + sorted(
        (root / "_site").rglob("fig-bevindingenbomen-*.png")
    )
    assert len(trees) >= 6
    assert all(png_text(p.read_bytes(), FIGURE_TEXT_KEY) for p in trees)
