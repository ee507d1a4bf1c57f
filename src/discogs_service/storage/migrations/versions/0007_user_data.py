"""users' own data: privacy of collection and wantlist, ratings, community figures, release snapshots

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("collection_public", sa.SmallInteger(), server_default="1", nullable=False)
        )
        batch_op.add_column(
            sa.Column("wantlist_public", sa.SmallInteger(), server_default="1", nullable=False)
        )
    op.create_table(
        "release_community",
        sa.Column("release_id", _ID, autoincrement=False, nullable=False),
        sa.Column("have", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("want", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("rating_count", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("rating_total", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("release_id", name=op.f("pk_release_community")),
    )
    op.create_table(
        "ratings",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("release_id", sa.BigInteger(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("rated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "release_id", name=op.f("pk_ratings")),
    )
    op.create_index("ix_ratings_release", "ratings", ["release_id"], unique=False)
    op.create_table(
        "release_snapshots",
        sa.Column("release_id", _ID, autoincrement=False, nullable=False),
        sa.Column("basic_information", sa.LargeBinary(), nullable=False),
        sa.Column("removed_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("release_id", name=op.f("pk_release_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("release_snapshots")
    op.drop_index("ix_ratings_release", table_name="ratings")
    op.drop_table("ratings")
    op.drop_table("release_community")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("wantlist_public")
        batch_op.drop_column("collection_public")
