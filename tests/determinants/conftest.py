import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def make_qdpx(path: Path, qde: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def other_tool_zip(path: Path, qde: bytes) -> Path:
    """A (changed) project.qde packed with the other-tool fixture's source files."""
    src = FIXTURES / "other_tool" / "sources"
    return make_qdpx(path, qde, {f"sources/{p.name}": p.read_bytes() for p in src.iterdir()})


@pytest.fixture
def other_tool_qde() -> bytes:
    return (FIXTURES / "other_tool" / "project.qde").read_bytes()


@pytest.fixture
def other_tool_qdpx(tmp_path, other_tool_qde) -> Path:
    """The hand-made 'other tool' project packed as a .qdpx with its source texts."""
    return other_tool_zip(tmp_path / "grondhouding.qdpx", other_tool_qde)


@pytest.fixture
def mapping_file() -> Path:
    return FIXTURES / "other_tool" / "mapping.csv"


def official_schema(name: str) -> Path:
    """The official REFI-QDA schema beside the source documents (tests marked ``sources``; the
    project's shared guard skips them in a clone without the shared folder). Skips with the path when only
    the schemas are missing."""
    from analysis import paths

    path = paths.SEEDS.parent / "reference" / "refi-qda" / name
    if not path.exists():
        pytest.skip(
            f"officiële REFI-QDA-schema's niet gevonden in {path.parent}; de tests valideren dan alleen "
            "tegen de kopie in analysis/determinants/refi_qda_schema/"
        )
    return path
