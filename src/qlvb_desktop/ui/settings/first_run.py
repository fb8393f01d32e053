"""The first start: one question, the organization's name (printed on the register, the ĐẾN
stamp and the signatures). Everything else has a default and is in Cài đặt (Ctrl+,)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #c62828; font-weight: bold;"


class FirstRunDialog(QDialog):
    name_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_dialog")
        self.setWindowTitle(self.tr("Bắt đầu sử dụng"))
        intro = QLabel(
            self.tr(
                "Chào mừng! Nhập tên cơ quan, tổ chức của bạn: tên này in trên sổ đăng ký, dấu ĐẾN và chữ ký số. "
                "Các cài đặt khác đã có sẵn giá trị mặc định, sửa sau trong Cài đặt (Ctrl+,)."
            ),
            self,
        )
        intro.setWordWrap(True)
        label = QLabel(self.tr("&Tên cơ quan:"), self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("first_run_name_edit")
        self.name_edit.setPlaceholderText(self.tr("Ví dụ: SỞ TÀI CHÍNH"))
        self.name_edit.setMaxLength(200)
        self.name_edit.setAccessibleName(self.tr("Tên cơ quan"))
        label.setBuddy(self.name_edit)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Bắt đầu"))
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(520, 220)

    def accept(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if not name:
            self.error_label.setText(self.tr("Chưa nhập tên cơ quan."))
            self.name_edit.setFocus()
            return
        self.name_chosen.emit(name)

    def saved(self) -> None:
        super().accept()

    def failed(self, text: str) -> None:
        self.error_label.setText(text)

    def reject(self) -> None:
        # Without a name the register's cover and stamps would be blank: the question stays,
        # but the clerk may still close it and answer later in Cài đặt.
        super().reject()
