"""Schema migrations: ``upgrade`` to head, and ``drift`` to check models against migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from discogs_service.storage.tables import metadata

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a new migration from the difference between tables.py and the database."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


# Engine-specific parts of the search index, created by migrations outside tables.py: FTS5's
# tables (0002, SQLite before 0014), Tantivy's journal (0014,
# SQLite), the text vectors and their change log (0012 and 0013, PostgreSQL).
_ENGINE_SPECIFIC = {"search_fts", "search_pending", "search_terms", "search_changes"}


def drift(engine: Engine) -> list[Any]:
    """Differences between ``tables.metadata`` and the migrated database (empty: none)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _declared}
        )
        return list(compare_metadata(context, metadata))


def _declared(obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
    if name is None:
        return True
    return not (name in _ENGINE_SPECIFIC or name.startswith("search_fts_"))
