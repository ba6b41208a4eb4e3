"""Build hooks (named in the schemas): domain checks and downloadable artefacts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.validation import ValidationError, ValidationErrors

from .coding_table import check_coding_table
from .frameworks import load_codebook


def paths_root(rel: str) -> Path:
    from analysis import paths

    return paths.ROOT / rel


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


DEMO_DATASET = "idu_midi_demo"
CODING_COLUMNS = ("respondent", "group", "segment", "determinant", "valence", "coder", "level", "quote")


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
            errors.append(
                ValidationError(
                    file,
                    int(i) + 2,
                    "end",
                    f"positie {b} ligt voorbij het einde van de tekst "
                    f"van {codings.at[i, 'respondent']} ({len(t)} tekens)",
                )
            )
        elif isinstance(q, str) and t[a:b].strip() != q.strip():  # cells are read stripped
            errors.append(
                ValidationError(file, int(i) + 2, "quote", f"citaat wijkt af van de tekst op {a}-{b} ('{t[a:b][:40]}')")
            )
        if len(errors) >= 20:
            break
    return errors


def validate_idu_demo(tables: dict, schema) -> dict:
    """The coding table must be a valid tidy coding table whose groups match the respondent list,
    and whose quotes are the interview text between their positions.

    A coded REFI-QDA project reaches this check through its mapping file
    (:mod:`analysis.determinants.byo`); a project in the private folder without a mapping is
    refused with the command that writes one, never silently ignored.
    """
    from .byo import lone_projects

    origins = getattr(tables, "origins", {}) or {}
    origin = origins.get("codings")
    file = Path(paths_root(origin.file)) if origin is not None else schema.tables["codings"].path
    lone = lone_projects(schema.name)
    if lone:
        raise ValidationError(
            lone[0],
            None,
            None,
            "dit project wordt nog niet gelezen: er staat geen mapping naast. Draai "
            f'\'python -m analysis inspect "data_raw/private/{schema.name}/{lone[0].name}" '
            f"--dataset {schema.name} --write', controleer het voorstel en draai dan 'make report'",
        )
    codebook = load_codebook(IDU_FRAMEWORKS)
    tables = dict(tables)
    tables.setdefault("import_report", pd.DataFrame(columns=["kind", "message", "count"]))
    if (
        origin is not None
        and origin.kind != "demonstratie"
        and ("interviews" not in origins or origins["interviews"].kind == "demonstratie")
    ):
        tables["interviews"] = tables["interviews"].iloc[0:0]  # the demonstration texts are not hers
    codings = check_coding_table(tables["codings"], codebook, file=file)
    resp = tables["respondents"].set_index("respondent")["group"]
    errors = []
    expected = codings["respondent"].map(resp)
    for i in codings.index[expected.notna() & (expected != codings["group"])][:20]:
        errors.append(
            ValidationError(
                file,
                int(i) + 2,
                "group",
                f"groep '{codings.at[i, 'group']}' wijkt af van de respondentenlijst "
                f"('{expected[i]}') voor {codings.at[i, 'respondent']}",
            )
        )
    unknown = sorted(set(codings["respondent"]) - set(resp.index))
    if unknown:
        errors.append(
            ValidationError(
                file,
                None,
                "respondent",
                f"{len(unknown)} respondent(en) ontbreken in de respondentenlijst (bijv. '{unknown[0]}')",
            )
        )
    errors += check_quotes(codings, tables["interviews"], file)
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    # Quotes exactly as in the text (a cell read from CSV lost its surrounding white space).
    text = dict(zip(tables["interviews"]["respondent"], tables["interviews"]["text"]))
    has = codings["start"].notna() & codings["end"].notna() & codings["respondent"].isin(list(text))
    codings.loc[has, "quote"] = [
        text[r][int(a) : int(b)]
        for r, a, b in zip(codings.loc[has, "respondent"], codings.loc[has, "start"], codings.loc[has, "end"])
    ]
    tables["codings"] = codings.astype({c: "string" for c in CODING_COLUMNS})
    return tables


def validate_svss(tables: dict, schema) -> dict:
    keys = set(load_codebook("midi")["key"])
    errors: list[ValidationError] = []
    _check_codes(tables["findings"], "midi_determinant", schema.tables["findings"].path, keys, errors)
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    return tables


def validate_cfir_ratings(tables: dict, schema) -> dict:
    """Scores −2 … +2 / X / empty, known CFIR constructs, one row per case and construct."""
    from .ratings import check_ratings

    origins = getattr(tables, "origins", {}) or {}
    file = paths_root(origins["ratings"].file) if "ratings" in origins else schema.tables["ratings"].path
    tables = dict(tables)
    tables["ratings"] = check_ratings(tables["ratings"], "cfir", file=file)
    return tables


def idu_artefacts(tables: dict, outdir: Path) -> list[Path]:
    """Downloads: the MIDI codebook as .qdc and as a minimal .qdpx project, the MIDI + IDU
    study codes as .qdc, and the CFIR codebook as .qdc."""
    from .refi_qda import write_qdc, write_qdpx

    outdir = Path(outdir)
    return [
        write_qdc(outdir / "midi-codeboek.qdc", ("midi",)),
        write_qdpx(outdir / "midi-codeboek.qdpx", frameworks=("midi",)),
        write_qdc(outdir / "idu-midi-codeboek.qdc", IDU_FRAMEWORKS),
        write_qdc(outdir / "cfir-codeboek.qdc", ("cfir",)),
    ]


DEMO_PROJECT = "idu-midi-demonstratieproject.qdpx"


def demo_project(tables: dict):
    """The coded demonstration project (root, source files) with the interview texts."""
    from .refi_qda import add_codings, project_root

    root = project_root(
        IDU_FRAMEWORKS,
        name="IDU MIDI demonstratieproject (synthetische interviews)",
        users={"codeur_1": "codeur_1", "codeur_2": "codeur_2"},
        codable_categories=bool((tables["codings"]["level"] == "category").any()),
        description=(
            "DEMONSTRATIEPROJECT met synthetische interviews, gemaakt door "
            "scripts/generate_idu_midi_demo.py: geen echte respondenten."
        ),
    )
    texts = dict(zip(tables["interviews"]["respondent"], tables["interviews"]["text"]))
    files = add_codings(root, tables["codings"], texts=texts)
    return root, files


def idu_demo_artefacts(tables: dict, outdir: Path) -> list[Path]:
    """Download: the demonstration coded project as .qdpx (to try the import on).

    Built from demonstration data only. From a researcher's own data (a project or coding table
    in the private folder) the coded project is not published: interview texts and the names of
    coders and sources cannot be made anonymous by renaming alone. A download left over from an
    earlier demonstration build is removed; the page says that the project is not published.
    """
    from .refi_qda import write_qdpx

    target = Path(outdir) / DEMO_PROJECT
    origin = tables.get("data_origin")
    demo = origin is None or set(origin["kind"]) == {"demonstratie"}
    if not demo:
        target.unlink(missing_ok=True)
        return []
    root, files = demo_project(tables)
    return [write_qdpx(target, root, sources=files)]
