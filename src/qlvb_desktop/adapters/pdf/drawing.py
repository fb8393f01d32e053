"""Draws stamps and appearance texts with reportlab, as small one-page PDFs.

pyHanko's own OpenType text writer spaces fonts with 2048 units per em twice too wide, so every
appearance is drawn here (with an embedded Liberation Serif / DejaVu subset, full Vietnamese
coverage) and handed to pyHanko as static content.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.domain.signing import MM, STAMP_HEIGHT_MM, STAMP_WIDTH_MM, ArrivalStamp, OutgoingNumber
from qlvb_desktop.resources import font_path

SERIF = "QlvbSerif"
SERIF_BOLD = "QlvbSerif-Bold"
STAMP_RED = Color(0.80, 0.05, 0.05)
DEFAULT_SEAL_MM = 38.0


def register_serif_fonts() -> None:
    """Liberation Serif (Times New Roman metrics, full Vietnamese) for the stamps, signature
    appearances and the printed slips; a family, so `<b>` in a Paragraph finds the bold face."""
    if SERIF in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(SERIF, str(font_path("LiberationSerif-Regular.ttf"))))
    pdfmetrics.registerFont(TTFont(SERIF_BOLD, str(font_path("LiberationSerif-Bold.ttf"))))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF, boldItalic=SERIF_BOLD)


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to `size` at which `text` fits in `width`."""
    w = pdfmetrics.stringWidth(text, font, size)
    return size if w <= width else max(4.0, size * width / w)


def arrival_stamp_pdf(stamp: ArrivalStamp) -> bytes:
    """The ĐẾN stamp of SPEC §4, 50 × 35 mm, as a one-page PDF of exactly that size."""
    register_serif_fonts()
    w, h = STAMP_WIDTH_MM * MM, STAMP_HEIGHT_MM * MM
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), pageCompression=1)
    c.setStrokeColor(STAMP_RED)
    c.setFillColor(STAMP_RED)
    c.setLineWidth(1.0)
    row = h / 5
    left = 13 * MM
    pad = 1.5 * MM
    c.rect(0.5, 0.5, w - 1, h - 1)
    for i in (1, 3, 4):
        c.line(0, h - i * row, w, h - i * row)
    c.line(left, h - 2 * row, w, h - 2 * row)  # between Số and Ngày, right column only
    c.line(left, h - row, left, h - 3 * row)
    lines = stamp.lines
    org = lines["organization"]
    size = _fit(org, SERIF_BOLD, 8, w - 2 * pad)
    c.setFont(SERIF_BOLD, size)
    c.drawCentredString(w / 2, h - row + (row - size) / 2 + 1, org)
    size = _fit("ĐẾN", SERIF_BOLD, 13, left - 2 * pad)
    c.setFont(SERIF_BOLD, size)
    c.drawCentredString(left / 2, h - 2 * row - size / 2 + 1, "ĐẾN")
    for key, top, x in (("number", 1, left), ("date", 2, left), ("forward_to", 3, 0), ("case_file", 4, 0)):
        text = lines[key]
        size = _fit(text, SERIF, 8.5, w - x - 2 * pad)
        c.setFont(SERIF, size)
        c.drawString(x + pad, h - (top + 1) * row + (row - size) / 2 + 1, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def arrival_stamp_fill_pdf(forward_to: str, case_file: str) -> bytes:
    """Only the values of the cells left empty at first (Chuyển, Số và ký hiệu HS), placed
    after their labels as `arrival_stamp_pdf` draws them: laid over the stamp in a new revision."""
    register_serif_fonts()
    w, h = STAMP_WIDTH_MM * MM, STAMP_HEIGHT_MM * MM
    row, pad = h / 5, 1.5 * MM
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), pageCompression=1)
    c.setFillColor(STAMP_RED)
    for label, value, top in (("Chuyển: ", forward_to, 3), ("Số và ký hiệu HS: ", case_file, 4)):
        if not value:
            continue
        x = pad + pdfmetrics.stringWidth(label, SERIF, 8.5)
        size = _fit(value, SERIF, 8.5, w - x - pad)
        c.setFont(SERIF, size)
        c.drawString(x, h - (top + 1) * row + (row - 8.5) / 2 + 1, value)
    c.showPage()
    c.save()
    return buf.getvalue()


def text_line_pdf(text: str, size: float = 10.0) -> tuple[bytes, float, float]:
    """One line of black upright serif text (appearances b and c); returns (pdf, width, height)."""
    register_serif_fonts()
    pad = 1.0
    w = pdfmetrics.stringWidth(text, SERIF, size) + 2 * pad
    h = size * 1.3
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), pageCompression=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(SERIF, size)
    c.drawString(pad, size * 0.3, text)
    c.showPage()
    c.save()
    return buf.getvalue(), w, h


def outgoing_number_pdf(number: OutgoingNumber, size: float = 13.0) -> tuple[bytes, float, float]:
    """The number line and the date of an outgoing document (SPEC §5, §8), two lines."""
    register_serif_fonts()
    lines = [number.number_line, number.date_line]
    w = max(pdfmetrics.stringWidth(t, SERIF, size) for t in lines) + 4
    h = size * 2.6
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), pageCompression=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(SERIF, size)
    c.drawString(2, h - size * 1.1, lines[0])
    c.drawString(2, h - size * 2.3, lines[1])
    c.showPage()
    c.save()
    return buf.getvalue(), w, h


def seal_size_mm(png: Path) -> float:
    """The real size of the seal image: its width at the DPI the PNG records (pHYs)."""
    with Image.open(png) as img:
        dpi = img.info.get("dpi")
        if dpi and dpi[0] and float(dpi[0]) > 1:
            return float(img.width) / float(dpi[0]) * 25.4
    return DEFAULT_SEAL_MM


def seal_pdf(png: Path) -> tuple[bytes, float, float]:
    """The red seal PNG at its real size, keeping its transparency."""
    size = seal_size_mm(png) * MM
    with Image.open(png) as img:
        ratio = img.height / img.width
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(size, size * ratio), pageCompression=1)
    c.drawImage(str(png), 0, 0, size, size * ratio, mask="auto")
    c.showPage()
    c.save()
    return buf.getvalue(), size, size * ratio
