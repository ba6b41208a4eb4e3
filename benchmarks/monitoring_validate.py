"""Speed of the ST-RAW domain validator and the monitoring table on enlarged inputs.

The published yearbook has 25 observations; a researcher's own monitoring export may have many
more (indicators x waves x districts).  This script replicates the observations (with distinct
indicator ids) to 100x and 1000x and prints the time per run and the ratio to the base size, so
one sees whether the cost grows linearly.  Run: ``python benchmarks/monitoring_validate.py``.
"""

from __future__ import annotations

import time

import pandas as pd

from analysis.data import read_dataset
from analysis.monitoring.indicators import monitoring_table
from analysis.monitoring.validate import validate_tables
from analysis.schema import load_schema


def enlarged(tables: dict[str, pd.DataFrame], factor: int) -> dict[str, pd.DataFrame]:
    out = dict(tables)
    ind, obs = tables["indicators"], tables["observations"]
    out["indicators"] = pd.concat(
        [ind.assign(indicator_id=ind["indicator_id"] + f"_{k}") for k in range(factor)], ignore_index=True
    )
    out["observations"] = pd.concat(
        [obs.assign(indicator_id=obs["indicator_id"] + f"_{k}") for k in range(factor)], ignore_index=True
    )
    return out


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    schema = load_schema("st_raw")
    base = read_dataset(schema)
    print(f"{'factor':>7} {'observaties':>12} {'valideren (s)':>14} {'ratio':>7} {'tabel (s)':>10} {'ratio':>7}")
    t_val0 = t_tab0 = None
    for factor in (1, 100, 1000):
        tables = enlarged(base, factor)
        t_val = best_of(lambda: validate_tables(dict(tables), schema))
        mon = validate_tables(dict(tables), schema)["monitoring"]
        t_tab = best_of(lambda: monitoring_table(mon))
        t_val0 = t_val0 or t_val
        t_tab0 = t_tab0 or t_tab
        print(
            f"{factor:>7} {len(tables['observations']):>12} {t_val:>14.4f} {t_val / t_val0:>7.1f} "
            f"{t_tab:>10.4f} {t_tab / t_tab0:>7.1f}"
        )


if __name__ == "__main__":
    main()
