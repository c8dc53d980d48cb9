"""the township's review of a meeting (报送 → 审核), meeting photos and the blobs behind them

Revision ID: 0007
Revises: 0006

Existing meetings are not under review (`review` = none, an empty log): the upgrade writes no
record and pushes nothing. `photos` is a synced table; `blob_uploads` and `blob_parts` are this
PC's own bookkeeping of the photo files (uploaded, half downloaded).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE … ADD COLUMN: no table copy; the defaults fill every existing row.
    op.add_column("meetings", sa.Column("review", sa.String(length=16), server_default="none", nullable=False))
    op.add_column("meetings", sa.Column("review_comment", sa.String(length=500), server_default="",
                                        nullable=False))
    op.add_column("meetings", sa.Column("review_log", sa.JSON(), server_default="[]", nullable=False))
    # Base snapshots of meetings with local edits describe every field, as the tracking hook
    # writes them: the new fields at their defaults (what an older server version means).
    op.execute("UPDATE sync_base SET fields = json_set(fields, '$.review', 'none', '$.review_comment', '',"
               " '$.review_log', json('[]')) WHERE table_name = 'meetings'")
    op.create_table(
        "photos",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("thumb_sha256", sa.String(length=64), nullable=False),
        sa.Column("thumb_size", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.BigInteger(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_by", sa.String(length=64), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("dirty", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_photos_meeting_id", "photos", ["meeting_id"])
    op.create_index("ix_photos_pending", "photos", ["dirty"], sqlite_where=sa.text("dirty > 0"))
    op.create_table(
        "blob_uploads",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "blob_parts",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("idx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "idx"),
    )


def downgrade() -> None:
    op.drop_table("blob_parts")
    op.drop_table("blob_uploads")
    op.drop_index("ix_photos_pending", table_name="photos")
    op.drop_index("ix_photos_meeting_id", table_name="photos")
    op.drop_table("photos")
    with op.batch_alter_table("meetings") as batch:
        for name in ("review_log", "review_comment", "review"):
            batch.drop_column(name)
