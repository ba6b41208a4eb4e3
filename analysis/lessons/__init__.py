"""IDU vervolgfase (Gooi en Vechtstreek): lessons learned across pilots, coded to *rode lijnen*.

Domain words kept in Dutch: a *rode lijn* (red thread) is one of the twelve cross-cutting
themes the programme drew from all pilot lessons; the *grondhouding* is the shared basic
attitude (4 principles, 27 behaviour statements); a *brugfunctionaris* is a school-based
bridge worker between school, parents and the social domain.

Modules, in the order of the chain: :mod:`validate` (domain checks on the raw tables),
:mod:`matrix` (pilot × rode-lijn matrices, themes resting on one pilot, counts per pilot
and lesson type), :mod:`survey` (the brugfunctionaris survey handled as intervals, with
:mod:`analysis.intervals`), :mod:`plot` (figures) and :mod:`labels` (every Dutch label).
"""
