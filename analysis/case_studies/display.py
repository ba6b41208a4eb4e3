"""Show case-study figures in a notebook as PNG outputs (what the report embeds)."""

from __future__ import annotations

import io


def show_figure(fig, dpi: int = 150) -> None:
    """Display a matplotlib Figure as a PNG output (works without pyplot's inline backend); the
    PNG carries the figure's texts for the privacy check (:func:`analysis.figures.with_text_chunk`)."""
    from IPython.display import Image, display

    from ..figures import figure_text, with_text_chunk

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    display(Image(data=with_text_chunk(buf.getvalue(), figure_text(fig)), format="png"))


def show_png(data: bytes) -> None:
    """Display PNG bytes (e.g. a findings tree rendered by Graphviz)."""
    from IPython.display import Image, display

    display(Image(data=data, format="png"))


def show_markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))
