"""search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:06:39.530436
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The text index is engine-specific, so it is created here rather than from tables.py;
# storage.migrate.drift() knows to look past it.
SQLITE_FTS = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    kind, title, artist, anv, credit, label, catno, barcode, track,
    genre, style, country, year, format,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3 4'
)
"""


def upgrade() -> None:
    op.create_table(
        "search_docs",
        sa.Column(
            "key",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("facts", sa.LargeBinary(), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_docs")),
    )
    # A release that changes refreshes the search entries of the masters it is main release of.
    op.create_index("ix_masters_main_release", "masters", ["main_release"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_FTS)
    else:
        op.execute("ALTER TABLE search_docs ADD COLUMN tsv tsvector")
        op.execute("CREATE INDEX ix_search_docs_tsv ON search_docs USING gin (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_docs")
    op.drop_index("ix_masters_main_release", table_name="masters")
