"""The screens of the paper intake wizard, one widget per step. They hold no service calls: the
wizard (`wizard.py`) runs every call in the background and hands the results to them."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.capture import QualityWarning, ScanSettings, Source
from qlvb_desktop.services.paper_intake import PageRecord
from qlvb_desktop.ui.capture.page_list import CapturedPage, PageList
from qlvb_desktop.ui.date_field import DateField
from qlvb_desktop.ui.extract.form import ProposalForm, link
from qlvb_desktop.ui.extract.form import _label as field_title
from qlvb_desktop.ui.extract.preview import PagePreview
from qlvb_desktop.ui.labels import arrival_label
from qlvb_desktop.ui.signing.preview import MM, StampPlacementPreview

URGENT_RED = "#c62828"
FILES = "files:"


def thumb_array(image: QImage) -> np.ndarray:
    """A thumbnail as the BGR array `PageList` draws (and turns) its icons from."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    buffer = np.frombuffer(rgb.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    return np.ascontiguousarray(buffer[:, : width * 3].reshape(height, width, 3)[:, :, ::-1])


def captured(record: PageRecord, thumb: QImage) -> CapturedPage:
    warnings = tuple(QualityWarning(w) for w in record.warnings if w in set(QualityWarning))
    page = CapturedPage(thumb_array(thumb), record.dpi, record.origin, record.blank, record.blank_score, warnings)
    page.extra["record"] = record
    return page


def set_accessible(widget: QWidget, name: str) -> None:
    widget.setAccessibleName(name)
    if not widget.toolTip():
        widget.setToolTip(name)


