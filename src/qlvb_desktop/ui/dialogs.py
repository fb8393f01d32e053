"""Small dialogs: a text prompt (void reason, instruction), printing the register, settings.

Dialogs are opened with `open()` (window-modal, no nested event loop) and report through
signals, so the window keeps painting and tests can drive them like a clerk would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.ui.context import LANGUAGES
from qlvb_desktop.ui.date_field import DateField

ERROR_STYLE = "color: #c62828; font-weight: bold;"


def _buttons(dialog: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    """OK/Cancel with our own words: Qt ships no Vietnamese translation of its buttons."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class TextPrompt(QDialog):
    """Asks for one required text (a void reason, an instruction) with a length limit."""

    def __init__(
        self, title: str, prompt: str, limit: int, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.limit = limit
        self.required = True  # False: an empty text is accepted (an optional note)
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("prompt_text_edit")
        self.text_edit.setTabChangesFocus(True)
        label.setBuddy(self.text_edit)
        layout.addWidget(self.text_edit)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.buttons = _buttons(self, ok_text, self.tr("Đóng"))
        layout.addWidget(self.buttons)
        self.resize(460, 220)

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def accept(self) -> None:
        text = self.text()
        if not text and self.required:
            self.error_label.setText(self.tr("Chưa nhập nội dung."))
            return
        if len(text) > self.limit:
            self.error_label.setText(
                self.tr("Nội dung dài {length} ký tự, vượt giới hạn {limit} ký tự.").format(
                    length=len(text), limit=self.limit
                )
            )
            return
        super().accept()


class PrintDialog(QDialog):
    """Which part of the register to print: year, book, optional date range, output file."""

    def __init__(self, books: Sequence[Book], default_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("In sổ đăng ký văn bản đến"))
        today = now_vn().date()
        self._default_dir = default_dir
        form = QFormLayout()
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(today.year)
        form.addRow(self.tr("Năm"), self.year_spin)
        self.book_combo = QComboBox(self)
        self.book_combo.setObjectName("book_combo")
        for book in books:
            if book.direction == "incoming":
                self.book_combo.addItem(book.name, book.code)
        form.addRow(self.tr("Sổ"), self.book_combo)
        # Empty: from the start / to the end of the year.
        self.from_edit = DateField(self, placeholder=self.tr("dd/mm/yyyy — từ đầu năm"))
        self.from_edit.setObjectName("date_from_edit")
        self.to_edit = DateField(self, placeholder=self.tr("dd/mm/yyyy — đến cuối năm"))
        self.to_edit.setObjectName("date_to_edit")
        form.addRow(self.tr("Từ ngày"), self.from_edit)
        form.addRow(self.tr("Đến ngày"), self.to_edit)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("path_edit")
        browse = QPushButton(self.tr("Chọn…"), self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Lưu ra tệp PDF"), row)
        self.year_spin.valueChanged.connect(self._default_path)
        self.book_combo.currentIndexChanged.connect(self._default_path)
        self._default_path()
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self.buttons = _buttons(self, self.tr("In ra PDF"), self.tr("Đóng"))
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def _default_path(self) -> None:
        code = self.book_combo.currentData() or "den"
        self.path_edit.setText(str(self._default_dir / f"so-{code}-{self.year_spin.value()}.pdf"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu sổ ra tệp"), self.path_edit.text(), "PDF (*.pdf)"
        )
        if name:
            self.path_edit.setText(name if name.lower().endswith(".pdf") else name + ".pdf")

    def year(self) -> int:
        return int(self.year_spin.value())

    def book(self) -> str | None:
        return self.book_combo.currentData() or None

    def date_from(self) -> date | None:
        return self.from_edit.date()

    def date_to(self) -> date | None:
        return self.to_edit.date()

    def out_path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def accept(self) -> None:
        if not self.path_edit.text().strip():
            self.error_label.setText(self.tr("Chưa chọn tệp để lưu."))
            return
        for edit in (self.from_edit, self.to_edit):
            if not edit.is_valid():
                self.error_label.setText(
                    self.tr("“{text}” không phải ngày hợp lệ (dạng dd/mm/yyyy).").format(text=edit.text())
                )
                edit.setFocus()
                return
        start, end = self.date_from(), self.date_to()
        if start and end and start > end:
            self.error_label.setText(self.tr("Ngày bắt đầu sau ngày kết thúc."))
            return
        if (start and start.year != self.year()) or (end and end.year != self.year()):
            self.error_label.setText(
                self.tr("Khoảng ngày phải nằm trong năm {year}.").format(year=self.year())
            )
            return
        super().accept()


class SettingsDialog(QDialog):
    """The organization printed on the register's cover, and the interface language."""

    def __init__(self, organization: Organization, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thông tin cơ quan"))
        form = QFormLayout()
        self.parent_edit = QLineEdit(organization.parent, self)
        self.parent_edit.setObjectName("parent_edit")
        self.parent_edit.setPlaceholderText(self.tr("Ví dụ: ỦY BAN NHÂN DÂN TỈNH X"))
        self.parent_edit.setMaxLength(200)
        self.name_edit = QLineEdit(organization.name, self)
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setPlaceholderText(self.tr("Ví dụ: SỞ TÀI CHÍNH"))
        self.name_edit.setMaxLength(200)
        self.code_edit = QLineEdit(organization.code, self)
        self.code_edit.setObjectName("code_edit")
        self.code_edit.setPlaceholderText(self.tr("Ví dụ: 000.00.04.G14"))
        self.code_edit.setMaxLength(13)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language_combo")
        names = {"vi": "Tiếng Việt", "en": "English"}
        for code in LANGUAGES:
            self.language_combo.addItem(names[code], code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        form.addRow(self.tr("Cơ quan chủ quản"), self.parent_edit)
        form.addRow(self.tr("Tên cơ quan"), self.name_edit)
        form.addRow(self.tr("Mã định danh cơ quan"), self.code_edit)
        form.addRow(self.tr("Ngôn ngữ giao diện"), self.language_combo)
        note = QLabel(self.tr("Ngôn ngữ mới có hiệu lực khi mở lại chương trình."), self)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        self.buttons = _buttons(self, self.tr("Lưu"), self.tr("Đóng"))
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def organization(self) -> Organization:
        return Organization(
            name=self.name_edit.text().strip(),
            code=self.code_edit.text().strip(),
            parent=self.parent_edit.text().strip(),
        )

    def language(self) -> str:
        return str(self.language_combo.currentData())

    def accept(self) -> None:
        if not self.name_edit.text().strip():
            self.error_label.setText(self.tr("Chưa nhập tên cơ quan."))
            return
        super().accept()
