"""The register as a table model that holds only row ids (ARCHITECTURE practice 9, like Anki's
browser/table/model.py).

The search gives the ids of every matching registration in display order; rows are read in
pages, in the read pool, only when the view asks for them, and only a bounded number of pages
is kept. A million-row register costs a list of a million ints and a few pages of rows.
Sorting by a header asks the database for the ids again in the new order.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Status, Urgency
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.ui.icons import icon
from qlvb_desktop.ui.labels import arrival_label, copy_badge, doc_type_label, status_label, urgency_label
from qlvb_desktop.ui.operations import Operations

Index = QModelIndex | QPersistentModelIndex

# Roles as plain ints: data() runs for every visible cell and role on each paint, and comparing
# PySide enum members costs more than the rest of the lookup.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FONT = int(Qt.ItemDataRole.FontRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
USER = int(Qt.ItemDataRole.UserRole)
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOOLTIP_COLUMNS = ("subject", "issuer", "to_places")
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
NO_FLAGS = Qt.ItemFlag.NoItemFlags

URGENT_COLOR = QColor("#c62828")
VOID_COLOR = QColor("#757575")
BOLD_WHEN_URGENT = ("arrival_number", "urgency", "subject")


class Column:
    """A column: its header (Vietnamese source text) and the sort key the repository knows."""

    def __init__(self, key: str, header: str, order_by: str | None) -> None:
        self.key = key
        self.header = header
        self.order_by = order_by


# The widest text a column usually shows, measured in the table's font (so a column fits the
# same text at 100 % and 200 %, in Vietnamese and English); the subject takes what is left.
COLUMN_SAMPLES = {
    "arrival_number": "00000",
    "received_at": "30/12/2026",
    "issuer": "Sở Tài chính T",
    "number": "15/QĐ-STC",
    "issued_date": "30/12/2026",
    "doc_type": "Quyết định",
    "to_places": "Phòng Tổng hợp",
    "due_date": "30/12/2026",
}
SUBJECT_MIN_CHARS = 24  # "Trích yếu" shows at least this much ("Quyết định phê duyệt dự …")
# Shown when the clerk turns them on (the header's menu); the printed book has every column.
HIDDEN_BY_DEFAULT = ("issued_date", "to_places")


def _date(value: Any) -> str:
    return format_date_vn(value) if value else ""


class RowView:
    """What a loaded row shows, computed once when its page arrives (not on every paint)."""

    __slots__ = ("background", "decorated", "decoration", "fonts", "foreground", "texts", "tooltips")

    def __init__(self, texts: list[str], foreground: Any, fonts: list[Any], tooltips: list[str | None]) -> None:
        self.decoration: Any = None  # a badge: the entry has its stamped/signed copy
        self.decorated = -1  # the column showing it
        self.texts = texts
        self.foreground = foreground
        self.background: Any = None
        self.fonts = fonts
        self.tooltips = tooltips


class RegisterTableModel(QAbstractTableModel):
    ids_loaded = Signal(int)  # the number of rows once the whole id list of a (re)query is in
    page_loaded = Signal(int)  # the index of a page whose rows just arrived

    PAGE_SIZE = 100
    MAX_PAGES = 40  # pages kept in memory; the oldest used are dropped
    FIRST_IDS = 500  # ids asked for first, to show the first page before the whole list is in

    def __init__(self, ops: Operations, register: RegisterService, parent: Any = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._register = register
        self._columns = [
            Column("arrival_number", self.tr("Số đến"), "arrival_number"),
            Column("received_at", self.tr("Ngày đến"), "received_at"),
            Column("issuer", self.tr("Tác giả"), "issuer"),
            Column("number", self.tr("Số, ký hiệu"), "number"),
            Column("issued_date", self.tr("Ngày văn bản"), "issued_date"),
            Column("doc_type", self.tr("Tên loại"), None),
            Column("subject", self.tr("Trích yếu"), "subject"),
            Column("urgency", self.tr("Độ khẩn"), "priority"),
            Column("to_places", self.tr("Đơn vị hoặc người nhận"), "to_places"),
            Column("due_date", self.tr("Hạn giải quyết"), "due_date"),
            Column("status", self.tr("Trạng thái"), "status"),
        ]
        self._query = SearchQuery()
        self._ids: list[int] = []
        self._rows: dict[int, Registration] = {}
        self._pages: OrderedDict[int, list[int]] = OrderedDict()  # page -> ids, in LRU order
        self._pending: set[int] = set()
        self._generation = 0  # bumped on every new id list; late pages of an old list are dropped
        self._query_serial = 0
        self.rows_fetched = 0  # how many rows were ever read, for tests and the benchmark
        # Issue 7: deadline of each loaded row (domain.daily.Deadline), read with its page, and
        # how a row looks for it (ui.daily.deadline_style); None = no deadline colouring.
        self.annotate: Callable[[Sequence[Registration]], dict[int, Any]] | None = None
        self.row_style: Callable[[Registration, Any, RowView, list[str]], None] | None = None
        self._notes: dict[int, Any] = {}
        self._views: dict[int, RowView] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._copy_icon = icon("copy")

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    def column_header(self, column: int) -> str:
        return self._columns[column].header

    # --- querying -----------------------------------------------------------------------------

    @property
    def query(self) -> SearchQuery:
        return self._query

    def set_query(self, query: SearchQuery) -> None:
        """Ask for the ids of `query` (keeping the current order); the rows follow when shown."""
        self._query = replace(query, order_by=self._query.order_by, descending=self._query.descending)
        self.requery()

    def requery(self) -> None:
        """Ask for the ids again. In the default order (newest first) the first few hundred come
        first, so the view shows its first page without waiting for the whole list: reading a
        million ids walks the whole table, seconds when the file is not in the disk cache."""
        self._query_serial += 1
        serial = self._query_serial
        query = self._query
        search = self._register.search
        if query.order_by == "id" and not query.limit:
            head = replace(query, limit=self.FIRST_IDS)
            self._ops.read(
                lambda: search(head), lambda ids: self._head_arrived(serial, query, ids), owner=self
            )
        else:
            self._ops.read(lambda: search(query), lambda ids: self._ids_arrived(serial, ids), owner=self)

    def _head_arrived(self, serial: int, query: SearchQuery, ids: list[int]) -> None:
        if serial != self._query_serial:
            return
        self._reset(ids)
        if len(ids) < self.FIRST_IDS:  # that was all of them
            self.ids_loaded.emit(len(ids))
            return
        search = self._register.search
        self._ops.read(lambda: search(query), lambda rest: self._ids_arrived(serial, rest), owner=self)

    def _ids_arrived(self, serial: int, ids: list[int]) -> None:
        if serial != self._query_serial:  # a newer query was asked for while this one ran
            return
        shown = len(self._ids)
        if 0 < shown < len(ids) and ids[:shown] == self._ids:
            # The head is already on screen: append the rest, keeping selection and scroll.
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids = ids
            self.endInsertRows()
        else:
            self._reset(ids)
        self.ids_loaded.emit(len(ids))

    def _reset(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._generation += 1
        self._ids = ids
        self._rows.clear()
        self._notes.clear()
        self._views.clear()
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        order_by = self._columns[column].order_by if 0 <= column < len(self._columns) else "id"
        if order_by is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder if column >= 0 else True
        if order_by == self._query.order_by and descending == self._query.descending:
            return
        self._query = replace(self._query, order_by=order_by, descending=descending)
        self.requery()

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self._columns) and self._columns[column].order_by is not None

    # --- rows ---------------------------------------------------------------------------------

    def registration_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, registration_id: int) -> int | None:
        """The row of an id among the loaded pages (cheap), else by a scan of the id list."""
        for page, ids in self._pages.items():
            if registration_id in ids:
                return page * self.PAGE_SIZE + ids.index(registration_id)
        try:
            return self._ids.index(registration_id)
        except ValueError:
            return None

    def registration(self, row: int) -> Registration | None:
        rid = self.registration_id(row)
        return self._rows.get(rid) if rid is not None else None

    def note(self, registration_id: int) -> Any:
        """The deadline annotation of a loaded row (see `annotate`), if any."""
        return self._notes.get(registration_id)

    def loaded_row_count(self) -> int:
        return len(self._rows)

    def refresh(self, registration_ids: frozenset[int]) -> None:
        """Reload the pages holding these ids, if they are loaded; others load when shown."""
        pages = {p for p, ids in self._pages.items() if registration_ids.intersection(ids)}
        for page in pages:
            self._load_page(page, force=True)

    def _load_page(self, page: int, force: bool = False) -> None:
        if page in self._pending or (page in self._pages and not force):
            return
        start = page * self.PAGE_SIZE
        ids = self._ids[start : start + self.PAGE_SIZE]
        if not ids:
            return
        self._pending.add(page)
        generation = self._generation
        annotate = self.annotate

        def job() -> tuple[list[Registration], dict[int, Any]]:
            regs = self._register.get_many(ids)
            return regs, (annotate(regs) if annotate is not None else {})

        self._ops.read(
            job,
            lambda result: self._page_arrived(generation, page, ids, *result),
            lambda exc: self._page_failed(generation, page, exc),
            owner=self,
        )

    def _page_arrived(
        self, generation: int, page: int, ids: list[int], regs: list[Registration], notes: dict[int, Any]
    ) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self.rows_fetched += len(regs)
        self._notes.update(notes)
        keys = [c.key for c in self._columns]
        for reg in regs:
            self._rows[reg.id] = reg
            self._views[reg.id] = self._row_view(reg, notes.get(reg.id), keys)
        self._pages[page] = ids
        self._pages.move_to_end(page)
        while len(self._pages) > self.MAX_PAGES:
            _, dropped = self._pages.popitem(last=False)
            for rid in dropped:
                self._rows.pop(rid, None)
                self._notes.pop(rid, None)
                self._views.pop(rid, None)
        first = page * self.PAGE_SIZE
        last = first + len(ids) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))
        self.page_loaded.emit(page)

    def _page_failed(self, generation: int, page: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._pending.discard(page)
            self._ops.on_error(exc)

    # --- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole and self._columns[section].order_by is None:
                return self.tr("Không sắp xếp được theo cột này")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else NO_FLAGS

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = index.row()
        ids = self._ids
        if not 0 <= row < len(ids):
            return None
        rid = ids[row]
        if role == USER:
            return rid
        view = self._views.get(rid)
        if view is None:
            if role == DISPLAY:
                self._load_page(row // self.PAGE_SIZE)
                return "…" if index.column() == 0 else ""
            return None
        if role == DISPLAY:
            return view.texts[index.column()]
        if role == FOREGROUND:
            return view.foreground
        if role == BACKGROUND:
            return view.background
        if role == FONT:
            return view.fonts[index.column()]
        if role == TOOLTIP:
            return view.tooltips[index.column()]
        if role == ALIGNMENT and index.column() == 0:
            return RIGHT_ALIGNED
        if role == DECORATION and index.column() == view.decorated:
            return view.decoration
        return None

    def _row_view(self, reg: Registration, note: Any, keys: list[str]) -> RowView:
        voided = reg.status is Status.VOIDED
        urgent = reg.draft.urgency.is_urgent and not voided
        texts = [self._text(reg, key) for key in keys]
        if voided:
            foreground: Any = QBrush(VOID_COLOR)
        elif reg.draft.urgency.is_urgent:
            foreground = QBrush(URGENT_COLOR)
        else:
            foreground = None
        fonts: list[Any] = [
            self._struck if voided and key == "subject" else self._bold if urgent and key in BOLD_WHEN_URGENT else None
            for key in keys
        ]
        tooltips: list[str | None] = [
            text if key in TOOLTIP_COLUMNS else None for key, text in zip(keys, texts, strict=True)
        ]
        if "received_at" in keys:  # the day in the column (room for Trích yếu), the minute on hover
            tooltips[keys.index("received_at")] = to_vn(reg.draft.received_at).strftime("%d/%m/%Y %H:%M")
        view = RowView(texts, foreground, fonts, tooltips)
        copy = reg.current_copy
        if copy is not None and "subject" in keys:
            # Issue 16: the register shows that the clerk stamped (and signed) this document, as a
            # badge before Trích yếu (the one column that stretches: nothing else gets narrower).
            view.decoration = self._copy_icon
            view.decorated = keys.index("subject")
            tooltips[view.decorated] = f"{texts[view.decorated]}\n({copy_badge(copy.role)})"
        if self.row_style is not None and note is not None:
            self.row_style(reg, note, view, keys)
        return view

    @staticmethod
    def _text(reg: Registration, column: str) -> str:
        d = reg.draft
        if column == "arrival_number":
            return arrival_label(reg.arrival_number)
        if column == "received_at":
            return format_date_vn(to_vn(d.received_at).date())
        if column == "issuer":
            return d.issuer
        if column == "number":
            return d.number
        if column == "issued_date":
            return _date(d.issued_date)
        if column == "doc_type":
            return doc_type_label(d.doc_type)
        if column == "subject":
            return d.subject
        if column == "urgency":
            return urgency_label(d.urgency) if d.urgency.is_urgent else ""
        if column == "to_places":
            return d.to_places
        if column == "due_date":
            return _date(d.due_date)
        if column == "status":
            return status_label(reg.status)
        return ""


def register_table(model: QAbstractTableModel, name: str, parent: QWidget) -> QTableView:
    """A read-only table of registrations, one row selected at a time, rows of one fixed height
    (no per-row size hints, which would cost a pass over a million rows)."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setHighlightSections(False)
    return table


