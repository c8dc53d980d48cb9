"""blobs: content-addressed files (meeting photos), resumable chunked uploads, references

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('stored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs'))
    )
    op.create_table('blob_uploads',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('chunk_size', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blob_uploads'))
    )
    op.create_table('blob_chunks',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'idx', name=op.f('pk_blob_chunks'))
    )
    op.create_table('blob_refs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('tbl', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'tbl', 'id', name=op.f('pk_blob_refs'))
    )
    with op.batch_alter_table('blob_refs', schema=None) as batch_op:
        batch_op.create_index('ix_blob_refs_tbl_id', ['tbl', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('blob_refs', schema=None) as batch_op:
        batch_op.drop_index('ix_blob_refs_tbl_id')
    op.drop_table('blob_refs')
    op.drop_table('blob_chunks')
    op.drop_table('blob_uploads')
    op.drop_table('blobs')
