"""The exchange inbox and sent list (issue 15, item 7): packages received from other
organizations' systems, urgent documents and revocation requests first and shown loudly;
opening one goes to the fields step (values from the package's header, the verification
badge beside them) to register it, or refuse it with a reason; a revocation or update request
is accepted or refused. The sent list shows each recipient's latest status for our outgoing
documents. Keyboard-first: Enter opens, the buttons have mnemonics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, DuplicateError
from qlvb_desktop.domain.exchange import BusinessType, InboxItem, InboxState, StatusCode
from qlvb_desktop.ui.desk.common import desk_error_text, named, run_task
from qlvb_desktop.ui.extract.form import ProposalForm

# The package verdict as a badge (translated in the dialog's context).
VERDICT_STYLE = {
    "valid": ("#1b7f3b", QT_TRANSLATE_NOOP("ExchangeDialog", "HỢP LỆ")),
    "warning": ("#b26a00", QT_TRANSLATE_NOOP("ExchangeDialog", "CẦN XEM")),
    "invalid": ("#b00020", QT_TRANSLATE_NOOP("ExchangeDialog", "KHÔNG HỢP LỆ")),
}


class ExchangeDialog(QDialog):
    """`exchange` is the ExchangeService; `on_registered(registration)` refreshes the register."""

    def __init__(
        self, exchange: Any, parent: QWidget | None = None, on_registered: Any = None, sender: Any = None
    ) -> None:
        super().__init__(parent)
        self.exchange = exchange
        self.take_back_service = sender  # services.exchange_send.OutgoingExchange: the sent list's "Thu hồi"
        self.sent_rows: list[Any] = []
        self.on_registered = on_registered
        self.items: list[InboxItem] = []
        self.current: InboxItem | None = None
        self.busy = False
        self.setObjectName("exchange_dialog")
        self.setWindowTitle(self.tr("Văn bản liên thông (edXML)"))
        layout = QVBoxLayout(self)
        self.tabs = named(QTabWidget(), "tabs")
        layout.addWidget(self.tabs, 1)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)

        # inbox: the list, then one package's fields
        inbox = QWidget()
        v = QVBoxLayout(inbox)
        self.stack = named(QStackedWidget(), "inbox_steps")
        v.addWidget(self.stack, 1)
        page = QWidget()
        pv = QVBoxLayout(page)
        self.table = named(QTableWidget(0, 8), "inbox_table", self.tr("Các gói đã nhận"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Độ khẩn"), self.tr("Loại"), self.tr("Nơi gửi"), self.tr("Số, ký hiệu"), self.tr("Trích yếu"),
            self.tr("Kiểm tra"), self.tr("Thời gian đến"), self.tr("Trạng thái"),
        ])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _ix: self.open_selected())  # Enter or a double click
        pv.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.receive_button = named(QPushButton(self.tr("&Nhận gói…")), "receive_button")
        self.open_button = named(QPushButton(self.tr("&Mở")), "open_button")
        row.addWidget(self.receive_button)
        row.addStretch(1)
        row.addWidget(self.open_button)
        pv.addLayout(row)
        self.stack.addWidget(page)

        page = QWidget()
        pv = QVBoxLayout(page)
        self.header_label = named(QLabel(), "header_label")
        self.header_label.setWordWrap(True)
        pv.addWidget(self.header_label)
        self.badge = named(QLabel(), "verdict_badge", self.tr("Kết quả kiểm tra"))
        pv.addWidget(self.badge)
        self.problems_label = named(QLabel(), "problems_label")
        self.problems_label.setWordWrap(True)
        pv.addWidget(self.problems_label)
        self.form = ProposalForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        pv.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.back_button = named(QPushButton(self.tr("< &Danh sách")), "back_button")
        self.refuse_button = named(QPushButton(self.tr("&Từ chối…")), "refuse_button")
        self.accept_button = named(QPushButton(self.tr("Đồng ý &thu hồi/cập nhật")), "accept_button")
        self.register_button = named(QPushButton(self.tr("&Vào sổ")), "register_button")
        row.addWidget(self.back_button)
        row.addWidget(self.refuse_button)
        row.addStretch(1)
        row.addWidget(self.accept_button)
        row.addWidget(self.register_button)
        pv.addLayout(row)
        self.stack.addWidget(page)
        self.tabs.addTab(inbox, self.tr("Hộp thư đến"))

        # sent: each recipient's latest status
        sent = QWidget()
        sv = QVBoxLayout(sent)
        self.sent_table = named(QTableWidget(0, 5), "sent_table", self.tr("Trạng thái văn bản đã gửi"))
        self.sent_table.setHorizontalHeaderLabels([
            self.tr("Mã định danh văn bản"), self.tr("Nơi nhận"), self.tr("Trạng thái"), self.tr("Thời gian"),
            self.tr("Ghi chú"),
        ])
        self.sent_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sent_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sent_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sent_table.horizontalHeader().setStretchLastSection(True)
        sv.addWidget(self.sent_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.take_back_button = named(QPushButton(self.tr("T&hu hồi…")), "take_back_button",
                                      self.tr("Đề nghị các nơi nhận thu hồi văn bản đã gửi"))
        self.take_back_button.setEnabled(False)
        row.addWidget(self.take_back_button)
        sv.addLayout(row)
        self.sent_table.itemSelectionChanged.connect(self._sent_selected)
        self.take_back_button.clicked.connect(self.ask_take_back)
        self.tabs.addTab(sent, self.tr("Đã gửi"))

        close = named(QPushButton(self.tr("Đóng")), "close_button")
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        close.clicked.connect(self.close)
        self.receive_button.clicked.connect(self.pick_packages)
        self.open_button.clicked.connect(self.open_selected)
        self.back_button.clicked.connect(self.show_list)
        self.refuse_button.clicked.connect(self.ask_refuse)
        self.accept_button.clicked.connect(self.accept_revision)
        self.register_button.clicked.connect(lambda: self.register())
        for b in self.findChildren(QPushButton):
            b.setAutoDefault(False)
        self.resize(1000, 640)
        self.refresh()

    # --- the lists ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.items = self.exchange.inbox()
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            revision = item.business_type is not BusinessType.NEW
            kind = (self.tr("Gói trạng thái") if item.kind == "status" and not revision else
                    {BusinessType.NEW: self.tr("Văn bản mới"), BusinessType.REVOCATION: self.tr("THU HỒI"),
                     BusinessType.UPDATE: self.tr("CẬP NHẬT"), BusinessType.REPLACEMENT: self.tr("THAY THẾ")}[
                        item.business_type])
            colour, verdict = VERDICT_STYLE.get(item.verdict, ("#555555", item.verdict))
            cells = [
                item.urgency.value.upper(), kind, item.sender_name or item.sender_id, item.number, item.subject,
                self.tr(verdict), item.received_at.strftime("%d/%m/%Y %H:%M"), self._state(item),
            ]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if (revision or item.urgency.value) and item.state is InboxState.RECEIVED:
                    font = QFont()
                    font.setBold(True)
                    cell.setFont(font)
                    if revision:  # revocation requests shown loudly
                        cell.setBackground(QBrush(QColor("#ffe0e0")))
                        cell.setForeground(QBrush(QColor("#b00020")))
                if c == 5:
                    cell.setForeground(QBrush(QColor(colour)))
                self.table.setItem(r, c, cell)
        if self.items:
            self.table.selectRow(0)
        self._refresh_sent()

    def relayed(self) -> None:
        """The background sync received or sent packages: the lists read again, unless the
        clerk is inside one package (its list is read again on the way back)."""
        if self.busy:
            return
        if self.stack.currentIndex() == 0:
            row = self.table.currentRow()
            chosen = self.items[row].id if 0 <= row < len(self.items) else None
            self.refresh()
            for r, item in enumerate(self.items):
                if item.id == chosen:
                    self.table.selectRow(r)  # the clerk's choice stays where it is
        else:
            self._refresh_sent()

    def _state(self, item: InboxItem) -> str:
        return {
            InboxState.RECEIVED: self.tr("Chờ xử lý"), InboxState.REGISTERED: self.tr("Đã vào sổ"),
            InboxState.REFUSED: self.tr("Đã từ chối"), InboxState.ACCEPTED: self.tr("Đã đồng ý"),
            InboxState.REJECTED: self.tr("Đã từ chối đề nghị"), InboxState.APPLIED: self.tr("Đã ghi nhận"),
        }[item.state]

    def _refresh_sent(self) -> None:
        """Each recipient of our sent documents: "Đã gửi" at once, then its latest status."""
        self.sent_rows = rows = self.exchange.sent_list()
        self.sent_table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            label = self._sent_label(r)
            for c, text in enumerate([r.number or r.document_id, r.organ_name or r.organ_id, label,
                                      r.at.strftime("%d/%m/%Y %H:%M"), r.description]):
                cell = QTableWidgetItem(text)
                if c == 0:
                    cell.setToolTip(r.document_id)
                if r.business_type is BusinessType.REVOCATION and not r.status_code:
                    cell.setForeground(QBrush(QColor("#b00020")))  # a request waiting for an answer
                self.sent_table.setItem(i, c, cell)
        self._sent_selected()

    def _sent_label(self, r: Any) -> str:
        if r.status_code:
            code = r.status_code
            return f"{code} {StatusCode(code).label}" if code in set(StatusCode) else code
        if r.business_type is BusinessType.NEW:
            return self.tr("Đã gửi")
        return self.tr("13 Đã đề nghị thu hồi")

    def _sent_selected(self) -> None:
        row = self.sent_table.currentRow()
        chosen = self.sent_rows[row] if 0 <= row < len(self.sent_rows) else None
        self.take_back_button.setEnabled(
            self.take_back_service is not None and chosen is not None and chosen.revocable and not self.busy)

    def ask_take_back(self) -> None:
        row = self.sent_table.currentRow()
        if self.busy or not 0 <= row < len(self.sent_rows):
            return
        chosen = self.sent_rows[row]
        reason, ok = QInputDialog.getText(
            self, self.tr("Thu hồi văn bản"),
            self.tr("Lý do đề nghị thu hồi văn bản {n} (gửi tới mọi nơi đã nhận):").replace(
                "{n}", chosen.number or chosen.document_id),
            QLineEdit.EchoMode.Normal, "")
        if ok:
            self.take_back(chosen.outgoing_id, reason)

    def take_back(self, outgoing_id: int, reason: str) -> None:
        if self.take_back_service is None or self.busy:
            return
        self._run(lambda: self.take_back_service.take_back(outgoing_id, reason), lambda _sent: self._refresh_sent())

    def pick_packages(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn gói edXML"), str(Path.home()), self.tr("Gói edXML (*.edxml *.xml);;Mọi tệp (*)")
        )
        if names:
            self.receive([Path(n) for n in names])

    def receive(self, paths: list[Path]) -> None:
        self._run(lambda: [self.exchange.receive(p) for p in paths], lambda _items: self.refresh())

    # --- one package ----------------------------------------------------------------------------

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if self.busy or not 0 <= row < len(self.items):
            return
        item = self.items[row]
        if item.kind != "document" and item.business_type is BusinessType.NEW:
            return  # a status packet: already applied to the sent list
        self.current = item
        s = item.summary
        concerned = self.exchange.concerned(item)
        lines = [f"{s.get('doc_type', '')} {item.number} — {item.sender_name or item.sender_id}",
                 self.tr("Mã định danh: ") + item.document_id]
        if item.business_type is not BusinessType.NEW:
            lines.insert(0, self.tr("ĐỀ NGHỊ {kind}: {reason}").replace(
                "{kind}", {1: self.tr("THU HỒI"), 2: self.tr("CẬP NHẬT"), 3: self.tr("THAY THẾ")}[
                    int(item.business_type)]).replace("{reason}", s.get("business_reason") or "—"))
            lines.append(self.tr("Liên quan đến số đến {n}: {subject}").replace(
                "{n}", str(concerned.arrival_number)).replace("{subject}", concerned.draft.subject)
                if concerned else self.tr("Chưa vào sổ văn bản này."))
        self.header_label.setText("\n".join(lines))
        colour, verdict = VERDICT_STYLE.get(item.verdict, ("#555555", item.verdict))
        self.badge.setText(self.tr(verdict))
        self.badge.setStyleSheet(f"QLabel {{ color: white; background: {colour}; border-radius: 4px; "
                                 "padding: 3px 8px; font-weight: bold; }")
        notes = [f"{a['name']}: {a['verdict']}" + (f" — {a['reason']}" if a.get("reason") else "")
                 for a in s.get("attachments", [])]
        self.problems_label.setText("\n".join(notes + list(s.get("problems", []))))
        pending = item.state is InboxState.RECEIVED
        revision = item.business_type is not BusinessType.NEW
        self.form.set_proposal(self.exchange.proposal(item) if pending else dict(s.get("fields", {})))
        self.register_button.setVisible(not revision)
        self.accept_button.setVisible(revision)
        for b in (self.register_button, self.accept_button, self.refuse_button):
            b.setEnabled(pending)
        self.message.clear()
        self.stack.setCurrentIndex(1)
        (self.accept_button if revision else self.register_button).setDefault(True)
        self.form.edits["issuer"].setFocus()

    def show_list(self) -> None:
        self.current = None
        self.stack.setCurrentIndex(0)
        self.refresh()
        self.table.setFocus()

    def register(self, confirm_duplicate: bool = False) -> None:
        item = self.current
        if item is None or self.busy:
            return
        values = {k: v for k, v in self.form.values().items() if v}
        values.pop("recipients", None)
        self._run(lambda: self.exchange.register(item.id, values, confirm_duplicate=confirm_duplicate),
                  self._registered, self._register_failed)

    def _registered(self, reg: Any) -> None:
        if self.on_registered is not None:
            self.on_registered(reg)
        self.show_list()

    def _register_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DuplicateError):
            answer = QMessageBox.question(self, self.tr("Có thể trùng"), desk_error_text(exc))
            if answer == QMessageBox.StandardButton.Yes:
                self.register(confirm_duplicate=True)
            return
        self._failed(exc)

    def ask_refuse(self) -> None:
        if self.current is None or self.busy:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Từ chối"), self.tr("Lý do (sẽ báo lại cho nơi gửi):"),
                                          QLineEdit.EchoMode.Normal, "")
        if ok:
            self.refuse(reason)

    def refuse(self, reason: str) -> None:
        item = self.current
        if item is None:
            return
        if item.business_type is BusinessType.NEW:
            self._run(lambda: self.exchange.refuse(item.id, reason), lambda _i: self.show_list())
        else:
            self._run(lambda: self.exchange.refuse_revision(item.id, reason), lambda _i: self.show_list())

    def accept_revision(self) -> None:
        item = self.current
        if item is not None and not self.busy:
            self._run(lambda: self.exchange.accept_revision(item.id), self._registered)

    # --- background work ------------------------------------------------------------------------

    def _run(self, fn: Any, on_done: Any, on_failed: Any = None) -> None:
        self.busy = True
        self.message.clear()

        def done(result: Any) -> None:
            self.busy = False
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.busy = False
            (on_failed or self._failed)(exc)

        run_task(self, fn, done, failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(desk_error_text(exc))

    def closeEvent(self, event: Any) -> None:
        if self.busy:
            event.ignore()  # a write under way finishes first
            return
        super().closeEvent(event)
