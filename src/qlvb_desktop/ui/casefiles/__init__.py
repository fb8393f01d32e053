"""Case files and reports in the window (issue 17): the "Hồ sơ" menu. `install_casefiles_menu`
is the main window's only hook; the dialogs live in `dialog.py` and `ui/reports/statistics.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from qlvb_desktop.ui.operations import Operations


class CaseFilesMenu(QObject):
    def __init__(
        self, window: QMainWindow, casefiles: Any, reports: Any, ops: Operations,
        current_id: Callable[[], int | None],
    ) -> None:
        super().__init__(window)
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

    def open_statistics(self) -> Any:
        from qlvb_desktop.ui.reports.statistics import StatisticsDialog

        return self._show("statistics", lambda: StatisticsDialog(self.reports, self.casefiles, self.ops, self.window))


def install_casefiles_menu(
    window: QMainWindow, casefiles: Any, reports: Any, ops: Operations, current_id: Callable[[], int | None]
) -> CaseFilesMenu | None:
    """Adds the "Hồ sơ" menu (nothing when the composition root gave no case-file service)."""
    if casefiles is None or reports is None:
        return None
    return CaseFilesMenu(window, casefiles, reports, ops, current_id)
