"""conflict decisions: acknowledged / waived / resolved, with a note, by stable conflict key

Revision ID: 0300
Revises: 0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = '0300'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflict_decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('rule', sa.String(length=30), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_decisions'))
    )
    with op.batch_alter_table('conflict_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_decisions_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_decisions_decided_at'), ['decided_at'], unique=False)


def downgrade() -> None:
    op.drop_table('conflict_decisions')
