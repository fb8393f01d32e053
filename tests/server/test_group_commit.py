"""Group commit on a real SQLite file: concurrent units share transactions (fewer commits than
units), a failing unit is rolled back alone, and every other unit is durable."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Connection, event, text

from qlvb_server.database import GroupCommit, database_url, open_engine


def test_concurrent_units_share_commits_and_fail_alone(tmp_path: Path) -> None:
    engine = open_engine(database_url(tmp_path, None))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (k INTEGER PRIMARY KEY)"))
    commits = [0]
    event.listen(engine, "commit", lambda _conn: commits.__setitem__(0, commits[0] + 1))
    group = GroupCommit(engine)
    errors: list[BaseException] = []
    barrier = threading.Barrier(40)

    def unit(k: int) -> None:
        def work(conn: Connection) -> int:
            conn.execute(text("INSERT INTO t (k) VALUES (:k)"), {"k": k})
            if k % 10 == 7:
                raise ValueError(f"unit {k} refuses")
            return k

        barrier.wait()
        try:
            assert group.run(work) == k
        except ValueError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=unit, args=(k,)) for k in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(str(e) for e in errors) == sorted(f"unit {k} refuses" for k in (7, 17, 27, 37))
    engine.dispose()
    reopened = open_engine(database_url(tmp_path, None))
    with reopened.connect() as conn:
        stored = sorted(conn.execute(text("SELECT k FROM t")).scalars())
    assert stored == [k for k in range(40) if k % 10 != 7]
    assert 1 <= commits[0] < 40  # grouped: fewer disk syncs than units
    reopened.dispose()


def test_a_failed_commit_fails_every_unit_of_the_group(tmp_path: Path) -> None:
    engine = open_engine(database_url(tmp_path, None))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (k INTEGER PRIMARY KEY)"))

    @event.listens_for(engine, "commit")
    def _fail(_conn: Connection) -> None:
        raise OSError(28, "No space left on device")

    group = GroupCommit(engine)
    with pytest.raises(OSError, match="No space"):
        group.run(lambda conn: conn.execute(text("INSERT INTO t (k) VALUES (1)")))
    event.remove(engine, "commit", _fail)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM t")).scalar() == 0
    engine.dispose()
