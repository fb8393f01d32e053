"""The incoming register: books, registrations, files, trace, closures, audit chain, search index.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE books (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        secret INTEGER NOT NULL DEFAULT 0,
        direction TEXT NOT NULL DEFAULT 'incoming'
    )""",
    """CREATE TABLE registrations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        book TEXT NOT NULL REFERENCES books(code),
        year INTEGER NOT NULL,
        arrival_number INTEGER NOT NULL,
        status TEXT NOT NULL,
        received_at TEXT NOT NULL,
        received_date TEXT NOT NULL,
        channel TEXT NOT NULL,
        issuer TEXT NOT NULL,
        issuer_parent TEXT NOT NULL DEFAULT '',
        code_number TEXT NOT NULL DEFAULT '',
        code_notation TEXT NOT NULL DEFAULT '',
        issued_date TEXT,
        place TEXT NOT NULL DEFAULT '',
        doc_type TEXT NOT NULL,
        subject TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT '',
        page_count INTEGER,
        note TEXT NOT NULL DEFAULT '',
        signer_title TEXT NOT NULL DEFAULT '',
        signer_name TEXT NOT NULL DEFAULT '',
        signer_authority TEXT NOT NULL DEFAULT '',
        urgency TEXT NOT NULL DEFAULT '',
        priority INTEGER NOT NULL DEFAULT 0,
        confidentiality TEXT NOT NULL DEFAULT '',
        to_places TEXT NOT NULL DEFAULT '',
        due_date TEXT,
        document_id TEXT NOT NULL DEFAULT '',
        file_organ_id TEXT NOT NULL DEFAULT '',
        file_catalog TEXT NOT NULL DEFAULT '',
        file_notation TEXT NOT NULL DEFAULT '',
        doc_ordinal INTEGER,
        duplicate_key TEXT NOT NULL DEFAULT '',
        document_id_key TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        void_reason TEXT NOT NULL DEFAULT '',
        voided_at TEXT,
        voided_by TEXT NOT NULL DEFAULT '',
        correction_of INTEGER REFERENCES registrations(id),
        CONSTRAINT uq_book_year_number UNIQUE (book, year, arrival_number)
    )""",
    "CREATE INDEX ix_registrations_dup ON registrations (year, duplicate_key)",
    "CREATE INDEX ix_registrations_docid ON registrations (year, document_id_key)",
    "CREATE INDEX ix_registrations_received ON registrations (received_date)",
    "CREATE INDEX ix_registrations_priority ON registrations (priority, id)",
    """CREATE TABLE registration_files (
        registration_id INTEGER NOT NULL REFERENCES registrations(id),
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (registration_id, position)
    )""",
    """CREATE TABLE trace_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        registration_id INTEGER NOT NULL REFERENCES registrations(id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        text TEXT NOT NULL
    )""",
    "CREATE INDEX ix_trace_registration ON trace_entries (registration_id)",
    """CREATE TABLE closures (
        book TEXT NOT NULL REFERENCES books(code),
        year INTEGER NOT NULL,
        through TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        PRIMARY KEY (book, year, through)
    )""",
    """CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        registration_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE INDEX ix_audit_registration ON audit_events (registration_id, seq)",
    # Search index over the folded words kept in registrations.search_text (external content,
    # so the text is stored once); the triggers keep it in step with every writer.
    """CREATE VIRTUAL TABLE registration_fts USING fts5(
        search_text, content='registrations', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='1 2 3', detail='column'
    )""",
    """CREATE TRIGGER registrations_fts_insert AFTER INSERT ON registrations BEGIN
        INSERT INTO registration_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER registrations_fts_delete AFTER DELETE ON registrations BEGIN
        INSERT INTO registration_fts(registration_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER registrations_fts_update AFTER UPDATE OF search_text ON registrations BEGIN
        INSERT INTO registration_fts(registration_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO registration_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in ("registration_fts", "audit_events", "closures", "trace_entries", "registration_files",
                  "registrations", "books"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
