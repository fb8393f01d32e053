"""The signing dialog: token status, certificate, PIN, batch progress and per-file results.

The batch runs on the TOKEN lane of the window's operations (`ui/operations.py`: one batch or
issue at a time; the PKCS#11 thread itself belongs to the signer); the PIN goes
to it through `GuiPinHandler`, which holds it in memory only until the token has it. A wrong PIN
brings the dialog back to the PIN field with how many tries remain, when the token says.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.capture import CancelToken
from qlvb_desktop.domain.signing import PIN_STATE_WARNINGS
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import TOKEN, Job, operations_of

# start_batch(pin_handler, progress) -> BatchResult; progress(done, total, file_result)
StartBatch = Callable[[Any, Callable[[int, int, Any], None]], Any]


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """objectName in snake_case, as the tests and style sheets find widgets."""
    widget.setObjectName(name)
    return widget


class GuiPinHandler(QObject):
    """PinHandler for the token thread; asks the dialog on the GUI thread and waits."""

    pinNeeded = Signal(object, bool)

    def __init__(self) -> None:
        super().__init__()
        self._pin: str | None = None
        self._ready = threading.Event()
        self._first = True
        self.cancelled = False
        # The job's cancel token (Operations.run): a window shutting down ends a waiting prompt.
        self.cancel_token: CancelToken | None = None

    def supply(self, pin: str | None) -> None:
        self._pin = pin
        self._ready.set()

    def cancel(self) -> None:
        """The clerk cancelled: a waiting prompt ends, and the token reports a cancel even after
        a wrong PIN."""
        self.cancelled = True
        self.supply(None)

    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        if not self._first:
            self._ready.clear()
            self.pinNeeded.emit(tries_left, last_try)
        self._first = False
        while not self._ready.wait(0.2):
            if self.cancel_token is not None and self.cancel_token.cancelled:
                return None  # as the clerk's cancel
        pin, self._pin = self._pin, None  # never kept once handed over
        return pin

    def wrong_pin(self, tries_left: int | None, low: bool) -> None:
        """The next get_pin call shows the warning; nothing to do here."""


class SigningDialog(QDialog):
    def __init__(
        self,
        files: list[Path],
        start_batch: StartBatch,
        token_info: dict[str, Any] | None = None,
        token_problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signing_dialog")
        self.setWindowTitle(self.tr("Ký số của cơ quan"))
        self.files = files
        self.start_batch = start_batch
        self.result: Any = None
        self._job: Job | None = None
        self.handler = GuiPinHandler()
        self.handler.pinNeeded.connect(self._ask_again)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.token_status = _named(QLabel(), "token_status")
        self.certificate = _named(QLabel(), "certificate_details")
        self.certificate.setWordWrap(True)
        self.pin_edit = _named(QLineEdit(), "pin_edit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_message = _named(QLabel(), "pin_message")
        form.addRow(self.tr("USB token:"), self.token_status)
        form.addRow(self.tr("Chứng thư số:"), self.certificate)
        form.addRow(self.tr("Mã PIN:"), self.pin_edit)
        form.addRow("", self.pin_message)
        layout.addLayout(form)
        self.progress = _named(QProgressBar(), "progress")
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.table = _named(QTableWidget(len(files), 2), "results")
        self.table.setHorizontalHeaderLabels([self.tr("Tệp"), self.tr("Kết quả")])
        for row, f in enumerate(files):
            self.table.setItem(row, 0, QTableWidgetItem(f.name))
            self.table.setItem(row, 1, QTableWidgetItem(self.tr("Chờ ký")))
        layout.addWidget(self.table)
        self.summary = _named(QLabel(), "summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.sign_button = _named(
            QPushButton(self.tr("Ký {n} tệp").replace("{n}", str(len(files)))), "sign_button"
        )
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self.sign_button.clicked.connect(self._on_sign)
        self.close_button.clicked.connect(self._on_close)
        self.show_token(token_info, token_problem)

    def show_token(self, info: dict[str, Any] | None, problem: str = "") -> None:
        if info is None:
            self.token_status.setText(problem or self.tr("Chưa cắm USB token"))
            self.certificate.setText("")
            self.sign_button.setEnabled(False)
            return
        self.token_status.setText(
            f"{info.get('label', '')} — {info.get('manufacturer', '')} {info.get('model', '')}"
        )
        # locked / last try / few tries left: said before the clerk types (the token's flags)
        state = str(info.get("pin_state", ""))
        warning = PIN_STATE_WARNINGS.get(state)
        self.pin_message.setText(QCoreApplication.translate("Errors", warning) if warning else "")
        if state == "locked":
            self.certificate.setText("")
            self.sign_button.setEnabled(False)
            self.pin_edit.setEnabled(False)
            return
        # Before login a token hides its private keys: show the certificates that may sign.
        certs = [c for c in info.get("certificates", []) if c.get("digital_signature")]
        if certs:
            c = certs[0]
            issued_by, valid = self.tr("Cấp bởi"), self.tr("Hiệu lực")
            period = f"{c['not_before'][:10]} → {c['not_after'][:10]}"
            self.certificate.setText(f"{c['subject']}\n{issued_by}: {c['issuer']}\n{valid}: {period}")
        self.sign_button.setEnabled(True)

    # -- flow ------------------------------------------------------------------------------------

    def _on_sign(self) -> None:
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        if self._job is not None:  # a retry after a wrong PIN
            self.pin_edit.setEnabled(False)
            self.sign_button.setEnabled(False)
            self.handler.supply(pin)
            return
        if not pin:
            self.pin_message.setText(self.tr("Nhập mã PIN của USB token."))
            return
        self.pin_message.setText("")
        self.pin_edit.setEnabled(False)
        self.sign_button.setEnabled(False)
        self.handler.supply(pin)
        handler, start_batch = self.handler, self.start_batch

        def work(job: Job) -> Any:
            handler.cancel_token = job.cancel
            return start_batch(handler, lambda d, t, f: job.deliver(self._on_progress, d, t, f))

        self._job = operations_of(self).run(
            work,
            lane=TOKEN,
            on_success=self._on_finished,
            on_failure=lambda exc: self._on_failed(error_text(exc)),
            on_cancelled=lambda: self._on_failed(""),
            owner=self,
        )

    @Slot(object, bool)
    def _ask_again(self, tries_left: object, last_try: bool) -> None:
        text = self.tr("Mã PIN sai.")
        if tries_left is not None:
            text += " " + self.tr("Còn {n} lần thử.").replace("{n}", str(tries_left))
        if last_try:
            text += " " + self.tr("Cẩn thận: nhập sai nữa token sẽ bị khóa.")
        self.pin_message.setText(text)
        self.pin_edit.setEnabled(True)
        self.sign_button.setEnabled(True)
        self.sign_button.setText(self.tr("Thử lại"))
        self.pin_edit.setFocus()

    @Slot(int, int, object)
    def _on_progress(self, done: int, total: int, file_result: Any) -> None:
        self.progress.setValue(done)
        self._show_file(file_result)

    def _show_file(self, fr: Any) -> None:
        for row, f in enumerate(self.files):
            if f == fr.src:
                if fr.ok:
                    text = (
                        self.tr("Đã ký")
                        + f" ({fr.level})"
                        + (f" — {'; '.join(fr.notes)}" if fr.notes else "")
                    )
                else:
                    text = self.tr("Chưa ký") + f": {fr.message}"
                self.table.setItem(row, 1, QTableWidgetItem(text))

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.result = result
        for fr in result.files:
            self._show_file(fr)
        ok = sum(1 for f in result.files if f.ok)
        self.summary.setText(
            self.tr("Đã ký {ok}/{n} tệp.").replace("{ok}", str(ok)).replace("{n}", str(len(self.files)))
            + (f" {result.stopped}" if result.stopped else "")
        )
        self._job_ended()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.summary.setText(message)
        self.pin_edit.setEnabled(True)
        self.sign_button.setEnabled(True)
        self._job_ended()

    def _job_ended(self) -> None:
        self._job = None
        self.handler = GuiPinHandler()
        self.handler.pinNeeded.connect(self._ask_again)

    def _on_close(self) -> None:
        if self._job is not None:
            # A waiting PIN prompt ends as a cancel; a file being signed finishes on the lane
            # (its result is no longer shown: the dialog is gone).
            self.handler.cancel()
            self._job = None
        self.accept()
