"""REFI-QDA exchange: export a codebook as ``.qdc``/``.qdpx``, import a coded ``.qdpx``/``.qde``.

Export
    ``codebook_qdc_bytes`` / ``project_qde_bytes`` build the XML; ``write_qdc`` / ``write_qdpx``
    write files atomically. Codes are nested: one non-codable parent per category, the
    determinants as codable children (name "01 Procedurele helderheid", colour of the category,
    the short definition as Description), plus a group "Valentie" with the codes
    bevorderend / belemmerend / neutraal. GUIDs are derived from the code keys (uuid5), so an
    export is byte-stable and a re-export keeps the same GUIDs.

Import
    ``import_project(path, codebook, mapping=None)`` reads a ``.qdpx`` (zip with
    ``project.qde``) or a bare ``.qde`` and returns an :class:`ImportResult` whose ``table`` is
    the tidy coding table (see ``coding_table``). How the project is read:

    - respondent = the name of the TextSource (one interview per source);
    - group = the source's text variable ``groep``/``group`` if present, else the name of a Set
      that lists the source (``MemberSource``), else ``groups[respondent]`` if given;
    - segment = ``<source name>:<startPosition>-<endPosition>`` (default), or the selection's
      ``name`` with ``segment_from="name"``; two coders who select the same span code the same
      segment, which is what coder agreement needs;
    - coder = the ``name`` of the User in ``creatingUser`` of the Coding (else of the selection);
    - determinant: a code name is mapped (1) through the mapping (file or dict; value ``-`` or
      ``negeren`` means: ignore this code on purpose), then (2) by exact match (ignoring case,
      accents, punctuation) on the codebook key, Dutch or English label, or numbered export name;
      a code whose name is a valence word ("+", "bevorderend", "barrier", ...) is a valence code;
      nested under a determinant code it also implies that determinant;
    - valence = the valence code(s) the same coder put on the same selection; none → ``neutraal``
      (counted in ``n_without_valence``); both directions → ``neutraal`` (mixed).

    Codes used in codings that map to nothing are never dropped silently: by default the import
    stops with a message listing every unmapped code and its number of codings; with
    ``on_unmapped="list"`` their codings are left out and listed in ``ImportResult.unmapped``.
"""
from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd

from analysis.validation import ValidationError, ValidationErrors

from .coding_table import TIDY_COLUMNS, check_coding_table
from .frameworks import categories as load_categories
from .frameworks import load_codebook, name_index, normalise_name, qda_code_name
from .labels import VALENCE_SYNONYMS, VALENCES

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "refi_qda_schema"
GUID_NAMESPACE = uuid.UUID("6f1d2c0e-8a4b-5d3e-9c1f-2b7a4e5d6c70")
ORIGIN = "jeugdhulp-analysis (analysis.determinants.refi_qda)"
VALENCE_GROUP = "Valentie"
VALENCE_COLORS = {"bevorderend": "#1A9850", "belemmerend": "#D73027", "neutraal": "#999999"}
IGNORE_WORDS = {"-", "negeren", "ignore", "geen"}
_NORMALISED_VALENCE = {normalise_name(k) or k: v for k, v in VALENCE_SYNONYMS.items()}


