"""wantlist_ratings: users' wants of releases (the ratings table came with 0007)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wants",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("release_id", sa.BigInteger(), nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("added_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "release_id", name=op.f("pk_wants")),
    )
    op.create_index(
        "ix_wants_user_added", "wants", ["user_id", "added_us", "release_id"], unique=False
    )
    op.create_index("ix_wants_release", "wants", ["release_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_wants_release", table_name="wants")
    op.drop_index("ix_wants_user_added", table_name="wants")
    op.drop_table("wants")
