"""The printed incoming register ("Sổ đăng ký văn bản đến", SPEC §3) as data to render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qlvb_desktop.domain.books import PRINT_ACTION, given_number
from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.registration import FORWARD_PREFIX, Registration
from qlvb_desktop.domain.vocab import Status

COLUMNS = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
VOID_MARK = "Hủy"


@dataclass(frozen=True)
class Organization:
    name: str = ""
    code: str = ""  # e.g. 000.00.04.G14
    parent: str = ""  # governing body (cơ quan chủ quản)


@dataclass(frozen=True)
class BookRow:
    cells: tuple[str, ...]
    voided: bool = False


@dataclass(frozen=True)
class BookReport:
    organization: Organization
    book_name: str
    year: int
    date_from: date | None
    date_to: date | None
    number_from: int | None
    number_to: int | None
    volume: int
    rows: list[BookRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"

    def cover_lines(self) -> list[str]:
        def d(x: date | None) -> str:
            return format_date_vn(x) if x else "…"

        def n(x: int | None) -> str:
            return str(x) if x is not None else "…"

        return [
            f"Năm: {self.year}",
            f"Từ ngày {d(self.date_from)} đến ngày {d(self.date_to)}",
            f"Từ số {n(self.number_from)} đến số {n(self.number_to)}",
            f"Quyển số: {self.volume}",
        ]


def forwarded_on(reg: Registration) -> str:
    """Ngày chuyển: the day of the first trace entry that forwarded the document."""
    for entry in reg.trace:
        if entry.text.startswith(FORWARD_PREFIX):
            return format_date_vn(to_vn(entry.at).date())
    return ""


def book_row(reg: Registration) -> BookRow:
    d = reg.draft
    type_and_subject = f"{d.doc_type}: {d.subject}" if d.doc_type else d.subject
    notes = []
    if reg.status is Status.VOIDED:
        notes.append(f"{VOID_MARK}: {reg.void_reason}")
    if reg.correction_of is not None or d.note:
        notes.append(d.note)
    if d.urgency.value:
        notes.insert(0, d.urgency.value)
    return BookRow(
        cells=(
            format_date_vn(d.received_at.date()),
            str(given_number(reg.arrival_number, PRINT_ACTION)),
            d.issuer,
            d.number,
            format_date_vn(d.issued_date) if d.issued_date else "",
            type_and_subject,
            d.to_places,
            forwarded_on(reg),
            "",
            "; ".join(n for n in notes if n),
        ),
        voided=reg.status is Status.VOIDED,
    )
