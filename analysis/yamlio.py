"""Reading YAML: the one place that parses it (schemas, mappings, page front matter, cell options).

PyYAML's pure-Python parser took most of a no-change build (~890 parses, ~8 s CPU): every
text is parsed with libyaml (``yaml.CSafeLoader``, in the PyYAML wheels) where it is present,
else with the pure-Python ``SafeLoader`` (same YAML, same errors, slower), and each distinct
text is parsed once per process. The cache is keyed by the text itself, so a changed file is
never served stale; callers get their own copy (they may change it).
"""

from __future__ import annotations

import copy
from functools import lru_cache

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


@lru_cache(maxsize=1024)
def _parsed(text: str):
    return yaml.load(text, Loader=Loader)


def load(text: str):
    """``yaml.safe_load(text)``, with libyaml and parsed once per distinct text."""
    data = _parsed(text)
    return data if isinstance(data, (str, int, float, bool, type(None))) else copy.deepcopy(data)


def compose(text: str):
    """The node tree of ``text`` (lines and columns of every key), with the same loader."""
    return yaml.compose(text, Loader=Loader)
