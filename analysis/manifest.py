"""SHA-256 manifest of ``data_raw/``: raw data are immutable, and the build checks it.

``data_raw/MANIFEST.sha256`` lists every public raw file (``sha256sum`` format,
so ``sha256sum -c`` works too).  Real data in ``data_raw/private/`` get their own
git-ignored manifest in that folder.  A raw file that differs from its manifest
entry stops the build with a message naming the file; ``python -m analysis
manifest --update`` registers a deliberate change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .buildkeys import file_digest
from .io import atomic_write_text

IGNORED = {"MANIFEST.sha256", ".DS_Store", "Thumbs.db", ".gitkeep"}


class ManifestError(RuntimeError):
    pass


def _scan(folder: Path, skip_private: bool) -> dict[str, str]:
    found = {}
    if not folder.exists():
        return found
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if not p.is_file() or p.name in IGNORED or p.name.startswith(".~lock") or p.name.startswith("~$"):
            continue
        if skip_private and rel.parts[0] == "private":
            continue
        found[rel.as_posix()] = file_digest(p)
    return found


def _read(manifest: Path) -> dict[str, str]:
    entries = {}
    if manifest.exists():
        for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            digest, _, name = line.partition("  ")
            if len(digest) != 64 or not name:
                raise ManifestError(f"{paths.relative(manifest)}, regel {n}: verwacht '<sha256>  <bestand>'")
            entries[name.strip()] = digest
    return entries


@dataclass
class Check:
    changed: list[str]
    unregistered: list[str]
    missing: list[str]
    hashes: dict[str, str]

    @property
    def ok(self) -> bool:
        return not (self.changed or self.unregistered or self.missing)

    def message(self) -> str:
        lines = []
        for f in self.changed:
            lines.append(
                f"  - data_raw/{f}: inhoud gewijzigd; de hash klopt niet met het manifest. "
                "Ruwe data zijn onveranderlijk: zet een gecorrigeerd bestand ernaast, of registreer "
                "een bewuste wijziging met 'python -m analysis manifest --update'."
            )
        for f in self.unregistered:
            lines.append(
                f"  - data_raw/{f}: nieuw bestand, nog niet in het manifest ('python -m analysis manifest --update')."
            )
        for f in self.missing:
            lines.append(f"  - data_raw/{f}: staat in het manifest maar ontbreekt.")
        return "Het datamanifest klopt niet:\n" + "\n".join(lines)


def _folders() -> list[tuple[Path, Path, str, bool]]:
    """(folder, manifest file, prefix for messages, skip private)."""
    return [
        (paths.DATA_RAW, paths.MANIFEST, "", True),
        (paths.PRIVATE, paths.PRIVATE / "MANIFEST.sha256", "private/", False),
    ]


def check() -> Check:
    result = Check([], [], [], {})
    for folder, manifest, prefix, skip in _folders():
        actual = _scan(folder, skip)
        if folder == paths.PRIVATE and not actual:
            continue
        listed = _read(manifest)
        for name, digest in actual.items():
            result.hashes[prefix + name] = digest
            if name not in listed:
                result.unregistered.append(prefix + name)
            elif listed[name] != digest:
                result.changed.append(prefix + name)
        result.missing += [prefix + n for n in listed if n not in actual]
    return result


def verify() -> dict[str, str]:
    """Raise :class:`ManifestError` unless every raw file matches the manifest; return the hashes."""
    result = check()
    if not result.ok:
        raise ManifestError(result.message())
    return result.hashes


def update() -> list[str]:
    """Rewrite the manifest(s) from the files on disk; return the changed entries."""
    changes = []
    for folder, manifest, prefix, skip in _folders():
        actual = _scan(folder, skip)
        if folder == paths.PRIVATE and not actual:
            # the researcher removed her files: forget them (a stale private manifest would keep
            # "deleted" files listed and change the provenance line of demonstration pages)
            if manifest.exists():
                changes += [prefix + n for n in sorted(_read(manifest))]
                manifest.unlink()
            continue
        old = _read(manifest)
        changes += [prefix + n for n in sorted(set(actual) | set(old)) if actual.get(n) != old.get(n)]
        header = (
            "# SHA-256 of every raw data file (sha256sum format). Raw data are immutable:\n"
            "# the build refuses a file whose hash differs. Update with: python -m analysis manifest --update\n"
        )
        atomic_write_text(manifest, header + "".join(f"{d}  {n}\n" for n, d in actual.items()))
    return changes


def manifest_digest() -> str:
    """Short hash of the manifest file(s) themselves, for provenance lines."""
    h = hashlib.sha256()
    for _, manifest, _, _ in _folders():
        if manifest.exists():
            h.update(manifest.read_bytes())
    return h.hexdigest()[:12]
