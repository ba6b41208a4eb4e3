"""Fixtures: the demonstration data as raw frames, and export files written from them."""

from pathlib import Path

import pandas as pd
import pytest

from analysis import paths

RAW = paths.DATA_RAW / "helmond_questionnaires"


@pytest.fixture(scope="session")
def demo_frames():
    return (
        pd.read_csv(RAW / "respondents.csv", dtype={"respondent_id": str}),
        pd.read_csv(RAW / "forms.csv", dtype={"respondent_id": str}),
    )


@pytest.fixture(scope="session")
def demo_exports(demo_frames, tmp_path_factory) -> dict[str, Path]:
    from analysis.questionnaires.exports import write_demo_exports

    folder = tmp_path_factory.mktemp("exports")
    return {p.suffix: p for p in write_demo_exports(*demo_frames, folder)}


@pytest.fixture(scope="session")
def demo_results(demo_frames):
    from analysis.questionnaires import helmond

    return helmond.analyse(helmond.export_from_frames(*demo_frames))
