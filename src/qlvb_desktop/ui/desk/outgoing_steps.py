"""The outgoing wizard's steps (ui/wizard/step.py contract): the leader's file, book and fields,
where number, date and seal go, the organization's signature, done.

Each step owns its page and its checks; everything that touches the database, a file or the
token runs on the window's operations (the DESK lane for reads, the TOKEN lane for the token),
never on the GUI thread. The steps share one `OutgoingState`, which is what the recovery file
keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.outgoing import make_draft, notation, number_text, series_of
from qlvb_desktop.domain.signing import MM, OutgoingNumber
from qlvb_desktop.domain.vocab import DOC_TYPES
from qlvb_desktop.ui.desk.common import Mark, PlacementPreview, book_label, desk_error_text, named, run_task
from qlvb_desktop.ui.labels import doc_type_label
from qlvb_desktop.ui.operations import READ, TOKEN
from qlvb_desktop.ui.signing.badge import VerificationBadge
from qlvb_desktop.ui.signing.preview import render_page

if TYPE_CHECKING:
    from qlvb_desktop.ui.desk.outgoing import OutgoingWizard

DEFAULT_NUMBER_AT_MM = (20.0, 38.0)
BLUE, RED, GREY = QColor(11, 83, 148), QColor(200, 0, 0), QColor(90, 90, 90)
# The clerk's choices the recovery file keeps (the leader's file and the placements besides).
FIELDS = (
    "book", "doc_type", "unit", "abbreviation", "normative", "subject", "signer_name", "signer_title",
    "recipients", "archive_unit", "copies",
)


@dataclass
class OutgoingState:
    """One outgoing document on its way through the wizard."""

    src: Path | None = None
    leader: Any = None  # (page index, Box) of the leader's signature, once verified
    book: str = ""
    doc_type: str = "Công văn"  # the most common
    unit: str = ""
    abbreviation: str = ""
    normative: bool = False
    subject: str = ""
    signer_name: str = ""
    signer_title: str = ""
    recipients: str = ""
    archive_unit: str = ""
    copies: int = 0
    number_at_mm: tuple[float, float] = DEFAULT_NUMBER_AT_MM
    seal_offset_mm: tuple[float, float] = (0.0, 0.0)
    draft: Any = None  # the OutgoingDraft made when the fields step is left
    issued: Any = None

    def reset(self) -> None:
        """A fresh document in the same object (the steps and the controller hold this one)."""
        self.__dict__.update(OutgoingState().__dict__)

    def snapshot(self, step: str) -> dict[str, Any] | None:
        """What the recovery file keeps at `step` (nothing before a file is chosen or once done)."""
        if self.src is None or step not in ("details", "preview", "sign"):
            return None
        data: dict[str, Any] = {"src": str(self.src), "step": step}
        data.update({k: getattr(self, k) for k in FIELDS})
        data["number_at_mm"], data["seal_offset_mm"] = list(self.number_at_mm), list(self.seal_offset_mm)
        return data

    def restore(self, data: dict[str, Any]) -> None:
        for key in FIELDS:
            if key in data:
                default = getattr(OutgoingState, key)
                value = data[key]
                setattr(self, key, type(default)(value) if value is not None else default)
        x, y = data.get("number_at_mm") or DEFAULT_NUMBER_AT_MM
        dx, dy = data.get("seal_offset_mm") or (0.0, 0.0)
        self.number_at_mm, self.seal_offset_mm = (float(x), float(y)), (float(dx), float(dy))


class FileStep(QObject):
    """Step 1: the PDF the leader signed; its signature is verified before anything else."""

    name = "file"

    def __init__(self, wizard: OutgoingWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.page = QWidget()
        v = QVBoxLayout(self.page)
        intro = QLabel(self.tr("Chọn tệp PDF văn bản đã có chữ ký số của lãnh đạo. Phần mềm kiểm tra chữ ký trước."))
        intro.setWordWrap(True)
        v.addWidget(intro)
        row = QHBoxLayout()
        self.open_button = named(QPushButton(self.tr("&Mở tệp PDF…")), "open_button", self.tr("Mở tệp PDF"))
        self.file_label = named(QLabel(self.tr("Chưa chọn tệp.")), "file_label")
        self.file_label.setWordWrap(True)
        row.addWidget(self.open_button)
        row.addWidget(self.file_label, 1)
        v.addLayout(row)
        self.badge = VerificationBadge()
        self.badge.setAccessibleName(self.tr("Kết quả kiểm tra chữ ký"))
        v.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        self.verify_reason = named(QLabel(), "verify_reason")
        self.verify_reason.setWordWrap(True)
        v.addWidget(self.verify_reason)
        v.addStretch(1)

    def enter(self, state: OutgoingState) -> None:
        self.open_button.setFocus()

    def validate(self) -> str | None:
        return None if self.wizard.state.leader is not None else self.tr("Chưa chọn tệp.")

    def can_auto_advance(self, state: OutgoingState) -> bool:
        return False  # the clerk reads the verdict on the leader's signature

    def leave(self, state: OutgoingState) -> None:
        """Nothing typed here: the file and the leader's place are in the state already."""

    def clear(self) -> None:
        self.file_label.setText(self.tr("Chưa chọn tệp."))
        self.badge.show_report(None)
        self.verify_reason.setText("")

    def verify(self, path: Path, on_done: Any, on_failed: Any) -> None:
        self.file_label.setText(path.name)
        self.badge.show_report(None)
        self.verify_reason.setText(self.tr("Đang kiểm tra chữ ký…"))
        desk, service = self.wizard.desk, self.wizard.service

        def work() -> Any:
            report = service.check_leader(path, desk.extra_trust())
            return report, desk.leader_place(path)

        def verified(result: Any) -> None:
            report, _place = result
            self.badge.show_report(report)
            self.verify_reason.setText(report.reason)
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.badge.show_report(None)
            self.verify_reason.setText("")
            on_failed(exc)

        run_task(self.wizard, work, verified, failed)


