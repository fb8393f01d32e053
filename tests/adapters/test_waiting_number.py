"""A registration made with no leased number left is *waiting for its number* (issue 12): the
stored placeholder never reaches the ĐẾN stamp, a file name, the printed register, the routing
slip, the server or the clerk's screen, and the clerk is told it gets its number at the next sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from qlvb_desktop.app import build_core, build_paper_intake
from qlvb_desktop.domain.books import NumberNotGiven, WaitingForNumber, arrival, given_number, number_label
from qlvb_desktop.domain.errors import DuplicateError
from qlvb_desktop.domain.report import book_row
from qlvb_desktop.domain.signing import ArrivalStamp

DOC = {
    "issuer": "Sở Tài chính",
    "number": "15/QĐ-STC",
    "doc_type": "Quyết định",
    "subject": "Về việc thử số chờ",
    "issued_date": "2026-01-05",
    "received_at": "2026-01-07T09:00:00+07:00",
}
NEXT_SYNC = "sẽ được cấp số ở lần đồng bộ tới"


def _waiting(data: Path):
    """A station with a server configured and no leased number left."""
    core = build_core(data)
    core.repo.synced = True
    reg = core.register.register(DOC)
    return core, reg


def test_the_number_is_a_type_not_minus_one():
    assert arrival(12) == 12
    waiting = arrival(-1)
    assert isinstance(waiting, WaitingForNumber) and str(waiting) == "chờ cấp số"
    assert number_label(-3, 2026) == "chờ cấp số" and number_label(7, 2026) == "7/2026"
    with pytest.raises(NumberNotGiven, match=NEXT_SYNC):
        given_number(-1, "đóng dấu ĐẾN")
    with pytest.raises(NumberNotGiven):
        ArrivalStamp("Sở Tài chính", "-1", date(2026, 1, 7))


def test_no_placeholder_reaches_stamp_file_name_register_slip_or_server(tmp_path):
    core, reg = _waiting(tmp_path / "data")
    assert reg.waiting_for_number and reg.number_label == "chờ cấp số"

    # The printed register and the routing slip refuse it with the sentence.
    with pytest.raises(NumberNotGiven, match="in vào sổ"):
        book_row(reg)
    with pytest.raises(NumberNotGiven, match="phiếu giải quyết"):
        core.daily.slip(reg.id)
    report = core.reports.book_report(core.settings.organization, 2026)
    assert report.rows == []  # not in the book until it has its number

    # The paper intake: no ĐẾN stamp, no file named "-0001_…".
    intake = build_paper_intake(core)
    doc = intake.new()
    doc.registration_id, doc.arrival_number, doc.year = reg.id, reg.arrival_number, reg.year
    intake.save(doc)
    with pytest.raises(NumberNotGiven, match="đóng dấu ĐẾN"):
        intake.stamp(doc)
    with pytest.raises(NumberNotGiven, match="lưu tệp"):
        intake.output_path(doc)

    # A duplicate warning names it without the placeholder.
    with pytest.raises(DuplicateError) as found:
        core.register.register(DOC)
    assert "-1" not in found.value.message and "chờ cấp số" in found.value.message

    # What goes to the server carries no number (the server gives it).
    with core.repo.engine.connect() as conn:
        payloads = [json.loads(p) for (p,) in conn.exec_driver_sql("SELECT payload FROM outbox").all()]
    assert payloads and all(p.get("arrival_number") is None for p in payloads)


def test_the_command_says_what_happens_next(tmp_path):
    data = tmp_path / "data"
    core, reg = _waiting(data)
    core.repo.engine.dispose()
    env = {**os.environ, "QLVB_DATA_DIR": str(data)}

    def qlvb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "qlvb_desktop.cli", *args], capture_output=True, text=True,
                              env=env, timeout=120)

    shown = qlvb("show", str(reg.id))
    assert shown.returncode == 0 and "Số đến: chờ cấp số" in shown.stdout and "-1" not in shown.stdout
    listed = qlvb("search", "thu so cho")
    assert "chờ cấp số" in listed.stdout and "\t-1/" not in listed.stdout
    as_json = json.loads(qlvb("show", str(reg.id), "--json").stdout)
    assert as_json["arrival_number"] is None and as_json["waiting_for_number"] is True
