"""A clear badge with the verdict of a PDF's signatures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

STYLES = {
    "valid": ("✔ Chữ ký hợp lệ", "#1b7f3b"),
    "warning": ("⚠ Hợp lệ, cần lưu ý", "#b26a00"),
    "indeterminate": ("? Chưa xác định được chữ ký", "#6a3d9a"),
    "invalid": ("✖ Chữ ký không hợp lệ", "#b00020"),
    "none": ("Không có chữ ký số", "#555555"),
}


class VerificationBadge(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verification_badge")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.state = ""
        self.show_report(None)

    def show_report(self, report: Any) -> None:
        """`report` is a `VerificationReport` (or None when nothing was checked yet)."""
        if report is None:
            self.state, reason = "none", ""
        elif not report.checks:
            self.state, reason = "none", report.reason
        else:
            self.state, reason = report.verdict.value, report.reason
        text, colour = STYLES[self.state]
        self.setText(text)
        self.setToolTip(reason)
        self.setAccessibleDescription(reason)
        self.setStyleSheet(
            f"QLabel {{ color: white; background: {colour}; border-radius: 4px; "
            "padding: 3px 8px; font-weight: bold; }"
        )
