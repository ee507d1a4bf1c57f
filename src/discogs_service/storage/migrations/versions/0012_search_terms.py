"""PostgreSQL: the text vectors in a narrow table of their own (issue 15)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 15:10:00.000000

Reading a word's keys is a bitmap scan of the GIN index that then visits the heap rows it
found. With the vector in ``search_docs`` those rows also held the facts and the rendered
result, so a common word visited most of a 4.7 GB heap (seconds on the 1M benchmark); in
``search_terms`` a row is its key and its vector. SQLite keeps its own index: nothing to do.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(
        "CREATE TABLE search_terms (key bigint NOT NULL, tsv tsvector NOT NULL,"
        " CONSTRAINT pk_search_terms PRIMARY KEY (key))"
    )
    op.execute(
        "INSERT INTO search_terms (key, tsv)"
        " SELECT key, tsv FROM search_docs WHERE tsv IS NOT NULL ORDER BY key"
    )
    op.execute("CREATE INDEX ix_search_terms_tsv ON search_terms USING gin (tsv)")
    op.execute("ALTER TABLE search_docs DROP COLUMN tsv")  # drops ix_search_docs_tsv with it


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("ALTER TABLE search_docs ADD COLUMN tsv tsvector")
    op.execute(
        "UPDATE search_docs SET tsv = t.tsv FROM search_terms t WHERE t.key = search_docs.key"
    )
    op.execute("CREATE INDEX ix_search_docs_tsv ON search_docs USING gin (tsv)")
    op.execute("DROP TABLE search_terms")
