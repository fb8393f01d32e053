"""Sync with the central server: a stable id per registration, the outbox of operations, the
pool of leased arrival numbers, and the sync cursor and status.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATEMENTS = [
    # Client-generated id shared with the server and every station (NULL only for rows made
    # before this migration, which never left the station).
    "ALTER TABLE registrations ADD COLUMN uid TEXT",
    "CREATE UNIQUE INDEX ux_registrations_uid ON registrations (uid)",
    # Written in the same transaction as the change it describes; sent in seq order.
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        uid TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        error TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX ix_outbox_state ON outbox (state, seq)",
    # Arrival numbers leased from the server, used offline lowest first.
    """CREATE TABLE number_pool (
        book TEXT NOT NULL,
        year INTEGER NOT NULL,
        number INTEGER NOT NULL,
        PRIMARY KEY (book, year, number)
    )""",
    "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in ("sync_state", "number_pool", "outbox"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute("DROP INDEX IF EXISTS ux_registrations_uid")
    op.execute("ALTER TABLE registrations DROP COLUMN uid")
