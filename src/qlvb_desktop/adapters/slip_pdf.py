"""The routing slip "Phiếu giải quyết văn bản đến" (Nghị định 30/2020, Phụ lục IV) as an A4 PDF
(reportlab), in Liberation Serif (Times New Roman metrics, full Vietnamese coverage, embedded).

The clerk prints it and clips it to the paper document: the leader writes the instruction in
section I, the units in II and III. What the register already knows is filled in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from qlvb_desktop.adapters.pdf.drawing import SERIF, SERIF_BOLD, register_serif_fonts
from qlvb_desktop.adapters.register_pdf import build_pdf
from qlvb_desktop.domain.daily import RoutingSlip

URGENT_RED = colors.HexColor("#c62828")
DOTS = "." * 150


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=SERIF, fontSize=13, leading=18)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    return {
        "base": base,
        "centre": centre,
        "centre_bold": ParagraphStyle("cb", parent=centre, fontName=SERIF_BOLD),
        "small_centre": ParagraphStyle("sc", parent=centre, fontSize=12, leading=15),
        "title": ParagraphStyle("title", parent=centre, fontName=SERIF_BOLD, fontSize=15, leading=20),
        "section": ParagraphStyle("section", parent=base, fontName=SERIF_BOLD, spaceBefore=6),
        "dots": ParagraphStyle("dots", parent=base, fontSize=11, leading=20, textColor=colors.HexColor("#444444")),
        "nation": ParagraphStyle("nation", parent=centre, fontName=SERIF_BOLD, fontSize=12),
        "signed_on": ParagraphStyle("signed_on", parent=base, leftIndent=95 * mm),
        "urgent": ParagraphStyle("urgent", parent=base, fontName=SERIF_BOLD, textColor=URGENT_RED, fontSize=14),
    }


def _dot_lines(st: dict[str, ParagraphStyle], count: int) -> list[Any]:
    return [Paragraph(DOTS, st["dots"]) for _ in range(count)]


class SlipPdfPrinter:
    def render(self, slip: RoutingSlip, out: Path) -> Path:
        """Write the slip to `out` atomically (a failed print leaves no half-written file)."""
        register_serif_fonts()
        st = _styles()
        org = slip.organization
        head_left = []
        if org.parent:
            head_left.append(Paragraph(escape(org.parent.upper()), st["small_centre"]))
        head_left.append(Paragraph(escape((org.name or "").upper()), st["centre_bold"]))
        head_right = [
            Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["nation"]),
            Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", st["centre_bold"]),
        ]
        header = Table([[head_left, head_right]], colWidths=[75 * mm, 105 * mm])
        header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story: list[Any] = [header, Spacer(1, 10 * mm)]
        story.append(Paragraph("PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN", st["title"]))
        story.append(
            Paragraph(
                escape(f"(Kèm theo văn bản đến số {slip.arrival_number}/{slip.year}, ngày đến {slip.arrival_date})"),
                st["centre"],
            )
        )
        story.append(Spacer(1, 6 * mm))
        if slip.urgency:
            story.append(Paragraph(escape(slip.urgency.upper()), st["urgent"]))
        story.append(Paragraph("<b>Văn bản:</b> " + escape(slip.document_line), st["base"]))
        story.append(Spacer(1, 3 * mm))

        story.append(Paragraph("I. Ý KIẾN CỦA NGƯỜI ĐỨNG ĐẦU (ý kiến phân phối, chỉ đạo):", st["section"]))
        for line in slip.instructions:
            story.append(Paragraph(escape(line), st["base"]))
        story += _dot_lines(st, max(2, 4 - len(slip.instructions)))
        units = [u.strip() for u in slip.to_places.replace("\n", ";").split(";") if u.strip()]
        lead = units[0] if units else ""
        others = "; ".join(units[1:])
        story.append(Paragraph("<b>Đơn vị, cá nhân chủ trì:</b> " + (escape(lead) or DOTS[:90]), st["base"]))
        story.append(Paragraph("<b>Đơn vị, cá nhân phối hợp:</b> " + (escape(others) or DOTS[:86]), st["base"]))
        due_note = "" if slip.due_explicit else " (theo thời hạn mặc định)"
        story.append(Paragraph(f"<b>Thời hạn giải quyết:</b> {escape(slip.due)}{escape(due_note)}", st["base"]))
        story.append(Paragraph("Ngày ...... tháng ...... năm ......", st["signed_on"]))
        story.append(Spacer(1, 14 * mm))

        story.append(Paragraph("II. Ý KIẾN CỦA LÃNH ĐẠO ĐƠN VỊ:", st["section"]))
        story += _dot_lines(st, 3)
        story.append(Paragraph("Ngày ...... tháng ...... năm ......", st["signed_on"]))
        story.append(Spacer(1, 10 * mm))
        story.append(Paragraph("III. Ý KIẾN ĐỀ XUẤT CỦA NGƯỜI GIẢI QUYẾT:", st["section"]))
        story += _dot_lines(st, 3)
        story.append(Paragraph("Ngày ...... tháng ...... năm ......", st["signed_on"]))
        story.append(Spacer(1, 6 * mm))
        story.append(
            Paragraph(escape(f"In ngày {slip.printed_on}."), ParagraphStyle("p", parent=st["base"], fontSize=10))
        )

        return build_pdf(
            out, story, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm,
            bottomMargin=15 * mm, title=f"Phiếu giải quyết văn bản đến số {slip.arrival_number}/{slip.year}",
            author=org.name,
        )
