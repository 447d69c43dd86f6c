"""iCal feeds and import: private feed tokens, recurrence overrides kept from imports

Revision ID: 0002_feeds
Revises: 0001
Create Date: 2026-11-25

Imported events without a place are drafts: events.geometry is already nullable (0001), so no column
is added for that; a draft has geometry NULL and no municipalities until a planner gives it a place.
"""
import sqlalchemy as sa
from alembic import op

revision = '0002_feeds'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed_tokens',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('scope_value', sa.String(length=500), nullable=False),
    sa.Column('classification', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_tokens')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_feed_tokens_secret_hash'))
    )
    op.create_table('event_overrides',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('recurrence_id', sa.DateTime(timezone=True), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_overrides_event_id_events'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_overrides')),
    sa.UniqueConstraint('event_id', 'recurrence_id', name=op.f('uq_event_overrides_event_id'))
    )
    with op.batch_alter_table('event_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_overrides_event_id'), ['event_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_overrides_event_id'))
    op.drop_table('event_overrides')
    op.drop_table('feed_tokens')
