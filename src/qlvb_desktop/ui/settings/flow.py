"""Opening the settings dialog and the first-run question from the main window, and saving
through the operations worker (the window stays responsive; errors come back as sentences)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.capture import ScannerProfile
from qlvb_desktop.ui.context import GuiContext, StationSettings
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import OpChanges, Operations
from qlvb_desktop.ui.settings.dialog import SettingsDialog
from qlvb_desktop.ui.settings.first_run import FirstRunDialog


def sentence_text(result: Any) -> str:
    """A Sentence (adapters.station) in the interface language."""
    template = QCoreApplication.translate("Errors", result.template)
    try:
        return str(template.format(**result.params))
    except (KeyError, IndexError, ValueError):
        return str(result.template.format(**result.params))


class SettingsFlow(QObject):
    def __init__(
        self, window: QWidget, ctx: GuiContext, station: StationSettings, ops: Operations,
        on_saved: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.station = station
        self.ops = ops
        self.on_saved = on_saved
        self.dialog: SettingsDialog | None = None
        self.first_run: FirstRunDialog | None = None

    # --- settings dialog --------------------------------------------------------------------

    def open_settings(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        station = self.station

        def load() -> tuple[dict[str, Any], list[Book], list[ScannerProfile]]:
            return station.values(), station.books(), station.scanner_profiles()

        self.ops.read(load, lambda result: self._show_dialog(*result), owner=self)

    def _show_dialog(self, values: dict[str, Any], books: list[Book], profiles: list[ScannerProfile]) -> None:
        if self.dialog is not None:
            return
        dialog = SettingsDialog(values, books, profiles, self.window)
        dialog.save_requested.connect(lambda payload: self._save(dialog, payload))
        dialog.token_test_requested.connect(lambda module, label: self._test_token(dialog, module, label))
        dialog.book_add_requested.connect(lambda name, secret: self._add_book(dialog, name, secret))
        dialog.server_page.login_requested.connect(
            lambda url, user, password, ca: self._login(dialog, url, user, password, ca)
        )
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: SettingsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _save(self, dialog: SettingsDialog, payload: dict[str, Any]) -> None:
        station = self.station
        values, profiles = payload["values"], payload["profiles"]

        def save() -> Any:
            station.save_scanner_profiles(profiles)
            return station.apply(values)

        def saved(_result: Any) -> None:
            self.ctx.organization = station.organization()
            self.ctx.language = str(values.get("language", self.ctx.language))
            self.on_saved()
            dialog.saved()

        self.ops.write(
            save,
            lambda _r: OpChanges(settings=True),
            saved,
            lambda exc: dialog.failed(error_text(exc), str(getattr(exc, "field", ""))),
            owner=dialog,
        )

    def _test_token(self, dialog: SettingsDialog, module: str, label: str) -> None:
        station = self.station
        self.ops.read(
            lambda: station.probe_token(module, label),
            lambda result: dialog.show_token_result(bool(result.ok), sentence_text(result)),
            lambda exc: dialog.show_token_result(False, error_text(exc)),
            owner=dialog,
        )

    def _login(self, dialog: SettingsDialog, url: str, user: str, password: str, ca_file: str) -> None:
        station = self.station
        page = dialog.server_page
        page.login_button.setEnabled(False)
        page.message.setText(QCoreApplication.translate("SettingsFlow", "Đang đăng nhập…"))

        def done(ok: bool, text: str) -> None:
            page.login_button.setEnabled(True)
            page.show_result(ok, text)

        self.ops.write(
            lambda: station.login(url, user, password, ca_file),
            lambda _r: OpChanges(settings=True),
            lambda result: done(bool(result.ok), sentence_text(result)),
            lambda exc: done(False, error_text(exc)),
            owner=dialog,
        )

    def _add_book(self, dialog: SettingsDialog, name: str, secret: bool) -> None:
        station = self.station

        def added(book: Book) -> None:
            dialog.show_book_result(
                True, QCoreApplication.translate("SettingsFlow", "Đã thêm sổ “{name}”.").format(name=book.name), book
            )

        self.ops.write(
            lambda: station.add_book(name, secret),
            lambda _b: OpChanges(settings=True),
            added,
            lambda exc: dialog.show_book_result(False, error_text(exc)),
            owner=dialog,
        )

    # --- first run --------------------------------------------------------------------------

    def open_first_run(self) -> None:
        if self.first_run is not None:
            return
        dialog = FirstRunDialog(self.window)
        dialog.name_chosen.connect(lambda name: self._save_name(dialog, name))
        dialog.finished.connect(lambda _r: self._first_run_closed(dialog))
        self.first_run = dialog
        dialog.open()

    def _first_run_closed(self, dialog: FirstRunDialog) -> None:
        if self.first_run is dialog:
            self.first_run = None
        dialog.deleteLater()

    def _save_name(self, dialog: FirstRunDialog, name: str) -> None:
        station = self.station
        values = {"organization": {**asdict(station.organization()), "name": name}}

        def saved(_result: Any) -> None:
            self.ctx.organization = station.organization()
            self.on_saved()
            dialog.saved()

        self.ops.write(
            lambda: station.apply(values),
            lambda _r: OpChanges(settings=True),
            saved,
            lambda exc: dialog.failed(error_text(exc)),
            owner=dialog,
        )
