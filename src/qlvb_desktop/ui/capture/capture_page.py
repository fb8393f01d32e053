"""The capture page: choose a source, scan or add files, fix pages, continue to registration.

Scanning, reading files, cleaning and OCR run on the window's operations, on the DEVICE lane
(`ui/operations.py`); pages arrive one by one on the GUI thread and appear as thumbnails at
once, already upright and deskewed, blank pages flagged. "Tiếp tục đăng ký" runs the intake
pipeline on the pages as arranged by the clerk and emits `continueToRegistration(IntakeResult)`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.capture import (
    IntakeResult,
    RawPage,
    ScannerInfo,
    ScannerProfile,
    ScanSettings,
    Source,
)
from qlvb_desktop.ui.capture.page_list import CapturedPage, PageList
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import DEVICE, Job, operations_of

FILES = "files:"

W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


class CapturePage(QWidget):
    continueToRegistration = Signal(object)  # IntakeResult
    pagesChanged = Signal(int)

    def __init__(self, capture: Any, out_dir: Path, parent: QWidget | None = None) -> None:
        """`capture`: the capture services (intake, scanners, cleaner, reader, profiles, max_bytes)."""
        super().__init__(parent)
        self.setObjectName("capture_page")
        self.capture = capture
        self.out_dir = out_dir
        self.task: Job | None = None
        self.devices: list[ScannerInfo] = []
        self.profiles: list[ScannerProfile] = capture.profiles.load()
        self.last_result: IntakeResult | None = None
        self._split_next = False  # a separator sheet was just scanned
        self._build()
        self._fill_sources([])

    # -- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.source_combo = _named(QComboBox(), "capture_source")
        self.refresh_button = _named(QPushButton(self.tr("Tìm máy quét")), "capture_refresh")
        self.feeder_combo = _named(QComboBox(), "capture_feeder")
        self.feeder_combo.addItem(self.tr("Khay nạp giấy"), Source.FEEDER.value)
        self.feeder_combo.addItem(self.tr("Mặt kính"), Source.FLATBED.value)
        self.duplex_check = _named(QCheckBox(self.tr("Quét hai mặt")), "capture_duplex")
        self.dpi_spin = _named(QSpinBox(), "capture_dpi")
        self.dpi_spin.setRange(100, 600)
        self.dpi_spin.setSingleStep(50)
        self.dpi_spin.setValue(300)
        self.dpi_spin.setSuffix(" dpi")
        self.color_combo = _named(QComboBox(), "capture_color")
        self.color_combo.addItem(self.tr("Màu"), True)
        self.color_combo.addItem(self.tr("Xám"), False)
        self.remember_button = _named(QPushButton(self.tr("Ghi nhớ thiết lập")), "capture_remember")
        self.scan_button = _named(QPushButton(self.tr("Quét")), "capture_scan")
        self.files_button = _named(QPushButton(self.tr("Thêm tệp…")), "capture_add_files")
        self.cancel_button = _named(QPushButton(self.tr("Hủy")), "capture_cancel")
        self.cancel_button.setEnabled(False)
        self.progress = _named(QProgressBar(), "capture_progress")
        self.progress.setRange(0, 1)
        self.status = _named(QLabel(), "capture_status")
        self.status.setWordWrap(True)
        self.pages = PageList(self)
        self.rotate_left = _named(QPushButton(self.tr("Xoay trái")), "capture_rotate_left")
        self.rotate_right = _named(QPushButton(self.tr("Xoay phải")), "capture_rotate_right")
        self.delete_button = _named(QPushButton(self.tr("Xóa trang")), "capture_delete")
        self.split_button = _named(QPushButton(self.tr("Văn bản mới từ trang này")), "capture_split")
        self.continue_button = _named(QPushButton(self.tr("Tiếp tục đăng ký")), "capture_continue")
        self.continue_button.setDefault(True)

        form = QFormLayout()
        top = QHBoxLayout()
        top.addWidget(self.source_combo, 1)
        top.addWidget(self.refresh_button)
        form.addRow(self.tr("Nguồn:"), top)
        opts = QHBoxLayout()
        for w in (self.feeder_combo, self.duplex_check, self.dpi_spin, self.color_combo, self.remember_button):
            opts.addWidget(w)
        opts.addStretch(1)
        form.addRow(self.tr("Thiết lập:"), opts)
        actions = QHBoxLayout()
        for w in (self.scan_button, self.files_button, self.cancel_button):
            actions.addWidget(w)
        actions.addWidget(self.progress, 1)
        edit = QHBoxLayout()
        for w in (self.rotate_left, self.rotate_right, self.delete_button, self.split_button):
            edit.addWidget(w)
        edit.addStretch(1)
        edit.addWidget(self.continue_button)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addLayout(actions)
        root.addWidget(self.status)
        root.addWidget(self.pages, 1)
        root.addLayout(edit)

        self.refresh_button.clicked.connect(self.refresh_devices)
        self.source_combo.currentIndexChanged.connect(self._source_changed)
        self.remember_button.clicked.connect(self.remember_settings)
        self.scan_button.clicked.connect(self.scan)
        self.files_button.clicked.connect(self._pick_files)
        self.cancel_button.clicked.connect(self.cancel)
        self.rotate_left.clicked.connect(lambda: self.pages.rotate_selected(clockwise=False))
        self.rotate_right.clicked.connect(lambda: self.pages.rotate_selected(clockwise=True))
        self.delete_button.clicked.connect(self._delete)
        self.split_button.clicked.connect(self.pages.toggle_split_at_selected)
        self.continue_button.clicked.connect(self.continue_to_registration)

    # -- sources and profiles -----------------------------------------------------------

    def _fill_sources(self, devices: list[ScannerInfo]) -> None:
        self.devices = devices
        current = self.source_combo.currentData()
        self.source_combo.blockSignals(True)
        self.source_combo.clear()
        self.source_combo.addItem(self.tr("Tệp trên máy (PDF, ảnh)"), FILES)
        known = {p.device_id for p in self.profiles}
        for p in self.profiles:
            self.source_combo.addItem(self.tr("Hồ sơ: {name}").format(name=p.name), p.device_id)
        model = self.source_combo.model()
        assert isinstance(model, QStandardItemModel)
        for info in devices:
            if info.id in known:
                continue
            label = (
                info.name
                if info.available
                else self.tr("{name} (không dùng được: {reason})").format(name=info.name, reason=info.reason)
            )
            self.source_combo.addItem(label, info.id)
            row = self.source_combo.count() - 1
            if not info.available:
                model.item(row).setEnabled(False)
                model.item(row).setToolTip(info.reason)
        self.source_combo.blockSignals(False)
        index = self.source_combo.findData(current) if current else -1
        self.source_combo.setCurrentIndex(index if index >= 0 else (1 if self.profiles else 0))
        self._source_changed()

    def refresh_devices(self) -> None:
        """List scanners off the GUI thread (SANE may probe the network for seconds)."""
        self.status.setText(self.tr("Đang tìm máy quét…"))
        self._run(lambda task: self.capture.scanners.devices(), self._devices_found)

    def _devices_found(self, devices: list[ScannerInfo]) -> None:
        self._fill_sources(devices)
        usable = sum(1 for d in devices if d.available)
        self.status.setText(self.tr("Tìm thấy {n} máy quét dùng được.").format(n=usable))

    def _source_changed(self, *_: object) -> None:
        device = self.source_combo.currentData()
        is_files = device in (None, FILES)
        for w in (
            self.feeder_combo,
            self.duplex_check,
            self.dpi_spin,
            self.color_combo,
            self.remember_button,
            self.scan_button,
        ):
            w.setEnabled(not is_files and self.task is None)
        profile = next((p for p in self.profiles if p.device_id == device), None)
        if profile is not None:
            self.apply_settings(profile.settings)

    def settings(self) -> ScanSettings:
        return ScanSettings(
            Source(self.feeder_combo.currentData()),
            self.duplex_check.isChecked(),
            self.dpi_spin.value(),
            bool(self.color_combo.currentData()),
        )

    def apply_settings(self, s: ScanSettings) -> None:
        self.feeder_combo.setCurrentIndex(self.feeder_combo.findData(s.source.value))
        self.duplex_check.setChecked(s.duplex)
        self.dpi_spin.setValue(s.dpi)
        self.color_combo.setCurrentIndex(0 if s.color else 1)

    def remember_settings(self) -> None:
        device = self.source_combo.currentData()
        if device in (None, FILES):
            return
        info = next((d for d in self.devices if d.id == device), None)
        name = info.name if info else str(device)
        old = next((p for p in self.profiles if p.device_id == device), None)
        profile = ScannerProfile(old.name if old else name, str(device), self.settings())
        self.profiles = [p for p in self.profiles if p.device_id != device] + [profile]
        self.capture.profiles.save(self.profiles)
        self._fill_sources(self.devices)
        self.source_combo.setCurrentIndex(self.source_combo.findData(device))
        self.status.setText(self.tr("Đã ghi nhớ thiết lập cho {name}.").format(name=profile.name))

    # -- acquiring pages ----------------------------------------------------------------

    def _analyse(self, task: Job, raw: RawPage) -> None:
        clean = self.capture.cleaner.clean(raw)
        if clean.separator:
            task.deliver(self._page_arrived, ("separator", raw.origin))
            return
        score = max(0.0, 1.0 - clean.ink_ratio / 0.01)
        page = CapturedPage(clean.image, clean.dpi, raw.origin, clean.blank, score, clean.warnings)
        task.deliver(self._page_arrived, page)

    def scan(self) -> None:
        device = self.source_combo.currentData()
        if device in (None, FILES) or self.task is not None:
            return
        settings = self.settings()

        def work(task: Job) -> int:
            def arrived(raw: RawPage) -> None:
                self._analyse(task, raw)

            pages = self.capture.scanners.scan(str(device), settings, on_page=arrived, cancel=task.cancel)
            return len(pages)

        self.progress.setRange(0, 0)  # a feeder does not say how many sheets it holds
        self.status.setText(self.tr("Đang quét…"))
        self._run(work, self._scan_done)

    def _scan_done(self, count: int) -> None:
        if self.task is not None and self.task.cancel.cancelled:
            self.status.setText(self.tr("Đã hủy sau {n} trang; các trang đã quét vẫn được giữ.").format(n=count))
        else:
            self.status.setText(self.tr("Đã quét {n} trang.").format(n=count))

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp cần số hóa"),
            str(Path.home()),
            self.tr("Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"),
        )
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> None:
        """Pages of scanned files join the list; a born-digital or signed PDF goes straight on, untouched."""
        if self.task is not None:
            return

        def work(task: Job) -> Any:
            batch = self.capture.reader.read(paths, self.capture.max_bytes)
            if batch.kind != "raster":
                return self.capture.intake.ingest_files(paths, self._out_path(), cancel=task.cancel)
            for i, source in enumerate(batch.pages):
                task.cancel.raise_if_cancelled()
                self._analyse(task, source.load())
                task.deliver(self._progress, i + 1, len(batch.pages))
            return len(batch.pages)

        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Đang đọc tệp…"))
        self._run(work, self._files_done)

    def _files_done(self, result: Any) -> None:
        if isinstance(result, IntakeResult):
            self.status.setText(self.tr("Tệp PDF điện tử được giữ nguyên, chuyển sang đăng ký."))
            self.last_result = result
            self.continueToRegistration.emit(result)
        else:
            self.status.setText(self.tr("Đã thêm {n} trang.").format(n=result))

    def _page_arrived(self, page: Any) -> None:
        if isinstance(page, tuple):  # a separator sheet: the next page starts a new document
            self._split_next = True
            return
        if self._split_next and self.pages.count():
            page.new_document = True
        self._split_next = False
        self.pages.add_page(page)
        self.pagesChanged.emit(self.pages.count())

    def _delete(self) -> None:
        self.pages.delete_selected()
        self.pagesChanged.emit(self.pages.count())

    # -- output -------------------------------------------------------------------------

    def _out_path(self) -> Path:
        return self.out_dir / f"so-hoa-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.pdf"

    def continue_to_registration(self) -> None:
        if self.task is not None:
            return
        docs = [[p.raw() for p in doc] for doc in self.pages.documents()]
        if not docs:
            self.status.setText(self.tr("Chưa có trang nào."))
            return
        out = self._out_path()

        def work(task: Job) -> IntakeResult:
            result: IntakeResult = self.capture.intake.ingest_documents(
                docs, out, progress=lambda done, total: task.deliver(self._progress, done, total), cancel=task.cancel
            )
            return result

        self.progress.setRange(0, sum(len(d) for d in docs))
        self.progress.setValue(0)
        self.status.setText(self.tr("Đang làm sạch và nhận dạng chữ…"))
        self._run(work, self._intake_done)

    def _intake_done(self, result: IntakeResult) -> None:
        self.last_result = result
        names = ", ".join(d.pdf.name for d in result.documents)
        self.status.setText(self.tr("Đã tạo {n} văn bản: {names}.").format(n=len(result.documents), names=names))
        self.pages.clear()
        self.pagesChanged.emit(0)
        self.continueToRegistration.emit(result)

    # -- background tasks ---------------------------------------------------------------

    def _run(self, fn: Any, on_success: Any) -> None:
        def succeeded(result: Any) -> None:
            on_success(result)
            self._finished()

        def failed(exc: BaseException) -> None:
            self.status.setText(error_text(exc))
            self._finished()

        def cancelled() -> None:
            self.status.setText(self.tr("Đã hủy; các trang đã có vẫn được giữ."))
            self._finished()

        self._busy(True)
        self.task = operations_of(self).run(
            fn, lane=DEVICE, on_success=succeeded, on_failure=failed, on_cancelled=cancelled, owner=self
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self) -> None:
        self.task = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        for w in (self.files_button, self.continue_button, self.refresh_button, self.source_combo):
            w.setEnabled(not busy)
        self._source_changed()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel.cancel()
            self.status.setText(self.tr("Đang hủy…"))
