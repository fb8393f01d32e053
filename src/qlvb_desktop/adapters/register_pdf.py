"""The printed register as PDF (reportlab): cover page, then the 10-column table in A4 landscape
with the header repeated on every page. DejaVu Sans is embedded for full Vietnamese coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem
from qlvb_desktop.domain.report import COLUMNS, BookReport
from qlvb_desktop.resources import font_path
from qlvb_desktop.services.atomic_file import atomic_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
# Column widths in mm, summing to the 277 mm between the margins of A4 landscape.
WIDTHS_MM = (22, 13, 36, 28, 22, 66, 32, 20, 18, 20)


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(font_path("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(font_path("DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=8, leading=10)
    return {
        "cell": base,
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER),
        "void": ParagraphStyle("void", parent=base, textColor=colors.HexColor("#9a0000")),
        "parent": ParagraphStyle("parent", fontName=FONT, fontSize=13, leading=17, alignment=TA_CENTER),
        "org": ParagraphStyle("org", fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=24, leading=30, alignment=TA_CENTER),
        "line": ParagraphStyle("line", fontName=FONT, fontSize=13, leading=20, alignment=TA_CENTER),
        "page_title": ParagraphStyle("pt", fontName=FONT_BOLD, fontSize=11, leading=14, alignment=TA_CENTER),
    }


class RegisterPdfPrinter:
    def render(self, report: BookReport, out: Path) -> Path:
        """Write the PDF to `out` (atomically: a failed print leaves no half-written file)."""
        _register_fonts()
        st = _styles()
        story: list[Any] = []
        org = report.organization
        story.append(Spacer(1, 25 * mm))
        if org.parent:
            story.append(Paragraph(escape(org.parent.upper()), st["parent"]))
        if org.name:
            story.append(Paragraph(escape(org.name.upper()), st["org"]))
        story.append(Spacer(1, 25 * mm))
        story.append(Paragraph(report.title, st["title"]))
        story.append(Paragraph(escape(report.book_name), st["line"]))
        story.append(Spacer(1, 12 * mm))
        for line in report.cover_lines():
            story.append(Paragraph(escape(line), st["line"]))
        story.append(PageBreak())

        header = [Paragraph(escape(c), st["head"]) for c in COLUMNS]
        numbers = [Paragraph(f"({i})", st["head"]) for i in range(1, len(COLUMNS) + 1)]
        data = [header, numbers]
        void_rows = []
        for index, row in enumerate(report.rows, start=2):
            style = st["void"] if row.voided else st["cell"]
            data.append([Paragraph(escape(cell), style) for cell in row.cells])
            if row.voided:
                void_rows.append(index)
        if not report.rows:
            data.append([Paragraph("Không có văn bản nào trong kỳ này.", st["cell"])] + [""] * (len(COLUMNS) - 1))
        table = LongTable(data, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=2)
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#eeeeee")),
        ]
        if not report.rows:
            commands.append(("SPAN", (0, 2), (-1, 2)))
        table.setStyle(TableStyle(commands))
        story.append(table)

        title = f"{report.title} — {report.book_name} — Năm {report.year}"

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
            topMargin=15 * mm, bottomMargin=12 * mm, title=title, author=org.name,
        )


def build_pdf(out: Path, story: list[Any], on_page: Any = None, **template: Any) -> Path:
    """Build `story` into `out` through a temporary file in the same folder, renamed into place
    when complete: a full disk or a crash never leaves a half-written PDF under the real name."""
    try:
        with atomic_path(out, prefix=".print-", suffix=".pdf") as tmp:  # the one atomic writer
            doc = SimpleDocTemplate(str(tmp), **template)
            if on_page is None:
                doc.build(story)
            else:
                doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    except OSError as exc:
        raise EnvironmentProblem(
            QT_TRANSLATE_NOOP("Errors", "Không ghi được tệp {path}: {reason}."),
            path=str(out),
            reason=exc.strerror or str(exc),
        ) from exc
    return out
