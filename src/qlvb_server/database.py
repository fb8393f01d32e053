"""Opening the server database (SQLite file or PostgreSQL) and migrating it with Alembic."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(data_dir: Path, db: str | None) -> str:
    if db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db.removeprefix("postgresql://")
        return db
    return f"sqlite:///{data_dir / 'server.sqlite3'}"


def open_engine(url: str) -> Engine:
    """An engine with the write discipline of its dialect, migrated to the newest schema.

    SQLite: WAL, synchronous=FULL and BEGIN IMMEDIATE for every transaction, so writers queue
    on the lock instead of failing on upgrade. PostgreSQL: row locks (SELECT … FOR UPDATE).
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_size=8, max_overflow=16, pool_timeout=60)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    with engine.connect() as conn:
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        if current != head:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn
