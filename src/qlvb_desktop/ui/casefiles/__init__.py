"""Case files and reports in the window (issue 17): the "Hồ sơ" menu. `install_casefiles_menu`
is the main window's only hook; the dialogs live in `dialog.py` and `ui/reports/statistics.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import Operations

BATCH = 2000  # registrations loaded at a time while a list streams into the Excel file


class CaseFilesMenu(QObject):
    def __init__(
        self, window: QMainWindow, casefiles: Any, reports: Any, ops: Operations,
        current_id: Callable[[], int | None],
        register: Any = None,
        current_query: Callable[[], SearchQuery] | None = None,
    ) -> None:
        super().__init__(window)
        self.register = register
        self.current_query = current_query
        self.window = window
        self.casefiles = casefiles
        self.reports = reports
        self.ops = ops
        self.current_id = current_id
        self.dialogs: dict[str, Any] = {}
        self.menu = QMenu(self.tr("&Hồ sơ"), window)
        self.menu.setObjectName("casefiles_menu")
        self.casefiles_action = self._action(self.tr("&Hồ sơ, danh mục hồ sơ…"), "Ctrl+Shift+H", self.open_casefiles)
        self.statistics_action = self._action(self.tr("&Thống kê, báo cáo…"), "Ctrl+Shift+T", self.open_statistics)
        self.menu.addSeparator()
        self.export_action = self._action(
            self.tr("&Xuất danh sách đang xem ra Excel…"), "Ctrl+Shift+X", self.export_current
        )
        self.export_action.setEnabled(register is not None and current_query is not None)
        window.menuBar().addMenu(self.menu)

    def _action(self, text: str, shortcut: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        self.window.addAction(action)
        return action

    def _show(self, key: str, make: Callable[[], Any]) -> Any:
        dialog = self.dialogs.get(key)
        if dialog is None or not dialog.isVisible():
            dialog = make()
            self.dialogs[key] = dialog
            dialog.show()
        if QGuiApplication.platformName() != "offscreen":  # (offscreen warns that it cannot raise)
            dialog.raise_()
            dialog.activateWindow()
        return dialog

    def open_casefiles(self) -> Any:
        from qlvb_desktop.ui.casefiles.dialog import CaseFilesDialog, today_year

        return self._show("casefiles", lambda: CaseFilesDialog(
            self.casefiles, self.ops, self.current_id, today_year(), self.window))

    def export_current(self, path: Path | None = None) -> None:
        """The register as filtered and searched in the main window, to .xlsx (or .pdf): rows
        loaded a batch at a time in the read pool while the file is written."""
        if self.register is None or self.current_query is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Xuất danh sách ra Excel"), str(Path.home() / "danh-sach-van-ban.xlsx"),
                self.tr("Bảng tính hoặc PDF (*.xlsx *.pdf)"),
            )
            path = Path(name) if name else None
        if path is None:
            return
        query, register, reports, out = self.current_query(), self.register, self.reports, path
        described = self.tr("Tìm: {text}").format(text=query.text) if query.text else ""

        def job() -> tuple[Path, int]:
            ids = register.search(replace(query, limit=None))

            def rows() -> Iterator[Registration]:
                for start in range(0, len(ids), BATCH):
                    yield from register.get_many(ids[start:start + BATCH])

            return Path(reports.write([reports.search_table(rows(), described)], out)), len(ids)

        status = self.window.statusBar()
        status.showMessage(self.tr("Đang xuất danh sách…"))
        self.ops.read(
            job,
            lambda done: status.showMessage(
                self.tr("Đã xuất {n} văn bản ra {path}.").format(n=done[1], path=done[0]), 10_000),
            lambda exc: status.showMessage(error_text(exc), 10_000),
            owner=self,
        )

    def open_statistics(self) -> Any:
        from qlvb_desktop.ui.reports.statistics import StatisticsDialog

        return self._show("statistics", lambda: StatisticsDialog(self.reports, self.casefiles, self.ops, self.window))


def install_casefiles_menu(
    window: QMainWindow, casefiles: Any, reports: Any, ops: Operations, current_id: Callable[[], int | None],
    register: Any = None, current_query: Callable[[], SearchQuery] | None = None,
) -> CaseFilesMenu | None:
    """Adds the "Hồ sơ" menu (nothing when the composition root gave no case-file service)."""
    if casefiles is None or reports is None:
        return None
    return CaseFilesMenu(window, casefiles, reports, ops, current_id, register, current_query)
