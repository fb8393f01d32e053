"""Settings of the workstation, one tab per subject: organization and stamp, books, scanner
profiles, token, server, working time, language. Every field has a default; only the
organization's name is required.

The dialog never writes anything itself: "Lưu" emits `save_requested(values)`, the window saves
through the operations worker and calls `saved()` or `failed(text, field)`; the token test and
adding a book also go through the workers, so the dialog never blocks the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.capture import ScannerProfile, ScanSettings, Source
from qlvb_desktop.domain.worktime import builtin_holidays, format_day
from qlvb_desktop.ui.context import LANGUAGES
from qlvb_desktop.ui.sync.settings_page import ServerSettingsPage

ERROR_STYLE = "color: #c62828; font-weight: bold;"
OK_STYLE = "color: #1b5e20;"
# Which tab shows the field a save error names.
FIELD_TABS = {
    "organization": 0,
    "seal_png": 0,
    "book": 1,
    "profiles": 2,
    "pkcs11_module": 3,
    "office_hours": 5,
    "workdays": 5,
    "days_off": 5,
    "extra_workdays": 5,
}


def _wide(widget: QWidget) -> QWidget:
    widget.setMinimumWidth(260)
    return widget


class SettingsDialog(QDialog):
    save_requested = Signal(dict)
    token_test_requested = Signal(str, str)  # module path, token label
    book_add_requested = Signal(str, bool)  # name, secret

    def __init__(self, values: dict[str, Any], books: list[Book], profiles: list[ScannerProfile],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Cài đặt"))
        self._values = values
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settings_tabs")
        self.tabs.addTab(self._organization_page(values), self.tr("Cơ quan"))
        self.tabs.addTab(self._books_page(books), self.tr("Sổ"))
        self.tabs.addTab(self._profiles_page(profiles), self.tr("Máy quét"))
        self.tabs.addTab(self._token_page(values), self.tr("Token"))
        self.server_page = ServerSettingsPage(self)
        self.server_page.load(values)
        self.tabs.addTab(self.server_page, self.tr("Máy chủ"))
        self.tabs.addTab(self._worktime_page(values), self.tr("Giờ làm việc"))
        self.tabs.addTab(self._language_page(values), self.tr("Ngôn ngữ"))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("settings_error_label")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Đóng"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.saving = False
        self.resize(720, 560)

    # --- pages ------------------------------------------------------------------------------

    def _organization_page(self, values: dict[str, Any]) -> QWidget:
        page = QWidget(self)
        org = values.get("organization") or {}
        self.parent_edit = QLineEdit(str(org.get("parent", "")), page)
        self.parent_edit.setObjectName("parent_edit")
        self.parent_edit.setPlaceholderText(self.tr("Ví dụ: ỦY BAN NHÂN DÂN TỈNH X"))
        self.parent_edit.setMaxLength(200)
        self.name_edit = QLineEdit(str(org.get("name", "")), page)
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setPlaceholderText(self.tr("Ví dụ: SỞ TÀI CHÍNH"))
        self.name_edit.setMaxLength(200)
        self.code_edit = QLineEdit(str(org.get("code", "")), page)
        self.code_edit.setObjectName("code_edit")
        self.code_edit.setPlaceholderText(self.tr("Ví dụ: 000.00.04.G14"))
        self.code_edit.setMaxLength(13)
        self.seal_edit = QLineEdit(str(values.get("seal_png", "")), page)
        self.seal_edit.setObjectName("seal_edit")
        self.seal_edit.setPlaceholderText(self.tr("Tệp PNG nền trong suốt, đúng kích thước con dấu"))
        seal_browse = QPushButton(self.tr("Chọn…"), page)
        seal_browse.setObjectName("seal_browse_button")
        seal_browse.clicked.connect(self._browse_seal)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_edit, 1)
        seal_row.addWidget(seal_browse)
        self.clerk_edit = QLineEdit(str(values.get("clerk", "")), page)
        self.clerk_edit.setObjectName("clerk_edit")
        self.clerk_edit.setPlaceholderText(self.tr("Mặc định: tên người dùng của máy"))
        self.forward_edit = QLineEdit(str(values.get("stamp_forward_default", "")), page)
        self.forward_edit.setObjectName("stamp_forward_edit")
        self.forward_edit.setPlaceholderText(self.tr("Ví dụ: Văn phòng"))
        self.iso_check = QCheckBox(self.tr("Ghi thời gian ký dạng ISO 8601 (2026-05-29T14:03:00+07:00)"), page)
        self.iso_check.setObjectName("signing_time_iso_check")
        self.iso_check.setChecked(bool(values.get("signing_time_iso", False)))
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Cơ quan chủ quản"), _wide(self.parent_edit))
        form.addRow(self.tr("Tên cơ quan"), self.name_edit)
        form.addRow(self.tr("Mã định danh cơ quan"), self.code_edit)
        form.addRow(self.tr("Ảnh con dấu"), seal_row)
        form.addRow(self.tr("Tên văn thư"), self.clerk_edit)
        form.addRow(self.tr("Dấu ĐẾN: “Chuyển” mặc định"), self.forward_edit)
        form.addRow("", self.iso_check)
        return page

    def _books_page(self, books: list[Book]) -> QWidget:
        page = QWidget(self)
        self.books_list = QListWidget(page)
        self.books_list.setObjectName("books_list")
        self.books_list.setAccessibleName(self.tr("Các sổ đăng ký"))
        for book in books:
            self.add_book_item(book)
        self.book_name_edit = QLineEdit(page)
        self.book_name_edit.setObjectName("book_name_edit")
        self.book_name_edit.setPlaceholderText(self.tr("Tên sổ mới, ví dụ: Sổ văn bản đến của Phòng Kế hoạch"))
        self.book_secret_check = QCheckBox(self.tr("Sổ mật"), page)
        self.book_secret_check.setObjectName("book_secret_check")
        self.book_add_button = QPushButton(self.tr("Thêm sổ"), page)
        self.book_add_button.setObjectName("book_add_button")
        self.book_add_button.clicked.connect(self._add_book)
        self.book_message = QLabel(page)
        self.book_message.setObjectName("book_message")
        self.book_message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.book_name_edit, 1)
        row.addWidget(self.book_secret_check)
        row.addWidget(self.book_add_button)
        layout = QVBoxLayout(page)
        note = QLabel(self.tr("Mỗi sổ có dãy số riêng, bắt đầu từ 1 vào ngày 01/01. Sổ đã có không xóa được."), page)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.books_list, 1)
        layout.addLayout(row)
        layout.addWidget(self.book_message)
        return page

    def add_book_item(self, book: Book) -> None:
        kind = self.tr("đến") if book.direction == "incoming" else self.tr("đi")
        secret = self.tr(", mật") if book.secret else ""
        self.books_list.addItem(f"{book.name} ({kind}{secret})")

    def _profiles_page(self, profiles: list[ScannerProfile]) -> QWidget:
        page = QWidget(self)
        self.profiles_table = QTableWidget(0, 5, page)
        self.profiles_table.setObjectName("profiles_table")
        self.profiles_table.setHorizontalHeaderLabels(
            [self.tr("Tên"), self.tr("Thiết bị"), self.tr("Khay"), self.tr("Hai mặt"), self.tr("Độ phân giải (dpi)")]
        )
        self.profiles_table.horizontalHeader().setStretchLastSection(True)
        self.profiles_table.verticalHeader().setVisible(False)
        for profile in profiles:
            self._add_profile_row(profile)
        add = QPushButton(self.tr("Thêm hồ sơ"), page)
        add.setObjectName("profile_add_button")
        add.clicked.connect(lambda: self._add_profile_row(ScannerProfile(self.tr("Hồ sơ mới"), "")))
        remove = QPushButton(self.tr("Xóa hồ sơ"), page)
        remove.setObjectName("profile_remove_button")
        remove.clicked.connect(lambda: self.profiles_table.removeRow(self.profiles_table.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        note = QLabel(
            self.tr("Hồ sơ máy quét được ghi nhớ khi quét; ở đây có thể đổi tên, khay, độ phân giải, hoặc xóa."), page
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.profiles_table, 1)
        layout.addLayout(row)
        return page

    def _add_profile_row(self, profile: ScannerProfile) -> None:
        table = self.profiles_table
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(profile.name))
        table.setItem(row, 1, QTableWidgetItem(profile.device_id))
        source = QComboBox(table)
        source.addItem(self.tr("Khay nạp giấy"), Source.FEEDER.value)
        source.addItem(self.tr("Mặt kính"), Source.FLATBED.value)
        source.setCurrentIndex(max(0, source.findData(profile.settings.source.value)))
        table.setCellWidget(row, 2, source)
        duplex = QCheckBox(table)
        duplex.setChecked(profile.settings.duplex)
        table.setCellWidget(row, 3, duplex)
        dpi = QSpinBox(table)
        dpi.setRange(150, 600)
        dpi.setSingleStep(50)
        dpi.setValue(profile.settings.dpi)
        table.setCellWidget(row, 4, dpi)
        table.resizeColumnsToContents()

    def scanner_profiles(self) -> list[ScannerProfile]:
        out = []
        table = self.profiles_table
        for row in range(table.rowCount()):
            name, device = table.item(row, 0), table.item(row, 1)
            source, duplex, dpi = table.cellWidget(row, 2), table.cellWidget(row, 3), table.cellWidget(row, 4)
            assert isinstance(source, QComboBox) and isinstance(duplex, QCheckBox) and isinstance(dpi, QSpinBox)
            out.append(
                ScannerProfile(
                    name.text().strip() if name else "",
                    device.text().strip() if device else "",
                    ScanSettings(Source(source.currentData()), duplex.isChecked(), dpi.value(), True),
                )
            )
        return out

    def _token_page(self, values: dict[str, Any]) -> QWidget:
        page = QWidget(self)
        self.module_edit = QLineEdit(str(values.get("pkcs11_module", "")), page)
        self.module_edit.setObjectName("pkcs11_module_edit")
        self.module_edit.setPlaceholderText(self.tr("Để trống: tự tìm phần mềm token đã cài"))
        browse = QPushButton(self.tr("Chọn…"), page)
        browse.setObjectName("module_browse_button")
        browse.clicked.connect(self._browse_module)
        module_row = QHBoxLayout()
        module_row.addWidget(self.module_edit, 1)
        module_row.addWidget(browse)
        self.token_label_edit = QLineEdit(str(values.get("token_label", "")), page)
        self.token_label_edit.setObjectName("token_label_edit")
        self.token_label_edit.setPlaceholderText(self.tr("Để trống khi chỉ cắm một token"))
        self.tsa_edit = QLineEdit(str(values.get("tsa_url", "")), page)
        self.tsa_edit.setObjectName("tsa_edit")
        self.token_test_button = QPushButton(self.tr("Kiểm tra token"), page)
        self.token_test_button.setObjectName("token_test_button")
        self.token_test_button.clicked.connect(self._test_token)
        self.token_result = QLabel(page)
        self.token_result.setObjectName("token_result_label")
        self.token_result.setWordWrap(True)
        self.token_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Thư viện PKCS#11"), module_row)
        form.addRow(self.tr("Tên token"), self.token_label_edit)
        form.addRow(self.tr("Máy chủ cấp dấu thời gian"), self.tsa_edit)
        form.addRow("", self.token_test_button)
        form.addRow(self.token_result)
        return page

    def _worktime_page(self, values: dict[str, Any]) -> QWidget:
        page = QWidget(self)
        self.hours_edit = QLineEdit(str(values.get("office_hours", "")), page)
        self.hours_edit.setObjectName("office_hours_edit")
        self.hours_edit.setPlaceholderText("07:30-11:30, 13:30-17:00")
        days_row = QHBoxLayout()
        self.day_checks: list[QCheckBox] = []
        names = [
            self.tr("T2"), self.tr("T3"), self.tr("T4"), self.tr("T5"), self.tr("T6"), self.tr("T7"), self.tr("CN")
        ]
        workdays = set(values.get("workdays", [0, 1, 2, 3, 4]))
        for ix, name in enumerate(names):
            check = QCheckBox(name, page)
            check.setObjectName(f"workday_check_{ix}")
            check.setChecked(ix in workdays)
            self.day_checks.append(check)
            days_row.addWidget(check)
        days_row.addStretch(1)
        self.builtin_check = QCheckBox(self.tr("Nghỉ các ngày lễ, Tết theo Bộ luật Lao động (2024–2030)"), page)
        self.builtin_check.setObjectName("builtin_holidays_check")
        self.builtin_check.setChecked(bool(values.get("builtin_holidays", True)))
        self.builtin_check.setToolTip("\n".join(format_day(d, n) for d, n in sorted(builtin_holidays().items())))
        self.days_off_edit = QPlainTextEdit("\n".join(values.get("days_off", [])), page)
        self.days_off_edit.setObjectName("days_off_edit")
        self.days_off_edit.setPlaceholderText(
            self.tr("Mỗi dòng một ngày: dd/mm/yyyy ghi chú, ví dụ 02/01/2026 nghỉ bù")
        )
        self.days_off_edit.setTabChangesFocus(True)
        self.extra_workdays_edit = QPlainTextEdit("\n".join(values.get("extra_workdays", [])), page)
        self.extra_workdays_edit.setObjectName("extra_workdays_edit")
        self.extra_workdays_edit.setPlaceholderText(
            self.tr("Ngày nghỉ cuối tuần phải đi làm bù, ví dụ 10/01/2026")
        )
        self.extra_workdays_edit.setTabChangesFocus(True)
        for edit in (self.days_off_edit, self.extra_workdays_edit):
            edit.setMinimumHeight(edit.fontMetrics().height() * 3 + 12)
        self.handling_spin = QSpinBox(page)
        self.handling_spin.setObjectName("handling_days_spin")
        self.handling_spin.setRange(0, 365)
        self.handling_spin.setValue(int(values.get("handling_days", 10)))
        self.handling_spin.setSuffix(self.tr(" ngày làm việc"))
        self.soon_spin = QSpinBox(page)
        self.soon_spin.setObjectName("due_soon_days_spin")
        self.soon_spin.setRange(0, 60)
        self.soon_spin.setValue(int(values.get("due_soon_days", 2)))
        self.soon_spin.setSuffix(self.tr(" ngày làm việc"))
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Giờ làm việc"), self.hours_edit)
        form.addRow(self.tr("Ngày làm việc"), days_row)
        form.addRow("", self.builtin_check)
        form.addRow(self.tr("Ngày nghỉ bù, nghỉ thêm"), self.days_off_edit)
        form.addRow(self.tr("Ngày làm bù"), self.extra_workdays_edit)
        form.addRow(self.tr("Hạn giải quyết mặc định"), self.handling_spin)
        form.addRow(self.tr("Báo sắp đến hạn trước"), self.soon_spin)
        return page

    def _language_page(self, values: dict[str, Any]) -> QWidget:
        page = QWidget(self)
        self.language_combo = QComboBox(page)
        self.language_combo.setObjectName("language_combo")
        names = {"vi": "Tiếng Việt", "en": "English"}
        for code in LANGUAGES:
            self.language_combo.addItem(names[code], code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(values.get("language", "vi"))))
        note = QLabel(self.tr("Ngôn ngữ mới có hiệu lực khi mở lại chương trình."), page)
        note.setWordWrap(True)
        form = QFormLayout(page)
        form.addRow(self.tr("Ngôn ngữ giao diện"), self.language_combo)
        form.addRow(note)
        return page

    # --- actions ----------------------------------------------------------------------------

    def _browse_seal(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn ảnh con dấu"), self.seal_edit.text(), "PNG (*.png)")
        if name:
            self.seal_edit.setText(name)

    def _browse_module(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn thư viện PKCS#11"), self.module_edit.text(), self.tr("Thư viện (*.so *.dll *.dylib)")
        )
        if name:
            self.module_edit.setText(name)

    def _test_token(self) -> None:
        self.token_test_button.setEnabled(False)
        self.token_result.setStyleSheet("")
        self.token_result.setText(self.tr("Đang mở token…"))
        self.token_test_requested.emit(self.module_edit.text().strip(), self.token_label_edit.text().strip())

    def show_token_result(self, ok: bool, text: str) -> None:
        self.token_test_button.setEnabled(True)
        self.token_result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.token_result.setText(text)

    def _add_book(self) -> None:
        name = self.book_name_edit.text().strip()
        if not name:
            self.show_book_result(False, self.tr("Chưa nhập tên sổ."))
            return
        self.book_add_button.setEnabled(False)
        self.book_add_requested.emit(name, self.book_secret_check.isChecked())

    def show_book_result(self, ok: bool, text: str, book: Book | None = None) -> None:
        self.book_add_button.setEnabled(True)
        self.book_message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.book_message.setText(text)
        if book is not None:
            self.add_book_item(book)
            self.book_name_edit.clear()
            self.book_secret_check.setChecked(False)

    # --- values and saving ------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "organization": {
                "name": self.name_edit.text().strip(),
                "code": self.code_edit.text().strip(),
                "parent": self.parent_edit.text().strip(),
            },
            "seal_png": self.seal_edit.text().strip(),
            "clerk": self.clerk_edit.text().strip(),
            "stamp_forward_default": self.forward_edit.text().strip(),
            "signing_time_iso": self.iso_check.isChecked(),
            "pkcs11_module": self.module_edit.text().strip(),
            "token_label": self.token_label_edit.text().strip(),
            "tsa_url": self.tsa_edit.text().strip(),
            "office_hours": self.hours_edit.text().strip(),
            "workdays": [ix for ix, c in enumerate(self.day_checks) if c.isChecked()],
            "builtin_holidays": self.builtin_check.isChecked(),
            "days_off": _lines(self.days_off_edit),
            "extra_workdays": _lines(self.extra_workdays_edit),
            "handling_days": self.handling_spin.value(),
            "due_soon_days": self.soon_spin.value(),
            "language": str(self.language_combo.currentData()),
        }
        out.update(self.server_page.values())
        return out

    def language(self) -> str:
        return str(self.language_combo.currentData())

    def accept(self) -> None:
        if self.saving:
            return
        if not self.name_edit.text().strip():
            self.failed(self.tr("Chưa nhập tên cơ quan."), "organization")
            self.name_edit.setFocus()
            return
        self.saving = True
        self.error_label.setText("")
        self.buttons.setEnabled(False)
        self.save_requested.emit({"values": self.values(), "profiles": self.scanner_profiles()})

    def saved(self) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        super().accept()

    def failed(self, text: str, field: str = "") -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.error_label.setText(text)
        if field in FIELD_TABS:
            self.tabs.setCurrentIndex(FIELD_TABS[field])


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [x.strip() for x in edit.toPlainText().splitlines() if x.strip()]
