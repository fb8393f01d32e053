"""The one Excel writer (XlsxWriter, constant-memory mode) and the spreadsheet reader used to
import the list of case files (openpyxl, read-only mode).

Every list and report is a `domain.tabular.Table`; rows are written as they come from their
iterator and flushed row by row, so a 1,000,000-row register never sits in memory
(bench/reports.py measures it). Each sheet prints on A4 landscape (or portrait), fitted to the
page width, its column titles repeated on every page; dates are real Excel dates shown
dd/mm/yyyy, numbers are numbers. The file is written next to its destination and renamed into
place, so a full disk never leaves a half-written .xlsx under the real name.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.tabular import Heading, Kind, Table
from qlvb_desktop.services.atomic_file import atomic_path

# One Excel character width (Calibri 11) is about 1.9 mm on paper at 100 %.
MM_PER_CHAR = 1.9
EXCEL_MAX_ROWS = 1_048_576
EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 29/02/1900 included)
FONT = "Times New Roman"  # present on every Windows office machine, full Vietnamese coverage


def _discard(book: Any, tmp_name: str) -> None:
    """After a failure: the half-written file and XlsxWriter's per-sheet row files go (a sheet
    refused for its size would otherwise leave its temporary file beside the destination)."""
    for ws in book.worksheets() if book is not None else ():
        fh = getattr(ws, "row_data_fh", None)
        if fh is not None and not fh.closed:
            fh.close()
        if getattr(ws, "row_data_filename", None):
            Path(ws.row_data_filename).unlink(missing_ok=True)
    if tmp_name:
        Path(tmp_name).unlink(missing_ok=True)


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate


class XlsxWriter:
    """Writes one or more `Table`s, one sheet each, to an .xlsx file."""

    def write(self, out: Path, tables: list[Table]) -> Path:
        import xlsxwriter  # on first use: the window starts without it

        book: Any = None
        try:
            with atomic_path(out, suffix=".xlsx") as tmp:  # the one atomic writer (fsync, rename)
                book = xlsxwriter.Workbook(
                    str(tmp), {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                               "strings_to_urls": False, "tmpdir": str(out.parent)},
                )
                used: set[str] = set()
                fmt = _Formats(book)
                for table in tables:
                    self._sheet(book, fmt, table, _sheet_name(table.sheet_name, used))
                book.close()
        except OSError as exc:
            _discard(book, "")  # atomic_path removed the half-written file itself
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không ghi được tệp {path}: {reason}."),
                path=str(out), reason=exc.strerror or str(exc),
            ) from exc
        except BaseException:
            _discard(book, "")
            raise
        return out

    def _sheet(self, book: Any, fmt: _Formats, table: Table, name: str) -> None:
        ws = book.add_worksheet(name)
        ncols = len(table.columns)
        ws.set_paper(9)  # A4
        if table.landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)  # fit to the page width, as many pages tall as needed
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer("&C&P/&N")
        # Each column carries the format of its cells (wrapped text, centred numbers, dates), which
        # XlsxWriter gives every cell written without one, and the grid is one conditional format
        # over the table drawn at the end: per-cell formats cost a sixth of the CPU of a
        # million-row export, and blank cells need not be written at all (bench/reports.py).
        by_kind = {Kind.TEXT: fmt.text, Kind.NUMBER: fmt.number, Kind.DATE: fmt.date}
        for i, col in enumerate(table.columns):
            ws.set_column(i, i, round(col.width_mm / MM_PER_CHAR, 1), by_kind[col.kind])
        row = 0
        # constant_memory writes rows in order: every heading line first, then the table
        for line in table.header_lines:
            ws.merge_range(row, 0, row, ncols - 1, line, fmt.bold_center)
            row += 1
        ws.merge_range(row, 0, row, ncols - 1, table.title, fmt.title)
        row += 1
        for line in table.subtitle_lines:
            if line:
                ws.merge_range(row, 0, row, ncols - 1, line, fmt.center)
                row += 1
        row += 1
        header_row = row
        for i, col in enumerate(table.columns):
            ws.write_string(row, i, col.title, fmt.head)
        ws.repeat_rows(header_row)
        ws.freeze_panes(header_row + 1, 0)
        row += 1
        limit = EXCEL_MAX_ROWS - len(table.footer_lines) - 1
        first_row = row
        rows = _RowXml(table, [by_kind[c.kind] for c in table.columns])
        out = ws.fh  # constant_memory: the rows' part of the sheet, written in order
        ws._write_single_row(row)
        buffer: list[str] = []
        pending = False  # a heading row XlsxWriter holds until the next row starts
        for item in table.rows:
            if row >= limit:
                raise UserError(
                    QT_TRANSLATE_NOOP("Errors", "Bảng có hơn {limit} dòng, vượt giới hạn của Excel: "
                                      "hãy chọn kỳ ngắn hơn."),
                    limit=EXCEL_MAX_ROWS,
                )
            if isinstance(item, Heading):
                out.write("".join(buffer))
                buffer.clear()
                if pending:  # the heading just before this one goes out first
                    ws._write_single_row(row)
                else:
                    ws.previous_row = row
                ws.merge_range(row, 0, row, ncols - 1, item.text, fmt.heading_row)
                pending = True
            else:
                if pending:
                    ws._write_single_row(row)
                    pending = False
                buffer.append(rows.row(row, item))
                if len(buffer) >= 2000:
                    out.write("".join(buffer))
                    buffer.clear()
            row += 1
        out.write("".join(buffer))
        if row > first_row:
            if not pending:
                ws.previous_row = row - 1
            ws._check_dimensions(row - 1, ncols - 1)
            ws.conditional_format(first_row, 0, row - 1, ncols - 1,
                                  {"type": "formula", "criteria": "TRUE", "format": fmt.grid})
        row += 1
        for line in table.footer_lines:
            ws.write_string(row, 0, line, fmt.plain)
            row += 1


_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_ESCAPE_OF_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
MAX_STRING = 32767  # Excel's limit for one cell


def _letters(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def _escape(value: str) -> str:
    """What XlsxWriter writes for an inline string: control characters as _xHHHH_ (a literal
    _xHHHH_ escaped first), then &, <, > as XML entities."""
    value = _ESCAPE_OF_ESCAPE.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _RowXml:
    """The XML of a table row, as XlsxWriter's constant-memory mode writes it (inline strings,
    numbers, dates as serial days under the column's format), built in one pass per row.

    Why not `write_string`/`write_number` per cell: XlsxWriter checks, stores and then
    serializes every cell through several calls and regular expressions (about 6 µs a cell,
    60 s of CPU for a 1,000,000-row register); this is a fifth of that (bench/reports.py). The
    workbook, its styles, merged headings, page setup and the zip stay XlsxWriter's; the tests
    read every file back with openpyxl."""

    def __init__(self, table: Table, formats: list[Any]) -> None:
        self.letters = [_letters(i) for i in range(len(table.columns))]
        self.styles = [f._get_xf_index() for f in formats]
        self.numbers = [c.kind is Kind.NUMBER for c in table.columns]

    def row(self, row: int, item: Any) -> str:
        r = row + 1
        parts = [f'<row r="{r}">']
        add = parts.append
        letters, styles, numbers = self.letters, self.styles, self.numbers
        for i, value in enumerate(item):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                add(self._text(f"{letters[i]}{r}", styles[i], value))
            elif isinstance(value, date):
                add(f'<c r="{letters[i]}{r}" s="{styles[i]}"><v>{(value - EPOCH).days}</v></c>')
            elif numbers[i]:
                add(f'<c r="{letters[i]}{r}" s="{styles[i]}"><v>{value:.16G}</v></c>')
            else:
                add(self._text(f"{letters[i]}{r}", styles[i], str(value)))
        add("</row>")
        return "".join(parts)

    @staticmethod
    def _text(ref: str, style: int, value: str) -> str:
        if len(value) > MAX_STRING:
            value = value[:MAX_STRING]
        # substring tests and isprintable() run in C; the regular expression only when one hits
        if ("&" in value or "<" in value or ">" in value or "_x" in value or not value.isprintable()) and \
                _SPECIAL.search(value):
            value = _escape(value)
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{value}</t></is></c>'


class _Formats:
    def __init__(self, book: Any) -> None:
        base = {"font_name": FONT, "font_size": 11}
        self.plain = book.add_format(base)
        self.text = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self.number = book.add_format({**base, "valign": "top", "align": "center"})
        self.date = book.add_format({**base, "valign": "top", "num_format": "dd/mm/yyyy", "align": "center"})
        self.grid = book.add_format({"border": 1})
        self.head = book.add_format({**base, "bold": True, "border": 1, "text_wrap": True, "align": "center",
                                     "valign": "vcenter", "bg_color": "#EEEEEE"})
        self.heading_row = book.add_format({**base, "bold": True, "border": 1})
        self.center = book.add_format({**base, "align": "center"})
        self.bold_center = book.add_format({**base, "bold": True, "align": "center"})
        self.title = book.add_format({**base, "bold": True, "font_size": 14, "align": "center"})


def read_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    """The rows of the first sheet of an .xlsx (the case-file list a clerk typed in Excel)."""
    from openpyxl import load_workbook

    if not path.is_file():
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Không tìm thấy tệp {path}."), path=str(path))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Tệp {path} không phải bảng tính Excel (.xlsx) đọc được."), path=str(path)
        ) from exc
    try:
        sheet = book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()
