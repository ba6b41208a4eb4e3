"""Shared figure conventions: readable at page width, Dutch labels passed in by the caller."""

from __future__ import annotations

PAGE_WIDTH_IN = 7.5


def style() -> None:
    """House style for matplotlib/seaborn figures (called by the plotting helpers)."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update(
        {
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "figure.figsize": (PAGE_WIDTH_IN, 4),
            "axes.titleweight": "bold",
            "svg.fonttype": "none",
        }
    )


def bar_counts(df, x: str, y: str, hue: str | None = None, labels: dict[str, str] | None = None, ax=None):
    """A bar chart of counts with Dutch axis labels (``labels`` maps column → label)."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    style()
    labels = labels or {}
    if ax is None:
        _, ax = plt.subplots()
    sns.barplot(data=df, x=x, y=y, hue=hue, ax=ax)
    ax.set_xlabel(labels.get(x, x))
    ax.set_ylabel(labels.get(y, y))
    ax.yaxis.get_major_locator().set_params(integer=True)
    if hue:
        ax.legend(title=labels.get(hue, hue), frameon=False)
    plt.tight_layout()
    return ax


# ---------------------------------------------------------------- colours

# Two-way contrasts (bevorderend/belemmerend, rapport/dia's, …) in blue and orange from the
# Okabe-Ito palette: they stay two different colours for readers with red-green colour
# blindness, where red/green become one olive colour.
FACILITATING = "#0072B2"  # blue: bevorderend, positief
HINDERING = "#E69F00"  # orange: belemmerend, negatief
HINDERING_LIGHT = "#F6CF86"  # light orange: mogelijk of impliciet belemmerend
NEUTRAL = "#BBBBBB"
CATEGORICAL = ("#0072B2", "#E69F00", "#56B4E9", "#D55E00", "#CC79A7", "#009E73", "#F0E442")


# ---------------------------------------------------------------- every figure, as it is shown

DEMO_MARK = "DEMONSTRATIEDATA"


def dutch_decimals(fig) -> None:
    """Decimal commas on every numeric axis of ``fig`` (tick labels and offsets), as in the tables."""
    from matplotlib import ticker

    numeric = (
        ticker.ScalarFormatter,
        ticker.FormatStrFormatter,
        ticker.StrMethodFormatter,
        ticker.PercentFormatter,
        ticker.LogFormatter,
    )
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, numeric) and not getattr(fmt, "_dutch", False):
                wrapped = ticker.FuncFormatter(lambda x, pos, f=fmt: f(x, pos).replace(".", ","))
                wrapped._dutch = True
                wrapped.set_locs = fmt.set_locs  # ScalarFormatter needs the tick locations (offset, precision)
                wrapped.get_offset = lambda f=fmt: f.get_offset().replace(".", ",")
                axis.set_major_formatter(wrapped)


def mark_demonstration(fig) -> None:
    """The word DEMONSTRATIEDATA on the figure itself (a figure copied into a slide keeps it)."""
    if any(DEMO_MARK.lower() in t.get_text().lower() for t in fig.texts):
        return
    fig.text(
        0.995,
        0.995,
        DEMO_MARK + " – geen echte gegevens",
        ha="right",
        va="top",
        fontsize=9,
        fontweight="bold",
        color="#b00020",
        alpha=0.9,
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#b00020", "alpha": 0.85},
    )


def page_reads_demonstration_data() -> bool:
    """True when the notebook being executed reads a dataset that is demonstration data as
    actually read (its declared datasets, ``ANALYSIS_ALLOWED_DATASETS``; :mod:`analysis.provenance`)."""
    import os

    from .notebooks import ALLOWED_ENV
    from .provenance import is_demonstration

    datasets = [d for d in os.environ.get(ALLOWED_ENV, "").split(",") if d]
    return bool(datasets) and is_demonstration(*datasets)


def finish(fig, demonstration: bool | None = None) -> None:
    """What every shown figure gets: decimal commas and, on demonstration data, the mark."""
    dutch_decimals(fig)
    if demonstration is None:  # a plotting helper that knows what it read has decided already
        demonstration = getattr(fig, "_analysis_demonstration", None)
    if page_reads_demonstration_data() if demonstration is None else demonstration:
        mark_demonstration(fig)


