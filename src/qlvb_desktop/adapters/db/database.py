"""Opening the local SQLite database: durability pragmas, write transactions that take the
lock up front, migrations to the newest schema, and every SQLite failure sorted into the kinds
of `domain.errors` in one place (`sqlite_problem`, like qutebrowser's `raise_sqlite_error`).

Reads never take the write lock: opening a database that is already at the newest schema only
reads, so `qlvb search`, `show` and `audit verify` run while another process registers.
"""

from __future__ import annotations

import os
import shutil
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
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError

from qlvb_desktop.domain.errors import (
    QT_TRANSLATE_NOOP,
    EnvironmentProblem,
    StorageBusy,
    StorageCorrupt,
    StorageFull,
    StorageIOError,
    StorageReadOnly,
    storage_problem,
)

MIGRATIONS = Path(__file__).with_name("migrations")
# The bounded retry on a busy database: SQLite's busy handler retries taking the lock for this
# long, then the clerk is told the register is busy. QLVB_BUSY_TIMEOUT_MS shortens it (tests).
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"
FULL_BELOW_BYTES = 1 << 20  # an I/O error with less free space than this is a full disk

# Primary SQLite result codes (https://sqlite.org/rescode.html); extended codes keep them in
# their low byte.
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 10, 11, 13, 14, 26


def busy_timeout_ms() -> int:
    try:
        return max(0, int(os.environ.get("QLVB_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS


def sqlite_problem(exc: BaseException, path: Path) -> EnvironmentProblem | None:
    """The kind of problem a SQLite error is, or None when it is a bug (bad SQL, a constraint)."""
    if isinstance(exc, DBAPIError):
        exc = exc.orig  # type: ignore[assignment]
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    where = str(path)
    if primary in (_BUSY, _LOCKED):
        return StorageBusy(where)
    if primary == _FULL:
        return StorageFull(where)
    if primary in (_READONLY, _PERM):
        return StorageReadOnly(where)
    if primary in (_CORRUPT, _NOTADB):
        return StorageCorrupt(where)
    if primary == _CANTOPEN:
        # Usually a folder without write permission (the WAL index cannot be created).
        return StorageReadOnly(where) if not os.access(path.parent, os.W_OK) else StorageIOError(where, str(exc))
    if primary == _IOERR:
        # A full disk shows up as an I/O error when SQLite grows its WAL index (IOERR_SHMSIZE)
        # rather than as SQLITE_FULL: the free space tells the two apart.
        detail = f"{exc} [{getattr(exc, 'sqlite_errorname', '')}]"  # the extended code tells support which I/O
        return StorageFull(where) if _nearly_full(path) else StorageIOError(where, detail)
    return None


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
    except OSError:
        return False


# Files this process already opened through SQLite. Their header is checked only once: closing
# any descriptor of a file drops every POSIX lock the process holds on it, so reading the header
# again with a plain open()/close() while a connection of this process is open would silently
# release that connection's SQLite locks (https://sqlite.org/howtocorrupt.html, 2.2).
_opened: set[Path] = set()


def _check_header(path: Path) -> None:
    """Refuse a file that is not a SQLite database before SQLite touches it: a damaged header must
    never be "repaired" by creating a fresh empty register over the clerk's data."""
    key = path.resolve()
    if key in _opened:
        return
    try:
        with path.open("rb") as f:
            head = f.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise storage_problem(exc, path) from exc
    if head and (len(head) < 100 or not head.startswith(SQLITE_HEADER)):
        raise StorageCorrupt(str(path))
    _opened.add(key)


def _alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def open_database(path: Path) -> Engine:
    """An engine on `path`, created and migrated if needed.

    WAL with synchronous=FULL: a registration that was reported saved survives a power cut.
    Write transactions start with BEGIN IMMEDIATE (see `write`), so two processes numbering into
    one book queue on the lock instead of both reading the same "next number". Every SQLite
    error of the machine (busy, full, read-only, corrupt, I/O) leaves the engine as the matching
    `EnvironmentProblem`.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_problem(exc, path.parent) from exc
    _check_header(path)
    # A small pool keeps connections (and their pragmas) open between transactions.
    engine = create_engine(f"sqlite:///{path}", pool_size=4, max_overflow=8)
    timeout = busy_timeout_ms()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {timeout}")
        # Only a new file needs the switch to WAL (it writes the header); asking an existing WAL
        # database again would be a no-op, but a read-only one could not even answer it.
        if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "handle_error")
    def _classify(context: ExceptionContext) -> None:
        problem = sqlite_problem(context.original_exception, path)
        if problem is not None:
            raise problem from context.original_exception

    try:
        migrate(engine)
    except EnvironmentProblem:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise EnvironmentProblem(
            QT_TRANSLATE_NOOP("Errors", "Không mở được cơ sở dữ liệu {path}: {reason}"),
            path=str(path),
            reason=str(exc.orig),
        ) from exc
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. The check only reads; the write lock is taken
    (and the revision read again under it) only when there is something to upgrade."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    if current == head:
        return
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
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


def integrity_problems(engine: Engine, path: Path) -> list[str]:
    """SQLite's own check of the file (`PRAGMA quick_check`: every page, every index entry);
    [] when the file is sound. A file too damaged to be read at all raises StorageCorrupt."""
    with read(engine) as conn:
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check").all()]
    return [] if rows == ["ok"] else rows
