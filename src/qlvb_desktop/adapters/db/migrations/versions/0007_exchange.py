"""edXML exchange (SPEC §9): packages received (the inbox) and status packets both ways.

Revision ID: 0007_exchange
Revises: 0011_casefiles
"""

from alembic import op

revision = "0007_exchange"
down_revision = "0011_casefiles"
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE exchange_inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        document_id TEXT NOT NULL DEFAULT '',
        business_type INTEGER NOT NULL DEFAULT 0,
        sender_id TEXT NOT NULL DEFAULT '',
        sender_name TEXT NOT NULL DEFAULT '',
        number TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        urgency TEXT NOT NULL DEFAULT '',
        verdict TEXT NOT NULL,
        summary TEXT NOT NULL,
        package_sha256 TEXT NOT NULL,
        package_name TEXT NOT NULL,
        package_size INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'received',
        reason TEXT NOT NULL DEFAULT '',
        registration_id INTEGER REFERENCES registrations(id),
        handled_at TEXT,
        handled_by TEXT NOT NULL DEFAULT '',
        CONSTRAINT uq_exchange_inbox_package UNIQUE (package_sha256)
    )""",
    "CREATE INDEX ix_exchange_inbox_document ON exchange_inbox (document_id)",
    """CREATE TABLE exchange_status (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        document_id TEXT NOT NULL,
        organ_id TEXT NOT NULL DEFAULT '',
        organ_name TEXT NOT NULL DEFAULT '',
        status_code TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        package_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT '',
        CONSTRAINT uq_exchange_status UNIQUE (direction, document_id, organ_id, status_code, at)
    )""",
    "CREATE INDEX ix_exchange_status_document ON exchange_status (document_id, at)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in ("exchange_status", "exchange_inbox"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
