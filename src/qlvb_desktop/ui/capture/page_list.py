"""The list of pages being captured: thumbnails, reorder by drag, rotate, delete, split, blank flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from qlvb_desktop.domain.capture import WARNING_LABELS, QualityWarning, RawPage

ROLE = Qt.ItemDataRole.UserRole
THUMB_HEIGHT = 220  # a page readable enough to spot an upside-down or blank one (was 150: 105 px wide)


@dataclass
class CapturedPage:
    """A page on the capture page: upright image as cleaned, flags, and a manual split mark."""

    image: np.ndarray
    dpi: int
    origin: str
    blank: bool = False
    blank_score: float = 0.0
    warnings: tuple[QualityWarning, ...] = ()
    new_document: bool = False  # a document starts at this page
    extra: dict[str, Any] = field(default_factory=dict)

    def raw(self) -> RawPage:
        return RawPage(self.image, self.dpi, self.origin, upright=True)


def to_qimage(image: np.ndarray, height: int = THUMB_HEIGHT) -> QImage:
    step = max(1, image.shape[0] // height)
    small = np.ascontiguousarray(image[::step, ::step])
    if small.ndim == 2:
        h, w = small.shape
        return QImage(small.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    rgb = np.ascontiguousarray(small[:, :, ::-1])
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class PageList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capture_page_list")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_HEIGHT, THUMB_HEIGHT))
        self.setMovement(QListView.Movement.Snap)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.setSpacing(6)

    # -- content ------------------------------------------------------------------------

    def add_page(self, page: CapturedPage) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setData(ROLE, page)
        self.addItem(item)
        self._refresh(item)
        return item

    def page_at(self, row: int) -> CapturedPage:
        page: CapturedPage = self.item(row).data(ROLE)
        return page

    def pages(self) -> list[CapturedPage]:
        return [self.page_at(i) for i in range(self.count())]

    def documents(self) -> list[list[CapturedPage]]:
        """Pages grouped by the manual split marks, in the order shown."""
        docs: list[list[CapturedPage]] = []
        for page in self.pages():
            if not docs or page.new_document:
                docs.append([])
            docs[-1].append(page)
        return docs

    def _refresh(self, item: QListWidgetItem) -> None:
        row = self.row(item)
        page: CapturedPage = item.data(ROLE)
        item.setIcon(QIcon(QPixmap.fromImage(to_qimage(page.image))))
        lines = [self.tr("Trang {n}").format(n=row + 1)]
        if page.new_document and row > 0:
            lines[0] = "▶ " + self.tr("Văn bản mới") + " · " + lines[0]
        if page.blank:
            lines.append(self.tr("TRANG TRẮNG ({score:.0%})").format(score=page.blank_score))
        # The labels live in the domain, marked with the "Capture" context.
        warnings = [QCoreApplication.translate("Capture", WARNING_LABELS[w]) for w in page.warnings]
        tips = [page.origin, *warnings]
        if warnings:
            lines.append("⚠ " + ", ".join(warnings))
        item.setText("\n".join(lines))
        item.setToolTip("\n".join(tips))
        item.setBackground(QBrush(QColor("#fff3cd")) if page.blank else QBrush())

    def refresh_all(self) -> None:
        for i in range(self.count()):
            self._refresh(self.item(i))

    def dropEvent(self, event: Any) -> None:
        super().dropEvent(event)
        self.refresh_all()

    # -- manual fixes -------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(self.row(i) for i in self.selectedItems())

    def rotate_selected(self, clockwise: bool = True) -> None:
        for row in self.selected_rows():
            page = self.page_at(row)
            page.image = np.ascontiguousarray(np.rot90(page.image, -1 if clockwise else 1))
            self._refresh(self.item(row))

    def delete_selected(self) -> None:
        for row in reversed(self.selected_rows()):
            self.takeItem(row)
        self.refresh_all()

    def toggle_split_at_selected(self) -> None:
        for row in self.selected_rows():
            if row > 0:
                page = self.page_at(row)
                page.new_document = not page.new_document
        self.refresh_all()

    def move_row(self, source: int, target: int) -> None:
        """Move a page (what a drag does), also for keyboard and tests."""
        item = self.takeItem(source)
        self.insertItem(target, item)
        self.setCurrentItem(item)
        self.refresh_all()
