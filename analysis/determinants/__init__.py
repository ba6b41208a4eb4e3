"""Determinant analysis of coded interviews and questionnaires (MIDI and similar frameworks).

Steps, one module each:

- ``frameworks``: load a codebook (framework) from a YAML data file (MIDI ships in
  ``frameworks/midi.yaml``; another framework such as CFIR is another file, not new code).
- ``refi_qda``: export a codebook as REFI-QDA ``.qdc``/``.qdpx``; import a coded ``.qdpx``/``.qde``.
- ``coding_table``: read a CSV/XLSX coding table (one row per coded segment).
- ``analyse``: respondent-level counts and shares, classification, categories, coder agreement,
  the questionnaire form of the MIDI, checks against published counts.
- ``plot``: heatmap and diverging bar chart.
- ``labels``: every Dutch label a reader sees.
- ``validate`` / ``artefacts``: the build hooks named in ``analysis/schemas/idu_midi.yaml``.
"""
