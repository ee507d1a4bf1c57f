"""Small helpers for the driver-level SQL the storage writes by hand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

# SQLite allows 999 parameters per statement in older builds: lists of ids are bound in
# slices below that.
SLICE = 900


def slices(items: Sequence[T], size: int = SLICE) -> list[Sequence[T]]:
    """``items`` in consecutive runs of at most ``size``."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def placeholder(dialect_name: str) -> str:
    """The driver's parameter mark: ``?`` for sqlite3, ``%s`` for psycopg."""
    return "?" if dialect_name == "sqlite" else "%s"
