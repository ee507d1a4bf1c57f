"""The database engines (``storage.engine``) as the server uses them."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Connection, event

from discogs_service.storage import engine as engine_module
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


def _backend_pid(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_connection_idle_a_while_is_tested_first_and_replaced_when_dead(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection whose server backend went away (a restart, an administrator)
    costs no request: after a moment's idleness it is tested before use, and replaced."""
    monkeypatch.setattr(engine_module, "PING_WHEN_IDLE_SECONDS", 0.2)
    engine = build_engine(database_url)
    pings: list[object] = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(c) or ping(c))
    try:
        with engine.connect() as conn:
            first = _backend_pid(conn)
        with engine.connect() as conn:  # given back moments ago: used as it is
            assert _backend_pid(conn) == first
        assert pings == []
        administrator = build_engine(database_url)
        with administrator.connect() as admin:
            admin.exec_driver_sql("SELECT pg_terminate_backend(%s)", (first,))
        administrator.dispose()
        time.sleep(0.3)
        with engine.connect() as conn:
            assert _backend_pid(conn) != first
            assert conn.exec_driver_sql("SELECT 1").scalar_one() == 1
        assert len(pings) == 1
    finally:
        engine.dispose()
