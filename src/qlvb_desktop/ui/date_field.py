"""One date field for the whole window: typed dd/mm/yyyy, with a calendar that opens at today.

A QDateEdit with a "no date" special value swallows typed digits into its special text
("không có hạn0122026") and its calendar opens at the minimum date (January 2000), so every date
the clerk sees or types goes through this field instead: a line edit that accepts what a clerk
types (5/1/2026, 05-01-2026, 05012026 — `domain.clock.parse_day_vn`) and shows it back as
dd/mm/yyyy, empty meaning "no date", and a button opening a calendar at the date typed or today.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from qlvb_desktop.domain.clock import format_date_vn, now_vn, parse_day_vn

INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; background: #fff3f3; }"


class DateField(QWidget):
    """A date or nothing. `dateChanged(dt.date | None)` fires when the value the field stands for
    changes: a complete date typed, the field emptied, or a day picked in the calendar."""

    dateChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self._value: dt.date | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder or self.tr("dd/mm/yyyy"))
        self.edit.setMaxLength(12)
        self.edit.setToolTip(self.tr("Gõ ngày dạng dd/mm/yyyy (ví dụ 05/01/2026 hoặc 05012026)"))
        metrics = self.edit.fontMetrics()
        wide = max(metrics.horizontalAdvance("00/00/00000"), metrics.horizontalAdvance(self.edit.placeholderText()))
        self.edit.setMinimumWidth(wide + 16)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(self.tr("Chọn ngày trên lịch"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        self.calendar: QCalendarWidget | None = None
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.button.clicked.connect(self.open_calendar)

    def setObjectName(self, name: str) -> None:  # Qt's name
        """The field and its line edit share a name (tests and accessibility find either)."""
        super().setObjectName(name)
        self.edit.setObjectName(f"{name}_text")

    def setAccessibleName(self, name: str) -> None:  # Qt's name
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    # --- value -----------------------------------------------------------------------------------

    def date(self) -> dt.date | None:
        return self._value

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(format_date_vn(value) if value else "")
        self._set_valid(True)
        self._store(value)

    def set_text(self, text: str) -> None:
        """As if the clerk had typed `text` and left the field."""
        self.edit.setText(text)
        self._finished()

    def text(self) -> str:
        """The date as dd/mm/yyyy, empty for none, or what was typed if it is not a date yet."""
        return self.edit.text().strip()

    def is_valid(self) -> bool:
        try:
            parse_day_vn(self.edit.text())
        except ValueError:
            return False
        return True

    def _typed(self, text: str) -> None:
        if text.strip() and not text.strip()[-4:].isdigit():
            return  # "6/1/20" on the way to 2026 is not the year 2020: wait for 4 digits
        try:
            value = parse_day_vn(text)
        except ValueError:
            return  # not a date yet (still typing); judged when the clerk leaves the field
        self._set_valid(True)
        self._store(value)

    def _finished(self) -> None:
        try:
            value = parse_day_vn(self.edit.text())
        except ValueError:
            self._set_valid(False)
            return
        self._set_valid(True)
        if value is not None and self.edit.text() != format_date_vn(value):
            self.edit.setText(format_date_vn(value))
        self._store(value)

    def _store(self, value: dt.date | None) -> None:
        if value != self._value:
            self._value = value
            self.dateChanged.emit(value)

    def _set_valid(self, valid: bool) -> None:
        self.edit.setStyleSheet("" if valid else INVALID_STYLE)
        self.setProperty("invalid", not valid)

    # --- calendar --------------------------------------------------------------------------------

    def open_calendar(self) -> None:
        """A calendar at the date in the field or, without one, at today (never January 2000)."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setObjectName("date_field_calendar")
        calendar.setGridVisible(True)
        shown = self._value or now_vn().date()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(day: QDate) -> None:
            self.set_date(dt.date(day.year(), day.month(), day.day()))
            menu.close()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        self.calendar = calendar
        menu.aboutToHide.connect(lambda: setattr(self, "calendar", None))
        menu.aboutToHide.connect(menu.deleteLater)
        calendar.setFocus()
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
