"""Fixtures: the demonstration data as raw frames, export files written from them, and the small
questionnaire project (Databronnen + Helmond chains) built once per session: on the demonstration
data, and then (incrementally, in a copy) with a researcher's Dutch-Excel export."""

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.testing import MINIMAL, add_private, copy_built, copy_project, run

RAW = paths.DATA_RAW / "helmond_questionnaires"
EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
FILES = MINIMAL + [
    "analysis/schemas/helmond_questionnaires.yaml",
    "analysis/schemas/helmond_published_figures.yaml",
    "data_raw/helmond_questionnaires",
    "data_raw/helmond_published_figures",
    "notebooks/30-helmond-effecten.ipynb",
    "reports/helmond-effecten.qmd",
]
PRIVATE = "data_raw/private/helmond_questionnaires"
CSV = "SDQ en ARI 2024 (Excel).csv"  # the Dutch-Excel export (semicolons, Windows-1252, wide)


def _build(root: Path) -> subprocess.CompletedProcess:
    return run(root, "build", "--renderer", "embedded")


@pytest.fixture(scope="session")
def questionnaire_demo(shared_build) -> Path:
    """``FILES`` built once per session on the demonstration data (read-only)."""

    def make(root):
        copy_project(root, FILES)
        return _build(root)

    return shared_build("questionnaires-demo", make)[0]


@pytest.fixture(scope="session")
def questionnaire_csv_build(questionnaire_demo, shared_build):
    """``(root, result)``: a copy of ``questionnaire_demo`` after she put the Dutch-Excel export in
    the private folder, accepted the mapping ``inspect --write`` proposes and built again, without
    ``--force`` (the build keys see the private folder), once per session (read-only)."""

    def make(root):
        copy_built(questionnaire_demo, root)
        add_private(root, "helmond_questionnaires", [EXPORTS / CSV], CSV)
        return _build(root)

    return shared_build("questionnaires-csv", make)


@pytest.fixture(scope="session")
def questionnaire_csv(questionnaire_csv_build) -> Path:
    return questionnaire_csv_build[0]


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
