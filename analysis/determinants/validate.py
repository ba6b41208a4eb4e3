"""Build hooks (named in the schemas): domain checks and downloadable artefacts."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.validation import ValidationError, ValidationErrors

from .coding_table import check_coding_table
from .frameworks import load_codebook

IDU_FRAMEWORKS = ("midi", "idu_themes")


def _check_codes(df: pd.DataFrame, column: str, file: str, keys: set[str], errors: list) -> None:
    for i, v in df[column].items():
        if isinstance(v, str) and v and v not in keys:
            errors.append(ValidationError(file, int(i) + 2, column, f"onbekende code '{v}' (niet in het codeboek)"))


def validate_idu_published(tables: dict, schema) -> dict:
    """Codes in the transcribed IDU tables must exist in the MIDI / IDU codebooks."""
    keys = set(load_codebook(IDU_FRAMEWORKS)["key"])
    errors: list[ValidationError] = []
    _check_codes(tables["findings"], "determinant", schema.tables["findings"].path, keys, errors)
    _check_codes(tables["cross_cutting"], "code", schema.tables["cross_cutting"].path, keys, errors)
    _check_codes(tables["training_wishes"], "code", schema.tables["training_wishes"].path, keys, errors)
    cc = tables["cross_cutting"]
    for i in cc.index[cc["n"] > cc["N"]]:
        errors.append(ValidationError(schema.tables["cross_cutting"].path, int(i) + 2, "n", "n is groter dan N"))
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    return tables


PROJECT_SUFFIXES = (".qdpx", ".qde")
DEMO_DATASET = "idu_midi_demo"
CODING_COLUMNS = ("respondent", "group", "segment", "determinant", "valence", "coder", "level", "quote")


def private_projects(dataset: str = DEMO_DATASET) -> list[Path]:
    """Coded REFI-QDA projects (``.qdpx``/``.qde``) a researcher put in ``data_raw/private/<dataset>/``."""
    from analysis import paths
    folder = paths.PRIVATE / dataset
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PROJECT_SUFFIXES)


def read_private_project(path: Path, respondents: pd.DataFrame | None, codebook: pd.DataFrame,
                         mapping: Path | None = None) -> dict[str, pd.DataFrame]:
    """Tables of the dataset read directly from a coded project: codings, respondents, interviews,
    import report. Groups come from the private respondents table if there is one, else from the
    project's variables or sets."""
    from .refi_qda import import_project
    groups = None if respondents is None else dict(zip(respondents["respondent"], respondents["group"]))
    res = import_project(path, codebook, mapping=mapping, groups=groups)
    table = res.table
    if respondents is None:
        per = table.drop_duplicates("respondent")[["respondent", "group"]]
        missing = per[per["group"].isna()]
        if len(missing):
            raise ValidationError(path, None, "group",
                                  f"{len(missing)} respondent(en) zonder groep (bijv. '{missing['respondent'].iloc[0]}'): "
                                  "geef elke bron in het QDA-programma een variabele 'groep' of zet de bronnen in "
                                  "sets per groep, of leg een respondentenlijst (respondents.csv: respondent, group) "
                                  "naast het project")
        respondents = per.reset_index(drop=True)
    interviews = res.sources[res.sources["text"].notna()][["respondent", "text"]].reset_index(drop=True)
    for r in res.report.itertuples():  # the researcher sees names in the build log; the page does not
        print(f"  import {path.name}: {r.kind}: {r.message}" + (f" ({r.count}×)" if r.count > 1 else ""))
    report = (res.report.groupby(["kind", "public"], sort=False)["count"].sum().reset_index()
              .rename(columns={"public": "message"}))
    summary = pd.DataFrame([{"kind": "ingelezen", "count": n, "message": m} for m, n in [
        ("gecodeerde fragmenten (rijen in de codeertabel)", len(table)),
        ("respondenten (tekstbronnen met codering)", table["respondent"].nunique()),
        ("codeurs", table["coder"].nunique()),
        ("coderingen op een categorie", int((table["level"] == "category").sum())),
    ]])
    return {"codings": table, "respondents": respondents, "interviews": interviews,
            "import_report": pd.concat([summary, report], ignore_index=True)[["kind", "message", "count"]],
            "provenance": pd.DataFrame([{"data": "eigen export", "file": path.name,
                                         "program": res.origin or "onbekend"}])}


def check_quotes(codings: pd.DataFrame, interviews: pd.DataFrame, file) -> list[ValidationError]:
    """Every quote is the text between its positions in the respondent's interview."""
    text = dict(zip(interviews["respondent"], interviews["text"]))
    errors = []
    has = codings["start"].notna() & codings["end"].notna() & codings["respondent"].isin(list(text))
    for i in codings.index[has]:
        t = text[codings.at[i, "respondent"]]
        a, b = int(codings.at[i, "start"]), int(codings.at[i, "end"])
        q = codings.at[i, "quote"]
        if b > len(t):
            errors.append(ValidationError(file, int(i) + 2, "end", f"positie {b} ligt voorbij het einde van de tekst "
                                                                    f"van {codings.at[i, 'respondent']} ({len(t)} tekens)"))
        elif isinstance(q, str) and t[a:b] != q:
            errors.append(ValidationError(file, int(i) + 2, "quote", f"citaat wijkt af van de tekst op {a}-{b} "
                                                                      f"('{t[a:b][:40]}')"))
        if len(errors) >= 20:
            break
    return errors


