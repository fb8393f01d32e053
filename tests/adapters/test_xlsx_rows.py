"""The Excel writer's row path (adapters/xlsx.py `_RowXml`): every kind of cell, the characters
XML and Excel treat specially, headings anywhere (first, last, one after another) and the
register's size limits, read back with openpyxl (an independent reader) and compared with what
XlsxWriter itself writes cell by cell for the same values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qlvb_desktop.adapters.xlsx import XlsxWriter
from qlvb_desktop.domain.tabular import Column, Heading, Kind, Table

COLUMNS = (Column("Văn bản", 40), Column("Số", 15, Kind.NUMBER), Column("Ngày", 20, Kind.DATE),
           Column("Ghi chú", 30))
HARD = [
    "Tiếng Việt có dấu: Nghị định 30/2020/NĐ-CP",
    "a & b < c > d \"quoted\" 'single'",
    "  leading and trailing spaces  ",
    "tab\there, newline\nthere, bell\x07 and nul\x00",
    "a literal _x0041_ escape",
    "non-characters \ufffe \uffff",
    "x" * 40_000,  # over Excel's 32,767 characters in a cell
]


def _rows() -> list[object]:
    rows: list[object] = [Heading("I. Đầu bảng")]
    for i, text in enumerate(HARD):
        rows.append((text, i + 1, date(2026, 2, 16 + i), "" if i % 2 else None))
    rows += [Heading("II. Liền nhau"), Heading("1. Ngay sau"), ("sau hai đề mục", 1_000_000, date(1900, 3, 1), 7)]
    rows.append(Heading("III. Cuối bảng"))
    return rows


def _values(path: Path) -> list[tuple[object, ...]]:
    ws = load_workbook(path).worksheets[0]
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def _reference(path: Path, table: Table) -> None:
    """The same sheet written through XlsxWriter's own per-cell calls (constant memory)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet()
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    row = 0
    for line in table.header_lines:
        ws.merge_range(row, 0, row, 3, line)
        row += 1
    ws.merge_range(row, 0, row, 3, table.title)
    row += 2
    for i, col in enumerate(table.columns):
        ws.write_string(row, i, col.title)
    row += 1
    for item in table.rows:
        if isinstance(item, Heading):
            ws.merge_range(row, 0, row, 3, item.text)
        else:
            for i, value in enumerate(item):
                if value in (None, ""):
                    continue
                if isinstance(value, str):
                    ws.write_string(row, i, value)
                elif isinstance(value, date):
                    ws.write_datetime(row, i, value, date_format)
                elif COLUMNS[i].kind is Kind.NUMBER:
                    ws.write_number(row, i, value)
                else:
                    ws.write_string(row, i, str(value))
        row += 1
    book.close()


def test_rows_read_back_as_xlsxwriter_writes_them(tmp_path: Path) -> None:
    table = Table("BẢNG THỬ", COLUMNS, _rows(), header_lines=("SỞ TÀI CHÍNH",))
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    XlsxWriter().write(ours, [table])
    _reference(theirs, Table("BẢNG THỬ", COLUMNS, _rows(), header_lines=("SỞ TÀI CHÍNH",)))
    got, expected = _values(ours), _values(theirs)
    assert got == expected
    texts = [r[0] for r in got]
    assert "I. Đầu bảng" in texts and "II. Liền nhau" in texts and "1. Ngay sau" in texts
    assert texts[-1] == "III. Cuối bảng"
    row = next(r for r in got if r[0] == HARD[1])
    assert row[1] == 2 and row[2].date() == date(2026, 2, 17)  # a real number and a real date
    # control characters travel as Excel's _xHHHH_ escapes (Excel shows the character; openpyxl
    # reads the escape as written), as XlsxWriter writes them
    assert next(r for r in got if r[0] and r[0].startswith("tab"))[0] == (
        "tab\there, newline\nthere, bell_x0007_ and nul_x0000_")
    assert "  leading and trailing spaces  " in texts and "a literal _x005F_x0041_ escape" in texts
    assert len(next(t for t in texts if t and t.startswith("xxx"))) == 32_767
    ws = load_workbook(ours).worksheets[0]
    assert ws.cell(row=ws.max_row, column=1).value == "III. Cuối bảng"
    assert ws["C6"].number_format == "dd/mm/yyyy"  # the column's date format on the cell


def test_an_empty_table_and_one_past_excels_limit(tmp_path: Path) -> None:
    from qlvb_desktop.adapters import xlsx
    from qlvb_desktop.domain.errors import UserError

    XlsxWriter().write(tmp_path / "empty.xlsx", [Table("TRỐNG", COLUMNS, [])])
    assert _values(tmp_path / "empty.xlsx")[-1] == ("Văn bản", "Số", "Ngày", "Ghi chú")
    limit = xlsx.EXCEL_MAX_ROWS
    try:
        xlsx.EXCEL_MAX_ROWS = 20
        with pytest.raises(UserError, match="giới hạn của Excel"):
            XlsxWriter().write(tmp_path / "big.xlsx", [Table("LỚN", COLUMNS, [("a", 1, None, None)] * 30)])
    finally:
        xlsx.EXCEL_MAX_ROWS = limit
    assert not (tmp_path / "big.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.xlsx"]  # no temporary file left
