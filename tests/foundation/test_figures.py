"""Figure conventions applied to every figure a notebook shows: decimal commas, the
demonstration mark, a colour-blind-safe two-way palette."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from analysis import figures  # noqa: E402


def _labels(ax):
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_yticklabels()], [t.get_text() for t in ax.get_xticklabels()]


def test_numeric_axes_get_decimal_commas_and_categories_stay():
    fig, ax = plt.subplots()
    ax.bar(["a.b", "c"], [0.25, 1.5])
    figures.dutch_decimals(fig)
    y, x = _labels(ax)
    assert "0,2" in y and "1,4" in y and not any("." in t for t in y)
    assert x == ["a.b", "c"]  # category labels are text, not numbers
    figures.dutch_decimals(fig)  # idempotent
    assert _labels(ax)[0] == y
    plt.close(fig)


def test_offset_text_uses_a_decimal_comma_too():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1e6 + 0.5, 1e6 + 2.5])
    figures.dutch_decimals(fig)
    fig.canvas.draw()
    assert "." not in ax.yaxis.get_offset_text().get_text()
    plt.close(fig)


def test_demonstration_mark_is_on_the_figure_once():
    fig, _ = plt.subplots()
    figures.finish(fig, demonstration=True)
    figures.finish(fig, demonstration=True)
    marks = [t.get_text() for t in fig.texts if "DEMONSTRATIEDATA" in t.get_text()]
    assert marks == ["DEMONSTRATIEDATA – geen echte gegevens"]
    fig2, _ = plt.subplots()
    figures.finish(fig2, demonstration=False)
    assert not fig2.texts
    plt.close("all")


def test_page_reads_demonstration_data_follows_the_declared_datasets(monkeypatch):
    from analysis.notebooks import ALLOWED_ENV

    monkeypatch.setenv(ALLOWED_ENV, "helmond_questionnaires,databronnen")
    assert figures.page_reads_demonstration_data()
    monkeypatch.setenv(ALLOWED_ENV, "databronnen")
    assert not figures.page_reads_demonstration_data()


def test_two_way_palette_survives_red_green_colour_blindness():
    """Deuteranopia (Viénot et al. 1999 simulation): the two colours stay far apart."""
    import numpy as np
    from matplotlib.colors import to_rgb

    def deutan(hex_colour):
        lin = np.array(to_rgb(hex_colour)) ** 2.2
        m = np.array([[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]])
        return (m @ lin).clip(0, 1) ** (1 / 2.2)

    assert np.abs(deutan(figures.FACILITATING) - deutan(figures.HINDERING)).sum() > 0.6
    assert np.abs(deutan("#1A9850") - deutan("#D73027")).sum() < 0.45  # the old red/green: nearly one colour
