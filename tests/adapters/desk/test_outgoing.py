"""Outgoing issue against SoftHSM2 and the loopback test PKI: numbers only with a signature,
never burnt or skipped (failed signing, cancel, a killed process), void keeps the number."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from qlvb_desktop.app import build_core
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.domain.outgoing import OutgoingStatus, make_draft
from qlvb_desktop.domain.signing import MM, Verdict
from qlvb_desktop.services.audit import verify_audit
from qlvb_desktop.services.outgoing import LeaderSignatureInvalid
from tests.adapters.desk.conftest import Pin
from tests.adapters.signing.pki import ORG, USER_PIN, LoopbackPki
from tests.adapters.signing.test_signing import dark_pixels, leader_signed, make_doc, red_pixels, render

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]


def draft(desk: Any, book: str = "di", subject: str = "Về việc ban hành quy chế làm việc", **kw: Any) -> Any:
    service = desk.outgoing
    return make_draft(
        book=service.book(book), doc_type=kw.pop("doc_type", "Quyết định"), subject=subject,
        issued=service.today(), abbreviation=desk.abbreviation, signer_name="Nguyễn Văn Lãnh Đạo",
        signer_title="Giám đốc", recipients="Như Điều 3; Lưu: VT", **kw,
    )


def issue(desk: Any, src: Path, pin: Pin | None = None, **kw: Any) -> Any:
    return desk.outgoing.issue(src, draft(desk, **kw), desk.sign_spec(), pin or Pin(USER_PIN))


def test_issue_numbers_signs_saves_and_records(station: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    leader = leader_signed(pki, tmp_path)
    original = leader.read_bytes()
    service = station.outgoing
    assert service.propose("di", "QĐ-SNV")[0] == "01/QĐ-SNV"
    issued = issue(station, leader)
    entry = issued.entry
    assert (entry.book, entry.year, entry.number, entry.number_text) == ("di", service.today().year, 1, "01/QĐ-SNV")
    day = service.today().strftime("%d%m%Y")
    assert issued.path.name == f"01-QD-SNV_{day}_Ve-viec-ban-hanh-quy-che-lam-viec.pdf"
    assert issued.path.parent == Path(station.settings.outgoing_dir)
    assert entry.export_path == str(issued.path)
    assert leader.read_bytes() == original  # the leader's file is never written to
    assert issued.path.read_bytes().startswith(original)  # an incremental revision on top
    report = station.signing_area.verifier.verify(issued.path, station.extra_trust())
    assert report.verdict is Verdict.VALID, report.reason
    assert [c.signer for c in report.checks] == ["Nguyễn Văn Lãnh Đạo", ORG]
    # number and date drawn at the default place on page 1, the seal over the leader's signature
    img, before = render(issued.path), render(leader)
    box = (int(20 * MM), int(38 * MM), int(90 * MM), int(52 * MM))
    assert dark_pixels(img, box) > dark_pixels(before, box) + 100
    h = img.height
    assert red_pixels(img, (340 - 60, int(h - 190), int(340 + 160 / 3), int(h - 120))) > 200
    # recorded: the register has it, the store holds the same bytes, the audit chain agrees
    assert [e.number_text for e in service.entries()] == ["01/QĐ-SNV"]
    assert station.files.path_of(entry.file.sha256).read_bytes() == issued.path.read_bytes()
    assert verify_audit(station.register.repo) == []
    assert service.propose("di", "QĐ-SNV")[0] == "02/QĐ-SNV"


def test_failed_signing_takes_no_number(station: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    leader = leader_signed(pki, tmp_path)
    service = station.outgoing
    # a wrong PIN and no other: said wrong (issue 14), not "cancelled"; no number taken
    with pytest.raises(UserError, match="không đúng"):
        issue(station, leader, Pin("000000"))
    # the timestamp server is down and the clerk chose to stop
    with pki.offline(), pytest.raises(UserError, match="dấu thời gian"):
        issue(station, leader)
    # cancelled after login, before the number was taken
    with pytest.raises(UserError, match="Đã hủy ký"):
        service.issue(leader, draft(station), station.sign_spec(), Pin(USER_PIN), cancelled=lambda: True)
    assert service.entries() == []
    assert service.repo.next_number("di", service.today().year) == 1
    out_dir = Path(station.settings.outgoing_dir)
    assert not out_dir.exists() or list(out_dir.glob("*.pdf")) == []
    assert issue(station, leader).entry.number == 1  # the same number, no gap


def test_leader_signature_missing_or_broken_is_refused(station: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    unsigned = make_doc(tmp_path / "unsigned.pdf")
    with pytest.raises(LeaderSignatureInvalid, match="chưa có chữ ký số"):
        issue(station, unsigned)
    leader = leader_signed(pki, tmp_path)
    data = bytearray(leader.read_bytes())
    at = data.index(b"Dung dong 3") if b"Dung dong 3" in data else len(data) // 3
    data[at] ^= 0x01
    (tmp_path / "tampered.pdf").write_bytes(bytes(data))
    with pytest.raises(LeaderSignatureInvalid, match="không hợp lệ"):
        issue(station, tmp_path / "tampered.pdf")
    assert station.outgoing.entries() == []


def test_void_keeps_the_number_and_books_have_their_own_series(
    station: Any, pki: LoopbackPki, tmp_path: Path
) -> None:
    leader = leader_signed(pki, tmp_path)
    service = station.outgoing
    first = issue(station, leader).entry
    voided = service.void(first.id, "Ký nhầm văn bản")
    assert voided.status is OutgoingStatus.VOIDED and voided.number == 1
    with pytest.raises(UserError, match="đã bị hủy"):
        service.void(first.id, "lần nữa")
    assert issue(station, leader, subject="Về việc khác").entry.number == 2
    secret = issue(station, leader, book="mat-di", subject="Về việc mật").entry
    assert (secret.book, secret.number) == ("mat-di", 1)
    cv = issue(station, leader, doc_type="Công văn", drafting_unit="VP", subject="V/v báo cáo").entry
    assert cv.number_text == "03/SNV-VP"
    # each type of legal normative document has its own series, with the year in its notation
    year = service.today().year
    qd = issue(station, leader, normative=True, subject="Ban hành quy định").entry
    assert qd.number_text == f"01/{year}/QĐ-SNV"
    assert issue(station, leader, subject="Về việc thường").entry.number_text == "04/QĐ-SNV"
    out = service.print_register("di", service.today().year, None, None, tmp_path / "so-di.pdf", ORG)
    pdf = pdfium.PdfDocument(str(out))
    try:
        text = "".join(str(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()
    flat = "".join(text.split())  # cells wrap their text over lines
    assert "SỔĐĂNGKÝVĂNBẢNĐI" in flat and "Hủy:Kýnhầmvănbản" in flat and "03/SNV-VP" in flat
    assert "Vềviệcmật" not in flat  # the secret book is printed on its own
    assert verify_audit(station.register.repo) == []


def test_saved_file_missing_is_saved_again(station: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    issued = issue(station, leader_signed(pki, tmp_path))
    content = issued.path.read_bytes()
    issued.path.unlink()
    assert station.outgoing.restore_missing() == [issued.path]
    assert issued.path.read_bytes() == content


def test_killed_while_signing_takes_no_number(station: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    """Power cut half-way through the signature: the number is not taken, no file is saved, and
    the next issue gets the same number."""
    leader = leader_signed(pki, tmp_path)
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("issue_worker.py")), str(station.data_dir), str(leader),
         str(ready)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            if child.poll() is not None:
                raise AssertionError(child.stdout.read().decode() if child.stdout else "worker died")
            assert time.monotonic() < deadline, "the worker never reached the signing step"
            time.sleep(0.1)
        assert ready.read_text() == "01/QĐ-SNV"  # the number was allocated and being signed in
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
        if child.stdout:
            child.stdout.close()
    fresh = build_core(station.data_dir).desk
    assert fresh.outgoing.entries() == []
    assert fresh.repo.next_number("di", fresh.outgoing.today().year) == 1
    out_dir = Path(station.settings.outgoing_dir)
    assert not out_dir.exists() or list(out_dir.glob("*.pdf")) == []
    again = fresh.outgoing.issue(leader, draft(fresh), fresh.sign_spec(), Pin(USER_PIN))
    assert again.entry.number == 1 and again.path.is_file()
