"""Storage: the only package that talks to the database.

``Storage`` bundles an engine with the two sides of the catalogue: ``catalogue`` answers the
API's reads, ``dumps`` takes the importer's writes; ``accounts`` holds users and
credentials; ``ratings``, ``wantlist`` and ``community`` users' own data and the figures it
makes; ``search`` is the one search index of the process, which the API reads and an
import writes. SQLite and PostgreSQL differ only inside.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import anyio.to_thread
from sqlalchemy import Engine

from discogs_service.storage import migrate
from discogs_service.storage.accounts import AccountStore
from discogs_service.storage.catalogue import CatalogueReader
from discogs_service.storage.collection import CollectionStore
from discogs_service.storage.community import CommunityStore
from discogs_service.storage.dumps import DumpWriter
from discogs_service.storage.engine import build_engine
from discogs_service.storage.lists import ListStore
from discogs_service.storage.ratings import RatingStore
from discogs_service.storage.search import search_index
from discogs_service.storage.search.match_sets import BUDGET_BYTES
from discogs_service.storage.search.results import Progress
from discogs_service.storage.wantlist import WantStore

P = ParamSpec("P")
T = TypeVar("T")


class Storage:
    def __init__(self, engine: Engine, *, search_cache_bytes: int = BUDGET_BYTES) -> None:
        self.engine = engine
        self.catalogue = CatalogueReader(engine)
        self.search = search_index(engine, search_cache_bytes)
        self.dumps = DumpWriter(engine, self.search)
        self.accounts = AccountStore(engine)
        self.ratings = RatingStore(engine)
        self.lists = ListStore(engine)
        self.community = CommunityStore(engine)
        self.wantlist = WantStore(engine, self.ratings)
        self.collection = CollectionStore(engine, self.ratings)

    @property
    def embedded(self) -> bool:
        """True for SQLite: queries are local and short, so they may run on the event loop."""
        return self.engine.dialect.name == "sqlite"

    async def run(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a call that reads the database, from the event loop: inline on SQLite (a local
        lookup takes microseconds, less than a hop to a thread), on a worker thread for a
        database across the network, so that the loop serves others while it waits."""
        if self.embedded:
            return function(*args, **kwargs)
        return await anyio.to_thread.run_sync(functools.partial(function, *args, **kwargs))

    async def run_writing(
        self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a call that writes, always on a worker thread: on SQLite it may wait for the
        write lock while an import commits a batch, and the loop must not wait with it."""
        return await anyio.to_thread.run_sync(functools.partial(function, *args, **kwargs))

    def migrate(self, progress: Progress | None = None) -> None:
        """Upgrade the schema, then bring the search index level with the database (a build
        after the migration to Tantivy, or what a killed import left)."""
        migrate.upgrade(self.engine)
        self.search.catch_up(progress)

    def close(self) -> None:
        self.search.close()
        self.catalogue.close()
        self.engine.dispose()


def open_storage(
    url: str,
    *,
    upgrade: bool = True,
    search_cache_mb: int | None = None,
    progress: Progress | None = None,
) -> Storage:
    """The storage at ``url``, migrated unless ``upgrade`` is False; ``search_cache_mb``:
    the memory its search index may keep between requests (DISCOGS_SEARCH_CACHE_MB);
    ``progress``: told how a search index build after migrating goes."""
    budget = BUDGET_BYTES if search_cache_mb is None else search_cache_mb << 20
    storage = Storage(build_engine(url), search_cache_bytes=budget)
    if upgrade:
        storage.migrate(progress)
    return storage


__all__ = ["Storage", "open_storage"]
