"""Check a lesson's derivation arguments against the derivation's declared signature.

A derivation declares what it takes with ordinary type hints, and the enumerations
are the Literal types of :mod:`medialit.model` (``kinds: list[SourceKind]``). Before a
derivation runs, :func:`argument_problems` compares the YAML arguments with those
hints, so ``kinds: [anonymous, vage]`` is an error naming the argument, the bad value
and the allowed values, instead of a key that silently selects nothing.

Understood hints: ``Any``, ``str``, ``int``, ``float``, ``bool``, ``None``, ``Literal``,
``list[X]``, ``dict[K, V]``, unions (``X | Y``, optional arguments) and ``TypedDict``.
"""

from __future__ import annotations

import difflib
import inspect
import types
from collections.abc import Callable
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

_SCALARS: dict[type, str] = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def describe(hint: object) -> str:
    """A reader's name for a type hint (``a list of text``, ``one of: a, b``)."""
    origin = get_origin(hint)
    if hint is Any:
        return "anything"
    if hint is type(None):
        return "null"
    if hint in _SCALARS:
        return _SCALARS[hint]
    if origin is Literal:
        return "one of: " + ", ".join(map(str, get_args(hint)))
    if origin is list:
        return f"a list of {_plural(describe(get_args(hint)[0]))}"
    if origin is dict:
        k, v = get_args(hint)
        return f"a mapping of {describe(k)} to {describe(v)}"
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in get_args(hint))
    if is_typeddict(hint):
        return "a mapping with keys " + ", ".join(get_type_hints(hint))
    return getattr(hint, "__name__", str(hint))


def _plural(text: str) -> str:
    if text.startswith("one of: "):
        return "values among " + text[len("one of: ") :]
    return text.removeprefix("a ").removeprefix("an ") + ("" if text in ("text", "anything") else "s")


def value_problem(value: object, hint: object, name: str) -> str | None:
    """Why ``value`` does not fit ``hint`` (``None`` when it does); ``name`` says where the value is."""
    origin = get_origin(hint)
    if hint is Any or hint is type(None) or hint in _SCALARS:
        return _scalar_problem(value, hint, name)
    if origin is Literal:
        return _literal_problem(value, hint, name)
    if origin is list:
        return _list_problem(value, hint, name)
    if origin is dict:
        return _dict_problem(value, hint, name)
    if origin in (Union, types.UnionType):
        return _union_problem(value, hint, name)
    if is_typeddict(hint):
        return _typeddict_problem(value, hint, name)
    return None  # a hint this checker does not know: the derivation checks it itself


def _scalar_problem(value: object, hint: Any, name: str) -> str | None:
    """``Any``, ``None``, ``str``, ``int``, ``float`` or ``bool`` (a bool is not a number)."""
    if hint is Any:
        return None
    if hint is type(None):
        return None if value is None else f"{name} must be null, got {value!r}"
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"{name} must be a number, got {value!r}"
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{name} must be a whole number, got {value!r}"
    return None if isinstance(value, hint) else f"{name} must be {_SCALARS[hint]}, got {value!r}"


def _literal_problem(value: object, hint: object, name: str) -> str | None:
    """One of the allowed values (never a bool), with the closest one suggested."""
    allowed = get_args(hint)
    if value in allowed and not isinstance(value, bool):
        return None
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    hint_text = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{name}: {value!r} is not allowed{hint_text}; use one of: {', '.join(map(str, allowed))}"


def _list_problem(value: object, hint: object, name: str) -> str | None:
    """A list whose items all fit; the first item that does not is reported."""
    if not isinstance(value, list):
        return f"{name} must be {describe(hint)}, got {value!r}"
    (item,) = get_args(hint)
    for i, v in enumerate(value):
        problem = value_problem(v, item, f"{name}[{i}]")
        if problem:
            return problem
    return None


def _dict_problem(value: object, hint: object, name: str) -> str | None:
    """A mapping whose keys and values all fit; the first that does not is reported."""
    if not isinstance(value, dict):
        return f"{name} must be {describe(hint)}, got {value!r}"
    kt, vt = get_args(hint)
    for k, v in value.items():
        problem = value_problem(k, kt, f"{name} key") or value_problem(v, vt, f"{name}.{k}")
        if problem:
            return problem
    return None


def _union_problem(value: object, hint: object, name: str) -> str | None:
    """Fits one of the options; otherwise the problem against the option of the same shape."""
    options = get_args(hint)
    problems = [value_problem(value, opt, name) for opt in options]
    if any(p is None for p in problems):
        return None
    # Report against the option of the same shape (a list for a list ...), else list them all.
    for opt, problem in zip(options, problems, strict=True):
        if _same_shape(value, opt):
            return problem
    return f"{name} must be {describe(hint)}, got {value!r}"


def _typeddict_problem(value: object, hint: object, name: str) -> str | None:
    """A mapping with only known keys (closest one suggested), fitting values and every required key."""
    if not isinstance(value, dict):
        return f"{name} must be {describe(hint)}, got {value!r}"
    fields = get_type_hints(hint)
    for k, v in value.items():
        if k not in fields:
            close = difflib.get_close_matches(str(k), list(fields), n=1)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            return f"{name}: unknown key {k!r}{suggestion}; known keys: {', '.join(fields)}"
        problem = value_problem(v, fields[k], f"{name}.{k}")
        if problem:
            return problem
    missing = [k for k in getattr(hint, "__required_keys__", ()) if k not in value]
    return f"{name} needs the key(s) {', '.join(missing)}" if missing else None


def _same_shape(value: object, hint: object) -> bool:
    origin = get_origin(hint) or hint
    if origin is Literal:
        return isinstance(value, str)
    if is_typeddict(hint):
        return isinstance(value, dict)
    return isinstance(origin, type) and isinstance(value, origin)


def argument_problems(fn: Callable[..., Any], args: dict[str, object]) -> list[str]:
    """Every way ``args`` does not fit the signature of derivation ``fn`` (its first parameter is the case)."""
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())[1:]
    hints = get_type_hints(fn)
    names = [p.name for p in params]
    problems = []
    for key in args:
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            takes = ", ".join(names) if names else "no arguments"
            problems.append(f"unknown argument {key!r}{suggestion}; it takes: {takes}")
    for p in params:
        if p.name not in args:
            if p.default is inspect.Parameter.empty:
                problems.append(f"missing argument {p.name!r} ({describe(hints.get(p.name, Any))})")
            continue
        problem = value_problem(args[p.name], hints.get(p.name, Any), f"argument {p.name!r}")
        if problem:
            problems.append(problem)
    return problems


__all__ = ["argument_problems", "describe", "value_problem"]
