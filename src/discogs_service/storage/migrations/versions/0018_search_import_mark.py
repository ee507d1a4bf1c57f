"""the version an import writing the search index marked, and when (issue 15, goal 3)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 15:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("search_state") as table:
        table.add_column(sa.Column("marked_version", sa.BigInteger(), nullable=True))
        table.add_column(sa.Column("marked_at", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("search_state") as table:
        table.drop_column("marked_at")
        table.drop_column("marked_version")
