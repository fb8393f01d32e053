"""Outgoing numbers leased from the server and outgoing records / refusals shared with the
other stations (issue 12 item 6): the pool of leased outgoing numbers per series, and a shared
id for each refusal (the outgoing register already has one).

Revision ID: 0012_outgoing_sync
Revises: 0015_entry_files
"""

from alembic import op

revision = "0012_outgoing_sync"
down_revision = "0015_entry_files"
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE outgoing_pool (
        book TEXT NOT NULL,
        series TEXT NOT NULL DEFAULT '',
        year INTEGER NOT NULL,
        number INTEGER NOT NULL,
        PRIMARY KEY (book, series, year, number)
    )""",
    "ALTER TABLE refusals ADD COLUMN uid TEXT",
    "UPDATE refusals SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL",
    "CREATE UNIQUE INDEX ux_refusals_uid ON refusals (uid)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ux_refusals_uid")
    op.execute("ALTER TABLE refusals DROP COLUMN uid")
    op.execute("DROP TABLE IF EXISTS outgoing_pool")
