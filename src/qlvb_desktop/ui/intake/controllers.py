"""The paper intake wizard's step controllers, over the wizards' one step contract
(`ui/wizard/step.py`): `enter(doc)` shows the step for a document, `validate()` says what keeps
it from going on, `can_auto_advance(doc)` says it has nothing to check, `leave(doc)` confirms
it (the service call, on the wizard's lane, then the next step's `enter`).

The state is the `WipDocument`; the service writes it to the document's `state.json` through
the atomic writer at every step, which is the crash recovery of this wizard. A check added to a
step (a case file to file into, a duplicate) lives in that step's controller only.
"""

from __future__ import annotations

import time
from abc import ABCMeta, abstractmethod
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, QStringListModel, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCompleter, QWidget

from qlvb_desktop.domain.casefiles import CaseFileStatus, DocKind
from qlvb_desktop.domain.errors import DuplicateError, UserError, ValidationError
from qlvb_desktop.services.paper_intake import PageRecord, Step, WipDocument
from qlvb_desktop.ui.capture.page_list import THUMB_HEIGHT
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.intake.images import PREVIEW_HEIGHT, load_scaled
from qlvb_desktop.ui.intake.steps import CASEFILE_SEPARATOR, URGENT_RED
from qlvb_desktop.ui.operations import Job

if TYPE_CHECKING:
    from qlvb_desktop.ui.intake.wizard import IntakeWizard

Thumbs = tuple[WipDocument, list[tuple[PageRecord, QImage]]]


def thumbs_of(doc: WipDocument) -> Thumbs:
    """On the lane: the document's pages as thumbnails (decoded and scaled off the GUI thread)."""
    return doc, [(p, load_scaled(doc.folder / p.file, THUMB_HEIGHT)) for p in doc.pages]


class _StepMeta(ABCMeta, type(QObject)):  # type: ignore[misc]
    """QObject's metaclass with ABCMeta's bookkeeping of abstract methods."""


class IntakeStep(QObject, metaclass=_StepMeta):
    """What every intake step shares: its wizard, its page, nothing to check by default; each
    step says how it is confirmed (`leave`, abstract)."""

    step: Step

    def __init__(self, wizard: IntakeWizard, page: QWidget) -> None:
        # Shiboken makes the object without object.__new__'s check of abstract methods: the
        # same refusal here, so a step without `leave` cannot be made (not fail at its Enter).
        missing: frozenset[str] = getattr(type(self), "__abstractmethods__", frozenset())
        if missing:
            raise TypeError(f"{type(self).__name__} does not define {', '.join(sorted(missing))}")
        super().__init__(wizard)
        self.wizard = wizard
        self.page = page

    @property
    def name(self) -> str:
        return self.step.value

    def enter(self, doc: WipDocument) -> None:
        self.wizard.show_step(self.step)

    def validate(self) -> str | None:
        return None

    def can_auto_advance(self, doc: WipDocument) -> bool:
        return False

    @abstractmethod
    def leave(self, doc: WipDocument) -> None:
        """Confirm the step: its service call on the wizard's lane, then the next step's `enter`."""


class CaptureController(IntakeStep):
    step = Step.CAPTURE

    def validate(self) -> str | None:
        doc = self.wizard.doc
        if doc is not None and not doc.pages:
            return self.tr("Chưa có trang nào: quét (F5) hoặc chọn tệp (Ctrl+O).")
        return None

    def leave(self, doc: WipDocument) -> None:
        if doc.registration_id is not None:
            return  # a resumed registered document is still being opened at its own step
        w = self.wizard
        pages = w.pages_ctl

        def go(_job: Job) -> Thumbs:
            w.service.go(doc, Step.PAGES)
            return thumbs_of(doc)

        w.run_step(self.tr("Đang mở trang…"), go, pages.loaded, waits="capture")


