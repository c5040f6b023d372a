"""Which optional extra a command needs, and the one-line error when it is not installed.

A student install has only the runtime (``pip install medialit-<version>-py3-none-any.whl``). Grading, authoring and the
book are extras (``medialit[grade]``, ``[author]``, ``[book]``); a command run without its extra
says which one and how to install it, instead of ending in a traceback.
"""

from __future__ import annotations

import importlib.util

from medialit.errors import MedialitError

#: The extra each command needs (commands not listed need only the runtime).
COMMAND_EXTRAS = {
    "build": "book",
    "init": "book",
    "generate": "author",
    "validate": "author",
    "new": "author",
    "review": "author",
    "key": "grade",
    "grade": "grade",
    "gradescope-autograder": "grade",
}

#: Third-party modules that come with an extra (top-level import names), and that extra.
MODULE_EXTRAS = {
    "yaml": "author",
    "jsonschema": "author",
    "nbformat": "author",
    "rich": "author",
    "matplotlib": "figures",
    "jupyter_book": "book",
    "sphinx": "book",
    "myst_nb": "book",
    "nbclient": "book",
    "ipykernel": "book",
}


class MissingExtraError(MedialitError):
    """A command needs an optional extra that is not installed."""

    def __init__(self, extra: str, module: str, command: str | None = None) -> None:
        self.extra, self.module, self.command = extra, module, command
        who = f"`medialit {command}`" if command else "this"
        super().__init__(
            f"{who} needs the [{extra}] extra, which is not installed (no module {module!r}). "
            f"Install it with: pip install 'medialit[{extra}]'"
        )


def extra_for(module: str, command: str | None = None) -> str | None:
    """The extra to suggest when ``module`` is missing under ``command`` (None: not an extra's module)."""
    top = module.split(".")[0]
    if top not in MODULE_EXTRAS:
        return None
    return COMMAND_EXTRAS.get(command or "", MODULE_EXTRAS[top])


def installed(module: str) -> bool:
    """True when ``module`` can be imported (found on the path and not blocked)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require(extra: str, *modules: str, command: str | None = None) -> None:
    """Raise :class:`MissingExtraError` naming ``extra`` when one of ``modules`` is not installed."""
    for module in modules:
        if not installed(module):
            raise MissingExtraError(extra, module, command)
