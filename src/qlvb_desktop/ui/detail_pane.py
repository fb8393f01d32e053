"""The selected registration in full: every field, the attached files, the instruction and
processing log (field 17), with the actions a clerk takes on it: edit (with audit while its
period is open, a dated correction after it was closed), add to the log, void."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.registration import MAX_LENGTH, Registration
from qlvb_desktop.domain.vocab import Status
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.ui.dialogs import TextPrompt
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.labels import (
    arrival_label,
    channel_label,
    confidentiality_label,
    copy_badge,
    doc_type_label,
    field_label,
    file_role_label,
    status_label,
    urgency_label,
)
from qlvb_desktop.ui.operations import OpChanges, Operations


def _when(moment: object) -> str:
    if isinstance(moment, datetime):
        return to_vn(moment).strftime("%d/%m/%Y %H:%M")
    return ""


class DetailPane(QWidget):
    changed_registration = Signal(object)  # Registration, after a void or a new log line
    shown = Signal(object)  # the Registration now shown, or None (the page preview follows it)
    # (Registration, Closure | None), read fresh: the window opens the form to edit or correct it
    edit_wanted = Signal(object, object)

    def __init__(self, register: RegisterService, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._register = register
        self._ops = ops
        self._current: Registration | None = None
        self._wanted: int | None = None
        self._book_names: dict[str, str] = {}
        self.prompt: TextPrompt | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("detail_title")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 1)
        self.title_label.setFont(font)
        # The title row: number and state, then the badge of the copy the clerk made (issue 16).
        # Other sections (filing) add their own rows below; this row stays the title's.
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        self.copy_badge = QLabel(self)
        self.copy_badge.setObjectName("copy_badge")
        self.copy_badge.setStyleSheet(
            "QLabel { color: #1b5e20; background: #e8f5e9; border: 1px solid #a5d6a7;"
            " border-radius: 3px; padding: 1px 6px; }"
        )
        title_row.addWidget(self.copy_badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title_row)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("detail_browser")
        self.browser.setOpenLinks(False)
        layout.addWidget(self.browser, 1)
        self.files_label = QLabel(self.tr("Tệp đính kèm (nhấp đúp để mở)"), self)
        layout.addWidget(self.files_label)
        self.files_list = QListWidget(self)
        self.files_list.setObjectName("detail_files")
        self.files_list.setMaximumHeight(90)
        # A long name is shortened in the middle (its end says what it is), the whole on hover.
        self.files_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files_list.itemActivated.connect(self._open_file)
        self.files_label.setBuddy(self.files_list)
        layout.addWidget(self.files_list)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Sửa…"), self)
        self.edit_button.setObjectName("edit_button")
        self.edit_button.setToolTip(self.tr("Sửa thông tin văn bản (Ctrl+E); kỳ đã khóa sổ: vào sổ bản đính chính"))
        self.edit_button.clicked.connect(self.ask_edit)
        buttons.addWidget(self.edit_button)
        self.trace_button = QPushButton(self.tr("Thêm ý kiến, xử lý…"), self)
        self.trace_button.setObjectName("trace_button")
        self.trace_button.clicked.connect(self.ask_trace)
        self.void_button = QPushButton(self.tr("Hủy số đến…"), self)
        self.void_button.setObjectName("void_button")
        self.void_button.clicked.connect(self.ask_void)
        buttons.addWidget(self.trace_button)
        buttons.addWidget(self.void_button)
        layout.addLayout(buttons)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error_label)
        self.show_registration(None)

    # --- showing ------------------------------------------------------------------------------

    def set_books(self, books: list[Book]) -> None:
        self._book_names = {b.code: b.name for b in books}

    @property
    def current(self) -> Registration | None:
        return self._current

    def show_id(self, registration_id: int | None) -> None:
        """Load and show a registration (with its log) from the read pool."""
        self._wanted = registration_id
        if registration_id is None:
            self.show_registration(None)
            return
        self._ops.read(
            lambda: self._register.get(registration_id),
            lambda reg: self._arrived(registration_id, reg),
            lambda exc: self._arrived_failed(registration_id, exc),
            owner=self,
        )

    def _arrived(self, registration_id: int, reg: Registration) -> None:
        if registration_id == self._wanted:
            self.show_registration(reg)

    def _arrived_failed(self, registration_id: int, exc: BaseException) -> None:
        if registration_id == self._wanted:
            self.show_registration(None)
            self.error_label.setText(error_text(exc))

    def show_registration(self, reg: Registration | None) -> None:
        self._show(reg)
        self.shown.emit(reg)

    def _show(self, reg: Registration | None) -> None:
        self._current = reg
        self.error_label.clear()
        self.files_list.clear()
        has_files = reg is not None and bool(reg.files)
        self.files_label.setVisible(has_files)
        self.files_list.setVisible(has_files)
        enabled = reg is not None and reg.status is not Status.VOIDED
        self.void_button.setEnabled(enabled)
        self.edit_button.setEnabled(enabled)
        self.trace_button.setEnabled(reg is not None)
        if reg is None:
            self.copy_badge.hide()
            self.title_label.setText(self.tr("Chọn một văn bản trong sổ để xem chi tiết."))
            self.browser.clear()
            return
        title = self.tr("Số đến {number}").format(number=arrival_label(reg.arrival_number, reg.year))
        if reg.status is Status.VOIDED:
            title += " — " + status_label(reg.status).upper()
        loud = reg.status is Status.VOIDED or reg.draft.urgency.is_urgent
        self.title_label.setStyleSheet("color: #c62828;" if loud else "")
        self.title_label.setText(title)
        copy = reg.current_copy
        badge = copy_badge(copy.role) if copy is not None else ""
        self.copy_badge.setText(badge)
        self.copy_badge.setToolTip(
            self.tr("Bản đang hiện và in là bản {name}; bản gốc vẫn giữ trong danh sách tệp.").format(name=copy.name)
            if copy is not None
            else ""
        )
        self.copy_badge.setVisible(bool(badge))
        self.browser.setHtml(self._html(reg))
        for f in reg.files:
            text = self.tr("{role}: {name} ({size} KB)").format(
                role=file_role_label(f.role), name=f.name, size=max(1, round(f.size / 1024))
            )
            if not self._register.files.path_of(f.sha256).is_file():
                # received from the server, which lost the file: it comes with a later sync
                text += " — " + self.tr("đang chờ tải lại")
            item = QListWidgetItem(text)
            item.setToolTip(item.text())
            item.setData(256, f.sha256)
            self.files_list.addItem(item)

    def _html(self, reg: Registration) -> str:
        d = reg.draft
        rows: list[tuple[str, str]] = [
            (field_label("book"), self._book_names.get(reg.book, reg.book)),
            (field_label("received_at"), _when(d.received_at)),
            (field_label("channel"), channel_label(d.channel)),
            (field_label("issuer_parent"), d.issuer_parent),
            (field_label("issuer"), d.issuer),
            (field_label("number"), d.number),
            (field_label("issued_date"), format_date_vn(d.issued_date) if d.issued_date else ""),
            (field_label("place"), d.place),
            (field_label("doc_type"), doc_type_label(d.doc_type)),
            (field_label("subject"), d.subject),
            (field_label("signer_authority"), d.signer_authority),
            (field_label("signer_title"), d.signer_title),
            (field_label("signer_name"), d.signer_name),
            (field_label("page_count"), str(d.page_count) if d.page_count else ""),
            (field_label("language"), d.language),
            (field_label("urgency"), urgency_label(d.urgency) if d.urgency.is_urgent else ""),
            (
                field_label("confidentiality"),
                confidentiality_label(d.confidentiality) if d.confidentiality.is_secret else "",
            ),
            (field_label("to_places"), d.to_places),
            (field_label("due_date"), format_date_vn(d.due_date) if d.due_date else ""),
            (field_label("document_id"), d.document_id),
            (
                self.tr("Mã hồ sơ"),
                "/".join(x for x in (d.file_organ_id, d.file_catalog, d.file_notation) if x),
            ),
            (field_label("doc_ordinal"), str(d.doc_ordinal) if d.doc_ordinal else ""),
            (field_label("note"), d.note),
            (self.tr("Người vào sổ"), f"{reg.created_by}, {_when(reg.created_at)}"),
        ]
        if reg.correction_of:
            rows.append((self.tr("Đính chính cho mã"), str(reg.correction_of)))
        if reg.status is Status.VOIDED:
            rows.append((self.tr("Trạng thái"), status_label(reg.status)))
            rows.append((field_label("reason"), reg.void_reason))
            rows.append((self.tr("Người hủy"), f"{reg.voided_by}, {_when(reg.voided_at)}"))
        urgent = d.urgency.is_urgent
        html = ["<table cellspacing='0' cellpadding='3' width='100%'>"]
        for label, value in rows:
            if not value:
                continue
            style = (
                " style='color:#c62828;font-weight:bold'"
                if urgent and label == field_label("urgency")
                else ""
            )
            html.append(
                f"<tr><td valign='top' style='color:#555'>{escape(label)}</td>"
                f"<td valign='top'{style}>{escape(value)}</td></tr>"
            )
        html.append("</table>")
        log_title = self.tr("Ý kiến chỉ đạo và quá trình xử lý")
        nothing = self.tr("Chưa có.")
        html.append(f"<h4>{escape(log_title)}</h4>")
        if reg.trace:
            html.append("<ul>")
            for entry in reg.trace:
                html.append(
                    f"<li><b>{escape(_when(entry.at))}</b> {escape(entry.actor)}: {escape(entry.text)}</li>"
                )
            html.append("</ul>")
        else:
            html.append(f"<p style='color:#555'>{escape(nothing)}</p>")
        return "".join(html)

    # --- actions ------------------------------------------------------------------------------

    def ask_edit(self) -> None:
        """Read the entry again with its period's state (another station or a closing may have
        changed either), then hand it to the window's form."""
        reg = self._current
        if reg is None or reg.status is Status.VOIDED:
            return
        self._ops.read(
            lambda: self._register.closure_of(reg.id),
            lambda found: self.edit_wanted.emit(found[0], found[1]),
            self._write_failed,
            owner=self,
        )

    def ask_void(self) -> None:
        reg = self._current
        if reg is None or reg.status is Status.VOIDED:
            return
        prompt = TextPrompt(
            self.tr("Hủy số đến {number}").format(number=arrival_label(reg.arrival_number, reg.year)),
            self.tr("Số đến vẫn giữ trong sổ và được ghi “Hủy”. Ghi lý do hủy:"),
            MAX_LENGTH["reason"],
            self.tr("Hủy số đến"),
            self,
        )
        prompt.setObjectName("void_prompt")
        prompt.accepted.connect(lambda: self._write_void(reg.id, prompt.text()))
        self._open_prompt(prompt)

    def ask_trace(self) -> None:
        reg = self._current
        if reg is None:
            return
        prompt = TextPrompt(
            self.tr("Ý kiến chỉ đạo, xử lý: số đến {number}").format(
                number=arrival_label(reg.arrival_number, reg.year)
            ),
            self.tr("Ghi ý kiến chỉ đạo hoặc tình hình xử lý (ví dụ: “Chuyển phòng Kế hoạch xử lý”):"),
            MAX_LENGTH["instruction"],
            self.tr("Ghi"),
            self,
        )
        prompt.setObjectName("trace_prompt")
        prompt.accepted.connect(lambda: self._write_trace(reg.id, prompt.text()))
        self._open_prompt(prompt)

    def _open_prompt(self, prompt: TextPrompt) -> None:
        self.prompt = prompt
        prompt.finished.connect(lambda _r: self._prompt_closed(prompt))
        prompt.open()

    def _prompt_closed(self, prompt: TextPrompt) -> None:
        if self.prompt is prompt:
            self.prompt = None
        prompt.deleteLater()

    def _write_void(self, registration_id: int, reason: str) -> None:
        register = self._register
        self._ops.write(
            lambda: register.void(registration_id, reason),
            lambda reg: OpChanges(registrations=frozenset({reg.id})),
            self._written,
            self._write_failed,
            owner=self,
        )

    def _write_trace(self, registration_id: int, text: str) -> None:
        register = self._register
        self._ops.write(
            lambda: register.add_trace(registration_id, text),
            lambda reg: OpChanges(registrations=frozenset({reg.id})),
            self._written,
            self._write_failed,
            owner=self,
        )

    def _written(self, reg: Registration) -> None:
        if self._current is not None and self._current.id == reg.id:
            self.show_registration(reg)
        self.changed_registration.emit(reg)

    def _write_failed(self, exc: BaseException) -> None:
        self.error_label.setText(error_text(exc))

    def _open_file(self, item: QListWidgetItem) -> None:
        sha = item.data(256)
        if not sha:
            return
        path = self._register.files.path_of(sha)
        if not path.is_file():
            self.error_label.setText(
                self.tr("Tệp này chưa có trên máy: máy chủ đang chờ một máy trạm gửi lại; tệp sẽ được tải về sau.")
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
