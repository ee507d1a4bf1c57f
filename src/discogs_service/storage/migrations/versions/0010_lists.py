"""lists: a user's lists and their items

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "lists",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("public", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lists")),
    )
    op.create_index("ix_lists_user", "lists", ["user_id", "id"], unique=False)
    op.create_table(
        "list_items",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("list_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("display_title", sa.Text(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("added_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_items")),
    )
    op.create_index("ix_list_items_list", "list_items", ["list_id", "position"], unique=False)
    op.create_index("ix_list_items_entity", "list_items", ["entity_id", "kind"], unique=False)
    op.create_index(
        "uq_list_items_entry", "list_items", ["list_id", "kind", "entity_id"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_list_items_entry", table_name="list_items")
    op.drop_index("ix_list_items_entity", table_name="list_items")
    op.drop_index("ix_list_items_list", table_name="list_items")
    op.drop_table("list_items")
    op.drop_index("ix_lists_user", table_name="lists")
    op.drop_table("lists")
