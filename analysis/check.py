"""Static checks of the Quarto project, without Quarto: ``python -m analysis check``.

* ``_quarto.yml`` parses, its render globs and sidebar sections find pages, its
  bibliography exists;
* every ``{{< embed path#label >}}`` names an existing notebook with a code cell
  labelled ``label`` (that it produces output is checked when the page is built);
* every ``@fig-…``/``@tbl-…`` reference on a page is embedded on that page;
* every ``[@key]`` citation is in the bibliography; every report ends with the
  provenance line; notebooks have a title, declare known datasets and are stored
  without outputs; every ``tbl-`` cell shows its table with ``show_table`` (the
  privacy rules); only supported shortcodes are used.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import paths
from .notebooks import front_matter, labelled_cells, read
from .render import SHORTCODE_RE, XREF_RE, navigation, quarto_config, render_list, split_front_matter
from .schema import dataset_names

CITE_RE = re.compile(r"\[[^\]]*?@([\w:-]+)[^\]]*\]")
SUPPORTED = {"embed", "var", "include"}


def bib_keys(bib: Path) -> set[str]:
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8")))


def check_project() -> list[str]:
    problems: list[str] = []
    config = quarto_config()
    if config.get("project", {}).get("type") != "website":
        problems.append("_quarto.yml: project.type moet 'website' zijn")
    if config.get("lang") != "nl":
        problems.append("_quarto.yml: lang moet 'nl' zijn")
    pages = render_list(config)
    if not pages:
        problems.append("_quarto.yml: project.render vindt geen pagina's")
    for name, section in navigation(config):
        if not section and name != "Codeboeken":
            problems.append(f"_quarto.yml: zijbalksectie '{name}' vindt geen pagina's")
    bib = paths.ROOT / config.get("bibliography", "references.bib")
    keys = bib_keys(bib) if bib.exists() else set()
    if not bib.exists():
        problems.append(f"_quarto.yml: bibliografie {paths.relative(bib)} bestaat niet")
    known = set(dataset_names())

    for src in pages:
        where = paths.relative(src)
        if src.suffix == ".ipynb":
            nb = read(src)
            meta = front_matter(nb)
            if not meta.get("title"):
                problems.append(f"{where}: eerste cel moet front matter met 'title' zijn")
            for d in meta.get("datasets") or []:
                if d not in known:
                    problems.append(f"{where}: 'datasets' noemt onbekende dataset '{d}'")
            for label, cell in labelled_cells(nb).items():
                if label.startswith("tbl-") and "show_table(" not in "".join(cell.get("source", "")):
                    problems.append(
                        f"{where}: tabelcel '{label}' toont de tabel niet met analysis.report.show_table "
                        "(dat past de privacyregels toe)"
                    )
            if any(c.get("outputs") or c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"):
                problems.append(
                    f"{where}: notebook bevat uitvoer; sla notebooks op zonder uitvoer ('make clean-notebooks')"
                )
            continue
        meta, body = split_front_matter(src.read_text(encoding="utf-8"))
        if not meta.get("title"):
            problems.append(f"{where}: front matter mist 'title'")
        labels_here = set()
        for m in SHORTCODE_RE.finditer(body):
            name, arg = m.group(1), m.group(2).strip().strip('"')
            if name not in SUPPORTED:
                problems.append(f"{where}: shortcode '{name}' wordt niet ondersteund (alleen {sorted(SUPPORTED)})")
            elif name == "embed":
                ref, _, label = arg.partition("#")
                nb_path = (src.parent / ref).resolve()
                if not label:
                    problems.append(f"{where}: embed '{arg}' mist '#label'")
                elif not nb_path.exists():
                    problems.append(f"{where}: embed '{arg}': notebook {ref} bestaat niet")
                else:
                    cells = labelled_cells(read(nb_path))
                    if label not in cells:
                        problems.append(f"{where}: embed '{arg}': geen code-cel met '#| label: {label}'")
                    elif not "".join(cells[label].get("source", "")).replace("#|", "").strip():
                        problems.append(f"{where}: embed '{arg}': de cel is leeg")
                    labels_here.add(label)
            elif name == "include" and not (src.parent / arg).exists():
                problems.append(f"{where}: include '{arg}' bestaat niet")
        for m in XREF_RE.finditer(body):
            if m.group(1) not in labels_here:
                problems.append(f"{where}: @{m.group(1)} verwijst naar een label dat niet op deze pagina is ingesloten")
        for key in CITE_RE.findall(XREF_RE.sub("", body)):
            if key not in keys:
                problems.append(f"{where}: bronvermelding @{key} staat niet in {paths.relative(bib)}")
        if src.parent == paths.REPORTS and "{{< var provenance >}}" not in body:
            problems.append(f"{where}: rapportpagina mist de herkomstregel '{{{{< var provenance >}}}}'")
    return problems
