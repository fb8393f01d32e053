"""Opening the server database (SQLite file or PostgreSQL) and migrating it with Alembic."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, CursorResult, Engine, create_engine, event

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
            # Reads take no write lock (WAL: they see the last commit and never wait).
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("qlvb_read") else "BEGIN IMMEDIATE")
    else:
        # Every network call has a bound: connecting (10 s) and any one statement (60 s, a lock
        # wait included); past it the request is answered 503 "busy, retry" instead of hanging.
        engine = create_engine(
            url,
            pool_size=10,
            max_overflow=20,
            pool_pre_ping=True,
            pool_timeout=60,
            connect_args={"connect_timeout": 10, "options": "-c statement_timeout=60000"},
        )
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


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an INSERT added."""
    key = result.inserted_primary_key
    if key is None:  # only for statements that are not a single-row INSERT: a programming error
        raise RuntimeError("inserted_id() needs the result of a single-row INSERT")
    return int(key[0])


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that only reads: on SQLite a deferred BEGIN, so it neither takes nor waits
    for the write lock; on PostgreSQL READ ONLY."""
    with engine.connect() as conn:
        conn = conn.execution_options(qlvb_read=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield conn


T = TypeVar("T")


class _Job(Generic[T]):
    def __init__(self, work: Callable[[Connection], T]) -> None:
        self.work = work
        self.result: T | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()


class GroupCommit:
    """Runs write units that arrive concurrently in one transaction (one disk sync for all of
    them), on one committer thread. A unit that fails leaves no trace (the group runs again
    without it); a failed commit fails every unit of the group (none was applied). Under load
    this turns N fsyncs into one, which is what bounds the latency of a registration."""

    def __init__(self, engine: Engine, max_group: int = 64) -> None:
        self.engine = engine
        self.max_group = max_group
        self._queue: queue.SimpleQueue[_Job[Any]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def run(self, work: Callable[[Connection], T]) -> T:
        job: _Job[T] = _Job(work)
        self._ensure_thread()
        self._queue.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[return-value]

    def _ensure_thread(self) -> None:
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._loop, name="qlvb-group-commit", daemon=True)
                    self._thread.start()

    def _loop(self) -> None:
        while True:
            jobs = [self._queue.get()]
            while len(jobs) < self.max_group:
                try:
                    jobs.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._commit(jobs)

    def _commit(self, jobs: list[_Job[Any]]) -> None:
        """One transaction for the group, without a savepoint per unit (each costs round trips
        on PostgreSQL): a unit that raises is rare, so then the transaction is rolled back and
        the group runs again without it."""
        remaining = jobs
        try:
            while remaining:
                failed: _Job[Any] | None = None
                with transaction(self.engine) as conn:
                    for job in remaining:
                        try:
                            job.result = job.work(conn)
                        except Exception as exc:  # this unit only; the others run again
                            job.error = exc
                            failed = job
                            break
                    if failed is not None:
                        conn.rollback()
                if failed is None:
                    return
                remaining = [j for j in remaining if j is not failed]
                for job in remaining:
                    job.result = None
        except Exception as exc:  # the transaction itself failed: nothing of it was applied
            for job in remaining:
                if job.error is None:
                    job.error = exc
                    job.result = None
        finally:
            for job in jobs:
                job.done.set()
