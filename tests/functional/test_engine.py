"""The database engines (``storage.engine``) as the server uses them."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, event

from discogs_service.storage.engine import POSTGRES_POOL_SIZE, build_engine


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_busy_postgresql_worker_keeps_its_connections(database_url: str) -> None:
    """A server worker at 8 requests at once (16 connections on two workers) reuses its
    connections instead of opening and closing some for each burst."""
    engine = build_engine(database_url)
    opened: list[object] = []
    event.listen(engine, "connect", lambda *_: opened.append(None))
    try:
        for _burst in range(3):
            held: list[Connection] = [engine.connect() for _ in range(8)]
            for conn in held:
                conn.close()
        assert len(opened) == 8 <= POSTGRES_POOL_SIZE
    finally:
        engine.dispose()
