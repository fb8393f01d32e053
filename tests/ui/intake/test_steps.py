"""Single steps of the wizard and their error paths: pages (turn, move, blank, split), a wrong
PIN and a missing token, a refused field, closing while work runs, and the menu entry."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.services.paper_intake import Step
from tests.adapters.signing.pki import USER_PIN
from tests.ui.conftest import type_text
from tests.ui.intake.test_wizard import LONG, at_step, enter, idle

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def to_pages(qtbot: Any, wizard: Any, files: list[Path]) -> None:
    wizard.add_files(files)
    qtbot.waitUntil(lambda: wizard.capture_step.pages.count() == len(files), timeout=LONG)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.PAGES)


def test_pages_turn_move_blank_split(qtbot: Any, wizard: Any, batch_files: list[Path]) -> None:
    to_pages(qtbot, wizard, batch_files[:3])
    step = wizard.pages_step
    step.pages.setCurrentRow(1)
    step.pages.item(1).setSelected(True)
    assert step.buttons["rotate_right"].shortcut().toString() == "Ctrl+R"
    step.buttons["rotate_right"].click()
    assert step.records()[1].rotation == 90
    first = step.records()[0].file
    step.pages.setCurrentRow(0)
    step.buttons["move_down"].click()
    assert step.records()[1].file == first
    step.pages.clearSelection()
    step.pages.setCurrentRow(2)
    step.pages.item(2).setSelected(True)
    assert step.records()[2].blank
    step.buttons["blank"].click()
    assert not step.records()[2].blank and "trang trắng" not in step.info.text()
    # Split at page 3: a second document with that page joins the queue.
    step.pages.setCurrentRow(2)
    step.buttons["split"].click()
    qtbot.waitUntil(lambda: step.pages.count() == 2 and not wizard.is_busy(), timeout=LONG)
    qtbot.waitUntil(lambda: wizard.queue.count() == 2, timeout=10_000)
    saved = wizard.service.load(wizard.doc.folder)
    assert [p.rotation for p in saved.pages] == [90, 0]  # page 1 moved down: the turned page 2 is first


def test_wrong_pin_then_right_pin(qtbot: Any, wizard: Any, batch_files: list[Path]) -> None:
    to_pages(qtbot, wizard, batch_files[4:5])
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FIELDS)
    idle(qtbot, wizard)
    form = wizard.fields_step.form
    for name, value in (("doc_type", "Công văn"), ("issuer", "Sở Nội vụ"), ("subject", "Báo cáo")):
        if not form.edits[name].text():
            form.edits[name].setText(value)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.REGISTER)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.STAMP)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.SIGN)
    enter(qtbot, wizard)  # no PIN typed: asked for, nothing runs
    assert "Nhập mã PIN" in wizard.sign_step.message.text()
    type_text(wizard.sign_step.pin_edit, "000000")
    enter(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.is_busy() and wizard.sign_step.pin_edit.isVisible(), timeout=LONG)
    assert wizard.shown_step is Step.SIGN
    message = wizard.sign_step.message.text()
    assert message and "Traceback" not in message
    type_text(wizard.sign_step.pin_edit, USER_PIN)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FORWARD)


def test_a_refused_field_gets_the_focus(qtbot: Any, wizard: Any, batch_files: list[Path]) -> None:
    to_pages(qtbot, wizard, batch_files[4:5])
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FIELDS)
    idle(qtbot, wizard)
    form = wizard.fields_step.form
    form.edits["doc_type"].setText("Công văn")
    form.edits["issued_date"].setText("31/02/2026")
    enter(qtbot, wizard)
    idle(qtbot, wizard)
    assert wizard.shown_step is Step.FIELDS and wizard.doc.registration_id is None
    assert wizard.focusWidget() is form.edits["issued_date"]
    assert "31/02/2026" in wizard.status.text()


def test_closing_while_reading_asks_and_stops_safely(qtbot: Any, wizard: Any, batch_files: list[Path]) -> None:
    wizard.add_files(batch_files)
    qtbot.waitUntil(lambda: wizard.is_busy(), timeout=5000)
    wizard.close()
    box = wizard.close_box
    assert box.isVisible() and wizard.isVisible()
    stop = next(b for b in box.buttons() if b.text() == "Dừng và đóng")
    stop.click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=LONG)
    pending = wizard.service.pending()
    assert all(p.step in (Step.PAGES, Step.CAPTURE) for p in pending)  # what was read is kept


def test_menu_entry_opens_the_wizard(qtbot: Any, window: Any, station: Any) -> None:
    from qlvb_desktop.app import build_paper_intake

    action = window.intake_action
    assert action.shortcut().toString() == "Ctrl+Shift+N"
    assert action.isEnabled() is False  # the test context has no intake configured
    from qlvb_desktop.ui.intake import add_intake_action

    menu = window.menuBar().addMenu("x")
    opened = add_intake_action(window, menu, lambda: build_paper_intake(station))
    opened.trigger()
    qtbot.waitUntil(lambda: getattr(window, "intake_wizard", None) is not None, timeout=5000)
    wizard = window.intake_wizard
    assert wizard.isVisible() and wizard.windowTitle().startswith("Tiếp nhận văn bản giấy")
    qtbot.waitUntil(lambda: wizard.warmed and wizard.doc is not None and not wizard.is_busy(), timeout=30_000)
    wizard.close()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)


def test_an_intake_step_without_leave_cannot_be_made(qapp: Any) -> None:
    """`IntakeStep.leave` is abstract: a step that forgets how it is confirmed fails when it is
    made (the wizard opening), not when the clerk presses Enter on it."""
    from PySide6.QtWidgets import QWidget

    from qlvb_desktop.ui.intake.controllers import IntakeStep, RegisterController

    class Forgetful(IntakeStep):
        step = Step.REGISTER

    with pytest.raises(TypeError, match="Forgetful does not define leave"):
        Forgetful(None, QWidget())  # type: ignore[arg-type]
    assert "leave" in IntakeStep.__abstractmethods__
    assert not RegisterController.__abstractmethods__
