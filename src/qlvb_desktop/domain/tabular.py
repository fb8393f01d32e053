"""A printable, exportable table: what every list and report of issues 17 hands to the PDF
printer and the Excel writer, so both outputs show the same columns, headings and rows.

Cells are typed (text, whole numbers, dates) so Excel gets real dates and numbers, not text that
looks like them. Widths are in millimetres of A4 (277 mm between the margins in landscape,
190 mm in portrait); the Excel writer turns them into character widths and fits the page width.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

Cell = str | int | date | None


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Heading:
    """A row that spans the whole table (a heading of "Danh mục hồ sơ": I., 1., …)."""

    text: str


Row = tuple[Cell, ...] | Heading


@dataclass
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: Iterable[Row]
    # lines above the title: governing body, organization; lines under it: year, period, …
    header_lines: tuple[str, ...] = ()
    subtitle_lines: tuple[str, ...] = ()
    footer_lines: tuple[str, ...] = ()
    landscape: bool = True
    sheet_name: str = "Danh sách"
    # second table on the same page/sheet (the case-file summary under a handover record, …)
    extra: list[Table] = field(default_factory=list)


def cell_text(value: Cell) -> str:
    """How a cell prints: dates as dd/mm/yyyy, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
