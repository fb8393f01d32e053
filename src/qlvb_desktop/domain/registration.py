"""An incoming registration: the 18 fields of SPEC §3 (Phụ lục VI), their limits and validation.

The JSON keys are the ones `qlvb extract --json` prints (`issuer`, `number`, `issued_date`, …)
plus the registration's own (`book`, `received_at`, `channel`, `to_places`, …), so a scan can go
straight from the extractor into `qlvb register --json`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from qlvb_desktop.domain.books import is_waiting, number_label
from qlvb_desktop.domain.clock import VN_TZ, format_date_vn, iso, parse_day_vn, to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from qlvb_desktop.domain.text import fold_marks, identity_key, nfc
from qlvb_desktop.domain.vocab import DOC_TYPES, Channel, Confidentiality, Status, Urgency

CTX = "Errors"

# Field labels as the clerk sees them (used in messages).
LABELS: dict[str, str] = {
    "file_organ_id": "Mã cơ quan lập hồ sơ",
    "file_catalog": "Năm hồ sơ",
    "file_notation": "Ký hiệu hồ sơ",
    "doc_ordinal": "Số thứ tự văn bản trong hồ sơ",
    "doc_type": "Tên loại văn bản",
    "code_number": "Số văn bản",
    "code_notation": "Ký hiệu văn bản",
    "number": "Số, ký hiệu văn bản",
    "issued_date": "Ngày văn bản",
    "issuer": "Cơ quan ban hành",
    "issuer_parent": "Cơ quan chủ quản",
    "place": "Địa danh",
    "subject": "Trích yếu",
    "language": "Ngôn ngữ",
    "page_count": "Số trang",
    "note": "Ghi chú",
    "received_at": "Ngày giờ đến",
    "arrival_number": "Số đến",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
    "signer_authority": "Thẩm quyền ký",
    "urgency": "Độ khẩn",
    "confidentiality": "Độ mật",
    "to_places": "Đơn vị hoặc người nhận",
    "due_date": "Hạn giải quyết",
    "channel": "Hình thức nhận",
    "document_id": "Mã định danh văn bản",
    "book": "Sổ đăng ký",
    "instruction": "Ý kiến chỉ đạo",
    "reason": "Lý do",
}

# Maximum lengths in characters (SPEC §3; Place from the edXML validators, SPEC §9).
MAX_LENGTH: dict[str, int] = {
    "file_organ_id": 13,
    "file_catalog": 4,
    "file_notation": 20,
    "doc_type": 100,
    "code_number": 11,
    "code_notation": 30,
    "issuer": 200,
    "issuer_parent": 200,
    "place": 150,
    "subject": 500,
    "language": 30,
    "note": 500,
    "signer_title": 100,
    "signer_name": 50,
    "signer_authority": 100,
    "to_places": 1000,
    "document_id": 100,
    "instruction": 2000,
    "reason": 500,
}
MAX_NUMBER: dict[str, int] = {"doc_ordinal": 999, "page_count": 999}
MAX_ARRIVAL_NUMBER = 9_999_999_999  # number 10
REQUIRED = ("issuer", "doc_type", "subject")
# An arrival time up to this far ahead of the clock is accepted (clock skew between stations).
FUTURE_TOLERANCE = timedelta(minutes=5)

_DOC_TYPE_BY_FOLD = {fold_marks(name): name for name in DOC_TYPES}
_URGENCY_BY_FOLD = {fold_marks(u.value): u for u in Urgency}
_CONF_BY_FOLD = {fold_marks(c.value): c for c in Confidentiality}
_DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# What an attached file is to its entry (issue 16). The original (as received, scanned or sent)
# has no role; the copy the clerk made from it carries the ĐẾN stamp ("stamped") and, after the
# organization's SAO Y signature, is "signed". A stamped or signed copy replaces the previous one
# of its role; the original stays.
ROLE_ORIGINAL = ""
ROLE_STAMPED = "stamped"
ROLE_SIGNED = "signed"
FILE_ROLES = (ROLE_ORIGINAL, ROLE_STAMPED, ROLE_SIGNED)
COPY_ROLES = (ROLE_STAMPED, ROLE_SIGNED)
ROLE_NAMES = {"original": ROLE_ORIGINAL, "goc": ROLE_ORIGINAL, ROLE_STAMPED: ROLE_STAMPED, ROLE_SIGNED: ROLE_SIGNED}
# What each file is, in words (the detail pane's list, `qlvb show`).
FILE_ROLE_NAMES = {
    ROLE_ORIGINAL: "Bản gốc", ROLE_STAMPED: "Bản đóng dấu ĐẾN", ROLE_SIGNED: "Bản đóng dấu ĐẾN, đã ký số",
}
# The badge the register and the detail pane show for an entry whose current copy has this role.
COPY_BADGES = {ROLE_STAMPED: "Đã đóng dấu ĐẾN", ROLE_SIGNED: "Đã đóng dấu ĐẾN, đã ký"}


@dataclass(frozen=True)
class FileRef:
    """An attached file, stored content-addressed: the register keeps hash, name, size and what
    the file is to the entry (`role`: empty for the original, see ROLE_*)."""

    sha256: str
    name: str
    size: int
    role: str = ROLE_ORIGINAL

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sha256": self.sha256, "name": self.name, "size": self.size}
        if self.role:  # an original's JSON stays what it always was (audit events, sync payloads)
            out["role"] = self.role
        return out

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> FileRef:
        role = str(data.get("role") or "")
        return FileRef(str(data["sha256"]), str(data["name"]), int(data["size"]), role if role in FILE_ROLES else "")


def parse_file_role(raw: str) -> str:
    """`original`, `stamped` or `signed` (as typed on the command line) -> the stored role."""
    key = fold_marks(nfc(raw or "").strip()).lower()
    if key not in ROLE_NAMES:
        raise ValidationError(
            "role",
            QT_TRANSLATE_NOOP(CTX, "Vai trò tệp “{value}” không hợp lệ; dùng original, stamped hoặc signed."),
            value=raw,
        )
    return ROLE_NAMES[key]


def newest_copy(files: tuple[FileRef, ...] | list[FileRef]) -> FileRef | None:
    """The entry's current copy: the newest stamped or signed file, None while there is none."""
    copies = [f for f in files if f.role in COPY_ROLES]
    return copies[-1] if copies else None


