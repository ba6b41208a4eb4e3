"""Bring your own coded interviews: a REFI-QDA project (``.qdpx``/``.qde``) in the one route of
:mod:`analysis.mapping`.

The researcher puts her exported project in ``data_raw/private/idu_midi_demo/`` and runs
``python -m analysis inspect <project> --dataset idu_midi_demo --write``: that lists the sources,
users, sets, variables and codes it found, and writes ``<project>.mapping.yaml``::

    dataset: idu_midi_demo
    file: "mijn project.qdpx"
    fills: project
    options:
      frameworks: ["midi", "idu_themes"]    # the codebook(s) the codes belong to
      codes: {"Tijd": "time_available", "Memo's": "-"}   # code name → determinant / category; '-' = ignore
      segment_from: position                # or 'name' (the selection's name identifies the fragment)

Codes whose name is already a determinant, a category or a valence word need no line. The build
then reads the project directly (texts, positions and quotes included, see
:func:`analysis.determinants.refi_qda.import_project`) into the tables ``codings``,
``interviews`` and — unless a private ``respondents.csv`` lies next to it — ``respondents``
(groups from the project's variables or sets). Sources get pseudonyms (R001, R002, … in the
project's order; the key is printed in the build log only), so no source name reaches a processed
table or a page. The import report becomes the derived table ``import_report`` that the page
shows (without names of sources or coders).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.mapping import (
    Adapter,
    Mapped,
    Mapping,
    Proposal,
    RawExport,
    register_reader,
)
from analysis.validation import ValidationError

from .frameworks import category_index, load_codebook, name_index, normalise_name
from .refi_qda import REPORT_COLUMNS, _valence_of, import_project

DEFAULT_FRAMEWORKS = ["midi", "idu_themes"]
OPTIONS = ("frameworks", "codes", "segment_from")


def read_project(path: Path) -> RawExport:
    """What a project holds, for ``inspect`` (nothing mapped yet; the build imports in ``to_tables``)."""
    res = import_project(path, load_codebook(DEFAULT_FRAMEWORKS), on_unmapped="list", allow_empty=True)
    return RawExport(path, "REFI-QDA-project", None, details={"result": res})


register_reader((".qdpx", ".qde"), read_project)


def _frameworks(mapping: Mapping | None) -> list[str]:
    fw = (mapping.options.get("frameworks") if mapping else None) or DEFAULT_FRAMEWORKS
    return [fw] if isinstance(fw, str) else [str(f) for f in fw]


def _text(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells as the schema check expects them ('' = empty)."""
    return df.astype(object).where(df.notna(), "").map(str).reset_index(drop=True)


