"""The "Sắp đến hạn" (F6) and "Quá hạn" (F7) lists beside the register (F4), the actions on the
selected document (mark handled, print its routing slip) and the counts on the tabs.

Each list is the register's lazy row-id model with a different id source: the daily service
computes the ids (urgent first, nearest deadline first) in the read pool, so a list over
100,000 registrations never stalls the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from qlvb_desktop.domain.daily import DeadlineLists, DeadlineState
from qlvb_desktop.domain.registration import MAX_LENGTH, Registration
from qlvb_desktop.services.daily import DailyService
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.ui.daily.style import deadline_style, state_label
from qlvb_desktop.ui.dialogs import TextPrompt
from qlvb_desktop.ui.labels import arrival_label
from qlvb_desktop.ui.operations import OpChanges, Operations
from qlvb_desktop.ui.printing import PrintJob
from qlvb_desktop.ui.register_model import RegisterTableModel, fit_register_columns, register_table

URGENCY_COLUMN, DUE_COLUMN = 7, 9  # RegisterTableModel's columns


def install_deadlines(model: RegisterTableModel, daily: DailyService) -> None:
    """Colour a register model's rows by deadline state."""
    model.annotate = daily.deadlines
    model.row_style = deadline_style


class DeadlineListModel(RegisterTableModel):
    """The ids of one deadline list, in the service's order (not sortable by header)."""

    def __init__(
        self, ops: Operations, register: RegisterService, daily: DailyService, state: DeadlineState, parent: Any = None
    ) -> None:
        super().__init__(ops, register, parent)
        self.daily = daily
        self.state = state
        install_deadlines(self, daily)

        self.source: Callable[[], None] | None = None  # DailyViews.requery: both lists in one read

    def requery(self) -> None:
        if self.source is not None:
            self.source()
            return
        self._query_serial += 1
        serial = self._query_serial
        ids_of = self.daily.due_soon if self.state is DeadlineState.DUE_SOON else self.daily.overdue
        self._ops.read(ids_of, lambda ids: self._ids_arrived(serial, ids), owner=self)

    def set_ids(self, ids: list[int]) -> None:
        """The list computed elsewhere (with the other list, in one pass)."""
        self._query_serial += 1
        self._ids_arrived(self._query_serial, ids)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        return  # urgent first, then the nearest deadline: the order is the point of the list

    def is_sortable(self, column: int) -> bool:
        return False


def make_table(model: RegisterTableModel, name: str, parent: QWidget) -> QTableView:
    table = register_table(model, name, parent)
    table.setAlternatingRowColors(False)  # the background says the deadline state
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    # Who handles it matters in a deadline list; the document's own date and type do not, and
    # the state is the list itself.
    fit_register_columns(table, model, ("issued_date", "doc_type", "status"), [state_label(s) for s in DeadlineState])
    # What a deadline list is about first: number, due date, urgency, then the document.
    for visual, logical in enumerate((0, DUE_COLUMN, URGENCY_COLUMN)):
        header.moveSection(header.visualIndex(logical), visual)
    return table


