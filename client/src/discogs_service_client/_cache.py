"""Conditional requests: remembered ``ETag``s and bodies, so that reading an unchanged entity
again costs the API a 304 and no body."""

from __future__ import annotations

import threading
from collections import OrderedDict

__all__ = ["ETagCache"]


class ETagCache:
    """The last ``max_entries`` GET answers that carried an ``ETag``, by URL (least recently
    used forgotten first). One cache serves one set of credentials: answers can depend on
    who asks, so share a cache only between clients with the same credentials."""

    def __init__(self, max_entries: int = 1024) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def etag(self, url: str) -> str | None:
        with self._lock:
            entry = self._entries.get(url)
            return entry[0] if entry else None

    def body(self, url: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(url)
            if entry is None:
                return None
            self._entries.move_to_end(url)
            return entry[1]

    def store(self, url: str, etag: str, body: bytes) -> None:
        with self._lock:
            self._entries[url] = (etag, body)
            self._entries.move_to_end(url)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
