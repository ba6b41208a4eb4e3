"""Score Likert instruments, vectorised over respondents x waves.

Input is a *forms* frame: one row per respondent x wave with ``respondent_id``,
``wave``, ``child_age`` and one numeric column per item (``sdq_01`` ...; NaN =
not answered), as returned by :mod:`analysis.questionnaires.read`.

Scoring rules come from the instrument file (:mod:`.instruments`):

* reverse-scored items are recoded ``min + max - x`` (SDQ: 0<->2);
* ``prorated_sum`` (SDQ): a scale is scored when at least ``min_items`` items are
  answered, as ``round(mean of answered items x number of items)`` with halves
  rounded away from zero -- the sdqinfo syntax (Stata ``round(x*5)``, R
  ``floor(0.5 + x*5)``); with fewer answers the score is missing (counted, not an
  error);
* ``mean`` (ARI-CP demonstration key): mean of the answered items;
* composites (total difficulties, internalising, externalising) are plain sums of
  their scales and missing when any part is missing (as in the syntax);
* SDQ impact: distress + 4 interference items, recoded 0,0,1,2; 0 when the
  overall-difficulties answer is "Nee".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .instruments import Instrument

ID_COLUMNS = ["respondent_id", "wave"]


def _item_matrix(forms: pd.DataFrame, inst: Instrument) -> np.ndarray:
    """Items x forms array (one contiguous row per item), reverse items recoded.

    Item-major layout makes every per-scale sum a reduction over a few contiguous
    rows; float32 holds the codes exactly and halves the memory traffic.
    """
    x = np.empty((len(inst.item_numbers), len(forms)), dtype=np.float32)
    rev = set(inst.reverse_items)
    flip = inst.code_min + inst.code_max
    for j, (n, col) in enumerate(zip(inst.item_numbers, inst.item_columns)):
        x[j] = forms[col].to_numpy(dtype=np.float32, na_value=np.nan)
        if n in rev:
            np.subtract(flip, x[j], out=x[j])
    return x


def scored_items(forms: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    """Item values after reverse scoring (same index as ``forms``)."""
    return pd.DataFrame(_item_matrix(forms, inst).T.astype(float), index=forms.index, columns=inst.item_columns)


def _score_scales(x: np.ndarray, inst: Instrument) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """All base scales from the items x forms array: (score, number answered) per scale."""
    pos = {n: j for j, n in enumerate(inst.item_numbers)}
    out = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for name, scale in inst.scales.items():
            block = x[[pos[i] for i in scale.items]]
            missing = np.isnan(block)
            n = len(scale.items) - missing.sum(axis=0, dtype=np.int32)
            total = np.where(missing, np.float32(0), block).sum(axis=0, dtype=np.float64)
            n_items = len(scale.items)
            if inst.scoring_method == "prorated_sum":
                # total * k / answered is exact in binary for the SDQ's cases; halves round up.
                value = np.floor(total * n_items / n + 0.5)
            elif inst.scoring_method == "mean":
                value = total / n
            else:  # "sum": all items required
                value = np.where(n == n_items, total, np.nan)
            value = np.where(n >= inst.min_items[name], value, np.nan)
            out[name] = (value, n)
    return out


def score_forms(forms: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    """Scale, composite and impact scores: one row per respondent x wave (wide).

    Columns: the id columns present in ``forms`` (``respondent_id``, ``wave``,
    ``child_age``), one column per scale/composite (float, NaN = missing), and
    ``n_<scale>`` = number of items answered for each base scale.
    """
    keep = [c for c in [*ID_COLUMNS, "child_age"] if c in forms.columns]
    out = {c: forms[c].to_numpy() for c in keep}
    x = _item_matrix(forms, inst)
    for name, (value, answered) in _score_scales(x, inst).items():
        out[name] = value
        out[f"n_{name}"] = answered
    for name, spec in inst.composites.items():
        out[name] = np.sum([out[p] for p in spec["sum_of"]], axis=0)  # NaN propagates
    if inst.impact and all(c in forms.columns for c in inst.impact_columns):
        out["impact"] = impact_score(forms, inst)
    return pd.DataFrame(out, index=forms.index)


def impact_score(forms: pd.DataFrame, inst: Instrument) -> np.ndarray:
    """SDQ impact (0-10): recoded distress + interference; 0 when overall answer is "Nee"."""
    spec = inst.impact
    lut = np.full(max(int(k) for k in spec["recode"]) + 1, np.nan)
    for k, v in spec["recode"].items():
        lut[int(k)] = v
    items = forms[spec["items"]].to_numpy(dtype=float)
    valid = ~np.isnan(items)
    rec = np.full(items.shape, np.nan)
    rec[valid] = lut[items[valid].astype(int)]
    value = np.where(valid.all(axis=1), rec.sum(axis=1), np.nan)
    overall = forms[spec["overall_item"]].to_numpy(dtype=float)
    if spec.get("zero_when_overall_no", True):
        value = np.where(overall == 0, 0.0, value)
    return value


def to_long(scores: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    """Tidy scores: one row per respondent x wave x scale (``instrument``, ``scale``, ``score``)."""
    scales = [s for s in inst.all_scales if s in scores.columns]
    idc = [c for c in [*ID_COLUMNS, "child_age"] if c in scores.columns]
    long = scores.melt(id_vars=idc, value_vars=scales, var_name="scale", value_name="score")
    long.insert(0, "instrument", inst.id)
    return long


def missing_scale_counts(scores: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    """Per wave and scale: forms, scored, missing for too few items answered."""
    rows = []
    for wave, grp in scores.groupby("wave", sort=True):
        for name in inst.scales:
            rows.append(
                {
                    "instrument": inst.id,
                    "wave": wave,
                    "scale": name,
                    "forms": len(grp),
                    "scored": int(grp[name].notna().sum()),
                    "missing_too_few_items": int(grp[name].isna().sum()),
                    "min_items": inst.min_items[name],
                }
            )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------- bands and norms


def uk_band(scores: pd.Series, inst: Instrument, scale: str) -> pd.Series:
    """UK 3-band label (normaal / grensgebied / afwijkend) for one SDQ scale."""
    spec = inst.bands["uk"][scale]
    labels = inst.bands["uk"]["labels"]
    s = scores.astype(float)
    if spec.get("low_is_worse"):
        band = np.select([s <= spec["abnormal"], s <= spec["borderline"]], [labels[2], labels[1]], labels[0])
    else:
        band = np.select([s >= spec["abnormal"], s >= spec["borderline"]], [labels[2], labels[1]], labels[0])
    return pd.Series(np.where(s.isna(), None, band), index=scores.index, dtype="object")


def norm_group(age: pd.Series, inst: Instrument, norm: str = "theunissen_2022") -> pd.Series:
    """Age group label of a Dutch norm (groups as published; overlap rule from the file).

    ``overlap_rule: lower_bound`` puts an age that two printed groups share in the
    group where it is the lower bound (Theunissen et al. 2022: 4 -> "4-7 years",
    7 -> "7-11 years").  Ages in no group get None (no norm, counted by the caller).
    """
    spec = inst.norms[norm]
    groups = spec["age_groups"]
    a = age.astype(float).to_numpy()
    label = np.full(a.shape, None, dtype=object)
    order = groups if spec.get("overlap_rule", "lower_bound") == "lower_bound" else groups[::-1]
    # later assignment wins: with lower_bound, iterate young -> old so the older group (where the
    # shared age is the lower bound) overrides; with upper_bound iterate the other way.
    for g in order:
        inside = (a >= g["min_age"]) & (a < g["max_age"] + 1)
        label[inside] = g["label"]
    return pd.Series(label, index=age.index, dtype="object")


NORMS = {
    "theunissen_2022_clinical": ("theunissen_2022", "clinical_above"),
    "theunissen_2022_borderline": ("theunissen_2022", "borderline_above"),
    "uk_abnormal": ("uk", "abnormal"),
    "uk_borderline": ("uk", "borderline"),
}


def elevated(
    scores: pd.DataFrame, inst: Instrument, norm: str = "theunissen_2022_clinical", scale: str = "total_difficulties"
) -> pd.Series:
    """Is ``scale`` elevated by ``norm``?  Nullable boolean (NA = score or norm missing).

    Norms: ``theunissen_2022_clinical`` (top 10%, total difficulties > age cut-off),
    ``theunissen_2022_borderline`` (top 20%), ``uk_abnormal`` (UK band "afwijkend"),
    ``uk_borderline`` (UK band "grensgebied" or worse).
    """
    source, level = NORMS[norm]
    s = scores[scale].astype(float)
    if source == "uk":
        spec = inst.bands["uk"][scale]
        cut = spec[level]
        flag = s <= cut if spec.get("low_is_worse") else s >= cut
        res = pd.Series(flag, index=scores.index, dtype="boolean")
        res[s.isna()] = pd.NA
        return res
    spec = inst.norms[source]
    if spec["scale"] != scale:
        raise ValueError(f"de norm {norm} bestaat alleen voor {spec['scale']}, niet voor {scale}")
    group = norm_group(scores["child_age"], inst, source)
    cut = group.map({g["label"]: g[level] for g in spec["age_groups"]}).astype(float)
    res = pd.Series(s > cut, index=scores.index, dtype="boolean")
    res[s.isna() | cut.isna()] = pd.NA
    return res


def ari_high(scores: pd.DataFrame, key: Instrument, scale: str, allow_demonstration: bool = False) -> pd.Series:
    """Is the ARI-CP ``scale`` in the unfavourable range ("hoog"; for secure: "laag")?

    With a demonstration key this refuses (:class:`DemonstrationKeyError`) unless
    ``allow_demonstration=True``; callers that allow it must label the result as
    based on the demonstration key (see ``labels.DEMO_KEY_NOTE``).
    """
    if key.demonstration and not allow_demonstration:
        key.require_real_key("indelingen in hoog/laag")
    cutoffs = key.demo_cutoffs if key.demonstration else (key.norms or {}).get("cutoffs", {})
    if scale not in cutoffs:
        raise KeyError(
            f"{key.path.name if key.path else key.id}: geen afkappunt voor schaal '{scale}' "
            "(verwacht onder norms: cutoffs: <schaal>: {high_from: ...} of {low_below: ...})"
        )
    spec = cutoffs[scale]
    s = scores[scale].astype(float)
    flag = s >= spec["high_from"] if "high_from" in spec else s < spec["low_below"]
    res = pd.Series(flag, index=scores.index, dtype="boolean")
    res[s.isna()] = pd.NA
    return res


# ----------------------------------------------------------------- reliability


def cronbach_alpha(items: pd.DataFrame, ci: float = 0.95) -> tuple[float, float, float, int]:
    """Cronbach's alpha with its CI (pingouin; listwise deletion).  Returns (alpha, lo, hi, n)."""
    import pingouin as pg

    complete = items.dropna()
    if len(complete) < 3 or items.shape[1] < 2:
        return np.nan, np.nan, np.nan, len(complete)
    alpha, (lo, hi) = pg.cronbach_alpha(data=complete, ci=ci)
    return float(alpha), float(lo), float(hi), len(complete)


