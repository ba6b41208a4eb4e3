"""Fixtures for the case-study tests: the transcribed tables typed by the schema, helpers, and the
small case-study project (its chain and page) built once per session: on the published cases, and
then (incrementally, in a copy) with a researcher's filled-in template."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.data import read_dataset
from analysis.schema import load_schema
from analysis.testing import REPO, SITE_FRAME, copy_built, copy_project, run

FIXTURES = REPO / "tests" / "fixtures" / "exports"
FILES = SITE_FRAME + [
    "analysis/schemas/case_studies.yaml",
    "data_raw/case_studies",
    "analysis/schemas/databronnen.yaml",
    "data_raw/databronnen",
    "templates/case_studies",
    "notebooks/10-casusonderzoek.ipynb",
    "reports/casusonderzoek.qmd",
]
PRIVATE = "data_raw/private/case_studies"


@pytest.fixture(scope="session")
def cases_published(shared_build):
    """``FILES`` built once per session on the published cases (read-only)."""

    def make(root):
        copy_project(root, FILES)
        return run(root, "build", "--renderer", "embedded")

    return shared_build("cases-published", make)[0]


@pytest.fixture(scope="session")
def cases_template_build(cases_published, shared_build):
    """``(root, result)``: a copy of ``cases_published`` after she put her filled-in template
    (``tests/fixtures/exports/casus-sjabloon/``: workbook, its mapping, her transcripts) in the
    private folder and built again, without ``--force``, once per session (read-only)."""

    def make(root):
        copy_built(cases_published, root)
        shutil.copytree(FIXTURES / "casus-sjabloon", root / PRIVATE)
        registered = run(root, "manifest", "--update")
        assert registered.returncode == 0, registered.stdout + registered.stderr
        return run(root, "build", "--renderer", "embedded")

    return shared_build("cases-template", make)


@pytest.fixture(scope="session")
def schema():
    return load_schema("case_studies")


@pytest.fixture(scope="session")
def typed(schema):
    """Raw tables read and typed by the schema (before the domain validator)."""
    return read_dataset(schema)


@pytest.fixture()
def tables(typed):
    """A fresh copy per test, so a test may break it."""
    return {name: df.copy() for name, df in typed.items()}


@pytest.fixture(scope="session")
def validated(typed, schema):
    from analysis.case_studies.validate import validate_tables

    return validate_tables({n: d.copy() for n, d in typed.items()}, schema)


def row_of(df: pd.DataFrame, **match) -> int:
    """Index of the single row matching all ``column=value`` pairs."""
    mask = pd.Series(True, index=df.index)
    for col, value in match.items():
        mask &= df[col] == value
    hits = df.index[mask.fillna(False)]
    assert len(hits) == 1, (match, list(hits))
    return hits[0]
