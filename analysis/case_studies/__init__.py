"""Case studies as data: life-lines, findings trees and cross-case synthesis.

Domain words kept in Dutch:

* **levenslijn** (life-line) — a family's history along a time axis, one swim lane per
  person, with help episodes beneath; in the NJi learning review it is drawn on a
  ten-metre roll of wallpaper for the group session;
* **bevindingenboom** (findings tree) — the success at the root, the main success
  factors as branches, the underlying factors as leaves.

Modules, in the order of the chain: ``dates`` (mixed-precision dates → intervals),
``validate`` (domain checks, the schema's ``validator:`` hook), ``load`` (processed tables),
``timelines`` (life-line layout), ``findings_tree`` (tree checks, DOT, Graphviz rendering),
``synthesis`` (coding of factors against working elements, case × element matrix, gaps),
``analyse`` (reader tables), ``plot`` (figures and the banner), ``artefacts`` (downloads,
the schema's ``artefacts:`` hook), ``templates`` (spreadsheet templates; adding a filled
case), ``display`` (notebook output) and ``labels`` (all Dutch text a reader sees).
Data: ``analysis/schemas/case_studies.yaml`` and ``data_raw/case_studies/``.
"""
