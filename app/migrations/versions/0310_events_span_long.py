"""events: a partial index on the events whose span is longer than seven days

Revision ID: 0310
Revises: 0300
Create Date: 2026-11-26

Checking a candidate asks for the stored events overlapping a few days. With ix_events_span alone that
reads every event starting before the window's end (half the table on average), since a span's length is
unbounded. With this index the query takes the short spans from ix_events_span (span_start bounded below
by the window's start minus seven days) and the few long ones from here (app.models.event.LONG_SPAN_SQL).
"""
import sqlalchemy as sa
from alembic import op

revision = '0310'
down_revision = '0300'
branch_labels = None
depends_on = None

LONG_SPAN_SQL = {"sqlite": "julianday(span_end) - julianday(span_start) > 7",
                 "postgresql": "span_end - span_start > interval '7 days'"}


def upgrade() -> None:
    where = sa.text(LONG_SPAN_SQL[op.get_bind().dialect.name])
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_span_long', ['span_end', 'span_start'], unique=False,
                              sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_span_long')
