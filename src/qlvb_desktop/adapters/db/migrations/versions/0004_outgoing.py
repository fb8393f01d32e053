"""The outgoing register (SPEC §8) and electronic documents refused at intake (SPEC §2).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE outgoing (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        book TEXT NOT NULL REFERENCES books(code),
        year INTEGER NOT NULL,
        series TEXT NOT NULL DEFAULT '',
        number INTEGER NOT NULL,
        notation TEXT NOT NULL,
        number_text TEXT NOT NULL,
        issued_date TEXT NOT NULL,
        doc_type TEXT NOT NULL,
        subject TEXT NOT NULL,
        signer_name TEXT NOT NULL DEFAULT '',
        signer_title TEXT NOT NULL DEFAULT '',
        recipients TEXT NOT NULL DEFAULT '',
        archive_unit TEXT NOT NULL DEFAULT '',
        copies INTEGER,
        normative INTEGER NOT NULL DEFAULT 0,
        file_sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        export_name TEXT NOT NULL,
        export_path TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'issued',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        void_reason TEXT NOT NULL DEFAULT '',
        voided_at TEXT,
        voided_by TEXT NOT NULL DEFAULT '',
        CONSTRAINT uq_outgoing_series_number UNIQUE (book, year, series, number)
    )""",
    "CREATE INDEX ix_outgoing_issued ON outgoing (issued_date)",
    """CREATE TABLE refusals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        reason TEXT NOT NULL,
        verdict TEXT NOT NULL,
        verification TEXT NOT NULL DEFAULT '',
        sender TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        told_at TEXT,
        told_by TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX ix_refusals_told ON refusals (told_at, id)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in ("refusals", "outgoing"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
