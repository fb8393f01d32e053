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


# --- Numbers not given yet --------------------------------------------------------------------
# A synced station numbers from blocks of numbers leased from the server. With none left and no
# server to ask, a registration is still made (nothing the clerk typed is lost) but its arrival
# number is *waiting*: the next sync gives it one. The database keeps a negative placeholder
# (unique per book and year) as its key until then; everything that shows, prints, stamps or
# sends a number goes through `arrival()` / `given_number()`, so the placeholder never reaches
# paper, a file name or another system.


@dataclass(frozen=True)
class WaitingForNumber:
    """An arrival number not given yet: it comes from the server at the next sync."""

    placeholder: int  # the stored key (negative); never shown

    def __str__(self) -> str:
        return WAITING_LABEL


WAITING_LABEL = "chờ cấp số"
ArrivalNumber = int | WaitingForNumber


def placeholder_number(lowest_stored: int | None) -> WaitingForNumber:
    """The next placeholder of a book's year, below every number stored there."""
    return WaitingForNumber(min(lowest_stored or 0, 0) - 1)


def arrival(stored: int) -> ArrivalNumber:
    """The number as the domain knows it: given (a positive int) or waiting."""
    return stored if stored > 0 else WaitingForNumber(stored)


def is_waiting(stored: int | None) -> bool:
    return stored is not None and stored <= 0


def number_label(stored: int, year: int | None = None) -> str:
    """"15/2026", or "chờ cấp số" for a number not given yet."""
    number = arrival(stored)
    if isinstance(number, WaitingForNumber):
        return WAITING_LABEL
    return f"{number}/{year}" if year is not None else str(number)


class NumberNotGiven(ValidationError):
    """Something that needs the arrival number (the ĐẾN stamp, the file name, the printed
    register, the routing slip) was asked for a registration still waiting for its number."""

    def __init__(self, action: str) -> None:
        super().__init__(
            "arrival_number",
            QT_TRANSLATE_NOOP(
                CTX,
                "Văn bản đã vào sổ nhưng chưa có số đến (máy đã dùng hết số nhận trước từ máy chủ); "
                "văn bản sẽ được cấp số ở lần đồng bộ tới, sau đó mới {action} được.",
            ),
            action=action,
        )


STAMP_ACTION = QT_TRANSLATE_NOOP(CTX, "đóng dấu ĐẾN")
FILE_ACTION = QT_TRANSLATE_NOOP(CTX, "lưu tệp theo số đến")
PRINT_ACTION = QT_TRANSLATE_NOOP(CTX, "in vào sổ")
SLIP_ACTION = QT_TRANSLATE_NOOP(CTX, "in phiếu giải quyết")


def given_number(stored: int, action: str) -> int:
    """The arrival number, or NumberNotGiven saying what happens next."""
    number = arrival(stored)
    if isinstance(number, WaitingForNumber):
        raise NumberNotGiven(action)
    return number
