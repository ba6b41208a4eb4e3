"""REFI-QDA exchange: export a codebook as ``.qdc``/``.qdpx``, import a coded ``.qdpx``/``.qde``.

Export
    ``codebook_qdc_bytes`` / ``project_qde_bytes`` build the XML; ``write_qdc`` / ``write_qdpx``
    write files atomically after validating them against the REFI-QDA schemas
    (``refi_qda_schema/``). Codes are nested: one non-codable parent per category, the
    determinants as codable children (name "01 Procedurele helderheid", colour of the category,
    the short definition as Description), plus a group "Valentie" with the codes
    bevorderend / belemmerend / neutraal. GUIDs are derived from the code keys (uuid5), so an
    export is byte-stable and a re-export keeps the same GUIDs.

    ``add_codings`` adds coded interviews. Every text is written as an internal source file
    ``sources/<guid>.txt`` (UTF-8, LF line ends) referenced by ``plainTextPath="internal://…"``,
    as REFI-QDA 1.5 §9.1.2 requires (QualCoder reads nothing else). Texts are normalised first
    (``normalise_text``: CR LF and lone CR become LF, Word line breaks and other control
    characters become LF or a space) and the selection positions are moved with them, so line
    ends can never shift a selection and no character can break the XML.

Import
    ``import_project(path, codebook, mapping=None)`` reads a ``.qdpx`` (zip with
    ``project.qde`` and ``sources/``) or a bare ``.qde`` (texts from a ``sources`` folder beside
    it, if any) and returns an :class:`ImportResult` whose ``table`` is the tidy coding table
    (see ``coding_table``) with ``start``, ``end`` (Unicode code points, end exclusive, as
    REFI-QDA §10.2 defines them) and ``quote`` (``text[start:end]``). How the project is read:

    - respondent = the name of the source (one interview per source); two sources with the same
      name are kept apart (``naam [2]``) and the import report names both GUIDs;
    - group = ``groups[respondent]`` (the respondents table) if given, else the source's
      variable ``groep``/``group`` (on the source itself or on a case that refers to it,
      such as the nameless cases MAXQDA writes for document variables), else the name of a Set
      that lists the source;
    - segment = ``<respondent>:<start>-<end>`` (default), or the selection's ``name`` with
      ``segment_from="name"``; two coders who select the same span code the same segment;
    - coder = the ``name`` of the User in ``creatingUser`` of the Coding (else of the selection;
      else ``onbekend``, reported);
    - code: mapped (1) through the mapping (file or dict; ``-``/``negeren`` = ignore on purpose),
      then (2) by exact match (ignoring case, accents, punctuation) on the codebook key, Dutch or
      English label or numbered export name; a code named like a *category* gives a category
      coding (``level = category``, kept and counted separately); a code whose name is a valence
      word ("+", "bevorderend", "barrier", …) is a valence code, nested under a determinant it
      also implies that determinant;
    - valence = the valence code(s) the same coder put on the same selection; none → ``neutraal``
      (counted in ``n_without_valence``); both directions → ``neutraal`` (mixed).

    What real programs write and the importer tolerates (each noted in ``ImportResult.report``):
    dangling case or set references, NVivo's ``{GUID}`` spelling, codings without a user, PDF
    sources with a text representation (read from that representation), selections without a
    code (ATLAS.ti free quotations), codings of whole sources or of picture/PDF areas (not
    imported). Codes used in codings that map to nothing stop the import with a list (or, with
    ``on_unmapped="list"``, are left out and listed). A project without any text coding is
    refused.

    Safe reading: the XML is parsed with lxml with entity resolution, network access and huge
    trees off; a document type declaration or entity definition is refused, as are archive
    members that leave the archive (``../``, absolute paths), a ``project.qde`` over
    ``MAX_XML_BYTES`` and texts over ``MAX_TEXT_BYTES``.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import numpy as np
import pandas as pd

from analysis.validation import ValidationError, ValidationErrors

from .coding_table import OPTIONAL_COLUMNS, TIDY_COLUMNS, check_coding_table
from .frameworks import categories as load_categories
from .frameworks import (
    category_index,
    load_codebook,
    name_index,
    normalise_name,
    qda_code_name,
)
from .labels import VALENCE_SYNONYMS, VALENCES

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "refi_qda_schema"
GUID_NAMESPACE = uuid.UUID("6f1d2c0e-8a4b-5d3e-9c1f-2b7a4e5d6c70")
ORIGIN = "jeugdhulp-analysis (analysis.determinants.refi_qda)"
VALENCE_GROUP = "Valentie"
VALENCE_COLORS = {"bevorderend": "#1A9850", "belemmerend": "#D73027", "neutraal": "#999999"}
IGNORE_WORDS = {"-", "negeren", "ignore", "geen"}
GROUP_VARIABLES = ("groep", "group", "respondentgroep", "respondent group")
MAX_XML_BYTES = 200 * 1024**2
MAX_TEXT_BYTES = 50 * 1024**2
_NORMALISED_VALENCE = {normalise_name(k) or k: v for k, v in VALENCE_SYNONYMS.items()}
# Characters XML 1.0 cannot carry, and line separators that editors show as a line break.
_LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
_OTHER_CONTROLS = "".join(chr(c) for c in list(range(9)) + list(range(14, 32)) + [127]) + "\ufffe\uffff"
_TRANSLATE = {**{ord(c): "\n" for c in _LINE_BREAKS}, **{ord(c): " " for c in _OTHER_CONTROLS}}


def guid(*parts: str) -> str:
    """Stable GUID for an exported element (uuid5 of its identifying parts)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "|".join(parts)))


