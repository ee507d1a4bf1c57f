"""Storage: the only package that talks to the database.

``Storage`` bundles an engine with the two sides of the catalogue: ``catalogue`` answers the
API's reads, ``dumps`` takes the importer's writes; ``accounts`` holds users and
credentials. SQLite and PostgreSQL differ only inside.
"""

from __future__ import annotations

from sqlalchemy import Engine

from discogs_service.storage import migrate
from discogs_service.storage.accounts import AccountStore
from discogs_service.storage.catalogue import CatalogueReader
from discogs_service.storage.dumps import DumpWriter
from discogs_service.storage.engine import build_engine


class Storage:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.catalogue = CatalogueReader(engine)
        self.dumps = DumpWriter(engine)
        self.accounts = AccountStore(engine)

    @property
    def embedded(self) -> bool:
        """True for SQLite: queries are local and short, so they may run on the event loop."""
        return self.engine.dialect.name == "sqlite"

    def migrate(self) -> None:
        migrate.upgrade(self.engine)

    def close(self) -> None:
        self.catalogue.close()
        self.engine.dispose()


def open_storage(url: str, *, upgrade: bool = True) -> Storage:
    storage = Storage(build_engine(url))
    if upgrade:
        storage.migrate()
    return storage


__all__ = ["Storage", "open_storage"]
