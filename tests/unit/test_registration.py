from datetime import date, datetime, timedelta

import pytest

from qlvb_desktop.domain.books import DEFAULT_BOOKS, resolve_book
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.domain.registration import MAX_LENGTH, apply_changes, parse_draft, split_number
from qlvb_desktop.domain.vocab import Confidentiality, Urgency

NOW = datetime(2026, 5, 29, 14, 3, tzinfo=VN_TZ)
BASE = {"issuer": "Sở Tài chính", "doc_type": "Công văn", "subject": "V/v quyết toán ngân sách"}


def draft(**extra):
    return parse_draft({**BASE, **extra}, now=NOW)


def test_minimal_draft_defaults():
    d = draft()
    assert d.received_at == NOW
    assert d.year == 2026
    assert d.language == "Tiếng Việt"
    assert d.urgency is Urgency.NORMAL


@pytest.mark.parametrize(
    ("number", "parts"),
    [
        ("15/QĐ-BNV", ("15", "QĐ-BNV")),
        ("54/2026/QĐ-UBND", ("54", "2026/QĐ-UBND")),
        ("Số: 1234 / UBND-VP", ("1234", "UBND-VP")),
        ("05", ("05", "")),
    ],
)
def test_split_number(number, parts):
    assert split_number(number) == parts


# doc_type is a controlled value (test_controlled_values_...); reason and instruction are not draft fields.
@pytest.mark.parametrize("field", sorted(set(MAX_LENGTH) - {"reason", "instruction", "doc_type"}))
def test_every_length_limit_is_enforced_and_named(field):
    limit = MAX_LENGTH[field]
    key = field
    value = "9" * limit if field in ("code_number",) else "a" * limit
    ok = draft(**{key: value})
    assert len(getattr(ok, field)) == limit
    with pytest.raises(ValidationError) as err:
        draft(**{key: value + "a"})
    assert err.value.field == field
    assert str(limit) in err.value.message
    assert str(limit + 1) in err.value.message


def test_number_limits_apply_to_the_split_parts():
    with pytest.raises(ValidationError) as err:
        draft(number="123456789012/QĐ")
    assert err.value.field == "code_number"
    with pytest.raises(ValidationError) as err:
        draft(number="1/" + "X" * 31)
    assert err.value.field == "code_notation"


@pytest.mark.parametrize("field", ["issuer", "doc_type", "subject"])
def test_required_fields(field):
    with pytest.raises(ValidationError) as err:
        parse_draft({**BASE, field: "  "}, now=NOW)
    assert err.value.field == field
    assert err.value.message.startswith("Chưa nhập")


@pytest.mark.parametrize("bad", ["31/02/2026", "2026-13-01", "hôm qua", "5/2026"])
def test_malformed_dates_are_refused(bad):
    with pytest.raises(ValidationError) as err:
        draft(issued_date=bad)
    assert err.value.field == "issued_date"
    assert bad in err.value.message


def test_dates_in_either_format():
    assert draft(issued_date="05/01/2026").issued_date == date(2026, 1, 5)
    assert draft(issued_date="2026-01-05").issued_date == date(2026, 1, 5)


def test_future_arrival_is_refused_but_clock_skew_tolerated():
    assert draft(received_at=(NOW + timedelta(minutes=2)).isoformat()).received_at > NOW
    with pytest.raises(ValidationError) as err:
        draft(received_at=(NOW + timedelta(days=1)).isoformat())
    assert err.value.field == "received_at"


def test_naive_arrival_time_is_vietnam_time():
    d = draft(received_at="2026-05-29T08:00:00")
    assert d.received_at.utcoffset() == timedelta(hours=7)
    assert draft(received_at="2026-05-29T01:00:00+00:00").received_at.hour == 8


def test_document_dated_after_arrival_and_due_before_arrival_are_refused():
    with pytest.raises(ValidationError) as err:
        draft(issued_date="30/05/2026")
    assert err.value.field == "issued_date"
    with pytest.raises(ValidationError) as err:
        draft(due_date="28/05/2026")
    assert err.value.field == "due_date"


def test_controlled_values_accept_variants_and_refuse_others():
    d = draft(doc_type="quyet dinh", urgency="hoả tốc", confidentiality="MẬT", channel="Email")
    assert d.doc_type == "Quyết định"
    assert d.urgency is Urgency.HOA_TOC
    assert d.confidentiality is Confidentiality.MAT
    for field, value in [("doc_type", "Thư tình"), ("urgency", "gấp"), ("confidentiality", "kín"), ("channel", "fax")]:
        with pytest.raises(ValidationError) as err:
            draft(**{field: value})
        assert err.value.field == field


@pytest.mark.parametrize(("field", "bad"), [("page_count", "1000"), ("page_count", "-1"), ("doc_ordinal", "ba")])
def test_bounded_numbers(field, bad):
    with pytest.raises(ValidationError) as err:
        draft(**{field: bad})
    assert err.value.field == field


def test_duplicate_key_compares_after_nfc_and_case_folding():
    a = draft(number="15/QĐ-UBND", issuer="UBND tỉnh Tuyên Quang")
    b = draft(number="15/qđ-ubnd", issuer="ubnd TỈNH  Tuyên Quang")
    assert a.duplicate_key == b.duplicate_key
    assert draft().duplicate_key == ""


def test_secret_documents_go_to_the_secret_book():
    books = list(DEFAULT_BOOKS)
    assert resolve_book("", Confidentiality.NORMAL, books).code == "den"
    assert resolve_book("", Confidentiality.TOI_MAT, books).code == "mat-den"
    assert resolve_book("Sổ văn bản mật đến", Confidentiality.MAT, books).code == "mat-den"
    with pytest.raises(ValidationError):
        resolve_book("den", Confidentiality.MAT, books)
    with pytest.raises(ValidationError) as err:
        resolve_book("sổ đi", Confidentiality.NORMAL, books)
    assert "Sổ văn bản đến" in err.value.message


def test_apply_changes_validates_and_keeps_arrival():
    d = draft(number="1/UBND-VP")
    edited = apply_changes(d, {"subject": "Mới", "number": "2/UBND-VP"}, now=NOW + timedelta(days=3))
    assert (edited.subject, edited.code_number, edited.received_at) == ("Mới", "2", NOW)
    with pytest.raises(ValidationError):
        apply_changes(d, {"received_at": NOW.isoformat()}, now=NOW)
    with pytest.raises(ValidationError):
        apply_changes(d, {"subject": "x" * 501}, now=NOW)