# ---------------------------------------------------------------- figure text for the privacy check


def figure_text(fig) -> str:
    """Every text a matplotlib figure draws: titles, labels, tick labels, legends, annotations."""
    from matplotlib.text import Text

    return "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip())


FIGURE_TEXT_KEY = "Description"


def with_text_chunk(png: bytes, text: str) -> bytes:
    """``png`` with an iTXt chunk 'Description' (UTF-8) after the header chunk: the texts the
    figure draws, for ``python -m analysis privacy-check`` (which fails on a PNG without one)."""
    import zlib

    body = FIGURE_TEXT_KEY.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    chunk = len(body).to_bytes(4, "big") + b"iTXt" + body + zlib.crc32(b"iTXt" + body).to_bytes(4, "big")
    end_of_ihdr = 8 + 12 + int.from_bytes(png[8:12], "big")
    return png[:end_of_ihdr] + chunk + png[end_of_ihdr:]


_with_text_chunk = with_text_chunk


def _without_redraw_after_each_cell(ip) -> None:
    """Drop pyplot's hook that draws every open figure after each cell (``post_execute``).

    It is there to refresh figure windows. The inline backend has none: its own
    hook, which runs after it, draws each figure again to send it as an image and closes it. So
    every figure was drawn once for nothing, about a third of the time its figures cost a notebook.
    The images are the same bytes without it (tests/foundation/test_figure_drawing.py)."""
    import matplotlib

    if "inline" not in matplotlib.get_backend():  # a backend with windows (ipympl…) keeps it
        return
    for callback in list(ip.events.callbacks.get("post_execute", [])):
        if getattr(callback, "__module__", None) == "matplotlib.pyplot" and callback.__name__ == (
            "_draw_all_if_interactive"
        ):
            ip.events.unregister("post_execute", callback)


def embed_figure_text() -> None:
    """In a notebook kernel: every PNG figure is finished (:func:`finish`: decimal commas, the
    demonstration mark) and carries the text it draws (an iTXt chunk), so
    ``python -m analysis privacy-check`` can read legends and labels of the built site as it
    reads HTML.  Wraps whatever PNG formatter Quarto or the inline backend installed (its
    size and resolution settings stay), checked again before every cell."""
    import sys

    if "IPython" not in sys.modules:  # not in a kernel (a kernel has it loaded): importing it took 0.25 s
        return
    from IPython import get_ipython

    ip = get_ipython()
    if ip is None or getattr(ip, "_figure_text_hook", False):
        return
    from matplotlib.figure import Figure

    def wrap(*_args):
        formatter = ip.display_formatter.formatters["image/png"]
        try:
            current = formatter.lookup_by_type(Figure)
        except KeyError:
            return
        if getattr(current, "_embeds_text", False):
            return

        def add(data, fig):
            if isinstance(data, bytes) and data[:8] == b"\x89PNG\r\n\x1a\n":
                return _with_text_chunk(data, figure_text(fig))
            if isinstance(data, str):  # the inline backend hands over base64 text
                import base64

                raw = base64.b64decode(data)
                if raw[:8] == b"\x89PNG\r\n\x1a\n":
                    return base64.b64encode(_with_text_chunk(raw, figure_text(fig))).decode("ascii")
            return data

        def png(fig, _inner=current):
            finish(fig)  # decimal commas, demonstration mark: before the image is drawn
            data = _inner(fig)
            if isinstance(data, tuple):  # (data, metadata) from retina formatters
                return (add(data[0], fig), data[1])
            return add(data, fig)

        png._embeds_text = True
        formatter.for_type(Figure, png)

    import matplotlib.pyplot as plt

    plt.close(plt.figure())  # loads the inline backend now, which registers its PNG formatter
    _without_redraw_after_each_cell(ip)
    wrap()
    ip.events.register("pre_run_cell", wrap)
    ip._figure_text_hook = True
