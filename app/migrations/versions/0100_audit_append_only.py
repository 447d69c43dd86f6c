"""audit_entries is append-only: triggers refuse UPDATE and DELETE (PostgreSQL and SQLite)

Revision ID: 0100
Revises: 0001
Create Date: 2026-11-25

The application only ever inserts audit rows; these triggers make the database refuse anything else,
so neither a bug nor a stolen application credential can rewrite history through ordinary SQL.
(TRUNCATE stays possible for the database owner: the test fixtures empty tables with it.)
"""
from alembic import op

revision = '0100'
down_revision = '0001'
branch_labels = None
depends_on = None

MESSAGE = "audit_entries is append-only: UPDATE and DELETE are refused"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
            END
            $$ LANGUAGE plpgsql""")
        op.execute("""
            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()""")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS audit_entries_append_only()")
        return
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_entries_no_{verb}")