class DetailsStep(QObject):
    """Step 2: book, type and fields, with the next number and today's date proposed. A check on
    the numbers left (a leased block running out) belongs in `validate` here."""

    name = "details"

    def __init__(self, wizard: OutgoingWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.books: dict[str, Any] = {}  # code -> Book, read once off the GUI thread
        self._asked = 0  # the latest proposal asked for: an older answer is dropped
        self._answered = 0  # the latest proposal answered (shown or refused)
        self._refusal: str | None = None  # why no number can be proposed (no leased number left)
        self._waiting: list[Callable[[], None]] = []  # run once the latest proposal is answered
        self._draft: Any = None
        self.page = QWidget()
        form = QFormLayout(self.page)
        self.book_combo = named(QComboBox(), "book_combo", self.tr("Sổ văn bản đi"))
        self.type_combo = named(QComboBox(), "type_combo", self.tr("Tên loại văn bản"))
        for name in DOC_TYPES:
            self.type_combo.addItem(doc_type_label(name), name)
        self.type_combo.setCurrentIndex(self.type_combo.findData("Công văn"))  # the most common
        self.unit_edit = named(QLineEdit(), "unit_edit", self.tr("Đơn vị soạn thảo"))
        self.unit_edit.setPlaceholderText(self.tr("chỉ với công văn, ví dụ VP"))
        self.abbr_edit = named(QLineEdit(wizard.desk.abbreviation), "abbr_edit", self.tr("Tên viết tắt cơ quan"))
        self.normative_check = named(
            QCheckBox(self.tr("Văn bản quy phạm pháp luật (ký hiệu có năm)")), "normative_check"
        )
        self.subject_edit = named(QLineEdit(), "subject_edit", self.tr("Trích yếu"))
        self.signer_name_edit = named(QLineEdit(), "signer_name_edit", self.tr("Người ký"))
        self.signer_title_edit = named(QLineEdit(), "signer_title_edit", self.tr("Chức vụ người ký"))
        self.recipients_edit = named(QLineEdit(), "recipients_edit", self.tr("Nơi nhận"))
        self.archive_edit = named(QLineEdit(), "archive_edit", self.tr("Đơn vị, người nhận bản lưu"))
        self.copies_spin = named(QSpinBox(), "copies_spin", self.tr("Số lượng bản"))
        self.copies_spin.setRange(0, 999)
        self.proposed_label = named(QLabel(), "proposed_label", self.tr("Số và ngày đề xuất"))
        self.proposed_label.setStyleSheet("font-weight: bold; color: #0b5394;")
        form.addRow(self.tr("&Sổ:"), self.book_combo)
        form.addRow(self.tr("&Tên loại:"), self.type_combo)
        form.addRow(self.tr("Đơn vị soạn thảo:"), self.unit_edit)
        form.addRow(self.tr("Viết tắt cơ quan:"), self.abbr_edit)
        form.addRow("", self.normative_check)
        form.addRow(self.tr("T&rích yếu:"), self.subject_edit)
        form.addRow(self.tr("Người &ký:"), self.signer_name_edit)
        form.addRow(self.tr("Chức vụ:"), self.signer_title_edit)
        form.addRow(self.tr("&Nơi nhận:"), self.recipients_edit)
        form.addRow(self.tr("Bản lưu:"), self.archive_edit)
        form.addRow(self.tr("Số lượng bản:"), self.copies_spin)
        form.addRow(self.tr("Số, ngày đề xuất:"), self.proposed_label)
        for w in (self.book_combo, self.type_combo):
            w.currentIndexChanged.connect(self.refresh_proposal)
        for e in (self.unit_edit, self.abbr_edit):
            e.textChanged.connect(self.refresh_proposal)
        self.normative_check.toggled.connect(self.refresh_proposal)
        self.edits = {
            "unit": self.unit_edit, "abbreviation": self.abbr_edit, "subject": self.subject_edit,
            "signer_name": self.signer_name_edit, "signer_title": self.signer_title_edit,
            "recipients": self.recipients_edit, "archive_unit": self.archive_edit,
        }

    def set_books(self, books: list[Any]) -> None:
        self.books = {b.code: b for b in books}
        self.book_combo.clear()
        for b in books:
            self.book_combo.addItem(book_label(b.code, b.name), b.code)

    def enter(self, state: OutgoingState) -> None:
        for combo, value in ((self.book_combo, state.book), (self.type_combo, state.doc_type)):
            ix = combo.findData(value)
            if ix >= 0:
                combo.setCurrentIndex(ix)
        for key, edit in self.edits.items():
            if getattr(state, key) or key != "abbreviation":
                edit.setText(getattr(state, key))
        self.normative_check.setChecked(state.normative)
        self.copies_spin.setValue(state.copies)
        self.refresh_proposal()
        self.subject_edit.setFocus()

    def can_auto_advance(self, state: OutgoingState) -> bool:
        return False  # subject, signer and recipients are typed by the clerk

    def leave(self, state: OutgoingState) -> None:
        state.book = self.book_combo.currentData() or ""
        state.doc_type = self.type_combo.currentData()
        for key, edit in self.edits.items():
            setattr(state, key, edit.text())
        state.normative = self.normative_check.isChecked()
        state.copies = self.copies_spin.value()
        state.draft = self._draft

    def validate(self) -> str | None:
        """The draft the domain accepts, or its one sentence (the field gets the focus)."""
        self._draft = None
        book = self.books.get(self.book_combo.currentData())
        if book is None:
            return self.tr("Chưa đọc xong danh sách sổ văn bản đi; thử lại sau giây lát.")
        # With a server the number comes only from the numbers leased to this station: with none
        # left for this series the clerk is told here, before the preview and the PIN (issue 12).
        if self._answered != self._asked:
            return self.tr("Đang lấy số đề xuất; thử lại sau giây lát.")
        if self._refusal is not None:
            return self._refusal
        try:
            self._draft = make_draft(
                book=book,
                doc_type=self.type_combo.currentData(),
                subject=self.subject_edit.text(),
                issued=self.wizard.service.today(),
                abbreviation=self.abbr_edit.text(),
                drafting_unit=self.unit_edit.text(),
                signer_name=self.signer_name_edit.text(),
                signer_title=self.signer_title_edit.text(),
                recipients=self.recipients_edit.text(),
                archive_unit=self.archive_edit.text(),
                copies=self.copies_spin.value() or None,
                normative=self.normative_check.isChecked(),
            )
        except Exception as exc:
            widget = {"subject": self.subject_edit, "abbreviation": self.abbr_edit}.get(getattr(exc, "field", ""))
            if widget is not None:
                widget.setFocus()
            return desk_error_text(exc)
        return None

    def _notation(self) -> str:
        year = self.wizard.service.today().year if self.normative_check.isChecked() else None
        return notation(self.type_combo.currentData(), self.abbr_edit.text(), self.unit_edit.text(), year=year)

    def proposal_pending(self) -> bool:
        return self._answered != self._asked

    def when_proposed(self, fn: Callable[[], None]) -> None:
        """`fn()` once the latest proposal is answered (at once when it already is): a wizard
        coming back after a crash goes on past this step only when the number is known."""
        if self.proposal_pending():
            self._waiting.append(fn)
        else:
            fn()

    def _answered_now(self, asked: int, refusal: str | None) -> None:
        self._answered, self._refusal = asked, refusal
        waiting, self._waiting = self._waiting, []
        for fn in waiting:
            fn()

    def refresh_proposal(self) -> None:
        """The next number and today's date, read from the register off the GUI thread."""
        self.unit_edit.setEnabled(self.type_combo.currentData() == "Công văn")
        book = self.book_combo.currentData()
        if book is None:
            return
        self._asked += 1
        asked, service = self._asked, self.wizard.service
        args = (book, self._notation(), series_of(self.type_combo.currentData(), self.normative_check.isChecked()))

        def show(proposal: tuple[str, Any]) -> None:
            if asked == self._asked:
                number, day = proposal
                self.proposed_label.setText(
                    self.tr("Số: {number} — ngày {date}").replace("{number}", number)
                    .replace("{date}", format_date_vn(day))
                )
                self._answered_now(asked, None)

        def failed(exc: BaseException) -> None:
            if asked == self._asked:
                refusal = desk_error_text(exc)
                self.proposed_label.setText(refusal)
                self._answered_now(asked, refusal)

        run_task(self.wizard, lambda: service.propose(*args), show, failed, lane=READ)


class PreviewStep(QObject):
    """Step 3: page 1 with the number and date, the leader's page with the seal; drag or arrows."""

    name = "preview"

    def __init__(self, wizard: OutgoingWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.page = QWidget()
        v = QVBoxLayout(self.page)
        hint = QLabel(self.tr("Kéo khung để chỉnh vị trí (hoặc dùng phím mũi tên; Shift + mũi tên cho con dấu)."))
        hint.setWordWrap(True)
        v.addWidget(hint)
        row = QHBoxLayout()
        self.number_preview = PlacementPreview(scale=0.62)
        self.number_preview.setObjectName("number_preview")
        self.number_preview.setAccessibleName(self.tr("Trang 1: vị trí số và ngày"))
        self.seal_preview = PlacementPreview(scale=0.62)
        self.seal_preview.setObjectName("seal_preview")
        self.seal_preview.setAccessibleName(self.tr("Trang có chữ ký: vị trí con dấu"))
        for p in (self.number_preview, self.seal_preview):
            scroll = QScrollArea()
            scroll.setWidget(p)
            scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(scroll)
        v.addLayout(row, 1)
        self.number_preview.moved.connect(self._number_moved)
        self.seal_preview.moved.connect(self._seal_moved)
        for key, dx, dy, seal in (
            ("Left", -1, 0, False), ("Right", 1, 0, False), ("Up", 0, -1, False), ("Down", 0, 1, False),
            ("Shift+Left", -1, 0, True), ("Shift+Right", 1, 0, True), ("Shift+Up", 0, -1, True),
            ("Shift+Down", 0, 1, True),
        ):
            sc = QShortcut(QKeySequence(key), self.page)
            sc.activated.connect(lambda dx=dx, dy=dy, seal=seal: self.nudge(dx, dy, seal))

    def enter(self, state: OutgoingState) -> None:
        """Render both pages and measure the blocks off the GUI thread, then draw the boxes."""
        assert state.src is not None and state.leader is not None and state.draft is not None
        self.number_preview.marks.clear()
        self.seal_preview.marks.clear()
        src, draft, (page_ix, _box) = state.src, state.draft, state.leader
        desk, service = self.wizard.desk, self.wizard.service
        scale_n, scale_s = self.number_preview.scale, self.seal_preview.scale

        def work() -> Any:
            number = number_text(service.repo.next_number(draft.book, draft.year, draft.series), draft.notation)
            return (
                number, desk.number_size_pt(number, draft.issued), render_page(src, scale_n, 0),
                render_page(src, scale_s, page_ix), desk.seal_size_pt(),
            )

        run_task(
            self.wizard, work, lambda r: self._show(state, *r),
            lambda exc: self.wizard.show_problem(desk_error_text(exc)), lane=READ,
        )
        self.number_preview.setFocus()

    def _show(self, state: OutgoingState, number: str, size: Any, first: Any, leader_page: Any, seal: Any) -> None:
        draft = state.draft
        nw, nh = size
        line = OutgoingNumber(number, draft.issued)
        self.number_preview.set_rendered(*first)
        x_mm, y_mm = state.number_at_mm
        self.number_preview.set_mark(
            Mark("number", f"{line.number_line}\n{line.date_line}", x_mm * MM, y_mm * MM, nw, nh, BLUE)
        )
        _page_ix, box = state.leader
        self.seal_preview.set_rendered(*leader_page)
        ph = self.seal_preview.page_h
        self.seal_preview.set_mark(Mark("leader", "", box.x, ph - box.top, box.width, box.height, GREY, movable=False))
        if seal is None:
            self.wizard.show_problem(self.tr("Chưa có ảnh con dấu của cơ quan; hãy chọn ảnh con dấu trong Cài đặt."))
            return
        sw, sh = seal
        dx, dy = state.seal_offset_mm
        # services: seal over the left third of the leader's signature (adapters/pdf/signer.seal_box)
        sx = box.x + box.width / 3 - sw + dx * MM
        sy_bottom = box.y + box.height / 2 - sh / 2 - dy * MM
        self.seal_preview.set_mark(Mark("seal", self.tr("Con dấu"), sx, ph - (sy_bottom + sh), sw, sh, RED))

    def validate(self) -> str | None:
        return None

    def can_auto_advance(self, state: OutgoingState) -> bool:
        return False  # where the number goes is the clerk's call on every document

    def leave(self, state: OutgoingState) -> None:
        """The placements are written to the state as they move."""

    def _number_moved(self, key: str, dx: float, dy: float) -> None:
        m = self.number_preview.marks["number"]
        self.wizard.state.number_at_mm = (round(m.x / MM, 1), round(m.y / MM, 1))

    def _seal_moved(self, key: str, dx: float, dy: float) -> None:
        ox, oy = self.wizard.state.seal_offset_mm
        self.wizard.state.seal_offset_mm = (round(ox + dx / MM, 1), round(oy + dy / MM, 1))

    def nudge(self, dx: float, dy: float, seal: bool) -> None:
        if seal and "seal" in self.seal_preview.marks:
            self.seal_preview.nudge("seal", dx, dy)
        elif not seal and "number" in self.number_preview.marks:
            self.number_preview.nudge("number", dx, dy)


class SignStep(QObject):
    """Step 4: the token, the PIN; the signing itself is the wizard's (`OutgoingWizard.sign`)."""

    name = "sign"

    def __init__(self, wizard: OutgoingWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.page = QWidget()
        v = QVBoxLayout(self.page)
        form = QFormLayout()
        self.summary_label = named(QLabel(), "summary_label")
        self.summary_label.setWordWrap(True)
        self.token_label = named(QLabel(self.tr("Đang tìm USB token…")), "token_label")
        self.token_label.setWordWrap(True)
        self.pin_edit = named(QLineEdit(), "pin_edit", self.tr("Mã PIN của USB token"))
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_message = named(QLabel(), "pin_message")
        self.pin_message.setWordWrap(True)
        form.addRow(self.tr("Văn bản:"), self.summary_label)
        form.addRow(self.tr("USB token:"), self.token_label)
        form.addRow(self.tr("Mã &PIN:"), self.pin_edit)
        form.addRow("", self.pin_message)
        v.addLayout(form)
        self.progress = named(QProgressBar(), "progress")
        self.progress.setRange(0, 4)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)  # the stage label says what is happening
        self.stage_label = named(QLabel(), "stage_label")
        v.addWidget(self.progress)
        v.addWidget(self.stage_label)
        v.addStretch(1)

    def enter(self, state: OutgoingState) -> None:
        draft = state.draft
        assert state.src is not None and draft is not None
        self.summary_label.setText(f"{state.src.name}\n{book_label(draft.book)} — {draft.doc_type}: {draft.subject}")
        self.progress.setValue(0)
        self.stage_label.setText("")
        self.pin_message.setText("")
        self.pin_edit.setEnabled(True)
        self.token_label.setText(self.tr("Đang tìm USB token…"))
        self.wizard.next_button.setEnabled(False)
        self.pin_edit.setFocus()
        run_task(self.wizard, self.wizard.desk.token_info, self._token_found, self._token_missing, lane=TOKEN)

    def _token_found(self, info: dict[str, Any]) -> None:
        # Before login a token hides its private keys: show the certificates that may sign.
        all_certs = info.get("certificates", [])
        certs = [c for c in all_certs if c.get("digital_signature")] or all_certs
        text = str(info.get("label", ""))
        if certs:
            c = certs[0]
            valid = self.tr("hiệu lực đến")
            text += f" — {c['subject']} ({valid} {c['not_after'][8:10]}/{c['not_after'][5:7]}/{c['not_after'][:4]})"
        self.token_label.setText(text)
        self.wizard.next_button.setEnabled(self.wizard.step() == "sign")

    def _token_missing(self, exc: BaseException) -> None:
        self.token_label.setText(desk_error_text(exc))
        self.wizard.show_problem(desk_error_text(exc))
        self.wizard.next_button.setEnabled(False)

    def validate(self) -> str | None:
        return None if self.pin_edit.text() else self.tr("Nhập mã PIN của USB token.")

    def can_auto_advance(self, state: OutgoingState) -> bool:
        return False  # the PIN is typed for every issue: it is the organization's signature

    def leave(self, state: OutgoingState) -> None:
        """The PIN is never kept in the state."""

    def stage(self, name: str) -> None:
        steps = {
            "verify": (1, self.tr("Đang kiểm tra chữ ký của lãnh đạo…")),
            "login": (2, self.tr("Đang mở USB token…")),
            "sign": (3, self.tr("Đang cấp số và ký số…")),
            "save": (4, self.tr("Đang lưu tệp và ghi sổ…")),
        }
        value, text = steps.get(name, (self.progress.value(), ""))
        self.progress.setValue(value)
        self.stage_label.setText(text)

    def wrong_pin(self, tries_left: object, last_try: bool) -> None:
        text = self.tr("Mã PIN sai.")
        if tries_left is not None:
            text += " " + self.tr("Còn {n} lần thử.").replace("{n}", str(tries_left))
        if last_try:
            text += " " + self.tr("Cẩn thận: nhập sai nữa token sẽ bị khóa.")
        self.pin_message.setText(text + " " + self.tr("Nhập lại mã PIN rồi bấm Ký số."))
        self.pin_edit.setEnabled(True)
        self.wizard.next_button.setEnabled(True)
        self.pin_edit.setFocus()


class DoneStep(QObject):
    """The number given, the file written; another document or the folder."""

    name = "done"

    def __init__(self, wizard: OutgoingWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.page = QWidget()
        v = QVBoxLayout(self.page)
        self.done_label = named(QLabel(), "done_label")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.done_label)
        row = QHBoxLayout()
        self.open_folder_button = named(QPushButton(self.tr("Mở thư &mục chứa tệp")), "open_folder_button")
        self.another_button = named(QPushButton(self.tr("Phát hành văn bản &khác")), "another_button")
        row.addWidget(self.open_folder_button)
        row.addWidget(self.another_button)
        row.addStretch(1)
        v.addLayout(row)
        v.addStretch(1)

    def enter(self, state: OutgoingState) -> None:
        issued = state.issued
        if issued is not None:
            e = issued.entry
            self.done_label.setText(
                self.tr("Đã cấp số {number} ngày {date}, ký số và lưu tệp:\n{path}\n\nĐã ghi vào {book}.")
                .replace("{number}", e.number_text)
                .replace("{date}", format_date_vn(e.draft.issued))
                .replace("{path}", str(issued.path))
                .replace("{book}", book_label(e.book))
            )
        self.another_button.setFocus()

    def validate(self) -> str | None:
        return None

    def can_auto_advance(self, state: OutgoingState) -> bool:
        return False

    def leave(self, state: OutgoingState) -> None:
        """The last step."""