def mcdonald_omega(items: pd.DataFrame) -> float:
    """McDonald's omega total from a one-factor ML model (statsmodels ``Factor``).

    omega = (sum lambda)^2 / ((sum lambda)^2 + sum psi) on standardised items.
    NaN when the model cannot be fitted (too few complete cases, a constant item,
    or no convergence) or when items load in opposite directions -- with n = 14 and
    11-13 items this is common and honest.
    """
    from statsmodels.multivariate.factor import Factor

    complete = items.dropna()
    if len(complete) <= items.shape[1] or (complete.std(ddof=1) == 0).any():
        return np.nan
    import inspect
    import warnings

    # The ML fit draws random starting values: fix them so omega is the same on every run
    # (statsmodels >= 0.15 takes ``rng``; older versions draw from numpy's global state).
    new_api = "rng" in inspect.signature(Factor.fit).parameters
    state = None if new_api else np.random.get_state()
    try:
        if not new_api:
            np.random.seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a non-converged fit is no estimate
            model = Factor(complete.to_numpy(), n_factor=1, method="ml")
            res = model.fit(rng=0) if new_api else model.fit()
    except Exception:  # noqa: BLE001 - any fitting failure means "not estimable"
        return np.nan
    finally:
        if state is not None:
            np.random.set_state(state)
    lam = np.asarray(res.loadings)[:, 0]
    psi = np.asarray(res.uniqueness)
    if not np.all(np.isfinite(lam)) or np.any(psi < 0):
        return np.nan
    if lam.sum() < 0:
        lam = -lam  # the factor's sign is arbitrary
    if np.any(lam < 0):
        return np.nan  # items load in opposite directions: a one-factor omega means nothing here
    num = lam.sum() ** 2
    return float(num / (num + psi.sum()))


def reliability(forms: pd.DataFrame, inst: Instrument, wave: str | None = None) -> pd.DataFrame:
    """Per scale: items, complete cases, Cronbach's alpha (95% CI) and McDonald's omega."""
    data = forms if wave is None else forms[forms["wave"] == wave]
    x = scored_items(data, inst)
    rows = []
    for name, scale in inst.scales.items():
        cols = [inst.item_column(i) for i in scale.items]
        a, lo, hi, n = cronbach_alpha(x[cols])
        rows.append(
            {
                "instrument": inst.id,
                "scale": name,
                "wave": wave,
                "k_items": len(cols),
                "n_complete": n,
                "alpha": a,
                "alpha_ci_low": lo,
                "alpha_ci_high": hi,
                "omega": mcdonald_omega(x[cols]),
            }
        )
    return pd.DataFrame(rows)