def guid(*parts: str) -> str:
    """Stable GUID for an exported element (uuid5 of its identifying parts)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "|".join(parts)))


def _valence_of(name: str) -> str | None:
    raw = str(name).strip().casefold()
    if raw in VALENCE_SYNONYMS:
        return VALENCE_SYNONYMS[raw]
    return _NORMALISED_VALENCE.get(normalise_name(name))


# --------------------------------------------------------------------------- export

def _code_tree(parent: ET.Element, ns: str, codebook: pd.DataFrame, cats: pd.DataFrame) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    for _, cat in cats.iterrows():
        members = codebook[codebook["category"] == cat["key"]]
        if members.empty:
            continue
        c = ET.SubElement(codes, f"{{{ns}}}Code", guid=guid("category", cat["key"]),
                          name=cat["label_nl"], isCodable="false", color=cat["color"])
        ET.SubElement(c, f"{{{ns}}}Description").text = f"{cat['label_en']} ({cat['framework']})"
        for _, d in members.iterrows():
            dc = ET.SubElement(c, f"{{{ns}}}Code", guid=guid("code", d["key"]), name=qda_code_name(d),
                               isCodable="true", color=cat["color"])
            ET.SubElement(dc, f"{{{ns}}}Description").text = (
                f"{d['definition_nl']} [{d['label_en']}; code {d['key']}]")
    vg = ET.SubElement(codes, f"{{{ns}}}Code", guid=guid("category", "valence"), name=VALENCE_GROUP,
                       isCodable="false", color="#666666")
    ET.SubElement(vg, f"{{{ns}}}Description").text = (
        "Codeer elk fragment ook met één valentie: bevorderend, belemmerend of neutraal/gemengd.")
    for v in VALENCES:
        ET.SubElement(vg, f"{{{ns}}}Code", guid=guid("valence", v), name=v, isCodable="true",
                      color=VALENCE_COLORS[v])


def _to_bytes(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_qdc_bytes(frameworks=("midi",)) -> bytes:
    """REFI-QDA codebook (``.qdc``) for the given framework file(s)."""
    codebook, cats = load_codebook(frameworks), load_categories(frameworks)
    root = ET.Element(f"{{{NS_CODEBOOK}}}CodeBook", origin=ORIGIN)
    _code_tree(root, NS_CODEBOOK, codebook, cats)
    return _to_bytes(root, NS_CODEBOOK)


def project_root(frameworks=("midi",), name: str = "MIDI-codeboek",
                 users: dict[str, str] | None = None) -> ET.Element:
    """A minimal project: users + codebook (no sources). ``users`` maps user id → name."""
    codebook, cats = load_codebook(frameworks), load_categories(frameworks)
    users = users or {"onderzoeker": "Onderzoeker"}
    first = guid("user", next(iter(users)))
    root = ET.Element(f"{{{NS_PROJECT}}}Project", name=name, origin=ORIGIN, creatingUserGUID=first)
    us = ET.SubElement(root, f"{{{NS_PROJECT}}}Users")
    for uid, uname in users.items():
        ET.SubElement(us, f"{{{NS_PROJECT}}}User", guid=guid("user", uid), name=uname, id=uid)
    cb = ET.SubElement(root, f"{{{NS_PROJECT}}}CodeBook")
    _code_tree(cb, NS_PROJECT, codebook, cats)
    ET.SubElement(root, f"{{{NS_PROJECT}}}Description").text = (
        "MIDI-codeboek (Fleuren et al., 2014) met valentiecodes; gemaakt met analysis.determinants.")
    return root


def project_qde_bytes(frameworks=("midi",), **kwargs) -> bytes:
    return _to_bytes(project_root(frameworks, **kwargs), NS_PROJECT)


def add_codings(root: ET.Element, codings: pd.DataFrame, text_of=None) -> ET.Element:
    """Add TextSources (one per respondent) with coded PlainTextSelections to a project.

    ``codings`` is a tidy coding table. Each distinct segment gets its own span of the
    respondent's text; the selection's ``name`` is the segment id, its codings carry the
    determinant and the valence code, created by the coder (a User is added per coder).
    """
    P = f"{{{NS_PROJECT}}}"
    users = root.find(f"{P}Users")
    known_users = {u.get("id") or u.get("name") for u in users}
    for coder in pd.unique(codings["coder"]):
        if coder not in known_users:
            ET.SubElement(users, f"{P}User", guid=guid("user", coder), name=coder, id=coder)
    # Variables go after CodeBook; Sources after Variables/Cases.
    children = list(root)
    pos = children.index(root.find(f"{P}CodeBook")) + 1
    variables = ET.Element(f"{P}Variables")
    var_guid = guid("variable", "groep")
    ET.SubElement(variables, f"{P}Variable", guid=var_guid, name="groep", typeOfVariable="Text")
    sources = ET.Element(f"{P}Sources")
    root.insert(pos, variables)
    root.insert(pos + 1, sources)
    text_of = text_of or (lambda seg: f"[fragment {seg}]")
    user_guid = {c: guid("user", c) for c in pd.unique(codings["coder"])}
    valence_guid = {v: guid("valence", v) for v in VALENCES}
    for resp, rows in codings.groupby("respondent", sort=False):
        src = ET.SubElement(sources, f"{P}TextSource", guid=guid("source", resp), name=str(resp))
        content = ET.SubElement(src, f"{P}PlainTextContent")
        parts, pos_, spans = [], 0, {}
        for seg in pd.unique(rows["segment"]):
            t = text_of(seg)
            spans[seg] = (pos_, pos_ + len(t))
            parts.append(t)
            pos_ += len(t) + 1
        content.text = "\n".join(parts)
        code_guid = {k: guid("code", k) for k in pd.unique(rows["determinant"])}
        by_sel: dict = {}
        for seg, coder, det, val in zip(rows["segment"], rows["coder"], rows["determinant"], rows["valence"]):
            by_sel.setdefault((seg, coder), []).append((det, val))
        for (seg, coder), items in by_sel.items():
            start, end = spans[seg]
            user = user_guid[coder]
            sel = ET.SubElement(src, f"{P}PlainTextSelection", guid=guid("sel", str(seg), str(coder)),
                                name=str(seg), startPosition=str(start), endPosition=str(end),
                                creatingUser=user)
            valences = {v for _, v in items}
            if len(valences) > 1:
                raise ValueError(f"segment {seg}: coder {coder} gives more than one valence; "
                                 "split the segment to export it")
            for det, _ in items:
                ET.SubElement(ET.SubElement(sel, f"{P}Coding", guid=guid("coding", str(seg), str(coder), det),
                                            creatingUser=user), f"{P}CodeRef", targetGUID=code_guid[det])
            ET.SubElement(ET.SubElement(sel, f"{P}Coding", guid=guid("coding", str(seg), str(coder), "valence"),
                                        creatingUser=user),
                          f"{P}CodeRef", targetGUID=valence_guid[valences.pop()])
        group = rows["group"].dropna()
        if len(group):
            vv = ET.SubElement(src, f"{P}VariableValue")
            ET.SubElement(vv, f"{P}VariableRef", targetGUID=var_guid)
            ET.SubElement(vv, f"{P}TextValue").text = str(group.iloc[0])
    return root


def write_qdc(path: str | Path, frameworks=("midi",)) -> Path:
    from analysis.io import atomic_write_bytes
    data = codebook_qdc_bytes(frameworks)
    validate_xml(data, "codebook")
    atomic_write_bytes(Path(path), data)
    return Path(path)


def qdpx_bytes(qde: bytes, sources: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("project.qde", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, qde)
        for name, data in (sources or {}).items():
            info = zipfile.ZipInfo(f"sources/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def write_qdpx(path: str | Path, root: ET.Element | None = None, frameworks=("midi",)) -> Path:
    """Write a ``.qdpx`` (zip with ``project.qde``), validated against the schema first."""
    from analysis.io import atomic_write_bytes
    root = project_root(frameworks) if root is None else root
    qde = _to_bytes(root, NS_PROJECT)
    validate_xml(qde, "project")
    atomic_write_bytes(Path(path), qdpx_bytes(qde))
    return Path(path)


def validate_xml(data: bytes, kind: str = "project", xsd_path: str | Path | None = None) -> None:
    """Validate XML bytes against the REFI-QDA schema (``kind``: project or codebook)."""
    import xmlschema
    xsd = Path(xsd_path) if xsd_path else SCHEMA_DIR / ("Project.xsd" if kind == "project" else "Codebook.xsd")
    schema = _schema_cache.get(xsd)
    if schema is None:
        schema = _schema_cache[xsd] = xmlschema.XMLSchema(str(xsd))
    errors = list(schema.iter_errors(io.BytesIO(data)))
    if errors:
        raise ValueError(f"XML voldoet niet aan {xsd.name}: {errors[0].reason} ({errors[0].path})")


_schema_cache: dict = {}


# --------------------------------------------------------------------------- import

@dataclass
class ImportResult:
    table: pd.DataFrame
    codes: pd.DataFrame
    users: pd.DataFrame
    sources: pd.DataFrame
    unmapped: pd.DataFrame
    n_without_valence: int = 0
    n_mixed_valence: int = 0
    not_imported: dict = field(default_factory=dict)


def read_mapping(path: str | Path) -> dict[str, str]:
    """Read a code-name → determinant mapping (CSV with columns code_name,determinant, or YAML dict)."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValidationError(path.name, None, None, "mapping moet een lijst 'codenaam: determinant' zijn")
        return {str(k): str(v) for k, v in data.items()}
    df = pd.read_csv(path, dtype=str, sep=None, engine="python")
    cols = {normalise_name(c): c for c in df.columns}
    if "code name" not in cols or "determinant" not in cols:
        raise ValidationError(path.name, None, None, "kolommen 'code_name' en 'determinant' verwacht")
    out = {}
    for i, r in df.iterrows():
        name, det = r[cols["code name"]], r[cols["determinant"]]
        if pd.isna(name) or pd.isna(det):
            raise ValidationError(path.name, i + 2, None, "lege cel in de mapping")
        out[str(name)] = str(det)
    return out


