"""Issue 16: the printed book's column (8) "Ngày chuyển" is filled whenever the document was
forwarded, not only through the intake wizard: registering with a receiving unit (Ctrl+N,
`qlvb register --to-places`) or setting it later (an edit) records "Chuyển <unit>" in field 17
in the same transaction, synced like any line of the log; dates are dd/mm/yyyy."""

from __future__ import annotations

from datetime import datetime

from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.registration import forward_entry, forwarding_line
from qlvb_desktop.domain.report import book_row
from qlvb_desktop.services.audit import verify_audit

DOC = {"issuer": "Sở Tài chính", "doc_type": "Công văn", "subject": "Về việc thử",
       "received_at": "2026-03-02T08:00:00+07:00"}


def _day(core) -> str:
    return core.clock.now().astimezone(VN_TZ).strftime("%d/%m/%Y")


def test_the_forwarding_line_is_a_pure_rule():
    assert forward_entry("Phòng Kế hoạch", "Giao chủ trì") == "Chuyển Phòng Kế hoạch: Giao chủ trì"
    assert forward_entry(" Phòng Kế hoạch ") == "Chuyển Phòng Kế hoạch"
    assert forward_entry("", "Lưu") == "Lưu"
    assert forwarding_line("", "Phòng A") == "Chuyển Phòng A"
    assert forwarding_line("Phòng A", "Phòng A ") == ""  # not changed
    assert forwarding_line("Phòng A", "") == ""  # cleared: nothing was forwarded
    assert forwarding_line("Phòng A", "Phòng B") == "Chuyển Phòng B"


def test_registered_with_a_unit_the_book_says_when_it_was_forwarded(core):
    plain = core.register.register(DOC)
    assert book_row(plain).cells[7] == "" and plain.trace == ()
    reg = core.register.register({**DOC, "to_places": "Phòng Kế hoạch", "instruction": "Giao chủ trì"},
                                 confirm_duplicate=True)
    assert [t.text for t in reg.trace] == ["Giao chủ trì", "Chuyển Phòng Kế hoạch"]
    assert book_row(reg).cells[7] == _day(core)
    again = core.register.get(reg.id)  # as stored
    assert [t.text for t in again.trace] == ["Giao chủ trì", "Chuyển Phòng Kế hoạch"]
    # an instruction that already says where it went is the line: no second one
    said = core.register.register({**DOC, "to_places": "Phòng A", "instruction": "Chuyển Phòng A xử lý"},
                                  confirm_duplicate=True)
    assert [t.text for t in said.trace] == ["Chuyển Phòng A xử lý"]
    assert not verify_audit(core.repo)


def test_setting_the_unit_later_records_it_once_per_change(core):
    reg = core.register.register(DOC)
    edited = core.register.update(reg.id, {"to_places": "Phòng Tài vụ"})
    assert [t.text for t in edited.trace] == ["Chuyển Phòng Tài vụ"]
    assert book_row(edited).cells[7] == _day(core)
    same = core.register.update(reg.id, {"to_places": "Phòng Tài vụ", "note": "Bản chính"})
    assert [t.text for t in same.trace] == ["Chuyển Phòng Tài vụ"]
    moved = core.register.update(reg.id, {"to_places": "Phòng Kế hoạch"})
    assert [t.text for t in moved.trace] == ["Chuyển Phòng Tài vụ", "Chuyển Phòng Kế hoạch"]
    # the wizard's forward writes its own line (with the instruction) instead of the bare one
    other = core.register.register({**DOC, "subject": "Khác"})
    wizard = core.register.update(other.id, {"to_places": "Phòng A"}, forwarding="Chuyển Phòng A: Giao xử lý")
    assert [t.text for t in wizard.trace] == ["Chuyển Phòng A: Giao xử lý"]
    assert not verify_audit(core.repo)
    rows = core.reports.book_report(core.settings.organization, 2026).rows
    assert [r.cells[7] for r in rows if r.cells[6] in ("Phòng Kế hoạch", "Phòng A")] == [_day(core)] * 2
    assert all(len(r.cells[0]) == 10 and r.cells[0][2] == "/" and r.cells[0][5] == "/" for r in rows)


def test_a_synced_station_sends_the_line_after_its_change(core):
    core.repo.synced = True
    journal = SqliteSyncJournal(core.repo.engine)
    journal.add_to_pool("den", 2026, [1, 2, 3])
    reg = core.register.register({**DOC, "to_places": "Phòng Kế hoạch"})
    core.register.update(reg.id, {"to_places": "Phòng Tài vụ"})
    ops = journal.pending(100)
    assert [(op.kind, op.payload.get("text")) for op in ops] == [
        ("register", None), ("trace", "Chuyển Phòng Kế hoạch"), ("update", None), ("trace", "Chuyển Phòng Tài vụ"),
    ]
    assert datetime.fromisoformat(ops[1].at).tzinfo is not None
