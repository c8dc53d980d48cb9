"""data packages: the server's package keys, the PCs that exchange packages, the package log

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('package_keys',
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('sign_private', sa.String(length=44), nullable=False),
    sa.Column('box_private', sa.String(length=44), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_package_keys'))
    )
    op.create_table('package_devices',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('device_name', sa.String(length=128), nullable=False),
    sa.Column('registered_by', sa.String(length=64), nullable=False),
    sa.Column('sign_public', sa.String(length=44), nullable=False),
    sa.Column('box_public', sa.String(length=44), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('export_seq', sa.BigInteger(), nullable=False),
    sa.Column('results_seen', sa.BigInteger(), nullable=False),
    sa.Column('cursor', sa.BigInteger(), nullable=False),
    sa.Column('answer_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_package_devices'))
    )
    with op.batch_alter_table('package_devices', schema=None) as batch_op:
        batch_op.create_index('ix_package_devices_org_id', ['org_id'], unique=False)
    op.create_table('package_log',
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('by_user', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('batches', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('package_id', name=op.f('pk_package_log'))
    )
    with op.batch_alter_table('package_log', schema=None) as batch_op:
        batch_op.create_index('ix_package_log_device_id_kind_seq', ['device_id', 'kind', 'seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('package_log', schema=None) as batch_op:
        batch_op.drop_index('ix_package_log_device_id_kind_seq')
    op.drop_table('package_log')
    with op.batch_alter_table('package_devices', schema=None) as batch_op:
        batch_op.drop_index('ix_package_devices_org_id')
    op.drop_table('package_devices')
    op.drop_table('package_keys')
