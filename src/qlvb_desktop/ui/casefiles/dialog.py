"""The case files window (issue 17): the year's case files, the documents of the selected one;
open a case file from the list or ad hoc, file the registration selected in the main window,
close, print the "Mục lục văn bản", make the archive package; import and print the list.

Every service call runs through the window's `Operations` (writes on the write worker, reads
and printing in the read pool); failures are shown as the service's Vietnamese sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.casefiles import (
    CaseFile,
    CaseFileStatus,
    DocKind,
    FiledDocument,
    ListEntry,
    retention_text,
)
from qlvb_desktop.domain.errors import FlaggedError
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import OpChanges, Operations


def _table(columns: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(columns))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(columns)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setVisible(False)
    return t


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class OpenCaseFileDialog(QDialog):
    """Open a case file: pick a row of the year's list, or type one not listed."""

    def __init__(self, entries: list[ListEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("open_casefile_dialog")
        self.setWindowTitle(self.tr("Mở hồ sơ"))
        form = QFormLayout(self)
        self.listed = QComboBox(self)
        self.listed.setObjectName("listed_combo")
        self.listed.addItem(self.tr("(Hồ sơ ngoài danh mục)"), "")
        for e in entries:
            if e.level == 2:
                self.listed.addItem(f"{e.notation} — {e.title}", e.notation)
        self.code = QLineEdit(self)
        self.code.setObjectName("code_edit")
        self.code.setPlaceholderText("01.TCCB")
        self.title = QLineEdit(self)
        self.title.setObjectName("title_edit")
        self.retention = QLineEdit(self)
        self.retention.setObjectName("retention_edit")
        self.retention.setPlaceholderText(self.tr("số năm, hoặc Vĩnh viễn"))
        self.creator = QLineEdit(self)
        self.creator.setObjectName("creator_edit")
        form.addRow(self.tr("Theo danh mục:"), self.listed)
        form.addRow(self.tr("Số và ký hiệu hồ sơ:"), self.code)
        form.addRow(self.tr("Tiêu đề hồ sơ:"), self.title)
        form.addRow(self.tr("Thời hạn bảo quản:"), self.retention)
        form.addRow(self.tr("Đơn vị/người lập hồ sơ:"), self.creator)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mở hồ sơ"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy bỏ"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.listed.currentIndexChanged.connect(self._listed_changed)
        self.resize(560, 0)

    def _listed_changed(self, _index: int) -> None:
        code = self.listed.currentData()
        self.code.setText(code or "")
        for w in (self.title, self.retention):
            w.setEnabled(not code)

    def values(self) -> dict[str, str]:
        return {"notation": self.code.text(), "title": self.title.text() if self.title.isEnabled() else "",
                "retention": self.retention.text() if self.retention.isEnabled() else "",
                "creator": self.creator.text()}


class CaseFilesDialog(QDialog):
    def __init__(
        self, service: Any, ops: Operations, current_id: Callable[[], int | None], year: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.ops = ops
        self.current_id = current_id
        self.files: list[tuple[CaseFile, int]] = []
        self.entries: list[ListEntry] = []
        self.docs: list[FiledDocument] = []
        self._request = self._docs_request = 0
        self.setObjectName("casefiles_dialog")
        self.setWindowTitle(self.tr("Hồ sơ"))
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Năm:")))
        self.year = QSpinBox(self)
        self.year.setObjectName("year_spin")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        top.addWidget(self.year)
        self.import_button = self._button(top, self.tr("&Nhập danh mục từ Excel…"), "import_button", self.import_list)
        self.print_list_button = self._button(top, self.tr("In &danh mục hồ sơ…"), "print_list_button",
                                              self.print_list)
        top.addStretch(1)
        self.open_button = self._button(top, self.tr("&Mở hồ sơ…"), "open_button", self.open_case_file)
        v.addLayout(top)
        split = QSplitter(self)
        split.setOrientation(split.orientation().Vertical)
        self.files_table = _table(
            [self.tr("Số và ký hiệu hồ sơ"), self.tr("Tiêu đề hồ sơ"), self.tr("Thời hạn bảo quản"),
             self.tr("Ngày bắt đầu"), self.tr("Ngày kết thúc"), self.tr("Số văn bản"), self.tr("Trạng thái")],
            "files_table",
        )
        self.docs_table = _table(
            [self.tr("STT"), self.tr("Số, ký hiệu"), self.tr("Ngày tháng"), self.tr("Tên loại và trích yếu"),
             self.tr("Tác giả")],
            "docs_table",
        )
        split.addWidget(self.files_table)
        split.addWidget(self.docs_table)
        v.addWidget(split, 1)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        row = QHBoxLayout()
        self.add_button = self._button(row, self.tr("&Thêm văn bản đang chọn"), "add_button", self.add_selected)
        self.close_button = self._button(row, self.tr("&Kết thúc hồ sơ"), "close_file_button", self.close_case_file)
        self.contents_button = self._button(row, self.tr("In &mục lục văn bản…"), "contents_button",
                                            self.print_contents)
        self.package_button = self._button(row, self.tr("Tạo &gói nộp lưu…"), "package_button", self.make_package)
        row.addStretch(1)
        done = QPushButton(self.tr("Đóng"), self)
        done.clicked.connect(self.accept)
        row.addWidget(done)
        v.addLayout(row)
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.files_table.itemSelectionChanged.connect(self._file_selected)
        self.ops.changed.connect(self._on_changed)
        self.resize(1000, 620)
        self.reload()

    def _button(self, layout: QHBoxLayout, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        layout.addWidget(b)
        return b

    # --- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        year, svc = self.year.value(), self.service
        self._request += 1  # only the latest read is shown (reads run in a pool, in any order)
        request = self._request

        def arrived(result: tuple[list[tuple[CaseFile, int]], list[ListEntry]]) -> None:
            if request == self._request:
                self._show(result)

        self.ops.read(lambda: (svc.case_files(year), svc.list_entries(year)), arrived, self._fail, owner=self)

    def _show(self, result: tuple[list[tuple[CaseFile, int]], list[ListEntry]]) -> None:
        selected = self.selected()
        self.files, self.entries = result
        _fill(self.files_table, [
            (cf.notation, cf.title, retention_text(cf.retention), cf.start_date.strftime("%d/%m/%Y"),
             cf.end_date.strftime("%d/%m/%Y") if cf.end_date else "", str(n), self._status(cf.status))
            for cf, n in self.files
        ])
        self.files_table.setColumnWidth(1, min(max(self.files_table.columnWidth(1), 240), 420))
        keep = next((i for i, (cf, _n) in enumerate(self.files) if selected and cf.id == selected.id), 0)
        if self.files:
            self.files_table.selectRow(keep)
            self._file_selected()  # its documents again: the same row stays selected after a change
        else:
            self._show_docs([])
            self.message.setText(self.tr("Chưa mở hồ sơ nào trong năm {year}; danh mục có {n} hồ sơ.").format(
                year=self.year.value(), n=sum(e.level == 2 for e in self.entries)))
        self._update_buttons()

    def _status(self, status: CaseFileStatus) -> str:
        return self.tr("Đã kết thúc") if status is CaseFileStatus.CLOSED else self.tr("Đang lập")

    def selected(self) -> CaseFile | None:
        row = self.files_table.currentRow()
        return self.files[row][0] if 0 <= row < len(self.files) else None

    def _file_selected(self) -> None:
        cf = self.selected()
        self._update_buttons()
        if cf is None:
            return
        svc = self.service
        self._docs_request += 1
        request = self._docs_request

        def arrived(docs: list[FiledDocument]) -> None:
            if request == self._docs_request:
                self._show_docs(docs)

        self.ops.read(lambda: svc.documents(cf), arrived, self._fail, owner=self)

    def _show_docs(self, docs: list[FiledDocument]) -> None:
        self.docs = docs
        _fill(self.docs_table, [
            (str(d.ordinal), d.number, d.issued_date.strftime("%d/%m/%Y") if d.issued_date else "",
             d.kind_and_subject, d.author)
            for d in docs
        ])
        cf = self.selected()
        if cf is not None:
            self.message.setText(self.tr("Hồ sơ {code}: {n} văn bản.").format(code=cf.code, n=len(docs)))

    def _update_buttons(self) -> None:
        cf = self.selected()
        is_open = cf is not None and cf.status is CaseFileStatus.OPEN
        self.add_button.setEnabled(is_open)
        self.close_button.setEnabled(is_open)
        self.contents_button.setEnabled(cf is not None)
        self.package_button.setEnabled(cf is not None and cf.status is CaseFileStatus.CLOSED)

    def _fail(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))

    def _on_changed(self, _changes: OpChanges) -> None:
        self.reload()

    # --- changing ---------------------------------------------------------------------------------

    def open_case_file(self) -> OpenCaseFileDialog:
        dialog = OpenCaseFileDialog(self.entries, self)
        year, svc = self.year.value(), self.service

        def accepted() -> None:
            values = dialog.values()
            self.ops.write(
                lambda: svc.open(year, values.pop("notation"), **values), lambda _cf: OpChanges(),
                lambda cf: self.message.setText(self.tr("Đã mở hồ sơ {code}.").format(code=cf.code)),
                self._fail, owner=self,
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def add_selected(self) -> None:
        cf, rid = self.selected(), self.current_id()
        if cf is None:
            return
        if rid is None:
            self.message.setText(self.tr("Chọn một văn bản trong sổ đăng ký trước."))
            return
        svc = self.service
        self.ops.write(
            lambda: svc.add(cf, DocKind.INCOMING, rid), lambda _o: OpChanges(registrations=frozenset({rid})),
            lambda o: self.message.setText(
                self.tr("Đã đưa văn bản vào hồ sơ {code}, số thứ tự {ordinal}.").format(code=cf.code, ordinal=o)),
            self._fail, owner=self,
        )

    def close_case_file(self, confirm: bool = False) -> None:
        cf = self.selected()
        if cf is None:
            return
        svc = self.service

        def failed(exc: BaseException) -> None:
            if isinstance(exc, FlaggedError) and not confirm:
                box = QMessageBox(QMessageBox.Icon.Question, self.tr("Kết thúc hồ sơ"), error_text(exc),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
                box.setObjectName("confirm_close_box")
                box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Vẫn kết thúc"))
                box.button(QMessageBox.StandardButton.No).setText(self.tr("Để xem lại"))
                box.accepted.connect(lambda: self.close_case_file(confirm=True))
                box.open()
                return
            self._fail(exc)

        self.ops.write(
            lambda: svc.close(cf, confirm=confirm), lambda _cf: OpChanges(),
            lambda done: self.message.setText(self.tr("Đã kết thúc hồ sơ {code}.").format(code=done.code)),
            failed, owner=self,
        )

    # --- files ------------------------------------------------------------------------------------

    def _save_name(self, title: str, name: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        return Path(path) if path else None

    def _written(self, path: Path) -> None:
        self.message.setText(self.tr("Đã ghi tệp {path}.").format(path=path))
        self.last_written: Path | None = path

    def _write_in_background(self, make: Callable[[], Path]) -> None:
        self.ops.read(make, self._written, self._fail, owner=self)

    def import_list(self, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp danh mục hồ sơ"), str(Path.home()),
                                                  self.tr("Bảng tính (*.xlsx)"))
            path = Path(name) if name else None
        if path is None:
            return
        year, svc, target = self.year.value(), self.service, path
        self.ops.write(
            lambda: svc.import_list(year, target), lambda _e: OpChanges(),
            lambda entries: self.message.setText(self.tr("Đã nhập danh mục: {n} hồ sơ.").format(
                n=sum(e.level == 2 for e in entries))),
            self._fail, owner=self,
        )

    def print_list(self, path: Path | None = None) -> None:
        year, svc = self.year.value(), self.service
        path = path or self._save_name(self.tr("In danh mục hồ sơ"), f"danh-muc-ho-so-{year}.pdf",
                                       self.tr("Bảng tính hoặc PDF (*.xlsx *.pdf)"))
        if path is not None:
            out = path
            self._write_in_background(lambda: svc.write([svc.list_table(year)], out))

    def print_contents(self, path: Path | None = None) -> None:
        cf, svc = self.selected(), self.service
        if cf is None:
            return
        path = path or self._save_name(self.tr("In mục lục văn bản"), f"muc-luc-{cf.notation}.pdf",
                                       self.tr("Bảng tính hoặc PDF (*.xlsx *.pdf)"))
        if path is not None:
            out = path
            self._write_in_background(lambda: svc.write([svc.contents_table(cf)], out))

    def make_package(self, path: Path | None = None) -> None:
        cf, svc = self.selected(), self.service
        if cf is None:
            return
        path = path or self._save_name(self.tr("Tạo gói nộp lưu"), f"{cf.code}.zip", self.tr("Gói ZIP (*.zip)"))
        if path is not None:
            out = path
            self._write_in_background(lambda: svc.export_package(cf, out))


def today_year() -> int:
    return QDate.currentDate().year()

