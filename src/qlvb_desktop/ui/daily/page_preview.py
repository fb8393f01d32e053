"""The selected registration's pages as a viewer draws them: pypdfium2 with forms initialized,
so the ĐẾN stamp, seals and signature appearances show (Qt's own PDF view draws none of them).
Pages are rendered in the read pool; the GUI thread only turns the image into a pixmap."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.ui.operations import Operations

RENDER_WIDTH_PX = 900  # rendered once at this width, scaled to the pane when shown
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def render_file_page(path: Path, page_ix: int) -> tuple[QImage, int]:
    """Page `page_ix` of a PDF (or the image itself) and the page count; runs in a worker."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        image = QImage(str(path))
        return image, 1
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        doc.init_forms()
        count = len(doc)
        page = doc[min(page_ix, count - 1)]
        width, _height = page.get_size()
        pil = page.render(scale=RENDER_WIDTH_PX / width, may_draw_forms=True).to_pil().convert("RGB")
    finally:
        doc.close()
    data = pil.tobytes()
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
    return image, count


class PagePreview(QWidget):
    def __init__(self, register: RegisterService, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_preview")
        self._register = register
        self._ops = ops
        self._path: Path | None = None
        self._page = 0
        self._count = 0
        self._serial = 0
        self._image: QImage | None = None
        self.rendered = 0  # pages rendered, for tests
        self.image_label = QLabel(self)
        self.image_label.setObjectName("page_image")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setAccessibleName(self.tr("Trang văn bản"))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.image_label)
        # Arrows with a tooltip, like a PDF viewer's: the row also holds the original/copy switch
        # and the pane must stay narrow enough for the register's columns at 200 %.
        self.prev_button = QPushButton("‹", self)
        self.prev_button.setObjectName("preview_prev_button")
        self.prev_button.setToolTip(self.tr("Trang trước"))
        self.prev_button.setAccessibleName(self.tr("Trang trước"))
        self.prev_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.next_button = QPushButton("›", self)
        self.next_button.setObjectName("preview_next_button")
        self.next_button.setToolTip(self.tr("Trang sau"))
        self.next_button.setAccessibleName(self.tr("Trang sau"))
        self.next_button.clicked.connect(lambda: self.show_page(self._page + 1))
        self.page_label = QLabel(self)
        self.page_label.setObjectName("preview_page_label")
        # Issue 16: the stamped/signed copy is shown; this switches to the original and back.
        self.original_button = QPushButton(self)
        self.original_button.setObjectName("preview_original_button")
        self.original_button.setCheckable(True)
        self.original_button.toggled.connect(self._show_which)
        self._copy: Path | None = None
        self._original: Path | None = None
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.original_button)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(nav)
        layout.addWidget(scroll, 1)
        self._update_nav()

    @property
    def showing_original(self) -> bool:
        return self.original_button.isVisible() and self.original_button.isChecked()

    def show_registration(self, reg: Registration | None) -> None:
        """Show the entry's current copy (stamped ĐẾN, signed) if it has one, else its original."""
        self._copy = self._original = None
        if reg is not None:
            copy = reg.current_copy
            originals = [f for f in reg.files if not f.role and f.name.lower().endswith((".pdf", *IMAGE_SUFFIXES))]
            pdfs = [f for f in originals if f.name.lower().endswith(".pdf")]
            original = (pdfs or originals)[-1] if originals else None  # as before issue 16
            store = self._register.files
            self._copy = store.path_of(copy.sha256) if copy is not None else None
            self._original = store.path_of(original.sha256) if original is not None else None
        both = self._copy is not None and self._original is not None
        self.original_button.setVisible(both)
        self.original_button.blockSignals(True)
        self.original_button.setChecked(False)
        self.original_button.blockSignals(False)
        self._show_which(False)

    def _show_which(self, original: bool) -> None:
        self.original_button.setText(self.tr("Xem bản đã đóng dấu") if original else self.tr("Xem bản gốc"))
        self.original_button.setToolTip(
            self.tr("Đang xem bản gốc; bấm để xem bản đã đóng dấu ĐẾN, đã ký")
            if original
            else self.tr("Đang xem bản đã đóng dấu ĐẾN, đã ký; bấm để xem bản gốc như khi nhận")
        )
        path = self._original if original or self._copy is None else self._copy
        self._path = path
        self._count = 0
        self._image = None
        self.image_label.clear()
        if path is None:
            self.image_label.setText(self.tr("Văn bản này chưa có tệp để xem."))
            self._update_nav()
            return
        self.show_page(0)

    def show_page(self, page: int) -> None:
        if self._path is None or page < 0 or (self._count and page >= self._count):
            return
        self._page = page
        self._serial += 1
        serial, path = self._serial, self._path
        self.page_label.setText(self.tr("Đang hiện trang…"))
        self._ops.read(
            lambda: render_file_page(path, page),
            lambda result: self._rendered(serial, *result),
            lambda exc: self._failed(serial, exc),
            owner=self,
        )

    def _rendered(self, serial: int, image: QImage, count: int) -> None:
        if serial != self._serial:
            return
        self.rendered += 1
        self._count = count
        self._image = image
        self._fit()
        self._update_nav()

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self.image_label.setText(self.tr("Không hiện được trang của tệp này; mở tệp bằng trình xem PDF."))
        self._update_nav()

    def _fit(self) -> None:
        if self._image is None or self._image.isNull():
            return
        width = max(100, self.image_label.width() - 4)
        pixmap = QPixmap.fromImage(self._image)
        self.image_label.setPixmap(
            pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _update_nav(self) -> None:
        has = self._count > 0
        self.prev_button.setEnabled(has and self._page > 0)
        self.next_button.setEnabled(has and self._page < self._count - 1)
        self.page_label.setText(
            self.tr("Trang {page}/{count}").format(page=self._page + 1, count=self._count) if has else ""
        )
