"""Where things live.  One place for every path the build reads or writes.

``ANALYSIS_ROOT`` (environment) points the whole chain at another project folder;
the tests use it to build a copy of the project without touching this one.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("ANALYSIS_ROOT") or PACKAGE.parent).resolve()

DATA_RAW = ROOT / "data_raw"
PRIVATE = DATA_RAW / "private"  # real, identifying data: git-ignored
MANIFEST = DATA_RAW / "MANIFEST.sha256"
DATA_PROCESSED = ROOT / "data_processed"
SCHEMAS = ROOT / "analysis" / "schemas"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
CODEBOOK = ROOT / "codebook"  # generated codebook pages (one per dataset)
DOWNLOADS = ROOT / "downloads"  # generated downloadable artefacts, published with _site/
BUILD = ROOT / "_build"  # build state, executed notebooks (embedded mode)
DOWNLOADS_STAGE = BUILD / "downloads"  # the data step writes downloads here; published after the privacy check
KEPT = BUILD / "cache" / "kept"  # drawn files kept by a hash of what they are drawn from; --force drops them
# A folder of kept banners shared by several projects instead (the test suite's many copies of the
# demonstration cases): a banner is kept by a hash of everything it is drawn from, so any project
# may use it; a shared folder is never pruned. Not an input of any step (analysis.buildkeys.BUILD_ENV).
KEPT_BANNERS_ENV = "ANALYSIS_KEPT_BANNERS"
SITE = ROOT / "_site"  # rendered website, as Quarto names it
FREEZE = ROOT / "_freeze"  # Quarto's store of executed notebook results
QUARTO_YML = ROOT / "_quarto.yml"
VARIABLES_YML = ROOT / "_variables.yml"  # generated: provenance for {{< var provenance >}}
CONFIG = ROOT / "analysis.toml"
# The published source documents that transcribed rows cite (``<file>.txt:<line>``). They are not
# part of the repository; only the transcription tests read them, and skip when they are absent.
# Default: a folder ``shared/seeds`` beside the project; ``ANALYSIS_SOURCE_DOCUMENTS`` points elsewhere.
SOURCES_ENV = "ANALYSIS_SOURCE_DOCUMENTS"
SEEDS = Path(os.environ.get(SOURCES_ENV) or ROOT.parent / "shared" / "seeds").resolve()


def relative(path: Path) -> str:
    """Path as shown to people: relative to the project, with forward slashes."""
    path = os.fspath(path)
    return _relative(path) if os.path.isabs(path) else _relative.__wrapped__(path)  # relative: to the cwd


@lru_cache(maxsize=16384)
def _relative(path: str) -> str:  # resolving ~3000 paths per build took a quarter of a no-change build
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
