"""Two lists of the desk: refused electronic documents (so the sender is told), and the
outgoing register (void an entry, keeping its number; print the register for a period)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.outgoing import OutgoingStatus
from qlvb_desktop.ui.desk.common import book_label, desk_error_text, named, run_task
from qlvb_desktop.ui.operations import WRITE


def _table(columns: list[str], name: str) -> QTableWidget:
    t = named(QTableWidget(0, len(columns)), name)
    t.setHorizontalHeaderLabels(columns)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setWordWrap(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class RefusedDialog(QDialog):
    def __init__(self, desk: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intake = desk.electronic
        self.setObjectName("refused_dialog")
        self.setWindowTitle(self.tr("Văn bản điện tử đã từ chối"))
        self.items: list[Any] = []
        v = QVBoxLayout(self)
        v.addWidget(QLabel(self.tr("Văn bản đã từ chối, lý do, và việc đã báo lại cho nơi gửi hay chưa.")))
        self.table = _table(
            [self.tr("Ngày nhận"), self.tr("Tệp"), self.tr("Nơi gửi (theo chữ ký)"), self.tr("Lý do"),
             self.tr("Đã báo nơi gửi")],
            "refused_table",
        )
        self.table.setAccessibleName(self.tr("Danh sách văn bản đã từ chối"))
        v.addWidget(self.table, 1)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        row = QHBoxLayout()
        self.copy_button = named(QPushButton(self.tr("&Chép nội dung báo nơi gửi")), "copy_button")
        self.told_button = named(QPushButton(self.tr("Đánh dấu &đã báo")), "told_button")
        close = QPushButton(self.tr("Đóng"))
        row.addWidget(self.copy_button)
        row.addWidget(self.told_button)
        row.addStretch(1)
        row.addWidget(close)
        v.addLayout(row)
        self.copy_button.clicked.connect(self.copy_notice)
        self.told_button.clicked.connect(self.mark_told)
        close.clicked.connect(self.accept)
        self.resize(980, 480)
        self.reload()

    def reload(self) -> None:
        run_task(self, self.intake.refused, self._show, lambda exc: self.message.setText(desk_error_text(exc)))

    def _show(self, items: list[Any]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, r in enumerate(items):
            told = format_date_vn(r.told_at.date()) if r.told_at else self.tr("CHƯA BÁO")
            for col, text in enumerate(
                (r.received_at.strftime("%d/%m/%Y %H:%M"), r.file.name, r.sender, r.reason, told)
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(3, max(self.table.columnWidth(3), 260))
        if items:
            self.table.selectRow(0)
        self.message.setText("" if items else self.tr("Chưa từ chối văn bản nào."))

    def selected(self) -> Any:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def notice(self, r: Any) -> str:
        return (
            self.tr("Văn bản “{name}” gửi đến ngày {date} không được tiếp nhận. Lý do: {reason} Đề nghị gửi lại.")
            .replace("{name}", r.file.name)
            .replace("{date}", r.received_at.strftime("%d/%m/%Y"))
            .replace("{reason}", r.reason.rstrip(".") + ".")
        )

    def copy_notice(self) -> None:
        r = self.selected()
        if r is not None:
            QGuiApplication.clipboard().setText(self.notice(r))
            self.message.setText(self.tr("Đã chép nội dung báo nơi gửi."))

    def mark_told(self) -> None:
        r = self.selected()
        if r is not None:
            run_task(self, lambda: self.intake.mark_told(r.id), lambda _r: self.reload(),
                     lambda exc: self.message.setText(desk_error_text(exc)), lane=WRITE)


class OutgoingRegisterDialog(QDialog):
    """The outgoing register: entries of the year, void with a reason, print a period."""

    def __init__(self, desk: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.service = desk.outgoing
        self.setObjectName("outgoing_register")
        self.setWindowTitle(self.tr("Sổ văn bản đi"))
        self.entries: list[Any] = []
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        self.book_combo = named(QComboBox(), "book_combo", self.tr("Sổ văn bản đi"))
        for b in self.service.books():
            self.book_combo.addItem(book_label(b.code, b.name), b.code)
        today = self.service.today()
        self.from_edit = named(QDateEdit(QDate(today.year, 1, 1)), "from_edit", self.tr("Từ ngày"))
        self.to_edit = named(QDateEdit(QDate(today.year, today.month, today.day)), "to_edit", self.tr("Đến ngày"))
        for e in (self.from_edit, self.to_edit):
            e.setDisplayFormat("dd/MM/yyyy")
            e.setCalendarPopup(True)
            e.dateChanged.connect(self.reload)
        self.book_combo.currentIndexChanged.connect(self.reload)
        top.addWidget(QLabel(self.tr("Sổ:")))
        top.addWidget(self.book_combo)
        top.addWidget(QLabel(self.tr("Từ ngày:")))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel(self.tr("Đến ngày:")))
        top.addWidget(self.to_edit)
        top.addStretch(1)
        v.addLayout(top)
        self.table = _table(
            [self.tr("Số, ký hiệu"), self.tr("Ngày"), self.tr("Tên loại và trích yếu"), self.tr("Người ký"),
             self.tr("Nơi nhận"), self.tr("Tệp"), self.tr("Ghi chú")],
            "outgoing_table",
        )
        v.addWidget(self.table, 1)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        row = QHBoxLayout()
        self.void_button = named(QPushButton(self.tr("&Hủy số…")), "void_button")
        self.print_button = named(QPushButton(self.tr("&In sổ văn bản đi…")), "print_button")
        close = QPushButton(self.tr("Đóng"))
        row.addWidget(self.void_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(close)
        v.addLayout(row)
        self.void_button.clicked.connect(self.ask_void)
        self.print_button.clicked.connect(self.ask_print)
        close.clicked.connect(self.accept)
        self.resize(1000, 520)
        self.reload()

    def _period(self) -> tuple[Any, Any]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()

    def reload(self) -> None:
        book = self.book_combo.currentData()
        dfrom, dto = self._period()
        run_task(
            self, lambda: self.service.entries(book=book, date_from=dfrom, date_to=dto), self._show,
            lambda exc: self.message.setText(desk_error_text(exc)),
        )

    def _show(self, entries: list[Any]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            d = e.draft
            note = self.tr("Hủy: ") + e.void_reason if e.status is OutgoingStatus.VOIDED else ""
            cells = (e.number_text, format_date_vn(d.issued), f"{d.doc_type}: {d.subject}",
                     ", ".join(x for x in (d.signer_title, d.signer_name) if x), d.recipients,
                     Path(e.export_path).name if e.export_path else e.file_name, note)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(max(self.table.columnWidth(2), 200), 360))
        self.message.setText("" if entries else self.tr("Chưa có văn bản đi nào trong kỳ này."))

    def ask_void(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.entries):
            return
        e = self.entries[row]
        reason, ok = QInputDialog.getText(
            self, self.tr("Hủy số văn bản đi"),
            self.tr("Lý do hủy số {number} (số vẫn giữ trong sổ):").replace("{number}", e.number_text),
            QLineEdit.EchoMode.Normal, "",
        )
        if ok:
            run_task(self, lambda: self.service.void(e.id, reason), lambda _e: self.reload(),
                     lambda exc: self.message.setText(desk_error_text(exc)), lane=WRITE)

    def ask_print(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("In sổ văn bản đi"), str(self.desk.data_dir / "in-so" / "so-van-ban-di.pdf"),
            self.tr("Tệp PDF (*.pdf)"),
        )
        if name:
            self.print_to(Path(name))

    def print_to(self, out: Path) -> None:
        book = self.book_combo.currentData()
        dfrom, dto = self._period()
        org = self.desk.settings.organization
        run_task(
            self, lambda: self.service.print_register(book, dfrom.year, dfrom, dto, out, org.name, org.parent),
            lambda p: self.message.setText(self.tr("Đã in sổ văn bản đi ra {path}").replace("{path}", str(p))),
            lambda exc: self.message.setText(desk_error_text(exc)),
        )
