"""Pages laid out like the real ones of /work/shared/corpus/real-dev, and pixel measurements.

`real_like_page(seed)`: an A4 page with the two header blocks (organization left, national motto
right), "Số: …" with the number written by hand (blue strokes), the date line, a centred title,
body text with narrow margins, and 0–3 signature appearances as annotations over the top of the
page (as the field's signing tools write them). Some seeds leave a 50 × 35 mm blank in the top
half, some do not.

`blank_exists`, `ink_pixels_under`: measured on the page rendered at 4 px/mm without annotations
(annotation rectangles count as occupied), independently of the placement code's cell grid.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.domain.signing import MM, Box
from qlvb_desktop.domain.stamp_geometry import PAGE_EDGE_MM, STAMP_HEIGHT_MM, STAMP_WIDTH_MM
from qlvb_desktop.resources import font_path

PX_PER_MM = 4
INK = 160
WORDS = [
    *("quy", "định", "về", "công", "tác", "văn", "thư", "lưu", "trữ", "của", "ủy", "ban"),
    *("nhân", "dân", "tỉnh", "thực", "hiện", "nghị", "định", "số"),
]


def _fonts() -> None:
    pdfmetrics.registerFont(TTFont("RealSerif", str(font_path("LiberationSerif-Regular.ttf"))))
    pdfmetrics.registerFont(TTFont("RealSerifB", str(font_path("LiberationSerif-Bold.ttf"))))


def _scribble(c: canvas.Canvas, x: float, y: float, rng: random.Random) -> None:
    """A handwritten number: a few blue pen strokes about 8 × 6 mm."""
    c.setStrokeColorRGB(0.1, 0.15, 0.6)
    c.setLineWidth(1.1)
    for _ in range(rng.randint(2, 3)):
        x0 = x + rng.uniform(0, 3 * MM)
        c.bezier(
            x0, y + rng.uniform(0, 2 * MM), x0 + 2 * MM, y + 6 * MM, x0 + 4 * MM, y - 1 * MM, x0 + 6 * MM, y + 4 * MM
        )


def real_like_page(seed: int, appearances: bool = True) -> bytes:
    _fonts()
    rng = random.Random(seed)
    w, h = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    left = rng.uniform(12, 25) * MM
    right = w - rng.uniform(12, 20) * MM
    top = h - rng.uniform(10, 18) * MM  # header baseline: narrow top margins
    # organization block (left), centred on ~55 mm
    cx = left + 40 * MM
    c.setFont("RealSerif", 12.5)
    c.drawCentredString(cx, top, "ỦY BAN NHÂN DÂN")
    c.setFont("RealSerifB", 12.5)
    c.drawCentredString(cx, top - 5 * MM, "TỈNH QUẢNG NGÃI")
    c.line(cx - 12 * MM, top - 6.5 * MM, cx + 12 * MM, top - 6.5 * MM)
    # motto (right)
    mx = w - (w - right) - 55 * MM
    c.setFont("RealSerifB", 12.5)
    c.drawCentredString(mx, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.drawCentredString(mx, top - 5 * MM, "Độc lập - Tự do - Hạnh phúc")
    # number with a handwritten figure, date line with a handwritten day
    c.setFont("RealSerif", 13)
    y_num = top - rng.uniform(11, 14) * MM
    c.drawString(cx - 25 * MM, y_num, "Số:")
    _scribble(c, cx - 17 * MM, y_num - 1 * MM, rng)
    c.drawString(cx - 6 * MM, y_num, "/TTr-UBND")
    c.setFont("RealSerif", 13)
    c.drawCentredString(mx, y_num, "Quảng Ngãi, ngày      tháng 01 năm 2025")
    _scribble(c, mx - 2 * MM, y_num - 1 * MM, rng)
    # title and subject, centred
    y = y_num - rng.uniform(8, 45) * MM
    c.setFont("RealSerifB", 14)
    c.drawCentredString(w / 2, y, "TỜ TRÌNH")
    for _ in range(rng.randint(1, 3)):
        y -= 6 * MM
        c.setFont("RealSerifB", 13)
        c.drawCentredString(w / 2, y, " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 17))).capitalize())
    # body, justified-looking lines with narrow margins
    y -= rng.uniform(8, 20) * MM
    c.setFont("RealSerif", 13)
    c.drawCentredString(w / 2, y, "Kính gửi: Hội đồng nhân dân tỉnh")
    y -= rng.uniform(6, 20) * MM
    while y > 20 * MM:
        line = " ".join(rng.choice(WORDS) for _ in range(30))
        while c.stringWidth(line, "RealSerif", 13) > right - left - 10 * MM:
            line = line.rsplit(" ", 1)[0]
        c.drawString(left + (10 * MM if rng.random() < 0.2 else 0), y, line)
        y -= 6.5 * MM
    c.showPage()
    c.save()
    return _with_appearances(buf.getvalue(), rng) if appearances else buf.getvalue()


def _with_appearances(pdf: bytes, rng: random.Random) -> bytes:
    """0–3 signature appearances (seal, organization, time) as widget-like stamp annotations on top."""
    count = rng.choice((0, 1, 2, 3, 3))
    if count == 0:
        return pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref, _ = writer.find_page_for_modification(0)
    w, h = A4
    spots = [(rng.uniform(60, 90) * MM, 26 * MM), (rng.uniform(105, 130) * MM, 26 * MM), (w - 50 * MM, 45 * MM)]
    for x, width in rng.sample(spots, count):
        height = rng.uniform(10, 16) * MM
        y = h - rng.uniform(1, 5) * MM - height
        ap = generic.StreamObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Form"),
                pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, width, height)]),
            },
            stream_data=f"0.8 0 0 RG 1.5 w 2 2 {height - 4:.1f} {height - 4:.1f} re S 0 0 0 rg "
            f"{height + 2:.1f} 4 {width - height - 4:.1f} {height - 8:.1f} re f".encode("ascii"),
        )
        annot = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Stamp"),
                pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (x, y, x + width, y + height)]),
                pdf_name("/F"): generic.NumberObject(4),
                pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): writer.add_object(ap)}),
                pdf_name("/P"): page_ref,
            }
        )
        writer.register_annotation(page_ref, writer.add_object(annot))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _dark(data: bytes, scale_px_per_mm: float = PX_PER_MM) -> tuple[np.ndarray, float]:
    """The dark-pixel mask of page 1 rendered without annotations; and its height in points."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        _, h = page.get_size()
        bitmap = page.render(scale=scale_px_per_mm / MM, may_draw_forms=False, draw_annots=False, grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        pdf.close()
    return np.asarray(image) < INK, float(h)


def _px(v: float, scale: float) -> int:
    return round(v / MM * scale)


def blank_exists(data: bytes, annots: list[Box]) -> bool:
    """A 50 × 35 mm window without ink or annotation, 5 mm from the edges, its top in the top half."""
    dark, h = _dark(data)
    occupied = dark.copy()
    for a in annots:
        r0, r1 = max(0, _px(h - a.top, PX_PER_MM)), _px(h - a.y, PX_PER_MM) + 1
        c0, c1 = max(0, _px(a.x, PX_PER_MM)), _px(a.right, PX_PER_MM) + 1
        occupied[r0:r1, c0:c1] = True
    rows, cols = occupied.shape
    edge = int(PAGE_EDGE_MM * PX_PER_MM)
    ww, wh = int(STAMP_WIDTH_MM * PX_PER_MM), int(STAMP_HEIGHT_MM * PX_PER_MM)
    sat = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    sat[1:, 1:] = occupied.cumsum(0).cumsum(1)
    r0s = np.arange(edge, min(rows // 2, rows - edge - wh) + 1)
    c0s = np.arange(edge, cols - edge - ww + 1)
    r, c = np.meshgrid(r0s, c0s, indexing="ij")
    inked = sat[r + wh, c + ww] - sat[r, c + ww] - sat[r + wh, c] + sat[r, c]
    return bool((inked == 0).any())


def ink_pixels_under(data: bytes, box: Box, px_per_mm: float = 150 / 25.4) -> int:
    """Pixels of the page's own ink (150 dpi, no annotations) inside the stamp's box."""
    dark, h = _dark(data, px_per_mm)
    r0, r1 = _px(h - box.top, px_per_mm), _px(h - box.y, px_per_mm)
    c0, c1 = _px(box.x, px_per_mm), _px(box.right, px_per_mm)
    return int(dark[r0:r1, c0:c1].sum())


def render_png(pdf: Path, dst: Path) -> None:
    """Page 1 of the stamped output with its annotations, for a look."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        doc.init_forms()
        dst.parent.mkdir(parents=True, exist_ok=True)
        doc[0].render(scale=0.8, may_draw_forms=True).to_pil().save(dst)
    finally:
        doc.close()
