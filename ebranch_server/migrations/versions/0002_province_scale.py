"""province scale and security: generation, shared rate limits, key escrow, security events, conflicts

Revision ID: 0002
Revises: 0001
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

PATH = sa.String(length=255).with_variant(sa.String(length=255, collation='C'), 'postgresql')
BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('generation',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('generation', sa.String(length=64), nullable=False),
    sa.Column('started_rev', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generation'))
    )
    # The first generation begins at the counter as it stands (0 on a new database).
    op.execute(
        sa.text("INSERT INTO generation (id, generation, started_rev, created_at) "
                "SELECT 1, :g, value, :t FROM counter WHERE id = 1")
        .bindparams(g=str(uuid.uuid4()), t=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    )
    op.create_table('org_paths',
    sa.Column('path', PATH, nullable=False),
    sa.PrimaryKeyConstraint('path', name=op.f('pk_org_paths'))
    )
    op.execute("INSERT INTO org_paths (path) SELECT path FROM org_nodes WHERE path <> '' "
               "UNION SELECT DISTINCT path FROM records")
    op.create_table('rate_events',
    sa.Column('id', BIGID, autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_events'))
    )
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.create_index('ix_rate_events_expires_at', ['expires_at'], unique=False)
        batch_op.create_index('ix_rate_events_kind_key_expires_at', ['kind', 'key', 'expires_at'], unique=False)

    op.create_table('device_keys',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('wrapped', sa.Text(), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_device_keys'))
    )
    op.create_table('security_events',
    sa.Column('id', BIGID, autoincrement=True, nullable=False),
    sa.Column('server_time', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('path', PATH, nullable=True),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_events'))
    )
    with op.batch_alter_table('security_events', schema=None) as batch_op:
        batch_op.create_index('ix_security_events_server_time', ['server_time'], unique=False)

    op.create_table('pending_conflicts',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('tbl', sa.String(length=24), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('path', PATH, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'tbl', 'id', name=op.f('pk_pending_conflicts'))
    )
    with op.batch_alter_table('pending_conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_pending_conflicts_path', ['path'], unique=False)

    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.drop_column('last_seen')
    with op.batch_alter_table('pending_conflicts', schema=None) as batch_op:
        batch_op.drop_index('ix_pending_conflicts_path')
    op.drop_table('pending_conflicts')
    with op.batch_alter_table('security_events', schema=None) as batch_op:
        batch_op.drop_index('ix_security_events_server_time')
    op.drop_table('security_events')
    op.drop_table('device_keys')
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_events_kind_key_expires_at')
        batch_op.drop_index('ix_rate_events_expires_at')
    op.drop_table('rate_events')
    op.drop_table('org_paths')
    op.drop_table('generation')
