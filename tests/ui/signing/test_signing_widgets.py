"""The signing dialog, the stamp placement preview and the verification badge, offscreen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from qlvb_desktop.adapters.pdf.signer import SignRequest
from qlvb_desktop.adapters.pdf.stamper import PdfStamper
from qlvb_desktop.adapters.pdf.verifier import PdfVerifier
from qlvb_desktop.adapters.pkcs11.batch import TokenSigner, token_report
from qlvb_desktop.domain.signing import ArrivalStamp, SignatureKind
from qlvb_desktop.ui.signing.badge import VerificationBadge
from qlvb_desktop.ui.signing.dialog import SigningDialog
from qlvb_desktop.ui.signing.preview import MM, StampPlacementPreview
from tests.adapters.signing.pki import ORG, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, LoopbackPki
from tests.adapters.signing.test_signing import make_doc


def test_preview_drag_moves_the_stamp(qtbot, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    view = StampPlacementPreview(scale=1.0)
    qtbot.addWidget(view)
    view.set_pdf(doc, (20.0, 40.0))
    assert abs(view.width() - 595) <= 1 and abs(view.height() - 842) <= 1
    image = view.grab().toImage()
    dark = sum(1 for x in range(60, 260) for y in range(50, 66) if image.pixelColor(x, y).lightness() < 128)
    assert dark > 100  # the page's own first line ("UBND TỈNH …") is drawn
    start = view.stamp_rect().center().toPoint()
    with qtbot.waitSignal(view.positionChanged, timeout=2000) as blocker:
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(view, start + QPoint(int(30 * MM), int(10 * MM)))
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(int(30 * MM), int(10 * MM)))
    x, y = blocker.args
    assert x == pytest.approx(50, abs=1) and y == pytest.approx(50, abs=1)
    # dragging off the page keeps the stamp on it
    view.set_position_mm(500, -20)
    assert view.position_mm() == (pytest.approx(210 - 50, abs=0.5), 0.0)
    # what the clerk placed is what gets stamped
    stamp = ArrivalStamp(ORG, "1", date(2026, 5, 29))
    box = PdfStamper().stamp_arrival(doc, tmp_path / "o.pdf", stamp, (50.0, 50.0))
    assert box.x == pytest.approx(50 * MM)


def test_badge_states(qtbot, pki: LoopbackPki, tmp_path: Path) -> None:
    badge = VerificationBadge()
    qtbot.addWidget(badge)
    assert badge.state == "none"
    doc = make_doc(tmp_path / "in.pdf")
    badge.show_report(PdfVerifier().verify(doc))
    assert badge.state == "none" and "Không có chữ ký" in badge.text()
    signer = TokenSigner()

    class Pin:
        def get_pin(self, *_a: object) -> str:
            return USER_PIN

    req = SignRequest(SignatureKind.COPY, text="SAO Y; A; B", tsa_url=None, want_ltv=False)
    signer.sign_batch(
        SOFTHSM_MODULE,
        TOKEN_LABEL,
        ORG,
        Pin(),
        [(doc, tmp_path / "s.pdf")],
        lambda _p: req,
        ca_chain=[pki.cert("interm")],
    )
    badge.show_report(PdfVerifier().verify(tmp_path / "s.pdf", [pki.pem("root")]))
    assert badge.state == "warning" and "dấu thời gian" in badge.toolTip()
    badge.show_report(PdfVerifier().verify(tmp_path / "s.pdf"))  # no chain to a trusted root
    assert badge.state == "indeterminate" and "Chưa xác định" in badge.text()
    data = bytearray((tmp_path / "s.pdf").read_bytes())
    at = data.index(b"stream", 200) + 12  # a byte of the signed page content
    data[at] ^= 0x01
    (tmp_path / "t.pdf").write_bytes(bytes(data))
    badge.show_report(PdfVerifier().verify(tmp_path / "t.pdf", [pki.pem("root")]))
    assert badge.state == "invalid" and badge.text().startswith("✖")


def test_dialog_wrong_pin_then_batch(qtbot, pki: LoopbackPki, tmp_path: Path) -> None:
    files = [make_doc(tmp_path / f"d{i}.pdf") for i in range(2)]
    signer = TokenSigner()
    info = next(t for t in token_report(signer.thread, SOFTHSM_MODULE) if t["label"] == TOKEN_LABEL)

    from qlvb_desktop.app import SystemClock
    from qlvb_desktop.domain.signing import SignSpec
    from qlvb_desktop.services.signing import SigningService

    service = SigningService(signer, SystemClock())
    spec = SignSpec(
        SignatureKind.COPY,
        organization=ORG,
        tsa_url=pki.tsa_url,
        extra_trust=[pki.pem("interm")],
        pkcs11_module=SOFTHSM_MODULE,
        token_label=TOKEN_LABEL,
    )

    def start(handler, progress):
        return service.sign(files, spec, handler, progress=progress)

    dialog = SigningDialog(files, start, token_info=info)
    qtbot.addWidget(dialog)
    assert TOKEN_LABEL in dialog.token_status.text()
    assert ORG in dialog.certificate.text()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "Nhập mã PIN" in dialog.pin_message.text()
    dialog.pin_edit.setText("000000")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.pin_edit.text() == ""
    qtbot.waitUntil(lambda: "Mã PIN sai" in dialog.pin_message.text(), timeout=10000)
    dialog.pin_edit.setText(USER_PIN)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    assert "2/2" in dialog.summary.text()
    assert dialog.progress.value() == 2
    assert all(dialog.table.item(r, 1).text().startswith("Đã ký") for r in range(2))
    assert all(f.with_name(f.stem + "-signed.pdf").exists() for f in files)


def test_dialog_without_token(qtbot) -> None:
    dialog = SigningDialog(
        [Path("a.pdf")], lambda h, p: None, token_info=None, token_problem="Không thấy USB token"
    )
    qtbot.addWidget(dialog)
    assert not dialog.sign_button.isEnabled()
    assert "Không thấy" in dialog.token_status.text()


def test_preview_draws_the_real_stamp_not_a_box(qtbot, tmp_path: Path) -> None:
    from qlvb_desktop.adapters.pdf.drawing import arrival_stamp_pdf

    doc = make_doc(tmp_path / "in.pdf")
    view = StampPlacementPreview(scale=1.0)
    qtbot.addWidget(view)
    view.set_pdf(doc, (120.0, 40.0))
    view.set_stamp_pdf(arrival_stamp_pdf(ArrivalStamp(ORG, "125", date(2026, 5, 29))))
    image = view.grab().toImage()
    rect = view.stamp_rect().toRect()

    def red(x: int, y: int) -> bool:
        c = image.pixelColor(x, y)
        return c.red() > 150 and c.green() < 110 and c.blue() < 110

    xs, ys = range(rect.left() + 3, rect.right() - 3), range(rect.top() + 3, rect.bottom() - 3)
    reds = sum(1 for x in xs for y in ys if red(x, y))
    area = len(xs) * len(ys)
    # the stamp's red rules and text, on a page that shows through (not a tinted rectangle)
    assert 0.03 * area < reds < 0.5 * area
    # its rows: the organization line at the top, "ĐẾN" at the left of the second and third
    top_row = sum(1 for x in xs for y in range(rect.top() + 4, rect.top() + rect.height() // 5) if red(x, y))
    assert top_row > 40
