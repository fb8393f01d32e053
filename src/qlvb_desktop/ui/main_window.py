"""The main window: the incoming register with its search box and filters, the selected entry
in a side pane, and the actions of the day (register, print the book, settings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.books import Book, Closure
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.daily import DeadlineState
from qlvb_desktop.domain.errors import EnvironmentProblem
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Status, Urgency
from qlvb_desktop.ui.casefiles import install_casefiles_menu
from qlvb_desktop.ui.casefiles.filing_section import CaseFileSection
from qlvb_desktop.ui.context import GuiContext
from qlvb_desktop.ui.daily.page_preview import PagePreview
from qlvb_desktop.ui.daily.style import state_label
from qlvb_desktop.ui.daily.views import DailyViews, install_deadlines
from qlvb_desktop.ui.date_field import DateField
from qlvb_desktop.ui.desk import install_desk_menu
from qlvb_desktop.ui.detail_pane import DetailPane
from qlvb_desktop.ui.dialogs import PrintDialog, SettingsDialog
from qlvb_desktop.ui.i18n import error_details, error_text
from qlvb_desktop.ui.icons import icon
from qlvb_desktop.ui.intake import add_intake_action
from qlvb_desktop.ui.labels import arrival_label, status_label, urgency_label
from qlvb_desktop.ui.operations import OpChanges, Operations
from qlvb_desktop.ui.printing import PrintJob
from qlvb_desktop.ui.register_model import (
    HIDDEN_BY_DEFAULT,
    RegisterTableModel,
    fit_register_columns,
    register_table,
)
from qlvb_desktop.ui.registration_form import RegistrationForm
from qlvb_desktop.ui.settings.flow import SettingsFlow
from qlvb_desktop.ui.ui_state import UiState, fit_to_screen

SEARCH_DELAY_MS = 250  # debounce: search once the clerk pauses typing
URGENT_ONLY = "urgent"


class MainWindow(QMainWindow):
    def __init__(self, ctx: GuiContext, ops: Operations | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.ops = ops or Operations()
        self.ops.on_error = self.show_error
        self.ops.changed.connect(self._on_changed)
        self.ops.busy_changed.connect(self._on_busy)
        self.books: list[Book] = []
        self.form: RegistrationForm | None = None
        self.print_dialog: PrintDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.message_box: QMessageBox | None = None
        self._select_after_query: int | None = None
        self.ui_state = UiState(ctx.data_dir)
        self.column_menu: QMenu | None = None
        self.print_job: PrintJob | None = None
        self.print_preview: QDialog | None = None  # the open print preview (tests drive it)
        self.setObjectName("main_window")
        self._update_title()

        self.model = RegisterTableModel(self.ops, ctx.register, self)
        if ctx.daily is not None:
            install_deadlines(self.model, ctx.daily)
        self.settings_flow = (
            SettingsFlow(self, ctx, ctx.station, self.ops, self._update_title) if ctx.station is not None else None
        )
        self._build_actions()
        # Electronic intake and outgoing issue (issue 7): their own menu, from their own module
        self.desk_menu = install_desk_menu(self, ctx.desk, lambda _reg: self.ops.changed.emit(OpChanges(added=True)))
        # Case files and reports (issue 17): their own menu, from their own module
        self.casefiles_menu = install_casefiles_menu(
            self, ctx.casefiles, ctx.period_reports, self.ops, lambda: self._current_id(), ctx.register,
            lambda: self.current_query(),
        )
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.addLayout(self._build_search_bar())
        outer.addLayout(self._build_filters())
        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        # The register and, beside it, the daily lists (issue 7): one tab each.
        self.view_tabs = QTabWidget(splitter)
        self.view_tabs.setObjectName("view_tabs")
        self.view_tabs.setDocumentMode(True)
        self.table = self._build_table(self.view_tabs)
        self.view_tabs.addTab(self.table, self.tr("Sổ đăng ký"))
        right = QSplitter(Qt.Orientation.Vertical, splitter)
        self.detail = DetailPane(ctx.register, self.ops, right)
        self.preview = PagePreview(ctx.register, self.ops, right)
        self.detail.shown.connect(self.preview.show_registration)
        self.detail.edit_wanted.connect(self.open_edit)
        right.addWidget(self.detail)
        # The case files of the registration shown (issue 17): a section of its own under the pane
        self.casefile_section: CaseFileSection | None = None
        if ctx.casefiles is not None:
            self.casefile_section = CaseFileSection(ctx.casefiles, self.ops, right)
            self.detail.shown.connect(self.casefile_section.show_registration)
            right.addWidget(self.casefile_section)
        right.addWidget(self.preview)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(right.indexOf(self.preview), 3)  # the page is what the clerk checks the fields against
        self.daily_views: DailyViews | None = None
        if ctx.daily is not None:
            self.daily_views = DailyViews(
                self.view_tabs, self.table, ctx.register, ctx.daily, self.ops, ctx.data_dir, self._current_id
            )
            self.daily_views.selection_changed.connect(self.detail.show_id)
            self.view_tabs.currentChanged.connect(self._view_changed)
            for model in (self.daily_views.soon_model, self.daily_views.overdue_model):
                model.ids_loaded.connect(lambda _n: self._show_count())
            self._add_daily_menu(self.daily_views)
        splitter.addWidget(self.view_tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 340])  # at 1366 px every register column fits beside the pane
        outer.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel(self)
        self.busy_label = QLabel(self)
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        from qlvb_desktop.ui.sync import background  # issue 6: periodic sync, status in the bar

        self.sync = background.install(self, ctx, self.model.requery)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.model.ids_loaded.connect(self._on_ids_loaded)
        if not self.ui_state.restore_geometry(self, "main_window"):
            fit_to_screen(self, 1280, 720)

        self.ops.read(ctx.register.books, self._books_arrived, owner=self)
        self.apply_filters()
        if self.daily_views is not None:
            self.daily_views.requery()
        first_run = ctx.station is not None and ctx.station.needs_first_run() and self.settings_flow is not None
        if ctx.startup_notice is not None:  # a damaged settings file was set aside (issue 12)
            notice = ctx.startup_notice
            QTimer.singleShot(0, lambda: self.show_notice(notice, then_first_run=first_run))
        elif first_run and self.settings_flow is not None:
            QTimer.singleShot(0, self.settings_flow.open_first_run)

    # --- building -----------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.new_action = QAction(self.tr("Vào sổ văn bản mới…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.open_form)
        self.edit_action = QAction(self.tr("Sửa văn bản đang chọn…"), self)
        self.edit_action.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_action.triggered.connect(lambda: self.detail.ask_edit())
        self.find_action = QAction(self.tr("Tìm"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.print_action = QAction(self.tr("In sổ đăng ký…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.open_print)
        self.settings_action = QAction(self.tr("Cài đặt…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.refresh_action = QAction(self.tr("Làm mới"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.model.requery)
        self.quit_action = QAction(self.tr("Thoát"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)

        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        register_menu = self.menuBar().addMenu(self.tr("&Văn bản"))
        register_menu.addAction(self.new_action)
        self.intake_action = add_intake_action(
            self, register_menu, self.ctx.paper_intake, self.ops.changed.emit, casefiles=self.ctx.casefiles
        )
        register_menu.addAction(self.edit_action)
        register_menu.addAction(self.find_action)
        register_menu.addAction(self.refresh_action)
        self.register_menu = register_menu
        settings_menu = self.menuBar().addMenu(self.tr("&Cài đặt"))
        settings_menu.addAction(self.settings_action)
        self.toolbar = toolbar = self.addToolBar(self.tr("Thao tác"))

        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action, name in (
            (self.new_action, "new"), (self.intake_action, "intake"), (self.print_action, "print"),
            (self.refresh_action, "refresh"), (self.settings_action, "settings"), (self.edit_action, "edit"),
            (self.find_action, "find"),
        ):
            action.setIcon(icon(name))
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.intake_action)
        toolbar.addAction(self.print_action)
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.settings_action)

    def _add_daily_menu(self, views: DailyViews) -> None:
        """The daily lists' shortcuts under "Xem", the actions on a document under "Văn bản"."""
        view_menu = self.menuBar().addMenu(self.tr("&Xem"))
        self.menuBar().insertMenu(self.register_menu.menuAction(), view_menu)
        view_menu.addActions([views.register_action, views.soon_action, views.overdue_action])
        self.register_menu.addSeparator()
        self.register_menu.addActions([views.handled_action, views.slip_action])
        views.handled_action.setIcon(icon("handled"))
        views.slip_action.setIcon(icon("slip"))
        self.toolbar.insertActions(self.print_action, [views.handled_action, views.slip_action])

    def _view_changed(self, index: int) -> None:
        # The search box and filters belong to the register; the deadline lists have their own order.
        for widget in self._filter_widgets():
            widget.setEnabled(index == 0)
        self._show_count()

    def _show_count(self) -> None:
        """The number of documents in the list on screen."""
        table = self.view_tabs.currentWidget()
        model = table.model() if isinstance(table, QTableView) else self.model
        count = model.rowCount()
        self.count_label.setText(self.tr("{count} văn bản").format(count=f"{count:,}".replace(",", ".")))

    def _filter_widgets(self) -> list[QWidget]:
        return [self.search_edit, self.year_combo, self.book_combo, self.from_edit, self.to_edit,
                self.urgency_combo, self.status_combo]

    def _current_id(self) -> int | None:
        current = self.detail.current
        return current.id if current is not None else None

    def _build_search_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel(self.tr("Tìm:"), self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Trích yếu, tác giả, số ký hiệu, người ký, nơi nhận… (gõ có dấu hoặc không dấu)")
        )
        label.setBuddy(self.search_edit)
        row.addWidget(label)
        row.addWidget(self.search_edit, 1)
        return row

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        this_year = now_vn().year
        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("year_combo")
        self.year_combo.addItem(self.tr("Mọi năm"), None)
        for year in range(this_year, this_year - 10, -1):
            self.year_combo.addItem(str(year), year)
        self.book_combo = QComboBox(self)
        self.book_combo.setObjectName("book_combo")
        self.book_combo.addItem(self.tr("Mọi sổ"), None)
        self.from_edit = self._date_filter("date_from_edit", self.tr("Từ ngày: mọi"))
        self.to_edit = self._date_filter("date_to_edit", self.tr("Đến ngày: mọi"))
        self.urgency_combo = QComboBox(self)
        self.urgency_combo.setObjectName("urgency_combo")
        self.urgency_combo.addItem(self.tr("Mọi độ khẩn"), None)
        self.urgency_combo.addItem(self.tr("Mọi văn bản khẩn"), URGENT_ONLY)
        for urgency in (Urgency.HOA_TOC, Urgency.THUONG_KHAN, Urgency.KHAN, Urgency.NORMAL):
            self.urgency_combo.addItem(urgency_label(urgency), urgency.value)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("status_combo")
        self.status_combo.addItem(self.tr("Mọi trạng thái"), None)
        for status in Status:
            self.status_combo.addItem(status_label(status), status.value)
        for label, widget in (
            (self.tr("Năm"), self.year_combo),
            (self.tr("Sổ"), self.book_combo),
            (self.tr("Ngày đến"), self.from_edit),
            ("–", self.to_edit),
            (self.tr("Độ khẩn"), self.urgency_combo),
            (self.tr("Trạng thái"), self.status_combo),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addStretch(1)
        for combo in (self.year_combo, self.book_combo, self.urgency_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filters())  # a whole date typed, or emptied
        return row

    def _date_filter(self, name: str, empty_text: str) -> DateField:
        edit = DateField(self, placeholder=empty_text)
        edit.setObjectName(name)
        edit.setAccessibleName(empty_text)
        return edit

    def _build_table(self, parent: QWidget) -> QTableView:
        table = register_table(self.model, "register_table", parent)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setStretchLastSection(False)
        fit_register_columns(table, self.model, self._hidden_columns(), [state_label(s) for s in DeadlineState])
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self._column_menu(table, pos))
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)  # newest first, by order of registering
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_changed)
        table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_selected(cur.row()))
        return table

    def _hidden_columns(self) -> list[str]:
        return self.ui_state.words("register-hidden-columns", HIDDEN_BY_DEFAULT)

    def _column_menu(self, table: QTableView, pos: QPoint) -> None:
        """Right click on the header: which columns the register shows (remembered)."""
        menu = QMenu(self)
        menu.setObjectName("column_menu")
        hidden = set(self._hidden_columns())
        for column, key in enumerate(self.model.column_keys()):
            if key in ("arrival_number", "subject"):
                continue  # the number and the subject are what a row is
            action = menu.addAction(self.model.column_header(column))
            action.setCheckable(True)
            action.setChecked(key not in hidden)
            action.toggled.connect(lambda on, k=key: self._show_column(table, k, on))
        self.column_menu = menu
        menu.popup(table.horizontalHeader().mapToGlobal(pos))

    def _show_column(self, table: QTableView, key: str, shown: bool) -> None:
        hidden = [k for k in self._hidden_columns() if k != key] + ([] if shown else [key])
        self.ui_state.set_words("register-hidden-columns", hidden)
        table.horizontalHeader().setSectionHidden(self.model.column_keys().index(key), not shown)

    # --- filters and search -------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def current_query(self) -> SearchQuery:
        urgency_data = self.urgency_combo.currentData()
        status_data = self.status_combo.currentData()
        return SearchQuery(
            text=self.search_edit.text(),
            year=self.year_combo.currentData(),
            book=self.book_combo.currentData(),
            date_from=self.from_edit.date(),
            date_to=self.to_edit.date(),
            urgency=Urgency(urgency_data) if urgency_data not in (None, URGENT_ONLY) else None,
            urgent_only=urgency_data == URGENT_ONLY,
            status=Status(status_data) if status_data else None,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.current_query())

    def _sort_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if not self.model.is_sortable(column) and column >= 0:
            # A column the database cannot order by: keep the order the rows are in.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
            header.blockSignals(False)

    def _on_ids_loaded(self, count: int) -> None:
        self._show_count()
        wanted = self._select_after_query
        self._select_after_query = None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None:
            self.select_row(row)
        else:
            self.detail.show_id(None)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _row_selected(self, row: int) -> None:
        self.detail.show_id(self.model.registration_id(row))

    # --- refreshing from operations -----------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.added:
            self.model.requery()
        elif changes.registrations:
            self.model.refresh(changes.registrations)
        current = self.detail.current
        if current is not None and current.id in changes.registrations:
            self.detail.show_id(current.id)
        if changes.settings:
            self._update_title()
        if self.daily_views is not None:
            self.daily_views.on_changed(changes)

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Đang làm việc…") if busy else "")

    def _books_arrived(self, books: list[Book]) -> None:
        self.books = books
        self.detail.set_books(books)
        for book in books:
            if book.direction == "incoming":
                self.book_combo.addItem(book.name, book.code)

    def _update_title(self) -> None:
        name = self.ctx.organization.name
        title = self.tr("Sổ đăng ký văn bản đến")
        self.setWindowTitle(f"{title} — {name}" if name else title)

    # --- actions ------------------------------------------------------------------------------

    def open_form(self) -> None:
        if self.form is not None:
            self.form.raise_()
            self.form.activateWindow()
            return
        form = RegistrationForm(
            self.ctx.register, self.ops, self.books, self, state=self.ui_state, directory=self.ctx.issuer_names
        )
        form.setObjectName("registration_form")
        form.registered.connect(self._registered)
        form.finished.connect(lambda _r: self._form_closed(form))
        self.form = form
        form.open()

    def open_edit(self, reg: Registration, closure: Closure | None) -> None:
        """The form filled from `reg`: an edit with audit, or a dated correction when its period
        is closed (SPEC §3)."""
        if self.form is not None:
            self.form.raise_()
            self.form.activateWindow()
            return
        form = RegistrationForm(
            self.ctx.register, self.ops, self.books, self, editing=reg, closure=closure, state=self.ui_state,
            directory=self.ctx.issuer_names,
        )
        form.setObjectName("registration_form")
        form.edited.connect(lambda new: self._edited(reg, new))
        form.finished.connect(lambda _r: self._form_closed(form))
        self.form = form
        form.open()

    def _edited(self, old: Registration, new: Registration) -> None:
        if new.id == old.id:
            message = self.tr("Đã sửa văn bản số đến {number}/{year}.")
        else:
            message = self.tr("Đã vào sổ bản đính chính: số đến {number}/{year}.")
            self._select_after_query = new.id
        self.statusBar().showMessage(message.format(number=new.arrival_number, year=new.year), 8000)
        if self.detail.current is not None and self.detail.current.id == new.id:
            self.detail.show_registration(new)

    def _form_closed(self, form: RegistrationForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def _registered(self, reg: Registration) -> None:
        self._select_after_query = reg.id
        self.statusBar().showMessage(
            self.tr("Đã vào sổ: số đến {number}.").format(number=arrival_label(reg.arrival_number, reg.year)),
            8000,
        )

    def open_print(self) -> None:
        dialog = PrintDialog(self.books, self.ctx.data_dir / "in-so", self)
        dialog.setObjectName("print_dialog")
        dialog.accepted.connect(lambda: self._print(dialog))
        dialog.finished.connect(lambda _r: self._dialog_closed("print_dialog", dialog))
        self.print_dialog = dialog
        dialog.open()

    def _print(self, dialog: PrintDialog) -> None:
        reports = self.ctx.reports
        organization = self.ctx.organization
        year, book, start, end, out = (
            dialog.year(),
            dialog.book(),
            dialog.date_from(),
            dialog.date_to(),
            dialog.out_path(),
        )

        def job() -> object:
            out.parent.mkdir(parents=True, exist_ok=True)
            report = reports.book_report(organization, year, book=book, date_from=start, date_to=end)
            return reports.print_book(report, out)

        self.statusBar().showMessage(self.tr("Đang in sổ…"))
        self.ops.read(job, lambda path: self._printed(out), owner=self)

    def _printed(self, path: object) -> None:
        self.statusBar().clearMessage()
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("In sổ"), "", QMessageBox.StandardButton.NoButton, self
        )
        box.setObjectName("printed_box")
        box.setText(self.tr("Đã in sổ ra tệp {path}.").format(path=path))
        paper_button = box.addButton(self.tr("In ra giấy…"), QMessageBox.ButtonRole.AcceptRole)
        paper_button.setObjectName("paper_button")
        open_button = box.addButton(self.tr("Mở tệp"), QMessageBox.ButtonRole.ActionRole)
        close_button = box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(paper_button)
        box.setEscapeButton(close_button)

        def done() -> None:
            if box.clickedButton() is open_button:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            elif box.clickedButton() is paper_button:
                self.print_on_paper(Path(str(path)), self.tr("Sổ đăng ký văn bản đến"))
            self._dialog_closed("message_box", box)

        box.finished.connect(lambda _r: done())
        self.message_box = box
        box.open()

    def print_on_paper(self, pdf: Path, title: str) -> None:
        """The print preview of `pdf` (printer, pages, copies), once its pages are rendered."""
        self.print_job = PrintJob(self, self.ops, pdf, title, opened=lambda d: setattr(self, "print_preview", d))

    def open_settings(self) -> None:
        if self.settings_flow is not None:
            self.settings_flow.open_settings()
            return
        dialog = SettingsDialog(self.ctx.organization, self.ctx.language, self)
        dialog.setObjectName("settings_dialog")
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        dialog.finished.connect(lambda _r: self._dialog_closed("settings_dialog", dialog))
        self.settings_dialog = dialog
        dialog.open()

    def _save_settings(self, dialog: SettingsDialog) -> None:
        organization, language = dialog.organization(), dialog.language()
        save = self.ctx.save_settings

        def saved(_result: object) -> None:
            self.ctx.organization = organization
            self.ctx.language = language

        self.ops.write(
            lambda: save(organization, language), lambda _r: OpChanges(settings=True), saved, owner=self
        )

    def _dialog_closed(self, attribute: str, dialog: QWidget) -> None:
        if getattr(self, attribute) is dialog:
            setattr(self, attribute, None)
        dialog.deleteLater()

    # --- errors and closing -------------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Không thực hiện được"),
            error_text(exc),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("error_box")
        details = error_details(exc)
        if details:
            box.setDetailedText(details)
        box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.finished.connect(lambda _r: self._dialog_closed("message_box", box))
        self.message_box = box
        box.open()

    def show_notice(self, problem: EnvironmentProblem, *, then_first_run: bool = False) -> None:
        """What happened at start that the clerk must know (a damaged settings file set aside);
        the first-run settings follow once it is closed when the defaults left them empty."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Cài đặt"), error_text(problem), QMessageBox.StandardButton.NoButton, self
        )
        box.setObjectName("notice_box")
        box.addButton(self.tr("Đã hiểu"), QMessageBox.ButtonRole.AcceptRole)

        def closed() -> None:
            self._dialog_closed("message_box", box)
            if then_first_run and self.settings_flow is not None:
                self.settings_flow.open_first_run()

        box.finished.connect(lambda _r: closed())
        self.message_box = box
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ui_state.save_geometry(self, "main_window")
        self.ops.shutdown()
        self.sync.stop()
        super().closeEvent(event)
