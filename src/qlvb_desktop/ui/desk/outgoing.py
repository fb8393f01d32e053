"""The outgoing issue wizard (issue 7, flow 3): open the PDF the leader signed → book and fields,
with the next number and today's date proposed → preview of where number, date and seal go
(drag to move) → PIN and signing in the background → saved under its SPEC §10 name and
recorded in the outgoing register.

The steps are controllers over one contract (`outgoing_steps.py`, `ui/wizard/step.py`), driven
by a `WizardController` that keeps the work in progress in `DATA/desk/outgoing-wip.json`. Nothing
slow runs on the GUI thread: verification, the register, rendering and the recovery file on the
window's operations, the token on its TOKEN lane; the number is taken only when the signature
succeeds (services/outgoing.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.ui.desk.common import desk_error_text, named
from qlvb_desktop.ui.desk.outgoing_steps import (
    FIELDS,
    DetailsStep,
    DoneStep,
    FileStep,
    OutgoingState,
    PreviewStep,
    SignStep,
)
from qlvb_desktop.ui.operations import DESK, TOKEN, Job, Operations, operations_of
from qlvb_desktop.ui.signing.dialog import GuiPinHandler
from qlvb_desktop.ui.wizard.step import JsonRecovery, WizardController

STEPS = ("file", "details", "preview", "sign", "done")


class OutgoingWizard(QDialog):
    """`desk` is the composition root's DeskArea (services and settings of this area)."""

    def __init__(self, desk: Any, parent: QWidget | None = None, ops: Operations | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.service = desk.outgoing
        self.setObjectName("outgoing_wizard")
        self.setWindowTitle(self.tr("Phát hành văn bản đi"))
        self._owns_ops = ops is None and parent is None  # made on its own (tests): shut down with it
        self.ops = ops if ops is not None else operations_of(parent) if parent is not None else Operations()
        self.state = OutgoingState()
        self.job: Job | None = None  # the signing
        self.handler: GuiPinHandler | None = None

        layout = QVBoxLayout(self)
        self.step_label = named(QLabel(), "step_label")
        self.step_label.setStyleSheet("font-weight: bold; font-size: 12pt;")
        layout.addWidget(self.step_label)
        self.stack = named(QStackedWidget(), "steps")
        layout.addWidget(self.stack, 1)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.back_button = named(QPushButton(self.tr("< &Quay lại")), "back_button")
        self.next_button = named(QPushButton(self.tr("&Tiếp >")), "next_button")
        self.cancel_button = named(QPushButton(self.tr("Đóng")), "cancel_button")
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.close)

        self.file = FileStep(self)
        self.details = DetailsStep(self)
        self.preview = PreviewStep(self)
        self.signing_step = SignStep(self)
        self.finished_step = DoneStep(self)
        self.file.open_button.clicked.connect(self.choose_file)
        self.finished_step.open_folder_button.clicked.connect(self._open_folder)
        self.finished_step.another_button.clicked.connect(self.restart)
        # Work in progress, kept at every step so a crash or power cut brings the clerk back here
        self.wip_path = Path(desk.data_dir) / "desk" / "outgoing-wip.json"
        self.steps = WizardController(
            [self.file, self.details, self.preview, self.signing_step, self.finished_step],
            self.stack,
            self.state,
            self.ops,
            recovery=JsonRecovery(self.wip_path),
            snapshot=lambda state, step: state.snapshot(step),
            lane=DESK,
            owner=self,
        )
        self.steps.entered.connect(self._entered)
        self.steps.problem.connect(lambda _step, text: self.show_problem(text))
        self.steps.saveFailed.connect(lambda exc: self.show_problem(desk_error_text(exc)))
        # Enter means "the obvious next action" only: no other button is clicked by it.
        for b in self.findChildren(QPushButton):
            b.setAutoDefault(False)
        self.resize(920, 680)
        self.steps.go("file")
        self._resume: dict[str, Any] | None = None
        self._next_asked = 0  # the latest Enter waiting for the proposed number (see `next`)
        # The books first (the fields step needs them), then what a crash left behind.
        self.ops.read(self.service.books, self._books_read, self._books_failed, owner=self)

    # --- navigation -----------------------------------------------------------------------------

    def step(self) -> str:
        return self.steps.current().name

    @property
    def number_at_mm(self) -> tuple[float, float]:
        return self.state.number_at_mm

    @property
    def seal_offset_mm(self) -> tuple[float, float]:
        return self.state.seal_offset_mm

    @property
    def issued(self) -> Any:
        return self.state.issued

    def show_problem(self, text: str) -> None:
        self.message.setText(text)

    def _entered(self, step: str) -> None:
        titles = {
            "file": self.tr("Bước 1/4: Văn bản lãnh đạo đã ký"),
            "details": self.tr("Bước 2/4: Sổ, số và thông tin văn bản"),
            "preview": self.tr("Bước 3/4: Vị trí số, ngày và con dấu"),
            "sign": self.tr("Bước 4/4: Ký số của cơ quan"),
            "done": self.tr("Đã phát hành"),
        }
        self.step_label.setText(titles[step])
        if step != "preview":  # the preview may have said already that the seal image is missing
            self.message.setText("")
        self.back_button.setEnabled(step in ("details", "preview", "sign"))
        self.next_button.setVisible(step != "done")
        self.next_button.setText(self.tr("&Ký số và cấp số") if step == "sign" else self.tr("&Tiếp >"))
        self.next_button.setDefault(True)
        self.cancel_button.setText(self.tr("Đóng") if step == "done" else self.tr("Hủy"))
        if step == "file":
            self.next_button.setEnabled(self.state.leader is not None)
        elif step != "sign":  # the sign step enables it once the token is found
            self.next_button.setEnabled(True)
        if step == "done":
            self.steps.clear()

    def back(self) -> None:
        if self.job is not None and self.job.running():
            return
        self._next_asked += 1  # a wait for the proposed number (below) is dropped
        self.steps.back()

    def next(self) -> None:
        if self.step() == "sign":
            self.sign()
        elif self.step() == "details" and self.details.proposal_pending():
            # Enter while the next number is still being read: go on by itself once it is
            # known (or say why it cannot be given), not "press again".
            self.message.setText(self.tr("Đang lấy số đề xuất; sẽ tự sang bước sau khi có số."))
            self._next_asked += 1
            asked = self._next_asked
            self.details.when_proposed(lambda: self._next_when_proposed(asked))
        elif self.step() != "done":
            self.message.setText("")
            self.steps.next()

    def _next_when_proposed(self, asked: int) -> None:
        """The proposal asked for when the clerk pressed Enter is answered: go on, unless the
        clerk went back or pressed again meanwhile (the latest press waits for its own)."""
        if asked == self._next_asked and self.step() == "details":
            self.next()

    def restart(self) -> None:
        self.steps.clear()
        # The next document of the day: book, type, signer, recipients stay as they were; the
        # subject and the placements are this document's own.
        kept = {k: getattr(self.state, k) for k in FIELDS if k != "subject"}
        self.state.reset()
        self.state.restore(kept)
        self.file.clear()
        self.steps.go("file")

    # --- step 1: the leader's file --------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn văn bản lãnh đạo đã ký"), str(Path.home()), self.tr("Tệp PDF (*.pdf)")
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        self.state.src, self.state.leader = path, None
        self.next_button.setEnabled(False)
        self.file.verify(path, self._verified, self._verify_failed)

    def _verified(self, result: Any) -> None:
        _report, place = result
        self.state.leader = place
        self.next_button.setEnabled(place is not None)
        if self.step() == "file":
            self.next_button.setFocus()
        resume, self._resume = self._resume, None
        if resume and place is not None:
            self._apply_wip(resume)

    def _verify_failed(self, exc: BaseException) -> None:
        self.message.setText(desk_error_text(exc))
        self.state.leader = None
        self.next_button.setEnabled(False)

    def _nudge(self, dx: float, dy: float, seal: bool) -> None:
        self.preview.nudge(dx, dy, seal)

    # --- step 4: PIN and signing ----------------------------------------------------------------

    def _prepare_sign(self) -> None:
        self.signing_step.enter(self.state)

    def sign(self) -> None:
        step = self.signing_step
        pin = step.pin_edit.text()
        problem = step.validate()
        step.pin_edit.clear()
        if self.job is not None and self.job.running() and self.handler is not None:
            # a retry after a wrong PIN
            step.pin_edit.setEnabled(False)
            self.next_button.setEnabled(False)
            self.handler.supply(pin)
            return
        if problem:
            step.pin_message.setText(problem)
            return
        draft, src = self.state.draft, self.state.src
        if draft is None or src is None:
            return
        step.pin_message.setText("")
        self.message.setText("")
        step.pin_edit.setEnabled(False)
        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.handler = GuiPinHandler()
        self.handler.pinNeeded.connect(step.wrong_pin)
        self.handler.supply(pin)
        spec = self.desk.sign_spec(seal_offset_mm=self.state.seal_offset_mm, number_at_mm=self.state.number_at_mm)
        handler, service = self.handler, self.service

        def work(job: Job) -> Any:
            handler.cancel_token = job.cancel  # a window shutting down ends a waiting PIN prompt
            return service.issue(
                src, draft, spec, handler, cancelled=lambda: job.cancel.cancelled,
                stage=lambda name: job.deliver(step.stage, name),
            )

        self.job = self.ops.run(
            work, lane=TOKEN, on_success=self._signed, on_failure=self._sign_failed, owner=self
        )
        step.stage("verify")

    def _signed(self, issued: Any) -> None:
        self.state.issued = issued
        self.job = None
        self.handler = None
        self.steps.go("done")

    def _sign_failed(self, exc: BaseException) -> None:
        self.job = None
        self.handler = None
        step = self.signing_step
        step.progress.setValue(0)
        step.stage_label.setText("")
        self.message.setText(desk_error_text(exc))
        step.pin_edit.setEnabled(True)
        self.next_button.setEnabled(True)
        self.back_button.setEnabled(True)
        step.pin_edit.setFocus()

    def _open_folder(self) -> None:
        if self.state.issued is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.state.issued.path.parent)))

    # --- work in progress -----------------------------------------------------------------------

    def _books_read(self, books: list[Any]) -> None:
        self.details.set_books(books)
        recovery = JsonRecovery(self.wip_path)

        def load(_job: Job) -> dict[str, Any] | None:
            data = recovery.load()
            if data is not None and not Path(str(data.get("src", ""))).is_file():
                recovery.clear()  # the leader's file is gone: nothing to come back to
                return None
            return data

        self.ops.run(load, lane=DESK, on_success=self._wip_loaded, owner=self)

    def _books_failed(self, exc: BaseException) -> None:
        self.show_problem(desk_error_text(exc))

    def _wip_loaded(self, data: dict[str, Any] | None) -> None:
        """Back at the step the clerk was at before a crash, with what was typed (the leader's
        signature is checked again on the way)."""
        if data is None or self.state.src is not None:
            return
        self._resume = data
        self.open_file(Path(str(data["src"])))

    def _apply_wip(self, data: dict[str, Any]) -> None:
        self.state.restore(data)
        self.steps.go("details")
        target = data.get("step")

        def go_on() -> None:  # past the details only once the number is known (a leased one left)
            if target in ("preview", "sign") and self.step() == "details":
                self.steps.next()
            if target == "sign" and self.step() == "preview":
                self.steps.next()

        self.details.when_proposed(go_on)

    # --- closing --------------------------------------------------------------------------------

    def signing(self) -> bool:
        return self.job is not None and self.job.running() and self.step() == "sign"

    def closeEvent(self, event: Any) -> None:
        if self.signing():
            answer = QMessageBox.question(
                self,
                self.tr("Đang ký số"),
                self.tr("Đang ký số văn bản. Dừng lại? Văn bản chưa được cấp số nếu chữ ký chưa xong."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.cancel_signing()
        if self.step() != "done":
            self.steps.clear()  # the clerk closed it: nothing to bring back
        if self._owns_ops:
            self.ops.shutdown()  # its own lanes: the clear above is done when this returns
        super().closeEvent(event)

    def reject(self) -> None:
        if self.signing():
            self.close()
            return
        super().reject()

    def cancel_signing(self) -> None:
        """Stops before the number is taken if the signature has not started; a signature
        already under way finishes (and is recorded) rather than leaving a half-issued document."""
        if self.job is not None:
            self.job.cancel.cancel()
        if self.handler is not None:
            self.handler.cancel()
