"""The floor of serving ``GET /releases/{id}`` on this stack: an RSGI app for granian that
does only what no answer can skip, for ``serve_speed.py --floor``.

Per request it counts the client in the service's own in-memory moving window
(``ratelimit.memory.MemoryLimiter``, the cheapest the service has) and reads the release's
stored document with one SQLite point lookup on a connection set up as the service's readers
are (``storage.engine.sqlite_reader``), then sends those bytes. Nothing else: no validator,
no slots filled, no rate-limit headers, no error handling beyond a 404, no check of the
User-Agent. Whatever the service does on top of this costs requests/s, so this server's
rate bounds the service's on the same machine, catalogue and load.

    granian --interface rsgi --factory --working-dir benchmarks serve_floor:create
    (DISCOGS_DATABASE_URL names the catalogue)
"""

from __future__ import annotations

import os
from typing import Any

from discogs_service.ratelimit.memory import MemoryLimiter
from discogs_service.storage.engine import build_engine, sqlite_reader

WINDOW_SECONDS = 60.0
LIMIT = 1_000_000_000  # every request counted, none refused (as serve_speed.py's servers)


class FloorApp:
    def __init__(self, database_url: str) -> None:
        self.connection = sqlite_reader(build_engine(database_url))
        self.limiter = MemoryLimiter(WINDOW_SECONDS)

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        await self.limiter.hit(scope.client.rpartition(":")[0], LIMIT)
        digits = scope.path.rpartition("/")[2]
        rows = []
        if digits.isdigit():
            # fetchall, as the service: a statement left open would hold its read snapshot.
            rows = self.connection.execute(
                "SELECT doc FROM releases WHERE id = ?", (int(digits),)
            ).fetchall()
        if not rows:
            protocol.response_bytes(404, [("content-type", "application/json")], b"{}")
        else:
            protocol.response_bytes(200, [("content-type", "application/json")], rows[0][0])


def create() -> FloorApp:
    return FloorApp(os.environ["DISCOGS_DATABASE_URL"])
