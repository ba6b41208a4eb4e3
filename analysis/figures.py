"""Shared figure conventions: readable at page width, Dutch labels passed in by the caller."""

from __future__ import annotations

PAGE_WIDTH_IN = 7.5


def style() -> None:
    """House style for matplotlib/seaborn figures (called by the plotting helpers)."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update({"figure.dpi": 110, "savefig.dpi": 150, "figure.figsize": (PAGE_WIDTH_IN, 4),
                         "axes.titleweight": "bold", "svg.fonttype": "none"})


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
