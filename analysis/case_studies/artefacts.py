"""Downloads for the group session: a life-line banner per case and the findings trees.

Named in ``analysis/schemas/case_studies.yaml`` as ``artefacts:``; the build calls
:func:`write_artefacts` after validation and copies ``downloads/`` to
``_site/downloads/``.  Per case it writes

* ``levenslijn-<case>-banner.pdf`` and ``.svg`` — one long strip for printing on
  a roll (default 10 m × 1 m, as the wallpaper roll of the NJi method; set
  ``banner_width_m`` / ``banner_height_m`` under ``[case_studies]`` in
  ``analysis.toml``), with full event labels in legible type, the lane names every
  metre, its source line and print instructions;
* ``levenslijn-<case>-banner-53cm.pdf`` — the same on the height of a standard Dutch
  roll of wallpaper (53 cm), for a group session without a print shop;
* ``bevindingenboom-<case>.svg`` and ``.png`` when the case has a findings tree.

Every file is written atomically.
"""

from __future__ import annotations

import functools

from pathlib import Path

import pandas as pd

from . import labels, plot, timelines

DEFAULT_WIDTH_M = 10.0
DEFAULT_HEIGHT_M = 1.0


def banner_size() -> tuple[float, float]:
    """Banner width and height in metres (``analysis.toml`` ``[case_studies]``, else 10 × 1)."""
    from ..config import settings

    section = settings().get("case_studies", {})
    return (
        float(section.get("banner_width_m", DEFAULT_WIDTH_M)),
        float(section.get("banner_height_m", DEFAULT_HEIGHT_M)),
    )


def banner_name(case_id: str, fmt: str, height_m: float | None = None) -> str:
    """``levenslijn-<case>-banner.<fmt>``; the wallpaper-roll variant gets ``-53cm`` (its height)."""
    suffix = "" if height_m is None else f"-{round(height_m * 100)}cm"
    return f"levenslijn-{case_id.replace('_', '-')}-banner{suffix}.{fmt}"


def tree_name(case_id: str, fmt: str) -> str:
    return f"bevindingenboom-{case_id.replace('_', '-')}.{fmt}"


#: Height of a standard Dutch roll of wallpaper (53 cm × 10,05 m): the banner variant for a
#: group session without a print shop.
WALLPAPER_M = 0.53


def source_line(case_id: str, tables: dict[str, pd.DataFrame]) -> str:
    """'Bron: …' for the banner: the published documents (and line ranges) the case's rows cite,
    or the kinds of the researcher's own sources (never their file names)."""
    from ..sources import parse

    refs = []
    for t in ("cases", "persons", "events", "episodes"):
        df = tables.get(t)
        if df is not None and len(df):
            refs += list(df.loc[df["case_id"] == case_id, "source"].dropna())
    own = tables.get("sources")
    own_ids = set(own["source_id"]) if own is not None and len(own) else set()
    docs: dict[str, list[int]] = {}
    kinds: list[str] = []
    for ref in refs:
        for c in parse(ref):
            if c.file in own_ids:
                kind = own.loc[own["source_id"] == c.file, "kind"].iloc[0]
                if kind not in kinds:
                    kinds.append(kind)
            else:
                docs.setdefault(c.file, []).extend([c.first, c.last])
    parts = [f"{f}, regels {min(v)}–{max(v)}" for f, v in sorted(docs.items())]
    if kinds:
        parts.append(labels.LIFELINE["own_sources"].format(kinds=", ".join(kinds)))
    return labels.LIFELINE["source"].format(sources="; ".join(parts) or "onbekend")


# ---------------------------------------------------------------- banners kept by what they show


def _cache_dir() -> Path:
    """Banners drawn before, by a hash of everything a banner is drawn from (:func:`_banner_key`):
    a build that changes one case draws that case's banners and copies the others' bytes (drawing
    one case's three files takes about 3 s CPU). Under ``_build/`` (git-ignored; ``build --force``
    draws everything again); each drawing of the downloads keeps only the banners it used.
    ``ANALYSIS_KEPT_BANNERS`` names a folder shared by several projects instead (never pruned)."""
    from .. import paths

    shared = _shared_dir()
    return shared if shared else paths.KEPT / "banners"


def _shared_dir() -> Path | None:
    import os

    from .. import paths

    folder = os.environ.get(paths.KEPT_BANNERS_ENV)
    return Path(folder) if folder else None


def _canonical(x):
    """``x`` (a layout: dicts, lists, tuples, DataFrames, arrays, numbers, text) as JSON-able data
    that differs whenever ``x`` does (floats exactly, as hex); TypeError for anything else."""
    import numpy as np

    if isinstance(x, pd.DataFrame):
        return [
            "df",
            [str(c) for c in x.columns],
            [str(t) for t in x.dtypes],
            [str(i) for i in x.index],
            x.to_csv(index=False, lineterminator="\n"),
        ]
    if isinstance(x, pd.Series):
        return ["series", str(x.name), str(x.dtype), [str(i) for i in x.index], _canonical(list(x))]
    if isinstance(x, np.ndarray):
        return ["array", x.dtype.str, list(x.shape), x.tobytes().hex()] if x.dtype != object else _canonical(list(x))
    if isinstance(x, dict):
        return ["dict", sorted([repr(k), _canonical(v)] for k, v in x.items())]
    if isinstance(x, (list, tuple)):
        return [type(x).__name__, [_canonical(v) for v in x]]
    if isinstance(x, (bool, np.bool_)) or x is None:
        return repr(bool(x) if x is not None else None)
    if isinstance(x, (float, np.floating)):
        return float(x).hex()
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, str):
        return ["str", x]
    if isinstance(x, pd.Timestamp):
        return ["ts", x.isoformat()]
    raise TypeError(f"geen vaste weergave voor {type(x).__name__}")


