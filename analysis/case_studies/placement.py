"""Label placement for life-lines: every label gets a spot where it overlaps nothing.

A greedy pass in figure points (1/72 inch), so it is independent of the resolution the
figure is saved at.  Each label has an anchor (its event's marker) and one or more texts in
order of preference (the short text, then only the number); candidates are tried from near
to far — above, below, beside the anchor and further out — and the first box that stays
inside the panel and touches no obstacle (markers, lane names, help-bar texts) and no label
placed before is taken.  A label that ends up away from its marker gets a leader line.

Text sizes come from matplotlib's own text metrics (an Agg renderer at 72 dpi), with a
small margin, so that the boxes the pass reserves contain what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

PAD = 1.2  # points kept free around every box
LINE_SPACING = 1.2  # matplotlib's default for multi-line text


@lru_cache(maxsize=1)
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(8, 8, 72)


@lru_cache(maxsize=20000)
def text_size(text: str, fontsize: float) -> tuple[float, float]:
    """Width and height in points of ``text`` (may contain newlines) as matplotlib draws it."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=fontsize)
    r = _renderer()
    widths = [r.get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in text.split("\n")]
    _, h_line, d = r.get_text_width_height_descent("lp", prop, ismath=False)
    n = text.count("\n") + 1
    height = h_line + (n - 1) * fontsize * LINE_SPACING + d * 0.2
    return max(widths) * 1.04 + 1.0, height * 1.06 + 1.0


@dataclass
class Placed:
    key: object
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points
    leader: bool


class Board:
    """The occupied boxes of one panel, and its bounds (all in points)."""

    def __init__(self, bounds: tuple[float, float, float, float]):
        self.bounds = bounds
        self.boxes = np.zeros((0, 4))

    def add(self, box) -> None:
        self.boxes = np.vstack([self.boxes, np.asarray(box, dtype=float)[None, :]])

    def free(self, box) -> bool:
        x0, y0, x1, y1 = box
        bx0, by0, bx1, by1 = self.bounds
        if x0 < bx0 or y0 < by0 or x1 > bx1 or y1 > by1:
            return False
        if not len(self.boxes):
            return True
        b = self.boxes
        hit = (x0 < b[:, 2] + PAD) & (x1 > b[:, 0] - PAD) & (y0 < b[:, 3] + PAD) & (y1 > b[:, 1] - PAD)
        return not bool(hit.any())


def candidates(ax_: float, ay: float, w: float, h: float, gap: float, step: float, rings: int):
    """Boxes (x0, y0, x1, y1) around the anchor, nearest first."""
    out = []
    for r in range(rings + 1):
        dy = gap + r * step
        shifts = [0.0, -0.5, 0.5] if r < 2 else [0.0, -0.5, 0.5, -1.0, 1.0]
        for s in shifts:
            x0 = ax_ - w / 2 + s * w
            out.append((x0, ay + dy, x0 + w, ay + dy + h))  # above
            out.append((x0, ay - dy - h, x0 + w, ay - dy))  # below
        for sx in (gap, gap + step * r):  # beside, higher or lower
            for sy in [0.0] if r == 0 else [r * step, -r * step]:
                out.append((ax_ + sx, ay - h / 2 + sy, ax_ + sx + w, ay + h / 2 + sy))
                out.append((ax_ - sx - w, ay - h / 2 + sy, ax_ - sx, ay + h / 2 + sy))
    centre = np.array([[(b[0] + b[2]) / 2 - ax_, (b[1] + b[3]) / 2 - ay] for b in out])
    dist = np.hypot(centre[:, 0], centre[:, 1] * 1.3)
    order = np.argsort(dist, kind="stable")
    return [out[i] for i in order]


def place(
    board: Board,
    items: list[tuple[object, tuple[float, float], list[str]]],
    fontsize: float,
    gap: float,
    rings: int = 8,
) -> list[Placed]:
    """Place every item ``(key, (x, y), [text, fallback, …])``; items that find no spot are left out
    (the caller decides what that means — a life-line then lists the event in its table only)."""
    placed = []
    step = fontsize * 1.05
    for key, (x, y), texts in items:
        done = False
        for text in texts:
            w, h = text_size(text, fontsize)
            for box in candidates(x, y, w, h, gap, step, rings):
                if board.free(box):
                    board.add(box)
                    near = box[0] - gap <= x <= box[2] + gap and box[1] - gap * 1.6 <= y <= box[3] + gap * 1.6
                    placed.append(Placed(key, text, box, leader=not near))
                    done = True
                    break
            if done:
                break
    return placed


def overlaps(boxes: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    """Pairs of boxes that overlap (used by the tests on drawn text extents)."""
    b = np.asarray(boxes, dtype=float).reshape(-1, 4)
    out = []
    for i in range(len(b)):
        hit = (
            (b[i, 0] < b[i + 1 :, 2])
            & (b[i, 2] > b[i + 1 :, 0])
            & (b[i, 1] < b[i + 1 :, 3])
            & (b[i, 3] > b[i + 1 :, 1])
        )
        out += [(i, i + 1 + int(j)) for j in np.flatnonzero(hit)]
    return out