def with_attached(files: tuple[FileRef, ...], new: FileRef) -> tuple[FileRef, ...] | None:
    """The entry's files once `new` is attached: a stamped or signed copy replaces the one of its
    role (in its place), an original is added. None when `new` is already there (nothing to do)."""
    if any(f.sha256 == new.sha256 and f.role == new.role for f in files):
        return None
    if new.role in COPY_ROLES:
        for i, f in enumerate(files):
            if f.role == new.role:
                return (*files[:i], new, *files[i + 1 :])
    return (*files, new)


@dataclass(frozen=True)
class IncomingDraft:
    """A validated registration not yet numbered."""

    issuer: str
    doc_type: str
    subject: str
    received_at: datetime
    issuer_parent: str = ""
    code_number: str = ""
    code_notation: str = ""
    issued_date: date | None = None
    place: str = ""
    language: str = "Tiếng Việt"
    page_count: int | None = None
    note: str = ""
    signer_title: str = ""
    signer_name: str = ""
    signer_authority: str = ""
    urgency: Urgency = Urgency.NORMAL
    confidentiality: Confidentiality = Confidentiality.NORMAL
    to_places: str = ""
    due_date: date | None = None
    channel: Channel = Channel.PAPER
    document_id: str = ""
    file_organ_id: str = ""
    file_catalog: str = ""
    file_notation: str = ""
    doc_ordinal: int | None = None
    book: str = ""  # book code or name as given; empty = the default book for the document
    instruction: str = ""

    @property
    def number(self) -> str:
        return join_number(self.code_number, self.code_notation)

    @property
    def year(self) -> int:
        return to_vn(self.received_at).year

    @property
    def duplicate_key(self) -> str:
        """Number + notation + issuer, compared after NFC and case folding; empty without a number."""
        return duplicate_key(self.code_number, self.code_notation, self.issuer)


@dataclass(frozen=True)
class TraceEntry:
    """One line of field 17: instructions and processing status, as a log."""

    at: datetime
    actor: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"at": iso(self.at), "actor": self.actor, "text": self.text}


