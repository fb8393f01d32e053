"""The separator sheet: an A4 page with a large QR code; a scanned batch splits where it appears."""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.domain.capture import SEPARATOR_PAYLOAD
from qlvb_desktop.resources import font_path
from qlvb_desktop.services.atomic_file import write_atomic


def _fonts() -> tuple[str, str]:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(font_path("DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(font_path("DejaVuSans-Bold.ttf"))))
    return "DejaVuSans", "DejaVuSans-Bold"


def write_separator_sheet(out: Path) -> Path:
    regular, bold = _fonts()
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=20, border=4)
    qr.add_data(SEPARATOR_PAYLOAD)
    png = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(png)
    png.seek(0)
    width, height = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle("Tờ phân cách văn bản")
    c.setFont(bold, 26)
    c.drawCentredString(width / 2, height - 45 * mm, "TỜ PHÂN CÁCH VĂN BẢN")
    c.setFont(regular, 13)
    c.drawCentredString(width / 2, height - 58 * mm, "Đặt tờ này giữa hai văn bản trong khay nạp giấy.")
    c.drawCentredString(width / 2, height - 65 * mm, "Phần mềm tách văn bản tại đây và bỏ tờ này khỏi bản số hóa.")
    side = 100 * mm
    c.drawImage(ImageReader(png), (width - side) / 2, (height - side) / 2 - 20 * mm, side, side)
    c.setFont(regular, 10)
    c.drawCentredString(width / 2, 30 * mm, SEPARATOR_PAYLOAD)
    c.showPage()
    c.save()
    out = out.resolve()
    write_atomic(out, buf.getvalue())
    return out