@functools.lru_cache(maxsize=4)
def _font_files(_rc: str) -> list[str]:
    """SHA-256 of the font files matplotlib draws the banner's text with (regular, bold, italic,
    bold italic of the configured family): a font installed on the system that matplotlib then
    prefers changes the key, not only a new matplotlib or other settings (``_rc``: the settings
    the answer depends on, so a change of them asks again)."""
    import hashlib

    import matplotlib
    from matplotlib import font_manager

    found = []
    for weight in ("normal", "bold"):
        for style in ("normal", "italic"):
            prop = font_manager.FontProperties(family=matplotlib.rcParams["font.family"], weight=weight, style=style)
            found.append(hashlib.sha256(Path(font_manager.findfont(prop)).read_bytes()).hexdigest())
    return found


def _banner_key(layout: dict, heading: str, width_m: float, height_m: float, line: str) -> str | None:
    """Hash of what one banner drawing is made from: its layout, title, source line and size, the
    source of the drawing code (and the settings and environment variables it reads), matplotlib's
    version and settings and the font files it draws with. None (always draw) when the layout holds something without a fixed form."""
    import hashlib
    import json

    import matplotlib

    from ..buildkeys import code_inputs

    try:
        shape = _canonical(layout)
    except TypeError:
        return None
    code = sorted(code_inputs({"analysis.case_studies.artefacts"}).items())
    rc = repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items()))
    text = json.dumps(
        [shape, heading, line, float(width_m).hex(), float(height_m).hex(), code, matplotlib.__version__, rc]
        + [_font_files(rc)],
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _banner(layout, heading, targets: list[Path], width_m, height_m, line, used: set[str]) -> list[Path]:
    """:func:`.plot.save_banner`, or the bytes it wrote before for the same drawing (same key)."""
    from ..io import atomic_write_bytes

    key = _banner_key(layout, heading, width_m, height_m, line)
    if key is None:
        return plot.save_banner(layout, heading, targets, width_m, height_m, source_line=line)
    kept = [_cache_dir() / f"{key}{t.suffix}" for t in targets]
    used.update(k.name for k in kept)
    if all(k.exists() for k in kept):
        for k, t in zip(kept, targets):
            atomic_write_bytes(t, k.read_bytes())
        return targets
    plot.save_banner(layout, heading, targets, width_m, height_m, source_line=line)
    for k, t in zip(kept, targets):
        try:
            atomic_write_bytes(k, t.read_bytes())
        except OSError:  # a read-only cache only means drawing again next time
            pass
    return targets


def _case_files(case_id: str, title: str, tables: dict[str, pd.DataFrame], outdir: Path, formats, width_m, height_m):
    """The banners and findings-tree images of one case: the paths written, in a fixed order, and
    the names of the kept banners it used."""
    from ..io import atomic_write_bytes

    layout = timelines.case_layout(case_id, tables)
    heading = labels.LIFELINE["title"].format(case=title)
    line = source_line(case_id, tables)
    used: set[str] = set()
    written = _banner(
        layout, heading, [outdir / banner_name(case_id, fmt) for fmt in formats], width_m, height_m, line, used
    )
    if abs(height_m - WALLPAPER_M) > 1e-9:
        written += _banner(
            layout, heading, [outdir / banner_name(case_id, "pdf", WALLPAPER_M)], width_m, WALLPAPER_M, line, used
        )
    nodes = tables["tree_nodes"][tables["tree_nodes"]["case_id"] == case_id]
    if len(nodes):
        stickers = tables["stickers"][tables["stickers"]["case_id"] == case_id]
        for fmt, draw in (("svg", plot.tree_svg), ("png", plot.tree_png)):
            written.append(atomic_write_bytes(outdir / tree_name(case_id, fmt), draw(nodes, stickers)))
    return written, used


def _keep_only(used: set[str]) -> None:
    """Drop the kept banners this build did not use (a case changed or was removed); a shared
    folder keeps those of every project that uses it."""
    if _shared_dir():
        return
    folder = _cache_dir()
    if folder.exists():
        for f in folder.iterdir():
            if f.name not in used:
                f.unlink(missing_ok=True)


def write_artefacts(
    tables: dict[str, pd.DataFrame],
    outdir: Path,
    formats: tuple[str, ...] = ("pdf", "svg"),
    size: tuple[float, float] | None = None,
) -> list[Path]:
    """Write banners (the configured size, and the 53 cm wallpaper-roll variant as PDF) and
    findings-tree images for every case; return the paths written.

    Drawing a banner is most of a cold build's data step (about 1 s CPU per file). It is drawn
    here, case after case: a second interpreter drawing every other case (as before) had to import
    matplotlib and pandas first, which on the two-core machines cost more CPU (cold build: 3.7 s
    more, mean of three) than it gained in time while the notebooks keep both cores busy."""
    outdir = Path(outdir)
    width_m, height_m = size or banner_size()
    cases = zip(tables["cases"]["case_id"], tables["cases"]["title"])
    files = [_case_files(case_id, title, tables, outdir, tuple(formats), width_m, height_m) for case_id, title in cases]
    _keep_only(set().union(*(used for _, used in files)))
    return [p for written, _ in files for p in written]
