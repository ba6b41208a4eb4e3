"""Command line: ``python -m analysis <command>``.

build     raw data → data_processed/ → notebooks → website in _site/ (Quarto if on PATH)
check     static checks of the Quarto project (embeds, labels, citations, notebooks)
manifest  check the raw-data manifest, or --update it after adding raw files
codebook  (re)write the codebook pages from the schemas
inspect   read a researcher's own export and propose its mapping file (--write saves it)
privacy-check  read every built page, figure, PDF and download for identifying values
          and small counts (also run at the end of every build)
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="bouw data, notebooks en rapporten (incrementeel)")
    b.add_argument("--no-render", action="store_true", help="alleen data valideren en schrijven")
    b.add_argument("--force", action="store_true", help="alles opnieuw, ook wat ongewijzigd is")
    b.add_argument(
        "--renderer",
        choices=["auto", "quarto", "embedded"],
        default="auto",
        help="auto: Quarto als het op PATH staat, anders de ingebouwde renderer",
    )
    sub.add_parser("check", help="statische controle van het Quarto-project")
    m = sub.add_parser("manifest", help="controleer of werk het datamanifest bij")
    m.add_argument("--update", action="store_true", help="registreer de huidige ruwe bestanden")
    sub.add_parser("codebook", help="schrijf de codeboekpagina's opnieuw")
    i = sub.add_parser("inspect", help="lees een eigen export en stel de mapping voor")
    i.add_argument("file", help="de export (csv, xlsx, sav, qdpx, …), pad vanaf de projectmap")
    i.add_argument("--dataset", required=True, help="de dataset die de export vult (mapnaam onder data_raw/private/)")
    i.add_argument(
        "--write", action="store_true", help="schrijf het voorstel als <export>.mapping.yaml naast de export"
    )
    sub.add_parser(
        "privacy-check", help="controleer _site/ en downloads/ op identificerende waarden en kleine aantallen"
    )
    args = parser.parse_args(argv)

    if args.command == "build":
        from .build import build

        return build(render=not args.no_render, force=args.force, renderer=args.renderer)
    if args.command == "check":
        from .check import check_project

        problems = check_project()
        for p in problems:
            print(f"- {p}")
        print("Quarto-project: in orde." if not problems else f"{len(problems)} probleem/problemen gevonden.")
        return 1 if problems else 0
    if args.command == "manifest":
        from . import manifest

        if args.update:
            changed = manifest.update()
            print("\n".join(f"bijgewerkt: data_raw/{c}" for c in changed) or "manifest was al actueel")
            return 0
        result = manifest.check()
        print("Datamanifest: in orde." if result.ok else result.message())
        return 0 if result.ok else 1
    if args.command == "inspect":
        from .mapping import main_inspect

        return main_inspect(args.file, args.dataset, args.write)
    if args.command == "privacy-check":
        from .privacy_check import main as privacy_main

        return privacy_main()
    if args.command == "codebook":
        from .codebook import write_codebook
        from .schema import dataset_names

        for d in dataset_names():
            write_codebook(d)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
