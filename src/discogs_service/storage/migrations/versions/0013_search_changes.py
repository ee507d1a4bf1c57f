"""PostgreSQL: a log of the search entries each index version wrote (issue 15)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 15:50:00.000000

Each server process keeps match sets of the words it was asked (storage.search.match_sets);
every import batch raises the index's version, and a process used to drop all its sets then.
With the entries each version wrote logged here, it brings its sets up to date instead, so
searches stay warm through a monthly refresh. SQLite's search needs no log.
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(
        "CREATE TABLE search_changes (version bigint NOT NULL, key bigint NOT NULL,"
        " CONSTRAINT pk_search_changes PRIMARY KEY (version, key))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP TABLE search_changes")
