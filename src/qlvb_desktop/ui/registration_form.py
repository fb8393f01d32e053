"""The registration form: enter an incoming document and give it an arrival number.

The layout is the Designer source `forms/registration_form.ui` (generated into
`ui/forms/ui_registration_form.py`, used by composition). Checks happen in three places, each
with the same Vietnamese sentences as the CLI: a field over its length limit is flagged as the
clerk types; Save validates the whole entry with the domain's own rules (pure, instant); the
register service validates again on the write worker and warns about likely duplicates, which
the clerk confirms or refuses in a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.clock import format_date_vn, now_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, DuplicateError, ValidationError
from qlvb_desktop.domain.registration import MAX_LENGTH, REQUIRED, Registration, parse_draft
from qlvb_desktop.domain.vocab import DOC_TYPES, Channel, Confidentiality, Urgency
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.ui.forms.ui_registration_form import Ui_RegistrationForm
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.labels import (
    channel_label,
    confidentiality_label,
    doc_type_label,
    field_label,
    urgency_label,
)
from qlvb_desktop.ui.operations import OpChanges, Operations

TOO_LONG = QT_TRANSLATE_NOOP("Errors", "{label} dài {length} ký tự, vượt giới hạn {limit} ký tự.")
INVALID_STYLE = '*[invalid="true"] { border: 2px solid #c62828; background: #fff3f3; }'

# Text fields of the form: field name -> the line edit's objectName in the .ui file.
TEXT_FIELDS = (
    "issuer",
    "issuer_parent",
    "number",
    "issued_date",
    "place",
    "subject",
    "signer_name",
    "signer_title",
    "signer_authority",
    "language",
    "document_id",
    "to_places",
    "due_date",
    "instruction",
    "note",
    "file_organ_id",
    "file_catalog",
    "file_notation",
)
# Fields the domain may name in a ValidationError that live in another widget.
FIELD_WIDGET_ALIASES = {
    "code_number": "number_edit",
    "code_notation": "number_edit",
    "received_at": "received_at_edit",
    "doc_type": "doc_type_combo",
    "book": "book_combo",
    "urgency": "urgency_combo",
    "confidentiality": "confidentiality_combo",
    "channel": "channel_combo",
    "page_count": "page_count_spin",
    "doc_ordinal": "doc_ordinal_spin",
}


class RegistrationForm(QDialog):
    """A dialog that registers one incoming document; emits `registered` with the new entry."""

    registered = Signal(object)  # Registration

    def __init__(
        self, register: RegisterService, ops: Operations, books: Sequence[Book], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_RegistrationForm()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self._register = register
        self._ops = ops
        self._files: list[Path] = []
        self._saving = False
        self.duplicate_box: QMessageBox | None = None
        self.setStyleSheet(INVALID_STYLE)

        ui = self.ui
        self.save_button: QPushButton = ui.button_box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Vào sổ"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Đóng"))
        ui.button_box.accepted.connect(self.save)
        ui.button_box.rejected.connect(self.reject)

        ui.doc_type_combo.addItem(self.tr("— Chọn tên loại —"), "")
        for name in DOC_TYPES:
            ui.doc_type_combo.addItem(doc_type_label(name), name)
        ui.book_combo.addItem(self.tr("Theo độ mật (mặc định)"), "")
        for book in books:
            if book.direction == "incoming":
                ui.book_combo.addItem(book.name, book.code)
        for channel in Channel:
            ui.channel_combo.addItem(channel_label(channel), channel.value)
        for urgency in Urgency:
            ui.urgency_combo.addItem(urgency_label(urgency), urgency.value)
        for level in Confidentiality:
            ui.confidentiality_combo.addItem(confidentiality_label(level), level.value)
        for spin in (ui.page_count_spin, ui.doc_ordinal_spin):
            spin.setSpecialValueText(" ")  # 0 shows empty: not given
        now = now_vn()
        ui.received_at_edit.setDateTime(
            QDateTime.fromString(now.strftime("%Y-%m-%dT%H:%M:%S"), "yyyy-MM-ddTHH:mm:ss")
        )
        ui.language_edit.setText("Tiếng Việt")  # a value stored in the register, not interface text

        for name in TEXT_FIELDS:
            edit: QLineEdit = getattr(ui, f"{name}_edit")
            limit = MAX_LENGTH.get(name)
            if limit is not None:
                edit.setToolTip(self.tr("Tối đa {limit} ký tự").format(limit=limit))
            edit.textChanged.connect(lambda _text, n=name: self._check_length(n))
        for name in REQUIRED:
            required = self._widget_for(name)
            if required is not None:
                required.setAccessibleDescription(self.tr("Bắt buộc"))
        ui.doc_type_combo.currentIndexChanged.connect(lambda _i: self._clear_invalid(ui.doc_type_combo))
        ui.add_file_button.clicked.connect(self._choose_files)
        ui.remove_file_button.clicked.connect(self._remove_file)
        ui.issuer_edit.setFocus()

    # --- data ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as register input (the same keys as `qlvb register --json`)."""
        ui = self.ui
        data: dict[str, Any] = {name: getattr(ui, f"{name}_edit").text() for name in TEXT_FIELDS}
        data["doc_type"] = ui.doc_type_combo.currentData() or ""
        data["book"] = ui.book_combo.currentData() or ""
        data["channel"] = ui.channel_combo.currentData()
        data["urgency"] = ui.urgency_combo.currentData()
        data["confidentiality"] = ui.confidentiality_combo.currentData()
        received = ui.received_at_edit.dateTime().toString("yyyy-MM-ddTHH:mm:00")
        data["received_at"] = received  # wall-clock Vietnam time; the domain adds +07:00
        data["page_count"] = ui.page_count_spin.value() or None
        data["doc_ordinal"] = ui.doc_ordinal_spin.value() or None
        return data

    def add_files(self, paths: Sequence[Path]) -> None:
        for path in paths:
            if path not in self._files:
                self._files.append(path)
                self.ui.files_list.addItem(path.name)

    def files(self) -> list[Path]:
        return list(self._files)

    # --- saving -------------------------------------------------------------------------------

    def save(self, confirm_duplicate: bool = False) -> None:
        """Validate and register on the write worker; Enter and the Save button come here."""
        if self._saving:
            return
        self._clear_all_invalid()
        data = self.values()
        for name in TEXT_FIELDS:
            if not self._check_length(name):
                return
        try:
            parse_draft(data, now=now_vn())  # pure domain check: instant feedback, no database
        except ValidationError as exc:
            self.show_error(exc)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ui.error_label.setText(self.tr("Đang vào sổ…"))
        files = list(self._files)
        register = self._register
        self._ops.write(
            lambda: register.register(data, files, confirm_duplicate=confirm_duplicate),
            lambda reg: OpChanges(registrations=frozenset({reg.id}), added=True),
            self._saved,
            self._failed,
            owner=self,
        )

    def _saved(self, reg: Registration) -> None:
        self._saving = False
        self.registered.emit(reg)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.ui.error_label.clear()
        if isinstance(exc, DuplicateError):
            self._ask_duplicate(exc)
        else:
            self.show_error(exc)

    def _ask_duplicate(self, exc: DuplicateError) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Có thể trùng văn bản"))
        box.setText(error_text(exc))
        lines = []
        for reg in exc.duplicates[:10]:
            d = reg.draft
            lines.append(
                self.tr("Số đến {arrival}/{year}, ngày {day}: {number} — {issuer} — {subject}").format(
                    arrival=reg.arrival_number,
                    year=reg.year,
                    day=format_date_vn(d.received_at.date()),
                    number=d.number,
                    issuer=d.issuer,
                    subject=d.subject,
                )
            )
        box.setInformativeText("\n".join(lines))
        confirm = box.addButton(self.tr("Vẫn vào sổ"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("Quay lại sửa"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        confirm.setObjectName("confirm_duplicate_button")
        back.setObjectName("refuse_duplicate_button")
        self.duplicate_box = box

        def done() -> None:
            self.duplicate_box = None
            if box.clickedButton() is confirm:
                self.save(confirm_duplicate=True)
            else:
                self.ui.error_label.setText(self.tr("Chưa vào sổ: văn bản có thể trùng với văn bản đã có."))

        box.finished.connect(done)
        box.open()

    # --- showing errors -----------------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        self.ui.error_label.setText(error_text(exc))
        if isinstance(exc, ValidationError):
            widget = self._widget_for(exc.field)
            if widget is not None:
                self._set_invalid(widget, True)
                widget.setFocus()

    def invalid_fields(self) -> list[str]:
        """objectNames of the widgets flagged as wrong (for tests and accessibility)."""
        return [w.objectName() for w in self.findChildren(QWidget) if w.property("invalid") is True]

    def _widget_for(self, name: str) -> QWidget | None:
        object_name = FIELD_WIDGET_ALIASES.get(name, f"{name}_edit")
        return getattr(self.ui, object_name, None)

    def _check_length(self, name: str) -> bool:
        edit: QLineEdit = getattr(self.ui, f"{name}_edit")
        limit = MAX_LENGTH.get(name)
        length = len(edit.text().strip())
        too_long = limit is not None and length > limit
        self._set_invalid(edit, too_long)
        if too_long:
            exc = ValidationError(name, TOO_LONG, label=field_label(name), length=length, limit=limit)
            self.ui.error_label.setText(error_text(exc))
        elif not self.invalid_fields():
            self.ui.error_label.clear()
        return not too_long

    def _set_invalid(self, widget: QWidget, invalid: bool) -> None:
        if bool(widget.property("invalid")) == invalid:
            return
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _clear_invalid(self, widget: QWidget) -> None:
        self._set_invalid(widget, False)

    def _clear_all_invalid(self) -> None:
        for w in self.findChildren(QWidget):
            if w.property("invalid") is True:
                self._set_invalid(w, False)

    # --- files --------------------------------------------------------------------------------

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp đính kèm"),
            "",
            self.tr("Văn bản (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)"),
        )
        self.add_files([Path(n) for n in names])

    def _remove_file(self) -> None:
        row = self.ui.files_list.currentRow()
        if 0 <= row < len(self._files):
            del self._files[row]
            self.ui.files_list.takeItem(row)
