"""The paper intake service end to end with real parts: capture with a separator sheet, OCR and
extraction (Tesseract), registration (SQLite), ĐẾN stamp, SAO Y signature (SoftHSM2), forward;
its saved state and idempotent resume."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.app import build_paper_intake
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Urgency
from qlvb_desktop.services.paper_intake import RememberedPin, Step, WipDocument, write_atomic
from tests.adapters.intake.support import paper_batch, station
from tests.adapters.signing.pki import USER_PIN, LoopbackPki

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.fixture(scope="module")
def batch_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return paper_batch(tmp_path_factory.mktemp("batch"))


def test_write_atomic_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    write_atomic(target, b'{"a": 1}')
    write_atomic(target, b'{"a": 2}')
    assert json.loads(target.read_text()) == {"a": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary left


@pytest.mark.slow
def test_batch_to_signed_file_and_resume(
    tmp_path: Path, core_at: Any, batch_files: list[Path], pki: LoopbackPki, request: pytest.FixtureRequest
) -> None:
    core = station(tmp_path / "data", pki)
    request.addfinalizer(core.close)
    intake = build_paper_intake(core)
    first = intake.new()
    arrived: list[tuple[str, int]] = []
    docs = intake.capture_files(first, batch_files, on_page=lambda d, p: arrived.append((d.id, len(d.pages))))
    assert len(docs) == 2, "the separator sheet starts a second document"
    assert [len(d.pages) for d in docs] == [3, 1]
    assert [p.blank for p in docs[0].pages] == [False, False, True]
    assert len(arrived) == 4 and all(d.step is Step.PAGES for d in docs)

    # Urgent documents come first in the queue.
    pending = intake.pending()
    assert [d.id for d in pending] == [docs[0].id, docs[1].id]  # nothing read yet: capture order
    letter = docs[1]
    intake.confirm_pages(letter)
    proposal = intake.propose(letter)
    assert proposal["urgency"] == "Hỏa tốc"
    assert intake.pending()[0].id == letter.id and intake.pending()[0].urgency is Urgency.HOA_TOC

    # A crash right after the number was taken, before the state said so: no second number.
    values = {k: proposal[k] for k in ("issuer", "number", "issued_date", "subject", "signer_name")}
    values["doc_type"] = proposal["doc_type"] or "Công văn"
    saved = intake.load(letter.folder)
    reg = intake.register(letter, values)
    write_atomic(saved.folder / "state.json", json.dumps(saved.to_json()).encode())  # the old state
    again = build_paper_intake(core_at(tmp_path / "data"))
    resumed = next(d for d in again.pending() if d.id == letter.id)
    assert resumed.registration_id is None
    reg2 = again.register(resumed, values)
    assert reg2.id == reg.id and reg2.arrival_number == reg.arrival_number
    assert len(core.register.search(SearchQuery())) == 1

    stamped = again.confirm_stamp(resumed, None)
    assert stamped.exists() and resumed.step is Step.SIGN
    asked: list[str] = []
    pin = RememberedPin(lambda label, tries, last: asked.append(label) or USER_PIN)
    signed = again.sign(resumed, pin)
    assert signed.exists() and signed.parent.parent.parent == core.data_dir / "van-ban-den"
    assert signed.name.startswith(f"{reg.arrival_number:05d}_212-SNV-VP")
    assert resumed.step is Step.FORWARD and len(asked) == 1
    # Signing again (a resume after the file was moved into place) does not sign twice.
    assert again.sign(resumed, pin) == signed
    # Issue 16: the signed copy is the entry's current copy; the scanned original stays.
    entry = core.register.get(reg.id)
    assert [f.role for f in entry.files] == ["", "signed"]
    copy = entry.current_copy
    assert copy is not None and copy.sha256 == hashlib.sha256(signed.read_bytes()).hexdigest()

    from qlvb_desktop.adapters.pdf.verifier import PdfVerifier

    report = PdfVerifier().verify(signed, [pki.pem("interm"), pki.pem("root")])
    assert len(report.checks) == 1 and not report.checks[0].problems, report.reason

    revisions = signed.read_bytes().count(b"%%EOF")
    done = again.forward(resumed, "Phòng Tổng hợp", "Giao phòng Tổng hợp tham mưu.", "2026-12-31")
    again.forward(resumed, "Phòng Tổng hợp", "Giao phòng Tổng hợp tham mưu.", "2026-12-31")  # resumed twice
    final = core.register.get(done.id)
    assert final.draft.to_places == "Phòng Tổng hợp"
    # the stamp's "Chuyển" now carries the unit, once, in a revision the verifier knows as ours
    assert resumed.forward["chuyen_filled"] == "Phòng Tổng hợp" and signed.read_bytes().count(b"%%EOF") == revisions + 1
    report = PdfVerifier().verify(signed, [pki.pem("interm"), pki.pem("root")])
    assert not report.checks[0].problems, report.reason
    assert [k.value for k in report.checks[0].later_changes] == ["arrival_stamp"]
    # ... and after the unit went into the stamp, the entry holds that revision instead
    copy = core.register.get(reg.id).current_copy
    assert copy is not None and copy.sha256 == hashlib.sha256(signed.read_bytes()).hexdigest()
    assert [f.role for f in core.register.get(reg.id).files] == ["", "signed"]
    assert [t.text for t in final.trace].count("Chuyển Phòng Tổng hợp: Giao phòng Tổng hợp tham mưu.") == 1
    from qlvb_desktop.domain.report import book_row

    assert book_row(final).cells[7] == final.trace[0].at.strftime("%d/%m/%Y")  # (8) Ngày chuyển
    again.finish(resumed)
    assert not resumed.folder.exists()

    # The second document: a PIN once per batch (not asked again).
    decision = next(d for d in again.pending())
    again.confirm_pages(decision)
    proposal = again.propose(decision)
    values = {k: proposal[k] for k in ("issuer", "number", "issued_date", "subject", "signer_name", "doc_type")}
    again.register(decision, values)
    again.confirm_stamp(decision, (120.0, 10.0))
    assert decision.stamp_at_mm == [120.0, 10.0]
    again.sign(decision, pin)
    assert len(asked) == 1


def test_drop_refuses_a_registered_document(tmp_path: Path, core_at: Any) -> None:
    core = core_at(tmp_path / "data")
    intake = build_paper_intake(core)
    doc = intake.new()
    doc.registration_id, doc.arrival_number = 1, 7
    intake.save(doc)
    with pytest.raises(UserError, match="số đến 7"):
        intake.drop(doc)
    assert doc.folder.exists()


def test_pending_skips_empty_and_unreadable(tmp_path: Path, core_at: Any) -> None:
    intake = build_paper_intake(core_at(tmp_path / "data"))
    empty = intake.new()
    broken = intake.new()
    (broken.folder / "pages" / "p.png").write_bytes(b"x")
    (broken.folder / "state.json").write_text("{not json")
    assert intake.pending() == []
    assert empty.folder.exists(), "a listing removes nothing: the wizard may be scanning into it"
    assert intake.reopen() == []
    assert not empty.folder.exists() and broken.folder.exists()
    assert isinstance(WipDocument.from_json(empty.folder, {"id": "x"}), WipDocument)


def test_stamp_in_the_child_process_fills_chuyen_from_the_setting(tmp_path: Path) -> None:
    """The wizard stamps in a child process; the ĐẾN stamp's "Chuyển" cell carries the default
    from the settings (Cài đặt › Cơ quan) when there is one."""
    from datetime import date

    import pypdfium2 as pdfium

    from qlvb_desktop.adapters.intake_process import ChildStamps
    from tests.adapters.signing.test_signing import make_doc

    src = make_doc(tmp_path / "in.pdf")
    stamps = ChildStamps("Sở Nội vụ tỉnh Thử nghiệm")
    try:
        stamps.stamp_arrival(src, tmp_path / "out.pdf", "125", date(2026, 11, 23), forward_to="Phòng Tổng hợp")
        stamps.stamp_arrival(src, tmp_path / "plain.pdf", "126", date(2026, 11, 23))
    finally:
        stamps.close()

    def text(path: Path) -> str:
        pdf = pdfium.PdfDocument(path)
        try:
            return str(pdf[0].get_textpage().get_text_range())
        finally:
            pdf.close()

    assert "Phòng Tổng hợp" in text(tmp_path / "out.pdf") and "125" in text(tmp_path / "out.pdf")
    assert "Phòng Tổng hợp" not in text(tmp_path / "plain.pdf")


def test_wizard_service_reads_the_chuyen_default_from_settings(tmp_path: Path, core_at: Any) -> None:
    core = core_at(tmp_path / "data")
    core.settings.stamp_forward_default = "Phòng Hành chính"
    intake = build_paper_intake(core)
    assert intake.forward_default() == "Phòng Hành chính"
    core.settings.stamp_forward_default = ""
    assert intake.forward_default() == ""
