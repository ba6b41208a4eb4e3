"""Privacy policy (CONTRIBUTING, Databronnen): a role next to the name of an organisation points at one
person, so pages, figures and downloads name an organisation by its kind. The transcribed tables keep
the name and its source line; the dataset's ``organisations`` table says how each name is published."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import paths
from analysis.privacy import generalise_organisations, generalise_text, organisation_kinds
from analysis.privacy_check import check

KINDS = [
    ("Verslavingszorg (Novadic)", "Verslavingszorg"),
    ("Novadic", "verslavingszorginstelling"),
    ("WSG", "gecertificeerde instelling"),
]


def test_a_name_reads_as_its_kind():
    kinds = organisation_kinds(pd.DataFrame({"organisation": [k for k, _ in KINDS], "kind": [v for _, v in KINDS]}))
    assert kinds[0][0] == "Verslavingszorg (Novadic)"  # the longest name first
    assert generalise_text("WSG", kinds) == "gecertificeerde instelling"  # a cell that is only the name
    assert generalise_text("Verslavingszorg (Novadic)", kinds) == "Verslavingszorg"
    assert generalise_text("Gezinsvoogd WSG; contact met Novadic", kinds) == (
        "Gezinsvoogd [gecertificeerde instelling]; contact met [verslavingszorginstelling]"
    )
    assert generalise_text("WSGX en xWSG", kinds) == "WSGX en xWSG"  # whole names only
    df = pd.DataFrame({"role_id": ["WSG"], "organisation": ["WSG"], "source": ["WSG:1"]})
    out = generalise_organisations(df, kinds, keep={"role_id", "source"})
    assert out.iloc[0].tolist() == ["WSG", "gecertificeerde instelling", "WSG:1"]


def _named(dataset: str) -> list[str]:
    return pd.read_csv(paths.DATA_RAW / dataset / "organisations.csv", dtype=str)["organisation"].tolist()


# Organisations a role may stand next to as they are: kinds that exist in every municipality or region,
# so "Medewerker Veilig Thuis" points at no one ("STH": the municipality's own social teams, whose pilot
# the Helmond report is). Any other capitalised word in the roles and episodes tables that is not a
# case's pseudonym ("Psycholoog van Tom") is taken for a name: it must be in the organisations table.
EVERY_REGION = {"Veilig Thuis", "Plusteam", "GGZ", "JGZ", "POH", "STH", "VT", "GZ"}  # GZ: the profession GZ-psycholoog


def test_every_named_organisation_of_the_case_studies_is_listed_with_its_kind():
    listed = _named("case_studies")
    read = lambda t: pd.read_csv(paths.DATA_RAW / f"case_studies/{t}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    pseudonyms = set(read("persons")["name"])
    unlisted = []
    for value in [*read("roles")["organisation"], *read("episodes")["provider"]]:
        rest = value
        for name in [*listed, *EVERY_REGION]:
            rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest)
        words = re.findall(r"[\wà-ÿ+]+", rest)
        names = [w for i, w in enumerate(words) if (i > 0 and w[0].isupper() or w.isupper()) and w not in pseudonyms]
        if names:
            unlisted.append(value)
    assert unlisted == []
    assert "Gezinsvoogd WSG" in [*read("episodes")["provider"]]  # the check reads what it should


def test_a_planted_role_with_a_named_organisation_is_found(tmp_path):
    (tmp_path / "page.html").write_text("<p>Gezinsvoogd / WSG</p><p>nieuwsgierig</p>", encoding="utf-8")
    names = {n: "organisations.organisation" for n in _named("case_studies")}
    (hit,) = check([tmp_path], names, k=1)
    assert "identificerende kolom organisations.organisation" in hit.problem


@pytest.mark.parametrize("fixture", ["full_site", "full_site_min10"])
def test_no_named_organisation_on_any_built_page_figure_or_download(request, fixture):
    root = request.getfixturevalue(fixture)
    names = {n: "organisations.organisation" for n in _named("case_studies") + _named("idu_lessons")}
    # the privacy check's own reading of every page, figure text, PDF and download, names as whole
    # values ("WSG", not "nieuwsgierig"); k = 1: counts are the site tests' business
    hits = [str(f) for f in check([root / "_site", root / "downloads"], names, k=1)]
    assert hits == []
    # the kinds are there instead, next to their roles
    page = (root / "_site/reports/casusonderzoek.html").read_text(encoding="utf-8")
    assert "gecertificeerde instelling" in page and "ggz-aanbieder" in page
    lessons = (root / "_site/reports/idu-lessen.html").read_text(encoding="utf-8")
    assert "Gespecialiseerde zorg van een jeugdhulpaanbieder op het Elan College" in lessons
