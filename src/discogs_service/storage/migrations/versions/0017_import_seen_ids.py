"""the ids an import found unchanged: a roaring bitmap a batch instead of a row an id (issue 15)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 21:30:00.000000
"""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from alembic import op
from pyroaring import BitMap64

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# The batch number of the ids an interrupted run had listed a row each (batches number
# their first record in the file, from 0).
CONVERTED_BATCH = -1


def upgrade() -> None:
    seen_ids = op.create_table(
        "import_seen_ids",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.BigInteger(), nullable=False),
        sa.Column("ids", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "batch", name=op.f("pk_import_seen_ids")),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT run_id, id FROM import_seen ORDER BY run_id, id"))
    for run_id, run_rows in itertools.groupby(rows, key=lambda row: row[0]):
        ids = BitMap64(row[1] for row in run_rows)
        op.bulk_insert(
            seen_ids, [{"run_id": run_id, "batch": CONVERTED_BATCH, "ids": ids.serialize()}]
        )
    op.drop_table("import_seen")


def downgrade() -> None:
    seen = op.create_table(
        "import_seen",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "id", name=op.f("pk_import_seen")),
        sqlite_with_rowid=False,
    )
    connection = op.get_bind()
    for run_id, blob in connection.execute(sa.text("SELECT run_id, ids FROM import_seen_ids")):
        rows = [{"run_id": run_id, "id": record_id} for record_id in BitMap64.deserialize(blob)]
        if rows:
            op.bulk_insert(seen, rows)
    op.drop_table("import_seen_ids")