def _valence_of(name: str) -> str | None:
    raw = str(name).strip().casefold()
    if raw in VALENCE_SYNONYMS:
        return VALENCE_SYNONYMS[raw]
    return _NORMALISED_VALENCE.get(normalise_name(name))


# --------------------------------------------------------------------------- texts


def normalise_text(text: str) -> tuple[str, np.ndarray | None]:
    """Text with LF line ends and no control characters, plus the removed positions.

    CR LF becomes LF (one character less); a lone CR, vertical tab (Word's line break), form
    feed, NEL and the Unicode line/paragraph separators become LF; other control characters
    become a space. Returns ``(clean, removed)``: ``removed`` holds the (sorted) positions of
    the characters dropped from the original (the CR of each CR LF), or ``None`` when nothing
    was dropped; ``move_positions`` uses it to move selections along.
    """
    removed = None
    if "\r\n" in text:
        removed = np.array([m.start() for m in re.finditer("\r\n", text)], dtype=np.int64)
        text = text.replace("\r\n", "\n")
    return text.translate(_TRANSLATE), removed


def move_positions(positions, removed: np.ndarray | None) -> np.ndarray:
    """Positions in the original text → positions in the normalised text."""
    pos = np.asarray(positions, dtype=np.int64)
    if removed is None or not len(removed):
        return pos
    return pos - np.searchsorted(removed, pos, side="left")


def _xml_safe(value) -> str:
    """A string any XML attribute or element can hold (control characters → space)."""
    return str(value).translate({**_TRANSLATE, ord("\r"): " ", ord("\x0b"): " ", ord("\x0c"): " "})


# --------------------------------------------------------------------------- export


def _code_tree(
    parent: ET.Element, ns: str, codebook: pd.DataFrame, cats: pd.DataFrame, codable_categories: bool = False
) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    for _, cat in cats.iterrows():
        members = codebook[codebook["category"] == cat["key"]]
        if members.empty:
            continue
        c = ET.SubElement(
            codes,
            f"{{{ns}}}Code",
            guid=guid("category", cat["key"]),
            name=cat["label_nl"],
            isCodable="true" if codable_categories else "false",
            color=cat["color"],
        )
        ET.SubElement(c, f"{{{ns}}}Description").text = f"{cat['label_en']} ({cat['framework']})"
        for _, d in members.iterrows():
            dc = ET.SubElement(
                c,
                f"{{{ns}}}Code",
                guid=guid("code", d["key"]),
                name=qda_code_name(d),
                isCodable="true",
                color=cat["color"],
            )
            ET.SubElement(dc, f"{{{ns}}}Description").text = _xml_safe(
                f"{d['definition_nl']} [{d['label_en']}; code {d['key']}]"
            )
    vg = ET.SubElement(
        codes, f"{{{ns}}}Code", guid=guid("category", "valence"), name=VALENCE_GROUP, isCodable="false", color="#666666"
    )
    ET.SubElement(
        vg, f"{{{ns}}}Description"
    ).text = "Codeer elk fragment ook met één valentie: bevorderend, belemmerend of neutraal/gemengd."
    for v in VALENCES:
        ET.SubElement(vg, f"{{{ns}}}Code", guid=guid("valence", v), name=v, isCodable="true", color=VALENCE_COLORS[v])


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


def project_root(
    frameworks=("midi",),
    name: str = "MIDI-codeboek",
    users: dict[str, str] | None = None,
    codable_categories: bool = False,
    description: str | None = None,
) -> ET.Element:
    """A minimal project: users + codebook (no sources). ``users`` maps user id → name."""
    codebook, cats = load_codebook(frameworks), load_categories(frameworks)
    users = users or {"onderzoeker": "Onderzoeker"}
    first = guid("user", next(iter(users)))
    root = ET.Element(f"{{{NS_PROJECT}}}Project", name=_xml_safe(name), origin=ORIGIN, creatingUserGUID=first)
    us = ET.SubElement(root, f"{{{NS_PROJECT}}}Users")
    for uid, uname in users.items():
        ET.SubElement(us, f"{{{NS_PROJECT}}}User", guid=guid("user", uid), name=_xml_safe(uname), id=_xml_safe(uid))
    cb = ET.SubElement(root, f"{{{NS_PROJECT}}}CodeBook")
    _code_tree(cb, NS_PROJECT, codebook, cats, codable_categories)
    ET.SubElement(root, f"{{{NS_PROJECT}}}Description").text = description or (
        "Codeboek met valentiecodes; gemaakt met analysis.determinants "
        f"({', '.join(load_framework_titles(frameworks))})."
    )
    return root


def load_framework_titles(frameworks) -> list[str]:
    from .frameworks import load_framework

    return [load_framework(f)["title"] for f in ([frameworks] if isinstance(frameworks, str) else frameworks)]


