"""The outgoing register (SPEC §5, §8) and refused electronic documents (SPEC §2, Điều 21.2).

Outgoing numbers run from 01 on 1 January in each outgoing book ("Sổ văn bản đi", and
"Sổ văn bản mật đi" for secret documents), unique in the year. A number exists only once the
organization's signature that writes it into the document has succeeded; a voided entry keeps
its number, marked "Hủy".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.clock import format_date_vn, iso
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from qlvb_desktop.domain.registration import FileRef
from qlvb_desktop.domain.text import fold_marks, nfc
from qlvb_desktop.domain.vocab import DOC_TYPES

CTX = "Errors"

OUTGOING = Book("di", "Sổ văn bản đi", direction="outgoing")
SECRET_OUTGOING = Book("mat-di", "Sổ văn bản mật đi", secret=True, direction="outgoing")
OUTGOING_BOOKS = (OUTGOING, SECRET_OUTGOING)

# The outgoing register's columns (SPEC §8).
COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
VOID_MARK = "Hủy"

MAX_LENGTH = {
    "subject": 500,
    "signer_name": 50,
    "signer_title": 100,
    "recipients": 1000,
    "drafting_unit": 20,
    "abbreviation": 20,
    "archive_unit": 200,
    "reason": 500,
}
LABELS = {
    "subject": "Trích yếu",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "recipients": "Nơi nhận",
    "drafting_unit": "Đơn vị soạn thảo",
    "abbreviation": "Tên viết tắt của cơ quan",
    "archive_unit": "Đơn vị, người nhận bản lưu",
    "doc_type": "Tên loại văn bản",
    "book": "Sổ văn bản đi",
    "reason": "Lý do",
}


def _text(name: str, value: str, required: bool = False) -> str:
    value = nfc(value or "").strip()
    if required and not value:
        raise ValidationError(name, QT_TRANSLATE_NOOP(CTX, "Chưa nhập {label}."), label=LABELS[name])
    limit = MAX_LENGTH.get(name)
    if limit is not None and len(value) > limit:
        raise ValidationError(
            name,
            QT_TRANSLATE_NOOP(CTX, "{label} dài {length} ký tự, vượt giới hạn {limit} ký tự."),
            label=LABELS[name],
            length=len(value),
            limit=limit,
        )
    return value


def abbreviation_of(organization: str) -> str:
    """A default issuer abbreviation from the organization's name: the initials of its words,
    keeping Đ ("Sở Nội vụ" -> "SNV", "Ủy ban nhân dân" -> "UBND"). The clerk can change it."""
    letters = []
    for word in nfc(organization).split():
        first = word[0]
        letters.append("Đ" if first in "Đđ" else fold_marks(first).upper())
    return "".join(ch for ch in letters if ch.isalnum())[:20]


def notation(doc_type: str, abbreviation: str, drafting_unit: str = "", *, year: int | None = None) -> str:
    """SPEC §5: `QĐ-UBND` (type + issuer); a công văn is issuer + drafting unit (`UBND-VP`);
    a legal normative document carries the year (`2026/QĐ-UBND`)."""
    abbreviation = _text("abbreviation", abbreviation, required=True).replace(" ", "")
    drafting_unit = _text("drafting_unit", drafting_unit).replace(" ", "")
    if doc_type not in DOC_TYPES:
        raise ValidationError(
            "doc_type",
            QT_TRANSLATE_NOOP(CTX, "Tên loại văn bản “{value}” không có trong danh mục."),
            value=doc_type,
        )
    type_abbr = DOC_TYPES[doc_type]
    parts = [type_abbr, abbreviation] if type_abbr else [abbreviation, drafting_unit]
    text = "-".join(p for p in parts if p)
    return f"{year}/{text}" if year else text


def number_text(number: int, notation_text: str) -> str:
    """`05/QĐ-UBND`: numbers below 10 get a leading zero (SPEC §5)."""
    return f"{number:02d}/{notation_text}"


@dataclass(frozen=True)
class OutgoingDraft:
    """What the clerk confirmed before signing; the number comes with the signature."""

    book: str
    doc_type: str
    subject: str
    issued: date
    notation: str
    signer_name: str = ""
    signer_title: str = ""
    recipients: str = ""
    archive_unit: str = ""
    copies: int | None = None
    normative: bool = False

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def series(self) -> str:
        return series_of(self.doc_type, self.normative)


def series_of(doc_type: str, normative: bool) -> str:
    """The numbering series inside a book: one for ordinary documents, and one for each type of
    legal normative document (SPEC §8)."""
    return doc_type if normative else ""


def make_draft(
    *,
    book: Book,
    doc_type: str,
    subject: str,
    issued: date,
    abbreviation: str,
    drafting_unit: str = "",
    signer_name: str = "",
    signer_title: str = "",
    recipients: str = "",
    archive_unit: str = "",
    copies: int | None = None,
    normative: bool = False,
) -> OutgoingDraft:
    if book.direction != "outgoing":
        raise ValidationError(
            "book", QT_TRANSLATE_NOOP(CTX, "“{book}” không phải sổ văn bản đi."), book=book.name
        )
    return OutgoingDraft(
        book=book.code,
        doc_type=doc_type,
        subject=_text("subject", subject, required=True),
        issued=issued,
        notation=notation(doc_type, abbreviation, drafting_unit, year=issued.year if normative else None),
        signer_name=_text("signer_name", signer_name),
        signer_title=_text("signer_title", signer_title),
        recipients=_text("recipients", recipients),
        archive_unit=_text("archive_unit", archive_unit),
        copies=copies,
        normative=normative,
    )


class OutgoingStatus(enum.StrEnum):
    ISSUED = "issued"
    VOIDED = "voided"


@dataclass(frozen=True)
class OutgoingEntry:
    id: int
    book: str
    year: int
    number: int
    draft: OutgoingDraft
    file: FileRef
    file_name: str  # SPEC §10 name the signed file was saved under
    export_path: str
    created_at: datetime
    created_by: str
    status: OutgoingStatus = OutgoingStatus.ISSUED
    void_reason: str = ""
    voided_at: datetime | None = None
    voided_by: str = ""

    @property
    def number_text(self) -> str:
        return number_text(self.number, self.draft.notation)

    def to_json(self) -> dict[str, Any]:
        d = self.draft
        return {
            "id": self.id,
            "book": self.book,
            "year": self.year,
            "number": self.number,
            "number_text": self.number_text,
            "notation": d.notation,
            "issued_date": d.issued.isoformat(),
            "doc_type": d.doc_type,
            "subject": d.subject,
            "signer_name": d.signer_name,
            "signer_title": d.signer_title,
            "recipients": d.recipients,
            "archive_unit": d.archive_unit,
            "copies": d.copies,
            "file": self.file.to_json(),
            "file_name": self.file_name,
            "export_path": self.export_path,
            "status": self.status.value,
            "created_at": iso(self.created_at),
            "created_by": self.created_by,
            "void_reason": self.void_reason,
            "voided_at": iso(self.voided_at) if self.voided_at else "",
            "voided_by": self.voided_by,
        }


def register_row(entry: OutgoingEntry) -> tuple[str, ...]:
    """One line of the printed outgoing register, in the order of COLUMNS."""
    d = entry.draft
    signer = ", ".join(x for x in (d.signer_title, d.signer_name) if x)
    note = f"{VOID_MARK}: {entry.void_reason}" if entry.status is OutgoingStatus.VOIDED else ""
    return (
        entry.number_text,
        format_date_vn(d.issued),
        f"{d.doc_type}: {d.subject}",
        signer,
        d.recipients,
        d.archive_unit,
        str(d.copies) if d.copies else "",
        format_date_vn(entry.created_at.date()),
        "",
        note,
    )


@dataclass(frozen=True)
class Refusal:
    """An electronic document refused at intake (SPEC §2): kept with its reason, no arrival
    number, listed until the sender has been told."""

    id: int
    received_at: datetime
    file: FileRef
    reason: str
    verdict: str  # the verification verdict when refused ("invalid", "warning", "valid")
    verification: str  # the verification's own sentence
    sender: str  # who signed it, as far as the file says
    created_by: str
    told_at: datetime | None = None
    told_by: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "received_at": iso(self.received_at),
            "file": self.file.to_json(),
            "reason": self.reason,
            "verdict": self.verdict,
            "verification": self.verification,
            "sender": self.sender,
            "created_by": self.created_by,
            "told_at": iso(self.told_at) if self.told_at else "",
            "told_by": self.told_by,
        }


def refusal_reason(reason: str) -> str:
    return _text("reason", reason, required=True)
