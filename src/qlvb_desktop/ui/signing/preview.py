"""Page 1 as a viewer draws it (pypdfium2 with forms, so seals and stamps show), with the ĐẾN
stamp — its real drawing when given (`set_stamp_pdf`), else a frame — that the clerk drags into
place. Qt's own PDF view draws no annotations, so it is not used here."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

MM = 72 / 25.4
STAMP_W_MM, STAMP_H_MM = 50.0, 35.0


def render_page(pdf: Path, scale: float, page_ix: int = 0) -> tuple[QImage, float, float]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        doc.init_forms()
        page = doc[page_ix]
        w, h = page.get_size()
        pil = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    finally:
        doc.close()
    data = pil.tobytes()
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
    return image, float(w), float(h)


class StampPlacementPreview(QWidget):
    """Emits `positionChanged(x_mm, y_mm)`: the stamp's top-left corner from the page's top-left."""

    positionChanged = Signal(float, float)

    def __init__(self, parent: QWidget | None = None, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.setObjectName("stamp_placement_preview")
        self.scale = scale
        self._pixmap: QPixmap | None = None
        self.page_w_pt = 595.0
        self.page_h_pt = 842.0
        self._pos_mm = (20.0, 40.0)
        self._drag_offset: QPointF | None = None
        self._stamp: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_pdf(self, pdf: Path, position_mm: tuple[float, float] | None = None) -> None:
        image, page_w_pt, page_h_pt = render_page(pdf, self.scale)
        self.set_rendered(image, page_w_pt, page_h_pt, position_mm)

    def set_rendered(
        self, image: QImage, page_w_pt: float, page_h_pt: float, position_mm: tuple[float, float] | None = None
    ) -> None:
        """A page already rendered (by `render_page`, off the GUI thread) at this view's scale."""
        self.page_w_pt, self.page_h_pt = page_w_pt, page_h_pt
        self._pixmap = QPixmap.fromImage(image)
        self.setFixedSize(self._pixmap.size())
        if position_mm is not None:
            self._pos_mm = position_mm
        self.update()

    def set_stamp_pdf(self, data: bytes | None) -> None:
        """The filled stamp (a one-page PDF of 50 × 35 mm), drawn where it will go."""
        if not data:
            self._stamp = None
        else:
            doc = pdfium.PdfDocument(data)
            try:
                pil = doc[0].render(scale=self.scale * 2).to_pil().convert("RGBA")
            finally:
                doc.close()
            # white becomes transparent: the page shows through, as under a printed stamp
            pil.putalpha(pil.convert("L").point(lambda v: 0 if v > 235 else 255))
            stride = pil.width * 4
            self._stamp = QImage(pil.tobytes(), pil.width, pil.height, stride, QImage.Format.Format_RGBA8888).copy()
        self.update()

    def position_mm(self) -> tuple[float, float]:
        return self._pos_mm

    def set_position_mm(self, x_mm: float, y_mm: float) -> None:
        max_x = self.page_w_pt / MM - STAMP_W_MM
        max_y = self.page_h_pt / MM - STAMP_H_MM
        self._pos_mm = (min(max(0.0, x_mm), max_x), min(max(0.0, y_mm), max_y))
        self.update()
        self.positionChanged.emit(*self._pos_mm)

    def stamp_rect(self) -> QRectF:
        k = MM * self.scale
        return QRectF(self._pos_mm[0] * k, self._pos_mm[1] * k, STAMP_W_MM * k, STAMP_H_MM * k)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._pixmap is not None:
            painter.drawPixmap(0, 0, self._pixmap)
        if self._stamp is not None:
            painter.drawImage(self.stamp_rect(), self._stamp)
            pen = QPen(QColor(200, 0, 0, 120))
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(self.stamp_rect().adjusted(-2, -2, 2, 2))  # draggable
        else:
            pen = QPen(QColor(200, 0, 0))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.fillRect(self.stamp_rect(), QColor(255, 0, 0, 40))
            painter.drawRect(self.stamp_rect())
            painter.drawText(self.stamp_rect(), Qt.AlignmentFlag.AlignCenter, "ĐẾN")
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.stamp_rect().contains(event.position()):
            self._drag_offset = event.position() - self.stamp_rect().topLeft()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is None:
            return
        top_left = event.position() - self._drag_offset
        k = MM * self.scale
        self.set_position_mm(top_left.x() / k, top_left.y() / k)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_offset = None
        self.unsetCursor()
