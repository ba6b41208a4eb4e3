"""Reading source references back: the one parser of the ``file:line[-line]; …`` format."""

from analysis.sources import Citation, cited_text, parse


def test_parse_single_ranges_and_lists():
    assert parse("000_99b6f6038ca9ce70.txt:673-678") == [Citation("000_99b6f6038ca9ce70.txt", 673, 678)]
    assert parse("004_26341a46b6895ec5.txt:1; 004_26341a46b6895ec5.txt:14") == [
        Citation("004_26341a46b6895ec5.txt", 1, 1),
        Citation("004_26341a46b6895ec5.txt", 14, 14),
    ]


def test_cited_text_joins_and_normalises_whitespace(tmp_path):
    (tmp_path / "000_0000000000000000.txt").write_text("een\n  twee \ndrie\nvier\n", encoding="utf-8")
    assert cited_text("000_0000000000000000.txt:2-3", seeds=tmp_path) == "twee drie"
    assert cited_text("000_0000000000000000.txt:1; 000_0000000000000000.txt:4", seeds=tmp_path) == "een vier"


# ---------------------------------------------------------------- the one guard, enforced

import ast  # noqa: E402
import subprocess  # noqa: E402

from analysis.testing import REPO, tracked_files  # noqa: E402

OUTSIDE = ("/wo" + "rk/", ".." + "/shared", ".." + "\\shared")
# Files that may name the default location of the source documents: the docs that explain the
# setting, and CI, which installs Quarto from the shared tools folder when it is there.
MAY_NAME_DEFAULT = {"README.md", "CONTRIBUTING.md", ".ci/run"}


def test_no_project_file_names_a_path_outside_the_repository():
    offenders = []
    for rel in tracked_files():
        if rel in MAY_NAME_DEFAULT:
            continue
        try:
            text = (REPO / rel).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        offenders += [f"{rel}:{n}" for n, line in enumerate(text.splitlines(), 1) if any(o in line for o in OUTSIDE)]
    assert not offenders, offenders


def _reads_sources(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names that mean 'the source-documents folder' and 'read a cited text' in one test module."""
    folder, reader = {"SEEDS"}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("analysis.sources", "analysis.paths"):
            for a in node.names:
                (reader if a.name == "cited_text" else folder if a.name == "SEEDS" else set()).add(a.asname or a.name)
    return folder, reader


def _touches(node: ast.AST, folder: set[str], reader: set[str], helpers: set[str]) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in folder | helpers:
            return True
        if isinstance(n, ast.Attribute) and n.attr == "SEEDS":
            return True
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in reader
            and not any(k.arg == "seeds" for k in n.keywords)
        ):
            return True
    return False


def _is_sources_mark(node: ast.AST, aliases: set[str]) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "sources") or (
        isinstance(node, ast.Name) and node.id in aliases
    )


def test_every_test_that_reads_source_documents_carries_the_guard():
    """A test that reads the documents without the ``sources`` marker would fail in a user's
    clone (no documents there) instead of skipping: the guard in conftest.py must see it."""
    unguarded = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        folder, reader = _reads_sources(tree)
        aliases = {
            t.id
            for n in tree.body
            if isinstance(n, ast.Assign) and _is_sources_mark(n.value, set())
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        module_guard = any(
            isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in n.targets)
            and _is_sources_mark(n.value, aliases)
            for n in tree.body
        )
        funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        helpers: set[str] = set()
        for _ in range(3):  # helpers calling helpers
            helpers |= {
                f.name for f in funcs if not f.name.startswith("test_") and _touches(f, folder, reader, helpers)
            }
        for f in funcs:
            if (
                f.name.startswith("test_")
                and _touches(f, folder, reader, helpers)
                and not module_guard
                and not any(_is_sources_mark(d, aliases) for d in f.decorator_list)
            ):
                unguarded.append(f"{path.relative_to(REPO)}::{f.name}")
    assert not unguarded, unguarded


def test_source_document_tests_skip_when_the_documents_are_elsewhere(tmp_path):
    """The guard in action: documents pointed at an empty folder → the marked tests skip, none fail."""
    import os
    import sys

    env = dict(os.environ, ANALYSIS_SOURCE_DOCUMENTS=str(tmp_path))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-m",
            "sources",
            "-p",
            "no:randomly",
            "tests/monitoring/test_monitoring_transcription.py",
            "tests/determinants/test_frameworks.py",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " skipped" in result.stdout and " passed" not in result.stdout and "failed" not in result.stdout, (
        result.stdout
    )
    assert "ANALYSIS_SOURCE_DOCUMENTS" in result.stdout  # the skip reason names the setting
