"""What a clerk types in the window, read by the pure domain: dates, edits, closed periods,
the order of the document types."""

from datetime import date, datetime

import pytest

from qlvb_desktop.domain.books import Closure, closure_covering
from qlvb_desktop.domain.clock import VN_TZ, parse_day_vn
from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.domain.registration import edit_changes, parse_date, parse_draft
from qlvb_desktop.domain.vocab import DOC_TYPES, doc_types_by_use

NOW = datetime(2026, 5, 29, 14, 3, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05/01/2026", date(2026, 1, 5)),
        ("5/1/2026", date(2026, 1, 5)),
        ("05-01-2026", date(2026, 1, 5)),
        ("5.1.26", date(2026, 1, 5)),
        ("05012026", date(2026, 1, 5)),
        (" 31/12/2026 ", date(2026, 12, 31)),
        ("", None),
    ],
)
def test_typed_dates_day_first(typed: str, day: date | None) -> None:
    assert parse_day_vn(typed) == day
    assert parse_date("issued_date", typed) == day


@pytest.mark.parametrize("typed", ["31/02/2026", "2026/01/05", "0501202", "không có hạn0122026", "5/1"])
def test_not_a_date(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_day_vn(typed)
    with pytest.raises(ValidationError, match="dd/mm/yyyy"):
        parse_date("issued_date", typed)


def test_iso_dates_still_read() -> None:
    assert parse_date("issued_date", "2026-01-05") == date(2026, 1, 5)


def test_edit_changes_only_what_differs_and_validates() -> None:
    d = parse_draft(
        {"issuer": "Sở Tài chính", "doc_type": "Công văn", "subject": "V/v quyết toán", "number": "15/STC-NS",
         "issued_date": "2026-05-20", "received_at": NOW.isoformat()},
        now=NOW,
    )
    form = {"issuer": "Sở Tài chính", "doc_type": "Công văn", "subject": "V/v quyết toán ngân sách",
            "number": "15/STC-NS", "issued_date": "20/05/2026", "note": "", "urgency": "", "page_count": None}
    assert edit_changes(d, form, now=NOW) == {"subject": "V/v quyết toán ngân sách"}
    assert edit_changes(d, {**form, "subject": d.subject}, now=NOW) == {}
    assert edit_changes(d, {**form, "subject": d.subject, "number": "16/STC-NS"}, now=NOW) == {"number": "16/STC-NS"}
    with pytest.raises(ValidationError) as caught:
        edit_changes(d, {**form, "issued_date": "31/02/2026"}, now=NOW)
    assert caught.value.field == "issued_date"
    with pytest.raises(ValidationError) as caught:
        edit_changes(d, {**form, "subject": ""}, now=NOW)
    assert caught.value.field == "subject"


def test_closure_covering() -> None:
    closed = [Closure("den", 2026, date(2026, 3, 31), NOW, "vt")]
    assert closure_covering(closed, "den", datetime(2026, 3, 31, 16, tzinfo=VN_TZ)) == closed[0]
    assert closure_covering(closed, "den", datetime(2026, 4, 1, 8, tzinfo=VN_TZ)) is None
    assert closure_covering(closed, "mat-den", datetime(2026, 3, 1, 8, tzinfo=VN_TZ)) is None
    assert closure_covering(closed, "den", datetime(2025, 3, 1, 8, tzinfo=VN_TZ)) is None


def test_doc_types_common_first_and_complete() -> None:
    ordered = doc_types_by_use()
    assert ordered[:7] == ["Công văn", "Quyết định", "Thông báo", "Kế hoạch", "Báo cáo", "Tờ trình", "Giấy mời"]
    assert sorted(ordered) == sorted(DOC_TYPES) and len(ordered) == len(set(ordered))
