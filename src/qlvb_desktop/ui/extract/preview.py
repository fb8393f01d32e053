"""The scanned page, scaled to fit, with the box a field was read from highlighted."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class PagePreview(QWidget):
    """Shows one page of a document. Boxes are in the pixels of the image the extractor read
    (`page_sizes`), which may differ from the preview image's own size: they are scaled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_preview")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._images: list[QImage] = []
        self._sizes: list[QSize] = []
        self._page = 0
        self._box: QRect | None = None

    def sizeHint(self) -> QSize:
        return QSize(420, 594)

    def set_pages(self, images: list[QImage], page_sizes: list[QSize] | None = None) -> None:
        """The page images, and the size of each page as the boxes refer to it (default: the image's)."""
        self._images = list(images)
        self._sizes = list(page_sizes) if page_sizes else [img.size() for img in images]
        self._page = 0
        self._box = None
        self.update()

    @property
    def page(self) -> int:
        return self._page

    @property
    def highlighted(self) -> QRect | None:
        return self._box

    def show_page(self, index: int) -> None:
        if 0 <= index < len(self._images):
            self._page = index
            self._box = None
            self.update()

    def highlight(self, page: int, box: QRect | None) -> None:
        """Turn to `page` and frame `box` (page pixels); None clears the highlight."""
        if box is not None and 0 <= page < len(self._images):
            self._page = page
        self._box = box
        self.update()

    def clear_highlight(self) -> None:
        self.highlight(self._page, None)

    def image_rect(self) -> QRectF:
        """Where the page image is drawn in the widget (aspect ratio kept, centred)."""
        if not self._images:
            return QRectF()
        size = self._images[self._page].size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    def to_widget(self, box: QRect) -> QRectF:
        """A box in page pixels mapped to widget coordinates."""
        target = self.image_rect()
        page_size = self._sizes[self._page] if self._sizes else QSize(1, 1)
        sx = target.width() / max(1, page_size.width())
        sy = target.height() / max(1, page_size.height())
        return QRectF(target.x() + box.x() * sx, target.y() + box.y() * sy, box.width() * sx, box.height() * sy)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#606060"))
        if self._images:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self._images[self._page])
            if self._box is not None:
                area = self.to_widget(self._box).adjusted(-3, -3, 3, 3)
                painter.setPen(QPen(QColor(255, 140, 0), 2))
                painter.setBrush(QColor(255, 200, 0, 70))
                painter.drawRect(area)
        painter.end()
