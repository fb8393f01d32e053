"""The station's register with and without a server: numbering source, the outbox written in
the same transaction as the change, waiting-for-number placeholders, pulled changes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from qlvb_desktop.adapters.db.database import open_database
from qlvb_desktop.adapters.db.repository import SqliteRegister
from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal, adopt_local_registrations
from qlvb_desktop.domain.books import DEFAULT_BOOKS, INCOMING
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.errors import ClosedPeriodError
from qlvb_desktop.domain.registration import parse_draft
from qlvb_desktop.domain.sync import OpResult
from qlvb_desktop.services.audit import verify_audit

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def _draft(subject: str = "Văn bản", received: datetime = NOW):
    return parse_draft(
        {
            "issuer": "UBND tỉnh",
            "doc_type": "Công văn",
            "subject": subject,
            "received_at": received.isoformat(),
        },
        now=NOW,
    )


def _repo(path: Path, synced: bool) -> SqliteRegister:
    repo = SqliteRegister(open_database(path / "qlvb.sqlite3"))
    repo.synced = synced
    repo.ensure_books(DEFAULT_BOOKS)
    return repo


def _outbox(repo: SqliteRegister) -> list[tuple[str, str]]:
    with repo.engine.connect() as conn:
        return [(r.kind, r.uid) for r in conn.execute(text("SELECT kind, uid FROM outbox ORDER BY seq"))]


def test_without_a_server_numbering_is_local_and_nothing_is_queued(tmp_path):
    repo = _repo(tmp_path, synced=False)
    numbers = [repo.register(_draft(), INCOMING, actor="vt", now=NOW).arrival_number for _ in range(3)]
    assert numbers == [1, 2, 3]
    repo.void(1, "Nhầm", actor="vt", now=NOW)
    assert _outbox(repo) == []


def test_with_a_server_numbers_come_from_the_pool_then_wait(tmp_path):
    repo = _repo(tmp_path, synced=True)
    journal = SqliteSyncJournal(repo.engine)
    journal.add_to_pool("den", 2026, [41, 7, 8])
    got = [repo.register(_draft(f"v{i}"), INCOMING, actor="vt", now=NOW).arrival_number for i in range(5)]
    assert got == [7, 8, 41, -1, -2]
    assert journal.counts() == (5, 0, 2)
    ops = journal.pending(10)
    assert [op.payload["arrival_number"] for op in ops] == [7, 8, 41, None, None]
    # Waiting entries are not in the printed book.
    assert [r.arrival_number for r in repo.book_entries("den", 2026, None, None)] == [7, 8, 41]
    repo.update(1, _draft("Sửa trích yếu"), actor="vt", now=NOW)
    repo.add_trace(1, "Chuyển phòng KH", actor="vt", now=NOW)
    repo.void(2, "Trùng", actor="vt", now=NOW)
    kinds = [k for k, _ in _outbox(repo)]
    assert kinds[-3:] == ["update", "trace", "void"]
    assert journal.pending(10)[5].payload["changes"] == {"subject": "Sửa trích yếu"}
    assert journal.pending(10)[5].uid == journal.pending(10)[0].uid
    assert not verify_audit(repo)


def test_a_refused_change_queues_nothing(tmp_path):
    repo = _repo(tmp_path, synced=True)
    SqliteSyncJournal(repo.engine).add_to_pool("den", 2026, [1, 2])
    repo.close_period("den", 2026, date(2026, 3, 31), actor="vt", now=NOW)
    with pytest.raises(ClosedPeriodError):
        repo.register(_draft(), INCOMING, actor="vt", now=NOW)
    assert _outbox(repo) == []
    assert SqliteSyncJournal(repo.engine).pool("den", 2026) == [
        1,
        2,
    ]  # the number went back with the rollback


def test_server_decisions_renumber_and_fill_waiting_entries(tmp_path):
    repo = _repo(tmp_path, synced=True)
    journal = SqliteSyncJournal(repo.engine)
    journal.add_to_pool("den", 2026, [5])
    a = repo.register(_draft("a"), INCOMING, actor="vt", now=NOW)
    b = repo.register(_draft("b"), INCOMING, actor="vt", now=NOW)
    assert (a.arrival_number, b.arrival_number) == (5, -1)
    ops = journal.pending(10)
    # The server gave b number 5 and a number 6 (a's lease had expired, say).
    moved = journal.record(
        [OpResult(ops[0].op_id, "applied", ops[0].uid, 6), OpResult(ops[1].op_id, "applied", ops[1].uid, 5)]
    )
    assert sorted(m[2] for m in moved) == [5, 6]
    assert (repo.get(a.id).arrival_number, repo.get(b.id).arrival_number) == (6, 5)
    assert journal.counts() == (0, 0, 0)
    assert not verify_audit(repo)


def test_pulled_snapshot_inserts_updates_and_moves_a_colliding_local_entry(tmp_path):
    repo = _repo(tmp_path, synced=True)
    journal = SqliteSyncJournal(repo.engine)
    journal.add_to_pool("den", 2026, [3])
    mine = repo.register(_draft("của tôi"), INCOMING, actor="vt", now=NOW)
    snap = {
        "uid": "x" * 32,
        "book": "den",
        "year": 2026,
        "arrival_number": 3,
        "status": "registered",
        "fields": {
            "issuer": "Bộ Nội vụ",
            "doc_type": "Quyết định",
            "subject": "từ trạm khác",
            "received_at": NOW.isoformat(),
        },
        "files": [],
        "trace": [{"at": NOW.isoformat(), "actor": "vt2", "text": "Giao phòng TC"}],
        "void_reason": "",
        "created_at": NOW.isoformat(),
        "created_by": "vt2",
    }
    # My entry still has an unsent operation: a snapshot of it would be skipped, but this is another uid.
    assert journal.apply_snapshot(snap, "vt")
    theirs = repo.get(
        next(r.id for r in repo.get_many(list(range(1, 5))) if r.draft.subject == "từ trạm khác")
    )
    assert theirs.arrival_number == 3 and theirs.trace[0].text == "Giao phòng TC"
    assert repo.get(mine.id).arrival_number < 0  # moved aside until the server decides about it
    assert journal.apply_snapshot({**snap, "status": "voided", "void_reason": "Trùng"}, "vt")
    assert repo.get(theirs.id).void_reason == "Trùng"
    assert not verify_audit(repo)
    with repo.engine.connect() as conn:
        uid = conn.execute(text("SELECT uid FROM registrations WHERE id = :i"), {"i": mine.id}).scalar()
    assert not journal.apply_snapshot({**snap, "uid": uid}, "vt")  # pending local op: local state is newer


def test_first_login_queues_what_the_station_registered_alone(tmp_path):
    repo = _repo(tmp_path, synced=False)
    repo.register(_draft("a"), INCOMING, actor="vt", now=NOW)
    repo.register(_draft("b"), INCOMING, actor="vt", now=NOW)
    repo.void(2, "Nhầm", actor="vt", now=NOW)
    assert adopt_local_registrations(repo.engine) == 2
    assert [k for k, _ in _outbox(repo)] == ["register", "register", "void"]
    assert all(
        op.payload.get("arrival_number") is None
        for op in SqliteSyncJournal(repo.engine).pending(5)
        if op.kind == "register"
    )


def test_notices_say_which_entry_got_which_number_until_acknowledged(tmp_path):
    repo = _repo(tmp_path, synced=True)
    journal = SqliteSyncJournal(repo.engine)
    journal.add_to_pool("den", 2026, [5])
    a = repo.register(_draft("Lá thư a"), INCOMING, actor="vt", now=NOW)
    b = repo.register(_draft("Lá thư b"), INCOMING, actor="vt", now=NOW)
    c = repo.register(_draft("Lá thư c"), INCOMING, actor="vt", now=NOW)
    ops = journal.pending(10)
    journal.record(
        [
            OpResult(ops[0].op_id, "applied", ops[0].uid, 9),  # its lease had been taken back
            OpResult(ops[1].op_id, "applied", ops[1].uid, 10),  # it was waiting
            OpResult(ops[2].op_id, "rejected", ops[2].uid, 11, error="Chưa nhập Tên loại văn bản."),
        ]
    )
    got = [(n.subject, n.kind, n.old_number, n.new_number) for n in journal.notices()]
    assert got == [
        ("Lá thư a", "renumbered", 5, 9),
        ("Lá thư b", "numbered", -1, 10),
        ("Lá thư c", "voided", -2, 11),
    ]
    voided = repo.get(c.id)
    assert voided.arrival_number == 11 and voided.voided_at is not None
    assert voided.void_reason == "Máy chủ từ chối: Chưa nhập Tên loại văn bản." and voided.draft.subject == "Lá thư c"
    assert journal.counts() == (0, 1, 0)
    # The server's placeholder snapshot of the refused entry does not overwrite the station's text.
    snap = {
        "uid": ops[2].uid,
        "book": "den",
        "year": 2026,
        "arrival_number": 11,
        "status": "voided",
        "fields": {"issuer": "", "doc_type": "", "subject": "", "received_at": NOW.isoformat()},
        "files": [],
        "trace": [],
        "void_reason": "Máy chủ từ chối: Chưa nhập Tên loại văn bản.",
        "created_by": "vt",
    }
    assert journal.apply_snapshot(snap, "vt")
    assert repo.get(c.id).draft.subject == "Lá thư c" and repo.get(c.id).arrival_number == 11
    assert journal.acknowledge() == 4  # one rejected operation, three notices
    assert journal.notices() == [] and journal.counts() == (0, 0, 0)
    assert (repo.get(a.id).arrival_number, repo.get(b.id).arrival_number) == (9, 10)
    assert not verify_audit(repo)


def test_numbers_the_server_took_back_leave_the_pool(tmp_path):
    repo = _repo(tmp_path, synced=True)
    journal = SqliteSyncJournal(repo.engine)
    journal.add_to_pool("den", 2026, [1, 2, 3])
    journal.add_to_pool("mat-den", 2026, [1])
    assert journal.keep_only_held({("den", 2026): [2, 3, 4]}) == 2
    assert journal.pool("den", 2026) == [2, 3] and journal.pool("mat-den", 2026) == []
    assert journal.keep_only_held({("den", 2026): [2, 3]}) == 0


def test_a_swap_of_numbers_is_told_with_the_numbers_the_clerk_stamped(tmp_path):
    """The server gives a's number to b and b's to a (their leases were taken back): settling a
    first moves b out of the way, yet b's notice names the number b really had."""
    repo = _repo(tmp_path, synced=True)
    journal = SqliteSyncJournal(repo.engine)
    journal.add_to_pool("den", 2026, [1, 2])
    a = repo.register(_draft("Thư một"), INCOMING, actor="vt", now=NOW)
    b = repo.register(_draft("Thư hai"), INCOMING, actor="vt", now=NOW)
    ops = journal.pending(10)
    moved = journal.record(
        [OpResult(ops[0].op_id, "applied", ops[0].uid, 2), OpResult(ops[1].op_id, "applied", ops[1].uid, 3)]
    )
    assert sorted(moved) == sorted([(ops[0].uid, 1, 2), (ops[1].uid, 2, 3)])
    assert [(n.subject, n.kind, n.old_number, n.new_number) for n in journal.notices()] == [
        ("Thư một", "renumbered", 1, 2),
        ("Thư hai", "renumbered", 2, 3),
    ]
    assert (repo.get(a.id).arrival_number, repo.get(b.id).arrival_number) == (2, 3)
    assert not verify_audit(repo)
