"""How a row looks for its deadline: background by state, the effective due date in the
"Hạn giải quyết" column (the default period's date in italics), the state in "Trạng thái"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.daily import Deadline, DeadlineState
from qlvb_desktop.domain.registration import Registration

BACKGROUNDS = {
    DeadlineState.OVERDUE: QColor("#ffe0e0"),
    DeadlineState.DUE_SOON: QColor("#fff3c4"),
    DeadlineState.HANDLED: QColor("#e3f4e4"),
}
_ITALIC = QFont()
_ITALIC.setItalic(True)


def state_label(state: DeadlineState) -> str:
    if state is DeadlineState.ON_TIME:
        return QCoreApplication.translate("Deadline", "Trong hạn")
    if state is DeadlineState.DUE_SOON:
        return QCoreApplication.translate("Deadline", "Sắp đến hạn")
    if state is DeadlineState.OVERDUE:
        return QCoreApplication.translate("Deadline", "Quá hạn")
    if state is DeadlineState.HANDLED:
        return QCoreApplication.translate("Deadline", "Đã giải quyết")
    return QCoreApplication.translate("Deadline", "Hủy")


def deadline_style(reg: Registration, deadline: Deadline, role: int, column: str) -> Any:
    """The data of `role` for a row with `deadline`; None = the register model's own."""
    if role == Qt.ItemDataRole.BackgroundRole:
        color = BACKGROUNDS.get(deadline.state)
        return QBrush(color) if color is not None else None
    if column == "due_date":
        if role == Qt.ItemDataRole.DisplayRole:
            return format_date_vn(deadline.due)
        if role == Qt.ItemDataRole.FontRole and not deadline.explicit:
            return _ITALIC
        if role == Qt.ItemDataRole.ToolTipRole:
            if deadline.explicit:
                return QCoreApplication.translate("Deadline", "Hạn giải quyết ghi khi chuyển văn bản")
            return QCoreApplication.translate("Deadline", "Hạn mặc định: tính theo ngày làm việc từ khi văn bản đến")
    if column == "status" and role == Qt.ItemDataRole.DisplayRole and deadline.state is not DeadlineState.VOIDED:
        if deadline.state is DeadlineState.ON_TIME:
            return None
        return state_label(deadline.state)
    return None