def project_qde_bytes(frameworks=("midi",), **kwargs) -> bytes:
    return _to_bytes(project_root(frameworks, **kwargs), NS_PROJECT)


def _placeholder_texts(codings: pd.DataFrame, text_of) -> tuple[dict[str, str], pd.DataFrame]:
    """Texts built from one piece per segment (for tables without texts and positions)."""
    texts, spans = {}, {}
    for resp, rows in codings.groupby("respondent", sort=False):
        parts, pos = [], 0
        for seg in pd.unique(rows["segment"]):
            t = text_of(seg)
            spans[seg] = (pos, pos + len(t))
            parts.append(t)
            pos += len(t) + 1
        texts[resp] = "\n".join(parts)
    out = codings.copy()
    out["start"] = out["segment"].map(lambda s: spans[s][0])
    out["end"] = out["segment"].map(lambda s: spans[s][1])
    return texts, out


def add_codings(
    root: ET.Element,
    codings: pd.DataFrame,
    texts: dict[str, str] | None = None,
    text_of=None,
    codebook: pd.DataFrame | None = None,
) -> dict[str, bytes]:
    """Add the coded interviews of a tidy coding table to a project; return the source files.

    ``texts`` maps respondent → interview text; the table's ``start``/``end`` are positions in
    that text. Without texts, each segment gets a piece of text of its own (``text_of(segment)``,
    default ``[fragment <segment>]``). Each (segment, coder) becomes one PlainTextSelection named
    after the segment, with a Coding per code and one for the valence, created by the coder (a
    User is added per coder). The return value maps ``<guid>.txt`` → UTF-8 bytes: pass it to
    ``write_qdpx(..., sources=...)``.
    """
    P = f"{{{NS_PROJECT}}}"
    if texts is None:
        texts, codings = _placeholder_texts(codings, text_of or (lambda seg: f"[fragment {seg}]"))
    level = codings["level"] if "level" in codings.columns else pd.Series("determinant", index=codings.index)
    users = root.find(f"{P}Users")
    known_users = {u.get("id") or u.get("name") for u in users}
    for coder in pd.unique(codings["coder"]):
        if coder not in known_users:
            ET.SubElement(users, f"{P}User", guid=guid("user", coder), name=_xml_safe(coder), id=_xml_safe(coder))
    # Variables go after CodeBook; Sources after Variables/Cases.
    children = list(root)
    pos = children.index(root.find(f"{P}CodeBook")) + 1
    variables = ET.Element(f"{P}Variables")
    var_guid = guid("variable", "groep")
    ET.SubElement(variables, f"{P}Variable", guid=var_guid, name="groep", typeOfVariable="Text")
    sources = ET.Element(f"{P}Sources")
    root.insert(pos, variables)
    root.insert(pos + 1, sources)
    user_guid = {c: guid("user", c) for c in pd.unique(codings["coder"])}
    valence_guid = {v: guid("valence", v) for v in VALENCES}
    files: dict[str, bytes] = {}
    for resp, rows in codings.groupby("respondent", sort=False):
        if resp not in texts:
            raise ValueError(f"geen tekst voor respondent {resp}")
        text, removed = normalise_text(str(texts[resp]))
        sguid = guid("source", str(resp))
        src = ET.SubElement(
            sources, f"{P}TextSource", guid=sguid, name=_xml_safe(resp), plainTextPath=f"internal://{sguid}.txt"
        )
        files[f"{sguid}.txt"] = text.encode("utf-8")
        starts = move_positions(rows["start"].astype("int64"), removed)
        ends = move_positions(rows["end"].astype("int64"), removed)
        if len(ends) and (int(ends.max()) > len(text) or int(starts.min()) < 0):
            raise ValueError(f"respondent {resp}: een selectie valt buiten de tekst ({len(text)} tekens)")
        by_sel: dict = {}
        for seg, coder, det, val, lev, a, b in zip(
            rows["segment"], rows["coder"], rows["determinant"], rows["valence"], level.loc[rows.index], starts, ends
        ):
            entry = by_sel.setdefault((seg, coder), [int(a), int(b), []])
            entry[2].append((det, val, lev))
        for (seg, coder), (start, end, items) in by_sel.items():
            user = user_guid[coder]
            sel = ET.SubElement(
                src,
                f"{P}PlainTextSelection",
                guid=guid("sel", str(seg), str(coder)),
                name=_xml_safe(seg),
                startPosition=str(start),
                endPosition=str(end),
                creatingUser=user,
            )
            valences = {v for _, v, _ in items}
            if len(valences) > 1:
                raise ValueError(
                    f"segment {seg}: coder {coder} gives more than one valence; split the segment to export it"
                )
            for det, _, lev in items:
                target = guid("category", det) if lev == "category" else guid("code", det)
                ET.SubElement(
                    ET.SubElement(sel, f"{P}Coding", guid=guid("coding", str(seg), str(coder), det), creatingUser=user),
                    f"{P}CodeRef",
                    targetGUID=target,
                )
            ET.SubElement(
                ET.SubElement(
                    sel, f"{P}Coding", guid=guid("coding", str(seg), str(coder), "valence"), creatingUser=user
                ),
                f"{P}CodeRef",
                targetGUID=valence_guid[valences.pop()],
            )
        group = rows["group"].dropna()
        if len(group):
            vv = ET.SubElement(src, f"{P}VariableValue")
            ET.SubElement(vv, f"{P}VariableRef", targetGUID=var_guid)
            ET.SubElement(vv, f"{P}TextValue").text = _xml_safe(group.iloc[0])
    return files


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
        for name, data in sorted((sources or {}).items()):
            info = zipfile.ZipInfo(f"sources/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def write_qdpx(
    path: str | Path, root: ET.Element | None = None, frameworks=("midi",), sources: dict[str, bytes] | None = None
) -> Path:
    """Write a ``.qdpx`` (zip with ``project.qde`` and ``sources/``), validated against the schema first.

    Every ``plainTextPath="internal://x"`` must name a file in ``sources``.
    """
    from analysis.io import atomic_write_bytes

    root = project_root(frameworks) if root is None else root
    qde = _to_bytes(root, NS_PROJECT)
    validate_xml(qde, "project")
    names = set(sources or {})
    for src in root.iter(f"{{{NS_PROJECT}}}TextSource"):
        ref = src.get("plainTextPath") or ""
        if ref.startswith("internal://") and ref[len("internal://") :] not in names:
            raise ValueError(f"bron '{src.get('name')}': {ref} ontbreekt in de bronbestanden")
    atomic_write_bytes(Path(path), qdpx_bytes(qde, sources))
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