def _load_xml(path: Path) -> bytes:
    file = path
    if not path.exists():
        raise ValidationError(file, None, None, "bestand bestaat niet")
    raw = path.read_bytes()
    if path.suffix.lower() == ".qde" or raw.lstrip()[:1] == b"<":
        return raw
    if not zipfile.is_zipfile(path):
        raise ValidationError(file, None, None,
                              "geen geldig .qdpx-bestand: het is geen zip-archief "
                              "(exporteer het project opnieuw als REFI-QDA-project)")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        qde = [n for n in names if n.lower() == "project.qde"]
        if not qde:
            raise ValidationError(file, None, None,
                                  f"het zip-archief bevat geen project.qde (wel: {', '.join(names[:8]) or 'niets'})")
        return z.read(qde[0])


def import_project(path: str | Path, codebook: pd.DataFrame | None = None,
                   mapping: dict[str, str] | str | Path | None = None,
                   on_unmapped: str = "raise", segment_from: str = "position",
                   groups: dict[str, str] | None = None,
                   default_valence: str = "neutraal") -> ImportResult:
    """Import a coded REFI-QDA project into the tidy coding table (see module docstring)."""
    path = Path(path)
    file = path
    codebook = load_codebook() if codebook is None else codebook
    if isinstance(mapping, (str, Path)):
        mapping = read_mapping(mapping)
    mapping = mapping or {}
    xml = _load_xml(path)
    import gc
    gc_was_enabled = gc.isenabled()
    gc.disable()  # building ~10^6 elements triggers many useless cyclic-GC passes
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ValidationError(file, None, None, f"project.qde is geen geldige XML ({exc})") from None
    finally:
        if gc_was_enabled:
            gc.enable()
    if root.tag != f"{{{NS_PROJECT}}}Project":
        raise ValidationError(file, None, None,
                              f"geen REFI-QDA-project: hoofdelement is '{root.tag}', verwacht "
                              f"'Project' in namespace {NS_PROJECT}")
    P = f"{{{NS_PROJECT}}}"

    users = {u.get("guid"): (u.get("name") or u.get("id") or u.get("guid")) for u in root.iter(f"{P}User")}

    # Codes (nested) → table with mapping.
    index = name_index(codebook)
    keys = set(codebook["key"])
    mapping_norm = {normalise_name(k): v for k, v in mapping.items()}
    code_rows = []

    def walk(el, parent_guid, path_names):
        for c in el.findall(f"{P}Code"):
            g, name = c.get("guid"), c.get("name") or ""
            desc = c.findtext(f"{P}Description")
            code_rows.append({"guid": g, "name": name, "path": " / ".join(path_names + [name]),
                              "parent_guid": parent_guid, "color": c.get("color"), "description": desc,
                              "is_codable": (c.get("isCodable") or "true").lower() == "true"})
            walk(c, g, path_names + [name])

    cbk = root.find(f"{P}CodeBook")
    if cbk is not None and cbk.find(f"{P}Codes") is not None:
        walk(cbk.find(f"{P}Codes"), None, [])
    codes = pd.DataFrame(code_rows, columns=["guid", "name", "path", "parent_guid", "color", "description", "is_codable"])
    by_guid = {r["guid"]: r for r in code_rows}

    def resolve(r):
        name = r["name"]
        if normalise_name(name) in mapping_norm:
            target = mapping_norm[normalise_name(name)]
            if target.strip().casefold() in IGNORE_WORDS:
                return "ignored", None, None
            det = target if target in keys else index.get(normalise_name(target))
            if det is None:
                raise ValidationError(file, None, None,
                                      f"mapping van code '{name}' verwijst naar onbekende determinant '{target}'")
            return "determinant", det, None
        v = _valence_of(name)
        if v is not None:
            parent = by_guid.get(r["parent_guid"])
            parent_det = None
            if parent is not None:
                k, d, _ = resolve(parent)
                parent_det = d if k == "determinant" else None
            return "valence", parent_det, v
        det = index.get(normalise_name(name))
        if det is not None:
            return "determinant", det, None
        return ("group" if not r["is_codable"] else "unmapped"), None, None

    resolved = {r["guid"]: resolve(r) for r in code_rows}
    codes["role"] = codes["guid"].map(lambda g: resolved[g][0])
    codes["determinant"] = codes["guid"].map(lambda g: resolved[g][1])
    codes["valence"] = codes["guid"].map(lambda g: resolved[g][2])

    # Sources, groups via variables / sets.
    var_names = {v.get("guid"): (v.get("name") or "") for v in root.iter(f"{P}Variable")}
    source_guids = {}
    sel_guids = set()
    not_imported = {}
    src_rows = []
    srcs = root.find(f"{P}Sources")
    source_elements = list(srcs) if srcs is not None else []
    for s in source_elements:
        source_guids[s.get("guid")] = s.get("name") or s.get("guid")
    set_group = {}
    for st in root.iter(f"{P}Set"):
        for m in st.findall(f"{P}MemberSource"):
            t = m.get("targetGUID")
            if t not in source_guids:
                raise ValidationError(file, None, None,
                                      f"set '{st.get('name')}' verwijst naar een bron die niet bestaat ({t})")
            set_group.setdefault(t, st.get("name"))
    for case in root.iter(f"{P}Case"):
        for m in case.findall(f"{P}SourceRef"):
            if m.get("targetGUID") not in source_guids:
                raise ValidationError(file, None, None,
                                      f"case '{case.get('name')}' verwijst naar een bron die niet bestaat "
                                      f"({m.get('targetGUID')})")

    records = []  # (respondent, group, segment, coder, code guid)
    missing_code = []
    for s in source_elements:
        tag = s.tag.replace(P, "")
        resp = source_guids[s.get("guid")]
        if tag != "TextSource":
            n = sum(1 for _ in s.iter(f"{P}Coding"))
            if n:
                not_imported[f"{tag} '{resp}'"] = n
            continue
        group = None
        for vv in s.findall(f"{P}VariableValue"):
            ref = vv.find(f"{P}VariableRef")
            vname = var_names.get(ref.get("targetGUID") if ref is not None else None, "")
            if normalise_name(vname) in ("groep", "group", "respondentgroep"):
                group = vv.findtext(f"{P}TextValue")
        group = group or set_group.get(s.get("guid")) or (groups or {}).get(resp)
        src_rows.append({"guid": s.get("guid"), "respondent": resp, "group": group})
        direct = s.findall(f"{P}Coding")
        if direct:
            not_imported[f"codering van hele bron '{resp}'"] = len(direct)
        for sel in s.findall(f"{P}PlainTextSelection"):
            sel_guids.add(sel.get("guid"))
            if segment_from == "name" and sel.get("name"):
                seg = sel.get("name")
            else:
                seg = f"{resp}:{sel.get('startPosition')}-{sel.get('endPosition')}"
            sel_user = sel.get("creatingUser")
            for cod in sel.findall(f"{P}Coding"):
                ref = cod.find(f"{P}CodeRef")
                target = ref.get("targetGUID") if ref is not None else None
                if target not in resolved:
                    missing_code.append((resp, seg, target))
                    continue
                u = cod.get("creatingUser") or sel_user
                records.append((resp, group, seg, users.get(u, u or "onbekend"), target, sel.get("guid")))
    for case in root.iter(f"{P}Case"):
        for m in case.findall(f"{P}SelectionRef"):
            if m.get("targetGUID") not in sel_guids:
                raise ValidationError(file, None, None,
                                      f"case '{case.get('name')}' verwijst naar een selectie die niet bestaat "
                                      f"({m.get('targetGUID')})")
    if missing_code:
        errs = [ValidationError(file, None, None,
                                f"codering in bron '{r}' (segment {s}) verwijst naar een code die niet in het "
                                f"codeboek staat ({g})") for r, s, g in missing_code[:20]]
        raise errs[0] if len(errs) == 1 else ValidationErrors(errs)

    rec = pd.DataFrame(records, columns=["respondent", "group", "segment", "coder", "code_guid", "selection"])
    role = rec["code_guid"].map({g: v[0] for g, v in resolved.items()})
    unmapped_rec = rec[role == "unmapped"]
    unmapped = (unmapped_rec.merge(codes[["guid", "name", "path"]], left_on="code_guid", right_on="guid")
                .groupby(["name", "path"]).size().rename("n_codings").reset_index()
                .rename(columns={"name": "code_name"}))
    if len(unmapped) and on_unmapped == "raise":
        listed = "; ".join(f"'{r.path}' ({r.n_codings}×)" for r in unmapped.itertuples())
        raise ValidationError(file, None, None,
                              f"{len(unmapped)} code(s) horen bij geen enkele determinant: {listed}. "
                              "Voeg ze toe aan een mapping-bestand (codenaam → determinant, of '-' om "
                              "bewust te negeren) of importeer met on_unmapped='list'.")
    rec["det"] = rec["code_guid"].map({g: v[1] for g, v in resolved.items()})
    rec["val"] = rec["code_guid"].map({g: v[2] for g, v in resolved.items()})
    rec["role"] = role
    # Valence per (segment, coder): the one valence code used, or "gemengd" when several differ.
    vrec = rec.loc[rec["role"] == "valence", ["segment", "coder", "val"]].drop_duplicates()
    vagg = vrec.groupby(["segment", "coder"], sort=False)["val"].agg(["first", "nunique"])
    vagg["valence"] = vagg["first"].where(vagg["nunique"] == 1, "gemengd")
    # A determinant code and its nested valence code on one selection give one row; the same
    # code on two selections of the same span by the same coder stays a duplicate (an error).
    dets = (rec[rec["det"].notna()]
            .drop_duplicates(["selection", "coder", "det"])[["respondent", "group", "segment", "coder", "det"]])
    dets = dets.rename(columns={"det": "determinant"})
    dets = dets.merge(vagg[["valence"]], left_on=["segment", "coder"], right_index=True, how="left")
    n_without = int(dets["valence"].isna().sum())
    n_mixed = int((dets["valence"] == "gemengd").sum())
    dets["valence"] = dets["valence"].fillna(default_valence).replace({"gemengd": "neutraal"})
    table = dets[TIDY_COLUMNS].reset_index(drop=True)
    table = check_coding_table(table, codebook, file=file, row_offset=None, map_names=False)
    return ImportResult(
        table=table, codes=codes, users=pd.DataFrame({"guid": list(users), "name": list(users.values())}),
        sources=pd.DataFrame(src_rows, columns=["guid", "respondent", "group"]), unmapped=unmapped,
        n_without_valence=n_without, n_mixed_valence=n_mixed, not_imported=not_imported)
