"""index only rows with local edits (dirty > 0) instead of every row

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("organizations", "party_groups", "members", "meetings", "attendance")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_dirty", table_name=table)
        op.create_index(f"ix_{table}_pending", table, ["dirty"], sqlite_where=sa.text("dirty > 0"))


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_pending", table_name=table)
        op.create_index(f"ix_{table}_dirty", table, ["dirty"])