class PagesController(IntakeStep):
    step = Step.PAGES

    def enter(self, doc: WipDocument) -> None:
        self.wizard.run_step(self.tr("Đang mở trang…"), lambda _j: thumbs_of(doc), self.loaded)

    def loaded(self, loaded: Thumbs) -> None:
        w = self.wizard
        doc, thumbs = loaded
        w.doc = doc
        w.pages_step.load(thumbs)
        w.update_head()
        w.show_step(Step.PAGES)
        w.pages_step.pages.setFocus(Qt.FocusReason.OtherFocusReason)
        w.status.setText(self.tr("Kiểm tra thứ tự và chiều trang; trang trắng được đánh dấu vàng. Enter để tiếp tục."))
        w.refresh_queue()
        w.auto_advance(Step.PAGES)

    def can_auto_advance(self, doc: WipDocument) -> bool:
        """A blank page or a quality warning (skewed, dark, cut) is worth a look; clean pages in
        the feeder's order are not. The clerk can still go back to them with Alt+←."""
        return not any(r.blank or r.warnings for r in self.wizard.pages_step.records())

    def leave(self, doc: WipDocument) -> None:
        w = self.wizard
        records = w.pages_step.records()

        def pages(_job: Job) -> WipDocument:
            w.service.set_pages(doc, records)
            w.service.confirm_pages(doc)
            return doc

        w.run_step(self.tr("Đang lưu trang…"), pages, w.fields_ctl.enter, waits="pages")

    def split(self, at: int) -> None:
        w = self.wizard
        doc = w.doc
        if doc is None or w.is_busy():
            return
        records = w.pages_step.records()

        def work(_job: Job) -> Thumbs:
            w.service.set_pages(doc, records)
            w.service.split(doc, at)
            return thumbs_of(doc)

        w.run_step(self.tr("Đang tách văn bản…"), work, self.loaded)

    def back(self, doc: WipDocument) -> None:
        w = self.wizard
        w.run_step(
            self.tr("Quay lại bước quét…"), lambda _j: w.service.go(doc, Step.CAPTURE),
            lambda _r: w.show_step(Step.CAPTURE),
        )


class FieldsController(IntakeStep):
    step = Step.FIELDS

    def enter(self, doc: WipDocument) -> None:
        w = self.wizard
        w.doc = doc
        w.show_step(Step.FIELDS)
        form = w.fields_step
        form.preview.set_pages([])
        form.show_duplicates([])
        form.set_values(doc.fields, doc.proposal)
        form.focus_first()
        w.update_head()
        if doc.proposal is None:
            form.status.setText(self.tr("Đang nhận dạng chữ và đọc thông tin; có thể nhập trước."))
        else:
            form.status.setText(self._proposal_note(doc.proposal))
        started = time.perf_counter()

        def read(job: Job) -> tuple[list[QImage], list[QSize] | None, dict[str, Any]]:
            pages = [p for p in doc.pages if not p.blank] or list(doc.pages)
            images = [load_scaled(doc.folder / p.file, PREVIEW_HEIGHT, p.rotation) for p in pages]
            job.deliver(w.show_progress, 0, len(pages))
            proposal = w.service.propose(
                doc, progress=lambda done, total: job.deliver(w.show_progress, done, total), cancel=job.cancel
            )
            sizes = [QSize(int(p["width"]), int(p["height"])) for p in proposal.get("pages", [])] or None
            if sizes is not None and len(sizes) != len(images):
                sizes = None
            return images, sizes, proposal

        w.run_step(
            self.tr("Đang nhận dạng chữ (OCR)…"),
            read,
            lambda result: self._proposal_ready(doc, result, started),
            lambda exc: self._proposal_failed(exc),
        )

    def _proposal_note(self, proposal: dict[str, Any]) -> str:
        doubtful = sum(1 for v in proposal.get("confidence", {}).values() if v < 0.9)
        if doubtful:
            return self.tr("Ô tô vàng cần kiểm tra ({n} ô). Chọn một ô để thấy chỗ đọc trên trang.").format(n=doubtful)
        return self.tr("Đã đọc xong; kiểm tra rồi nhấn Enter để vào sổ.")

    def _proposal_ready(
        self, doc: WipDocument, result: tuple[list[QImage], list[QSize] | None, dict[str, Any]], started: float
    ) -> None:
        w = self.wizard
        w.background.append(("ocr", time.perf_counter() - started))
        if w.doc is None or w.doc.id != doc.id or w.shown_step is not Step.FIELDS:
            return
        images, sizes, proposal = result
        form = w.fields_step
        typed = {k: v for k, v in form.values().items() if v}
        form.set_images(images, sizes)
        form.set_values({**doc.fields, **typed}, proposal)
        form.status.setText(self._proposal_note(proposal))
        w.status.setText(self._proposal_note(proposal))
        w.update_head()
        if not typed:
            form.focus_first()
        self.check_duplicates()
        w.refresh_queue()

    def _proposal_failed(self, exc: BaseException) -> None:
        self.wizard.fields_step.status.setText(error_text(exc))
        self.wizard.show_error(exc)

    def check_duplicates(self) -> None:
        w = self.wizard
        values = w.fields_step.values()
        w.ops.read(lambda: w.service.duplicates(values), w.fields_step.show_duplicates, owner=w)

    def leave(self, doc: WipDocument) -> None:
        """Register: the number is given here (the stamp is made ahead while the clerk reads it)."""
        w = self.wizard
        values = w.fields_step.values()
        confirm = w.fields_step.confirm_duplicate.isChecked()

        def work(_job: Job) -> Any:
            return w.service.register(doc, values, confirm_duplicate=confirm)

        w.run_step(self.tr("Đang vào sổ…"), work, self._registered, self._register_failed, waits="fields")

    def _register_failed(self, exc: BaseException) -> None:
        w = self.wizard
        if isinstance(exc, DuplicateError):
            w.fields_step.show_duplicates(exc.duplicates)
            w.fields_step.confirm_duplicate.setFocus()
            w.status.setText(error_text(exc))
            return
        if isinstance(exc, ValidationError):
            w.fields_step.focus_field(exc.field)
            w.status.setText(error_text(exc))
            return
        w.show_error(exc)

    def _registered(self, reg: Any) -> None:
        w = self.wizard
        w.announce_registration()
        register = w.register_ctl
        doc = w.doc
        if doc is None:
            return
        register.show(doc, reg)
        # Stamp and render while the clerk reads the number: the next Enter shows it at once.
        stamp = w.stamp_ctl
        w.run_step(self.tr("Đang chuẩn bị dấu ĐẾN…"), lambda _j: stamp.render(doc, None), lambda _r: None)


