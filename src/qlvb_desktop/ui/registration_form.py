"""The registration form: enter an incoming document and give it an arrival number, or edit
one already registered (an edit with audit while its period is open, a dated correction after
the period was closed, SPEC §3).

The layout is the Designer source `forms/registration_form.ui` (generated into
`ui/forms/ui_registration_form.py`, used by composition). Checks happen in three places, each
with the same Vietnamese sentences as the CLI: a field over its length limit is flagged as the
clerk types; Save validates the whole entry with the domain's own rules (pure, instant); the
register service validates again on the write worker and warns about likely duplicates, which
the clerk confirms or refuses in a dialog. Editing goes through the same checks, so the same
sentences name the same fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from qlvb_desktop.domain.books import Book, Closure
from qlvb_desktop.domain.clock import format_date_vn, now_vn, parse_day_vn, to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, DuplicateError, ValidationError
from qlvb_desktop.domain.registration import (
    MAX_LENGTH,
    REQUIRED,
    Registration,
    edit_changes,
    parse_draft,
)
from qlvb_desktop.domain.vocab import Channel, Confidentiality, Urgency
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.ui.completion import complete_from
from qlvb_desktop.ui.doc_type_field import DocTypeField
from qlvb_desktop.ui.forms.ui_registration_form import Ui_RegistrationForm
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.labels import (
    channel_label,
    confidentiality_label,
    field_label,
    urgency_label,
)
from qlvb_desktop.ui.operations import OpChanges, Operations
from qlvb_desktop.ui.ui_state import UiState

FILES_FOLDER = "registration-files"  # the remembered folder of "Thêm tệp…"
KEEP_OPEN = "registration-keep-open"  # "Lưu và tiếp": the form stays open for the next document

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
    """A dialog that registers one incoming document (emits `registered` with the new entry) or,
    given `editing`, edits that entry with audit (`closure` None) or registers a dated
    correction of it (`closure`: the closed period it belongs to); then emits `edited`."""

    registered = Signal(object)  # Registration
    edited = Signal(object)  # Registration: the edited entry, or the new correcting entry

    def __init__(
        self,
        register: RegisterService,
        ops: Operations,
        books: Sequence[Book],
        parent: QWidget | None = None,
        *,
        editing: Registration | None = None,
        closure: Closure | None = None,
        state: UiState | None = None,
        directory: Callable[[], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_RegistrationForm()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self._register = register
        self._ops = ops
        self._state = state
        self._editing = editing
        self._closure = closure
        self._files: list[Path] = []
        self._saving = False
        self.duplicate_box: QMessageBox | None = None
        self.discard_box: QMessageBox | None = None
        self.setStyleSheet(INVALID_STYLE)

        ui = self.ui
        self.save_button: QPushButton = ui.button_box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Vào sổ"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Đóng"))
        ui.button_box.accepted.connect(self.save)
        ui.button_box.rejected.connect(self.reject)
        # Ctrl+N for a pile of paper: after saving, the form empties and waits for the next one.
        self.keep_open_check = QCheckBox(self.tr("Lưu và nhập tiếp văn bản khác"), self)
        self.keep_open_check.setObjectName("keep_open_check")
        self.keep_open_check.setChecked(state.flag(KEEP_OPEN, True) if state is not None else False)
        if state is not None:
            self.keep_open_check.toggled.connect(lambda on: state.set_flag(KEEP_OPEN, on))
        ui.button_box.addButton(self.keep_open_check, QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_open_check.setAutoFillBackground(False)
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("mode_label")
        self.mode_label.setWordWrap(True)
        self.mode_label.setVisible(False)
        ui.main_layout.insertWidget(0, self.mode_label)

        self.doc_type = DocTypeField(ui.doc_type_combo, self.tr("Gõ để tìm: Công văn, Quyết định…"))
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
        ui.received_at_edit.setDisplayFormat("dd/MM/yyyy HH:mm")  # one date format everywhere
        self._set_received(now_vn())
        ui.language_edit.setText("Tiếng Việt")  # a value stored in the register, not interface text
        for name in ("issued_date", "due_date"):
            date_edit: QLineEdit = getattr(ui, f"{name}_edit")
            date_edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
            date_edit.editingFinished.connect(lambda e=date_edit: self._tidy_date(e))

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
        ui.doc_type_combo.currentTextChanged.connect(lambda _t: self._clear_invalid(ui.doc_type_combo))
        ui.add_file_button.clicked.connect(self._choose_files)
        ui.remove_file_button.clicked.connect(self._remove_file)
        # Issuer, its parent body and the receiving unit are mostly the same few names: offered
        # from the register (most used first) and the organization directory as the clerk types.
        names = directory or (lambda: [])
        self.completions = {
            "issuer": complete_from(ui.issuer_edit, self, ops, lambda: register.suggestions("issuer", names())),
        }
        for name in ("issuer_parent", "to_places"):
            edit = getattr(ui, f"{name}_edit")
            self.completions[name] = complete_from(edit, self, ops, partial(register.suggestions, name))
        self._pristine = self.values()
        if editing is not None:
            self._start_editing(editing, closure)
        ui.issuer_edit.setFocus()

    def _set_received(self, moment: Any) -> None:
        self.ui.received_at_edit.setDateTime(
            QDateTime.fromString(to_vn(moment).strftime("%Y-%m-%dT%H:%M:%S"), "yyyy-MM-ddTHH:mm:ss")
        )

    def _start_editing(self, reg: Registration, closure: Closure | None) -> None:
        """Fill the form from the entry; what is part of the number (arrival time, book,
        secrecy), the instruction log and the files are not edited here."""
        ui = self.ui
        d = reg.draft
        for name in TEXT_FIELDS:
            if name in ("issued_date", "due_date"):
                value = getattr(d, name)
                text = format_date_vn(value) if value else ""
            elif name == "number":
                text = d.number
            elif name == "instruction":
                text = ""
            else:
                text = str(getattr(d, name))
            getattr(ui, f"{name}_edit").setText(text)
        self.doc_type.set_value(d.doc_type)
        ui.book_combo.setCurrentIndex(max(0, ui.book_combo.findData(reg.book)))
        self._set_received(d.received_at)
        for combo, value in (
            (ui.channel_combo, d.channel.value),
            (ui.urgency_combo, d.urgency.value),
            (ui.confidentiality_combo, d.confidentiality.value),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        ui.page_count_spin.setValue(d.page_count or 0)
        ui.doc_ordinal_spin.setValue(d.doc_ordinal or 0)
        fixed: tuple[QWidget, ...] = (ui.book_combo, ui.received_at_edit, ui.confidentiality_combo)
        for widget in fixed:
            widget.setEnabled(False)
            widget.setToolTip(self.tr("Thuộc về số đến: không sửa được (hủy số và vào sổ lại nếu nhầm)."))
        hidden: tuple[QWidget, ...] = (
            ui.instruction_label, ui.instruction_edit, ui.files_label, ui.files_list,
            ui.add_file_button, ui.remove_file_button,
        )
        for hide in hidden:
            hide.setVisible(False)
        self.keep_open_check.setVisible(False)
        number = {"number": reg.arrival_number, "year": reg.year}
        if closure is None:
            self.setWindowTitle(self.tr("Sửa văn bản: số đến {number}/{year}").format(**number))
            self.save_button.setText(self.tr("Lưu sửa đổi"))
            self.mode_label.setText(
                self.tr("Sửa thông tin văn bản đã vào sổ. Số đến giữ nguyên; mọi thay đổi được ghi vào nhật ký.")
            )
        else:
            self.setWindowTitle(self.tr("Đính chính: số đến {number}/{year}").format(**number))
            self.save_button.setText(self.tr("Vào sổ bản đính chính"))
            self.mode_label.setText(
                self.tr(
                    "Sổ đã khóa đến ngày {through}: văn bản này không sửa được nữa. Bản đính chính "
                    "được vào sổ với số đến mới, ngày hôm nay, ghi rõ là đính chính cho số đến {number}."
                ).format(through=format_date_vn(closure.through), number=reg.arrival_number)
            )
            self.mode_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.mode_label.setVisible(True)
        self._pristine = self.values()

    @property
    def editing(self) -> Registration | None:
        return self._editing

    # --- data ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as register input (the same keys as `qlvb register --json`)."""
        ui = self.ui
        data: dict[str, Any] = {name: getattr(ui, f"{name}_edit").text() for name in TEXT_FIELDS}
        data["doc_type"] = self.doc_type.value()
        data["book"] = ui.book_combo.currentData() or ""
        data["channel"] = ui.channel_combo.currentData()
        data["urgency"] = ui.urgency_combo.currentData()
        data["confidentiality"] = ui.confidentiality_combo.currentData()
        received = ui.received_at_edit.dateTime().toString("yyyy-MM-ddTHH:mm:00")
        data["received_at"] = received  # wall-clock Vietnam time; the domain adds +07:00
        data["page_count"] = ui.page_count_spin.value() or None
        data["doc_ordinal"] = ui.doc_ordinal_spin.value() or None
        return data

    def is_filled(self) -> bool:
        """Has the clerk typed or chosen anything since the form opened (or was last saved)?"""
        return bool(self._files) or self.values() != self._pristine

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
        if self._editing is not None:
            self._save_edit(data)
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

    def _save_edit(self, data: dict[str, Any]) -> None:
        reg = self._editing
        assert reg is not None
        try:
            changes = edit_changes(reg.draft, data, now=now_vn())  # the same checks as a new entry
        except ValidationError as exc:
            self.show_error(exc)
            return
        if not changes:
            self.ui.error_label.setText(self.tr("Chưa có gì thay đổi."))
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ui.error_label.setText(self.tr("Đang lưu…"))
        register = self._register
        if self._closure is None:
            self._ops.write(
                lambda: register.update(reg.id, changes),
                lambda new: OpChanges(registrations=frozenset({new.id})),
                self._edited,
                self._failed,
                owner=self,
            )
        else:
            self._ops.write(
                lambda: register.correct(reg.id, changes),
                lambda new: OpChanges(registrations=frozenset({new.id, reg.id}), added=True),
                self._edited,
                self._failed,
                owner=self,
            )

    def _edited(self, reg: Registration) -> None:
        self._saving = False
        self._pristine = self.values()
        self.edited.emit(reg)
        self.accept()

    def _saved(self, reg: Registration) -> None:
        self._saving = False
        self.registered.emit(reg)
        if self.keep_open_check.isChecked():
            self._next_document(reg)
        else:
            self.accept()

    def _next_document(self, reg: Registration) -> None:
        """Empty the document's own fields for the next one; keep what a pile of paper shares
        (book, channel, arrival day, language) and say which number was given."""
        ui = self.ui
        for name in TEXT_FIELDS:
            if name != "language":
                getattr(ui, f"{name}_edit").clear()
        self.doc_type.set_value("")
        ui.urgency_combo.setCurrentIndex(0)
        ui.page_count_spin.setValue(0)
        ui.doc_ordinal_spin.setValue(0)
        self._files.clear()
        ui.files_list.clear()
        self._set_received(now_vn())
        self.save_button.setEnabled(True)
        self._clear_all_invalid()
        self._pristine = self.values()
        ui.error_label.setStyleSheet("color: #2e7d32; font-weight: bold;")
        ui.error_label.setText(
            self.tr("Đã vào sổ: số đến {number}/{year}. Nhập văn bản tiếp theo.").format(
                number=reg.arrival_number, year=reg.year
            )
        )
        ui.issuer_edit.setFocus()

    def reject(self) -> None:
        """Esc or Đóng on a filled form asks first: typed work is never dropped by one key."""
        if self.discard_box is not None:
            return
        if not self.is_filled():
            super().reject()
            return
        box = QMessageBox(self)
        box.setObjectName("discard_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Bỏ nội dung đã nhập?"))
        box.setText(self.tr("Văn bản đang nhập chưa được lưu. Đóng và bỏ nội dung đã nhập?"))
        discard = box.addButton(self.tr("Bỏ và đóng"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Tiếp tục nhập"), QMessageBox.ButtonRole.RejectRole)
        discard.setObjectName("discard_button")
        keep.setObjectName("keep_button")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.discard_box = box

        def done() -> None:
            self.discard_box = None
            if box.clickedButton() is discard:
                QDialog.reject(self)

        box.finished.connect(done)
        box.open()

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
        self.ui.error_label.setStyleSheet("")  # the .ui's red, not a "saved" green
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
        state = self._state
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp đính kèm"),
            state.last_folder(FILES_FOLDER) if state is not None else "",
            self.tr("Văn bản (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)"),
        )
        if names and state is not None:
            state.remember_folder(FILES_FOLDER, names[0])
        self.add_files([Path(n) for n in names])

    def _tidy_date(self, edit: QLineEdit) -> None:
        """A typed 5/1/2026 or 05012026 is shown back as 05/01/2026 (what is stored and printed)."""
        try:
            day = parse_day_vn(edit.text())
        except ValueError:
            return  # Save names the field with the domain's sentence
        if day is not None and edit.text() != format_date_vn(day):
            edit.setText(format_date_vn(day))

    def _remove_file(self) -> None:
        row = self.ui.files_list.currentRow()
        if 0 <= row < len(self._files):
            del self._files[row]
            self.ui.files_list.takeItem(row)