# --------------------------------------------------------------------------- safe reading


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
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))
    origin: str = ""


REPORT_COLUMNS = ["kind", "message", "count", "public"]


class _Project:
    """The XML of a project and access to its internal source files."""

    def __init__(self, path: Path):
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.folder: Path | None = None

    def read(self) -> bytes:
        path = self.path
        if not path.exists():
            raise ValidationError(path, None, None, "bestand bestaat niet")
        with open(path, "rb") as fh:
            head = fh.read(64)
        if path.suffix.lower() == ".qde" or head.lstrip()[:1] == b"<":
            if path.stat().st_size > MAX_XML_BYTES:
                raise ValidationError(path, None, None, _too_big("het project", path.stat().st_size))
            folder = next((path.parent / n for n in ("sources", "Sources") if (path.parent / n).is_dir()), None)
            self.folder = folder
            return path.read_bytes()
        if not zipfile.is_zipfile(path):
            raise ValidationError(
                path,
                None,
                None,
                "geen geldig .qdpx-bestand: het is geen zip-archief "
                "(exporteer het project opnieuw als REFI-QDA-project)",
            )
        self.zip = zipfile.ZipFile(path)
        for info in self.zip.infolist():
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name):
                raise ValidationError(
                    path,
                    None,
                    None,
                    f"het zip-archief bevat een pad dat buiten de map wijst ('{info.filename}'); "
                    "zo'n archief wordt uit veiligheid niet gelezen",
                )
            self.members[name.casefold()] = info
        qde = [i for n, i in self.members.items() if n == "project.qde"] or [
            i for n, i in self.members.items() if n.endswith(".qde") and "/" not in n
        ]
        if not qde:
            names = [i.filename for i in self.zip.infolist()]
            raise ValidationError(
                path, None, None, f"het zip-archief bevat geen project.qde (wel: {', '.join(names[:8]) or 'niets'})"
            )
        return self._member_bytes(qde[0], MAX_XML_BYTES, "project.qde")

    def _member_bytes(self, info: zipfile.ZipInfo, limit: int, what: str) -> bytes:
        if info.file_size > limit:
            raise ValidationError(self.path, None, None, _too_big(f"{what} ({info.filename})", info.file_size))
        with self.zip.open(info) as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(self.path, None, None, _too_big(f"{what} ({info.filename})", len(data)))
        return data

    def source_bytes(self, ref: str, element: str) -> bytes | None:
        """Bytes of an ``internal://`` source file; None when the project has no archive or folder."""
        name = ref[len("internal://") :].lstrip("/")
        if self.zip is not None:
            for candidate in (f"sources/{name}", name):
                info = self.members.get(candidate.casefold())
                if info is not None:
                    return self._member_bytes(info, MAX_TEXT_BYTES, f"de tekst van {element}")
            raise ValidationError(
                self.path,
                None,
                None,
                f"{element}: plainTextPath '{ref}' verwijst naar sources/{name}, "
                "maar dat bestand staat niet in het archief",
            )
        if self.folder is not None:
            p = self.folder / PurePosixPath(name).name
            if not p.is_file():
                raise ValidationError(
                    self.path,
                    None,
                    None,
                    f"{element}: plainTextPath '{ref}' verwijst naar {self.folder.name}/{p.name}, "
                    "maar dat bestand bestaat niet",
                )
            if p.stat().st_size > MAX_TEXT_BYTES:
                raise ValidationError(self.path, None, None, _too_big(f"de tekst van {element}", p.stat().st_size))
            return p.read_bytes()
        return None


def _too_big(what: str, size: int) -> str:
    return (
        f"{what} is {size / 1024**2:.0f} MB; de grens is {MAX_XML_BYTES // 1024**2} MB voor project.qde "
        f"en {MAX_TEXT_BYTES // 1024**2} MB per tekst (beveiliging tegen te grote of misvormde bestanden)"
    )


