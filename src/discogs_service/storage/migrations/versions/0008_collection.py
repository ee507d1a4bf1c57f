"""collection: folders, instances with their sort keys, custom fields and their values

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_SORT_KEYS = (
    "artist_key", "title_key", "label_key", "catno_key", "format_key", "year", "added_at",
    "rating",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "collection_folders",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_folders")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_collection_folders_user", "collection_folders", ["user_id", "name_key", "id"]
    )
    op.create_table(
        "collection_items",
        sa.Column("instance_id", _ID, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("folder_id", sa.BigInteger(), nullable=False),
        sa.Column("release_id", sa.BigInteger(), nullable=False),
        sa.Column("added_at", sa.BigInteger(), nullable=False),
        sa.Column("waiting", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("rating", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("artist_key", sa.Text(), server_default="", nullable=False),
        sa.Column("title_key", sa.Text(), server_default="", nullable=False),
        sa.Column("label_key", sa.Text(), server_default="", nullable=False),
        sa.Column("catno_key", sa.Text(), server_default="", nullable=False),
        sa.Column("format_key", sa.Text(), server_default="", nullable=False),
        sa.Column("year", sa.Integer(), server_default="0", nullable=False),
        sa.Column("pending", sa.Text(), nullable=True),
        sa.Column("basics", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("instance_id", name=op.f("pk_collection_items")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_collection_items_release", "collection_items", ["release_id", "user_id"])
    op.create_index(
        "ix_collection_items_folder", "collection_items", ["user_id", "folder_id", "waiting"]
    )
    for key in _SORT_KEYS:
        op.create_index(
            f"ix_collection_items_{key}",
            "collection_items",
            ["user_id", "waiting", key, "instance_id"],
        )
    op.create_table(
        "collection_counts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("folder_id", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "folder_id", name=op.f("pk_collection_counts")),
    )
    op.create_table(
        "collection_fields",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("public", sa.SmallInteger(), nullable=False),
        sa.Column("options", sa.Text(), server_default="[]", nullable=False),
        sa.Column("lines", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("user_id", "field_id", name=op.f("pk_collection_fields")),
    )
    op.create_table(
        "collection_notes",
        sa.Column("instance_id", sa.BigInteger(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("instance_id", "field_id", name=op.f("pk_collection_notes")),
    )
    # Folders 0 and 1 are every user's: the folders a user makes count from 2.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('collection_folders', 1)")
    else:
        op.execute("SELECT setval(pg_get_serial_sequence('collection_folders', 'id'), 1)")


def downgrade() -> None:
    op.drop_table("collection_notes")
    op.drop_table("collection_fields")
    op.drop_table("collection_counts")
    for key in _SORT_KEYS:
        op.drop_index(f"ix_collection_items_{key}", table_name="collection_items")
    op.drop_index("ix_collection_items_folder", table_name="collection_items")
    op.drop_index("ix_collection_items_release", table_name="collection_items")
    op.drop_table("collection_items")
    op.drop_index("ix_collection_folders_user", table_name="collection_folders")
    op.drop_table("collection_folders")
