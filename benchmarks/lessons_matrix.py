"""Benchmark: IDU lessons chain — domain validation, matrices and interval enumeration.

Times, on the real transcription and on copies scaled ×10 and ×100 (lessons and links
replicated with new ids), the domain validator and the pilot × rode-lijn matrices; and
the enumeration of respondent allocations over bands (analysis.intervals.allocation_bounds)
for growing numbers of respondents.  Prints timings and ratios; no assertions.

    python benchmarks/lessons_matrix.py
"""

from __future__ import annotations

import time

import pandas as pd

from analysis.data import read_dataset
from analysis.intervals import Interval, allocation_bounds
from analysis.lessons import matrix
from analysis.lessons.validate import validate_tables
from analysis.schema import load_schema


def scaled(tables: dict, k: int) -> dict:
    """The tables with lessons and links replicated ``k`` times (copy i gets ids ``…_cNN_01``)."""
    t = dict(tables)
    lessons, links = tables["lessons"], tables["lesson_rode_lijn"]
    t["lessons"] = pd.concat(
        [lessons.assign(lesson_id=lessons["lesson_id"] + f"_c{i}_01") for i in range(k)], ignore_index=True
    )
    t["lesson_rode_lijn"] = pd.concat(
        [links.assign(lesson_id=links["lesson_id"] + f"_c{i}_01") for i in range(k)], ignore_index=True
    )
    return t


def timed(f, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    schema = load_schema("idu_lessons")
    base = read_dataset(schema)
    print("IDU lessons benchmark (best of 3)")
    ref = None
    for k in (1, 10, 100):
        t = base if k == 1 else scaled(base, k)
        n = len(t["lessons"])
        tv = timed(lambda: validate_tables(t, schema))
        tm = timed(
            lambda: (
                matrix.pilot_rode_lijn_matrix(t["lessons"], t["lesson_rode_lijn"], t["pilots"], t["rode_lijnen"]),
                matrix.matrix_by_type(t["lessons"], t["lesson_rode_lijn"], t["pilots"], t["rode_lijnen"]),
                matrix.theme_support(t["lessons"], t["lesson_rode_lijn"], t["pilots"], t["rode_lijnen"]),
            )
        )
        ref = ref or (tv, tm)
        print(
            f"  lessons={n:6d}  validator={tv * 1000:7.1f} ms (×{tv / ref[0]:5.1f})  "
            f"matrices={tm * 1000:7.1f} ms (×{tm / ref[1]:5.1f})"
        )
    bands = [Interval(1, 40), Interval(60, 80), Interval(80, 100)]
    ref = None
    for n in (16, 50, 100):
        ranges = [(n // 2 + 1, n), (2, n), (1, n)]
        ta = timed(lambda: allocation_bounds(n, bands, ranges), repeat=1)
        ref = ref or ta
        print(f"  allocations n={n:4d}: {ta * 1000:8.1f} ms  ratio vs n=16={ta / ref:7.1f}")


if __name__ == "__main__":
    main()