class ProjectAdapter(Adapter):
    targets = {
        "project": "gecodeerd REFI-QDA-project (.qdpx/.qde); vult codings, interviews en, zonder eigen "
        "respondents.csv, respondents"
    }

    def to_tables(self, raw: RawExport, mapping: Mapping, schema) -> Mapped:
        from analysis.data import private_override
        from analysis.validation import validate_table

        unknown = [k for k in mapping.options if k not in OPTIONS]
        if unknown:
            raise mapping.error(
                f"onbekende optie '{unknown[0]}' (bekend: {', '.join(OPTIONS)})", f"options.{unknown[0]}"
            )
        codebook = load_codebook(_frameworks(mapping))
        own = private_override(schema.tables["respondents"])
        groups = None
        if own is not None:
            from analysis.data import read_raw_table

            resp = validate_table(
                read_raw_table(own, schema.tables["respondents"]), schema.tables["respondents"], file=own
            )
            groups = dict(zip(resp["respondent"], resp["group"]))
        codes = {str(k): str(v) for k, v in (mapping.options.get("codes") or {}).items()}
        res = import_project(
            raw.path,
            codebook,
            mapping=codes,
            groups=groups,
            segment_from=str(mapping.options.get("segment_from") or "position"),
        )
        table = res.table
        if own is None:
            per = table.drop_duplicates("respondent")[["respondent", "group"]]
            missing = per[per["group"].isna()]
            if len(missing):
                raise ValidationError(
                    raw.path,
                    None,
                    "group",
                    f"{len(missing)} respondent(en) zonder groep: geef elke bron in het QDA-programma "
                    "een variabele 'groep' of zet de bronnen in sets per groep, of leg een "
                    f"respondentenlijst naast het project (data_raw/private/{schema.name}/"
                    "respondents.csv met de kolommen respondent, group)",
                )
        else:
            per = resp[["respondent", "group"]]
        # Source names ("Interview", "Gesprek Jansen", file names) never go further than this: the
        # processed tables carry pseudonyms R001, R002, … in the project's order; the key is printed
        # in the researcher's own build log only.
        names = list(dict.fromkeys(list(res.sources["respondent"]) + list(per["respondent"])))
        alias = {n: f"R{i:03d}" for i, n in enumerate(names, start=1)}
        table = table.assign(
            respondent=table["respondent"].map(alias),
            segment=[
                alias[r] + s[len(r) :] if s.startswith(r + ":") else s
                for r, s in zip(table["respondent"], table["segment"])
            ],
        )
        per = per.assign(respondent=per["respondent"].map(alias))
        exact = res.sources.loc[res.sources["text"].notna(), ["respondent", "text"]].reset_index(drop=True)
        exact["respondent"] = exact["respondent"].map(alias)
        tables = {"codings": _text(table), "interviews": _text(exact), "respondents": _text(per)}
        for r in res.report.itertuples():  # names stay in the researcher's build log, not on the page
            print(f"  import {raw.path.name}: {r.kind}: {r.message}" + (f" ({r.count}×)" if r.count > 1 else ""))
        print(f"  import {raw.path.name}: pseudoniemen: " + ", ".join(f"{v} = {k}" for k, v in alias.items()))
        # The schema check strips every cell; the texts (and so the quotes) must stay exact, or every
        # position after leading white space would shift: the exact texts replace the checked ones.
        return Mapped(tables, derived={"import_report": import_report_table(res), "interviews": exact})

    def propose(self, raw: RawExport, schema) -> Proposal:
        res = raw.details["result"]
        codebook = load_codebook(DEFAULT_FRAMEWORKS)
        index, cats = name_index(codebook), category_index(codebook)
        p = Proposal("project")
        t = res.table
        p.found += [
            f"Programma: {res.origin or 'onbekend'}",
            f"Bronnen: {len(res.sources)} tekstbron(nen); gebruikers: {len(res.users)}; "
            f"codes: {len(res.codes)}; gecodeerde fragmenten: {len(t)}",
            f"Codeurs: {', '.join(sorted(set(t['coder']))) if len(t) else 'geen'}",
            "Groepen: "
            + (
                ", ".join(f"{g} ({n})" for g, n in res.sources["group"].fillna("(geen)").value_counts().items())
                or "geen"
            ),
        ]
        codes = {}
        for r in res.codes.itertuples():
            name = r.name
            if _valence_of(name) or normalise_name(name) in index or normalise_name(name) in cats:
                continue
            if r.role == "group":
                continue
            n = int(res.unmapped.loc[res.unmapped["code_name"] == name, "n_codings"].sum()) if len(res.unmapped) else 0
            codes[name] = "?"
            p.unplaced[name] = (
                f"code zonder determinant ({n}× gebruikt); vul een determinantcode in of '-' om te negeren"
            )
        p.options = {"frameworks": DEFAULT_FRAMEWORKS, "segment_from": "position"}
        if codes:
            p.options["codes"] = codes
        p.found += [f"Melding: {r.message}" for r in res.report.itertuples()]
        return p


def import_report_table(res) -> pd.DataFrame:
    """The page's import report: counts of what was read, then the importer's notes without names."""
    t = res.table
    summary = pd.DataFrame(
        [
            {"kind": "ingelezen", "message": m, "count": n}
            for m, n in [
                (f"programma: {res.origin or 'onbekend'}", 1),
                ("gecodeerde fragmenten (rijen in de codeertabel)", len(t)),
                ("respondenten (tekstbronnen met codering)", t["respondent"].nunique()),
                ("codeurs", t["coder"].nunique()),
                ("fragmenten met citaat", int(t["quote"].notna().sum())),
                ("coderingen op een categorie", int((t["level"] == "category").sum())),
            ]
        ]
    )
    notes = (
        res.report.groupby(["kind", "public"], sort=False)["count"]
        .sum()
        .reset_index()
        .rename(columns={"public": "message"})
    )
    return pd.concat([summary, notes], ignore_index=True)[[c for c in REPORT_COLUMNS if c != "public"]]


ADAPTER = ProjectAdapter()


def lone_projects(dataset: str) -> list[Path]:
    """Projects in the private folder that no mapping file reads (the build must not ignore them)."""
    from analysis.mapping import SUFFIX, load_mapping, mapping_files

    folder = paths.PRIVATE / dataset
    if not folder.is_dir():
        return []
    projects = {p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".qdpx", ".qde")}
    for mp in mapping_files(dataset):
        try:
            projects.discard(load_mapping(mp, dataset).export_path)
        except Exception:
            projects = {p for p in projects if not mp.name.startswith(p.stem) or not mp.name.endswith(SUFFIX)}
    return sorted(projects)
