"""Derivations for lessons derive_context (registered on import)."""

from __future__ import annotations
