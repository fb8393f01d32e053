"""edXML packages we sent, one row per recipient (issue 15): the sent list shows a document as
soon as it leaves ("đã gửi"), before any status packet comes back, and a revocation request we
sent (BussinessDocType 1, what status 13 names) until the recipient answers 15 or 16.

Revision ID: 0014_exchange_sent
Revises: 0007_exchange
"""

from alembic import op

revision = "0014_exchange_sent"
down_revision = "0007_exchange"
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE exchange_sent (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL,
        outgoing_id INTEGER,
        organ_id TEXT NOT NULL,
        organ_name TEXT NOT NULL DEFAULT '',
        business_type INTEGER NOT NULL DEFAULT 0,
        number TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        package_name TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT '',
        CONSTRAINT uq_exchange_sent UNIQUE (package_name, organ_id)
    )""",
    "CREATE INDEX ix_exchange_sent_document ON exchange_sent (document_id, sent_at)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS exchange_sent")
