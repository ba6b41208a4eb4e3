"""Two clean builds of the same project give byte-identical outputs (no timestamps, stable order)."""

from __future__ import annotations

import hashlib

from analysis.testing import MINIMAL, copy_project, run


def hashes(root, folders=("data_processed", "_site", "downloads")) -> dict[str, str]:
    out = {}
    for name in folders:
        for p in sorted((root / name).rglob("*")) if (root / name).exists() else []:
            if p.is_file():
                out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_two_clean_builds_in_different_folders_are_identical_file_by_file(minimal_site, tmp_path):
    """The session's clean build of the Databronnen chain (``minimal_site``) and a second clean build
    of the same files in another folder, made here."""
    root = copy_project(tmp_path / "b-other-path" / "project", MINIMAL + [".gitignore"])
    result = run(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert minimal_site.parent.name != root.parent.name
    folders = ("data_processed", "_site", "downloads", "_build/notebooks")  # the executed notebooks too
    a, b = hashes(minimal_site, folders), hashes(root, folders)
    assert any(k.endswith(".ipynb") for k in a)  # object reprs without a memory address (report.Table)
    assert any(k.endswith(".pdf") for k in a) and any(k.endswith(".png") or k.endswith(".svg") for k in a)
    assert len(a) > 10
    different = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    assert not different, different


def test_svg_and_pdf_downloads_carry_no_build_time(tmp_path, monkeypatch):
    """The life-line banners (SVG + PDF, matplotlib): same bytes in two builds; no wall-clock date."""
    monkeypatch.delenv("ANALYSIS_KEPT_BANNERS")  # each build draws its own (not the session's kept ones)
    files = ["analysis.toml", "analysis/schemas/case_studies.yaml", "data_raw/case_studies"]
    roots = [copy_project(tmp_path / name / "project", files) for name in ("a", "b")]
    for root in roots:
        result = run(root, "build", "--no-render")
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        assert len(list((root / "_build/cache/kept/banners").iterdir())) >= 9  # drawn by this build
    a, b = (hashes(r, ("data_processed", "_build/downloads")) for r in roots)  # --no-render: staged
    svgs = [k for k in a if k.endswith(".svg")]
    assert len(svgs) >= 6 and any(k.endswith(".pdf") for k in a)
    assert sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k)) == []
    banner = next(r for r in svgs if "banner" in r)
    # banners carry no date at all (analysis.case_studies.plot.UNDATED: the data step's key leaves
    # the build time out, so its files must not depend on it)
    assert "<dc:date>" not in (roots[0] / banner).read_text(encoding="utf-8")
