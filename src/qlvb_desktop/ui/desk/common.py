"""Pieces shared by the desk dialogs: `run_task` (the window's operations, results on the GUI
thread), and a page preview (pypdfium2 with forms, so signatures and stamps show) with draggable boxes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFontMetrics, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import DESK, Job, operations_of
from qlvb_desktop.ui.signing.preview import render_page

MM = 72 / 25.4
W = TypeVar("W", bound=QWidget)


BOOK_NAMES = {
    "di": QT_TRANSLATE_NOOP("Desk", "Sổ văn bản đi"),
    "mat-di": QT_TRANSLATE_NOOP("Desk", "Sổ văn bản mật đi"),
}


# Fields of outgoing documents the register's field labels do not have (domain/outgoing.py).
OUTGOING_FIELDS = {
    "recipients": QT_TRANSLATE_NOOP("Desk", "Nơi nhận"),
    "drafting_unit": QT_TRANSLATE_NOOP("Desk", "Đơn vị soạn thảo"),
    "abbreviation": QT_TRANSLATE_NOOP("Desk", "Tên viết tắt của cơ quan"),
    "archive_unit": QT_TRANSLATE_NOOP("Desk", "Đơn vị, người nhận bản lưu"),
}


def desk_error_text(exc: BaseException) -> str:
    """`error_text`, naming the outgoing document's own fields in the interface language too."""
    if isinstance(exc, ValidationError) and exc.field in OUTGOING_FIELDS and "label" in exc.params:
        label = QCoreApplication.translate("Desk", OUTGOING_FIELDS[exc.field])
        try:
            return QCoreApplication.translate("Errors", exc.template).format(**{**exc.params, "label": label})
        except (KeyError, IndexError, ValueError):
            return exc.message
    return error_text(exc)


def book_label(code: str, name: str = "") -> str:
    return QCoreApplication.translate("Desk", BOOK_NAMES[code]) if code in BOOK_NAMES else (name or code)


def named(widget: W, name: str, accessible: str = "") -> W:
    """objectName in snake_case (tests, style sheets) and the screen reader's name."""
    widget.setObjectName(name)
    if accessible:
        widget.setAccessibleName(accessible)
    return widget


def run_task(
    owner: QObject,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
    lane: str = DESK,
) -> Job:
    """`fn()` on the window's operations (`ui/operations.py`), results on the GUI thread; a
    deleted `owner` gets nothing. Database writes go on the WRITE lane, in order with the window's."""
    return operations_of(owner).run(lambda _job: fn(), lane=lane, on_success=on_done, on_failure=on_failed, owner=owner)


@dataclass
class Mark:
    """A box drawn over the page, in points from the page's top-left corner."""

    key: str
    label: str
    x: float
    y: float
    w: float
    h: float
    colour: QColor
    movable: bool = True


class PlacementPreview(QWidget):
    """A page with boxes the clerk drags; `moved(key, dx_pt, dy_pt)` after each drag step."""

    moved = Signal(str, float, float)

    def __init__(self, parent: QWidget | None = None, scale: float = 0.8) -> None:
        super().__init__(parent)
        self.setObjectName("placement_preview")
        self.scale = scale
        self._pixmap: QPixmap | None = None
        self.page_w = 595.0
        self.page_h = 842.0
        self.marks: dict[str, Mark] = {}
        self._drag: tuple[str, QPointF] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_page(self, pdf: Path, page_ix: int) -> None:
        self.set_rendered(*render_page(pdf, self.scale, page_ix))

    def set_rendered(self, image: QImage, page_w: float, page_h: float) -> None:
        """A page rendered off the GUI thread (`render_page` at this preview's scale)."""
        self.page_w, self.page_h = page_w, page_h
        self._pixmap = QPixmap.fromImage(image)
        self.setFixedSize(self._pixmap.size())
        self.update()

    def set_mark(self, mark: Mark) -> None:
        self.marks[mark.key] = mark
        self.update()

    def rect_of(self, key: str) -> QRectF:
        m = self.marks[key]
        k = self.scale
        return QRectF(m.x * k, m.y * k, m.w * k, m.h * k)

    def move_mark(self, key: str, dx: float, dy: float) -> None:
        """Move by (dx, dy) points, kept on the page."""
        m = self.marks[key]
        nx = min(max(0.0, m.x + dx), self.page_w - m.w)
        ny = min(max(0.0, m.y + dy), self.page_h - m.h)
        dx, dy = nx - m.x, ny - m.y
        m.x, m.y = nx, ny
        self.update()
        if dx or dy:
            self.moved.emit(key, dx, dy)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._pixmap is not None:
            painter.drawPixmap(0, 0, self._pixmap)
        for key, m in self.marks.items():
            r = self.rect_of(key)
            fill = QColor(m.colour)
            fill.setAlpha(45)
            painter.fillRect(r, fill)
            pen = QPen(m.colour)
            pen.setWidth(2)
            pen.setStyle(Qt.PenStyle.DashLine if m.movable else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.drawRect(r)
            if m.label:
                # the label at the size it will have on paper (13 pt lines in a block 2.6 lines high)
                lines = max(1, m.label.count("\n") + 1)
                font = painter.font()
                size = max(6, int(r.height() / (lines * 1.3)))
                font.setPixelSize(size)
                widest = max(QFontMetrics(font).horizontalAdvance(t) for t in m.label.split("\n"))
                while widest > r.width() and size > 6:  # the screen font is wider than the paper's
                    size -= 1
                    font.setPixelSize(size)
                    widest = max(QFontMetrics(font).horizontalAdvance(t) for t in m.label.split("\n"))
                painter.setFont(font)
                painter.drawText(r, Qt.AlignmentFlag.AlignCenter, m.label)
        painter.end()

    def _hit(self, pos: QPointF) -> str | None:
        for key in reversed(list(self.marks)):
            if self.marks[key].movable and self.rect_of(key).contains(pos):
                return key
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        key = self._hit(event.position())
        if event.button() == Qt.MouseButton.LeftButton and key:
            self._drag = (key, event.position())
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        key, last = self._drag
        delta = (event.position() - last) / self.scale
        self.move_mark(key, delta.x(), delta.y())
        self._drag = (key, event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        self.unsetCursor()

    @Slot()
    def nudge(self, key: str, dx_mm: float, dy_mm: float) -> None:
        """Keyboard moves (arrow keys in the wizard): 1 mm per press."""
        self.move_mark(key, dx_mm * MM, dy_mm * MM)
