"""search results rendered from their facts when served: search_docs.doc dropped

Each search entry kept its rendered result beside the facts it was rendered from (131
bytes an entry, compressed, on the 1,000,000-release benchmark catalogue). Results are now rendered from the facts when served
(storage.search.results), so the column and the dictionaries its values were compressed
with go. A master's result also shows its main release's labels, formats and country: its
row now names that release's entry (``main_key``), read in the same statement. On the
1,000,000-release benchmark catalogue (SQLite) this took 5.9 s. SQLite rewrites the rows in
place: the bytes freed (175 MB there) stay free space in the table's pages, which its later
writes use, until ``discogs-service db compress --vacuum`` gives them back to the disk.
Downgrading renders every result again, as plain JSON, which the earlier code reads as it
is.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 15:40:00.000000
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# The dictionary kinds of the results (storage.compressed before this revision).
_RESULT_KINDS = ("search_artists", "search_labels", "search_masters", "search_releases")
_BATCH = 2_000
_MASTER = 1  # search.facts.MASTER


def upgrade() -> None:
    from discogs_service.search.facts import RELEASE, facts_decoder, key
    from discogs_service.storage.compressed import expand

    conn = op.get_bind()
    op.add_column("search_docs", sa.Column("main_key", sa.BigInteger(), nullable=True))
    for rows in _batches(conn, f"kind = {_MASTER}", "facts"):
        mains = [facts_decoder.decode(expand(bytes(facts), conn)).main_release for _, facts in rows]
        conn.execute(
            sa.text("UPDATE search_docs SET main_key = :main WHERE key = :key"),
            [
                {"main": key(RELEASE, main), "key": entry}
                for (entry, _), main in zip(rows, mains, strict=True)
                if main
            ],
        )
    op.drop_column("search_docs", "doc")
    op.execute(
        sa.text("DELETE FROM doc_dictionaries WHERE kind IN :kinds").bindparams(
            sa.bindparam("kinds", _RESULT_KINDS, expanding=True)
        )
    )


def downgrade() -> None:
    from discogs_service.storage.search.results import MAIN_FACTS, MAIN_JOIN, rendered

    conn = op.get_bind()
    op.add_column("search_docs", sa.Column("doc", sa.LargeBinary(), nullable=True))
    read = f"d.facts, {MAIN_FACTS} FROM search_docs AS d {MAIN_JOIN}"
    for rows in _batches(conn, "", read, key="d.key"):
        docs = rendered(conn, {row[0]: row[1:] for row in rows})
        conn.execute(
            sa.text("UPDATE search_docs SET doc = :doc WHERE key = :key"),
            [{"doc": doc, "key": entry} for entry, doc in docs.items()],
        )
    with op.batch_alter_table("search_docs") as table:
        table.alter_column("doc", existing_type=sa.LargeBinary(), nullable=False)
        table.drop_column("main_key")


def _batches(conn: Any, where: str, read: str, key: str = "key") -> Iterator[list[Any]]:
    """The rows (key, then ``read``) of search_docs, ``_BATCH`` at a time in key order."""
    if "FROM" not in read:
        read += " FROM search_docs"
    after = -1
    while True:
        condition = f"{key} > :after" + (f" AND {where}" if where else "")
        rows = conn.execute(
            sa.text(f"SELECT {key}, {read} WHERE {condition} ORDER BY {key} LIMIT {_BATCH}"),
            {"after": after},
        ).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]