def _parse(xml: bytes, file: Path):
    from lxml import etree

    head = xml[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:8]:
        raise ValidationError(
            file, None, None, "project.qde is geen UTF-8 (REFI-QDA schrijft UTF-8); exporteer het project opnieuw"
        )
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise ValidationError(
            file,
            None,
            None,
            "project.qde bevat een DOCTYPE- of ENTITY-definitie; REFI-QDA-projecten hebben die "
            "niet en uit veiligheid (entiteituitbreiding) wordt zo'n bestand niet gelezen",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(file, None, None, f"project.qde is geen geldige XML ({exc})") from None


def _g(value: str | None) -> str | None:
    """GUIDs as one spelling: NVivo writes ``{ABCD-…}``, others ``abcd-…``."""
    if value is None:
        return None
    found = _GUIDS.get(value)
    if found is None:
        found = _GUIDS[value] = value.strip().strip("{}").lower()
    return found


_GUIDS: dict[str, str] = {}


def _decode_text(data: bytes, file: Path, element: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            file,
            None,
            None,
            f"{element}: de tekst is geen UTF-8 (byte {exc.start}); REFI-QDA schrijft teksten "
            "in UTF-8 — exporteer het project opnieuw of sla de tekst op als UTF-8",
        ) from None


# --------------------------------------------------------------------------- import


def read_mapping(path: str | Path) -> dict[str, str]:
    """Read a code-name → determinant mapping (CSV with columns code_name,determinant, or YAML dict)."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        from .. import yamlio

        data = yamlio.load(path.read_text(encoding="utf-8")) or {}
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


def _children(el, P: str, tag: str):
    return el.iterchildren(f"{P}{tag}")


def import_project(
    path: str | Path,
    codebook: pd.DataFrame | None = None,
    mapping: dict[str, str] | str | Path | None = None,
    on_unmapped: str = "raise",
    segment_from: str = "position",
    groups: dict[str, str] | None = None,
    default_valence: str = "neutraal",
    allow_empty: bool = False,
) -> ImportResult:
    """Import a coded REFI-QDA project into the tidy coding table (see module docstring)."""
    import gc

    path = Path(path)
    file = path
    codebook = load_codebook() if codebook is None else codebook
    if isinstance(mapping, (str, Path)):
        mapping = read_mapping(mapping)
    mapping = mapping or {}
    project = _Project(path)
    xml = project.read()
    _GUIDS.clear()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # building ~10^6 elements triggers many useless cyclic-GC passes
    try:
        return _import(
            project,
            _parse(xml, file),
            codebook,
            mapping,
            on_unmapped,
            segment_from,
            groups,
            default_valence,
            allow_empty,
        )
    finally:
        if gc_was_enabled:
            gc.enable()
        if project.zip is not None:
            project.zip.close()


def _import(
    project: _Project, root, codebook, mapping, on_unmapped, segment_from, groups, default_valence, allow_empty
) -> ImportResult:
    file = project.path
    if root.tag != f"{{{NS_PROJECT}}}Project":
        raise ValidationError(
            file,
            None,
            None,
            f"geen REFI-QDA-project: hoofdelement is '{root.tag}', verwacht 'Project' in namespace {NS_PROJECT}",
        )
    P = f"{{{NS_PROJECT}}}"
    origin = root.get("origin") or ""
    atlas = "atlas" in origin.casefold()
    report: list[dict] = []

    def note(kind: str, message: str, count: int = 1, public: str | None = None) -> None:
        """``message`` names sources and coders (for the researcher); ``public`` does not (for pages)."""
        report.append({"kind": kind, "message": message, "count": int(count), "public": public or message})

    users = {_g(u.get("guid")): (u.get("name") or u.get("id") or u.get("guid")) for u in root.iter(f"{P}User")}

    # Codes (nested) → table with mapping.
    index = name_index(codebook)
    cat_index = category_index(codebook)
    keys = set(codebook["key"])
    cat_keys = set(codebook["category"])
    mapping_norm = {normalise_name(k): v for k, v in mapping.items()}
    code_rows = []

    def walk(el, parent_guid, path_names):
        for c in _children(el, P, "Code"):
            g, name = _g(c.get("guid")), c.get("name") or ""
            desc = c.findtext(f"{P}Description")
            code_rows.append(
                {
                    "guid": g,
                    "name": name,
                    "path": " / ".join(path_names + [name]),
                    "parent_guid": parent_guid,
                    "color": c.get("color"),
                    "description": desc,
                    "is_codable": (c.get("isCodable") or "true").lower() == "true",
                }
            )
            walk(c, g, path_names + [name])

    cbk = root.find(f"{P}CodeBook")
    if cbk is not None and cbk.find(f"{P}Codes") is not None:
        walk(cbk.find(f"{P}Codes"), None, [])
    codes = pd.DataFrame(
        code_rows, columns=["guid", "name", "path", "parent_guid", "color", "description", "is_codable"]
    )
    by_guid = {r["guid"]: r for r in code_rows}

    def resolve(r):
        name = r["name"]
        if normalise_name(name) in mapping_norm:
            target = mapping_norm[normalise_name(name)]
            if target.strip().casefold() in IGNORE_WORDS:
                return "ignored", None, None
            det = target if target in keys else index.get(normalise_name(target))
            if det is not None:
                return "determinant", det, None
            cat = target if target in cat_keys else cat_index.get(normalise_name(target))
            if cat is not None:
                return "category", cat, None
            raise ValidationError(
                file, None, None, f"mapping van code '{name}' verwijst naar onbekende determinant '{target}'"
            )
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
        cat = cat_index.get(normalise_name(name))
        if cat is not None:
            return "category", cat, None
        return ("group" if not r["is_codable"] else "unmapped"), None, None

    resolved = {r["guid"]: resolve(r) for r in code_rows}
    codes["role"] = codes["guid"].map(lambda g: resolved[g][0])
    codes["determinant"] = codes["guid"].map(lambda g: resolved[g][1])
    codes["valence"] = codes["guid"].map(lambda g: resolved[g][2])

    # Sources: text sources and the text representation of PDF sources.
    var_names = {_g(v.get("guid")): (v.get("name") or "") for v in root.iter(f"{P}Variable")}
    srcs = root.find(f"{P}Sources")
    source_elements = [s for s in srcs if isinstance(s.tag, str)] if srcs is not None else []
    names: dict[str, str] = {}
    first_of_name: dict[str, str] = {}
    seen_names: dict[str, int] = {}
    for s in source_elements:
        g = _g(s.get("guid"))
        name = s.get("name") or s.get("guid")
        n = seen_names.get(name, 0) + 1
        seen_names[name] = n
        if n == 1:
            first_of_name[name] = g
            names[g] = name
        else:
            names[g] = f"{name} [{n}]"
            note(
                "waarschuwing",
                f"twee bronnen heten '{name}' (GUID {first_of_name[name]} en {g}); "
                f"ze zijn apart gehouden, de tweede als '{names[g]}'",
                public="bronnen met dezelfde naam: apart gehouden (op GUID), de tweede met [2] achter de naam",
            )

    def group_from_values(el) -> str | None:
        for vv in _children(el, P, "VariableValue"):
            ref = vv.find(f"{P}VariableRef")
            vname = var_names.get(_g(ref.get("targetGUID")) if ref is not None else None, "")
            if normalise_name(vname) in GROUP_VARIABLES:
                value = next((c.text for c in vv if isinstance(c.tag, str) and c.tag != f"{P}VariableRef"), None)
                if value and value.strip():
                    return value.strip()
        return None

    set_group: dict[str, str] = {}
    for st in root.iter(f"{P}Set"):
        for m in _children(st, P, "MemberSource"):
            t = _g(m.get("targetGUID"))
            if t not in names:
                note(
                    "waarschuwing",
                    f"set '{st.get('name')}' verwijst naar een bron die niet bestaat ({t}); genegeerd",
                    public="verwijzing van een set naar een bron die niet bestaat: genegeerd",
                )
                continue
            if t in set_group and set_group[t] != st.get("name"):
                note(
                    "waarschuwing",
                    f"bron '{names[t]}' staat in meer dan één set ('{set_group[t]}', "
                    f"'{st.get('name')}'); de eerste set geldt als groep",
                    public="bron in meer dan één set: de eerste set geldt als groep",
                )
                continue
            set_group[t] = st.get("name")
    case_group: dict[str, str] = {}
    for case in root.iter(f"{P}Case"):
        label = f"case '{case.get('name')}'" if case.get("name") else f"case zonder naam ({_g(case.get('guid'))})"
        value = group_from_values(case)
        for m in _children(case, P, "SourceRef"):
            t = _g(m.get("targetGUID"))
            if t not in names:
                note(
                    "waarschuwing",
                    f"{label} verwijst naar een bron die niet bestaat ({t}); genegeerd "
                    "(deze repository gebruikt cases alleen voor variabelen)",
                    public="verwijzing van een case naar een bron die niet bestaat: genegeerd (cases dienen "
                    "hier alleen voor variabelen)",
                )
                continue
            if value is not None:
                case_group.setdefault(t, value)

    records = []  # (respondent, group, segment, coder, code guid, selection, start, end, quote)
    missing_code = []
    src_rows = []
    sel_guids = set()
    guids, coders = _GUIDS, {}
    CODING, CODEREF = f"{P}Coding", f"{P}CodeRef"
    no_user = 0
    free = 0
    texts_missing = []
    not_imported: dict[str, int] = {}
    for s in source_elements:
        tag = s.tag.replace(P, "")
        sg = _g(s.get("guid"))
        resp = names[sg]
        text_el = s if tag == "TextSource" else (s.find(f"{P}Representation") if tag == "PDFSource" else None)
        if text_el is s:  # codings of the whole source (the selections' codings are read below)
            other = sum(1 for _ in _children(s, P, "Coding"))
        else:
            other = sum(1 for _ in s.iter(f"{P}Coding")) - (
                sum(1 for _ in text_el.iter(f"{P}Coding")) if text_el is not None else 0
            )
        if other:
            not_imported[f"{tag} '{resp}'"] = other
            what = (
                "coderingen van een hele bron"
                if tag == "TextSource"
                else f"coderingen op gebieden van {tag} (alleen tekstselecties worden ingelezen)"
            )
            note("niet ingelezen", f"{what}: '{resp}'", other, public=what)
        if text_el is None:
            continue
        if tag == "PDFSource":
            note(
                "info",
                f"PDF-bron '{resp}': de selecties in de tekstweergave (Representation) zijn ingelezen",
                public="PDF-bronnen: de selecties in de tekstweergave (Representation) zijn ingelezen",
            )
        element = f"<{tag} name='{s.get('name')}'>"
        text = None
        ref = text_el.get("plainTextPath")
        if ref and ref.startswith("internal://"):
            data = project.source_bytes(ref, element)
            if data is not None:
                text = _decode_text(data, file, element)
        elif text_el.find(f"{P}PlainTextContent") is not None:
            text = text_el.findtext(f"{P}PlainTextContent") or ""
        if text is None:
            texts_missing.append(resp)
        removed = None
        if text is not None:
            text, removed = normalise_text(text)
            if atlas:  # ATLAS.ti counts CR LF as one character (as QualCoder's importer also assumes)
                removed = None
        group = (
            (groups or {}).get(resp)
            or group_from_values(s)
            or group_from_values(text_el)
            or case_group.get(sg)
            or set_group.get(sg)
        )
        src_rows.append({"guid": sg, "respondent": resp, "group": group, "name": s.get("name"), "text": text})
        for sel in _children(text_el, P, "PlainTextSelection"):
            sel_guid = sel.get("guid")
            sel_guids.add(sel_guid)
            try:
                a0, b0 = int(sel.get("startPosition")), int(sel.get("endPosition"))
            except (TypeError, ValueError):
                raise ValidationError(
                    file,
                    None,
                    None,
                    f"{element}: <PlainTextSelection guid='{sel.get('guid')}'> heeft geen geldige "
                    "startPosition/endPosition",
                ) from None
            a, b = (a0, b0) if removed is None else (int(x) for x in move_positions([a0, b0], removed))
            if a < 0 or b < a:
                raise ValidationError(
                    file,
                    None,
                    None,
                    f"{element}: <PlainTextSelection guid='{sel.get('guid')}'> loopt van {a0} tot "
                    f"{b0}; verwacht 0 ≤ start ≤ eind",
                )
            if text is not None and b > len(text):
                raise ValidationError(
                    file,
                    None,
                    None,
                    f"{element}: <PlainTextSelection guid='{sel.get('guid')}'> eindigt op positie "
                    f"{b0}, voorbij het einde van de tekst ({len(text)} tekens)",
                )
            quote = text[a:b] if text is not None else None
            if segment_from == "name" and sel.get("name"):
                seg = sel.get("name")
            else:
                seg = f"{resp}:{a}-{b}"
            sel_user = sel.get("creatingUser")
            n_codings = 0
            for cod in sel.iterchildren(CODING):  # the hot loop: ~10^5 codings in a large project
                n_codings += 1
                ref_el = cod.find(CODEREF)
                raw = ref_el.get("targetGUID") if ref_el is not None else None
                target = guids.get(raw) or _g(raw)
                if target not in resolved:
                    missing_code.append((resp, seg, target))
                    continue
                uraw = cod.get("creatingUser") or sel_user
                coder = coders.get(uraw)
                if coder is None:
                    u = _g(uraw)
                    coder = coders[uraw] = users.get(u, u or "onbekend")
                if uraw is None:
                    no_user += 1
                records.append((resp, group, seg, coder, target, sel_guid, a, b, quote))
            if not n_codings:
                free += 1
    known_selections = None
    for case in root.iter(f"{P}Case"):
        for m in _children(case, P, "SelectionRef"):
            if known_selections is None:
                known_selections = {_g(x) for x in sel_guids}
            if _g(m.get("targetGUID")) not in known_selections:
                note(
                    "waarschuwing",
                    f"case '{case.get('name')}' verwijst naar een selectie die niet bestaat "
                    f"({_g(m.get('targetGUID'))}); genegeerd",
                    public="verwijzing van een case naar een selectie die niet bestaat: genegeerd",
                )
    if missing_code:
        errs = [
            ValidationError(
                file,
                None,
                None,
                f"codering in bron '{r}' (segment {s}) verwijst naar een code die niet in het codeboek staat ({g})",
            )
            for r, s, g in missing_code[:20]
        ]
        raise errs[0] if len(errs) == 1 else ValidationErrors(errs)
    if no_user:
        note("waarschuwing", "coderingen zonder gebruiker (creatingUser): codeur 'onbekend'", no_user)
    if free:
        note("info", "selecties zonder code (zoals vrije citaten in ATLAS.ti) tellen niet mee", free)
    if texts_missing:
        note(
            "waarschuwing",
            f"geen tekst gevonden voor {len(texts_missing)} bron(nen) (bijv. '{texts_missing[0]}'); "
            "citaten blijven leeg",
            len(texts_missing),
            public="bronnen zonder tekst (citaten blijven leeg)",
        )

    rec = pd.DataFrame(
        records, columns=["respondent", "group", "segment", "coder", "code_guid", "selection", "start", "end", "quote"]
    )
    role = rec["code_guid"].map({g: v[0] for g, v in resolved.items()})
    unmapped_rec = rec[role == "unmapped"]
    unmapped = (
        unmapped_rec.merge(codes[["guid", "name", "path"]], left_on="code_guid", right_on="guid")
        .groupby(["name", "path"])
        .size()
        .rename("n_codings")
        .reset_index()
        .rename(columns={"name": "code_name"})
    )
    if len(unmapped) and on_unmapped == "raise":
        listed = "; ".join(f"'{r.path}' ({r.n_codings}×)" for r in unmapped.itertuples())
        raise ValidationError(
            file,
            None,
            None,
            f"{len(unmapped)} code(s) horen bij geen enkele determinant: {listed}. "
            "Voeg ze toe aan een mapping-bestand (codenaam → determinant, of '-' om "
            "bewust te negeren) of importeer met on_unmapped='list'.",
        )
    for r in unmapped.itertuples():
        note("niet ingelezen", f"code '{r.path}' hoort bij geen determinant en is weggelaten", r.n_codings)
    rec["det"] = rec["code_guid"].map({g: v[1] for g, v in resolved.items()})
    rec["val"] = rec["code_guid"].map({g: v[2] for g, v in resolved.items()})
    rec["role"] = role
    n_ignored = int((role == "ignored").sum())
    if n_ignored:
        note("info", "coderingen met een code die de mapping bewust negeert", n_ignored)
    # Valence per (segment, coder): the one valence code used, or "gemengd" when several differ.
    vrec = rec.loc[rec["role"] == "valence", ["segment", "coder", "val"]].drop_duplicates()
    vagg = vrec.groupby(["segment", "coder"], sort=False)["val"].agg(["first", "nunique"])
    vagg["valence"] = vagg["first"].where(vagg["nunique"] == 1, "gemengd")
    # A determinant code and its nested valence code on one selection give one row; the same
    # code on two selections of the same span by the same coder stays a duplicate (an error).
    coded = rec[rec["det"].notna()].copy()
    coded["level"] = np.where(coded["role"] == "category", "category", "determinant")
    only_valence = rec[(rec["role"] == "valence") & rec["det"].isna()]
    lonely = only_valence[
        ~only_valence.set_index(["segment", "coder"]).index.isin(coded.set_index(["segment", "coder"]).index)
    ]
    if len(lonely):
        note(
            "waarschuwing",
            "selecties met alleen een valentiecode (zonder determinant) tellen niet mee",
            lonely[["selection", "coder"]].drop_duplicates().shape[0],
        )
    dets = coded.drop_duplicates(["selection", "coder", "det"])[
        ["respondent", "group", "segment", "coder", "det", "level", "start", "end", "quote"]
    ]
    dets = dets.rename(columns={"det": "determinant"})
    dets = dets.merge(vagg[["valence"]], left_on=["segment", "coder"], right_index=True, how="left")
    n_without = int(dets["valence"].isna().sum())
    n_mixed = int((dets["valence"] == "gemengd").sum())
    if n_without:
        note("info", f"fragmenten zonder valentiecode kregen '{default_valence}'", n_without)
    if n_mixed:
        note("info", "fragmenten met twee valenties (gemengd) kregen 'neutraal'", n_mixed)
    n_cat = int((dets["level"] == "category").sum())
    if n_cat:
        note("info", "coderingen op een categorie (niet op een determinant): apart geteld", n_cat)
    dets["valence"] = dets["valence"].fillna(default_valence).replace({"gemengd": "neutraal"})
    if dets.empty and not allow_empty:
        raise ValidationError(
            file,
            None,
            None,
            f"het project bevat geen gecodeerde tekstfragmenten ({len(src_rows)} tekstbron(nen), "
            f"{len(code_rows)} code(s), {len(rec)} codering(en) in totaal); codeer eerst de "
            "interviews of controleer of u het juiste project exporteerde",
        )
    no_group = sorted(set(dets.loc[dets["group"].isna(), "respondent"]))
    if no_group:
        note(
            "waarschuwing",
            f"geen groep voor {len(no_group)} respondent(en) (bijv. '{no_group[0]}'): geen "
            "variabele 'groep', geen set en geen rij in de respondentenlijst",
            len(no_group),
            public="respondenten zonder groep (geen variabele 'groep', geen set, niet in de respondentenlijst)",
        )
    table = dets[TIDY_COLUMNS + OPTIONAL_COLUMNS].reset_index(drop=True)
    if len(table):  # (an empty table is only asked for by inspect, which reports what there is)
        table = check_coding_table(table, codebook, file=file, row_offset=None, map_names=False)
    return ImportResult(
        table=table,
        codes=codes,
        users=pd.DataFrame({"guid": list(users), "name": list(users.values())}),
        sources=pd.DataFrame(src_rows, columns=["guid", "respondent", "group", "name", "text"]),
        unmapped=unmapped,
        n_without_valence=n_without,
        n_mixed_valence=n_mixed,
        not_imported=not_imported,
        report=pd.DataFrame(report, columns=REPORT_COLUMNS),
        origin=origin,
    )
