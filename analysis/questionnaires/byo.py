"""A researcher's own questionnaire export → ``helmond_questionnaires`` (see :mod:`analysis.mapping`).

One target: ``fills: export`` -- a questionnaire export in any of the three layouts of
:mod:`.read`, which fills both tables of the dataset (``respondents`` and ``forms``).
Schema names a mapping may use (right-hand side of ``columns:``):

* ``respondent_id``; ``child_age`` (or ``child_age_t0`` / ``child_age_t1`` per wave);
* wide layout: ``<item>_<wave>``, e.g. ``sdq_01_t0``, ``sdq_imp_home_t1``, ``ari_48_t1``;
* form layout (one row per respondent x wave): ``wave`` plus ``<item>``;
* long layout (one row per respondent x wave x item): ``wave``, ``item``, ``value``.

``options: {instruments: [...]}`` lists the questionnaires in the study (instrument ids; default
all of the dataset). An SDQ-only study lists only ``sdq_parent_4_17``: no ARI-CP columns are
expected and the pages show no ARI-CP results.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..mapping import Adapter, Mapped, Mapping, Proposal, RawExport, apply_columns, apply_values
from ..validation import ValidationError, ValidationErrors, did_you_mean
from .instruments import Instrument, load_instrument
from .read import WAVES, _build_export

# instrument id (as a mapping names it) → its file in instruments/ (the ARI-CP: the demonstration key)
INSTRUMENTS = {"sdq_parent_4_17": "sdq_parent_4_17", "ari_cp_2_5": "ari_cp_2_5_demo_key"}
WAVE_TOKENS = {
    "t0": "t0",
    "t1": "t1",
    "vm": "t0",
    "nm": "t1",
    "voormeting": "t0",
    "nameting": "t1",
    "pre": "t0",
    "post": "t1",
    "begin": "t0",
    "eind": "t1",
    "beginmeting": "t0",
    "eindmeting": "t1",
    "baseline": "t0",
    "followup": "t1",
    "m0": "t0",
    "m1": "t1",
    "meting1": "t0",
    "meting2": "t1",
}
ID_NAMES = (
    "respondent_id",
    "respondentid",
    "respondent",
    "respondentnummer",
    "respnr",
    "resp",
    "id",
    "deelnemer",
    "deelnemersnummer",
    "participant",
    "participantid",
    "ouderid",
    "ouder",
    "clientnummer",
    "casenr",
    "nummer",
)
AGE_NAMES = (
    "child_age",
    "leeftijd",
    "leeftijdkind",
    "leeftijdvanhetkind",
    "age",
    "childage",
    "leeftijdjaren",
    "leeftijdkindjaren",
    "kindleeftijd",
)
WAVE_NAMES = ("wave", "meting", "meetmoment", "tijdstip", "moment", "ronde")
ITEM_NAMES = ("item", "vraag", "variabele")
VALUE_NAMES = ("value", "waarde", "antwoord", "score")
IMPACT_NAMES = {
    "overall": "sdq_imp_overall",
    "moeilijkheden": "sdq_imp_overall",
    "distress": "sdq_imp_distress",
    "lijden": "sdq_imp_distress",
    "lijdt": "sdq_imp_distress",
    "home": "sdq_imp_home",
    "thuis": "sdq_imp_home",
    "friends": "sdq_imp_friends",
    "vriendschappen": "sdq_imp_friends",
    "vrienden": "sdq_imp_friends",
    "classroom": "sdq_imp_classroom",
    "school": "sdq_imp_classroom",
    "leisure": "sdq_imp_leisure",
    "vrijetijd": "sdq_imp_leisure",
}
# sdqinfo.org scoring syntax (SPSS/Stata/R), parent and teacher forms: item order 1-25, then impact
SDQINFO_NAMES = {
    w: i
    for i, w in enumerate(
        "consid restles somatic shares tantrum loner obeys worries caring fidgety friend fights unhappy popular "
        "distrac clingy kind lies bullied helpout reflect steals oldbest afraid attends".split(),
        start=1,
    )
}
SDQINFO_NAMES.update(
    {
        "ebddiff": "sdq_imp_overall",
        "distres": "sdq_imp_distress",
        "imphome": "sdq_imp_home",
        "impfrie": "sdq_imp_friends",
        "impclas": "sdq_imp_classroom",
        "impleis": "sdq_imp_leisure",
    }
)
FREE_TEXT = (
    "opmerking",
    "opmerkingen",
    "toelichting",
    "notitie",
    "notities",
    "remark",
    "remarks",
    "comment",
    "comments",
    "bijzonderheden",
    "memo",
    "aantekening",
    "vrijetekst",
    "overig",
)
IDENTIFYING = (
    "naam",
    "name",
    "adres",
    "address",
    "email",
    "e-mail",
    "telefoon",
    "phone",
    "bsn",
    "geboortedatum",
    "postcode",
    "woonplaats",
)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", str(name).lower()) if t]


class QuestionnaireAdapter(Adapter):
    targets = {"export": "vragenlijstexport (breed, per meting of lang); vult respondents en forms"}
    unmapped_exports_are_errors = True

    # ------------------------------------------------------------ names
    def instruments(self, mapping: Mapping | None = None) -> list[Instrument]:
        wanted = (mapping.options.get("instruments") if mapping else None) or list(INSTRUMENTS)
        if isinstance(wanted, str):
            wanted = [wanted]
        out, errors = [], []
        for w in wanted:
            if str(w) not in INSTRUMENTS:
                errors.append(
                    mapping.error(
                        f"options.instruments: onbekende vragenlijst '{w}'"
                        + did_you_mean(w, INSTRUMENTS)
                        + f"; bekend: {', '.join(INSTRUMENTS)}",
                        "options.instruments",
                    )
                )
                continue
            out.append(load_instrument(INSTRUMENTS[str(w)]))
        key = mapping.options.get("ari_key") if mapping else None
        if key:
            from .. import paths

            path = paths.ROOT / str(key)
            if not path.is_file():
                errors.append(
                    mapping.error(
                        f"options.ari_key: '{key}' bestaat niet (pad vanaf de projectmap, "
                        "bijvoorbeeld data_raw/private/helmond_questionnaires/ari_sleutel.yaml)",
                        "options.ari_key",
                    )
                )
            else:
                try:
                    real = load_instrument(path)
                except Exception as exc:  # noqa: BLE001 - any problem in the key file is the user's to fix
                    errors.append(
                        mapping.error(f"options.ari_key: '{key}' is geen geldige sleutel: {exc}", "options.ari_key")
                    )
                else:
                    cutoffs = (real.norms or {}).get("cutoffs") or {}
                    missing = [] if real.demonstration else [s for s in real.scales if s not in cutoffs]
                    if missing:  # the pages classify every scale: say so here, not as a notebook traceback
                        errors.append(
                            mapping.error(
                                f"options.ari_key: '{key}' heeft geen afkappunt voor schaal "
                                + ", ".join(f"'{m}'" for m in missing)
                                + " (verwacht onder norms: cutoffs: <schaal>: {high_from: …} of {low_below: …}, "
                                "zoals in de handleiding)",
                                "options.ari_key",
                            )
                        )
                    out = [real if i.id == real.id else i for i in out]
                    self.key_file = str(key)
        if errors:
            raise ValidationErrors(errors)
        return out

    key_file = ""

    def names(self, instruments: list[Instrument]) -> list[str]:
        items = [c for inst in instruments for c in (*inst.item_columns, *inst.impact_columns)]
        return (
            ["respondent_id", "child_age", "wave", "item", "value"]
            + [f"child_age_{w}" for w in WAVES]
            + items
            + [f"{c}_{w}" for c in items for w in WAVES]
        )

    # ------------------------------------------------------------ build
    def to_tables(self, raw: RawExport, mapping: Mapping, schema) -> Mapped:
        if raw.table is None:
            raise ValidationError(raw.path, None, None, "dit is geen tabel (verwacht csv, xlsx of sav)")
        self.key_file = ""
        instruments = self.instruments(mapping)
        accepted = self.names(instruments)
        frame, back, errors = apply_columns(raw, mapping, accepted)
        frame, value_errors = apply_values(frame, mapping, back, raw)
        errors += value_errors
        for c in [c for c in frame.columns if c.startswith("child_age")]:
            frame[c] = completed_years(frame[c])
        if errors:
            raise ValidationErrors(errors)
        labels = self._value_labels(raw, mapping, back)
        try:
            export = _build_export(frame, labels, instruments, raw.path, "auto")
        except ValidationErrors as exc:
            raise ValidationErrors([_rename(e, back) for e in exc.errors]) from None
        rows = _first_rows(frame)
        forms = _forms_table(export.forms, schema.tables["forms"].columns)
        resp = _respondents_table(export.respondents, export.forms)
        return Mapped(
            tables={"respondents": resp, "forms": forms},
            rows={
                "respondents": [rows.get(r) for r in resp["respondent_id"]],
                "forms": [rows.get(r) for r in forms["respondent_id"]],
            },
            columns={
                "respondents": lambda i, c: back.get(c, c),
                "forms": lambda i, c, f=forms: back.get(f"{c}_{f['wave'].iloc[i]}", back.get(c, c)),
            },
            derived={
                "instruments": pd.DataFrame(
                    {
                        "instrument": [i.id for i in instruments],
                        "file": [
                            (self.key_file if i.id == "ari_cp_2_5" and not i.demonstration else "") for i in instruments
                        ],
                    }
                )
            },
        )

    def _value_labels(self, raw: RawExport, mapping: Mapping, back: dict[str, str]) -> dict:
        """SPSS value labels under schema names, with codes recoded as ``values`` recodes them."""
        out = {}
        for target, exp in back.items():
            lab = raw.value_labels.get(exp)
            if not lab:
                continue
            recode = {(_num(k)): v for k, v in (mapping.values_for(target) or {}).items() if _num(k) is not None}
            out[target] = {float(recode.get(code, code)): label for code, label in lab.items()}
        return out

    # ------------------------------------------------------------ propose
    def propose(self, raw: RawExport, schema) -> Proposal:
        if raw.table is None:
            raise ValidationError(raw.path, None, None, "dit is geen tabel (verwacht csv, xlsx of sav)")
        df = raw.table
        instruments = [load_instrument(f) for f in INSTRUMENTS.values()]
        p = Proposal("export")
        header = [str(c) for c in df.columns]
        taken: set[str] = set()

        def place(col, target, why=None):
            p.columns[col] = target
            taken.add(target)
            if why:
                p.comments[col] = why

        # ID and age: by name
        for col in header:
            sq = _squash(col)
            if "respondent_id" not in taken and sq in ID_NAMES:
                place(col, "respondent_id")
        waves_found: dict[str, str] = {}
        items_found: dict[str, list[str]] = {}
        sdqinfo = _sdqinfo_header(header, instruments)
        for col in header:
            if col in p.columns:
                continue
            hit = _item_target(col, instruments, sdqinfo)
            if hit is None:
                continue
            base, wave_token, inst = hit
            wave = WAVE_TOKENS.get(wave_token) if wave_token else None
            if wave_token and wave is None and wave_token.isdigit():
                wave = None
                waves_found.setdefault(wave_token, "?")
            target = f"{base}_{wave}" if wave else base
            if wave_token and wave is None:
                continue  # numeric wave tokens are resolved below
            if target in taken:
                p.unplaced[col] = f"ook al gevonden voor {target}"
                continue
            place(col, target, raw.variable_labels.get(col))
            items_found.setdefault(inst.id, []).append(col)
            if wave_token:
                waves_found[wave_token] = wave
        # numeric wave tokens (sdq01_1 / sdq01_2, or 0 / 1): the smaller one is the baseline
        numeric = sorted(t for t, w in waves_found.items() if w == "?")
        if len(numeric) == 2:
            order = {numeric[0]: "t0", numeric[1]: "t1"}
            for col in header:
                if col in p.columns:
                    continue
                hit = _item_target(col, instruments, sdqinfo)
                if hit and hit[1] in order:
                    base, tok, inst = hit
                    place(col, f"{base}_{order[tok]}", raw.variable_labels.get(col))
                    items_found.setdefault(inst.id, []).append(col)
            waves_found.update(order)
        wide = any(re.search(r"_t[01]$", t) for t in p.columns.values())
        for col in header:
            if col in p.columns:
                continue
            sq, toks = _squash(col), _tokens(col)
            wave = next((WAVE_TOKENS[t] for t in toks if t in WAVE_TOKENS), None)
            stripped = _squash("".join(t for t in toks if t not in WAVE_TOKENS))
            if stripped in AGE_NAMES or sq in AGE_NAMES:
                target = f"child_age_{wave}" if wave and wide else "child_age"
                if target not in taken:
                    place(col, target)
                    continue
            if not wide and sq in WAVE_NAMES and "wave" not in taken:
                place(col, "wave")
                continue
            if sq in ITEM_NAMES and "item" not in taken:
                place(col, "item")
                continue
            if sq in VALUE_NAMES and "value" not in taken:
                place(col, "value")
                continue
        if "child_age_t0" in taken and "child_age" not in taken:
            # one age column per wave: the baseline age is the child's age
            pass
        # the rest: free text, names, or unknown
        for col in header:
            if col in p.columns or col in p.unplaced:
                continue
            cells = df[col].astype(str).str.strip()
            filled = cells[cells.ne("")]
            if any(w in _tokens(col) or w in _squash(col) for w in IDENTIFYING):
                p.unplaced[col] = "lijkt identificerend (naam, adres, …): wordt niet gelezen"
            elif _squash(col) in FREE_TEXT or (
                len(filled) and filled.str.len().mean() > 15 and filled.nunique() > len(filled) / 2
            ):
                p.unplaced[col] = "vrije tekst: wordt niet gelezen (kan identificerend zijn)"
            elif (
                "respondent_id" not in taken
                and len(df) > 1
                and len(filled) == len(df)
                and filled.is_unique
                and re.search(r"(^|[^a-z])(id|key|nr|nummer|number|code)([^a-z]|$)", str(col).lower())
            ):
                place(col, "respondent_id", "unieke waarde per rij: respondentnummer?")
                continue
            elif re.fullmatch(r"\s*(question|vraag|item|q|v)\s*_?\d{1,2}\s*", str(col).lower()):
                p.unplaced[col] = (
                    "itemnummer zonder naam van de vragenlijst: zet hem zelf onder 'columns' "
                    "(bijvoorbeeld sdq_01, of sdq_01_t0 met de meting)"
                )
            else:
                p.unplaced[col] = "niet herkend" + did_you_mean(col, self.names(instruments)[:5] + ["sdq_01_t0"])
        p.ignore = list(p.unplaced)
        self._describe(raw, p, instruments, items_found, waves_found, wide)
        return p

    def _describe(self, raw, p: Proposal, instruments, items_found, waves_found, wide) -> None:
        df = raw.table
        layout = (
            "breed (één rij per ouder, meting in de kolomnaam)"
            if wide
            else (
                "lang (één rij per item)"
                if "item" in p.columns.values()
                else "per meting (één rij per ouder en meting)"
            )
        )
        p.found.append(f"Indeling: {layout}")
        if waves_found:
            p.found.append(
                "Metingen in de kolomnamen: " + ", ".join(f"'{t}' = {w}" for t, w in sorted(waves_found.items()))
            )
        present = []
        for inst in instruments:
            cols = items_found.get(inst.id, [])
            if not cols:
                continue
            present.append(inst.id)
            p.found.append(f"{inst.title}: {len(cols)} itemkolom(men) gevonden")
            labels = self._labels_in(df, cols, raw)
            lut = inst.label_to_code()
            impact_lut = {}
            if inst.impact:
                impact_lut = {str(v).strip().lower(): int(k) for k, v in inst.impact["response_labels"].items()}
                impact_lut.update({str(v).strip().lower(): int(k) for k, v in inst.impact["overall_labels"].items()})
            item_cols = [c for c in cols if not re.search(r"imp", p.columns[c])]
            imp_cols = [c for c in cols if re.search(r"imp", p.columns[c])]
            for group, lk, pattern in (
                (item_cols, lut, f"{inst.item_prefix}[0-9][0-9]*"),
                (imp_cols, impact_lut, f"{inst.item_prefix}imp_*"),
            ):
                found = self._labels_in(df, group, raw)
                if not found:
                    continue
                known = dict(
                    sorted(
                        ((lab, lk[lab.strip().lower()]) for lab in found if lab.strip().lower() in lk),
                        key=lambda kv: kv[1],
                    )
                )
                unknown = [lab for lab in found if lab.strip().lower() not in lk]
                if known:
                    p.values[pattern] = known
                    p.found.append("  antwoorden als tekst: " + ", ".join(f"'{k}' = {v}" for k, v in known.items()))
                if unknown:
                    p.found.append(
                        "  NIET herkende antwoorden (vul ze zelf in onder 'values'): "
                        + ", ".join(f"'{u}'" for u in unknown[:10])
                    )
            if raw.value_labels:
                self._check_spss_labels(raw, cols, inst, p)
            del labels
        wave_col = next((c for c, t in p.columns.items() if t == "wave"), None)
        if wave_col is not None:
            from .read import WAVE_ALIASES

            seen = [v for v in dict.fromkeys(df[wave_col].astype(str).str.strip()) if v]
            known = {v: WAVE_ALIASES[v.lower()] for v in seen if v.lower() in WAVE_ALIASES}
            p.values["wave"] = known
            p.found.append(
                f"Metingen in kolom '{wave_col}': "
                + ", ".join(f"'{k}' = {v}" for k, v in known.items())
                + (
                    "; NIET herkend: " + ", ".join(f"'{v}'" for v in seen if v not in known)
                    if len(known) < len(seen)
                    else ""
                )
            )
        if raw.missing_codes:
            codes = sorted({c for v in raw.missing_codes.values() for c in v})
            n = sum(1 for v in raw.missing_codes.values() if v)
            p.found.append(
                f"SPSS user-missing codes {', '.join(map(_fmt, codes))} in {n} kolom(men): gelezen als niet beantwoord"
            )
        p.options["instruments"] = present or list(INSTRUMENTS)
        if present and len(present) < len(INSTRUMENTS):
            p.found.append(
                "Vragenlijsten in deze studie: "
                + ", ".join(present)
                + " (andere vragenlijsten ontbreken: dat is geen fout)"
            )
        idcol = next((c for c, t in p.columns.items() if t == "respondent_id"), None)
        if idcol is None:
            p.found.append(
                "GEEN kolom met het respondentnummer gevonden: zet die zelf onder 'columns' (<uw kolom>: respondent_id)"
            )
        else:
            ids = df[idcol].astype(str).str.strip()
            p.id_format["respondent_id"] = id_pattern(ids[ids.ne("")].tolist())
            p.found.append(
                f"Respondentnummers: kolom '{idcol}', {ids.ne('').sum()} ingevuld, vorm {p.id_format['respondent_id']}"
            )

    @staticmethod
    def _labels_in(df, cols, raw) -> list[str]:
        seen: dict[str, None] = {}
        for c in cols:
            for v in df[c].astype(str).str.strip():
                if v and not re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", v):
                    seen.setdefault(v, None)
        return list(seen)

    def _check_spss_labels(self, raw, cols, inst, p: Proposal) -> None:
        lut = inst.label_to_code()
        shown = False
        recode: dict[str, int] = {}
        for c in cols:
            if re.search(r"imp", p.columns[c]):
                continue
            for code, lab in raw.value_labels.get(c, {}).items():
                want = lut.get(lab.strip().lower())
                if want is None:
                    if not shown:
                        p.found.append(
                            f"  SPSS-waardelabel '{lab}' (code {_fmt(code)}, kolom '{c}') komt niet voor in "
                            f"{inst.id}: controleer of dit de juiste vragenlijst is"
                        )
                        shown = True
                elif float(want) != float(code):
                    recode[_fmt(code)] = want
        if recode:
            p.values[f"{inst.item_prefix}[0-9][0-9]*"] = recode
            p.found.append(
                f"  SPSS-codes wijken af van {inst.id}; voorgestelde hercodering (volgens de waardelabels): "
                + ", ".join(f"{k} → {v}" for k, v in recode.items())
            )
        elif not shown:
            p.found.append(f"  SPSS-waardelabels kloppen met {inst.id}")


ADAPTER = QuestionnaireAdapter()


# ---------------------------------------------------------------- helpers


def _item_target(col: str, instruments: list[Instrument], sdqinfo: bool = True):
    """(schema item name, wave token or None, instrument) for names like t0_sdq01, SDQ_1_T0, vm_sdq_imp_thuis."""
    name = str(col).lower().strip()
    toks = _tokens(name)
    wave_tok = next((t for t in toks if t in WAVE_TOKENS), None)
    rest = [t for t in toks if t != wave_tok]
    # a trailing/leading bare digit token is a wave number when an item number is present elsewhere
    joined = "_".join(rest)
    for inst in instruments:
        short = inst.item_prefix.rstrip("_")
        pref = {"sdq": r"sdq", "ari": r"ari(?:_?cp)?"}.get(short, re.escape(short))
        m = re.fullmatch(rf"(?:(?P<w1>\d)_)?{pref}_?(?P<nr>\d{{1,2}})(?:_(?P<w2>\d))?", joined)
        if m:
            nr = int(m["nr"])
            if nr in inst.item_numbers:
                num_wave = m["w1"] or m["w2"]
                if wave_tok and num_wave:
                    return None
                return inst.item_column(nr), wave_tok or num_wave, inst
        if inst.impact:
            m = re.fullmatch(rf"{pref}_?imp(?:act)?_?(?P<what>[a-z]+)(?:_(?P<w2>\d))?", joined)
            if m and m["what"] in IMPACT_NAMES:
                return IMPACT_NAMES[m["what"]], wave_tok or m["w2"], inst
        if short == "sdq" and sdqinfo:
            # the variable names of the official sdqinfo.org scoring syntax: consid … attends, with
            # the informant's letter in front (pconsid = parent) and a wave after (pconsid_2, pconsid2)
            m = re.fullmatch(r"(?:sdq_?)?[pts]?(?P<word>[a-z]+?)_?(?P<w2>\d)?", joined)
            if m and m["word"] in SDQINFO_NAMES:
                what = SDQINFO_NAMES[m["word"]]
                return (inst.item_column(what) if isinstance(what, int) else what), wave_tok or m["w2"], inst
    return None


def _sdqinfo_header(header: list[str], instruments: list[Instrument]) -> bool:
    """Whether the header uses the sdqinfo syntax names: at least 10 of them (a lone column 'Kind'
    -- Dutch for child -- is not SDQ item 17)."""
    hits = {
        _item_target(c, instruments)[0]
        for c in header
        if _item_target(c, instruments) and not _item_target(c, instruments, sdqinfo=False)
    }
    return len(hits) >= 10


def id_pattern(ids: list[str]) -> str:
    """A regular expression for the IDs seen: ``^R[0-9]{3}$`` for R001…R120; else the loosest sure one."""
    parts = [re.fullmatch(r"([A-Za-z-_]*)(\d+)", i) for i in ids]
    if ids and all(parts):
        prefixes = {m[1] for m in parts}
        lengths = {len(m[2]) for m in parts}
        digits = f"{{{lengths.pop()}}}" if len(lengths) == 1 else "+"
        prefix = re.escape(prefixes.pop()) if len(prefixes) == 1 else "[A-Za-z]*"
        return f"^{prefix}[0-9]{digits}$"
    return r"^\S+$"


def completed_years(cells: pd.Series) -> pd.Series:
    """Ages with decimals (7,5 from Dutch Excel, 7.5 from SPSS) → completed years (7), as norms use them;
    text that is not a number is left for the reader to report."""
    from .read import _to_number

    num = _to_number(cells)
    whole = np.floor(num)
    return cells.astype(str).where(num.isna(), whole.map(lambda v: "" if np.isnan(v) else str(int(v))))


def _num(v):
    try:
        return float(str(v).replace(",", "."))
    except ValueError:
        return None


def _fmt(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _rename(e: ValidationError, back: dict[str, str]) -> ValidationError:
    """An error of :mod:`.read` (schema names) → the export's own column name."""
    if e.column in back:
        new = ValidationError.__new__(ValidationError)
        new.__dict__.update(e.__dict__)
        new.column = back[e.column]
        new.args = (str(new),)
        return new
    return e


def _first_rows(frame: pd.DataFrame) -> dict[str, int]:
    ids = (
        frame["respondent_id"].astype(str).str.strip() if "respondent_id" in frame.columns else pd.Series([], dtype=str)
    )
    out: dict[str, int] = {}
    for i, r in enumerate(ids):
        out.setdefault(r, i + 2)
    return out


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def _forms_table(forms: pd.DataFrame, columns) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(forms)))
    for c in columns:
        if c in ("respondent_id", "wave"):
            out[c] = forms[c].astype(str).to_numpy()
        elif c in forms.columns:
            out[c] = [_cell(v) for v in forms[c]]
        else:
            out[c] = ""
    return out


def _respondents_table(respondents: pd.DataFrame, forms: pd.DataFrame) -> pd.DataFrame:
    waves = forms.groupby("respondent_id")["wave"].agg(set)
    part = []
    for r in respondents["respondent_id"]:
        got = waves.get(r, set())
        part.append("both" if {"t0", "t1"} <= got else ("baseline_only" if "t0" in got else "none"))
    return pd.DataFrame(
        {
            "respondent_id": respondents["respondent_id"].astype(str).to_numpy(),
            "child_age": [_cell(v) for v in respondents["child_age"]],
            "participation": part,
        }
    )
