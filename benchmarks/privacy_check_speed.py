"""Benchmark: the build's privacy check of a built site, cold (nothing kept) and with kept verdicts.

Reads the built site (``_site/`` and ``downloads/``; run ``python -m analysis build`` first) as the
build's last step does, with the kept PDF texts and verdicts in a temporary folder (your
``_build/privacy-check/`` stays as it is), and prints CPU seconds: the PDF text layers (PDFium,
per distinct PDF), the other files by kind, the whole cold check and the check with kept verdicts
(a rebuild where nothing it reads changed). Part of the cold embedded build (target < 30 s on a
2-core machine); no assertions.

    python benchmarks/privacy_check_speed.py
"""

from __future__ import annotations

import collections
import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import paths, privacy_check  # noqa: E402


def cpu() -> float:
    return time.process_time()


def main() -> None:
    folders = [paths.SITE, paths.DOWNLOADS]
    if not paths.SITE.exists():  # the other benchmarks still run (python tasks.py bench)
        print("Geen gebouwde site: draai eerst 'python -m analysis build'; overgeslagen.")
        return
    with tempfile.TemporaryDirectory() as tmp:
        privacy_check.PDF_TEXT_CACHE = Path(tmp) / "pdf-text"
        t = cpu()
        values = {
            **{v: privacy_check.DEMO + o for v, o in privacy_check.identifying_values(demonstration=True).items()},
            **privacy_check.identifying_values(),
        }
        print(f"identificerende waarden lezen: {cpu() - t:.2f} s CPU ({len(values)} waarden)")
        files = [p for f in folders if f.exists() for p in sorted(f.rglob("*")) if p.is_file()]
        files = [p for p in files if "site_libs" not in p.parts]
        pdfs = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in files if p.suffix == ".pdf"}
        t = cpu()
        for p in pdfs.values():
            privacy_check.pdf_pages(p.read_bytes())
        print(f"PDF-tekst (PDFium): {cpu() - t:.2f} s CPU voor {len(pdfs)} verschillende PDF's")
        matcher = privacy_check.ValueMatcher(values)
        per_kind = collections.Counter()
        for p in files:
            t = cpu()
            for name, kind, text in privacy_check.texts(paths.relative(p), p.read_bytes()):
                privacy_check.check_text(name, kind, text, matcher, privacy_check.threshold())
            per_kind[p.suffix.lower() or "(geen)"] += cpu() - t
        print(
            "per soort bestand (lezen en controleren; een PDF die er twee keer staat: de tweede uit de bewaarde tekst):"
        )
        for suffix, s in per_kind.most_common():
            print(f"  {suffix:6} {s:.2f} s CPU")
        privacy_check.PDF_TEXT_CACHE = Path(tmp) / "pdf-text-cold"
        cache = Path(tmp) / "verdicts.json"
        t = cpu()
        privacy_check.check(folders, values=values, cache=cache)
        cold = cpu() - t
        t = cpu()
        privacy_check.check(folders, values=values, cache=cache)
        kept = cpu() - t
        print(
            f"hele controle, koud: {cold:.2f} s CPU ({len(files)} bestanden); met bewaarde oordelen: {kept:.2f} s CPU"
        )


if __name__ == "__main__":
    main()
