"""How a row looks for its deadline: background by state, the effective due date in the
"Hạn giải quyết" column (the default period's date in italics), the state in "Trạng thái"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor, QFont

from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.daily import Deadline, DeadlineState
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.ui.register_model import RowView

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


def deadline_style(reg: Registration, deadline: Deadline, view: RowView, keys: list[str]) -> None:
    """Adjust a row's view for its deadline (called once per row when its page arrives)."""
    color = BACKGROUNDS.get(deadline.state)
    if color is not None:
        view.background = QBrush(color)
    if "due_date" in keys:
        col = keys.index("due_date")
        view.texts[col] = format_date_vn(deadline.due)
        if deadline.explicit:
            view.tooltips[col] = QCoreApplication.translate("Deadline", "Hạn giải quyết ghi khi chuyển văn bản")
        else:
            view.fonts[col] = _ITALIC
            view.tooltips[col] = QCoreApplication.translate(
                "Deadline", "Hạn mặc định: tính theo ngày làm việc từ khi văn bản đến"
            )
    if "status" in keys and deadline.state not in (DeadlineState.VOIDED, DeadlineState.ON_TIME):
        view.texts[keys.index("status")] = state_label(deadline.state)
