"""Import :mod:`jsonschema` without the 2-4 s its optional IRI format checker costs.

``import jsonschema`` imports every optional format-checking package that is installed. One of
them, ``rfc3987_syntax`` (pulled in by Jupyter's ``jupyter-events``, so present wherever the
book toolchain is), compiles about forty grammars when imported: 2 to 4 seconds on every
process that validates a case (grading, a teacher's ``use(case_folder)``, each lesson the book
executes with ``--case``). medialit validates with no format checker, so that package is kept
out of jsonschema's import; it stays importable for anyone else afterwards.
"""

from __future__ import annotations

import sys
from types import ModuleType

_SLOW_OPTIONAL = "rfc3987_syntax"


def jsonschema_module() -> ModuleType:
    """The :mod:`jsonschema` module, imported without its slow optional IRI checker."""
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    blocked = _SLOW_OPTIONAL not in sys.modules
    if blocked:
        sys.modules[_SLOW_OPTIONAL] = None  # type: ignore[assignment]  # makes its `import` raise ImportError
    try:
        import jsonschema
    finally:
        if blocked and sys.modules.get(_SLOW_OPTIONAL, 0) is None:
            del sys.modules[_SLOW_OPTIONAL]
    return jsonschema