class RegisterController(IntakeStep):
    step = Step.REGISTER

    def enter(self, doc: WipDocument) -> None:
        """A resumed document: its registration is read back first."""
        w = self.wizard
        w.doc = doc
        w.run_step(
            self.tr("Đang mở văn bản…"),
            lambda _j: w.service.resume_registration(doc),
            lambda r: self.show(doc, r) if r is not None else None,
        )

    def show(self, doc: WipDocument, reg: Any) -> None:
        w = self.wizard
        w.doc = doc
        w.register_step.show_registration(reg, w.book_names.get(reg.book, reg.book))
        w.update_head()
        w.show_step(Step.REGISTER)
        w.next_button.setFocus()
        w.status.setText(self.tr("Đã vào sổ. Nhấn Enter để đóng dấu ĐẾN."))
        # The number stays in the header; the stamp step is where the clerk looks next (after
        # the caller has started making the stamp ahead).
        QTimer.singleShot(0, lambda: w.auto_advance(Step.REGISTER))

    def can_auto_advance(self, doc: WipDocument) -> bool:
        return True  # the number is in the header: nothing to check here

    def leave(self, doc: WipDocument) -> None:
        stamp = self.wizard.stamp_ctl
        self.wizard.run_step(
            self.tr("Đang chuẩn bị dấu ĐẾN…"), lambda _j: stamp.render(doc, Step.STAMP), stamp.ready, waits="register"
        )


class StampController(IntakeStep):
    step = Step.STAMP

    def render(self, doc: WipDocument, step: Step | None) -> tuple[QImage, float, float]:
        """On the lane: stamp the copy if not yet done, then page 1 as the preview shows it."""
        from qlvb_desktop.ui.signing.preview import render_page

        w = self.wizard
        if not doc.stamped or doc.pdf_path is None:
            w.service.stamp(doc, None)
        if step is not None:
            w.service.go(doc, step)
        pdf = doc.pdf_path
        assert pdf is not None
        return render_page(pdf, w.stamp_step.view.scale)

    def enter(self, doc: WipDocument) -> None:
        self.wizard.run_step(self.tr("Đang chuẩn bị dấu ĐẾN…"), lambda _j: self.render(doc, Step.STAMP), self.ready)

    def ready(self, rendered: tuple[QImage, float, float]) -> None:
        w = self.wizard
        doc = w.doc
        if doc is None:
            return
        image, w_pt, h_pt = rendered
        view = w.stamp_step
        view.show_page(image, w_pt, h_pt, doc.stamp_box, doc.stamp_needs_place)
        view.view.set_stamp_pdf(w.service.stamp_drawing(doc))  # the real stamp, not a box
        if doc.stamp_at_mm is not None:
            view.view.set_position_mm(*doc.stamp_at_mm)
            view.moved = False
        w.show_step(Step.STAMP)
        view.view.setFocus(Qt.FocusReason.OtherFocusReason)
        w.status.clear()  # the step's own line above the page says what to do
        w.auto_advance(Step.STAMP)

    def can_auto_advance(self, doc: WipDocument) -> bool:
        return not doc.stamp_needs_place and doc.stamp_at_mm is None  # empty room found: stamped where shown

    def leave(self, doc: WipDocument) -> None:
        w = self.wizard
        at = w.stamp_step.position_mm()

        def stamp(_job: Job) -> WipDocument:
            w.service.confirm_stamp(doc, at)
            return doc

        w.run_step(self.tr("Đang đóng dấu ĐẾN…"), stamp, w.sign_ctl.enter, waits="stamp")


