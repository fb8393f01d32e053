"""The "Hồ sơ" section under the detail pane (issue 17 second pass): the case files the selected
registration is in (with its DocOrdinal in each), "Đưa vào hồ sơ…" with completion of the open
case files of the registration's year, and taking it out of a file that is still open.

Self-contained: it follows the registration the detail pane shows (`show_registration`) and
works through the window's `Operations` (reads in the pool, filing on the write worker); a
write announces the registration as changed, so the pane re-reads fields 1–2 and this section
with it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.casefiles import CaseFile, CaseFileStatus, DocKind
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.services.casefiles import CaseFileService
from qlvb_desktop.ui.completion import HistoryCompletion
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import OpChanges, Operations

SEPARATOR = " — "


class CaseFileSection(QWidget):
    def __init__(self, casefiles: CaseFileService, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casefile_section")
        self._svc = casefiles
        self._ops = ops
        self._reg: Registration | None = None
        self._open_files: dict[str, CaseFile] = {}  # completion text -> open case file of the year
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Hồ sơ"), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.files_list = QListWidget(self)
        self.files_list.setObjectName("casefile_memberships")
        self.files_list.setMaximumHeight(70)
        self.files_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.files_list)
        row = QHBoxLayout()
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("casefile_code")
        self.code_edit.setPlaceholderText(self.tr("Đưa vào hồ sơ… (gõ số, ký hiệu hoặc tên hồ sơ)"))
        self.code_edit.returnPressed.connect(self.file_into)
        self.code_edit.textChanged.connect(lambda *_: self._update_buttons())
        self.completion = HistoryCompletion(self.code_edit)
        self.add_button = QPushButton(self.tr("Đưa vào hồ sơ"), self)
        self.add_button.setObjectName("casefile_add")
        self.add_button.clicked.connect(self.file_into)
        self.remove_button = QPushButton(self.tr("Rút khỏi hồ sơ"), self)
        self.remove_button.setObjectName("casefile_remove")
        self.remove_button.setToolTip(self.tr("Bỏ văn bản ra khỏi hồ sơ đang chọn (chỉ khi hồ sơ chưa kết thúc)"))
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.code_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setObjectName("casefile_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.show_registration(None)

    # --- showing ----------------------------------------------------------------------------------

    def show_registration(self, reg: Registration | None) -> None:
        """Follow the detail pane: load the memberships and the open case files of the year."""
        same = reg is not None and self._reg is not None and reg.id == self._reg.id
        self._reg = reg
        if not same:
            self.message.clear()
            self.code_edit.clear()
        self.files_list.clear()
        self.setEnabled(reg is not None)
        self._update_buttons()
        if reg is None:
            return
        rid, year = reg.id, reg.year
        self._ops.read(
            lambda: (self._svc.files_of(DocKind.INCOMING, rid),
                     [cf for cf, _n in self._svc.case_files(year=year, status=CaseFileStatus.OPEN)]),
            lambda found: self._loaded(rid, *found),
            lambda exc: self._failed(rid, exc),
            owner=self,
        )

    def _loaded(self, rid: int, memberships: list[tuple[CaseFile, int]], open_files: list[CaseFile]) -> None:
        if self._reg is None or self._reg.id != rid:
            return
        self.files_list.clear()
        for cf, ordinal in memberships:
            closed = cf.status is CaseFileStatus.CLOSED
            text = self.tr("{code} — số thứ tự {ordinal} — {title}").format(
                code=cf.notation, ordinal=ordinal, title=cf.title)
            if closed:
                text += " " + self.tr("(đã kết thúc)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (cf, ordinal))
            self.files_list.addItem(item)
        if not memberships:
            self.files_list.addItem(QListWidgetItem(self.tr("Văn bản chưa thuộc hồ sơ nào.")))
        inside = {cf.id for cf, _o in memberships}
        self._open_files = {f"{cf.notation}{SEPARATOR}{cf.title}": cf for cf in open_files if cf.id not in inside}
        self.completion.set_values(list(self._open_files))
        self._update_buttons()

    def _failed(self, rid: int, exc: BaseException) -> None:
        if self._reg is not None and self._reg.id == rid:
            self.message.setText(error_text(exc))

    def _selected(self) -> tuple[CaseFile, int] | None:
        item = self.files_list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, tuple) else None

    def _update_buttons(self) -> None:
        chosen = self._selected()
        self.remove_button.setEnabled(chosen is not None and chosen[0].status is CaseFileStatus.OPEN)
        self.add_button.setEnabled(self._reg is not None and bool(self.code_edit.text().strip()))

    # --- actions ------------------------------------------------------------------------------------

    def file_into(self) -> None:
        """File the registration into the case file typed or picked (its code, or a completion)."""
        reg, typed = self._reg, self.code_edit.text().strip()
        if reg is None or not typed:
            return
        picked = self._open_files.get(typed)
        code = picked.notation if picked is not None else typed.split(SEPARATOR)[0].strip()
        rid, year, svc = reg.id, reg.year, self._svc

        def work() -> tuple[CaseFile, int]:
            cf = svc.resolve(code, year)
            return cf, svc.add(cf, DocKind.INCOMING, rid)

        def done(result: tuple[CaseFile, int]) -> None:
            cf, ordinal = result
            self.code_edit.clear()
            self.message.setText(self.tr("Đã đưa văn bản vào hồ sơ {code}, số thứ tự {ordinal}.").format(
                code=cf.notation, ordinal=ordinal))

        self._ops.write(work, lambda _r: OpChanges(registrations=frozenset({rid})), done, self._fail, owner=self)

    def remove_selected(self) -> None:
        chosen, reg = self._selected(), self._reg
        if chosen is None or reg is None:
            return
        cf, ordinal = chosen
        rid, svc = reg.id, self._svc
        self._ops.write(
            lambda: svc.remove(cf, ordinal), lambda _r: OpChanges(registrations=frozenset({rid})),
            lambda _r: self.message.setText(self.tr("Đã rút văn bản khỏi hồ sơ {code}.").format(code=cf.notation)),
            self._fail, owner=self,
        )

    def _fail(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
