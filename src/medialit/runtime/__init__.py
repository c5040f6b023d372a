"""What a notebook calls: ``use`` the case, ``show`` a question's widget, ``check`` an answer.

This is an adapter at the edge (it talks to IPython). The package only re-exports what a
notebook calls; the work is done in its modules: :mod:`~medialit.runtime.session` (the one
session a notebook keeps, created by :func:`use`, pyplot-style, so cells stay one line long:
the runtime's only module state), :mod:`~medialit.runtime.showing` (``show``),
:mod:`~medialit.runtime.checking` (``check``), :mod:`~medialit.runtime.tables` (the tables and
figures code cells read), :mod:`~medialit.runtime.record` (the answer of record) and
:mod:`~medialit.runtime.notebook` (where the saved notebook can be read back).

Some imports stay inside the functions that need them, on measured cost (``python -X
importtime``, best of five on the project machine, with this module loaded; ``import
medialit.runtime`` itself takes 0.06 s):

- the widgets (:mod:`medialit.widgets`: anywidget and ipywidgets, +0.12 s) and IPython with
  the answer recorder (:mod:`medialit.runtime.record`, +0.05 s): only :func:`show` and code
  checks use them, and the grader's portable code path imports this module once per code
  answer without needing either;
- YAML, :mod:`medialit.case.load` and the curriculum (:mod:`medialit.curriculum.spec`,
  :mod:`medialit.curriculum.bundle`; together +0.05 s, doubling the import): a student's first
  cell reads the JSON bundle only (tests/integration/test_student_bundle.py checks that it
  loads none of them); the teacher's view of a full case folder, :func:`show` and
  :func:`check` import them when they need them.
"""

from __future__ import annotations

from medialit.runtime.checking import check
from medialit.runtime.session import use
from medialit.runtime.showing import show
from medialit.runtime.tables import (
    article_date,
    claims_table,
    sources_table,
    sourcing_figure,
    timeline_figure,
)

__all__ = [
    "article_date",
    "check",
    "claims_table",
    "show",
    "sources_table",
    "sourcing_figure",
    "timeline_figure",
    "use",
]
