"""Case files (issue 17, SPEC §11): the yearly list "Danh mục hồ sơ", the case files opened
from it or ad hoc, and the documents filed into them (one document may be in several files,
never copied: a row per membership, ordered by DocOrdinal).

Revision ID: 0011_casefiles
Revises: 0004
"""

from alembic import op

revision = "0011_casefiles"
down_revision = "0004"
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE casefile_list (
        year INTEGER NOT NULL,
        position INTEGER NOT NULL,
        level INTEGER NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        notation TEXT NOT NULL DEFAULT '',
        retention INTEGER,
        creator TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (year, position)
    )""",
    """CREATE TABLE casefiles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        year INTEGER NOT NULL,
        notation TEXT NOT NULL,
        title TEXT NOT NULL,
        retention INTEGER,
        creator TEXT NOT NULL DEFAULT '',
        organ_id TEXT NOT NULL DEFAULT '',
        start_date TEXT NOT NULL,
        end_date TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        description TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'Tiếng Việt',
        rights TEXT NOT NULL DEFAULT 'Công khai',
        listed INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT NOT NULL DEFAULT '',
        CONSTRAINT uq_casefile_year_notation UNIQUE (year, notation)
    )""",
    """CREATE TABLE casefile_documents (
        casefile_id INTEGER NOT NULL REFERENCES casefiles(id),
        ordinal INTEGER NOT NULL,
        kind TEXT NOT NULL,
        ref_id INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL,
        PRIMARY KEY (casefile_id, ordinal),
        CONSTRAINT uq_casefile_document UNIQUE (casefile_id, kind, ref_id)
    )""",
    "CREATE INDEX ix_casefile_documents_ref ON casefile_documents (kind, ref_id)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in ("casefile_documents", "casefiles", "casefile_list"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
