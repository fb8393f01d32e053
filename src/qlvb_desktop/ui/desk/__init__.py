"""The desk's GUI (issue 7): the "Văn bản điện tử" menu with electronic intake, outgoing issue,
refused documents and the outgoing register. `install_desk_menu` is the main window's only hook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu


class DeskMenu(QObject):
    """Owns the menu's actions and the dialogs they open; accepts PDFs and folders dropped on
    the window (electronic intake)."""

    def __init__(self, window: QMainWindow, desk: Any, on_registered: Any = None) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.on_registered = on_registered
        self.dialogs: dict[str, Any] = {}
        self.menu = QMenu(self.tr("Văn bản đ&iện tử"), window)
        self.menu.setObjectName("desk_menu")
        self.open_action = self._action(self.tr("&Nhận văn bản điện tử (PDF)…"), "Ctrl+Shift+E", self.open_files)
        self.folder_action = self._action(self.tr("Nhận cả &thư mục PDF…"), "Ctrl+Shift+D", self.open_folder)
        self.menu.addSeparator()
        self.outgoing_action = self._action(self.tr("&Phát hành văn bản đi…"), "Ctrl+Shift+O", self.open_outgoing)
        self.register_action = self._action(self.tr("&Sổ văn bản đi…"), "Ctrl+Shift+B", self.open_register)
        self.menu.addSeparator()
        self.refused_action = self._action(self.tr("Văn bản đã &từ chối…"), "Ctrl+Shift+R", self.open_refused)
        if getattr(desk, "exchange", None) is not None:  # edXML packages between organizations (issue 15)
            self.menu.addSeparator()
            self.exchange_action = self._action(
                self.tr("Văn bản &liên thông (edXML)…"), "Ctrl+Shift+L", self.open_exchange
            )
        window.menuBar().addMenu(self.menu)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def _action(self, text: str, shortcut: str, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        self.window.addAction(action)  # shortcuts work whatever has focus
        return action

    # --- electronic intake ----------------------------------------------------------------------

    def open_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Chọn văn bản điện tử"), str(Path.home()), self.tr("Tệp PDF (*.pdf)")
        )
        if names:
            self.receive([Path(n) for n in names])

    def open_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self.window, self.tr("Chọn thư mục văn bản điện tử"), str(Path.home()))
        if name:
            self.receive([Path(name)])

    def receive(self, paths: list[Path]) -> Any:
        from qlvb_desktop.ui.desk.intake import ElectronicIntakeDialog

        dialog = self.dialogs.get("intake")
        if dialog is not None and dialog.isVisible():
            dialog.add_files(paths)
        else:
            dialog = ElectronicIntakeDialog(self.desk, paths, self.window, self.on_registered)
            self.dialogs["intake"] = dialog
            dialog.show()
        _bring_forward(dialog)
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.Drop):  # (installed on the window only)
            drag: Any = event  # a QDragEnterEvent or QDropEvent
            paths = self._dropped(drag)
            if paths:
                drag.acceptProposedAction()
                if event.type() == QEvent.Type.Drop:
                    self.receive(paths)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _dropped(event: Any) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        return [p for p in paths if p.is_dir() or p.suffix.lower() == ".pdf"]

    # --- outgoing and lists ---------------------------------------------------------------------

    def _show(self, key: str, make: Any) -> Any:
        dialog = self.dialogs.get(key)
        if dialog is None or not dialog.isVisible():
            dialog = make()
            self.dialogs[key] = dialog
            dialog.show()
        _bring_forward(dialog)
        return dialog

    def open_outgoing(self) -> Any:
        from qlvb_desktop.ui.desk.outgoing import OutgoingWizard

        return self._show("outgoing", lambda: OutgoingWizard(self.desk, self.window))

    def open_register(self) -> Any:
        from qlvb_desktop.ui.desk.lists import OutgoingRegisterDialog

        return self._show("register", lambda: OutgoingRegisterDialog(self.desk, self.window))

    def open_refused(self) -> Any:
        from qlvb_desktop.ui.desk.lists import RefusedDialog

        return self._show("refused", lambda: RefusedDialog(self.desk, self.window))

    def open_exchange(self) -> Any:
        from qlvb_desktop.ui.exchange import ExchangeDialog

        def make() -> Any:
            dialog = ExchangeDialog(self.desk.exchange, self.window, self.on_registered,
                                    getattr(self.desk, "exchange_sender", None))
            sync = getattr(self.window, "sync", None)  # the background sync relays packages (issue 15)
            if sync is not None:
                sync.exchange_changed.connect(dialog.relayed)
            return dialog

        return self._show("exchange", make)


def _bring_forward(dialog: Any) -> None:
    if QGuiApplication.platformName() != "offscreen":  # (offscreen warns that it cannot raise)
        dialog.raise_()
        dialog.activateWindow()


def install_desk_menu(window: QMainWindow, desk: Any, on_registered: Any = None) -> DeskMenu | None:
    """Adds the "Văn bản điện tử" menu to the main window (nothing without a desk area)."""
    if desk is None:
        return None
    return DeskMenu(window, desk, on_registered)
