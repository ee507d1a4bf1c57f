"""SQLite search in a Tantivy index beside the database file (issue 15)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 15:00:00.000000

On SQLite: the journal of entries the index has still to take (``search_pending``), filled
with every entry of ``search_docs``, and the FTS5 tables dropped. The index itself is built
from the journal when the storage is next opened (``Storage.migrate`` replays it, with a
progress bar in the CLI), by the same code that replays an interrupted import: resumable,
since what was committed to the index leaves the journal. PostgreSQL keeps its tsvector.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# AUTOINCREMENT: a seq is never used twice, even after the journal was emptied, so a writer
# that has taken the journal up to a seq never mistakes a new entry for one it has.
SEARCH_PENDING = """
CREATE TABLE search_pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key INTEGER NOT NULL
)
"""
SQLITE_FTS = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    kind, title, artist, anv, credit, label, catno, barcode, track,
    genre, style, country, year, format,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3 4'
)
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(SEARCH_PENDING)
    op.execute("INSERT INTO search_pending (key) SELECT key FROM search_docs ORDER BY key")
    op.execute("DROP TABLE search_fts")


def downgrade() -> None:
    # The FTS5 table comes back empty: a fresh import (or re-import) fills it.
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE search_pending")
    op.execute(SQLITE_FTS)
