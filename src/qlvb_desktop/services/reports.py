"""The printed register and closing a period (SPEC §3); the follow-up book, the handling
reports of a period and the Excel exports of the registers (SPEC §12, issue 17)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time
from pathlib import Path
from typing import Protocol

from qlvb_desktop.domain.books import Book, Closure, resolve_book
from qlvb_desktop.domain.daily import DeadlinePolicy
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.outgoing import COLUMNS as OUTGOING_COLUMNS
from qlvb_desktop.domain.ports import Clock, RegisterRepository
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.domain.report import COLUMNS, BookReport, Organization, book_row
from qlvb_desktop.domain.reports import (
    OutgoingItem,
    ReportItem,
    Statistics,
    StatusReport,
    followup_table,
    incoming_status,
    outgoing_status_tables,
    registration_cells,
    statistics,
    status_from_counts,
    status_tables,
)
from qlvb_desktop.domain.tabular import Cell, Column, Kind, Table
from qlvb_desktop.domain.vocab import Confidentiality


class BookPrinter(Protocol):
    def render(self, report: BookReport, out: Path) -> Path: ...


class ReportService:
    def __init__(self, repo: RegisterRepository, printer: BookPrinter, clock: Clock, actor: str) -> None:
        self.repo = repo
        self.printer = printer
        self.clock = clock
        self.actor = actor

    def _book(self, book: str | None) -> Book:
        """The book named by code or name; the open incoming book by default."""
        return resolve_book(book or "", Confidentiality.NORMAL, self.repo.books())

    def book_report(
        self,
        organization: Organization,
        year: int,
        *,
        book: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        volume: int = 1,
    ) -> BookReport:
        if date_from and date_to and date_from > date_to:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Ngày bắt đầu sau ngày kết thúc."))
        b = self._book(book)
        entries = self.repo.book_entries(b.code, year, date_from, date_to)
        numbers = [e.arrival_number for e in entries]
        days = [e.draft.received_at.date() for e in entries]
        return BookReport(
            organization=organization,
            book_name=b.name,
            year=year,
            date_from=date_from or (min(days) if days else None),
            date_to=date_to or (max(days) if days else None),
            number_from=min(numbers) if numbers else None,
            number_to=max(numbers) if numbers else None,
            volume=volume,
            rows=[book_row(e) for e in entries],
        )

    def print_book(self, report: BookReport, out: Path) -> Path:
        return self.printer.render(report, out)

    def close_period(self, year: int, through: date, *, book: str | None = None) -> Closure:
        """Freeze the entries of `book` received in `year` up to and including `through`."""
        if through.year != year:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Ngày khóa sổ {day} không thuộc năm {year}."),
                day=through.strftime("%d/%m/%Y"),
                year=year,
            )
        if through > self.clock.now().date():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Không khóa sổ cho ngày ở tương lai."))
        b = self._book(book)
        return self.repo.close_period(b.code, year, through, actor=self.actor, now=self.clock.now())


class ReportRows(Protocol):
    def report_items(self, date_from: date, date_to: date) -> Iterable[ReportItem]: ...
    def outgoing_items(self, date_from: date, date_to: date) -> Iterable[OutgoingItem]: ...
    def status_counts(
        self, date_from: date, date_to: date, as_of: date,
        due_table: Callable[[date, date], list[tuple[date, bool, date]]], closing: time,
    ) -> list[tuple[str, str, int]]: ...
    def register_rows(self, book: str, year: int) -> Iterable[tuple[Cell, ...]]: ...
    def outgoing_rows(self, book: str, year: int) -> Iterable[tuple[Cell, ...]]: ...


class PeriodReports:
    """The follow-up book, the handling reports of a period and the register exports (issue 17).
    Tables go to the printer or the Excel writer by the output's suffix (`TableOutput`)."""

    def __init__(
        self, rows: ReportRows, books: Callable[[], list[Book]], output: Callable[[list[Table], Path], Path],
        clock: Clock, policy: DeadlinePolicy, organization: Organization,
    ) -> None:
        self.rows = rows
        self.books = books
        self.output = output
        self.clock = clock
        self.policy = policy
        self.organization = organization

    def configure(self, policy: DeadlinePolicy, organization: Organization) -> None:
        self.policy = policy
        self.organization = organization

    def _header(self) -> tuple[str, ...]:
        org = self.organization
        return tuple(x.upper() for x in (org.parent, org.name) if x)

    @staticmethod
    def _period(date_from: date | None, date_to: date | None, today: date) -> tuple[date, date]:
        date_from = date_from or date(today.year, 1, 1)
        date_to = date_to or today
        if date_from > date_to:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Ngày bắt đầu sau ngày kết thúc."))
        return date_from, date_to

    def incoming_status(self, date_from: date | None = None, date_to: date | None = None) -> StatusReport:
        """Counted by the store (SQLite) from the deadlines of each arrival day (bench/reports.py)."""
        today = self.clock.now().date()
        dfrom, dto = self._period(date_from, date_to, today)
        as_of = min(dto, today)
        policy = self.policy
        counts = self.rows.status_counts(dfrom, dto, as_of, policy.due_table, policy.closing_time)
        return status_from_counts(counts, dfrom, dto, as_of)

    def incoming_status_reference(self, date_from: date, date_to: date) -> StatusReport:
        """The same report computed in Python from every document (what the SQL is tested against)."""
        today = self.clock.now().date()
        return incoming_status(self.rows.report_items(date_from, date_to), self.policy, date_from, date_to, today)

    def statistics(self, date_from: date | None = None, date_to: date | None = None) -> Statistics:
        """What the statistics view charts (documents per month, per issuer, overdue by unit)."""
        today = self.clock.now().date()
        dfrom, dto = self._period(date_from, date_to, today)
        return statistics(self.rows.report_items(dfrom, dto), self.policy, dfrom, dto, today)

    def incoming_status_tables(self, date_from: date | None = None, date_to: date | None = None) -> list[Table]:
        return status_tables(self.incoming_status(date_from, date_to), self._header())

    def outgoing_status_tables(self, date_from: date | None = None, date_to: date | None = None) -> list[Table]:
        dfrom, dto = self._period(date_from, date_to, self.clock.now().date())
        return outgoing_status_tables(self.rows.outgoing_items(dfrom, dto), dfrom, dto, self._header())

    def followup_table(self, date_from: date | None = None, date_to: date | None = None) -> Table:
        today = self.clock.now().date()
        dfrom, dto = self._period(date_from, date_to, today)
        return followup_table(self.rows.report_items(dfrom, dto), self.policy, dfrom, dto, today, self._header())

    def _book(self, requested: str | None, direction: str) -> Book:
        books = [b for b in self.books() if b.direction == direction]
        if not requested:
            return next(b for b in books if not b.secret)
        found = [b for b in books if requested in (b.code, b.name)]
        if not found:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Không có sổ “{book}”; các sổ: {books}."),
                book=requested, books=", ".join(b.code for b in books),
            )
        return found[0]

    def register_table(self, year: int, book: str | None = None) -> Table:
        """The incoming register of a year, streamed (the rows are read while they are written)."""
        b = self._book(book, "incoming")
        return Table(
            "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", REGISTER_COLUMNS, self.rows.register_rows(b.code, year),
            header_lines=self._header(), subtitle_lines=(b.name, f"Năm {year}"), sheet_name="Sổ văn bản đến",
        )

    def outgoing_table(self, year: int, book: str | None = None) -> Table:
        b = self._book(book, "outgoing")
        return Table(
            "SỔ ĐĂNG KÝ VĂN BẢN ĐI", OUTGOING_REGISTER_COLUMNS, self.rows.outgoing_rows(b.code, year),
            header_lines=self._header(), subtitle_lines=(b.name, f"Năm {year}"), sheet_name="Sổ văn bản đi",
        )

    def search_table(self, found: Iterable[Registration], description: str = "") -> Table:
        """A search result in the register's columns (the clerk's query on the subtitle line)."""
        return Table(
            "KẾT QUẢ TÌM KIẾM VĂN BẢN ĐẾN", REGISTER_COLUMNS, (registration_cells(r) for r in found),
            header_lines=self._header(), subtitle_lines=(description,), sheet_name="Kết quả tìm kiếm",
        )

    def write(self, tables: list[Table], out: Path) -> Path:
        return self.output(tables, out)


# The register columns (SPEC §3, §8) with the kind of each cell, for the Excel export.
REGISTER_COLUMNS = tuple(
    Column(title, width, kind) for title, width, kind in zip(
        COLUMNS, (22, 14, 40, 30, 22, 70, 35, 22, 18, 28),
        (Kind.DATE, Kind.NUMBER, Kind.TEXT, Kind.TEXT, Kind.DATE, Kind.TEXT, Kind.TEXT, Kind.DATE, Kind.TEXT,
         Kind.TEXT), strict=True,
    )
)
OUTGOING_REGISTER_COLUMNS = tuple(
    Column(title, width, kind) for title, width, kind in zip(
        OUTGOING_COLUMNS, (30, 22, 70, 35, 45, 35, 14, 22, 18, 25),
        (Kind.TEXT, Kind.DATE, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.NUMBER, Kind.DATE, Kind.TEXT,
         Kind.TEXT), strict=True,
    )
)
