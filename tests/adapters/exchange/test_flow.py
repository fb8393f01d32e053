"""The exchange flow on a real station: a package whose PDF is signed on the loopback test PKI
is received (status 01), registered from its header (03), a second delivery changes nothing,
DocumentId warns of the duplicate, refusals carry their reason (02), progress is reported
(04–06), a revocation is accepted (15) and one refused (16), and status packets for our own
outgoing documents update each recipient's latest status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.adapters.edxml.reader import read_package
from qlvb_desktop.domain.errors import DuplicateError, UserError, ValidationError
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Channel, Status, Urgency
from qlvb_desktop.services.audit import verify_audit
from tests.adapters.exchange.packages import Shape, build, status_packet, text_mangled
from tests.adapters.signing.pki import LoopbackPki
from tests.adapters.signing.test_signing import leader_signed

pytestmark = pytest.mark.slow

DOC_ID = "000.00.04.G14,2026/05/20,267/VPCP-TTĐT"


def package(tmp_path: Path, pdf: bytes, name: str, **kw: Any) -> Path:
    path = tmp_path / name
    path.write_bytes(build(Shape(attachments=[("cv267.pdf", "application/pdf", pdf)], **kw)))
    return path


def outbox_codes(core: Any) -> list[str]:
    codes = []
    for p in sorted((core.data_dir / "exchange" / "outbox").glob("*.edxml")):
        with read_package(p) as status:
            assert status.status is not None
            codes.append(status.status.status_code)
    return sorted(codes)


def test_receive_register_report_and_revoke(station: Any, core: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    signed = leader_signed(pki, tmp_path).read_bytes()
    ex = core.exchange
    first = package(tmp_path, signed, "a.edxml")

    inspection = ex.inspect(first)
    try:
        assert inspection.verdict in ("valid", "warning"), inspection.to_json()
        assert inspection.to_json()["attachments"][0]["verdict"] in ("valid", "warning")
    finally:
        inspection.package.close()

    item = ex.receive(first)
    assert item.state.value == "received" and item.urgency is Urgency.KHAN
    assert ex.receive(first).id == item.id  # delivered twice: recorded once
    assert [s.status_code for s in ex.statuses(DOC_ID, "out")] == ["01"]

    proposal = ex.proposal(item)
    assert proposal["number"] == "267/VPCP-TTĐT" and proposal["issuer"] == "Văn phòng Chính phủ"
    reg = ex.register(item.id)
    assert reg.draft.channel is Channel.ELECTRONIC and reg.draft.document_id == DOC_ID
    assert reg.draft.urgency is Urgency.KHAN and reg.draft.signer_name == "Nguyễn Văn An"
    names = {f.name for f in reg.files}
    assert names == {"cv267.pdf", "a.edxml"} and len(reg.files) == 2
    pdf_ref = next(f for f in reg.files if f.name == "cv267.pdf")
    assert core.files.path_of(pdf_ref.sha256).read_bytes() == signed
    pkg_ref = next(f for f in reg.files if f.name == "a.edxml")
    assert core.files.path_of(pkg_ref.sha256).read_bytes() == first.read_bytes()
    with pytest.raises(UserError, match="đã được xử lý"):
        ex.register(item.id)

    # The same document in another package (another relay): the DocumentId warns.
    again = ex.receive(package(tmp_path, signed, "b.edxml", crlf=True))
    with pytest.raises(DuplicateError):
        ex.register(again.id)
    with pytest.raises(ValidationError):
        ex.refuse(again.id, " ")
    refused = ex.refuse(again.id, "Văn bản đã nhận qua gói trước")
    assert refused.state.value == "refused"

    from qlvb_desktop.domain.exchange import StatusCode

    core.register.update(reg.id, {"to_places": "Phòng Tổ chức"})  # forwarded: 04 by itself
    ex.report(reg.id, StatusCode.HANDLING, "Phòng Tổ chức đang xử lý")
    core.daily.mark_handled(reg.id, "Đã trả lời")  # handled: 06 by itself
    assert outbox_codes(core) == ["01", "02", "03", "04", "05", "06"]
    core.register.update(reg.id, {"note": "ghi chú"})  # no new forwarding: no status
    assert len(outbox_codes(core)) == 6

    # A revocation refused, then one accepted: the registration stays in the book, voided.
    rev1 = ex.receive(package(tmp_path, signed, "r1.edxml", business=1, business_reason="Ban hành nhầm"))
    assert ex.inbox()[0].id == rev1.id  # revocation requests come first
    assert ex.concerned(rev1).id == reg.id  # type: ignore[union-attr]
    with pytest.raises(UserError, match="đồng ý hoặc từ chối"):
        ex.register(rev1.id)
    ex.refuse_revision(rev1.id, "Văn bản đã được xử lý xong")
    # The second request comes as a status packet 13 (how some systems ask): the same request.
    (tmp_path / "r2.edxml").write_bytes(status_packet("13", DOC_ID, "Ban hành nhầm lần 2", organ="000.00.04.G14"))
    rev2 = ex.receive(tmp_path / "r2.edxml")
    assert (rev2.kind, rev2.business_type, rev2.state.value) == ("status", 1, "received")
    assert ex.inbox()[0].id == rev2.id and ex.concerned(rev2).id == reg.id  # type: ignore[union-attr]
    assert ex.statuses(DOC_ID, "in") == []  # not taken for a status of one of our own documents
    voided = ex.accept_revision(rev2.id)
    assert voided.id == reg.id and voided.status is Status.VOIDED and "Thu hồi" in voided.void_reason
    assert "rút khỏi lưu hành" in voided.trace[-1].text
    assert len(core.register.search(SearchQuery())) == 1  # still in the book
    assert outbox_codes(core)[-2:] == ["15", "16"]
    [accepted] = [r for r in ex.statuses(DOC_ID, "out") if r.status_code == "15"]
    assert accepted.organ_id == "000.00.04.G14" and accepted.description == "Ban hành nhầm lần 2"
    assert verify_audit(core.repo) == []


def test_update_becomes_a_dated_correction(station: Any, core: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    signed = leader_signed(pki, tmp_path).read_bytes()
    ex = core.exchange
    reg = ex.register(ex.receive(package(tmp_path, signed, "a.edxml")).id)
    upd = ex.receive(package(tmp_path, signed, "u.edxml", business=2, business_reason="Sửa trích yếu",
                             subject="Về việc triển khai trục liên thông (sửa)"))
    corrected = ex.accept_revision(upd.id)
    assert corrected.correction_of == reg.id and corrected.draft.subject.endswith("(sửa)")
    assert "Đính chính" in corrected.draft.note


def test_invalid_or_damaged_package_is_never_half_registered(
    station: Any, core: Any, pki: LoopbackPki, tmp_path: Path
) -> None:
    signed = leader_signed(pki, tmp_path).read_bytes()
    ex = core.exchange
    damaged = ex.receive(package(tmp_path, text_mangled(signed), "d.edxml"))
    assert damaged.verdict == "invalid"
    with pytest.raises(UserError, match="không vào sổ được"):
        ex.register(damaged.id)
    assert core.register.search(SearchQuery()) == []
    assert ex.refuse(damaged.id, "Tệp hỏng khi truyền, đề nghị gửi lại").state.value == "refused"
    with pytest.raises(UserError):
        ex.receive(tmp_path / "missing.edxml")


def test_status_packets_update_each_recipient_of_our_outgoing_document(core: Any, tmp_path: Path) -> None:
    ex = core.exchange
    doc = "000.00.12.H42,2026/05/20,15/SNV-VP"
    for code, organ, ts in (("01", "000.00.04.G14", "2026/05/21 08:00:00"),
                            ("03", "000.00.04.G14", "2026/05/21 09:00:00"),
                            ("01", "000.00.05.G14", "2026/05/21 08:30:00"),
                            ("02", "000.00.05.G14", "2026/05/21 10:00:00")):
        p = tmp_path / f"{code}-{organ}.edxml"
        p.write_bytes(status_packet(code, doc, "Sai nơi nhận" if code == "02" else "", organ=organ, timestamp=ts))
        item = ex.receive(p)
        assert item.state.value == "applied"
        assert ex.receive(p).id == item.id  # twice: once
    latest = ex.recipients_status(doc)
    assert [(r.organ_id, r.status_code) for r in latest] == [("000.00.04.G14", "03"), ("000.00.05.G14", "02")]
    assert latest[1].description == "Sai nơi nhận" and latest[1].at.isoformat() == "2026-05-21T10:00:00+07:00"
    assert len(ex.statuses(doc, "in")) == 4


def test_two_organizations_exchange_a_document_with_every_status(
    station: Any, core: Any, pki: LoopbackPki, tmp_path: Path
) -> None:
    """Station A issues and sends (`qlvb exchange send`); station B receives, registers, reports
    04–06; each of B's status packets, carried back, updates A's per-recipient status."""
    import shutil

    from qlvb_desktop.app import build_core
    from qlvb_desktop.cli import main as qlvb
    from qlvb_desktop.domain.report import Organization
    from tests.adapters.desk.conftest import USER_PIN, Pin
    from tests.adapters.desk.test_outgoing import draft

    issued = core.desk.outgoing.issue(leader_signed(pki, tmp_path), draft(station), station.sign_spec(),
                                      Pin(USER_PIN))
    (core.data_dir / "issuers.csv").write_text(
        "name,code,abbreviation,parent,place\nSở Tài chính tỉnh Thử nghiệm,000.00.13.H42,STC,,\n", encoding="utf-8")
    assert qlvb(["--data-dir", str(core.data_dir), "exchange", "send", str(issued.entry.id),
                 "--to", "000.00.13.H42", "--priority", "2"]) == 0
    [sent] = (core.data_dir / "exchange" / "outbox").glob("*.edxml")
    assert sent.name.startswith("01-QD-SNV_") and sent.name.isascii()
    [row] = core.exchange.sent_list()  # in the sent list at once, before any status returns
    assert (row.organ_id, row.organ_name, row.status_code) == ("000.00.13.H42", "Sở Tài chính tỉnh Thử nghiệm", "")
    assert row.outgoing_id == issued.entry.id and row.revocable and row.number == issued.entry.number_text

    b = build_core(tmp_path / "station-b")
    b.settings.organization = Organization("Sở Tài chính tỉnh Thử nghiệm", "000.00.13.H42", "")
    b.settings_store.save(b.settings)
    (b.data_dir / "trust").mkdir()
    for pem in (core.data_dir / "trust").iterdir():
        shutil.copy(pem, b.data_dir / "trust" / pem.name)
    item = b.exchange.receive(sent)
    assert item.verdict == "valid", item.summary
    assert item.urgency is Urgency.THUONG_KHAN and item.number == issued.entry.number_text
    reg = b.exchange.register(item.id)
    stored = next(f for f in reg.files if f.name.endswith(".pdf"))
    assert b.files.path_of(stored.sha256).read_bytes() == issued.path.read_bytes()
    from qlvb_desktop.domain.exchange import StatusCode

    for code in ("04", "05", "06"):
        b.exchange.report(reg.id, StatusCode(code))
    statuses = sorted((b.data_dir / "exchange" / "outbox").glob("*.edxml"))
    assert len(statuses) == 5  # 01 03 04 05 06
    for packet in statuses:
        assert core.exchange.receive(packet).state.value == "applied"
    doc_id = item.document_id
    assert doc_id.startswith("000.00.04.G14,") and doc_id.endswith(issued.entry.number_text)
    [latest] = core.exchange.recipients_status(doc_id)
    assert (latest.organ_id, latest.status_code) == ("000.00.13.H42", "06")
    assert sorted(r.status_code for r in core.exchange.statuses(doc_id, "in")) == ["01", "03", "04", "05", "06"]
    [row] = core.exchange.sent_list()
    assert row.status_code == "06" and row.document_id == doc_id

    # A asks to take it back (the sent list's "Thu hồi"); B accepts (15); A's list says so.
    sent.unlink()  # delivered (the relay would have moved it to outbox/sent/)
    for packet in statuses:
        packet.unlink()
    with pytest.raises(ValidationError):
        core.desk.exchange_sender.take_back(issued.entry.id, "  ")
    back = core.desk.exchange_sender.take_back(issued.entry.id, "Ban hành nhầm nơi nhận")
    assert back.path.name.startswith("01-QD-SNV_") and "thu-hoi" in back.path.name.lower().replace("_", "-")
    [row] = core.exchange.sent_list()
    assert row.status_code == "" and row.business_type == 1 and not row.revocable
    with pytest.raises(UserError, match="đã đề nghị thu hồi"):
        core.desk.exchange_sender.take_back(issued.entry.id, "lần nữa")
    request = b.exchange.receive(back.path)
    assert request.business_type == 1 and b.exchange.concerned(request).id == reg.id  # type: ignore[union-attr]
    assert b.exchange.accept_revision(request.id).status.value == "voided"
    [answer] = (b.data_dir / "exchange" / "outbox").glob("status-15-*.edxml")
    assert core.exchange.receive(answer).state.value == "applied"
    [row] = core.exchange.sent_list()
    assert (row.status_code, row.description) == ("15", "Ban hành nhầm nơi nhận")


def test_watched_folder_takes_every_package_once(core: Any, tmp_path: Path) -> None:
    folder = tmp_path / "exchange-in"
    folder.mkdir()
    (folder / "s1.edxml").write_bytes(status_packet("01", DOC_ID))
    (folder / "bad.xml").write_bytes(b"<?xml version='1.0'?><edXML")
    received, refused = core.exchange.take_folder(folder)
    assert [i.kind for i in received] == ["status"] and (folder / "da-nhan" / "s1.edxml").is_file()
    [(bad, reason)] = refused
    assert bad == folder / "khong-doc-duoc" / "bad.xml" and "không phải XML hợp lệ" in reason
    assert (folder / "khong-doc-duoc" / "bad.xml.txt").read_text(encoding="utf-8").strip() == reason
    assert core.exchange.take_folder(folder) == ([], [])  # nothing is read twice