class DailyViews(QObject):
    """Owns the two deadline tabs and the daily actions; the window gives it its tab widget,
    the register table and a callback for the selected registration."""

    selection_changed = Signal(object)  # registration id or None, from whichever tab is shown

    def __init__(
        self,
        tabs: QTabWidget,
        register_table: QTableView,
        register: RegisterService,
        daily: DailyService,
        ops: Operations,
        data_dir: Path,
        current_id: Callable[[], int | None],
    ) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.register_table = register_table
        self.daily = daily
        self.ops = ops
        self.data_dir = data_dir
        self.current_id = current_id
        self.prompt: TextPrompt | None = None
        self.message_box: QMessageBox | None = None
        self.print_job: PrintJob | None = None
        self.print_preview: QDialog | None = None  # the open print preview (tests drive it)
        self._counts: dict[DeadlineState, int] = {}
        self.soon_model = DeadlineListModel(ops, register, daily, DeadlineState.DUE_SOON, self)
        self.overdue_model = DeadlineListModel(ops, register, daily, DeadlineState.OVERDUE, self)
        self.soon_model.source = self.overdue_model.source = self.requery
        self._serial = 0
        self.soon_table = make_table(self.soon_model, "due_soon_table", tabs)
        self.overdue_table = make_table(self.overdue_model, "overdue_table", tabs)
        self.soon_table.setAccessibleName(self.tr("Văn bản sắp đến hạn giải quyết"))
        self.overdue_table.setAccessibleName(self.tr("Văn bản quá hạn giải quyết"))
        tabs.addTab(self.soon_table, "")
        tabs.addTab(self.overdue_table, "")
        for table in (self.soon_table, self.overdue_table):
            model = table.model()
            assert isinstance(model, RegisterTableModel)
            table.selectionModel().currentRowChanged.connect(
                lambda cur, _prev, m=model: self.selection_changed.emit(m.registration_id(cur.row()))
            )
        tabs.currentChanged.connect(self._tab_changed)
        self._build_actions()
        self._label_tabs()

    # --- actions ----------------------------------------------------------------------------

    def _build_actions(self) -> None:
        window = self.tabs.window()
        self.register_action = QAction(self.tr("Sổ đăng ký"), window)
        self.register_action.setShortcut(QKeySequence(Qt.Key.Key_F4))
        self.register_action.triggered.connect(lambda: self.show_tab(0))
        self.soon_action = QAction(self.tr("Sắp đến hạn"), window)
        self.soon_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.soon_action.triggered.connect(lambda: self.show_tab(1))
        self.overdue_action = QAction(self.tr("Quá hạn"), window)
        self.overdue_action.setShortcut(QKeySequence(Qt.Key.Key_F7))
        self.overdue_action.triggered.connect(lambda: self.show_tab(2))
        self.handled_action = QAction(self.tr("Đánh dấu đã giải quyết…"), window)
        self.handled_action.setShortcut(QKeySequence("Ctrl+D"))
        self.handled_action.triggered.connect(self.ask_handled)
        self.slip_action = QAction(self.tr("In phiếu giải quyết…"), window)
        self.slip_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.slip_action.triggered.connect(self.print_slip)
        for action in self.actions():
            window.addAction(action)

    def actions(self) -> list[QAction]:
        return [self.register_action, self.soon_action, self.overdue_action, self.handled_action, self.slip_action]

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        table = self.tabs.currentWidget()
        table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(table, QTableView) and table.model().rowCount() and not table.currentIndex().isValid():
            table.selectRow(0)

    def _tab_changed(self, index: int) -> None:
        table = self.tabs.widget(index)
        if isinstance(table, QTableView):
            model = table.model()
            if isinstance(model, DeadlineListModel):
                model.requery()
            current = table.currentIndex()
            rid = None
            if isinstance(model, RegisterTableModel) and current.isValid():
                rid = model.registration_id(current.row())
            self.selection_changed.emit(rid)

    # --- refreshing -------------------------------------------------------------------------

    def requery(self) -> None:
        """Both lists and the counts, in one pass of the daily service in the read pool."""
        self._serial += 1
        serial = self._serial
        self.ops.read(self.daily.lists, lambda lists: self._lists_arrived(serial, lists), owner=self)

    def _lists_arrived(self, serial: int, lists: DeadlineLists) -> None:
        if serial != self._serial:  # a newer refresh was asked for meanwhile
            return
        self.soon_model.set_ids(lists.due_soon)
        self.overdue_model.set_ids(lists.overdue)
        self._counts_arrived(lists.counts)

    def _counts_arrived(self, counts: dict[DeadlineState, int]) -> None:
        self._counts = counts
        self._label_tabs()

    def _label_tabs(self) -> None:
        soon = self._counts.get(DeadlineState.DUE_SOON)
        late = self._counts.get(DeadlineState.OVERDUE)
        self.tabs.setTabText(0, self.tr("Sổ đăng ký (F4)"))
        self.tabs.setTabText(
            1, self.tr("Sắp đến hạn (F6)") + (f" · {soon}" if soon else "")
        )
        self.tabs.setTabText(2, self.tr("Quá hạn (F7)") + (f" · {late}" if late else ""))
        self.tabs.tabBar().setTabTextColor(2, Qt.GlobalColor.darkRed if late else self.tabs.palette().text().color())

    def on_changed(self, changes: OpChanges) -> None:
        if changes.added or changes.registrations or changes.settings:
            self.requery()

    # --- mark handled -----------------------------------------------------------------------

    def ask_handled(self) -> None:
        rid = self.current_id()
        if rid is None:
            return
        prompt = TextPrompt(
            self.tr("Đánh dấu đã giải quyết"),
            self.tr("Ghi chú kết quả giải quyết (ví dụ số văn bản trả lời); có thể để trống:"),
            MAX_LENGTH["instruction"] - 30,
            self.tr("Đã giải quyết"),
            self.tabs.window(),
        )
        prompt.setObjectName("handled_prompt")
        prompt.required = False
        prompt.accepted.connect(lambda: self._write_handled(rid, prompt.text()))
        prompt.finished.connect(lambda _r: self._prompt_closed(prompt))
        self.prompt = prompt
        prompt.open()

    def _prompt_closed(self, prompt: TextPrompt) -> None:
        if self.prompt is prompt:
            self.prompt = None
        prompt.deleteLater()

    def _write_handled(self, rid: int, note: str) -> None:
        daily = self.daily
        self.ops.write(
            lambda: daily.mark_handled(rid, note),
            lambda reg: OpChanges(registrations=frozenset({reg.id})),
            self._handled,
            owner=self,
        )

    def _handled(self, reg: Registration) -> None:
        window = self.tabs.window()
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(
                self.tr("Đã đánh dấu giải quyết xong số đến {number}.").format(
                    number=arrival_label(reg.arrival_number, reg.year)
                ),
                8000,
            )

    # --- routing slip -----------------------------------------------------------------------

    def slip_path(self, reg_id: int) -> Path:
        return self.data_dir / "phieu-giai-quyet" / f"phieu-{reg_id}.pdf"

    def print_slip(self) -> None:
        rid = self.current_id()
        if rid is None:
            return
        daily = self.daily
        out = self.slip_path(rid)
        window = self.tabs.window()
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(self.tr("Đang in phiếu giải quyết…"))
        self.ops.read(lambda: daily.print_slip(rid, out), self._slip_printed, owner=self)

    def _slip_printed(self, path: Path) -> None:
        window = self.tabs.window()
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().clearMessage()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Phiếu giải quyết văn bản đến"), "",
                          QMessageBox.StandardButton.NoButton, window)
        box.setObjectName("slip_box")
        box.setText(self.tr("Đã in phiếu giải quyết ra tệp {path}.").format(path=path))
        paper_button = box.addButton(self.tr("In ra giấy…"), QMessageBox.ButtonRole.AcceptRole)
        paper_button.setObjectName("paper_button")
        open_button = box.addButton(self.tr("Mở tệp"), QMessageBox.ButtonRole.ActionRole)
        close_button = box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(paper_button)
        box.setEscapeButton(close_button)
        self.last_slip = path

        def done() -> None:
            if box.clickedButton() is open_button:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            elif box.clickedButton() is paper_button:
                self.print_job = PrintJob(
                    window, self.ops, path, self.tr("Phiếu giải quyết văn bản đến"),
                    opened=lambda d: setattr(self, "print_preview", d),
                )
            if self.message_box is box:
                self.message_box = None
            box.deleteLater()

        box.finished.connect(lambda _r: done())
        self.message_box = box
        box.open()


