"""Strip outputs and execution counts from notebooks: ``python -m analysis.notebooks_clean FILE…``.

Notebooks are committed without outputs; the build executes them.
"""

import sys

import nbformat


def clean(path: str) -> bool:
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
        if cell.metadata.pop("execution", None) is not None:
            changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    for p in sys.argv[1:]:
        if clean(p):
            print(f"uitvoer verwijderd: {p}")
