"""The paper intake wizard: one window, one document after another (issue 7, flow 1).

capture -> pages -> fields -> register -> ĐẾN stamp -> SAO Y signature -> forward -> next.
Every service call runs on the wizard's own serialized lane of the window's operations
(`Operations.run(lane=INTAKE)`), so the saved state of a document is written in order, the window
never waits on disk, OCR, the database or the token, and a 10 s OCR never holds the window's own
writes; pictures are decoded and rendered there too (`images.py`). The clerk confirms a step
with Enter; the wizard measures how long each confirmation kept the clerk waiting (`waits`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.capture import CancelToken
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP
from qlvb_desktop.domain.vocab import Urgency
from qlvb_desktop.services.casefiles import CaseFileService
from qlvb_desktop.services.paper_intake import ORDER, PageRecord, PaperIntake, RememberedPin, Step, WipDocument
from qlvb_desktop.ui.capture.page_list import THUMB_HEIGHT  # one size for every page list
from qlvb_desktop.ui.completion import complete_from
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.intake.controllers import (
    CaptureController,
    FieldsController,
    ForwardController,
    IntakeStep,
    PagesController,
    RegisterController,
    SignController,
    StampController,
)
from qlvb_desktop.ui.intake.images import load_scaled
from qlvb_desktop.ui.intake.steps import (
    URGENT_RED,
    CaptureStep,
    FieldsStep,
    ForwardStep,
    PagesStep,
    RegisterStep,
    SignStep,
    StampStep,
)
from qlvb_desktop.ui.labels import arrival_label, urgency_label
from qlvb_desktop.ui.operations import Job, OpChanges, Operations, operations_of
from qlvb_desktop.ui.ui_state import UiState, fit_to_screen

FILES_FOLDER = "intake-files"  # the remembered folder of "Chọn tệp bản quét"
AUTO_ADVANCE = "intake-auto-advance"  # the flag of "Tự qua bước không cần kiểm tra"

STEP_TITLES = {
    Step.CAPTURE: QT_TRANSLATE_NOOP("IntakeWizard", "1. Quét"),
    Step.PAGES: QT_TRANSLATE_NOOP("IntakeWizard", "2. Trang"),
    Step.FIELDS: QT_TRANSLATE_NOOP("IntakeWizard", "3. Thông tin"),
    Step.REGISTER: QT_TRANSLATE_NOOP("IntakeWizard", "4. Vào sổ"),
    Step.STAMP: QT_TRANSLATE_NOOP("IntakeWizard", "5. Dấu ĐẾN"),
    Step.SIGN: QT_TRANSLATE_NOOP("IntakeWizard", "6. Ký sao y"),
    Step.FORWARD: QT_TRANSLATE_NOOP("IntakeWizard", "7. Chuyển"),
}
STEPS = [s for s in ORDER if s is not Step.DONE]
INTAKE = "intake"  # the wizard's lane: one document's steps in order, apart from the window's writes


def _t(text: str) -> str:
    return QCoreApplication.translate("IntakeWizard", text)


class IntakeWizard(QDialog):
    """`registered` is emitted with OpChanges after every registration (the register view refreshes)."""

    registered = Signal(object)

    def __init__(
        self,
        service: PaperIntake,
        token_text: str = "",
        parent: QWidget | None = None,
        *,
        state: UiState | None = None,
        book_names: dict[str, str] | None = None,
        ops: Operations | None = None,
        casefiles: CaseFileService | None = None,
    ) -> None:
        super().__init__(parent)
        self.casefiles = casefiles  # filing into a case file at the forward step (optional)
        self.ui_state = state  # the last folder of the file dialog
        self.book_names = book_names or {}  # "den" -> "Sổ văn bản đến": the clerk sees names
        self.setObjectName("intake_wizard")
        self.setWindowTitle(self.tr("Tiếp nhận văn bản giấy"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        self.service = service
        self.token_text = token_text or self.tr("USB token của cơ quan")
        if ops is None and parent is not None:
            ops = operations_of(parent)  # the window's: one mechanism, the wizard on its own lane
        self._owns_ops = ops is None  # made on its own (tests, the bench): shut down with it
        self.ops = ops if ops is not None else Operations(read_threads=1)
        if self._owns_ops:
            self.ops.on_error = self.show_error
        self.doc: WipDocument | None = None
        self.cancel_token: CancelToken | None = None
        self.pin = RememberedPin(lambda *ask: self.sign_ctl.pin_for_token(*ask))
        self.waits: list[tuple[str, float]] = []  # (step confirmed, seconds the clerk waited)
        self.background: list[tuple[str, float]] = []  # OCR and reading, while the clerk works
        self._wait_started: tuple[str, float] | None = None
        self._closing = False
        self._busy_what = ""
        self._last_page_doc: str | None = None
        self.shown_step = Step.CAPTURE
        self._jobs = 0
        self._proposal_wanted_for: str | None = None
        self._build()
        self._fit_to_screen()
        self.warmed = False
        self.run_step(self.tr("Đang chuẩn bị…"), lambda _t: self.service.warm_up(), self._warmed)
        self.ops.read(self.service.reopen, self._resume, owner=self)
        # "Chuyển cho": the units documents were forwarded to, most used first.
        register = self.service.register_service
        complete_from(self.forward_step.to_edit, self, self.ops, lambda: register.suggestions("to_places"))

    def _fit_to_screen(self) -> None:
        """1280 x 760 where there is room with the window's frame; maximized at 1366 x 768 or at
        200 % (the whole free screen as the window's own size put its buttons under the frame)."""
        fit_to_screen(self, 1280, 760)

    def _warmed(self, _result: object) -> None:
        # Everything alive now (Qt bindings, OpenCV, pyHanko...) stays alive: keep it out of the
        # collector's full passes, which hold the interpreter lock for hundreds of ms in a big
        # process whichever thread triggers them, and so froze the window.
        gc.freeze()
        self.warmed = True
        if self.status.text() == self.tr("Đang chuẩn bị…"):
            self.status.setText("")

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.step_bar = QHBoxLayout()
        self.step_labels: dict[Step, QLabel] = {}
        for step in STEPS:
            label = QLabel(_t(STEP_TITLES[step]), self)
            label.setObjectName(f"intake_stepbar_{step.value}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMargin(4)
            self.step_labels[step] = label
            self.step_bar.addWidget(label, 1)
        self.title = QLabel(self)
        self.title.setObjectName("intake_title")
        self.title.setWordWrap(True)
        self.urgency = QLabel(self)
        self.urgency.setObjectName("intake_urgency")
        self.urgency.setStyleSheet(
            f"QLabel {{ color: white; background: {URGENT_RED}; font-weight: bold; "
            "padding: 2px 8px; border-radius: 3px; }"
        )
        self.urgency.hide()
        head = QHBoxLayout()
        head.addWidget(self.urgency)
        head.addWidget(self.title, 1)

        self.stack = QStackedWidget(self)
        self.capture_step = CaptureStep(self)
        self.pages_step = PagesStep(self)
        self.fields_step = FieldsStep(self)
        self.register_step = RegisterStep(self)
        self.stamp_step = StampStep(self)
        self.sign_step = SignStep(self)
        self.forward_step = ForwardStep(self)
        self.pages_by_step: dict[Step, QWidget] = {
            Step.CAPTURE: self.capture_step,
            Step.PAGES: self.pages_step,
            Step.FIELDS: self.fields_step,
            Step.REGISTER: self.register_step,
            Step.STAMP: self.stamp_step,
            Step.SIGN: self.sign_step,
            Step.FORWARD: self.forward_step,
        }
        for widget in self.pages_by_step.values():
            self.stack.addWidget(widget)
        # One controller per step over the wizards' step contract (controllers.py).
        self.capture_ctl = CaptureController(self, self.capture_step)
        self.pages_ctl = PagesController(self, self.pages_step)
        self.fields_ctl = FieldsController(self, self.fields_step)
        self.register_ctl = RegisterController(self, self.register_step)
        self.stamp_ctl = StampController(self, self.stamp_step)
        self.sign_ctl = SignController(self, self.sign_step)
        self.forward_ctl = ForwardController(self, self.forward_step)
        self.controllers: dict[Step, IntakeStep] = {
            c.step: c
            for c in (
                self.capture_ctl, self.pages_ctl, self.fields_ctl, self.register_ctl, self.stamp_ctl,
                self.sign_ctl, self.forward_ctl,
            )
        }

        self.queue = QListWidget(self)
        self.queue.setObjectName("intake_queue")
        self.queue.setAccessibleName(self.tr("Văn bản đang chờ xử lý"))
        self.queue.setToolTip(self.tr("Văn bản khẩn lên đầu, tô đỏ. Nhấn đúp để chuyển sang văn bản đó."))
        self.queue.itemActivated.connect(self._switch_to_item)
        self.queue.setWordWrap(True)
        self.queue.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.queue.setSpacing(2)
        queue_box = QWidget(self)
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_caption = QLabel(self.tr("Hàng chờ:"), self)
        queue_caption.setBuddy(self.queue)
        queue_layout.addWidget(queue_caption)
        queue_layout.addWidget(self.queue, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(queue_box)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1000])
        splitter.setCollapsible(1, False)

        self.status = QLabel(self)
        self.status.setObjectName("intake_status")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("intake_progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Tiến độ"))
        # Shown only while a step works: an idle, empty bar looks like a text box to type in.
        # Its room is kept, so the buttons do not move when it comes and goes.
        keep_room = self.progress.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(keep_room)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Dừng (Esc)"), self)
        self.cancel_button.setObjectName("intake_cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setEnabled(False)
        self.back_button = QPushButton(self.tr("Quay lại (Alt+←)"), self)
        self.back_button.setObjectName("intake_back")
        self.back_button.setAutoDefault(False)
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.drop_button = QPushButton(self.tr("Bỏ văn bản này"), self)
        self.drop_button.setObjectName("intake_drop")
        self.drop_button.setAutoDefault(False)
        self.drop_button.setShortcut(QKeySequence("Ctrl+Shift+Delete"))
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("intake_next")
        self.next_button.setDefault(True)
        # Steps with nothing to check go on by themselves: pages with no blank or doubtful page,
        # the number just given, a stamp that found empty room, a signature with the PIN known.
        self.auto_check = QCheckBox(self.tr("Tự qua bước không cần kiểm tra"), self)
        self.auto_check.setObjectName("intake_auto_advance")
        self.auto_check.setToolTip(
            self.tr(
                "Bỏ qua trang không có gì cần xem, số đến vừa cấp, dấu ĐẾN đã có chỗ trống "
                "và chữ ký khi đã nhập PIN"
            )
        )
        state = self.ui_state
        self.auto_check.setChecked(state.flag(AUTO_ADVANCE, True) if state is not None else True)
        if state is not None:
            self.auto_check.toggled.connect(lambda on: state.set_flag(AUTO_ADVANCE, on))
        self.auto_check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bottom = QHBoxLayout()
        bottom.addWidget(self.auto_check)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.drop_button)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addLayout(self.step_bar)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.next_button.clicked.connect(self.confirm)
        self.back_button.clicked.connect(self.back)
        self.drop_button.clicked.connect(self.drop)
        self.cancel_button.clicked.connect(self.cancel_work)
        self.capture_step.filesRequested.connect(self.pick_files)
        self.capture_step.scanRequested.connect(self.scan)
        self.capture_step.refreshRequested.connect(self.refresh_devices)
        self.capture_step.rememberRequested.connect(self.remember_profile)
        self.pages_step.splitRequested.connect(lambda at: self.pages_ctl.split(at))
        for keys, slot in (("Ctrl+O", self.pick_files), ("F5", self.scan)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(400)
        self._dup_timer.timeout.connect(lambda: self.fields_ctl.check_duplicates())
        for name in ("number", "issuer", "issued_date"):
            self.fields_step.form.edits[name].textEdited.connect(lambda _t: self._dup_timer.start())
        self.show_step(Step.CAPTURE)

    # -- running work ----------------------------------------------------------------------

    def is_busy(self) -> bool:
        """A step's work is running (reads in the background, such as the queue, do not count)."""
        return self._jobs > 0

    def run_step(
        self,
        what: str,
        fn: Callable[[Job], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        waits: str = "",
    ) -> None:
        """Run `fn(job)` on the wizard's lane. `waits` names the confirmation the clerk is waiting on."""
        self._jobs += 1
        self._busy_changed(True)
        self._busy_what = what
        self.status.setText(what)
        self.progress.setRange(0, 0)
        self.progress.show()
        started = time.perf_counter()
        running: list[Job] = []  # filled below; callbacks always come later, on the GUI thread

        def done(result: Any) -> None:
            self._finished_job(running[0].cancel, waits, started)
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            self._finished_job(running[0].cancel, waits, started)
            if on_failure is not None:
                on_failure(exc)
            else:
                self.show_error(exc)

        def cancelled() -> None:
            self._finished_job(running[0].cancel, waits, started)
            self.status.setText(self.tr("Đã dừng. Văn bản được giữ ở bước này; làm tiếp khi sẵn sàng."))

        job = self.ops.run(
            fn, lane=INTAKE, on_success=done, on_failure=failed, on_cancelled=cancelled, owner=self
        )
        running.append(job)
        self.cancel_token = job.cancel

    def _finished_job(self, token: CancelToken, waits: str, started: float) -> None:
        self._jobs -= 1
        if self._jobs == 0:
            self._busy_changed(False)
        if self.cancel_token is token:
            self.cancel_token = None
        if waits:
            self.waits.append((waits, time.perf_counter() - started))
        if self._jobs == 0:
            self.progress.hide()

    def _busy_changed(self, busy: bool) -> None:
        # The next button stays enabled (a disabled button would lose the keyboard focus);
        # `confirm` ignores Enter while the step's work runs.
        self.cancel_button.setEnabled(busy)
        if not busy and self._closing:
            self._close_now()

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def cancel_work(self) -> None:
        if self.cancel_token is not None:
            self.cancel_token.cancel()
            self.status.setText(self.tr("Đang dừng…"))

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.is_busy():
                self.cancel_work()
            event.accept()  # Esc never closes the wizard by accident: close it with its button
            return
        super().keyPressEvent(event)

    def show_error(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.status.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Chưa làm được"), text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("intake_error_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.error_box = box

    # -- documents -------------------------------------------------------------------------

    def _step(self) -> Step:
        """The step on screen (a document's saved step can be ahead: captured pages resume at PAGES)."""
        return self.shown_step

    def _resume(self, pending: list[WipDocument]) -> None:
        self._fill_queue(pending)
        if pending:
            self.open_doc(pending[0])
            self.status.setText(
                self.tr("Làm tiếp {n} văn bản chưa xong từ lần trước.").format(n=len(pending))
                if self.doc is not None
                else ""
            )
        else:
            self.new_doc()

    def _fill_queue(self, pending: list[WipDocument]) -> None:
        self.queue.clear()
        for doc in pending:
            item = QListWidgetItem(self._queue_text(doc))
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            if doc.urgency.is_urgent:
                item.setForeground(QColor(URGENT_RED))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if self.doc is not None and doc.id == self.doc.id:
                item.setSelected(True)
            self.queue.addItem(item)

    def _queue_text(self, doc: WipDocument) -> str:
        title = doc.title or self.tr("{n} trang").format(n=len(doc.pages))
        head = _t(STEP_TITLES.get(doc.step, ""))
        if doc.urgency.is_urgent:
            head = urgency_label(doc.urgency).upper() + " · " + head
        return f"{head}\n{title}"

    def refresh_queue(self) -> None:
        self.ops.read(self.service.pending, self._fill_queue, owner=self)

    def _switch_to_item(self, item: QListWidgetItem) -> None:
        if self.is_busy():
            return
        wanted = item.data(Qt.ItemDataRole.UserRole)
        if self.doc is not None and wanted == self.doc.id:
            return
        self.ops.read(
            lambda: next((d for d in self.service.pending() if d.id == wanted), None),
            lambda doc: self.open_doc(doc) if doc is not None else None,
            owner=self,
        )

    def new_doc(self) -> None:
        def make(_job: Job) -> WipDocument:
            return self.service.new()

        self.capture_step.clear()
        self.run_step(self.tr("Chuẩn bị văn bản mới…"), make, self.open_doc)

    def open_doc(self, doc: WipDocument) -> None:
        """Show `doc` at its step (a resumed document comes back where it was)."""
        self.doc = doc
        self.update_head()
        step = doc.step
        if step is Step.DONE:
            self._next_document()
            return
        self.controllers[step].enter(doc)

    def update_head(self) -> None:
        doc = self.doc
        urgency = doc.urgency if doc is not None else Urgency.NORMAL
        self.urgency.setVisible(urgency.is_urgent)
        self.urgency.setText(urgency_label(urgency).upper())
        self.urgency.setAccessibleName(self.tr("Độ khẩn: {u}").format(u=urgency_label(urgency)))
        title = doc.title if doc is not None else ""
        if doc is not None and doc.arrival_number is not None:
            title = self.tr("Số đến {n}").format(n=arrival_label(doc.arrival_number)) + (" — " + title if title else "")
        self.title.setText(title)
        self.title.setStyleSheet(f"QLabel {{ color: {URGENT_RED}; font-weight: bold; }}" if urgency.is_urgent else "")

    def show_step(self, step: Step) -> None:
        if step is not self.shown_step and self.doc is not None:
            self.refresh_queue()
        self.shown_step = step
        self.stack.setCurrentWidget(self.pages_by_step[step])
        # The step in the title too: the taskbar says where the clerk left each document.
        self.setWindowTitle(self.tr("Tiếp nhận văn bản giấy — {step}").replace("{step}", _t(STEP_TITLES[step])))
        for s, label in self.step_labels.items():
            current = s is step
            done = ORDER.index(s) < ORDER.index(step)
            label.setStyleSheet(
                "QLabel { background: #1565c0; color: white; font-weight: bold; border-radius: 3px; }"
                if current
                else ("QLabel { color: #2e7d32; }" if done else "QLabel { color: palette(mid); }")
            )
            label.setAccessibleName(label.text() + (" " + self.tr("(bước hiện tại)") if current else ""))
        texts = {
            Step.CAPTURE: self.tr("Tiếp tục: sắp xếp trang (Enter)"),
            Step.PAGES: self.tr("Tiếp tục: nhập thông tin (Enter)"),
            Step.FIELDS: self.tr("Vào sổ (Enter)"),
            Step.REGISTER: self.tr("Đóng dấu ĐẾN (Enter)"),
            Step.STAMP: self.tr("Đóng dấu tại đây (Enter)"),
            Step.SIGN: self.tr("Ký sao y (Enter)"),
            Step.FORWARD: self.tr("Chuyển và sang văn bản tiếp (Enter)"),
        }
        self.next_button.setText(texts[step])
        self.back_button.setEnabled(step in (Step.PAGES, Step.FIELDS))
        registered = self.doc is not None and self.doc.registration_id is not None
        self.drop_button.setEnabled(not registered)

    # -- capture ---------------------------------------------------------------------------

    def refresh_devices(self) -> None:
        capture = self.service.capture

        def find(_job: Job) -> tuple[list[Any], list[Any]]:
            return capture.profiles.load(), capture.scanners.devices()  # type: ignore[attr-defined]

        def found(lists: tuple[list[Any], list[Any]]) -> None:
            self.capture_step.set_sources(*lists)
            self.status.setText(self.tr("Tìm thấy {n} máy quét.").format(n=len(lists[1])))

        self.run_step(self.tr("Đang tìm máy quét…"), find, found)

    def remember_profile(self) -> None:
        device = self.capture_step.device()
        if device is None:
            return
        settings = self.capture_step.settings()
        name = self.capture_step.source_combo.currentText()
        capture: Any = self.service.capture

        def save(_job: Job) -> tuple[list[Any], list[Any]]:
            from qlvb_desktop.domain.capture import ScannerProfile

            profiles = [p for p in capture.profiles.load() if p.device_id != device]
            profiles.append(ScannerProfile(name, device, settings))
            capture.profiles.save(profiles)
            return profiles, []

        self.run_step(self.tr("Đang lưu hồ sơ máy quét…"), save, lambda found: self.capture_step.set_sources(*found))

    def _on_page(self, job: Job) -> Callable[[WipDocument, PageRecord], None]:
        """On the worker: a page was kept; make its thumbnail there, not on the GUI thread."""

        def kept(doc: WipDocument, record: PageRecord) -> None:
            job.deliver(self._page_arrived, doc, record, load_scaled(doc.folder / record.file, THUMB_HEIGHT))

        return kept

    def _page_arrived(self, doc: WipDocument, record: PageRecord, thumb: QImage) -> None:
        new_document = self._last_page_doc is not None and doc.id != self._last_page_doc
        self._last_page_doc = doc.id
        self.capture_step.add_page(record, thumb, new_document)
        self.status.setText(self.tr("Đã nhận {n} trang.").format(n=self.capture_step.pages.count()))

    def pick_files(self) -> None:
        if self._step() is not Step.CAPTURE or self.is_busy():
            return
        folder = self.ui_state.last_folder(FILES_FOLDER) if self.ui_state is not None else ""
        dialog = QFileDialog(self, self.tr("Chọn tệp bản quét"), folder or str(Path.home()))
        dialog.setObjectName("intake_file_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.filesSelected.connect(lambda files: self.add_files([Path(f) for f in files]))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_dialog = dialog
        dialog.open()

    def add_files(self, paths: list[Path]) -> None:
        doc = self.doc
        if doc is None or not paths:
            return
        if self.ui_state is not None:
            self.ui_state.remember_folder(FILES_FOLDER, paths[0])

        def work(job: Job) -> list[WipDocument]:
            return self.service.capture_files(doc, paths, on_page=self._on_page(job), cancel=job.cancel)

        self.run_step(self.tr("Đang đọc và làm sạch các trang…"), work, self._captured)

    def scan(self) -> None:
        doc = self.doc
        device = self.capture_step.device()
        if doc is None or device is None or self._step() is not Step.CAPTURE or self.is_busy():
            return
        settings = self.capture_step.settings()

        def work(job: Job) -> list[WipDocument]:
            return self.service.capture_scan(doc, device, settings, on_page=self._on_page(job), cancel=job.cancel)

        self.run_step(self.tr("Đang quét… (Esc để dừng)"), work, self._captured)

    def _captured(self, docs: list[WipDocument]) -> None:
        count = sum(len(d.pages) for d in docs)
        text = self.tr("Đã nhận {n} trang.").format(n=count)
        if len(docs) > 1:
            text += " " + self.tr("Tờ phân cách chia thành {n} văn bản.").format(n=len(docs))
        self.status.setText(text + " " + self.tr("Nhấn Enter để sắp xếp trang."))
        if docs and self.doc is not None and docs[0].id == self.doc.id:
            self.doc = docs[0]
        self.refresh_queue()
        self.next_button.setFocus()

    # -- confirmations ---------------------------------------------------------------------

    def confirm(self) -> None:
        """Enter: the obvious next action of the step (its controller's `leave`)."""
        doc = self.doc
        if doc is None:
            return
        step = self._step()
        if self.is_busy() and step not in (Step.FIELDS, Step.REGISTER):
            return  # fields and register queue behind the work running (OCR, the stamp made ahead)
        controller = self.controllers[step]
        problem = controller.validate()
        if problem:
            self.refuse(step, problem)
            return
        controller.leave(doc)

    def refuse(self, step: Step, problem: str) -> None:
        """A step that cannot go on says why where the clerk looks: the PIN under the PIN field."""
        if step is Step.SIGN:
            self.sign_step.message.setText(problem)
            self.sign_step.focus_first()
        else:
            self.status.setText(problem)

    def back(self) -> None:
        doc = self.doc
        if doc is None or self.is_busy():
            return
        if self._step() is Step.FIELDS and doc.registration_id is None:
            self.controllers[Step.CAPTURE].leave(doc)  # the pages again, as from the capture
        elif self._step() is Step.PAGES:
            self.pages_ctl.back(doc)

    def drop(self) -> None:
        doc = self.doc
        if doc is None or self.is_busy():
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Bỏ văn bản"),
            self.tr("Bỏ văn bản này (các trang đã quét sẽ bị xóa)?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("intake_drop_box")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self.run_step(self.tr("Đang bỏ văn bản…"), lambda _t: self._drop_and_list(doc), self._after_drop)

        box.finished.connect(answered)
        box.open()

    def _drop_and_list(self, doc: WipDocument) -> list[WipDocument]:
        self.service.drop(doc)
        return self.service.pending()

    def _after_drop(self, pending: list[WipDocument]) -> None:
        self.doc = None
        self._fill_queue(pending)
        if pending:
            self.open_doc(pending[0])
        else:
            self.new_doc()

    # -- pages -----------------------------------------------------------------------------

    def auto_advance(self, step: Step) -> None:
        """After a step is shown: confirm it for the clerk when the setting is on and its
        controller finds nothing to check."""
        doc = self.doc
        if self.auto_check.isChecked() and doc is not None and self.controllers[step].can_auto_advance(doc):
            self._advance(step)

    def _advance(self, step: Step) -> None:
        """Confirm `step` for the clerk once the work in hand has finished (the job that showed
        the step is still winding down now); not if the clerk moved on or turned it off."""
        if self._step() is not step or not self.auto_check.isChecked():
            return
        if self.is_busy():
            QTimer.singleShot(50, lambda: self._advance(step))
            return
        self.confirm()

    # -- forward, next ---------------------------------------------------------------------

    def announce_registration(self) -> None:
        self.registered.emit(OpChanges(added=True))

    def announce_changed(self, doc: WipDocument, added: bool = False) -> None:
        """The document's entry changed (its signed copy attached, its forward written): the
        register row and the detail pane showing it refresh through the window's one signal."""
        ids = frozenset({doc.registration_id}) if doc.registration_id is not None else frozenset()
        self.registered.emit(OpChanges(registrations=ids, added=added))

    def forwarded(self, pending: list[WipDocument]) -> None:
        number = self.doc.arrival_number if self.doc is not None else None
        if self.doc is not None:
            self.announce_changed(self.doc, added=True)
        else:
            self.registered.emit(OpChanges(added=True))
        self.doc = None
        self._fill_queue(pending)
        if pending:
            self.open_doc(pending[0])
        else:
            self.new_doc()
        self.status.setText(self.tr("Xong văn bản số đến {n}. Văn bản tiếp theo.").format(n=number))

    def _next_document(self) -> None:
        self.ops.read(self.service.pending, self._after_drop, owner=self)

    # -- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            event.ignore()
            return
        if self.is_busy():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Đang xử lý"),
                self.tr(
                    "Đang {what}\nDừng lại và đóng? Văn bản được giữ ở bước hiện tại và làm tiếp được lần sau."
                ).format(what=self._busy_what.rstrip("…").lower() + "."),
                QMessageBox.StandardButton.NoButton,
                self,
            )
            box.setObjectName("intake_close_box")
            stop = box.addButton(self.tr("Dừng và đóng"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("Làm tiếp"), QMessageBox.ButtonRole.RejectRole)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(lambda _r: self._close_after_work() if box.clickedButton() is stop else None)
            self.close_box = box
            box.open()
            event.ignore()
            return
        self._shutdown()
        super().closeEvent(event)

    def _close_after_work(self) -> None:
        """Stop what can stop; what cannot (a file being signed) finishes, then the window goes."""
        self._closing = True
        self.cancel_work()
        self.hide()
        if not self.is_busy():
            self._close_now()

    def _close_now(self) -> None:
        self._shutdown()
        self._closing = False
        self.done(0)
        self.deleteLater()

    def _shutdown(self) -> None:
        self.pin.forget()
        if self._owns_ops:
            self.ops.shutdown()
        else:
            self.cancel_work()  # the window's operations go on; this wizard's callbacks end with it

    def done(self, result: int) -> None:
        if self.is_busy() and not self._closing:
            self.close()  # asks first
            return
        super().done(result)
