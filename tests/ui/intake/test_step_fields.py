"""The wizard's own fields, without a document going through: the due date is typed (digits are
never eaten by a "no due date" text), its calendar opens at today, the book shows by its name,
the wizard fits the screen with its frame."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.ui.intake.steps import ForwardStep, RegisterStep
from qlvb_desktop.ui.ui_state import fit_to_screen
from tests.ui.conftest import type_text


def test_due_date_takes_typed_digits(qtbot: Any) -> None:
    step = ForwardStep()
    qtbot.addWidget(step)
    step.prepare("/tmp/x.pdf", {})
    assert step.due_edit.date() is None and step.due_edit.text() == ""
    type_text(step.due_edit.edit, "01122026")
    assert step.due_edit.text() == "01122026"  # nothing glued to a special text
    step.due_edit.edit.editingFinished.emit()
    assert step.due_edit.text() == "01/12/2026"
    assert step.values()[2] == "2026-12-01"
    step.due_edit.edit.clear()
    step.due_edit.edit.editingFinished.emit()
    assert step.values()[2] == ""  # empty: no due date


def test_due_date_refused_text_stays_for_the_service_to_name(qtbot: Any) -> None:
    step = ForwardStep()
    qtbot.addWidget(step)
    step.prepare("/tmp/x.pdf", {"due": "31/02/2026"})
    assert step.due_edit.text() == "31/02/2026" and step.due_edit.property("invalid") is True
    assert step.values()[2] == "31/02/2026"
    step.prepare("/tmp/x.pdf", {"due": "2026-12-24"})
    assert step.due_edit.text() == "24/12/2026"


def test_calendar_opens_at_today_or_at_the_typed_date(qtbot: Any) -> None:
    step = ForwardStep()
    qtbot.addWidget(step)
    step.show()
    step.due_edit.open_calendar()
    calendar = step.due_edit.calendar
    assert calendar is not None
    today = now_vn().date()
    shown = calendar.selectedDate()
    assert date(shown.year(), shown.month(), shown.day()) == today
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    calendar.parentWidget().close()  # type: ignore[union-attr]
    step.due_edit.set_date(date(2027, 3, 15))
    step.due_edit.open_calendar()
    calendar = step.due_edit.calendar
    assert calendar is not None and (calendar.yearShown(), calendar.monthShown()) == (2027, 3)
    picked = calendar.selectedDate().addDays(2)
    calendar.setSelectedDate(picked)
    calendar.activated.emit(picked)
    assert step.due_edit.date() == date(2027, 3, 17) and step.due_edit.text() == "17/03/2027"


def test_book_shown_by_its_name(qtbot: Any) -> None:
    step = RegisterStep()
    qtbot.addWidget(step)
    reg = SimpleNamespace(
        arrival_number=7, year=2026, book="den",
        draft=SimpleNamespace(received_at=now_vn(), subject="Về việc thử"),
    )
    step.show_registration(reg, "Sổ văn bản đến")
    assert "Sổ văn bản đến năm 2026" in step.details.text()
    assert " den " not in step.details.text()


def test_a_window_too_big_for_the_screen_is_maximized_not_cut(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    free = dialog.screen().availableGeometry()
    fit_to_screen(dialog, free.width(), free.height())  # what the wizard wanted at 1366 x 768
    assert dialog.windowState() & Qt.WindowState.WindowMaximized
    small = QDialog()
    qtbot.addWidget(small)
    fit_to_screen(small, 400, 300)
    assert not small.windowState() & Qt.WindowState.WindowMaximized
    assert small.size().width() == 400 and free.contains(small.geometry())
