"""Opening the local SQLite database: durability pragmas, write transactions that take the
lock up front, and migrations to the newest schema."""

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
from sqlalchemy.exc import OperationalError

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000


def _alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def open_database(path: Path) -> Engine:
    """An engine on `path`, created and migrated if needed.

    WAL with synchronous=FULL: a registration that was reported saved survives a power cut.
    Write transactions start with BEGIN IMMEDIATE (see `write`), so two processes numbering into
    one book queue on the lock instead of both reading the same "next number".
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # A small pool keeps connections (and their pragmas) open between transactions.
    engine = create_engine(f"sqlite:///{path}", pool_size=4, max_overflow=8)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    try:
        migrate(engine)
    except OperationalError as exc:
        raise EnvironmentProblem(
            QT_TRANSLATE_NOOP("Errors", "Không mở được cơ sở dữ liệu {path}: {reason}"),
            path=str(path),
            reason=str(exc.orig),
        ) from exc
    return engine


def migrate(engine: Engine) -> None:
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        if current != head:
            command.upgrade(_alembic_config(conn), "head")
            conn.commit()


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A write transaction holding the database's write lock from its first statement."""
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        yield conn


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot (WAL readers never block the writer)."""
    with engine.connect() as conn, conn.begin():
        yield conn