def fit_register_columns(
    table: QTableView, model: RegisterTableModel, hidden: Sequence[str] = (), status_texts: Sequence[str] = ()
) -> None:
    """Columns as wide as their usual text in the table's font, bold where urgent rows are
    bold, "Trích yếu" stretching over the rest: every visible column fits a 1366-pixel screen
    (and 200 %) beside the detail pane, without a horizontal scroll bar. `status_texts`: what
    else the status column may say (the deadline states)."""
    metrics = table.fontMetrics()
    bold = QFont(table.font())
    bold.setBold(True)
    bold_metrics = QFontMetrics(bold)
    header = table.horizontalHeader()
    header.setTextElideMode(Qt.TextElideMode.ElideRight)  # "Đơn vị hoặc người…", not cut at both ends
    header.setMinimumSectionSize(metrics.horizontalAdvance("000") + 12)
    pad = 10
    header_metrics = header.fontMetrics()
    for column, key in enumerate(model.column_keys()):
        header.setSectionHidden(column, key in hidden)
        if key == "subject":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        if key == "urgency":
            text_width = max(bold_metrics.horizontalAdvance(urgency_label(u)) for u in Urgency if u.is_urgent)
        elif key == "status":
            texts = [status_label(s) for s in Status] + list(status_texts)
            text_width = max(metrics.horizontalAdvance(t) for t in texts)
        else:
            sample = COLUMN_SAMPLES.get(key, "0000000000")
            text_width = (bold_metrics if key in BOLD_WHEN_URGENT else metrics).horizontalAdvance(sample)
        # A short header ("Hạn giải quyết") is shown whole; a long one may be cut, not widen the column.
        title = header_metrics.horizontalAdvance(model.column_header(column)) + 8
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, max(text_width, min(title, text_width + 24)) + pad)


def subject_min_width(table: QTableView) -> int:
    return table.fontMetrics().horizontalAdvance("x" * SUBJECT_MIN_CHARS)
