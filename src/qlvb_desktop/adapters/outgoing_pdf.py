"""The printed outgoing register ("Sổ đăng ký văn bản đi", SPEC §8) as PDF, built like the
incoming one (`register_pdf`): a cover page, then the 10 columns in A4 landscape."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageBreak, Paragraph, Spacer, TableStyle

from qlvb_desktop.adapters.register_pdf import FONT, FONT_BOLD, _register_fonts, _styles, build_pdf
from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.outgoing import COLUMNS, OutgoingEntry, OutgoingStatus, register_row

TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
# Column widths in mm, summing to the 277 mm between the margins of A4 landscape.
WIDTHS_MM = (28, 22, 64, 30, 38, 26, 14, 22, 14, 19)


class OutgoingPdfPrinter:
    def render_outgoing(
        self,
        organization: str,
        parent: str,
        book_name: str,
        year: int,
        date_from: date | None,
        date_to: date | None,
        entries: Sequence[OutgoingEntry],
        out: Path,
    ) -> Path:
        _register_fonts()
        st = _styles()
        story: list[Any] = [Spacer(1, 25 * mm)]
        if parent:
            story.append(Paragraph(escape(parent.upper()), st["parent"]))
        if organization:
            story.append(Paragraph(escape(organization.upper()), st["org"]))
        story += [Spacer(1, 25 * mm), Paragraph(TITLE, st["title"]), Paragraph(escape(book_name), st["line"])]
        story.append(Spacer(1, 12 * mm))
        numbers = [e.number for e in entries]

        def d(x: date | None) -> str:
            return format_date_vn(x) if x else "…"

        for line in (
            f"Năm: {year}",
            f"Từ ngày {d(date_from)} đến ngày {d(date_to)}",
            f"Từ số {min(numbers) if numbers else '…'} đến số {max(numbers) if numbers else '…'}",
        ):
            story.append(Paragraph(escape(line), st["line"]))
        story.append(PageBreak())
        data: list[list[Any]] = [
            [Paragraph(escape(c), st["head"]) for c in COLUMNS],
            [Paragraph(f"({i})", st["head"]) for i in range(1, len(COLUMNS) + 1)],
        ]
        for e in entries:
            style = st["void"] if e.status is OutgoingStatus.VOIDED else st["cell"]
            data.append([Paragraph(escape(cell), style) for cell in register_row(e)])
        if not entries:
            data.append([Paragraph("Không có văn bản nào trong kỳ này.", st["cell"])] + [""] * (len(COLUMNS) - 1))
        table = LongTable(data, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=2)
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#eeeeee")),
        ]
        if not entries:
            commands.append(("SPAN", (0, 2), (-1, 2)))
        table.setStyle(TableStyle(commands))
        story.append(table)
        title = f"{TITLE} — {book_name} — Năm {year}"

        def on_page(canvas, doc) -> None:  # type: ignore[no-untyped-def]
            if doc.page == 1:
                return
            canvas.saveState()
            canvas.setFont(FONT_BOLD, 10)
            canvas.drawCentredString(doc.pagesize[0] / 2, doc.pagesize[1] - 10 * mm, title)
            canvas.setFont(FONT, 8)
            canvas.drawRightString(doc.pagesize[0] - 10 * mm, 7 * mm, f"Trang {doc.page}")
            canvas.restoreState()

        return build_pdf(
            out, story, on_page, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
            topMargin=15 * mm, bottomMargin=12 * mm, title=title, author=organization,
        )
