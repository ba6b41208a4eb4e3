"""Likert instruments as data files.

An *instrument* (SDQ, ARI-CP, a parent survey, ...) is a YAML file in
``analysis/questionnaires/instruments/``: items, response codes and labels,
reverse-scored items, scales, composite scales, optional impact supplement,
bands and norms, each with its source.  Adding an instrument means adding such a
file; no code changes.  See ``sdq_parent_4_17.yaml`` for the full format and
``ari_cp_2_5_demo_key.yaml`` for a *demonstration key* (``demonstration: true``):
results scored with a demonstration key are never presented as normed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlio

INSTRUMENT_DIR = Path(__file__).with_name("instruments")


class DemonstrationKeyError(RuntimeError):
    """Raised when results scored with a demonstration key would be presented as normed."""


@dataclass(frozen=True)
class Scale:
    name: str
    items: tuple[int, ...]  # item numbers
    problem: bool  # True: a higher score is worse


@dataclass
class Instrument:
    """A parsed instrument file.  ``item_columns`` are the export's column names."""

    id: str
    title: str
    demonstration: bool
    citation: str
    sources: dict
    item_prefix: str
    item_numbers: list[int]
    item_labels: dict[int, str]
    codes: list[int]
    response_labels: dict[int, str]
    aliases: dict[str, int]
    reverse_items: list[int]
    scales: dict[str, Scale]
    scoring_method: str
    min_items: dict[str, int]
    composites: dict[str, dict]
    age_min: float | None
    age_max: float | None
    age_enforced: bool
    impact: dict | None = None
    bands: dict = field(default_factory=dict)
    norms: dict = field(default_factory=dict)
    demo_cutoffs: dict = field(default_factory=dict)
    rci_reliability: dict = field(default_factory=dict)
    path: Path | None = None

    # ------------------------------------------------------------------ names
    def item_column(self, number: int) -> str:
        return f"{self.item_prefix}{number:02d}"

    @property
    def item_columns(self) -> list[str]:
        return [self.item_column(n) for n in self.item_numbers]

    @property
    def impact_columns(self) -> list[str]:
        if not self.impact:
            return []
        return [self.impact["overall_item"], *self.impact["items"]]

    @property
    def all_scales(self) -> list[str]:
        """Scales then composites, in file order."""
        return [*self.scales, *self.composites] + (["impact"] if self.impact else [])

    def is_problem_scale(self, scale: str) -> bool:
        if scale in self.scales:
            return self.scales[scale].problem
        if scale in self.composites:
            return bool(self.composites[scale].get("problem", True))
        return True

    @property
    def code_min(self) -> int:
        return min(self.codes)

    @property
    def code_max(self) -> int:
        return max(self.codes)

    def label_to_code(self) -> dict[str, int]:
        """Normalised (lower-case, stripped) response label -> code, incl. aliases."""
        out = {str(v).strip().lower(): int(k) for k, v in self.response_labels.items()}
        out.update({str(k).strip().lower(): int(v) for k, v in self.aliases.items()})
        return out

    def require_real_key(self, purpose: str = "genormeerde uitslagen") -> None:
        """Refuse ``purpose`` when this is a demonstration key."""
        if self.demonstration:
            raise DemonstrationKeyError(
                f"{self.title}: dit is een DEMONSTRATIESLEUTEL ({self.path.name if self.path else self.id}); "
                f"{purpose} zijn alleen mogelijk met de echte scoringssleutel en normtabel uit de "
                "handleiding. Schrijf die in hetzelfde formaat met 'demonstration: false'."
            )


def load_instrument(name_or_path: str | Path) -> Instrument:
    """Load ``instruments/<name>.yaml`` (or a path to a researcher's own key file)."""
    path = Path(name_or_path)
    if not path.suffix:
        path = INSTRUMENT_DIR / f"{name_or_path}.yaml"
    raw = yamlio.load(path.read_text(encoding="utf-8"))
    return parse_instrument(raw, path)


def parse_instrument(raw: dict, path: Path | None = None) -> Instrument:
    """Build an :class:`Instrument` from the parsed YAML mapping, checking its consistency."""
    where = path.name if path else raw.get("id", "<instrument>")
    rs = raw["response_scale"]
    codes = [int(c) for c in rs["codes"]]
    labels = {int(k): str(v) for k, v in (rs.get("labels") or {}).items()}
    if "items" in raw:
        item_labels = {int(k): str(v) for k, v in raw["items"].items()}
        numbers = sorted(item_labels)
    else:
        numbers = list(range(1, int(raw["n_items"]) + 1))
        item_labels = {n: f"Item {n}" for n in numbers}
    scales = {
        name: Scale(name, tuple(int(i) for i in spec["items"]), bool(spec.get("problem", True)))
        for name, spec in raw["scales"].items()
    }
    seen: dict[int, str] = {}
    for s in scales.values():
        for i in s.items:
            if i not in item_labels:
                raise ValueError(f"{where}: schaal {s.name} noemt item {i}, dat niet bestaat")
            if i in seen:
                raise ValueError(f"{where}: item {i} staat in schaal {seen[i]} en in {s.name}")
            seen[i] = s.name
    reverse = [int(i) for i in raw.get("reverse_items") or []]
    for i in reverse:
        if i not in item_labels:
            raise ValueError(f"{where}: omgescoord item {i} bestaat niet")
    scoring = raw.get("scale_scoring", {})
    method = scoring.get("method", "prorated_sum")
    if method not in ("prorated_sum", "mean", "sum"):
        raise ValueError(f"{where}: onbekende scoringsmethode {method!r}")
    min_items = {}
    for name, s in scales.items():
        if "min_items" in scoring:
            min_items[name] = int(scoring["min_items"])
        elif "min_items_fraction" in scoring:
            min_items[name] = int(-(-float(scoring["min_items_fraction"]) * len(s.items) // 1))
        else:
            min_items[name] = len(s.items)
    composites = dict(raw.get("composites") or {})
    for cname, spec in composites.items():
        for part in spec["sum_of"]:
            if part not in scales:
                raise ValueError(f"{where}: samengestelde schaal {cname} noemt onbekende schaal {part}")
    age = raw.get("age_range") or {}
    return Instrument(
        id=raw["id"],
        title=raw["title"],
        demonstration=bool(raw.get("demonstration", False)),
        citation=" ".join(str(raw.get("citation", "")).split()),
        sources=raw.get("sources") or {},
        item_prefix=raw.get("item_prefix", raw["id"] + "_"),
        item_numbers=numbers,
        item_labels=item_labels,
        codes=codes,
        response_labels=labels,
        aliases={str(k): int(v) for k, v in (rs.get("aliases") or {}).items()},
        reverse_items=reverse,
        scales=scales,
        scoring_method=method,
        min_items=min_items,
        composites=composites,
        age_min=age.get("min"),
        age_max=age.get("max"),
        age_enforced=bool(age.get("enforce", False)),
        impact=raw.get("impact"),
        bands=raw.get("bands") or {},
        norms=raw.get("norms") or {},
        demo_cutoffs=raw.get("demo_cutoffs") or {},
        rci_reliability=raw.get("rci_reliability") or {},
        path=path,
    )
