"""The settings page for the central server: address, account, the organization's CA file,
the size of the block of numbers kept for offline work, and a login button.

The page validates what it can see (address form, required fields) and hands the rest to the
composition root through signals: `login_requested(url, user, password, ca_file)` and
`settings_changed(dict)`. It never stores the password.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class ServerSettingsPage(QWidget):
    login_requested = Signal(str, str, str, str)
    settings_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("server_settings_page")
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("server_url_edit")
        self.url_edit.setPlaceholderText("https://vanthu.example.gov.vn:8800")
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("server_user_edit")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("server_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_edit = QLineEdit(self)
        self.ca_edit.setObjectName("ca_file_edit")
        browse = QPushButton(self.tr("Chọn…"), self)
        browse.setObjectName("ca_browse_button")
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit)
        ca_row.addWidget(browse)
        self.block_spin = QSpinBox(self)
        self.block_spin.setObjectName("lease_block_spin")
        self.block_spin.setRange(1, 500)
        self.block_spin.setValue(20)
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setObjectName("sync_interval_spin")
        self.interval_spin.setRange(10, 3600)
        self.interval_spin.setSuffix(self.tr(" giây"))
        self.interval_spin.setValue(60)
        form = QFormLayout()
        form.addRow(self.tr("Địa chỉ máy chủ"), self.url_edit)
        form.addRow(self.tr("Tài khoản"), self.user_edit)
        form.addRow(self.tr("Mật khẩu"), self.password_edit)
        form.addRow(self.tr("Tệp CA của cơ quan (nếu có)"), ca_row)
        form.addRow(self.tr("Số đến nhận trước để làm việc khi mất mạng"), self.block_spin)
        form.addRow(self.tr("Đồng bộ mỗi"), self.interval_spin)
        self.message = QLabel(self)
        self.message.setObjectName("server_settings_message")
        self.message.setWordWrap(True)
        self.login_button = QPushButton(self.tr("Đăng nhập và lưu"), self)
        self.login_button.setObjectName("server_login_button")
        self.login_button.clicked.connect(self._login)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.login_button)
        layout.addStretch(1)

    def load(self, values: dict[str, Any]) -> None:
        self.url_edit.setText(str(values.get("server_url", "")))
        self.user_edit.setText(str(values.get("server_user", "")))
        self.ca_edit.setText(str(values.get("ca_file", "")))
        self.block_spin.setValue(int(values.get("lease_block", 20)))
        self.interval_spin.setValue(int(values.get("sync_interval_s", 60)))

    def values(self) -> dict[str, Any]:
        return {
            "server_url": self.url_edit.text().strip().rstrip("/"),
            "server_user": self.user_edit.text().strip(),
            "ca_file": self.ca_edit.text().strip(),
            "lease_block": self.block_spin.value(),
            "sync_interval_s": self.interval_spin.value(),
        }

    def show_result(self, ok: bool, text: str) -> None:
        self.message.setStyleSheet("" if ok else "color: #b00020;")
        self.message.setText(text)
        if ok:
            self.password_edit.clear()

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp CA"), "", self.tr("Chứng thư (*.pem *.crt)")
        )
        if path:
            self.ca_edit.setText(path)

    def _login(self) -> None:
        v = self.values()
        if not v["server_url"].startswith(("https://", "http://")):
            self.show_result(False, self.tr("Địa chỉ máy chủ phải bắt đầu bằng https://."))
            return
        if not v["server_user"]:
            self.show_result(False, self.tr("Chưa nhập tài khoản."))
            return
        if not self.password_edit.text():
            self.show_result(False, self.tr("Chưa nhập mật khẩu."))
            return
        self.message.setText("")
        self.settings_changed.emit(v)
        self.login_requested.emit(v["server_url"], v["server_user"], self.password_edit.text(), v["ca_file"])
