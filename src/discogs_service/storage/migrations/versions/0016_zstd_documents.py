"""zstd documents: the table of zstd dictionaries stored documents are compressed with

The documents themselves are converted by ``discogs-service db compress`` (resumable, with a
progress bar), not here: a migration runs inside one transaction without progress, which a
100 GB database would hold for hours, and stored values say themselves whether they are
compressed (storage.compressed), so the service reads a half-converted database as it is.
Downgrading first writes every compressed document back as plain JSON.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 15:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "doc_dictionaries",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doc_dictionaries")),
    )


def downgrade() -> None:
    from discogs_service.storage import convert

    convert.expand_in_transaction(op.get_bind())
    op.drop_table("doc_dictionaries")
