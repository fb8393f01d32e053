"""Electronic intake (issue 7, flow 2): for each received PDF, the verification result first;
an invalid (or misaddressed) document is refused with a reason; a valid one goes to the fields
step, pre-filled from its text layer, and is registered with channel "electronic". A folder or
several dropped files are taken one after another without leaving the dialog."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.errors import DuplicateError
from qlvb_desktop.domain.signing import CHANGE_LABELS
from qlvb_desktop.ui.desk.common import desk_error_text, named, run_task
from qlvb_desktop.ui.extract.form import ProposalForm
from qlvb_desktop.ui.labels import arrival_label
from qlvb_desktop.ui.operations import WRITE
from qlvb_desktop.ui.signing.badge import VerificationBadge

STEPS = ("verify", "fields", "finished")


class ElectronicIntakeDialog(QDialog):
    """`on_registered(registration)` lets the main window refresh its register."""

    def __init__(self, desk: Any, paths: Sequence[Path], parent: QWidget | None = None,
                 on_registered: Any = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.intake = desk.electronic
        self.on_registered = on_registered
        self.setObjectName("electronic_intake")
        self.setWindowTitle(self.tr("Nhận văn bản điện tử"))
        self.queue: list[Path] = []
        self.current: Any = None  # the Inspection being shown
        self.proposal: dict[str, Any] = {}
        self.done_lines: list[str] = []
        self.busy = False

        layout = QVBoxLayout(self)
        self.position_label = named(QLabel(), "position_label")
        self.position_label.setStyleSheet("font-weight: bold; font-size: 12pt;")
        layout.addWidget(self.position_label)
        self.stack = named(QStackedWidget(), "steps")
        layout.addWidget(self.stack, 1)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.refuse_button = named(QPushButton(self.tr("&Từ chối…")), "refuse_button")
        self.skip_button = named(QPushButton(self.tr("&Bỏ qua")), "skip_button")
        self.next_button = named(QPushButton(self.tr("&Tiếp: nhập thông tin >")), "next_button")
        self.close_button = named(QPushButton(self.tr("Đóng")), "close_button")
        row.addWidget(self.refuse_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.refuse_button.clicked.connect(self.ask_refuse)
        self.skip_button.clicked.connect(self.advance)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close)

        # verification step
        page = QWidget()
        v = QVBoxLayout(page)
        self.file_label = named(QLabel(), "file_label")
        self.file_label.setWordWrap(True)
        v.addWidget(self.file_label)
        self.badge = VerificationBadge()
        self.badge.setAccessibleName(self.tr("Kết quả kiểm tra chữ ký"))
        v.addWidget(self.badge)
        self.reason_label = named(QLabel(), "reason_label")
        self.reason_label.setWordWrap(True)
        v.addWidget(self.reason_label)
        self.checks_list = named(QListWidget(), "checks_list", self.tr("Các chữ ký trong tệp"))
        v.addWidget(self.checks_list, 1)
        self.stack.addWidget(page)
        # fields step
        page = QWidget()
        v = QVBoxLayout(page)
        self.form = ProposalForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        v.addWidget(scroll, 1)
        self.stack.addWidget(page)
        # finished
        page = QWidget()
        v = QVBoxLayout(page)
        self.summary_label = named(QLabel(), "summary_label")
        self.summary_label.setWordWrap(True)
        v.addWidget(self.summary_label)
        v.addStretch(1)
        self.stack.addWidget(page)

        for b in self.findChildren(QPushButton):
            b.setAutoDefault(False)  # Enter clicks the default button only
        self.resize(860, 640)
        self.add_files(paths)

    # --- queue ----------------------------------------------------------------------------------

    def add_files(self, paths: Sequence[Path]) -> None:
        try:
            files = self.intake.expand(list(paths))
        except Exception as exc:
            self.message.setText(desk_error_text(exc))
            files = []
        start = self.current is None and not self.queue
        self.queue.extend(files)
        if start:
            self.advance()

    def step(self) -> str:
        return STEPS[self.stack.currentIndex()]

    def advance(self) -> None:
        """The next file of the queue, or the summary."""
        self.message.setText("")
        if not self.queue:
            self.current = None
            self.stack.setCurrentIndex(STEPS.index("finished"))
            self.position_label.setText(self.tr("Đã xử lý xong"))
            self.summary_label.setText("\n".join(self.done_lines) or self.tr("Không có tệp nào."))
            for b in (self.refuse_button, self.skip_button, self.next_button):
                b.setVisible(False)
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            return
        path = self.queue.pop(0)
        self.stack.setCurrentIndex(STEPS.index("verify"))
        self.position_label.setText(
            self.tr("Kiểm tra chữ ký số (còn {n} tệp sau tệp này)").replace("{n}", str(len(self.queue)))
        )
        for b in (self.refuse_button, self.skip_button, self.next_button):
            b.setVisible(True)
        self.file_label.setText(str(path))
        self.badge.show_report(None)
        self.reason_label.setText(self.tr("Đang kiểm tra chữ ký…"))
        self.checks_list.clear()
        self._set_busy(True)
        run_task(self, lambda: self.intake.inspect(path), self._inspected, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        acceptable = self.current is not None and self.current.acceptable
        self.refuse_button.setEnabled(not busy and self.current is not None)
        self.next_button.setEnabled(not busy and (acceptable or self.step() == "fields"))
        self.skip_button.setEnabled(not busy)

    def _inspected(self, inspection: Any) -> None:
        self.current = inspection
        report = inspection.report
        self.badge.show_report(report)
        self.reason_label.setText(report.reason)
        for c in report.checks:
            when = c.signing_time.strftime("%d/%m/%Y %H:%M") if c.signing_time else "?"
            line = f"{c.signer or c.field_name} ({c.organization}) — {when}: " + (
                "; ".join(c.problems + c.warnings) or self.tr("hợp lệ")
            )
            if c.later_changes:
                line += " — " + self.tr("sau khi ký: ") + "; ".join(CHANGE_LABELS[k] for k in c.later_changes)
            self.checks_list.addItem(line)
        self._set_busy(False)
        target = self.next_button if inspection.acceptable else self.refuse_button
        target.setDefault(True)
        target.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(desk_error_text(exc))
        self._set_busy(False)
        self.skip_button.setDefault(True)
        self.skip_button.setFocus()

    # --- fields and registration ----------------------------------------------------------------

    def next(self) -> None:
        if self.busy or self.current is None:
            return
        if self.step() == "verify" and self.current.acceptable:
            self.stack.setCurrentIndex(STEPS.index("fields"))
            self.position_label.setText(self.tr("Thông tin vào sổ (đọc từ tệp; kiểm tra trước khi vào sổ)"))
            self.next_button.setText(self.tr("&Vào sổ"))
            self._set_busy(True)
            inspection = self.current
            run_task(self, lambda: self.intake.propose(inspection), self._proposed, self._propose_failed)
        elif self.step() == "fields":
            self.register()

    def _proposed(self, proposal: dict[str, Any]) -> None:
        self.proposal = proposal
        self.form.set_proposal(proposal)
        self._set_busy(False)
        self.next_button.setDefault(True)
        attention = self.form.fields_needing_attention()
        (self.form.edits[attention[0]] if attention else self.form.edits["issuer"]).setFocus()

    def _propose_failed(self, exc: BaseException) -> None:
        # the fields are typed by hand then
        self.message.setText(desk_error_text(exc))
        self.form.set_proposal({})
        self._set_busy(False)
        self.form.edits["issuer"].setFocus()

    def register(self, confirm_duplicate: bool = False) -> None:
        values: dict[str, Any] = {k: v for k, v in self.form.values().items() if v}
        values.pop("recipients", None)
        inspection = self.current
        self._set_busy(True)
        run_task(
            self,
            lambda: self.intake.register(inspection, values, confirm_duplicate=confirm_duplicate),
            self._registered,
            self._register_failed,
            lane=WRITE,
        )

    def _registered(self, reg: Any) -> None:
        self.done_lines.append(
            self.tr("Đã vào sổ số đến {n}: {name}").replace("{n}", arrival_label(reg.arrival_number))
            .replace("{name}", self.current.path.name)
        )
        if self.on_registered is not None:
            self.on_registered(reg)
        self.next_button.setText(self.tr("&Tiếp: nhập thông tin >"))
        self.current = None
        self.advance()

    def _register_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, DuplicateError):
            answer = QMessageBox.question(self, self.tr("Có thể trùng"), desk_error_text(exc))
            if answer == QMessageBox.StandardButton.Yes:
                self.register(confirm_duplicate=True)
            return
        self.message.setText(desk_error_text(exc))
        field = getattr(exc, "field", "")
        if field in self.form.edits:
            self.form.edits[field].setFocus()

    # --- refusing -------------------------------------------------------------------------------

    def ask_refuse(self) -> None:
        if self.current is None or self.busy:
            return
        default = "" if self.current.acceptable else self.tr("Chữ ký số không hợp lệ: ") + self.current.report.reason
        reason, ok = QInputDialog.getText(
            self, self.tr("Từ chối văn bản"), self.tr("Lý do (sẽ báo lại cho nơi gửi):"), QLineEdit.EchoMode.Normal,
            default,
        )
        if ok:
            self.refuse(reason)

    def refuse(self, reason: str) -> None:
        inspection = self.current
        self._set_busy(True)
        run_task(self, lambda: self.intake.refuse(inspection, reason), self._refused, self._failed, lane=WRITE)

    def _refused(self, refusal: Any) -> None:
        self.done_lines.append(
            self.tr("Đã từ chối {name}: {reason} (cần báo nơi gửi)")
            .replace("{name}", refusal.file.name).replace("{reason}", refusal.reason)
        )
        self.current = None
        self.advance()

    def closeEvent(self, event: Any) -> None:
        if self.busy:
            event.ignore()  # a write under way finishes first (it takes a moment)
            return
        super().closeEvent(event)
