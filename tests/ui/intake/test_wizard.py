"""The paper intake wizard step by step, with the real services: capture from files (a feeder
batch with a separator sheet), Tesseract, SQLite, the ĐẾN stamper and SoftHSM2 with the PIN
typed once per batch; keyboard only, except the stamp drag."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from qlvb_desktop.services.paper_intake import Step
from tests.adapters.signing.pki import USER_PIN
from tests.ui.conftest import type_text

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
LONG = 60_000


def idle(qtbot: Any, wizard: Any, timeout: int = LONG) -> None:
    qtbot.waitUntil(lambda: not wizard.is_busy(), timeout=timeout)


def enter(qtbot: Any, wizard: Any) -> None:
    focus = wizard.focusWidget() or wizard
    QTest.keyClick(focus, Qt.Key.Key_Return)


def at_step(qtbot: Any, wizard: Any, step: Step, timeout: int = LONG) -> None:
    def there() -> bool:
        return (
            wizard.doc is not None
            and wizard.shown_step is step
            and wizard.stack.currentWidget() is wizard.pages_by_step[step]
        )

    try:
        qtbot.waitUntil(there, timeout=timeout)
    except Exception as exc:
        where = wizard.doc and wizard.doc.step
        raise AssertionError(f"not at {step}: {wizard.status.text()!r}, document at {where}") from exc


@pytest.mark.slow
def test_one_document_through_every_step_then_the_next(qtbot: Any, wizard: Any, batch_files: list[Path]) -> None:
    changes: list[Any] = []
    wizard.registered.connect(changes.append)
    assert wizard.stack.currentWidget() is wizard.capture_step
    wizard.add_files(batch_files)
    qtbot.waitUntil(lambda: wizard.capture_step.pages.count() == 4, timeout=LONG)
    idle(qtbot, wizard)
    captions = [wizard.capture_step.pages.item(i).text() for i in range(4)]
    assert "TRANG TRẮNG" in captions[2] and "Văn bản mới" in captions[3], (captions, wizard.status.text())
    assert "2 văn bản" in wizard.status.text()

    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.PAGES)
    assert wizard.pages_step.pages.count() == 3
    assert "1 trang trắng" in wizard.pages_step.info.text()
    assert wizard.queue.count() == 2

    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FIELDS)
    form = wizard.fields_step.form
    qtbot.waitUntil(lambda: form.edits["number"].text() != "", timeout=LONG)
    idle(qtbot, wizard)
    assert form.edits["number"].text() == "15/QĐ-STC"
    assert form.indicators["number"].confidence is not None
    assert wizard.focusWidget() in form.edits.values()  # focus on the first field needing attention
    form.edits["issuer"].setFocus()
    qtbot.waitUntil(lambda: wizard.fields_step.preview.highlighted is not None, timeout=5000)
    if not form.edits["doc_type"].text():
        form.edits["doc_type"].setText("Quyết định")

    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.REGISTER)
    assert wizard.register_step.number.text() == "Số đến: 1"
    assert changes, "the register view is told a registration was added"
    idle(qtbot, wizard)

    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.STAMP)
    idle(qtbot, wizard)
    assert not wizard.progress.isVisible()  # an idle, empty bar looks like a box to type in
    assert wizard.stamp_step.info.text() and wizard.stamp_step.info.text() not in wizard.status.text()  # said once
    view = wizard.stamp_step.view
    start = view.stamp_rect().center().toPoint()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(40, 30))
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(40, 30))
    moved = wizard.stamp_step.position_mm()
    assert moved is not None
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert wizard.stamp_step.position_mm()[0] == pytest.approx(moved[0] + 2.0)

    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.SIGN)
    assert wizard.sign_step.pin_edit.isVisible() and wizard.focusWidget() is wizard.sign_step.pin_edit
    assert wizard.sign_step.message.text() not in wizard.status.text()
    type_text(wizard.sign_step.pin_edit, USER_PIN)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FORWARD)
    signed = Path(wizard.doc.signed)
    assert signed.is_file() and signed.read_bytes().startswith(b"%PDF")
    assert wizard.doc.stamp_at_mm is not None

    type_text(wizard.forward_step.to_edit, "Phòng Tổng hợp")
    wizard.forward_step.instruction_edit.setFocus()
    type_text(wizard.forward_step.instruction_edit, "Giao phòng Tổng hợp tham mưu.")
    wizard.forward_step.to_edit.setFocus()
    enter(qtbot, wizard)
    # The next document of the batch (the urgent letter) comes up at its pages step, in red.
    qtbot.waitUntil(lambda: wizard.doc is not None and wizard.doc.arrival_number is None, timeout=LONG)
    at_step(qtbot, wizard, Step.PAGES)
    assert wizard.pages_step.pages.count() == 1
    assert "Xong văn bản số đến 1" in wizard.status.text() or wizard.status.text()
    reg = wizard.service.register_service.get(1)
    assert reg.draft.to_places == "Phòng Tổng hợp"
    assert [t.text for t in reg.trace] == ["Chuyển Phòng Tổng hợp: Giao phòng Tổng hợp tham mưu."]

    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FIELDS)
    qtbot.waitUntil(lambda: form.edits["urgency"].text() == "Hỏa tốc", timeout=LONG)
    idle(qtbot, wizard)
    assert wizard.urgency.isVisible() and wizard.urgency.text() == "HỎA TỐC"
    if not form.edits["doc_type"].text():
        form.edits["doc_type"].setText("Công văn")
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.REGISTER)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.STAMP)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.SIGN)
    assert not wizard.sign_step.pin_edit.isVisible(), "the PIN is asked once per batch"
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FORWARD)
    assert Path(wizard.doc.signed).is_file()
    assert [name for name, _ in wizard.waits][:2] == ["capture", "pages"]
