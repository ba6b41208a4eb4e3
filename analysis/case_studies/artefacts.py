"""Downloads for the group session: a life-line banner per case and the findings trees.

Named in ``analysis/schemas/case_studies.yaml`` as ``artefacts:``; the build calls
:func:`write_artefacts` after validation and copies ``downloads/`` to
``_site/downloads/``.  Per case it writes

* ``levenslijn-<case>-banner.pdf`` and ``.svg`` — one long strip for printing on
  a roll (default 10 m × 1 m, as the wallpaper roll of the NJi method; set
  ``banner_width_m`` / ``banner_height_m`` under ``[case_studies]`` in
  ``analysis.toml``), with full event labels in legible type;
* ``bevindingenboom-<case>.svg`` and ``.png`` when the case has a findings tree.

Every file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import labels, plot, timelines

DEFAULT_WIDTH_M = 10.0
DEFAULT_HEIGHT_M = 1.0


def banner_size() -> tuple[float, float]:
    """Banner width and height in metres (``analysis.toml`` ``[case_studies]``, else 10 × 1)."""
    from ..config import settings

    section = settings().get("case_studies", {})
    return (float(section.get("banner_width_m", DEFAULT_WIDTH_M)),
            float(section.get("banner_height_m", DEFAULT_HEIGHT_M)))


def banner_name(case_id: str, fmt: str) -> str:
    return f"levenslijn-{case_id.replace('_', '-')}-banner.{fmt}"


def tree_name(case_id: str, fmt: str) -> str:
    return f"bevindingenboom-{case_id.replace('_', '-')}.{fmt}"


def write_artefacts(tables: dict[str, pd.DataFrame], outdir: Path, formats: tuple[str, ...] = ("pdf", "svg"),
                    size: tuple[float, float] | None = None) -> list[Path]:
    """Write banners and findings-tree images for every case; return the paths written."""
    from ..io import atomic_write_bytes

    outdir = Path(outdir)
    width_m, height_m = size or banner_size()
    written: list[Path] = []
    for case_id, title in zip(tables["cases"]["case_id"], tables["cases"]["title"]):
        layout = timelines.case_layout(case_id, tables)
        written += plot.save_banner(layout, labels.LIFELINE["title"].format(case=title),
                                    [outdir / banner_name(case_id, fmt) for fmt in formats], width_m, height_m)
        nodes = tables["tree_nodes"][tables["tree_nodes"]["case_id"] == case_id]
        if len(nodes):
            stickers = tables["stickers"][tables["stickers"]["case_id"] == case_id]
            for fmt, draw in (("svg", plot.tree_svg), ("png", plot.tree_png)):
                written.append(atomic_write_bytes(outdir / tree_name(case_id, fmt), draw(nodes, stickers)))
    return written
