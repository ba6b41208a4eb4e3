"""Small-cell suppression for every published table.

Counts of persons below a threshold (default 5, ``analysis.toml`` →
``[privacy] min_cell``) could point to a child or family.  They are shown as
``"<5"``; zero stays zero (it identifies nobody).  Percentages computed from a
suppressed count are suppressed with it when named in ``linked``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .config import min_cell

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def suppress_small_cells(df: "pd.DataFrame", columns: Iterable[str], threshold: int | None = None,
                         linked: dict[str, str] | None = None) -> "pd.DataFrame":
    """Return a copy where counts 1..threshold-1 in ``columns`` read ``"<threshold"``.

    ``linked`` maps a derived column (e.g. a percentage) to the count column it
    was computed from; it is blanked ("–") where its count is suppressed.
    """
    import pandas as pd

    k = min_cell() if threshold is None else int(threshold)
    out = df.copy()
    masks = {}
    for c in columns:
        values = pd.to_numeric(out[c], errors="coerce")
        small = values.notna() & (values > 0) & (values < k)
        masks[c] = small
        out[c] = out[c].astype(object).where(~small, f"<{k}")
    for derived, count in (linked or {}).items():
        out[derived] = out[derived].astype(object).where(~masks[count], "–")
    return out
