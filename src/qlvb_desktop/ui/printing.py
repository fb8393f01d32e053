"""Printing on paper: the register book and the routing slip go to a printer through Qt's print
preview (QPrintPreviewDialog: pick the printer, pages, copies; print), as well as to a PDF file.

The PDF the app already writes is the one document: its pages are rendered with pypdfium2 (forms
drawn, so stamps and signatures show) in the read pool, at the printer's resolution capped at
PRINT_DPI, and the preview only draws the finished images (no rendering on the GUI thread while
the clerk pages through the preview). Each page is centred and fitted to the printable area,
turned to landscape when the page is wider than tall (the register book).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from qlvb_desktop.ui.operations import Operations

PRINT_DPI = 200  # enough for 10-point text and a seal
# A long book (the register, the follow-up book of a year) is kept one bit a pixel: a grey A4
# landscape page at 200 dpi is 3.9 MB, so 1,000 entries (63 pages) held 233 MB while the preview
# was open; black and white, 0.5 MB a page. Short documents (a slip, with its seal) stay grey.
MONO_FROM_PAGES = 10


def render_for_print(pdf: Path, dpi: int = PRINT_DPI) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi`, grey, or black and white for a long document
    (runs in a worker)."""
    import pypdfium2 as pdfium

    images = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        doc.init_forms()
        mono = len(doc) >= MONO_FROM_PAGES
        for page in doc:
            bitmap = page.render(scale=dpi / 72, may_draw_forms=True, grayscale=True)
            pil = bitmap.to_pil().convert("L")
            data = pil.tobytes()
            image = QImage(data, pil.width, pil.height, pil.width, QImage.Format.Format_Grayscale8)
            if mono:  # each page converted as it comes: the peak stays one grey page
                image = image.convertToFormat(
                    QImage.Format.Format_Mono, Qt.ImageConversionFlag.MonoOnly | Qt.ImageConversionFlag.ThresholdDither
                )
            images.append(image.copy())
    finally:
        doc.close()
    return images


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    """Draw `pages` on `printer`, one a sheet, fitted and centred."""
    if pages and pages[0].width() > pages[0].height():
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for index, image in enumerate(pages):
            if index:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - size.width()) // 2, area.y(), size.width(), size.height())
            painter.drawImage(target, image)
    finally:
        painter.end()


def make_printer(title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(False)
    return printer


class PrintJob:
    """Render `pdf` in the background, then open the print preview over `parent`.

    `opened(dialog)` is told the preview once it is open (tests drive it; the window keeps it)."""

    def __init__(
        self,
        parent: QWidget,
        ops: Operations,
        pdf: Path,
        title: str,
        opened: Callable[[QPrintPreviewDialog], None] | None = None,
    ) -> None:
        self.parent = parent
        self.pdf = pdf
        self.title = title
        self.opened = opened
        self.pages: list[QImage] = []
        self.printer = make_printer(title)
        self.dialog: QPrintPreviewDialog | None = None
        ops.read(lambda: render_for_print(pdf), self._rendered, owner=parent)

    def _rendered(self, pages: list[QImage]) -> None:
        self.pages = pages
        dialog = QPrintPreviewDialog(self.printer, self.parent)
        dialog.setObjectName("print_preview")
        dialog.setWindowTitle(
            QCoreApplication.translate("Printing", "Xem trước khi in: {title}").format(title=self.title)
        )
        dialog.paintRequested.connect(lambda printer: paint_pages(printer, self.pages))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen = self.parent.screen().availableGeometry().size()
        dialog.resize(QSize(min(1100, screen.width() - 40), min(760, screen.height() - 80)))
        self.dialog = dialog
        if self.opened is not None:
            self.opened(dialog)
        dialog.open()
