"""A figure in a notebook is drawn as often as its image needs, and its image is the same."""

from __future__ import annotations

import base64

import nbformat

COUNT_DRAWS = """import matplotlib.figure as mf
import matplotlib.pyplot as plt
import analysis.report
draws = []
_draw = mf.Figure.draw
def counting(self, *a, **k):
    draws.append(1)
    return _draw(self, *a, **k)
mf.Figure.draw = counting"""
PLOT = "fig, ax = plt.subplots()\nax.bar([0, 1], [3.5, 7], label='Hersteld')\nax.legend()\nax.set_title('x')"


def _run(tmp_path, cells):
    from analysis.notebooks import execute

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    src, dst = tmp_path / "t.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    execute(src, dst)
    return nbformat.read(dst, as_version=4).cells


def _png(cell) -> bytes:
    (png,) = [o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
    return base64.b64decode(png)


def test_a_figure_is_not_drawn_once_more_for_a_window_the_kernel_lacks(tmp_path):
    """pyplot's after-cell redraw (for figure windows) is gone in the inline backend: the image is
    drawn twice (its tight bounding box, then the PNG), not three times, and it is the same bytes
    as with that redraw put back."""
    cells = _run(
        tmp_path,
        [
            COUNT_DRAWS,
            PLOT,
            "print(len(draws)); draws.clear()",
            "get_ipython().events.callbacks['post_execute'].insert(0, plt._draw_all_if_interactive)",
            PLOT,
            "print(len(draws))",
        ],
    )
    without, with_redraw = cells[2].outputs[0]["text"].strip(), cells[5].outputs[0]["text"].strip()
    assert (without, with_redraw) == ("2", "3")
    assert _png(cells[1]) == _png(cells[4])
