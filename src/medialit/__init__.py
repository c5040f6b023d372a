"""medialit: turn a news article into a ready-to-teach media-literacy module.

The public API is small and lazy: heavy modules load on first use.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "build", "generate", "grade", "load_case", "validate"]


def __getattr__(name: str) -> Any:
    # PEP 562 lazy attributes: `import medialit` stays cheap; medialit.api costs 2-3.5 s to import.
    if name in {"build", "generate", "grade", "validate"}:
        from medialit import api

        return getattr(api, name)
    if name == "load_case":
        from medialit.case.load import load_case

        return load_case
    raise AttributeError(f"module 'medialit' has no attribute {name!r}")
