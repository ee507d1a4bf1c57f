"""ids an import run found unchanged

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 20:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_seen",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "id", name=op.f("pk_import_seen")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("import_seen")