@dataclass(frozen=True)
class Registration:
    """A registered incoming document: the draft, its book and arrival number, its state."""

    id: int
    book: str  # book code
    year: int
    arrival_number: int
    draft: IncomingDraft
    status: Status = Status.REGISTERED
    created_at: datetime | None = None
    created_by: str = ""
    void_reason: str = ""
    voided_at: datetime | None = None
    voided_by: str = ""
    correction_of: int | None = None
    files: tuple[FileRef, ...] = ()
    trace: tuple[TraceEntry, ...] = field(default=())

    @property
    def current_copy(self) -> FileRef | None:
        """The stamped or signed copy the clerk made (shown and printed instead of the original)."""
        return newest_copy(self.files)

    @property
    def waiting_for_number(self) -> bool:
        """Registered offline with no leased number left: numbered at the next sync."""
        return is_waiting(self.arrival_number)

    @property
    def number_label(self) -> str:
        """"15/2026", or "chờ cấp số" while the number is not given (never the placeholder)."""
        return number_label(self.arrival_number, self.year)

    def to_json(self) -> dict[str, Any]:
        d = self.draft
        return {
            "id": self.id,
            "book": self.book,
            "year": self.year,
            "arrival_number": self.arrival_number,
            "status": self.status.value,
            "received_at": iso(d.received_at),
            "channel": d.channel.value,
            "issuer": d.issuer,
            "issuer_parent": d.issuer_parent,
            "number": d.number,
            "code_number": d.code_number,
            "code_notation": d.code_notation,
            "issued_date": d.issued_date.isoformat() if d.issued_date else "",
            "place": d.place,
            "doc_type": d.doc_type,
            "subject": d.subject,
            "language": d.language,
            "page_count": d.page_count,
            "signer_name": d.signer_name,
            "signer_title": d.signer_title,
            "signer_authority": d.signer_authority,
            "urgency": d.urgency.value,
            "confidentiality": d.confidentiality.value,
            "priority": d.urgency.priority,
            "to_places": d.to_places,
            "due_date": d.due_date.isoformat() if d.due_date else "",
            "note": d.note,
            "document_id": d.document_id,
            "file_organ_id": d.file_organ_id,
            "file_catalog": d.file_catalog,
            "file_notation": d.file_notation,
            "doc_ordinal": d.doc_ordinal,
            "created_at": iso(self.created_at) if self.created_at else "",
            "created_by": self.created_by,
            "void_reason": self.void_reason,
            "voided_at": iso(self.voided_at) if self.voided_at else "",
            "voided_by": self.voided_by,
            "correction_of": self.correction_of,
            "files": [f.to_json() for f in self.files],
            "trace": [t.to_json() for t in self.trace],
        }


# A line of field 17 saying where the document went; its day is the printed book's column (8)
# "Ngày chuyển" (domain.report.forwarded_on, the reports' SQL).
FORWARD_PREFIX = "Chuyển"


def forward_entry(to: str, instruction: str = "") -> str:
    """"Chuyển Phòng Kế hoạch: Giao phòng chủ trì" (or without the instruction); empty without
    a unit and an instruction."""
    to, note = nfc(to).strip(), nfc(instruction).strip()
    if not to:
        return note
    return f"{FORWARD_PREFIX} {to}: {note}" if note else f"{FORWARD_PREFIX} {to}"


def forwarding_line(before_to: str, after_to: str) -> str:
    """The line recorded when the receiving unit (field 16) is set or changed: "Chuyển <unit>";
    empty when it did not change or was cleared."""
    after = nfc(after_to).strip()
    if not after or after == nfc(before_to).strip():
        return ""
    return forward_entry(after)[: MAX_LENGTH["instruction"]]


def join_number(code_number: str, code_notation: str) -> str:
    if code_number and code_notation:
        return f"{code_number}/{code_notation}"
    return code_number or code_notation


def split_number(number: str) -> tuple[str, str]:
    """`15/QĐ-BNV` -> (`15`, `QĐ-BNV`); `54/2026/QĐ-UBND` -> (`54`, `2026/QĐ-UBND`)."""
    text = nfc(number)
    if text.lower().startswith("số:"):
        text = text[3:].strip()
    text = re.sub(r"\s*/\s*", "/", text)
    if "/" not in text:
        return (text, "") if text[:1].isdigit() else ("", text)
    head, _, tail = text.partition("/")
    return head, tail


def duplicate_key(code_number: str, code_notation: str, issuer: str) -> str:
    if not code_number and not code_notation:
        return ""
    return "|".join(identity_key(x) for x in (code_number, code_notation, issuer))


# --- parsing and validation ----------------------------------------------------------------


def _fail(name: str, template: str, **params: Any) -> ValidationError:
    return ValidationError(name, template, label=LABELS.get(name, name), **params)


def _text(data: Mapping[str, Any], name: str) -> str:
    raw = data.get(name)
    if raw is None:
        return ""
    if isinstance(raw, list):
        raw = "; ".join(str(x) for x in raw)
    if not isinstance(raw, str | int):
        raise _fail(name, QT_TRANSLATE_NOOP(CTX, "{label}: giá trị không hợp lệ."))
    value = nfc(str(raw))
    limit = MAX_LENGTH.get(name)
    if limit is not None and len(value) > limit:
        raise _fail(
            name,
            QT_TRANSLATE_NOOP(CTX, "{label} dài {length} ký tự, vượt giới hạn {limit} ký tự."),
            length=len(value),
            limit=limit,
        )
    return value


