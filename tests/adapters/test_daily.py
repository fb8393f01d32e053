"""Deadlines, handling marks and the routing slip on a real SQLite file, through the services."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.daily import DeadlineState
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.services.audit import verify_audit

DOC = {"issuer": "Sở Tài chính", "doc_type": "Công văn", "subject": "Về việc quyết toán ngân sách"}


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def day(core):
    """A station whose clock reads Wednesday 25/11/2026 10:00."""
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=VN_TZ))
    core.register.clock = clock
    core.daily.clock = clock
    return core


def reg(core, **extra):
    return core.register.register({**DOC, **extra}, confirm_duplicate=True)


def test_due_soon_and_overdue_lists_put_urgent_first(day):
    core = day
    overdue_normal = reg(core, received_at="2026-11-02T09:00:00+07:00")  # default 10 days -> 16/11
    overdue_urgent = reg(core, received_at="2026-11-10T09:00:00+07:00", urgency="Khẩn", due_date="2026-11-20")
    soon_normal = reg(core, received_at="2026-11-20T09:00:00+07:00", due_date="2026-11-25")
    soon_fire = reg(core, received_at="2026-11-24T09:00:00+07:00", urgency="Hỏa tốc", due_date="2026-11-27")
    later = reg(core, received_at="2026-11-24T09:00:00+07:00")  # default -> 08/12
    assert core.daily.overdue() == [overdue_urgent.id, overdue_normal.id]
    assert core.daily.due_soon() == [soon_fire.id, soon_normal.id]
    counts = core.daily.counts()
    assert counts[DeadlineState.ON_TIME] == 1
    states = core.daily.deadlines(core.register.get_many([later.id, overdue_normal.id]))
    assert states[later.id].due == date(2026, 12, 8) and not states[later.id].explicit
    assert states[overdue_normal.id].state is DeadlineState.OVERDUE


def test_after_hours_arrival_counts_from_next_morning(day):
    core = day
    # Friday 20/11 17:30 -> counts from Monday 23/11; 2 working days -> Wednesday 25/11: due soon
    core.daily.policy.handling_days = 2
    core.daily.policy._cache.clear()
    late = reg(core, received_at="2026-11-20T17:30:00+07:00")
    early = reg(core, received_at="2026-11-20T16:30:00+07:00")  # counts from Friday -> Tuesday 24/11
    assert core.daily.due_soon() == [late.id]
    assert core.daily.overdue() == [early.id]


def test_mark_handled_leaves_the_lists_logs_and_audits(day):
    core = day
    r = reg(core, received_at="2026-11-02T09:00:00+07:00")
    assert core.daily.overdue() == [r.id]
    after = core.daily.mark_handled(r.id, "Đã trả lời bằng Công văn số 20/STC")
    assert core.daily.overdue() == []
    assert after.trace[-1].text.startswith("Đã giải quyết xong: Đã trả lời")
    assert core.daily.handled() == [r.id]
    assert core.daily.deadlines([after])[r.id].state is DeadlineState.HANDLED
    assert verify_audit(core.repo) == []
    with pytest.raises(UserError, match="đã được đánh dấu giải quyết"):
        core.daily.mark_handled(r.id)


def test_voided_document_cannot_be_marked_handled(day):
    core = day
    r = reg(core, received_at="2026-11-02T09:00:00+07:00")
    core.register.void(r.id, "Vào sổ nhầm")
    assert core.daily.overdue() == []
    with pytest.raises(UserError, match="đã hủy"):
        core.daily.mark_handled(r.id)


def test_routing_slip_pdf_has_the_document_line_in_vietnamese(day, tmp_path: Path):
    core = day
    r = reg(
        core,
        received_at="2026-11-24T09:00:00+07:00",
        number="15/STC-NS",
        urgency="Thượng khẩn",
        to_places="Phòng Kế hoạch; Phòng Tài vụ",
        due_date="2026-11-30",
    )
    core.register.add_trace(r.id, "Giao Phòng Kế hoạch chủ trì")
    out = core.daily.print_slip(r.id, tmp_path / "slip.pdf")
    pdf = pdfium.PdfDocument(str(out))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in text
    assert "15/STC-NS" in text and "Giao Phòng Kế hoạch chủ trì" in text
    assert "THƯỢNG KHẨN" in text and "30/11/2026" in text
    png = tmp_path / "slip"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(out), str(png)], check=True)
    assert png.with_suffix(".png").stat().st_size > 5000


def test_slip_to_an_unwritable_place_is_a_sentence(day, tmp_path: Path):
    core = day
    r = reg(core, received_at="2026-11-24T09:00:00+07:00")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(Exception) as info:
        core.daily.print_slip(r.id, blocker / "slip.pdf")
    assert "Không ghi được tệp" in str(info.value)


def test_cli_due_overdue_handled_slip_worktime(tmp_path: Path) -> None:
    import os
    import sys

    data = tmp_path / "cli"
    env = {**os.environ, "QLVB_DATA_DIR": str(data)}

    def qlvb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "qlvb_desktop.cli", *args], capture_output=True, text=True, env=env, timeout=120
        )

    old = (datetime.now(VN_TZ) - timedelta(days=40)).replace(microsecond=0).isoformat()
    assert qlvb("register", "--issuer", "Sở Y tế", "--doc-type", "Công văn", "--subject", "Tiêm chủng",
                "--received-at", old, "--urgency", "Khẩn").returncode == 0
    out = qlvb("overdue")
    assert out.returncode == 0 and "[KHẨN]" in out.stdout and "1 văn bản quá hạn" in out.stderr
    assert "1 văn bản sắp đến hạn" not in qlvb("due").stderr
    slip = qlvb("slip", "1", "--out", str(tmp_path / "p.pdf"))
    assert slip.returncode == 0 and (tmp_path / "p.pdf").exists()
    assert qlvb("handled", "1", "--note", "xong").returncode == 0
    again = qlvb("handled", "1")
    assert again.returncode == 2 and "đã được đánh dấu" in again.stderr
    assert "Tiêm chủng" in qlvb("handled").stdout
    wt = qlvb("worktime", "--at", "2026-11-20T17:40", "--days", "3")
    assert "Tính hạn từ: 23/11/2026 07:30" in wt.stdout and "26/11/2026" in wt.stdout
    bad = qlvb("worktime", "--at", "hôm qua")
    assert bad.returncode == 2 and "không phải ngày hợp lệ" in bad.stderr


def test_sql_lists_match_the_python_reference(day):
    """The store's SQL and the domain's Python give the same lists over varied arrivals:
    after hours, weekends, holidays, explicit due dates, urgencies, handled and voided rows."""
    core = day
    import random

    rnd = random.Random(7)
    start = datetime(2026, 8, 25, 0, 0, tzinfo=VN_TZ)
    for i in range(300):
        moment = start + timedelta(minutes=rnd.randrange(0, 90 * 24 * 60))
        extra = {"received_at": moment.isoformat(), "urgency": rnd.choice(["", "", "Khẩn", "Hỏa tốc"])}
        if i % 4 == 0:
            extra["due_date"] = (moment + timedelta(days=rnd.randrange(0, 20))).date().isoformat()
        r = reg(core, **extra)
        if i % 17 == 0:
            core.daily.mark_handled(r.id)
        if i % 23 == 0:
            core.register.void(r.id, "nhầm")
    sql, python = core.daily.lists(), core.daily.lists_reference()
    assert sql.overdue == python.overdue and sql.due_soon == python.due_soon
    assert sql.counts == python.counts
    assert sql.overdue and sql.due_soon
