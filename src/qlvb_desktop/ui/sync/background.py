"""Periodic background sync while the window is open: the worker (services.sync.SyncWorker)
syncs in its own thread every Settings.sync_interval_s; this puts its status in the status bar,
re-reads the register when a sync changed it, tells an open exchange dialog when edXML
packages came or went (the same sync relays them, issue 15), and takes a new worker (`ctx.make_sync_worker`)
when the settings changed, e.g. after a login on the settings dialog's server tab (the old one is
stopped on the `SYNC` lane of the window's one operations mechanism: its last network call may
take a while to end). Without a
stored login (no keyring) the status bar says why the password is needed. The main window calls
`install` once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from qlvb_desktop.services.sync import SyncWorker
from qlvb_desktop.ui.context import GuiContext
from qlvb_desktop.ui.operations import SYNC, operations_of
from qlvb_desktop.ui.sync.status_widget import SyncStatusWidget


class BackgroundSync(QObject):
    # edXML packages came in or went out (issue 15): an open exchange dialog reads its lists again
    exchange_changed = Signal()

    def __init__(self, window: QMainWindow, ctx: GuiContext, on_changed: Callable[[], None]) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.worker: SyncWorker | None = None
        self._on_changed = on_changed
        self._generation = 0
        self._exchange_generation = 0
        self.widget = SyncStatusWidget(self._snapshot, parent=window, configured=ctx.sync is not None)
        window.statusBar().addPermanentWidget(self.widget)
        self.widget.sync_requested.connect(self._sync_now)
        self.widget.acknowledge_requested.connect(self._acknowledge)
        self.widget.timer.timeout.connect(self._check_changes)
        self.ops = operations_of(window)
        # a login on the settings dialog is a settings change
        self.ops.changed.connect(lambda changes: self.settings_changed() if changes.settings else None)
        if ctx.sync_login_reason is not None:
            self.widget.login_hint = self._hint(ctx.sync_login_reason)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        if ctx.sync is not None:
            self._use(ctx.sync)

    def _hint(self, why: str) -> str:
        if why:
            return self.tr(
                "Máy này không có kho khóa để lưu phiên đăng nhập (%1); hãy đăng nhập lại ở Cài đặt › Máy chủ."
            ).replace("%1", why)
        return self.tr("Chưa có phiên đăng nhập máy chủ; hãy đăng nhập ở Cài đặt › Máy chủ.")

    def _snapshot(self) -> Any:
        return self.worker.snapshot() if self.worker is not None else None

    def _use(self, worker: SyncWorker) -> None:
        self.worker = worker
        self._generation = worker.generation
        self._exchange_generation = worker.exchange_generation
        self.widget._configured = True
        QTimer.singleShot(0, worker.start)  # once the window is up

    def settings_changed(self) -> None:
        """The settings were saved (a login, a new server): sync with what they say now."""
        make = self.ctx.make_sync_worker
        if make is None:
            return
        worker = make()
        if worker is None:
            return
        old = self.worker
        if old is not None:  # its thread may be inside a network call: joined off the GUI thread
            self.ops.run(lambda _job: old.stop(), lane=SYNC, owner=self)
        self.widget.login_hint = ""
        self._use(worker)

    def _sync_now(self) -> None:
        if self.worker is not None:
            self.worker.sync_now()

    def _acknowledge(self) -> None:
        if self.worker is not None:
            self.worker.acknowledge()

    def _check_changes(self) -> None:
        if self.worker is not None and self.worker.generation != self._generation:
            self._generation = self.worker.generation
            self._on_changed()
        if self.worker is not None and self.worker.exchange_generation != self._exchange_generation:
            self._exchange_generation = self.worker.exchange_generation
            self.exchange_changed.emit()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()


def install(window: QMainWindow, ctx: GuiContext, on_changed: Callable[[], None]) -> BackgroundSync:
    return BackgroundSync(window, ctx, on_changed)
