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


def validate_idu_demo(tables: dict, schema) -> dict:
    """The coding table must be a valid tidy coding table whose groups match the respondent list."""
    file = schema.tables["codings"].path
    codebook = load_codebook(IDU_FRAMEWORKS)
    codings = check_coding_table(tables["codings"], codebook, file=file)
    resp = tables["respondents"].set_index("respondent")["group"]
    errors = []
    expected = codings["respondent"].map(resp)
    for i in codings.index[expected.notna() & (expected != codings["group"])][:20]:
        errors.append(ValidationError(file, int(i) + 2, "group",
                                      f"groep '{codings.at[i, 'group']}' wijkt af van de respondentenlijst "
                                      f"('{expected[i]}') voor {codings.at[i, 'respondent']}"))
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    tables = dict(tables)
    tables["codings"] = codings.astype({c: "string" for c in ("respondent", "group", "segment",
                                                              "determinant", "valence", "coder")})
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


def idu_demo_artefacts(tables: dict, outdir: Path) -> list[Path]:
    """Download: the demonstration coded project as .qdpx (to try the import on)."""
    from .refi_qda import add_codings, project_root, write_qdpx
    root = project_root(IDU_FRAMEWORKS, name="IDU MIDI demonstratieproject",
                        users={"codeur_1": "codeur_1", "codeur_2": "codeur_2"})
    add_codings(root, tables["codings"])
    return [write_qdpx(Path(outdir) / "idu-midi-demonstratieproject.qdpx", root)]
