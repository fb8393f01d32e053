"""The outgoing issue wizard (issue 7, flow 3): open the PDF the leader signed → book and fields,
with the next number and today's date proposed → preview of where number, date and seal go
(drag to move) → PIN and signing in the background → saved under its SPEC §10 name and
recorded in the outgoing register.

Everything slow (verification, token, signing) runs off the GUI thread; the number is taken
only when the signature succeeds (services/outgoing.py).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.outgoing import make_draft, notation, number_text, series_of
from qlvb_desktop.domain.signing import MM, OutgoingNumber
from qlvb_desktop.domain.vocab import DOC_TYPES
from qlvb_desktop.services.paper_intake import write_atomic
from qlvb_desktop.ui.desk.common import Mark, PlacementPreview, Task, book_label, desk_error_text, named, run_task
from qlvb_desktop.ui.labels import doc_type_label
from qlvb_desktop.ui.signing.badge import VerificationBadge
from qlvb_desktop.ui.signing.dialog import GuiPinHandler

STEPS = ("file", "details", "preview", "sign", "done")
DEFAULT_NUMBER_AT_MM = (20.0, 38.0)


class OutgoingWizard(QDialog):
    """`desk` is the composition root's DeskArea (services and settings of this area)."""

    def __init__(self, desk: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.service = desk.outgoing
        self.setObjectName("outgoing_wizard")
        self.setWindowTitle(self.tr("Phát hành văn bản đi"))
        self.src: Path | None = None
        self.leader: Any = None  # (page index, Box) of the leader's signature
        self.issued: Any = None
        self.task: Task | None = None
        self.handler: GuiPinHandler | None = None
        self._cancel = threading.Event()
        self.number_at_mm = DEFAULT_NUMBER_AT_MM
        self.seal_offset_mm = (0.0, 0.0)
        # Work in progress, kept at every step so a crash or power cut brings the clerk back here
        self.wip_path = Path(desk.data_dir) / "desk" / "outgoing-wip.json"
        self._resume: dict[str, Any] | None = None

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

        self.stack.addWidget(self._build_file_page())
        self.stack.addWidget(self._build_details_page())
        self.stack.addWidget(self._build_preview_page())
        self.stack.addWidget(self._build_sign_page())
        self.stack.addWidget(self._build_done_page())
        # Enter means "the obvious next action" only: no other button is clicked by it.
        for b in self.findChildren(QPushButton):
            b.setAutoDefault(False)
        self.resize(920, 680)
        self.go("file")
        self._load_wip()

    # --- pages ----------------------------------------------------------------------------------

    def _build_file_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        intro = QLabel(self.tr("Chọn tệp PDF văn bản đã có chữ ký số của lãnh đạo. Phần mềm kiểm tra chữ ký trước."))
        intro.setWordWrap(True)
        v.addWidget(intro)
        row = QHBoxLayout()
        self.open_button = named(QPushButton(self.tr("&Mở tệp PDF…")), "open_button", self.tr("Mở tệp PDF"))
        self.open_button.clicked.connect(self.choose_file)
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
        return page

    def _build_details_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.book_combo = named(QComboBox(), "book_combo", self.tr("Sổ văn bản đi"))
        for b in self.service.books():
            self.book_combo.addItem(book_label(b.code, b.name), b.code)
        self.type_combo = named(QComboBox(), "type_combo", self.tr("Tên loại văn bản"))
        for name in DOC_TYPES:
            self.type_combo.addItem(doc_type_label(name), name)
        self.type_combo.setCurrentIndex(self.type_combo.findData("Công văn"))  # the most common
        self.unit_edit = named(QLineEdit(), "unit_edit", self.tr("Đơn vị soạn thảo"))
        self.unit_edit.setPlaceholderText(self.tr("chỉ với công văn, ví dụ VP"))
        self.abbr_edit = named(QLineEdit(self.desk.abbreviation), "abbr_edit", self.tr("Tên viết tắt cơ quan"))
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
        return page

    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        hint = QLabel(
            self.tr("Kéo khung để chỉnh vị trí (hoặc dùng phím mũi tên; Shift + mũi tên cho con dấu).")
        )
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
            sc = QShortcut(QKeySequence(key), page)
            sc.activated.connect(lambda dx=dx, dy=dy, seal=seal: self._nudge(dx, dy, seal))
        return page

    def _build_sign_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
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
        return page

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.done_label = named(QLabel(), "done_label")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.done_label)
        row = QHBoxLayout()
        self.open_folder_button = named(QPushButton(self.tr("Mở thư &mục chứa tệp")), "open_folder_button")
        self.open_folder_button.clicked.connect(self._open_folder)
        self.another_button = named(QPushButton(self.tr("Phát hành văn bản &khác")), "another_button")
        self.another_button.clicked.connect(self.restart)
        row.addWidget(self.open_folder_button)
        row.addWidget(self.another_button)
        row.addStretch(1)
        v.addLayout(row)
        v.addStretch(1)
        return page

    # --- navigation -----------------------------------------------------------------------------

    def step(self) -> str:
        return STEPS[self.stack.currentIndex()]

    def go(self, step: str) -> None:
        self.stack.setCurrentIndex(STEPS.index(step))
        titles = {
            "file": self.tr("Bước 1/4: Văn bản lãnh đạo đã ký"),
            "details": self.tr("Bước 2/4: Sổ, số và thông tin văn bản"),
            "preview": self.tr("Bước 3/4: Vị trí số, ngày và con dấu"),
            "sign": self.tr("Bước 4/4: Ký số của cơ quan"),
            "done": self.tr("Đã phát hành"),
        }
        self.step_label.setText(titles[step])
        self.message.setText("")
        self.back_button.setEnabled(step in ("details", "preview", "sign"))
        self.next_button.setVisible(step != "done")
        self.next_button.setText(self.tr("&Ký số và cấp số") if step == "sign" else self.tr("&Tiếp >"))
        self.next_button.setDefault(True)
        self.cancel_button.setText(self.tr("Đóng") if step == "done" else self.tr("Hủy"))
        self.next_button.setEnabled(step != "file" or self.leader is not None)
        if step in ("details", "preview", "sign"):
            self._save_wip(step)
        elif step == "done":
            self._clear_wip()
        focus = {
            "file": self.open_button,
            "details": self.subject_edit,
            "preview": self.number_preview,
            "sign": self.pin_edit,
            "done": self.another_button,
        }[step]
        focus.setFocus()

    def back(self) -> None:
        if self.task is not None and self.task.running():
            return
        i = STEPS.index(self.step())
        if i > 0:
            self.go(STEPS[i - 1])

    def next(self) -> None:
        step = self.step()
        if step == "file" and self.leader is not None:
            self.go("details")
            self.refresh_proposal()
        elif step == "details":
            if self._draft(report=True) is not None:
                self.go("preview")
                self._show_preview()
        elif step == "preview":
            self.go("sign")
            self._prepare_sign()
        elif step == "sign":
            self.sign()

    def restart(self) -> None:
        self._clear_wip()
        self.src, self.leader, self.issued = None, None, None
        self.file_label.setText(self.tr("Chưa chọn tệp."))
        self.badge.show_report(None)
        self.verify_reason.setText("")
        self.subject_edit.clear()
        self.number_at_mm, self.seal_offset_mm = DEFAULT_NUMBER_AT_MM, (0.0, 0.0)
        self.go("file")

    # --- step 1: the leader's file --------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn văn bản lãnh đạo đã ký"), str(Path.home()), self.tr("Tệp PDF (*.pdf)")
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        self.src, self.leader = path, None
        self.file_label.setText(path.name)
        self.badge.show_report(None)
        self.verify_reason.setText(self.tr("Đang kiểm tra chữ ký…"))
        self.next_button.setEnabled(False)
        extra = self.desk.extra_trust()

        def work() -> Any:
            report = self.service.check_leader(path, extra)
            return report, self.desk.leader_place(path)

        self.task = run_task(self, work, self._verified, self._verify_failed)

    def _verified(self, result: Any) -> None:
        report, place = result
        self.badge.show_report(report)
        self.verify_reason.setText(report.reason)
        self.leader = place
        self.next_button.setEnabled(place is not None)
        if self.step() == "file":
            self.next_button.setFocus()
        resume, self._resume = self._resume, None
        if resume and place is not None:
            self._apply_wip(resume)

    def _verify_failed(self, exc: BaseException) -> None:
        self.badge.show_report(None)
        self.verify_reason.setText("")
        self.message.setText(desk_error_text(exc))
        self.leader = None
        self.next_button.setEnabled(False)

    # --- step 2: book and fields ----------------------------------------------------------------

    def _notation(self) -> str:
        doc_type = self.type_combo.currentData()
        year = self.service.today().year if self.normative_check.isChecked() else None
        return notation(doc_type, self.abbr_edit.text(), self.unit_edit.text(), year=year)

    @Slot()
    def refresh_proposal(self) -> None:
        self.unit_edit.setEnabled(self.type_combo.currentData() == "Công văn")
        try:
            number, day = self.service.propose(
                self.book_combo.currentData(), self._notation(),
                series_of(self.type_combo.currentData(), self.normative_check.isChecked()),
            )
        except Exception as exc:
            self.proposed_label.setText(desk_error_text(exc))
            return
        self.proposed_label.setText(
            self.tr("Số: {number} — ngày {date}").replace("{number}", number).replace("{date}", format_date_vn(day))
        )

    def _draft(self, report: bool = False) -> Any:
        try:
            return make_draft(
                book=self.service.book(self.book_combo.currentData()),
                doc_type=self.type_combo.currentData(),
                subject=self.subject_edit.text(),
                issued=self.service.today(),
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
            if report:
                self.message.setText(desk_error_text(exc))
                field = getattr(exc, "field", "")
                widget = {"subject": self.subject_edit, "abbreviation": self.abbr_edit}.get(field)
                if widget is not None:
                    widget.setFocus()
            return None

    # --- step 3: preview ------------------------------------------------------------------------

    def _show_preview(self) -> None:
        assert self.src is not None and self.leader is not None
        draft = self._draft()
        number = number_text(self.service.repo.next_number(draft.book, draft.year, draft.series), draft.notation)
        nw, nh = self.desk.number_size_pt(number, draft.issued)
        line = OutgoingNumber(number, draft.issued)
        self.number_preview.set_page(self.src, 0)
        x_mm, y_mm = self.number_at_mm
        self.number_preview.marks.clear()
        self.number_preview.set_mark(
            Mark("number", f"{line.number_line}\n{line.date_line}", x_mm * MM, y_mm * MM, nw, nh, _blue())
        )
        page_ix, box = self.leader
        self.seal_preview.set_page(self.src, page_ix)
        self.seal_preview.marks.clear()
        ph = self.seal_preview.page_h
        self.seal_preview.set_mark(
            Mark("leader", "", box.x, ph - box.top, box.width, box.height, _grey(), movable=False)
        )
        size = self.desk.seal_size_pt()
        if size is None:
            self.message.setText(self.tr("Chưa có ảnh con dấu của cơ quan; hãy chọn ảnh con dấu trong Cài đặt."))
            return
        sw, sh = size
        dx, dy = self.seal_offset_mm
        # services: seal over the left third of the leader's signature (adapters/pdf/signer.seal_box)
        sx = box.x + box.width / 3 - sw + dx * MM
        sy_bottom = box.y + box.height / 2 - sh / 2 - dy * MM
        self.seal_preview.set_mark(Mark("seal", self.tr("Con dấu"), sx, ph - (sy_bottom + sh), sw, sh, _red()))

    def _number_moved(self, key: str, dx: float, dy: float) -> None:
        m = self.number_preview.marks["number"]
        self.number_at_mm = (round(m.x / MM, 1), round(m.y / MM, 1))

    def _seal_moved(self, key: str, dx: float, dy: float) -> None:
        ox, oy = self.seal_offset_mm
        self.seal_offset_mm = (round(ox + dx / MM, 1), round(oy + dy / MM, 1))

    def _nudge(self, dx: float, dy: float, seal: bool) -> None:
        if seal and "seal" in self.seal_preview.marks:
            self.seal_preview.nudge("seal", dx, dy)
        elif not seal and "number" in self.number_preview.marks:
            self.number_preview.nudge("number", dx, dy)

    # --- step 4: PIN and signing ----------------------------------------------------------------

    def _prepare_sign(self) -> None:
        draft = self._draft()
        assert self.src is not None and draft is not None
        self.summary_label.setText(f"{self.src.name}\n{book_label(draft.book)} — "
                                   f"{draft.doc_type}: {draft.subject}")
        self.progress.setValue(0)
        self.stage_label.setText("")
        self.pin_message.setText("")
        self.pin_edit.setEnabled(True)
        self.token_label.setText(self.tr("Đang tìm USB token…"))
        self.next_button.setEnabled(False)
        run_task(self, self.desk.token_info, self._token_found, self._token_missing)

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
        self.next_button.setEnabled(self.step() == "sign")

    def _token_missing(self, exc: BaseException) -> None:
        self.token_label.setText(desk_error_text(exc))
        self.message.setText(desk_error_text(exc))
        self.next_button.setEnabled(False)

    def sign(self) -> None:
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        if self.task is not None and self.task.running() and self.handler is not None:
            # a retry after a wrong PIN
            self.pin_edit.setEnabled(False)
            self.next_button.setEnabled(False)
            self.handler.supply(pin)
            return
        if not pin:
            self.pin_message.setText(self.tr("Nhập mã PIN của USB token."))
            return
        draft = self._draft(report=True)
        if draft is None or self.src is None:
            return
        self.pin_message.setText("")
        self.message.setText("")
        self.pin_edit.setEnabled(False)
        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self._cancel.clear()
        self.handler = GuiPinHandler()
        self.handler.pinNeeded.connect(self._wrong_pin)
        self.handler.supply(pin)
        spec = self.desk.sign_spec(seal_offset_mm=self.seal_offset_mm, number_at_mm=self.number_at_mm)
        src, handler = self.src, self.handler

        def work(task: Task) -> Any:
            return self.service.issue(
                src, draft, spec, handler, cancelled=self._cancel.is_set, stage=task.report_stage
            )

        self.task = Task(work, self)
        self.task.stage.connect(self._stage)
        self.task.done.connect(self._signed)
        self.task.failed.connect(self._sign_failed)
        self.task.start()
        self._stage("verify")

    @Slot(str)
    def _stage(self, name: str) -> None:
        steps = {
            "verify": (1, self.tr("Đang kiểm tra chữ ký của lãnh đạo…")),
            "login": (2, self.tr("Đang mở USB token…")),
            "sign": (3, self.tr("Đang cấp số và ký số…")),
            "save": (4, self.tr("Đang lưu tệp và ghi sổ…")),
        }
        value, text = steps.get(name, (self.progress.value(), ""))
        self.progress.setValue(value)
        self.stage_label.setText(text)

    @Slot(object, bool)
    def _wrong_pin(self, tries_left: object, last_try: bool) -> None:
        text = self.tr("Mã PIN sai.")
        if tries_left is not None:
            text += " " + self.tr("Còn {n} lần thử.").replace("{n}", str(tries_left))
        if last_try:
            text += " " + self.tr("Cẩn thận: nhập sai nữa token sẽ bị khóa.")
        self.pin_message.setText(text + " " + self.tr("Nhập lại mã PIN rồi bấm Ký số."))
        self.pin_edit.setEnabled(True)
        self.next_button.setEnabled(True)
        self.pin_edit.setFocus()

    def _signed(self, issued: Any) -> None:
        self.issued = issued
        self.task = None
        self.handler = None
        e = issued.entry
        self.go("done")
        self.done_label.setText(
            self.tr("Đã cấp số {number} ngày {date}, ký số và lưu tệp:\n{path}\n\nĐã ghi vào {book}.")
            .replace("{number}", e.number_text)
            .replace("{date}", format_date_vn(e.draft.issued))
            .replace("{path}", str(issued.path))
            .replace("{book}", book_label(e.book))
        )

    def _sign_failed(self, exc: BaseException) -> None:
        self.task = None
        self.handler = None
        self.progress.setValue(0)
        self.stage_label.setText("")
        self.message.setText(desk_error_text(exc))
        self.pin_edit.setEnabled(True)
        self.next_button.setEnabled(True)
        self.back_button.setEnabled(True)
        self.pin_edit.setFocus()

    def _open_folder(self) -> None:
        if self.issued is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.issued.path.parent)))

    # --- work in progress -----------------------------------------------------------------------

    def _save_wip(self, step: str) -> None:
        if self.src is None:
            return
        data = {
            "src": str(self.src),
            "step": step,
            "book": self.book_combo.currentData(),
            "doc_type": self.type_combo.currentData(),
            "unit": self.unit_edit.text(),
            "abbreviation": self.abbr_edit.text(),
            "normative": self.normative_check.isChecked(),
            "subject": self.subject_edit.text(),
            "signer_name": self.signer_name_edit.text(),
            "signer_title": self.signer_title_edit.text(),
            "recipients": self.recipients_edit.text(),
            "archive_unit": self.archive_edit.text(),
            "copies": self.copies_spin.value(),
            "number_at_mm": list(self.number_at_mm),
            "seal_offset_mm": list(self.seal_offset_mm),
        }
        try:
            # flushed to disk before the rename, as the paper wizard's state: survives a power cut
            write_atomic(self.wip_path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            self.message.setText(desk_error_text(exc))

    def _clear_wip(self) -> None:
        self.wip_path.unlink(missing_ok=True)

    def _load_wip(self) -> None:
        """Back at the step the clerk was at before a crash, with what was typed."""
        try:
            data = json.loads(self.wip_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        src = Path(str(data.get("src", "")))
        if not src.is_file():
            self._clear_wip()
            return
        self._resume = data
        self.open_file(src)

    def _apply_wip(self, data: dict[str, Any]) -> None:
        for combo, key in ((self.book_combo, "book"), (self.type_combo, "doc_type")):
            ix = combo.findData(data.get(key))
            if ix >= 0:
                combo.setCurrentIndex(ix)
        for edit, key in (
            (self.unit_edit, "unit"), (self.abbr_edit, "abbreviation"), (self.subject_edit, "subject"),
            (self.signer_name_edit, "signer_name"), (self.signer_title_edit, "signer_title"),
            (self.recipients_edit, "recipients"), (self.archive_edit, "archive_unit"),
        ):
            edit.setText(str(data.get(key, "")))
        self.normative_check.setChecked(bool(data.get("normative")))
        self.copies_spin.setValue(int(data.get("copies") or 0))
        x, y = data.get("number_at_mm") or DEFAULT_NUMBER_AT_MM
        dx, dy = data.get("seal_offset_mm") or (0.0, 0.0)
        self.number_at_mm, self.seal_offset_mm = (float(x), float(y)), (float(dx), float(dy))
        self.next()  # to the details
        target = data.get("step")
        if target in ("preview", "sign") and self.step() == "details":
            self.next()
        if target == "sign" and self.step() == "preview":
            self.next()

    # --- closing --------------------------------------------------------------------------------

    def signing(self) -> bool:
        return self.task is not None and self.task.running() and self.step() == "sign"

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
            self._clear_wip()  # the clerk closed it: nothing to bring back
        super().closeEvent(event)

    def reject(self) -> None:
        if self.signing():
            self.close()
            return
        super().reject()

    def cancel_signing(self) -> None:
        """Stops before the number is taken if the signature has not started; a signature
        already under way finishes (and is recorded) rather than leaving a half-issued document."""
        self._cancel.set()
        if self.handler is not None:
            self.handler.cancel()


def _blue() -> Any:
    from PySide6.QtGui import QColor

    return QColor(11, 83, 148)


def _red() -> Any:
    from PySide6.QtGui import QColor

    return QColor(200, 0, 0)


def _grey() -> Any:
    from PySide6.QtGui import QColor

    return QColor(90, 90, 90)
