"""Derivations for lessons derive_reading (registered on import)."""

from __future__ import annotations
