"""records.day: a meeting's start date in a column of its own (first downloads split by it)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day', sa.String(length=10), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        start = "CAST(doc AS json)->'fields'->>'start'"
    else:
        start = "json_extract(doc, '$.fields.start')"
    op.execute(f"UPDATE records SET day = NULLIF(substr(COALESCE({start}, ''), 1, 10), '') "
               "WHERE tbl = 'meetings'")


def downgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_column('day')
