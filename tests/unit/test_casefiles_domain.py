"""The pure rules of case files and reports (SPEC §11, §12)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from qlvb_desktop.domain.casefiles import (
    CaseFile,
    CaseFileStatus,
    DocKind,
    FiledDocument,
    closing_problems,
    file_code,
    parse_list_rows,
    parse_notation,
    parse_retention,
    retention_text,
    sheet_ranges,
)
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.daily import DeadlinePolicy
from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.domain.reports import ReportItem, classify, is_person, lead_receiver


def test_retention_and_notation():
    assert parse_retention("Vĩnh viễn") is None and parse_retention("vinh vien") is None
    assert parse_retention("10 năm") == 10 and parse_retention(5) == 5
    assert retention_text(None) == "Vĩnh viễn" and retention_text(20) == "20 năm"
    with pytest.raises(ValidationError, match="số năm"):
        parse_retention("mãi mãi")
    with pytest.raises(ValidationError, match="số năm"):
        parse_retention("0")
    assert parse_notation(" 01.TCCB ") == "01.TCCB"
    with pytest.raises(ValidationError, match="chỉ gồm"):
        parse_notation("01 TC?")
    with pytest.raises(ValidationError, match="vượt giới hạn 20"):
        parse_notation("X" * 21)
    assert file_code("000.00.04.G14", 2026, "01.TCCB") == "000.00.04.G14.2026.01.TCCB"


def test_list_rows_headings_and_refusals():
    entries = parse_list_rows([
        ("Số và ký hiệu hồ sơ", "Tên đề mục", "Thời hạn", "Đơn vị", "Ghi chú"),
        ("(1)", "(2)", "(3)", "(4)", "(5)"),
        ("II.", "Kế hoạch"),
        ("3", "Tổng hợp"),
        ("05.KH", "Kế hoạch năm", 10.0, "Phòng KH", None),
        (None, None),
    ])
    assert [(e.level, e.label, e.notation, e.retention) for e in entries] == [
        (0, "II", "", None), (1, "3", "", None), (2, "", "05.KH", 10)
    ]
    with pytest.raises(ValidationError, match=r"Dòng 2: Số và ký hiệu hồ sơ 01\.A đã có ở dòng 1"):
        parse_list_rows([("01.A", "A", "5"), ("01.A", "B", "5")])
    with pytest.raises(ValidationError, match="Dòng 1: Chưa nhập Tiêu đề"):
        parse_list_rows([("01.A", "", "5")])


def _doc(ordinal: int, *, final: bool = True, key: str = "", pages: int | None = None) -> FiledDocument:
    return FiledDocument(ordinal, DocKind.INCOMING, ordinal, f"{ordinal}/X", date(2026, 1, ordinal), "Công văn",
                         "Về việc", "Sở", pages, final, key)


def test_closing_checks_and_sheets():
    cf = CaseFile(1, 2026, "01.A", "A", 10, "", "", date(2026, 1, 1))
    assert [p.blocking for p in closing_problems(cf, [])] == [True]
    problems = closing_problems(cf, [_doc(1, key="k"), _doc(2, final=False), _doc(3, key="k")])
    assert [(p.blocking, p.message[:16]) for p in problems] == [
        (True, "Văn bản thứ 2 (2"), (False, "Văn bản thứ 3 tr"),
    ]
    closed = CaseFile(1, 2026, "01.A", "A", 10, "", "", date(2026, 1, 1), CaseFileStatus.CLOSED)
    assert closing_problems(closed, [_doc(1)])[0].blocking
    assert sheet_ranges([_doc(1, pages=3), _doc(2), _doc(3, pages=2)]) == ["1-3", "4", "5-6"]


def test_receivers_and_states_across_tet():
    assert lead_receiver("Văn phòng; Phòng TCCB") == "Văn phòng" and lead_receiver("") == "(Chưa giao)"
    assert is_person("Đồng chí Nguyễn Văn A") and is_person("bà Lê B") and not is_person("Phòng Bà Triệu")
    policy = DeadlinePolicy()

    def item(received: str, handled: date | None = None, due: date | None = None) -> ReportItem:
        return ReportItem(1, 1, datetime.fromisoformat(received).replace(tzinfo=VN_TZ), due, "", "", "", None, "",
                          "", handled, "")

    # received Friday 06/02/2026: ten working days skip Tết (16–20/02) → due Friday 27/02
    assert classify(item("2026-02-06T09:00", handled=date(2026, 2, 27)), policy, date(2026, 3, 31)) == "on_time"
    assert classify(item("2026-02-06T09:00", handled=date(2026, 3, 2)), policy, date(2026, 3, 31)) == "late"
    assert classify(item("2026-02-06T09:00"), policy, date(2026, 2, 27)) == "in_progress"
    assert classify(item("2026-02-06T09:00"), policy, date(2026, 3, 2)) == "overdue"
    # after hours on Friday: counts from Monday 09/02 → due Monday 02/03
    assert classify(item("2026-02-06T17:30"), policy, date(2026, 3, 2)) == "in_progress"
    # handled after the report's day: still in progress on that day
    assert classify(item("2026-02-06T09:00", handled=date(2026, 2, 20)), policy, date(2026, 2, 19)) == "in_progress"
    # an explicit due date wins over the default period
    assert classify(item("2026-02-06T09:00", due=date(2026, 2, 10)), policy, date(2026, 2, 11)) == "overdue"
