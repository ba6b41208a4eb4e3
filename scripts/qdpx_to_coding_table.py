"""Convert a coded REFI-QDA project (.qdpx or .qde) into a coding table CSV.

    python scripts/qdpx_to_coding_table.py project.qdpx codings.csv [--mapping mapping.csv]
        [--frameworks midi idu_themes] [--segment-from position|name] [--list-unmapped]

The CSV has the columns respondent, group, segment, determinant, valence, coder, level, start,
end, quote (see analysis/determinants/coding_table.py). The build reads a project directly (put
it in data_raw/private/idu_midi_demo/ and run 'python -m analysis inspect'); this script is for
looking at one project's coding table without a build.
Problems are reported with file and location; nothing is written when the import fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.determinants.frameworks import load_codebook  # noqa: E402
from analysis.determinants.refi_qda import import_project  # noqa: E402
from analysis.io import atomic_write_text  # noqa: E402
from analysis.validation import ValidationError, ValidationErrors  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project")
    ap.add_argument("out")
    ap.add_argument("--mapping")
    ap.add_argument("--frameworks", nargs="+", default=["midi", "idu_themes"])
    ap.add_argument("--segment-from", default="position", choices=["position", "name"])
    ap.add_argument(
        "--list-unmapped",
        action="store_true",
        help="leave codes without a determinant out (listed) instead of stopping",
    )
    a = ap.parse_args(argv)
    try:
        res = import_project(
            a.project,
            load_codebook(a.frameworks),
            mapping=a.mapping,
            on_unmapped="list" if a.list_unmapped else "raise",
            segment_from=a.segment_from,
        )
    except (ValidationError, ValidationErrors) as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return 1
    atomic_write_text(Path(a.out), res.table.to_csv(index=False, lineterminator="\n"))
    print(
        f"{len(res.table)} gecodeerde fragmenten van {res.table['respondent'].nunique()} respondenten "
        f"en {res.table['coder'].nunique()} codeur(s) geschreven naar {a.out}"
    )
    for r in res.report.itertuples():
        print(f"{r.kind}: {r.message}" + (f" ({r.count}×)" if r.count > 1 else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
