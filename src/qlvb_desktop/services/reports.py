"""The printed register and closing a period (SPEC §3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from qlvb_desktop.domain.books import Book, Closure, resolve_book
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.ports import Clock, RegisterRepository
from qlvb_desktop.domain.report import BookReport, Organization, book_row
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