class CaptureStep(QWidget):
    """Choose the source (scanner profile, scanner, or files) and capture; thumbnails stream in."""

    scanRequested = Signal()
    filesRequested = Signal()
    refreshRequested = Signal()
    rememberRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_capture_step")
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("intake_source")
        self.source_combo.addItem(self.tr("Tệp bản quét trên máy (PDF, ảnh)"), FILES)
        self.refresh_button = QPushButton(self.tr("Tìm máy quét"), self)
        self.refresh_button.setObjectName("intake_refresh")
        self.feeder_combo = QComboBox(self)
        self.feeder_combo.setObjectName("intake_feeder")
        self.feeder_combo.addItem(self.tr("Khay nạp giấy"), Source.FEEDER.value)
        self.feeder_combo.addItem(self.tr("Mặt kính"), Source.FLATBED.value)
        self.duplex_check = QCheckBox(self.tr("Hai mặt"), self)
        self.duplex_check.setObjectName("intake_duplex")
        self.dpi_spin = QSpinBox(self)
        self.dpi_spin.setObjectName("intake_dpi")
        self.dpi_spin.setRange(100, 600)
        self.dpi_spin.setSingleStep(50)
        self.dpi_spin.setValue(300)
        self.dpi_spin.setSuffix(" dpi")
        self.color_check = QCheckBox(self.tr("Màu"), self)
        self.color_check.setObjectName("intake_color")
        self.color_check.setChecked(True)
        self.remember_button = QPushButton(self.tr("Lưu thành hồ sơ máy quét"), self)
        self.remember_button.setObjectName("intake_remember")
        self.scan_button = QPushButton(self.tr("Quét (F5)"), self)
        self.scan_button.setObjectName("intake_scan")
        self.files_button = QPushButton(self.tr("Chọn tệp… (Ctrl+O)"), self)
        self.files_button.setObjectName("intake_files")
        self.hint = QLabel(
            self.tr(
                "Đặt cả xấp văn bản vào khay, chèn tờ phân cách giữa các văn bản; "
                "hoặc chọn tệp bản quét. Các trang hiện ra ngay khi quét xong."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.pages = PageList(self)
        self.pages.setObjectName("intake_capture_pages")
        self.pages.setDragDropMode(PageList.DragDropMode.NoDragDrop)

        source_row = QHBoxLayout()
        source_row.addWidget(self.source_combo, 1)
        source_row.addWidget(self.refresh_button)
        options = QHBoxLayout()
        for w in (self.feeder_combo, self.duplex_check, self.dpi_spin, self.color_check, self.remember_button):
            options.addWidget(w)
        options.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Nguồn:"), source_row)
        form.addRow(self.tr("Thiết lập:"), options)
        actions = QHBoxLayout()
        actions.addWidget(self.scan_button)
        actions.addWidget(self.files_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.hint)
        layout.addWidget(self.pages, 1)

        for widget, name in (
            (self.source_combo, self.tr("Nguồn bản quét")),
            (self.feeder_combo, self.tr("Khay giấy")),
            (self.dpi_spin, self.tr("Độ phân giải")),
            (self.pages, self.tr("Các trang đã quét")),
        ):
            set_accessible(widget, name)
        self.scan_button.clicked.connect(self.scanRequested)
        self.files_button.clicked.connect(self.filesRequested)
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.remember_button.clicked.connect(self.rememberRequested)
        self.source_combo.currentIndexChanged.connect(lambda _i: self._source_changed())
        self._profiles: dict[str, ScanSettings] = {}
        self._source_changed()

    def set_sources(self, profiles: list[Any], devices: list[Any]) -> None:
        current = self.source_combo.currentData()
        self.source_combo.blockSignals(True)
        self.source_combo.clear()
        self.source_combo.addItem(self.tr("Tệp bản quét trên máy (PDF, ảnh)"), FILES)
        self._profiles = {p.device_id: p.settings for p in profiles}
        for p in profiles:
            self.source_combo.addItem(self.tr("Hồ sơ: {name}").format(name=p.name), p.device_id)
        for info in devices:
            if info.id in self._profiles:
                continue
            if info.available:
                self.source_combo.addItem(info.name, info.id)
            else:
                self.source_combo.addItem(
                    self.tr("{name} (không dùng được: {reason})").format(name=info.name, reason=info.reason), None
                )
        self.source_combo.blockSignals(False)
        index = self.source_combo.findData(current) if current else -1
        self.source_combo.setCurrentIndex(index if index >= 0 else (1 if profiles else 0))
        self._source_changed()

    def device(self) -> str | None:
        data = self.source_combo.currentData()
        return None if data in (None, FILES) else str(data)

    def _source_changed(self) -> None:
        scanner = self.device() is not None
        for w in (self.feeder_combo, self.duplex_check, self.dpi_spin, self.color_check, self.remember_button):
            w.setEnabled(scanner)
        self.scan_button.setEnabled(scanner)
        settings = self._profiles.get(self.device() or "")
        if settings is not None:
            self.feeder_combo.setCurrentIndex(max(0, self.feeder_combo.findData(settings.source.value)))
            self.duplex_check.setChecked(settings.duplex)
            self.dpi_spin.setValue(settings.dpi)
            self.color_check.setChecked(settings.color)

    def settings(self) -> ScanSettings:
        return ScanSettings(
            Source(self.feeder_combo.currentData()),
            self.duplex_check.isChecked(),
            self.dpi_spin.value(),
            self.color_check.isChecked(),
        )

    def add_page(self, record: PageRecord, thumb: QImage, new_document: bool) -> None:
        page = captured(record, thumb)
        page.new_document = new_document and self.pages.count() > 0
        self.pages.add_page(page)
        self.pages.scrollToBottom()

    def clear(self) -> None:
        self.pages.clear()


class PagesStep(QWidget):
    """The document's pages: drag or Ctrl+↑/↓ to reorder, turn, delete, split, blank flags."""

    splitRequested = Signal(int)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_pages_step")
        self.pages = PageList(self)
        self.pages.setObjectName("intake_pages")
        set_accessible(self.pages, self.tr("Các trang của văn bản"))
        self.info = QLabel(self)
        self.info.setObjectName("intake_pages_info")
        self.info.setWordWrap(True)
        buttons: list[tuple[str, str, str]] = [
            ("rotate_left", self.tr("Xoay trái (Ctrl+L)"), "Ctrl+L"),
            ("rotate_right", self.tr("Xoay phải (Ctrl+R)"), "Ctrl+R"),
            ("move_up", self.tr("Lên trước (Ctrl+↑)"), "Ctrl+Up"),
            ("move_down", self.tr("Xuống sau (Ctrl+↓)"), "Ctrl+Down"),
            ("blank", self.tr("Trang trắng / không (Ctrl+B)"), "Ctrl+B"),
            ("delete", self.tr("Xóa trang (Delete)"), "Delete"),
            ("split", self.tr("Tách văn bản từ trang này (Ctrl+T)"), "Ctrl+T"),
        ]
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (key, text, shortcut) in enumerate(buttons):
            button = QPushButton(text, self)
            button.setObjectName(f"intake_pages_{key}")
            button.setShortcut(shortcut)
            button.setAutoDefault(False)
            self.buttons[key] = button
            grid.addWidget(button, i // 4, i % 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.pages, 1)
        layout.addLayout(grid)
        self.buttons["rotate_left"].clicked.connect(lambda: self.rotate(-90))
        self.buttons["rotate_right"].clicked.connect(lambda: self.rotate(90))
        self.buttons["move_up"].clicked.connect(lambda: self.move_page(-1))
        self.buttons["move_down"].clicked.connect(lambda: self.move_page(1))
        self.buttons["blank"].clicked.connect(self.toggle_blank)
        self.buttons["delete"].clicked.connect(self.delete)
        self.buttons["split"].clicked.connect(self._split)
        self.pages.model().rowsMoved.connect(lambda *_a: self.changed.emit())

    def load(self, pages: list[tuple[PageRecord, QImage]]) -> None:
        self.pages.clear()
        for record, thumb in pages:
            self.pages.add_page(captured(record, thumb))
        if self.pages.count():
            self.pages.setCurrentRow(0)
        self._update_info()

    def records(self) -> list[PageRecord]:
        return [p.extra["record"] for p in self.pages.pages()]

    def _update_info(self) -> None:
        records = self.records()
        blank = sum(1 for r in records if r.blank)
        text = self.tr("{n} trang").format(n=len(records))
        if blank:
            text += " · " + self.tr("{n} trang trắng (không đưa vào văn bản)").format(n=blank)
        self.info.setText(text)

    def rotate(self, degrees: int) -> None:
        for row in self.pages.selected_rows():
            record: PageRecord = self.pages.page_at(row).extra["record"]
            record.rotation = (record.rotation + degrees) % 360
        self.pages.rotate_selected(clockwise=degrees > 0)
        self.changed.emit()

    def move_page(self, delta: int) -> None:
        row = self.pages.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.pages.count():
            return
        self.pages.move_row(row, target)
        self.changed.emit()

    def toggle_blank(self) -> None:
        for row in self.pages.selected_rows():
            page = self.pages.page_at(row)
            page.blank = not page.blank
            page.extra["record"].blank = page.blank
        self.pages.refresh_all()
        self._update_info()
        self.changed.emit()

    def delete(self) -> None:
        if len(self.pages.selected_rows()) >= self.pages.count():
            return  # a document keeps at least one page; drop the document instead
        self.pages.delete_selected()
        self._update_info()
        self.changed.emit()

    def _split(self) -> None:
        row = self.pages.currentRow()
        if row > 0:
            self.splitRequested.emit(row)


class FieldsStep(QWidget):
    """The register fields pre-filled by the extractor, with confidence and the source box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_fields_step")
        self.preview = PagePreview(self)
        set_accessible(self.preview, self.tr("Ảnh trang văn bản"))
        self.form = ProposalForm(self)
        link(self.form, self.preview)
        for name, edit in self.form.edits.items():
            edit.setAccessibleName(field_title(name))
        self.status = QLabel(self)
        self.status.setObjectName("intake_fields_status")
        self.status.setWordWrap(True)
        self.duplicate = QLabel(self)
        self.duplicate.setObjectName("intake_duplicate")
        self.duplicate.setWordWrap(True)
        self.duplicate.setStyleSheet(f"QLabel {{ color: {URGENT_RED}; font-weight: bold; }}")
        self.duplicate.hide()
        self.confirm_duplicate = QCheckBox(self.tr("Tôi đã kiểm tra: vẫn vào sổ văn bản này"), self)
        self.confirm_duplicate.setObjectName("intake_confirm_duplicate")
        self.confirm_duplicate.hide()
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status)
        column.addWidget(self.duplicate)
        column.addWidget(self.confirm_duplicate)
        scroller = QScrollArea(right)
        scroller.setWidget(self.form)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        column.addWidget(scroller, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.preview)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.form.edits["urgency"].textChanged.connect(self._urgency_colour)

    def _urgency_colour(self, text: str) -> None:
        edit = self.form.edits["urgency"]
        palette = edit.palette()
        palette.setColor(
            QPalette.ColorRole.Text,
            QColor(URGENT_RED) if text.strip() else self.palette().color(QPalette.ColorRole.Text),
        )
        edit.setPalette(palette)

    def clear(self) -> None:
        self.form.set_proposal({})
        self.preview.set_pages([])
        self.show_duplicates([])

    def set_images(self, images: list[QImage], sizes: list[QSize] | None) -> None:
        self.preview.set_pages(images, sizes)

    def set_values(self, values: dict[str, Any], proposal: dict[str, Any] | None) -> None:
        merged = dict(proposal or {})
        merged.update(values)
        self.form.set_proposal(merged)
        self._urgency_colour(self.form.edits["urgency"].text())

    def values(self) -> dict[str, str]:
        return self.form.values()

    def focus_first(self) -> None:
        """Focus the first field that needs attention (or the first field)."""
        names = self.form.fields_needing_attention() or list(self.form.edits)
        edit = self.form.edits[names[0]]
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.selectAll()
        # The preview frames where that field was read even when the edit already had focus (no
        # FocusIn then) or the window is not active yet.
        self.form.field_activated.emit(names[0])

    def focus_field(self, name: str) -> bool:
        edit = self.form.edits.get(name)
        if edit is None and name in ("code_number", "code_notation"):
            edit = self.form.edits["number"]
        if edit is None:
            return False
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.selectAll()
        self.form.field_activated.emit(edit.objectName().removeprefix("field_"))
        return True

    def show_duplicates(self, found: list[Any]) -> None:
        if not found:
            self.duplicate.hide()
            self.confirm_duplicate.hide()
            self.confirm_duplicate.setChecked(False)
            return
        numbers = ", ".join(arrival_label(r.arrival_number, r.year) for r in found)
        self.duplicate.setText(
            self.tr("Có thể trùng: văn bản này giống văn bản đã vào sổ số đến {numbers}.").format(numbers=numbers)
        )
        self.duplicate.show()
        self.confirm_duplicate.show()


class RegisterStep(QWidget):
    """The number the register gave."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_register_step")
        self.number = QLabel(self)
        self.number.setObjectName("intake_arrival_number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self.number.setFont(font)
        self.details = QLabel(self)
        self.details.setObjectName("intake_register_details")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.number)
        layout.addWidget(self.details)
        layout.addStretch(2)

    def show_registration(self, reg: Any, book_name: str) -> None:
        """`book_name`: the book as the clerk knows it ("Sổ văn bản đến", never its code "den")."""
        self.number.setText(self.tr("Số đến: {number}").format(number=arrival_label(reg.arrival_number)))
        self.number.setAccessibleName(self.number.text())
        when = reg.draft.received_at.strftime("%H:%M %d/%m/%Y")
        self.details.setText(
            self.tr("Đã vào {book} năm {year}, lúc {when}.\n{subject}").format(
                book=book_name, year=reg.year, when=when, subject=reg.draft.subject
            )
        )


class StampStep(QWidget):
    """Page 1 with the ĐẾN stamp where it will go: drag it, or move it with the arrow keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_stamp_step")
        self.view = StampPlacementPreview(self, scale=1.0)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        set_accessible(self.view, self.tr("Vị trí dấu ĐẾN trên trang 1 (kéo hoặc dùng phím mũi tên)"))
        self.moved = False
        self.view.positionChanged.connect(self._moved)
        self.info = QLabel(self)
        self.info.setObjectName("intake_stamp_info")
        self.info.setWordWrap(True)
        scroller = QScrollArea(self)
        scroller.setWidget(self.view)
        scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(scroller, 1)
        self.view.installEventFilter(self)

    def _moved(self, x: float, y: float) -> None:
        self.moved = True
        self.info.setText(self.tr("Dấu ĐẾN ở {x:.0f} mm từ mép trái, {y:.0f} mm từ mép trên.").format(x=x, y=y))

    def show_page(self, image: QImage, w_pt: float, h_pt: float, box: list[float] | None, needs_place: bool) -> None:
        position = None
        if box is not None:
            position = (box[0] / MM, (h_pt - box[1] - box[3]) / MM)
        self.view.set_rendered(image, w_pt, h_pt, position)
        self.moved = False
        if needs_place:
            self.info.setText(
                self.tr("Trang 1 không có chỗ trống đủ cho dấu ĐẾN: kéo dấu tới chỗ thích hợp rồi nhấn Enter.")
            )
        else:
            self.info.setText(self.tr("Dấu ĐẾN đặt ở chỗ trống; kéo để dời (hoặc phím mũi tên), Enter để đóng dấu."))

    def position_mm(self) -> tuple[float, float] | None:
        return self.view.position_mm() if self.moved else None

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.view and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            step = 10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 2.0
            dx, dy = {
                Qt.Key.Key_Left: (-step, 0.0),
                Qt.Key.Key_Right: (step, 0.0),
                Qt.Key.Key_Up: (0.0, -step),
                Qt.Key.Key_Down: (0.0, step),
            }.get(Qt.Key(event.key()), (0.0, 0.0))
            if dx or dy:
                x, y = self.view.position_mm()
                self.view.set_position_mm(x + dx, y + dy)
                return True
        return super().eventFilter(watched, event)


class SignStep(QWidget):
    """The organization's "SAO Y" signature with the USB token; the PIN once per batch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_sign_step")
        self.token = QLabel(self)
        self.token.setObjectName("intake_token")
        self.token.setWordWrap(True)
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setObjectName("intake_pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        set_accessible(self.pin_edit, self.tr("Mã PIN của USB token"))
        self.pin_label = QLabel(self.tr("Mã PIN:"), self)
        self.pin_label.setBuddy(self.pin_edit)
        self.message = QLabel(self)
        self.message.setObjectName("intake_sign_message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("USB token:"), self.token)
        form.addRow(self.pin_label, self.pin_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def prepare(self, token_text: str, pin_known: bool) -> None:
        self.token.setText(token_text)
        self.pin_edit.setVisible(not pin_known)
        self.pin_label.setVisible(not pin_known)
        self.pin_edit.clear()
        if pin_known:
            self.message.setText(self.tr("Mã PIN đã nhập cho đợt này; nhấn Enter để ký bản sao y."))
        else:
            self.message.setText(self.tr("Nhập mã PIN (một lần cho cả đợt) rồi nhấn Enter để ký bản sao y."))

    def focus_first(self) -> None:
        if self.pin_edit.isVisible():
            self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)


CASEFILE_SEPARATOR = " — "  # between a case file's notation and its title in the completion


class ForwardStep(QWidget):
    """Who handles the document, the leader's instruction, the due date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_forward_step")
        self.signed = QLabel(self)
        self.signed.setObjectName("intake_signed_file")
        self.signed.setWordWrap(True)
        self.signed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.to_edit = QLineEdit(self)
        self.to_edit.setObjectName("intake_forward_to")
        self.to_edit.setPlaceholderText(self.tr("Phòng, đơn vị hoặc người xử lý"))
        self.instruction_edit = QLineEdit(self)
        self.instruction_edit.setObjectName("intake_instruction")
        self.instruction_edit.setPlaceholderText(self.tr("Ý kiến chỉ đạo của lãnh đạo (nếu có)"))
        self.due_edit = DateField(self, placeholder=self.tr("dd/mm/yyyy — để trống nếu không có hạn"))
        self.due_edit.setObjectName("intake_due")
        # Optional: the case file of the year the document goes into (its FileCode and DocOrdinal
        # are filled by the case-file service); completes from the open case files.
        self.casefile_edit = QLineEdit(self)
        self.casefile_edit.setObjectName("intake_casefile")
        self.casefile_edit.setPlaceholderText(self.tr("Ký hiệu hồ sơ, ví dụ 01.TCCB — để trống nếu chưa lập hồ sơ"))
        form = QFormLayout()
        for label, widget, name in (
            (self.tr("Chuyển cho:"), self.to_edit, self.tr("Chuyển cho đơn vị hoặc người")),
            (self.tr("Ý kiến chỉ đạo:"), self.instruction_edit, self.tr("Ý kiến chỉ đạo")),
            (self.tr("Hạn giải quyết:"), self.due_edit, self.tr("Hạn giải quyết")),
            (self.tr("Lưu vào hồ sơ:"), self.casefile_edit, self.tr("Lưu vào hồ sơ")),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            set_accessible(widget, name)
            form.addRow(caption, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.signed)
        layout.addLayout(form)
        layout.addStretch(1)

    def prepare(self, signed_path: str, saved: dict[str, str]) -> None:
        self.signed.setText(self.tr("Bản sao y đã ký: {path}").format(path=signed_path))
        self.casefile_edit.clear()
        self.to_edit.setText(saved.get("to", ""))
        self.instruction_edit.setText(saved.get("instruction", ""))
        due = saved.get("due", "")
        try:
            self.due_edit.set_date(date.fromisoformat(due) if due else None)
        except ValueError:  # refused before: shown as typed, for the clerk to correct
            self.due_edit.set_text(due)

    def values(self) -> tuple[str, str, str]:
        """Unit, instruction and the due date as ISO (the work-in-progress file's format); a due
        date that is not a date is passed as typed, for the service to refuse with a sentence."""
        due = self.due_edit.date()
        due_text = due.isoformat() if due is not None and self.due_edit.is_valid() else self.due_edit.text()
        return self.to_edit.text(), self.instruction_edit.text(), due_text

    def casefile(self) -> str:
        """The case file's notation as typed or completed ("01.TCCB — title" keeps "01.TCCB")."""
        return self.casefile_edit.text().split(CASEFILE_SEPARATOR)[0].strip()

    def focus_first(self) -> None:
        self.to_edit.setFocus(Qt.FocusReason.OtherFocusReason)
