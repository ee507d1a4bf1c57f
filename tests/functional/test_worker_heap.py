"""A server's worker leaves what it built at start-up out of the garbage collector's walks
(``app.settle_heap``): the app, its storage and every module live as long as the worker, and
each full collection walking them paused all the worker's requests (benchmarks/README.md)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from types import ModuleType

import pytest

from discogs_service import asgi, rsgi
from discogs_service.app import DiscogsApp
from discogs_service.storage import Storage


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Nothing frozen before the test, and what it froze walked again after it."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def _walked(thing: object) -> bool:
    """Whether the collector walks ``thing``: it is in one of its generations (frozen
    objects are in none)."""
    return any(found is thing for found in gc.get_objects())


@pytest.mark.parametrize("entry", [rsgi, asgi], ids=["rsgi", "asgi"])
def test_a_workers_app_is_left_out_of_the_collectors_walks(
    entry: ModuleType,
    database_url: str,
    storage: Storage,
    monkeypatch: pytest.MonkeyPatch,
    unfrozen: None,
) -> None:
    monkeypatch.setenv("DISCOGS_DATABASE_URL", database_url)
    served = entry.create_from_env()
    app: DiscogsApp = served.app if isinstance(served, rsgi.RsgiApp) else served
    try:
        assert gc.get_freeze_count() > 0
        assert not _walked(app) and not _walked(app.router)
        assert _walked([])  # what the worker makes later is walked as usual
    finally:
        asyncio.run(app.aclose())
