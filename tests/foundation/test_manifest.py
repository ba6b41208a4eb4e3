"""The raw-data manifest: a changed, new or missing raw file stops the build and is named."""

from __future__ import annotations

from .conftest import run_build, snapshot


def test_changed_raw_file_without_manifest_update_is_an_error(built):
    before = snapshot(built / "data_processed")
    path = built / "data_raw/databronnen/documents.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Jaarboek 2018 ST-RAW", "Jaarboek ST-RAW"), encoding="utf-8"
    )
    result = run_build(built, "build", "--no-render")
    assert result.returncode == 1
    assert "data_raw/databronnen/documents.csv: inhoud gewijzigd" in result.stderr
    assert "manifest --update" in result.stderr
    assert snapshot(built / "data_processed") == before
    # a deliberate change, registered, builds again
    assert run_build(built, "manifest", "--update").returncode == 0
    assert run_build(built, "build", "--no-render").returncode == 0


def test_unregistered_and_missing_files_are_named(built):
    (built / "data_raw/databronnen/new.csv").write_text("a\n1\n")
    (built / "data_raw/databronnen/data_collection.csv").unlink()
    result = run_build(built, "manifest")
    assert result.returncode == 1
    assert "data_raw/databronnen/new.csv: nieuw bestand" in result.stdout
    assert "data_raw/databronnen/data_collection.csv: staat in het manifest maar ontbreekt" in result.stdout


def test_manifest_is_sha256sum_compatible(mini):
    import hashlib

    lines = [l for l in (mini / "data_raw/MANIFEST.sha256").read_text().splitlines() if not l.startswith("#")]
    entries = dict(reversed(l.split("  ", 1)) for l in lines)
    path = mini / "data_raw/databronnen/documents.csv"
    assert entries["databronnen/documents.csv"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert set(entries) == {f"databronnen/{p.name}" for p in (mini / "data_raw/databronnen").glob("*.csv")}
    assert {"databronnen/documents.csv", "databronnen/data_collection.csv"} <= set(entries)


def test_private_data_are_outside_the_public_manifest_and_override_public_files(built):
    private = built / "data_raw/private/databronnen"
    private.mkdir(parents=True)
    text = (built / "data_raw/databronnen/data_collection.csv").read_text(encoding="utf-8")
    (private / "data_collection.csv").write_text(text.replace(",11,", ",12,"), encoding="utf-8")
    result = run_build(built, "build", "--no-render")
    assert result.returncode == 1 and "data_raw/private/databronnen/data_collection.csv: nieuw bestand" in result.stderr
    assert run_build(built, "manifest", "--update").returncode == 0
    assert "private" not in (built / "data_raw/MANIFEST.sha256").read_text()
    assert (built / "data_raw/private/MANIFEST.sha256").exists()
    assert run_build(built, "build", "--no-render").returncode == 0
    import pandas as pd

    df = pd.read_csv(built / "data_processed/databronnen/data_collection.csv")
    assert df.set_index("source_id").loc["enquete_ouders", "n"] == 12
