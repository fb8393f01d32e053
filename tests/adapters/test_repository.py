"""The register on a real SQLite file, through the services."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta

import pytest

from qlvb_desktop.domain.clock import VN_TZ, now_vn
from qlvb_desktop.domain.errors import ClosedPeriodError, DuplicateError, NotFoundError, UserError, ValidationError
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Status, Urgency
from tests.samples import tiny_pdf

DOC = {
    "issuer": "Ủy ban nhân dân tỉnh Tuyên Quang",
    "number": "15/QĐ-UBND",
    "doc_type": "Quyết định",
    "subject": "Về việc ban hành Quy chế công tác văn thư",
    "signer_name": "Đặng Văn Hùng",
    "to_places": "Phòng Hành chính",
}


def reg(core, **extra):
    return core.register.register({**DOC, **extra}, confirm_duplicate=True)


def test_numbers_start_at_one_per_book_and_year(core):
    a = reg(core, received_at="2025-12-31T16:00:00+07:00")
    b = reg(core, received_at="2026-01-01T08:00:00+07:00")
    c = reg(core, received_at="2026-01-02T08:00:00+07:00")
    secret = reg(core, confidentiality="Mật", received_at="2026-01-02T09:00:00+07:00")
    assert (a.year, a.arrival_number) == (2025, 1)
    assert (b.year, b.arrival_number, c.arrival_number) == (2026, 1, 2)
    assert (secret.book, secret.arrival_number) == ("mat-den", 1)


def test_year_is_taken_in_vietnam_time(core):
    # 17:30 UTC on 31 December is 00:30 on 1 January in Vietnam.
    r = reg(core, received_at="2025-12-31T17:30:00+00:00")
    assert r.year == 2026
    assert r.draft.received_at.isoformat() == "2026-01-01T00:30:00+07:00"


def test_registration_round_trips_all_fields(core, tmp_path):
    attachment = tmp_path / "công văn.pdf"
    tiny_pdf(attachment, "test")
    data = {
        **DOC,
        "issuer_parent": "Bộ Nội vụ",
        "issued_date": "2026-01-05",
        "place": "Tuyên Quang",
        "page_count": 3,
        "language": "Tiếng Việt",
        "note": "Bản chính",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_authority": "KT. CHỦ TỊCH",
        "urgency": "Khẩn",
        "due_date": "2026-02-01",
        "channel": "hand",
        "document_id": "000.00.04.G14,2026/01/05,15/QĐ-UBND",
        "file_organ_id": "000.00.04.G14",
        "file_catalog": "2026",
        "file_notation": "HS-01",
        "doc_ordinal": 2,
        "instruction": "Giao Phòng Hành chính chủ trì",
        "received_at": "2026-01-06T09:15:00+07:00",
    }
    r = core.register.register(data, [attachment])
    again = core.register.get(r.id).to_json()
    for key, value in data.items():
        if key in ("instruction", "received_at"):
            continue
        assert again[key] == value, key
    assert again["received_at"] == "2026-01-06T09:15:00+07:00"
    assert again["priority"] == 1
    assert again["trace"][0]["text"] == "Giao Phòng Hành chính chủ trì"
    [f] = again["files"]
    assert (f["name"], f["size"]) == ("công văn.pdf", attachment.stat().st_size)
    assert core.files.path_of(f["sha256"]).read_bytes() == attachment.read_bytes()


def test_duplicate_warning_by_number_notation_issuer_or_identifier(core):
    first = core.register.register({**DOC, "document_id": "ID-1"})
    with pytest.raises(DuplicateError) as err:
        core.register.register({**DOC, "number": "15/qđ-ubnd", "issuer": DOC["issuer"].upper()})
    assert [d.id for d in err.value.duplicates] == [first.id]
    assert "1/" in err.value.message
    with pytest.raises(DuplicateError):
        core.register.register({**DOC, "number": "99/QĐ-UBND", "document_id": "id-1"})
    # Another year, another number, or a voided original: no warning.
    core.register.register({**DOC, "received_at": "2025-06-01T08:00:00+07:00"})
    core.register.register({**DOC, "number": "16/QĐ-UBND"})
    core.register.void(first.id, "Vào sổ nhầm")
    core.register.register(DOC)


def test_duplicate_confirmed_registers(core):
    reg(core)
    second = reg(core)
    assert second.arrival_number == 2


def test_void_keeps_the_number_and_records_who_when_why(core):
    a = reg(core)
    b = reg(core)
    voided = core.register.void(a.id, "  Vào sổ nhầm  ")
    assert voided.status is Status.VOIDED
    assert (voided.void_reason, voided.voided_by) == ("Vào sổ nhầm", core.register.actor)
    assert voided.voided_at is not None
    c = reg(core)
    assert c.arrival_number == b.arrival_number + 1  # never reused
    with pytest.raises(ValidationError):
        core.register.void(b.id, "   ")
    with pytest.raises(UserError):
        core.register.void(a.id, "again")
    with pytest.raises(UserError):
        core.register.update(a.id, {"subject": "x"})


def test_update_changes_fields_and_search_index(core):
    r = reg(core)
    core.register.update(r.id, {"subject": "Về việc tổ chức Hội nghị tổng kết", "urgency": "Hỏa tốc"})
    assert core.register.search(SearchQuery(text="hoi nghi tong ket")) == [r.id]
    assert core.register.search(SearchQuery(text="quy che van thu")) == []
    assert core.register.get(r.id).draft.urgency is Urgency.HOA_TOC


def test_unknown_id(core):
    with pytest.raises(NotFoundError):
        core.register.get(404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quyet dinh so 15 ubnd", ["qd15"]),
        ("Quyết định số 15", ["qd15"]),
        ("dang", ["qd15"]),
        ("Đặng", ["qd15"]),
        ("DANG VAN HUNG", ["qd15"]),
        ("tài chính", ["cv7"]),
        ("tai chinh", ["cv7"]),
        ("hanh chinh", ["qd15", "cv7"]),
        ("ubnd-vp", ["cv7"]),
        ("quyet", ["qd15", "cv7"]),  # "quyết định" and "quyết toán"
        ("15/QĐ-UBND", ["qd15"]),
        ("không có gì", []),
    ],
)
def test_search_with_and_without_marks(core, query, expected):
    ids = {
        "qd15": reg(core).id,
        "cv7": core.register.register(
            {
                "issuer": "Sở Tài chính",
                "number": "7/UBND-VP",
                "doc_type": "Công văn",
                "subject": "V/v quyết toán kinh phí năm 2025",
                "to_places": "Phòng Hành chính",
            }
        ).id,
    }
    found = core.register.search(SearchQuery(text=query))
    assert sorted(found) == sorted(ids[k] for k in expected)


def test_search_filters(core):
    old = reg(core, received_at="2025-03-01T08:00:00+07:00")
    urgent = reg(core, urgency="Hỏa tốc", received_at="2026-01-10T08:00:00+07:00")
    secret = reg(core, confidentiality="Mật", received_at="2026-01-11T08:00:00+07:00")
    voided = core.register.void(reg(core, received_at="2026-01-12T08:00:00+07:00").id, "nhầm")
    s = core.register.search
    assert s(SearchQuery(year=2025)) == [old.id]
    assert s(SearchQuery(book="mat-den")) == [secret.id]
    assert s(SearchQuery(urgency=Urgency.HOA_TOC)) == [urgent.id]
    assert s(SearchQuery(urgent_only=True)) == [urgent.id]
    assert s(SearchQuery(status=Status.VOIDED)) == [voided.id]
    assert s(SearchQuery(date_from=date(2026, 1, 11), date_to=date(2026, 1, 11))) == [secret.id]
    assert s(SearchQuery(text="ubnd", year=2026, limit=2)) == [voided.id, secret.id]
    assert s(SearchQuery(order_by="priority"))[0] == urgent.id
    assert s(SearchQuery(order_by="received_at", descending=False)) == [old.id, urgent.id, secret.id, voided.id]


def test_closed_period_refuses_edits_and_late_entries_and_allows_corrections(core):
    jan = reg(core, received_at="2026-01-15T08:00:00+07:00")
    core.reports.close_period(2026, date(2026, 1, 31))
    with pytest.raises(ClosedPeriodError):
        core.register.update(jan.id, {"subject": "Sửa"})
    with pytest.raises(ClosedPeriodError):
        core.register.void(jan.id, "nhầm")
    with pytest.raises(ClosedPeriodError):
        reg(core, received_at="2026-01-20T08:00:00+07:00")
    fix = core.register.correct(jan.id, {"subject": "Về việc ban hành Quy chế (đính chính)"})
    assert fix.correction_of == jan.id
    assert fix.arrival_number == 2
    assert fix.draft.note.startswith("Đính chính số đến 1 ngày 15/01/2026")
    assert fix.draft.received_at.date() == now_vn().date()
    assert core.register.get(jan.id).draft.subject == DOC["subject"]
    # The trace log goes on after closing: handling continues.
    core.register.add_trace(jan.id, "Đã xử lý xong")


def test_closing_rules(core):
    with pytest.raises(UserError):
        core.reports.close_period(2026, date(2025, 12, 31))
    future = now_vn().date() + timedelta(days=2)
    with pytest.raises(UserError):
        core.reports.close_period(future.year, future)


def test_trace_appends(core):
    r = reg(core)
    core.register.add_trace(r.id, "Chuyển Phòng Kế hoạch")
    core.register.add_trace(r.id, "Đang xử lý")
    # registered with its receiving unit: that forwarding is the first line (issue 16, column 8)
    assert [t.text for t in core.register.get(r.id).trace] == [
        "Chuyển Phòng Hành chính", "Chuyển Phòng Kế hoạch", "Đang xử lý"
    ]


def test_a_failed_registration_leaves_nothing(core, tmp_path):
    with pytest.raises(UserError):
        core.register.register(DOC, [tmp_path / "missing.pdf"])
    assert core.register.search(SearchQuery()) == []
    assert core.repo.audit_events() == []


def test_file_over_the_limit_is_refused_whole(core, tmp_path):
    core.files.max_bytes = 1000
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(UserError) as err:
        core.register.register(DOC, [big])
    assert "big.pdf" in err.value.message
    assert core.register.search(SearchQuery()) == []
    assert not list((core.data_dir / "files").rglob("*"))


def test_database_is_durable_and_in_wal(core):
    db = core.data_dir / "qlvb.sqlite3"
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopen_keeps_everything(core):
    from qlvb_desktop.app import build_core

    r = reg(core)
    with build_core(core.data_dir) as again:
        assert again.register.get(r.id).to_json() == r.to_json()


def test_a_closed_core_leaves_no_database_connection_open(tmp_path):
    """Issue 12's leak sweep: leaving the `with` closes every sqlite3 connection the core's engine
    opened (migrations included), not just the pool's bookkeeping; safe to close twice."""
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    from qlvb_desktop.app import build_core

    raw: list[sqlite3.Connection] = []

    def opened(dbapi_connection, _record):
        raw.append(dbapi_connection)

    event.listen(Pool, "connect", opened)
    try:
        with build_core(tmp_path / "leak") as station:
            reg(station)
            assert raw and raw[0].execute("SELECT 1").fetchone() == (1,)  # open while in use
    finally:
        event.remove(Pool, "connect", opened)
    station.close()
    for conn in raw:
        with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
            conn.execute("SELECT 1")


def test_times_are_aware_vietnam_time(core):
    r = reg(core)
    assert r.created_at is not None and r.created_at.utcoffset() == timedelta(hours=7)
    assert isinstance(r.draft.received_at, datetime) and r.draft.received_at.tzinfo is not None
    assert r.draft.received_at.tzinfo.utcoffset(None) == VN_TZ.utcoffset(None)