def validate_idu_demo(tables: dict, schema) -> dict:
    """The coding table must be a valid tidy coding table whose groups match the respondent list.

    A coded project in ``data_raw/private/idu_midi_demo/`` (``.qdpx``/``.qde``) replaces the coding
    table, and the interviews (and the respondents, unless a private ``respondents.csv`` is there).
    """
    from analysis.data import private_override
    file = schema.tables["codings"].path
    codebook = load_codebook(IDU_FRAMEWORKS)
    tables = dict(tables)
    projects = private_projects(schema.name)
    if len(projects) > 1:
        raise ValidationError(projects[1], None, None,
                              f"meer dan één project in data_raw/private/{schema.name}/ "
                              f"({', '.join(p.name for p in projects)}); laat er één staan")
    if projects:
        own_resp = private_override(schema.tables["respondents"]) is not None
        mapping = next((p for p in projects[0].parent.glob("*mapping*.csv")), None) or \
            next((p for p in projects[0].parent.glob("*mapping*.y*ml")), None)
        tables.update(read_private_project(projects[0], tables["respondents"] if own_resp else None, codebook, mapping))
        file = projects[0]
    else:
        origin = "eigen codeertabel" if private_override(schema.tables["codings"]) is not None else "demonstratie"
        tables["provenance"] = pd.DataFrame([{"data": origin, "file": Path(private_override(schema.tables["codings"])
                                                                            or schema.tables["codings"].path).name,
                                              "program": ""}])
        tables["import_report"] = pd.DataFrame(columns=["kind", "message", "count"])
        if origin != "demonstratie" and private_override(schema.tables["interviews"]) is None:
            tables["interviews"] = tables["interviews"].iloc[0:0]  # the demonstration texts are not hers
    codings = check_coding_table(tables["codings"], codebook, file=file)
    resp = tables["respondents"].set_index("respondent")["group"]
    errors = []
    expected = codings["respondent"].map(resp)
    for i in codings.index[expected.notna() & (expected != codings["group"])][:20]:
        errors.append(ValidationError(file, int(i) + 2, "group",
                                      f"groep '{codings.at[i, 'group']}' wijkt af van de respondentenlijst "
                                      f"('{expected[i]}') voor {codings.at[i, 'respondent']}"))
    unknown = sorted(set(codings["respondent"]) - set(resp.index))
    if unknown:
        errors.append(ValidationError(file, None, "respondent", f"{len(unknown)} respondent(en) ontbreken in de "
                                                                f"respondentenlijst (bijv. '{unknown[0]}')"))
    errors += check_quotes(codings, tables["interviews"], file)
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    tables["codings"] = codings.astype({c: "string" for c in CODING_COLUMNS})
    return tables


def validate_svss(tables: dict, schema) -> dict:
    keys = set(load_codebook("midi")["key"])
    errors: list[ValidationError] = []
    _check_codes(tables["findings"], "midi_determinant", schema.tables["findings"].path, keys, errors)
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    return tables


def idu_artefacts(tables: dict, outdir: Path) -> list[Path]:
    """Downloads: the MIDI codebook as .qdc and as a minimal .qdpx project, and the MIDI + IDU
    study codes as .qdc."""
    from .refi_qda import write_qdc, write_qdpx
    outdir = Path(outdir)
    return [
        write_qdc(outdir / "midi-codeboek.qdc", ("midi",)),
        write_qdpx(outdir / "midi-codeboek.qdpx", frameworks=("midi",)),
        write_qdc(outdir / "idu-midi-codeboek.qdc", IDU_FRAMEWORKS),
    ]


DEMO_PROJECT = "idu-midi-demonstratieproject.qdpx"


def demo_project(tables: dict):
    """The coded demonstration project (root, source files) with the interview texts."""
    from .refi_qda import add_codings, project_root
    root = project_root(IDU_FRAMEWORKS, name="IDU MIDI demonstratieproject (synthetische interviews)",
                        users={"codeur_1": "codeur_1", "codeur_2": "codeur_2"},
                        codable_categories=bool((tables["codings"]["level"] == "category").any()),
                        description=("DEMONSTRATIEPROJECT met synthetische interviews, gemaakt door "
                                     "scripts/generate_idu_midi_demo.py: geen echte respondenten."))
    texts = dict(zip(tables["interviews"]["respondent"], tables["interviews"]["text"]))
    files = add_codings(root, tables["codings"], texts=texts)
    return root, files


def idu_demo_artefacts(tables: dict, outdir: Path) -> list[Path]:
    """Download: the demonstration coded project as .qdpx (to try the import on).

    Built from demonstration data only. From a researcher's own data (private project or coding
    table) nothing is published: interview texts, names of coders and sources cannot be made
    anonymous by renaming alone. A download left over from an earlier demonstration build is
    removed, and the page says that the project is not published.
    """
    from .refi_qda import write_qdpx
    target = Path(outdir) / DEMO_PROJECT
    if tables["provenance"]["data"].iloc[0] != "demonstratie":
        target.unlink(missing_ok=True)
        return []
    root, files = demo_project(tables)
    return [write_qdpx(target, root, sources=files)]
