"""Any `domain.tabular.Table` (case-file lists, "Mục lục văn bản", handover lists and records,
reports) as an A4 PDF through the one `build_pdf()`: Liberation Serif (Times New Roman metrics,
full Vietnamese coverage, embedded), the column titles repeated on every page, page numbers.

The same Table goes to the Excel writer, so the printed and the exported list never differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

from qlvb_desktop.adapters.pdf.drawing import SERIF, SERIF_BOLD, register_serif_fonts
from qlvb_desktop.adapters.register_pdf import build_pdf
from qlvb_desktop.domain.tabular import Heading, Kind, Table, cell_text

MARGIN_MM = 10


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=SERIF, fontSize=10, leading=12)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER, fontSize=12, leading=16)
    return {
        "cell": base,
        "centred": ParagraphStyle("centred", parent=base, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontName=SERIF_BOLD, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", parent=base, fontName=SERIF_BOLD),
        "header": ParagraphStyle("header", parent=centre, fontName=SERIF_BOLD),
        "title": ParagraphStyle("title", parent=centre, fontName=SERIF_BOLD, fontSize=15, leading=20, spaceBefore=6),
        "subtitle": centre,
        "footer": ParagraphStyle("footer", parent=base, fontSize=12, leading=16, spaceBefore=4),
    }


def _table_flowables(table: Table, st: dict[str, ParagraphStyle], width_mm: float) -> list[Any]:
    story: list[Any] = []
    for line in table.header_lines:
        story.append(Paragraph(escape(line), st["header"]))
    story.append(Paragraph(escape(table.title), st["title"]))
    for line in table.subtitle_lines:
        if line:
            story.append(Paragraph(escape(line), st["subtitle"]))
    story.append(Spacer(1, 4 * mm))
    scale = width_mm / sum(c.width_mm for c in table.columns)
    widths = [c.width_mm * scale * mm for c in table.columns]
    data: list[list[Any]] = [[Paragraph(escape(c.title), st["head"]) for c in table.columns]]
    # numbers and dates centred, as on the printed forms
    styles = [st["cell"] if c.kind is Kind.TEXT else st["centred"] for c in table.columns]
    spans = []
    for item in table.rows:
        if isinstance(item, Heading):
            spans.append(len(data))
            data.append([Paragraph(escape(item.text), st["heading"])] + [""] * (len(widths) - 1))
        else:
            data.append([Paragraph(escape(cell_text(v)), styles[i]) for i, v in enumerate(item)])
    if len(data) == 1:
        spans.append(1)
        data.append([Paragraph("Không có dòng nào.", st["cell"])] + [""] * (len(widths) - 1))
    grid = LongTable(data, colWidths=widths, repeatRows=1)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]
    commands += [("SPAN", (0, r), (-1, r)) for r in spans]
    grid.setStyle(TableStyle(commands))
    story.append(grid)
    for line in table.footer_lines:
        story.append(Paragraph(escape(line).replace("  ", "&nbsp;&nbsp;"), st["footer"]))
    for extra in table.extra:
        story.append(Spacer(1, 8 * mm))
        story += _table_flowables(extra, st, width_mm)
    return story


class TablePdfPrinter:
    def render(self, table: Table, out: Path) -> Path:
        """Write the table to `out` atomically (through build_pdf)."""
        register_serif_fonts()
        st = _styles()
        pagesize = landscape(A4) if table.landscape else portrait(A4)
        width_mm = pagesize[0] / mm - 2 * MARGIN_MM
        story = _table_flowables(table, st, width_mm)

        def on_page(canvas: Any, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(SERIF, 9)
            canvas.drawRightString(doc.pagesize[0] - MARGIN_MM * mm, 6 * mm, f"Trang {doc.page}")
            canvas.restoreState()

        return build_pdf(
            out, story, on_page, pagesize=pagesize, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
            topMargin=12 * mm, bottomMargin=12 * mm, title=table.title,
        )
