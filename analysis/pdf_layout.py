"""Does a PDF print? Word boxes from poppler's ``pdftotext -bbox`` and the pairs that overprint.

A table squeezed onto A4 shows up as words drawn over each other: a word longer than its
column runs into the next cell, a header broken inside a word spills over its neighbour.
Both renderers' report PDFs are checked with :func:`overlapping_words` (tests/foundation/
test_pdf_layout.py). poppler (``pdftotext``) is the tool CI installs (``.ci/run``) and
what a reader's own PDF viewer would also show; it gives every word with its box in
points, so the check needs no PDF parsing of its own.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S)

# Two boxes overprint when they share more than this part of the smaller one in BOTH
# directions. Boxes of neighbouring words touch (a space is ~0.25 em) and boxes of
# neighbouring lines share a sliver of height (font ascent + descent exceed the leading);
# neither is overprinting. A word drawn over another shares most of its height and width.
SHARE = 0.3


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def available() -> bool:
    return shutil.which("pdftotext") is not None


def words(pdf: Path) -> list[Word]:
    """Every word of ``pdf`` with its box (points, origin top left), page by page."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(_PAGE.findall(out), start=1):
        for x0, y0, x1, y1, text in _WORD.findall(page):
            found.append(Word(number, float(x0), float(y0), float(x1), float(y1), html.unescape(text)))
    return found


def _overprint(a: Word, b: Word) -> bool:
    dx = min(a.x1, b.x1) - max(a.x0, b.x0)
    dy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if dx <= 0 or dy <= 0:
        return False
    width = min(a.x1 - a.x0, b.x1 - b.x0)
    height = min(a.y1 - a.y0, b.y1 - b.y0)
    return dx > SHARE * width and dy > SHARE * height


def overlapping_words(pdf: Path) -> list[tuple[Word, Word]]:
    """Every pair of words in ``pdf`` whose boxes overprint (see :data:`SHARE`)."""
    pairs = []
    by_page: dict[int, list[Word]] = {}
    for w in words(pdf):
        by_page.setdefault(w.page, []).append(w)
    for page_words in by_page.values():
        page_words.sort(key=lambda w: w.y0)
        for i, a in enumerate(page_words):
            for b in page_words[i + 1 :]:
                if b.y0 >= a.y1:  # sorted by top: nothing further down can reach a
                    break
                if _overprint(a, b):
                    pairs.append((a, b))
    return pairs


def describe(pdf: Path, pairs: list[tuple[Word, Word]], limit: int = 5) -> str:
    """A Dutch message naming the file, the count and the first pairs (page, words)."""
    shown = "; ".join(f"p. {a.page}: '{a.text}' over '{b.text}'" for a, b in pairs[:limit])
    return f"{pdf.name}: {len(pairs)} woordparen overlappen ({shown})"
