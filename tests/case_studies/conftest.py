"""Fixtures for the case-study tests: the transcribed tables typed by the schema, and helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import read_dataset
from analysis.schema import load_schema


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
