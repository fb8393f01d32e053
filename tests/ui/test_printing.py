"""Printing on paper (ui/printing.py): a long book is kept black and white while the preview is
open (a grey A4 page at 200 dpi is 3.9 MB), still readable on paper: printed through QPrinter to
a PDF file, its last page read back with Tesseract."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.domain.text import fold_marks
from qlvb_desktop.resources import resources_dir
from qlvb_desktop.ui.printing import MONO_FROM_PAGES, make_printer, paint_pages, render_for_print


def _book(path: Path, pages: int) -> Path:
    pdfmetrics.registerFont(TTFont("LiberationSerif", str(resources_dir() / "fonts" / "LiberationSerif-Regular.ttf")))
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    for n in range(1, pages + 1):
        c.setFont("LiberationSerif", 16)
        c.drawString(60, 500, f"SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN — trang {n}")
        c.setFont("LiberationSerif", 11)
        for row in range(20):
            c.drawString(60, 460 - row * 20, f"Số đến {n * 100 + row}: Sở Tài chính tỉnh Tuyên Quang, Phòng Kế hoạch")
        c.showPage()
    c.save()
    return path


def test_a_long_book_prints_black_and_white_and_readable(qapp: Any, tmp_path: Path) -> None:
    short = render_for_print(_book(tmp_path / "short.pdf", 2))
    assert {p.format() for p in short} == {QImage.Format.Format_Grayscale8}  # a slip keeps its greys
    pages = render_for_print(_book(tmp_path / "long.pdf", MONO_FROM_PAGES + 2))
    assert len(pages) == MONO_FROM_PAGES + 2
    assert {p.format() for p in pages} == {QImage.Format.Format_Mono}
    assert all(p.sizeInBytes() < 600_000 for p in pages)  # 8 times less than grey (3.9 MB)
    printer = make_printer("Sổ theo dõi")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    paint_pages(printer, pages)
    doc = pdfium.PdfDocument(str(printed))
    try:
        assert len(doc) == len(pages)
        width, height = doc[0].get_size()
        assert width > height  # landscape pages print landscape
        image = tmp_path / "last.png"
        doc[len(doc) - 1].render(scale=300 / 72, grayscale=True).to_pil().save(image)
    finally:
        doc.close()
    text = subprocess.run(["tesseract", str(image), "-", "-l", "vie", "--psm", "4"], capture_output=True, text=True,
                          check=True, timeout=120, env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    words = fold_marks(" ".join(text.split()))
    assert f"trang {MONO_FROM_PAGES + 2}" in words, text
    assert "so theo doi giai quyet van ban den" in words, text
    assert f"so den {(MONO_FROM_PAGES + 2) * 100 + 19}: so tai chinh tinh tuyen quang" in words, text
