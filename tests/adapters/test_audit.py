"""`qlvb audit verify` finds rows edited or deleted behind the app's back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace

import pytest

from qlvb_desktop.domain.audit import event_hash
from qlvb_desktop.services.audit import verify_audit

DOC = {"issuer": "Sở Y tế", "doc_type": "Báo cáo", "subject": "Báo cáo tình hình dịch bệnh", "number": "3/BC-SYT"}


@pytest.fixture
def filled(core):
    regs = [core.register.register({**DOC, "number": f"{i}/BC-SYT"}) for i in range(1, 5)]
    core.register.void(regs[1].id, "nhầm")
    core.register.add_trace(regs[2].id, "Chuyển Phòng Nghiệp vụ")
    assert verify_audit(core.repo) == []
    return core, regs


def sql(core, statement, *params):
    with closing(sqlite3.connect(core.data_dir / "qlvb.sqlite3")) as conn, conn:
        conn.execute(statement, params)


def messages(core):
    return [p.message for p in verify_audit(core.repo)]


def test_edited_registration_row_is_named(filled):
    core, regs = filled
    sql(core, "UPDATE registrations SET subject = 'Giả mạo' WHERE id = ?", regs[0].id)
    [msg] = messages(core)
    assert f"id {regs[0].id}" in msg and "subject" in msg


def test_deleted_registration_row_is_named(filled):
    core, regs = filled
    sql(core, "DELETE FROM registration_files WHERE registration_id = ?", regs[3].id)
    sql(core, "DELETE FROM registrations WHERE id = ?", regs[3].id)
    assert messages(core) == [f"Văn bản id {regs[3].id} đã bị xóa khỏi sổ."]


def test_edited_event_is_named(filled):
    core, _ = filled
    sql(core, "UPDATE audit_events SET actor = 'kẻ gian' WHERE seq = 2")
    assert any("số 2" in m and "bị sửa" in m for m in messages(core))


def test_deleted_event_is_named(filled):
    core, _ = filled
    sql(core, "DELETE FROM audit_events WHERE seq = 3")
    assert any("số 3" in m and "bị xóa" in m for m in messages(core))


def test_deleting_the_last_event_shows_in_the_registration_state(filled):
    core, regs = filled
    last = max(e.seq for e in core.repo.audit_events())
    sql(core, "DELETE FROM audit_events WHERE seq = ?", last)
    assert any(f"id {regs[2].id}" in m for m in messages(core))


def test_row_inserted_outside_the_app_is_named(filled):
    core, _ = filled
    sql(
        core,
        "INSERT INTO registrations (book, year, arrival_number, status, received_at, received_date, channel, issuer, "
        "doc_type, subject, created_at, created_by) VALUES ('den', 2026, 99, 'registered', "
        "'2026-01-01T08:00:00+07:00', '2026-01-01', 'paper', 'X', 'Công văn', 'Y', '2026-01-01T08:00:00+07:00', 'x')",
    )
    assert any("không có trong nhật ký" in m for m in messages(core))


def test_recomputed_chain_still_differs_from_rows(filled):
    """Rewriting an event and recomputing its hash does not hide the edit: the next link breaks."""
    core, _ = filled
    first = core.repo.audit_events()[0]
    forged = replace(first, actor="kẻ gian")
    forged_hash = event_hash(forged.prev_hash, forged.body())
    sql(core, "UPDATE audit_events SET actor = ?, hash = ? WHERE seq = 1", "kẻ gian", forged_hash)
    found = messages(core)
    assert "Sự kiện nhật ký số 2 bị nối sai." in found
    assert not any("số 1 " in m for m in found)  # event 1 itself is self-consistent now
