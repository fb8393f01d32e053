"""Handling of incoming documents (issue 7): when a registration was marked handled, by whom.

Kept beside the register rather than as a status, so a handled document keeps its register
status (registered) and the printed book does not change; the mark is also a line of field 17.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE handling (
        registration_id INTEGER PRIMARY KEY REFERENCES registrations(id),
        handled_at TEXT NOT NULL,
        handled_by TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )""",
    # The deadline views read every registered row's arrival, due date and priority.
    "CREATE INDEX ix_registrations_open ON registrations (status, id, received_at, due_date, priority)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_registrations_open")
    op.execute("DROP TABLE IF EXISTS handling")
