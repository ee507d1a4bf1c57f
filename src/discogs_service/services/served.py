"""A stored document as served: its body with the live parts filled in, and a validator
that changes whenever the stored document or any filled-in part does."""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    body: bytes
    etag: str


def document_etag(digest: int, *parts: bytes) -> str:
    """A validator for a stored document as served: its digest, plus what was filled in
    (small parts that repeat, such as the base URL and live counts)."""
    return f'W/"{digest & 0xFFFFFFFFFFFFFFFF:016x}-{_repeated_checksum(parts)}"'


def document_etag_uncached(digest: int, *parts: bytes) -> str:
    """As :func:`document_etag`, for filled-in parts that differ from one document to the next."""
    return f'W/"{digest & 0xFFFFFFFFFFFFFFFF:016x}-{_checksum(parts)}"'


def _checksum(parts: tuple[bytes, ...]) -> str:
    live = 0
    for part in parts:
        live = zlib.crc32(part, live)
    return f"{live:08x}"


_repeated_checksum = functools.lru_cache(maxsize=256)(_checksum)
