"""Register books (SPEC §3): each book has its own series per calendar year, starting at 1."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ClosedPeriodError, ValidationError
from qlvb_desktop.domain.text import fold_marks, nfc
from qlvb_desktop.domain.vocab import Confidentiality

CTX = "Errors"


@dataclass(frozen=True)
class Book:
    code: str  # stable identifier, ASCII: "den", "mat-den"
    name: str  # what the clerk sees: "Sổ văn bản đến"
    secret: bool = False
    direction: str = "incoming"  # "incoming" | "outgoing"


INCOMING = Book("den", "Sổ văn bản đến")
SECRET_INCOMING = Book("mat-den", "Sổ văn bản mật đến", secret=True)
DEFAULT_BOOKS = (INCOMING, SECRET_INCOMING)


def resolve_book(requested: str, confidentiality: Confidentiality, books: list[Book]) -> Book:
    """The book a document goes to: the one asked for (by code or name), else the default
    incoming book for its confidentiality. A secret document never goes to an open book."""
    incoming = [b for b in books if b.direction == "incoming"]
    if requested:
        key = fold_marks(nfc(requested))
        match = [b for b in incoming if b.code == requested or fold_marks(b.name) == key]
        if not match:
            raise ValidationError(
                "book",
                QT_TRANSLATE_NOOP(CTX, "Không có sổ “{value}”; các sổ hiện có: {books}."),
                value=requested,
                books=", ".join(b.name for b in incoming),
            )
        book = match[0]
    else:
        wanted = [b for b in incoming if b.secret == confidentiality.is_secret]
        if not wanted:
            raise ValidationError("book", QT_TRANSLATE_NOOP(CTX, "Chưa có sổ đăng ký phù hợp."))
        book = wanted[0]
    if confidentiality.is_secret and not book.secret:
        raise ValidationError(
            "book",
            QT_TRANSLATE_NOOP(CTX, "Văn bản {level} phải vào sổ văn bản mật, không vào “{book}”."),
            level=confidentiality.value.lower(),
            book=book.name,
        )
    return book


@dataclass(frozen=True)
class Closure:
    """A closed period of a book: entries received on or before `through` are frozen."""

    book: str
    year: int
    through: date
    closed_at: datetime
    closed_by: str


def closure_covering(closures: list[Closure], book: str, received: datetime) -> Closure | None:
    """The closed period an entry received at `received` in `book` belongs to, if any: such an
    entry can no longer be edited, only corrected by a new dated entry (SPEC §3)."""
    for c in closures:
        if c.book == book and c.year == received.year and received.date() <= c.through:
            return c
    return None


def check_open(closures: list[Closure], book: str, received: datetime, number: int) -> None:
    c = closure_covering(closures, book, received)
    if c is not None:
        raise ClosedPeriodError(
            QT_TRANSLATE_NOOP(
                CTX,
                "Số đến {number} thuộc kỳ đã khóa sổ đến ngày {through}; "
                "hãy vào sổ một bản đính chính mới.",
            ),
            number=number,
            through=c.through.strftime("%d/%m/%Y"),
        )
