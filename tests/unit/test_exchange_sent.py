"""The sent list's rows (domain.exchange.sent_rows): "Đã gửi" at once, then the recipient's
latest status; a revocation request waits until answered, counted, whatever the two
organizations' clocks say."""

from __future__ import annotations

from datetime import datetime, timedelta

from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.exchange import BusinessType, SentRecord, StatusRecord, sent_rows

DOC = "000.00.04.G14,2026/05/20,7/STC-VP"
T0 = datetime(2026, 5, 20, 9, 0, tzinfo=VN_TZ)


def sent(organ: str, minutes: int, business: BusinessType = BusinessType.NEW) -> SentRecord:
    return SentRecord(DOC, organ, f"Cơ quan {organ}", business, "7/STC-VP", "Về việc thử", f"p{minutes}.edxml",
                      T0 + timedelta(minutes=minutes), "lý do" if business else "", outgoing_id=3)


def status(organ: str, code: str, minutes: int) -> StatusRecord:
    return StatusRecord("in", DOC, organ, "", code, "", T0 + timedelta(minutes=minutes))


def test_sent_then_statuses_then_a_request_and_its_answer() -> None:
    a, b = "000.00.05.H26", "000.00.13.H42"
    rows = sent_rows([sent(a, 0), sent(b, 0)], [])
    assert [(r.organ_id, r.status_code, r.revocable) for r in rows] == [(a, "", True), (b, "", True)]
    # B's clock runs 10 minutes behind ours: its 03 still counts
    rows = sent_rows([sent(a, 0), sent(b, 0)], [status(a, "01", 1), status(b, "03", -10)])
    assert [(r.status_code, r.number) for r in rows] == [("01", "7/STC-VP"), ("03", "7/STC-VP")]
    requests = [sent(a, 0), sent(b, 0), sent(a, 30, BusinessType.REVOCATION), sent(b, 30, BusinessType.REVOCATION)]
    rows = sent_rows(requests, [status(a, "01", 1), status(b, "03", -10), status(b, "16", 20)])
    # A has not answered; B's 16 (its clock behind ours) answers the one request
    assert [(r.status_code, r.business_type, r.revocable) for r in rows] == [
        ("", BusinessType.REVOCATION, False), ("16", BusinessType.REVOCATION, True)]
    # asked B again after its refusal: waiting again until a second answer comes
    rows = sent_rows([*requests, sent(b, 60, BusinessType.REVOCATION)],
                     [status(b, "03", -10), status(b, "16", 20)])
    assert rows[1].status_code == "" and not rows[1].revocable
    rows = sent_rows([*requests, sent(b, 60, BusinessType.REVOCATION)],
                     [status(b, "03", -10), status(b, "16", 20), status(b, "15", 70)])
    assert rows[1].status_code == "15" and not rows[1].revocable


def test_documents_known_only_from_statuses_are_listed_newest_first() -> None:
    old = StatusRecord("in", "X,2026/01/01,1/A", "000.00.05.H26", "Sở Nội vụ", "06", "", T0 - timedelta(days=9))
    rows = sent_rows([sent("000.00.05.H26", 0)], [old])
    assert [r.document_id for r in rows] == [DOC, "X,2026/01/01,1/A"]
    assert rows[1].organ_name == "Sở Nội vụ" and rows[1].outgoing_id is None and not rows[1].revocable
