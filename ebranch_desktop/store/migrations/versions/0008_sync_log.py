"""同步记录: this PC's accepted writes and the log of those overruled elsewhere (issue 11 §5)

Revision ID: 0008
Revises: 0007

Both tables are this PC's own bookkeeping, never synced. Existing workspaces start with no
own writes: edits pushed before the upgrade are not watched (nothing is known about them).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "own_writes",
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "record_id"),
    )
    op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("mine", sa.JSON(), nullable=True),
        sa.Column("theirs", sa.JSON(), nullable=True),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.String(length=40), nullable=False),
        sa.Column("logged_at", sa.DateTime(), nullable=False),
        sa.Column("seen", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sync_log_unseen", "sync_log", ["seen"])


def downgrade() -> None:
    op.drop_index("ix_sync_log_unseen", table_name="sync_log")
    op.drop_table("sync_log")
    op.drop_table("own_writes")
