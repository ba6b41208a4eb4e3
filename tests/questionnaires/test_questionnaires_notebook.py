"""The same notebook runs unchanged on a researcher's .sav and .xlsx export (nbclient).

``HELMOND_EXPORT`` points the notebook's loader at the export; nothing in the
notebook changes.  Both runs must give the same tables as each other and the
demonstration data's known counts.
"""

import json
import re

import pytest

from analysis import paths
from analysis.notebooks import execute

NOTEBOOK = paths.NOTEBOOKS / "30-helmond-effecten.ipynb"


def normalise(markdown: str) -> str:
    """Table cells without padding and alignment rows (tabulate and the fallback differ only there)."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                continue
            line = "|".join(cells)
        lines.append(line)
    return "\n".join(lines)


def labelled_outputs(nb_path) -> dict[str, str]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    out = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        m = re.search(r"^#\| label: (\S+)", src, re.M)
        if not m:
            continue
        texts = []
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error", f"{m.group(1)}: {o.get('evalue')}"
            data = o.get("data", {})
            texts.append("".join(data.get("text/markdown", "")) or ("<png>" if "image/png" in data else ""))
        out[m.group(1)] = normalise("\n".join(texts))
    return out


@pytest.fixture(scope="module")
def runs(demo_exports, tmp_path_factory, monkeypatch_module):
    results = {}
    for suffix in (".sav", ".xlsx"):
        monkeypatch_module.setenv("HELMOND_EXPORT", str(demo_exports[suffix]))
        dst = tmp_path_factory.mktemp("nb") / f"run{suffix}.ipynb"
        execute(NOTEBOOK, dst)
        results[suffix] = labelled_outputs(dst)
    return results


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_notebook_runs_unchanged_on_sav_and_xlsx(runs):
    sav, xlsx = runs[".sav"], runs[".xlsx"]
    expected = {"txt-databron", "txt-samenvatting", "tbl-respons", "tbl-bijlage-c", "tbl-instrumenten",
                "tbl-betrouwbaarheid", "tbl-ontbrekend", "tbl-effecten", "fig-slope-sdq", "fig-slope-ari", "tbl-rci",
                "fig-jacobson-truax", "fig-verandering", "tbl-overgangen", "tbl-kruistabel", "tbl-groepsverandering",
                "tbl-uitval", "tbl-gepubliceerd"}
    assert set(sav) == set(xlsx) == expected
    assert "helmond_export.sav" in sav["txt-databron"] and "helmond_export.xlsx" in xlsx["txt-databron"]
    assert "Demonstratiedata" not in sav["txt-databron"]          # a real export is not labelled as demo data
    for label in expected - {"txt-databron"}:
        assert sav[label] == xlsx[label], label
    assert all(sav[f] == "<png>" for f in expected if f.startswith("fig-"))


def test_notebook_on_export_shows_the_known_counts(runs):
    out = runs[".sav"]
    assert "Ouders in de pilot|22" in out["tbl-respons"]
    assert "Begin- en eindmeting ingevuld|14" in out["tbl-respons"]
    assert "**22** ouders" in out["txt-samenvatting"] and "64%" in out["txt-samenvatting"]
    table = out["tbl-gepubliceerd"]
    assert table.count("onmogelijk met hele aantallen") == 1 and table.count("reproduceerbaar") == 7
    assert "4 (44,4%) en 5 (55,6%)" in table
