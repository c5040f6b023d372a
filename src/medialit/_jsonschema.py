"""Import :mod:`jsonschema` without the 2-4 s its optional IRI format checker costs.

``import jsonschema`` imports every optional format-checking package that is installed. One of
them, ``rfc3987_syntax`` (pulled in by Jupyter's ``jupyter-events``, so present wherever the
book toolchain is), compiles about forty grammars when imported: 2 to 4 seconds on every
process that validates a case (grading, a teacher's ``use(case_folder)``, each lesson the book
executes with ``--case``). medialit validates with no format checker, so that package is kept
out of jsonschema's import; it stays importable for anyone else afterwards.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import threading
from collections import OrderedDict
from collections.abc import Mapping
from types import ModuleType
from typing import Any

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


#: Digests of (schema, data) pairs found valid, most recently used last (see :func:`errors`).
_VALID: OrderedDict[bytes, None] = OrderedDict()
_VALID_KEPT = 256
_VALID_LOCK = threading.Lock()
_PLAIN_SCALARS = (str, int, float, bool, type(None))


def _plain(value: object) -> bool:
    """Whether ``value`` is JSON-shaped data of exactly the built-in types (as YAML and JSON give)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if isinstance(value, dict) and kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if isinstance(value, list) and kind is list:
        return all(_plain(v) for v in value)
    return False


def _fingerprint(schema: Mapping[str, object], data: object) -> bytes | None:
    """A digest that determines ``(schema, data)`` exactly, or None for data of other types.

    A pickle of built-in dicts, lists and scalars is read back to an equal value of the same
    types, so two pairs with one pickle are equal; validation depends on nothing else.
    """
    if type(schema) is not dict or not _plain(schema) or not _plain(data):
        return None
    return hashlib.blake2b(pickle.dumps((schema, data), protocol=5), digest_size=32).digest()


def errors(schema: Mapping[str, object], data: object) -> list[Any]:
    """Every ``jsonschema.ValidationError`` of ``data`` under ``schema`` (Draft 2020-12), sorted by path.

    Validation is the slow part of reading a case (tens of milliseconds a file), and a process
    often reads the same files again (``generate`` reads the case more than once; a teacher's
    session re-validates after each edit). A pair found valid is remembered by a digest of its
    exact content (:func:`_fingerprint`), so validating it again costs a hash, not a validation;
    any change to the schema or the data is a different pair. Invalid data is always validated.
    """
    key = _fingerprint(schema, data)
    if key is not None:
        with _VALID_LOCK:
            if key in _VALID:
                _VALID.move_to_end(key)
                return []
    validator = jsonschema_module().Draft202012Validator(schema)
    found = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not found and key is not None:
        with _VALID_LOCK:
            _VALID[key] = None
            if len(_VALID) > _VALID_KEPT:
                _VALID.popitem(last=False)
    return found
