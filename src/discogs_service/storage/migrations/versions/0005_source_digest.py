"""source digest of each catalogue record

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 17:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KINDS = ("artists", "labels", "masters", "releases")


def upgrade() -> None:
    for kind in KINDS:
        op.add_column(kind, sa.Column("source_digest", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    for kind in KINDS:
        with op.batch_alter_table(kind) as batch:
            batch.drop_column("source_digest")