class SignController(IntakeStep):
    step = Step.SIGN

    def __init__(self, wizard: IntakeWizard, page: QWidget) -> None:
        super().__init__(wizard, page)
        self.typed_pin: str | None = None

    def enter(self, doc: WipDocument) -> None:
        w = self.wizard
        w.sign_step.prepare(w.token_text, w.pin.known)
        w.show_step(Step.SIGN)
        w.sign_step.focus_first()
        if w.pin.known:
            w.next_button.setFocus()
        w.status.clear()  # the step's own message says what to do
        w.auto_advance(Step.SIGN)

    def can_auto_advance(self, doc: WipDocument) -> bool:
        return self.wizard.pin.known  # the PIN of this batch is known: nothing to type

    def pin_for_token(self, label: str, tries_left: int | None, last_try: bool) -> str | None:
        """On the token thread: the PIN typed for this signing; a second ask means it was wrong."""
        pin, self.typed_pin = self.typed_pin, None
        return pin  # None the second time: the service says the PIN was wrong, the step asks again

    def validate(self) -> str | None:
        w = self.wizard
        if not w.pin.known and not w.sign_step.pin_edit.text():
            return self.tr("Nhập mã PIN của USB token.")
        return None

    def leave(self, doc: WipDocument) -> None:
        w = self.wizard
        if not w.pin.known:
            self.typed_pin = w.sign_step.pin_edit.text()
            w.sign_step.pin_edit.clear()
        forward = w.forward_ctl

        def signed(_path: Any) -> None:
            w.announce_changed(doc)  # the signed copy is the entry's copy now: the window shows it
            forward.enter(doc)

        w.run_step(
            self.tr("Đang ký số bản sao y…"), lambda _j: w.service.sign(doc, w.pin), signed, self._failed, waits="sign"
        )

    def _failed(self, exc: BaseException) -> None:
        w = self.wizard
        w.pin.forget()
        self.typed_pin = None
        w.sign_step.prepare(w.token_text, False)
        w.sign_step.message.setText(error_text(exc))
        w.sign_step.message.setStyleSheet(f"QLabel {{ color: {URGENT_RED}; }}")
        w.sign_step.focus_first()
        w.status.setText(error_text(exc))


class ForwardController(IntakeStep):
    step = Step.FORWARD

    def __init__(self, wizard: IntakeWizard, page: QWidget) -> None:
        super().__init__(wizard, page)
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        wizard.forward_step.casefile_edit.setCompleter(self.completer)

    def enter(self, doc: WipDocument) -> None:
        w = self.wizard
        w.doc = doc
        w.sign_step.message.setStyleSheet("")
        w.forward_step.prepare(doc.signed, doc.forward)
        w.show_step(Step.FORWARD)
        w.forward_step.focus_first()
        w.status.setText(self.tr("Đã ký. Ghi nơi chuyển, ý kiến chỉ đạo, hạn giải quyết rồi nhấn Enter."))
        casefiles = w.casefiles
        w.forward_step.casefile_edit.setEnabled(casefiles is not None)
        if casefiles is not None:  # the open case files of the year, for the completion
            w.ops.read(
                lambda: casefiles.case_files(year=casefiles.clock.now().year, status=CaseFileStatus.OPEN),
                self._case_files_read, owner=w,
            )

    def _case_files_read(self, found: list[tuple[Any, int]]) -> None:
        model = self.completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList([f"{cf.notation}{CASEFILE_SEPARATOR}{cf.title}" for cf, _count in found])

    def leave(self, doc: WipDocument) -> None:
        w = self.wizard
        to, instruction, due = w.forward_step.values()
        casefile_ref, casefiles = w.forward_step.casefile(), w.casefiles

        def forward(_job: Job) -> list[WipDocument]:
            # The case file is found first: a wrong notation stops here with nothing done.
            case_file = casefiles.resolve(casefile_ref) if casefiles is not None and casefile_ref else None
            w.service.forward(doc, to, instruction, due)
            if casefiles is not None and case_file is not None and doc.registration_id is not None:
                filed = {cf.id for cf, _ordinal in casefiles.files_of(DocKind.INCOMING, doc.registration_id)}
                if case_file.id not in filed:  # done already if a crash came after filing
                    casefiles.add(case_file, DocKind.INCOMING, doc.registration_id)
            w.service.finish(doc)
            return w.service.pending()

        w.run_step(self.tr("Đang ghi chuyển xử lý…"), forward, w.forwarded, self._failed, waits="forward")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.wizard.forward_step.due_edit.setFocus()
        elif isinstance(exc, UserError) and self.wizard.forward_step.casefile():
            self.wizard.forward_step.casefile_edit.setFocus()  # no such case file, or a closed one
        self.wizard.show_error(exc)
