"""``python -m analysis privacy-check`` finds what must not be published, in every kind of built file."""

from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest

from analysis.privacy_check import check
from analysis.report import Table, prepare_table

from analysis.testing import copy_built

from .conftest import run_build

REMARK = "moeder belt vaak over de rechtszaak"  # a free-text remark (column marked identifying)
CODER = "Annelies Verhoeven"  # a coder's name
VALUES = {REMARK: "x.forms.remark", CODER: "x.codings.coder"}


def _png(text_in_legend: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.figures import _with_text_chunk, figure_text

    fig, ax = plt.subplots()
    ax.scatter([1, 2], [1, 2], label=text_in_legend)
    ax.legend()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return _with_text_chunk(buf.getvalue(), figure_text(fig))


def _pdf(text: str) -> bytes:
    import typst

    return typst.compile(f"= Rapport\n\n{text}\n".encode())


def _files(folder, **files):
    for name, data in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return folder


def _problems(folder, k=5):
    return [str(f) for f in check([folder], VALUES, k)]


def test_a_clean_site_passes(tmp_path):
    table = Table(prepare_table(__import__("pandas").DataFrame({"groep": ["a", "b"], "n": [3, 12]}), counts=["n"]))
    _files(
        tmp_path,
        **{
            "page.html": f"<p>Twaalf ouders (n = 12).</p>{table._repr_html_()}",
            "fig.svg": "<svg><text>Hersteld (&lt;5)</text><text>Onveranderd (×)</text></svg>",
            "fig.png": _png("Hersteld (<5)"),
            "report.pdf": _pdf("Van de 22 ouders (n = 22)."),
            "d.zip": b"",
        },
    )
    with zipfile.ZipFile(tmp_path / "d.zip", "w") as z:
        z.writestr("tabel.csv", "groep,n\na,<5\n")
    assert _problems(tmp_path) == []


@pytest.mark.parametrize(
    "name,make",
    [
        ("page.html", lambda: f"<html><body><p>Opmerking: {REMARK}.</p></body></html>"),
        ("fig.svg", lambda: f"<svg><text>Codeur: {CODER}</text></svg>"),
        ("fig.png", lambda: _png(f"gecodeerd door {CODER}")),
        ("report.pdf", lambda: _pdf(f"De codering is gedaan door {CODER}.")),
    ],
)
def test_identifying_values_are_found_in_every_kind_of_file(tmp_path, name, make):
    _files(tmp_path, **{name: make()})
    problems = _problems(tmp_path)
    assert len(problems) == 1 and name in problems[0] and "identificerende kolom" in problems[0]
    assert CODER not in problems[0] and REMARK not in problems[0]  # the message never repeats the value


def test_a_name_inside_a_zip_inside_a_zip_is_found(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("project.qde", f'<Project><User name="{CODER}"/></Project>')
    with zipfile.ZipFile(tmp_path / "download.zip", "w") as z:
        z.writestr("studie.qdpx", inner.getvalue())
    (problem,) = _problems(tmp_path)
    assert "download.zip!studie.qdpx!project.qde" in problem


@pytest.mark.parametrize(
    "name,make",
    [
        ("fig.svg", lambda: "<svg><text>Hersteld (3)</text></svg>"),
        ("fig.png", lambda: _png("Hersteld (3)")),
        ("page.html", lambda: "<p>Alleen beginmeting (n = 3).</p>"),
        ("report.pdf", lambda: _pdf("Focusgroep (n = 3).")),
    ],
)
def test_a_count_of_three_in_a_legend_or_text_is_found(tmp_path, name, make):
    _files(tmp_path, **{name: make()})
    (problem,) = _problems(tmp_path)
    assert "aantal 3 (< 5)" in problem and name in problem


def test_a_small_count_in_a_person_count_column_is_found_and_the_threshold_is_the_setting(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"groep": ["a", "b"], "n": [7, 12]})
    html = Table(prepare_table(df, columns={"groep": "Groep", "n": "Aantal ouders"}, counts=["n"]))._repr_html_()
    assert 'data-person-count="1">Aantal ouders' in html
    _files(tmp_path, **{"page.html": html})
    assert _problems(tmp_path, k=5) == []
    (problem,) = _problems(tmp_path, k=10)
    assert "persoonsaantal 7 (< 10)" in problem
    # a planted 3 in the same column (e.g. a table not shown through show_table's rules)
    _files(tmp_path, **{"page.html": html.replace("<td>7</td>", "<td>3</td>")})
    assert any("persoonsaantal 3 (< 5)" in p for p in _problems(tmp_path, k=5))


# ---------------------------------------------------------------- the command on a built project


@pytest.fixture(scope="module")
def built_site(minimal_site_build, tmp_path_factory):
    """A copy of the Databronnen chain built once per session by the embedded renderer (the tests
    plant leaks in it): (root, the build's result)."""
    root, result = minimal_site_build
    root = copy_built(root, tmp_path_factory.mktemp("privacy") / "project")
    # the check's key names the folders it read, so in a new place the first build checks again
    settled = run_build(root, "build", "--renderer", "embedded")
    assert settled.returncode == 0, settled.stdout + settled.stderr
    return root, result


def test_the_build_ends_with_the_privacy_check(built_site):
    root, result = built_site
    assert "Privacycontrole: in orde" in result.stdout
    again = run_build(root, "build", "--renderer", "embedded")
    assert again.returncode == 0 and "Privacycontrole: ongewijzigd, overgeslagen" in again.stdout


def test_built_files_are_readable_by_a_web_server(built_site):
    root, _ = built_site
    checked = 0
    for folder in ("_site", "data_processed", "downloads"):
        for p in (root / folder).rglob("*") if (root / folder).exists() else []:
            mode = stat.S_IMODE(p.stat().st_mode)
            assert mode == (0o755 if p.is_dir() else 0o644), f"{p.relative_to(root)}: {oct(mode)}"
            checked += 1
    assert checked > 10


def test_atomic_writes_give_0644_and_0755(tmp_path):
    from analysis.io import atomic_write_text, replace_directory

    old = os.umask(0o022)
    try:
        p = atomic_write_text(tmp_path / "a" / "x.txt", "x")
        replace_directory(tmp_path / "d", lambda d: (d / "y.csv").write_text("y"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(p.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == 0o755


def test_a_planted_leak_in_the_published_site_fails_the_command(built_site):
    root, _ = built_site
    page = root / "_site/reports/databronnen.html"
    original = page.read_bytes()
    svg = root / "_site/reports/planted.svg"
    try:
        page.write_text(
            page.read_text(encoding="utf-8").replace("</body>", "<p>Focusgroep (n = 3)</p></body>"), encoding="utf-8"
        )
        svg.write_text("<svg><text>Hersteld (3)</text></svg>", encoding="utf-8")
        result = run_build(root, "privacy-check")
        assert result.returncode == 1
        assert "_site/reports/databronnen.html: aantal 3 (< 5)" in result.stdout
        assert "_site/reports/planted.svg: aantal 3 (< 5) in een figuur" in result.stdout
    finally:
        page.write_bytes(original)
        svg.unlink(missing_ok=True)


def test_a_failing_check_of_the_staged_build_leaves_site_and_downloads_as_they_were(built_site):
    """The build checks its staged site and downloads before the swap: a leak in either stops
    the build and ``_site/`` and ``downloads/`` keep the previous complete build, byte for byte."""
    from analysis.testing import snapshot

    root, _ = built_site
    (root / "downloads").mkdir(exist_ok=True)
    (root / "downloads/oud.txt").write_text("vorige build", encoding="utf-8")  # a previous download
    site_before, downloads_before = snapshot(root / "_site"), snapshot(root / "downloads")
    staged_page = root / "_build/site/reports/databronnen.html"
    original = staged_page.read_bytes()
    staged_download = root / "_build/downloads/planted.svg"
    try:
        # 1. a small count in a staged page
        staged_page.write_text(
            staged_page.read_text(encoding="utf-8").replace("</body>", "<p>Focusgroep (n = 3)</p></body>"),
            encoding="utf-8",
        )
        result = run_build(root, "build", "--renderer", "embedded")
        assert result.returncode == 1 and "_site/ en downloads/ zijn niet bijgewerkt" in result.stderr
        assert "_build/site/reports/databronnen.html: aantal 3 (< 5)" in result.stdout, result.stdout[-2000:]
        assert snapshot(root / "_site") == site_before and snapshot(root / "downloads") == downloads_before
        staged_page.write_bytes(original)
        # 2. a count of 3 in a staged download
        staged_download.parent.mkdir(parents=True, exist_ok=True)
        staged_download.write_text("<svg><text>Hersteld (3)</text></svg>", encoding="utf-8")
        result = run_build(root, "build", "--renderer", "embedded")
        assert result.returncode == 1, result.stdout[-2000:]
        assert "_build/downloads/planted.svg: aantal 3 (< 5) in een figuur" in result.stdout
        assert snapshot(root / "_site") == site_before and snapshot(root / "downloads") == downloads_before
    finally:
        staged_page.write_bytes(original)
        staged_download.unlink(missing_ok=True)
    # 3. clean again: the check passes and downloads/ becomes the staged downloads (oud.txt is gone)
    result = run_build(root, "build", "--renderer", "embedded")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert not (root / "downloads/oud.txt").exists() and not (root / "_site/downloads/planted.svg").exists()


def test_figures_of_an_executed_notebook_carry_their_text(tmp_path):
    """In a real kernel (as Quarto and the embedded renderer run notebooks), a figure's PNG
    output holds its legend, so the site check can read "Hersteld (3)"."""
    import base64

    import nbformat

    from analysis.notebooks import execute
    from analysis.privacy_check import png_text

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nimport analysis.report\n"
            "fig, ax = plt.subplots()\nax.bar([0], [3], label='Hersteld (3)')\nax.legend()\nplt.show()"
        )
    ]
    src, dst = tmp_path / "t.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    execute(src, dst)
    out = nbformat.read(dst, as_version=4)
    pngs = [o["data"]["image/png"] for o in out.cells[0].outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 1
    data = base64.b64decode(pngs[0])
    assert "Hersteld (3)" in png_text(data)
    (tmp_path / "site").mkdir()
    (tmp_path / "site/fig.png").write_bytes(data)
    (problem,) = _problems(tmp_path / "site")
    assert "aantal 3 (< 5) in een figuur" in problem


# ---------------------------------------------------------------- whole values, not pieces of words


@pytest.mark.parametrize(
    "text",
    [
        "<p>Duur per interview: 45 minuten.</p>",  # the value 'Interview' as an ordinary word
        "<pre>bf.loc['r01', 'lessen']</pre>",  # the pseudonym 'R01' in lower case inside code
        "<p>Respondent R012 en R01a.</p>",  # inside a longer ID
        "<p>De Jansenstraat 4.</p>",  # inside a longer word
    ],
)
def test_a_value_inside_other_words_is_not_a_finding(tmp_path, text):
    values = {"Interview": "x.sources.name", "R01": "x.respondents.id", "Jansen": "x.codings.coder"}
    _files(tmp_path, **{"page.html": text})
    assert check([tmp_path], values, 5) == []


@pytest.mark.parametrize(
    "text",
    [
        "<p>Het gesprek met Jansen duurde lang.</p>",
        "<p>Het gesprek met\n   Jansen duurde lang.</p>",
        "<h2>GESPREK MET JANSEN</h2>",
        "<p>(Jansen, 2021)</p>",
        "<p>Gecodeerd door Annelies\n  Verhoeven.</p>",  # a two-word name broken over two lines
        "<p>Moeder belt vaak over de rechtszaak, zegt de coach.</p>",  # a remark opening a sentence
        '<img alt="interview R01 (Jansen)">',  # in an attribute
    ],
)
def test_a_real_name_in_a_sentence_is_a_finding(tmp_path, text):
    values = {"Jansen": "x.codings.coder", CODER: "x.codings.coder", REMARK: "x.forms.remark", "R01": "x.r.id"}
    _files(tmp_path, **{"page.html": text})
    problems = [str(f) for f in check([tmp_path], values, 5)]
    assert len(problems) >= 1 and all("identificerende kolom" in p for p in problems)


def test_overlapping_values_give_the_longest_whole_value_in_its_own_spelling():
    from analysis.privacy_check import ValueMatcher

    values = {"Jan": "x.p.voornaam", "Jan de Vries": "x.p.naam", "Jansen": "x.p.achternaam", "R01": "x.r.id"}
    text = "Gesprek met Jan de\n  Vries en JANSEN; Jan zei: R012, r01 en R01. Jan de Vriesstraat, Jan dE Vries."
    starts = [text.index("Jan de\n"), text.index("JANSEN"), text.index("Jan zei"), text.index("R01.")]
    assert ValueMatcher(values).find(text) == list(
        zip(starts, ["x.p.naam", "x.p.achternaam", "x.p.voornaam", "x.r.id"])
    )


# ---------------------------------------------------------------- PNGs the check cannot read


def _tree_nodes(label: str):
    import pandas as pd

    return pd.DataFrame(
        {
            "node_id": ["s", "f1"],
            "parent_id": [None, "s"],
            "level": ["succes", "hoofdfactor"],
            "label": ["Gezin weer samen thuis", label],
            "position": [1, 2],
        }
    )


def test_a_name_planted_in_a_findings_tree_png_is_found(tmp_path):
    """Graphviz draws pixels; the PNG carries the tree's texts, so a name in a node is caught."""
    from analysis.case_studies.plot import tree_png

    _files(tmp_path, **{"boom.png": tree_png(_tree_nodes(f"Steun van {CODER} (coach)"), title="Bevindingenboom")})
    (problem,) = _problems(tmp_path)
    assert "boom.png" in problem and "identificerende kolom x.codings.coder" in problem
    clean = tmp_path / "schoon"
    _files(clean, **{"boom.png": tree_png(_tree_nodes("Steun van de coach"), title="Bevindingenboom")})
    assert _problems(clean) == []


def test_a_sticker_count_below_the_threshold_is_hidden_in_the_tree(tmp_path):
    import pandas as pd

    from analysis.case_studies.plot import tree_png

    stickers = pd.DataFrame({"node_id": ["f1"], "votes": [3]})
    _files(tmp_path, **{"boom.png": tree_png(_tree_nodes("Steun van de coach"), stickers)})
    text = __import__("analysis.privacy_check", fromlist=["png_text"]).png_text(
        (tmp_path / "boom.png").read_bytes(), "Description"
    )
    assert "Steun van de coach" in text and "● <5 stickers" in text and "3" not in text


def test_a_png_without_figure_text_is_a_finding(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title(f"Gesprek met {CODER}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")  # as a notebook would without the build's figure hook
    plt.close(fig)
    _files(tmp_path, **{"fig.png": buf.getvalue()})
    (problem,) = _problems(tmp_path)
    assert "fig.png: PNG-figuur zonder ingesloten figuurtekst" in problem


def test_case_study_figures_carry_their_text(tmp_path, monkeypatch):
    """show_figure (life-lines, matrix, key) and show_png (trees) are what notebook 10/11 display."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.case_studies import display
    from analysis.privacy_check import png_text

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    fig, ax = plt.subplots()
    ax.annotate(f"Gesprek met {CODER}", (0.5, 0.5))
    display.show_figure(fig, dpi=30)
    plt.close(fig)
    assert CODER in png_text(shown[0], "Description")