def parse_date(name: str, raw: Any) -> date | None:
    """ISO `2026-05-29` or the clerk's `29/05/2026`; empty is None."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return to_vn(raw).date()
    if isinstance(raw, date):
        return raw
    text = nfc(str(raw))
    try:
        if _DATE_ISO.match(text):
            return date.fromisoformat(text)
        return parse_day_vn(text)
    except ValueError:
        raise _fail(
            name,
            QT_TRANSLATE_NOOP(CTX, "{label} “{value}” không phải ngày hợp lệ (dạng dd/mm/yyyy)."),
            value=text,
        ) from None


def parse_timestamp(name: str, raw: Any) -> datetime:
    """An aware timestamp; a naive one is taken as Vietnam time; a bare date is 00:00 that day."""
    if isinstance(raw, datetime):
        moment = raw
    else:
        text = nfc(str(raw))
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            day = parse_date(name, text)
            assert day is not None
            moment = datetime(day.year, day.month, day.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return to_vn(moment).replace(microsecond=0)


def _bounded_int(data: Mapping[str, Any], name: str) -> int | None:
    raw = data.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise _fail(name, QT_TRANSLATE_NOOP(CTX, "{label} phải là một số.")) from None
    limit = MAX_NUMBER[name]
    if not 0 <= value <= limit:
        raise _fail(name, QT_TRANSLATE_NOOP(CTX, "{label} phải từ 0 đến {limit}."), limit=limit)
    return value


def parse_doc_type(raw: str) -> str:
    if not raw:
        return ""
    found = _DOC_TYPE_BY_FOLD.get(fold_marks(nfc(raw)))
    if found is None:
        raise _fail(
            "doc_type", QT_TRANSLATE_NOOP(CTX, "Tên loại văn bản “{value}” không có trong danh mục."), value=raw
        )
    return found


def parse_urgency(raw: str) -> Urgency:
    found = _URGENCY_BY_FOLD.get(fold_marks(nfc(raw or "")))
    if found is None:
        raise _fail(
            "urgency",
            QT_TRANSLATE_NOOP(CTX, "Độ khẩn “{value}” không hợp lệ (Khẩn, Thượng khẩn, Hỏa tốc)."),
            value=raw,
        )
    return found


def parse_confidentiality(raw: str) -> Confidentiality:
    found = _CONF_BY_FOLD.get(fold_marks(nfc(raw or "")))
    if found is None:
        raise _fail(
            "confidentiality",
            QT_TRANSLATE_NOOP(CTX, "Độ mật “{value}” không hợp lệ (Mật, Tối mật, Tuyệt mật)."),
            value=raw,
        )
    return found


def parse_channel(raw: str) -> Channel:
    if not raw:
        return Channel.PAPER
    try:
        return Channel(raw.strip().lower())
    except ValueError:
        raise _fail(
            "channel",
            QT_TRANSLATE_NOOP(CTX, "Hình thức nhận “{value}” không hợp lệ (paper, electronic, email, hand)."),
            value=raw,
        ) from None


def parse_draft(data: Mapping[str, Any], *, now: datetime) -> IncomingDraft:
    """Validate a registration given as extractor-style JSON. Unknown keys are ignored.

    Raises `ValidationError` naming the first bad field.
    """
    number = _text(data, "number")
    code_number, code_notation = split_number(number) if number else ("", "")
    if data.get("code_number") or data.get("code_notation"):
        code_number, code_notation = _text(data, "code_number"), _text(data, "code_notation")
    for name, value in (("code_number", code_number), ("code_notation", code_notation)):
        if len(value) > MAX_LENGTH[name]:
            raise _fail(
                name,
                QT_TRANSLATE_NOOP(CTX, "{label} dài {length} ký tự, vượt giới hạn {limit} ký tự."),
                length=len(value),
                limit=MAX_LENGTH[name],
            )

    received_raw = data.get("received_at")
    received_at = parse_timestamp("received_at", received_raw) if received_raw else now
    if received_at > now + FUTURE_TOLERANCE:
        raise _fail(
            "received_at",
            QT_TRANSLATE_NOOP(CTX, "{label} {value} ở tương lai; kiểm tra lại ngày giờ."),
            value=received_at.strftime("%d/%m/%Y %H:%M"),
        )

    issued_date = parse_date("issued_date", data.get("issued_date"))
    if issued_date and issued_date > received_at.date():
        raise _fail(
            "issued_date",
            QT_TRANSLATE_NOOP(CTX, "{label} {value} sau ngày đến {arrival}."),
            value=format_date_vn(issued_date),
            arrival=format_date_vn(received_at.date()),
        )
    due_date = parse_date("due_date", data.get("due_date"))
    if due_date and due_date < received_at.date():
        raise _fail(
            "due_date",
            QT_TRANSLATE_NOOP(CTX, "{label} {value} trước ngày đến {arrival}."),
            value=format_date_vn(due_date),
            arrival=format_date_vn(received_at.date()),
        )

    draft = IncomingDraft(
        issuer=_text(data, "issuer"),
        issuer_parent=_text(data, "issuer_parent"),
        doc_type=parse_doc_type(_text(data, "doc_type")),
        subject=_text(data, "subject"),
        received_at=received_at,
        code_number=code_number,
        code_notation=code_notation,
        issued_date=issued_date,
        place=_text(data, "place"),
        language=_text(data, "language") or "Tiếng Việt",
        page_count=_bounded_int(data, "page_count"),
        note=_text(data, "note"),
        signer_title=_text(data, "signer_title"),
        signer_name=_text(data, "signer_name"),
        signer_authority=_text(data, "signer_authority"),
        urgency=parse_urgency(_text(data, "urgency")),
        confidentiality=parse_confidentiality(_text(data, "confidentiality")),
        to_places=_text(data, "to_places"),
        due_date=due_date,
        channel=parse_channel(_text(data, "channel")),
        document_id=_text(data, "document_id"),
        file_organ_id=_text(data, "file_organ_id"),
        file_catalog=_text(data, "file_catalog"),
        file_notation=_text(data, "file_notation"),
        doc_ordinal=_bounded_int(data, "doc_ordinal"),
        book=_text(data, "book"),
        instruction=_text(data, "instruction"),
    )
    for name in REQUIRED:
        if not getattr(draft, name):
            raise _fail(name, QT_TRANSLATE_NOOP(CTX, "Chưa nhập {label}."))
    return draft


def draft_to_input(draft: IncomingDraft) -> dict[str, Any]:
    """The draft back as input keys, so an edit can be validated exactly like a new entry."""
    out: dict[str, Any] = {}
    for f in fields(draft):
        value = getattr(draft, f.name)
        if isinstance(value, Urgency | Confidentiality | Channel):
            value = value.value
        elif isinstance(value, date):  # datetime is a date too
            value = value.isoformat()
        out[f.name] = value
    return out


EDITABLE = frozenset(
    {
        "issuer",
        "issuer_parent",
        "doc_type",
        "subject",
        "number",
        "issued_date",
        "place",
        "language",
        "page_count",
        "note",
        "signer_title",
        "signer_name",
        "signer_authority",
        "urgency",
        "to_places",
        "due_date",
        "channel",
        "document_id",
        "file_organ_id",
        "file_catalog",
        "file_notation",
        "doc_ordinal",
    }
)


def apply_changes(draft: IncomingDraft, changes: Mapping[str, Any], *, now: datetime) -> IncomingDraft:
    """A new draft with `changes` applied and validated. The arrival time, book and
    confidentiality are part of the number and cannot be edited (void and register again)."""
    for name in changes:
        if name not in EDITABLE:
            raise _fail(name, QT_TRANSLATE_NOOP(CTX, "{label} không sửa được sau khi vào sổ."))
    data = draft_to_input(draft)
    if "number" in changes:
        data.pop("code_number")
        data.pop("code_notation")
    data.update(changes)
    # The arrival time was valid when registered; check the rest against it, not against today.
    edited = parse_draft(data, now=max(now, draft.received_at))
    return replace(edited, received_at=draft.received_at, book=draft.book)


def edit_changes(draft: IncomingDraft, data: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """The editable fields of `data` (a whole form, register-input keys) that differ from
    `draft`, validated exactly like a new entry (raises ValidationError naming the field).
    An edit with audit or a correction then records only what the clerk changed."""
    wanted = {name: data[name] for name in EDITABLE if name in data}
    edited = apply_changes(draft, wanted, now=now)
    changes: dict[str, Any] = {}
    for name, value in wanted.items():
        if name == "number":
            differs = (edited.code_number, edited.code_notation) != (draft.code_number, draft.code_notation)
        else:
            differs = getattr(edited, name) != getattr(draft, name)
        if differs:
            changes[name] = value
    return changes
