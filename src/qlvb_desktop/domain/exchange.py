"""edXML exchange between organizations (QCVN 102:2016/BTTTT, SPEC §9): the pure model.

What a package says once it has been read: the header of a document package (MessageHeader,
the Bussiness block of the TraceHeaderList), or a status packet; the business types
(0 new, 1 revocation, 2 update, 3 replacement), the status codes (01 … 16), the DocumentId,
Priority <-> urgency, and the mapping of the header to the register's fields (Phụ lục VI:
the edXML elements and the register fields carry the same names, SPEC §3).

Real packages are messy (SPEC §9): every tolerant parse here returns the value it could read
and, when it could not, a problem sentence in Vietnamese for the clerk, never an exception.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from qlvb_desktop.domain.clock import VN_TZ, iso
from qlvb_desktop.domain.registration import MAX_LENGTH, join_number
from qlvb_desktop.domain.text import fold_marks, nfc
from qlvb_desktop.domain.vocab import DOC_TYPES, Channel, Urgency

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XMLDSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#"

ORGAN_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


class BusinessType(enum.IntEnum):
    """BussinessDocType (sic) of the TraceHeaderList."""

    NEW = 0
    REVOCATION = 1
    UPDATE = 2
    REPLACEMENT = 3


BUSINESS_LABELS = {
    BusinessType.NEW: "Văn bản mới",
    BusinessType.REVOCATION: "Thu hồi văn bản",
    BusinessType.UPDATE: "Cập nhật văn bản",
    BusinessType.REPLACEMENT: "Thay thế văn bản",
}


class StatusCode(enum.StrEnum):
    """StatusCode of a status packet: what the receiver did with a document."""

    ARRIVED = "01"
    REFUSED = "02"
    REGISTERED = "03"
    ASSIGNED = "04"
    HANDLING = "05"
    DONE = "06"
    TAKE_BACK = "13"
    REVOCATION_ACCEPTED = "15"
    REVOCATION_REFUSED = "16"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def needs_reason(self) -> bool:
        return self in (StatusCode.REFUSED, StatusCode.REVOCATION_REFUSED)


STATUS_LABELS = {
    StatusCode.ARRIVED: "Đã đến",
    StatusCode.REFUSED: "Từ chối",
    StatusCode.REGISTERED: "Đã vào sổ",
    StatusCode.ASSIGNED: "Đã phân công",
    StatusCode.HANDLING: "Đang xử lý",
    StatusCode.DONE: "Đã xử lý xong",
    StatusCode.TAKE_BACK: "Nơi gửi đề nghị lấy lại",
    StatusCode.REVOCATION_ACCEPTED: "Đồng ý thu hồi/cập nhật",
    StatusCode.REVOCATION_REFUSED: "Từ chối thu hồi/cập nhật",
}


def priority_to_urgency(priority: int) -> Urgency:
    """Priority 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ (SPEC §9)."""
    return {1: Urgency.KHAN, 2: Urgency.THUONG_KHAN, 3: Urgency.HOA_TOC, 4: Urgency.HOA_TOC}.get(
        priority, Urgency.NORMAL
    )


def urgency_to_priority(urgency: Urgency) -> int:
    return urgency.priority


# --- tolerant parsing of header values -----------------------------------------------------

_YMD = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_edxml_date(raw: str, label: str) -> tuple[date | None, str]:
    """`yyyy/MM/dd` (the standard), `dd/MM/yyyy` or ISO; ("", no problem) is None.
    Returns the date or None and a problem sentence when the text is not a real date."""
    text = nfc(raw or "")
    if not text or text.lower() == "null":
        return None, ""
    for pattern, order in ((_YMD, (1, 2, 3)), (_DMY, (3, 2, 1)), (_COMPACT, (1, 2, 3))):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i)) for i in order)
            try:
                return date(y, mo, d), ""
            except ValueError:
                break
    return None, f"{label} “{text}” không phải ngày có thật; bỏ trống để văn thư nhập."


def parse_edxml_timestamp(raw: str) -> datetime | None:
    """`yyyy/MM/dd HH:mm:ss` in Vietnam time (or ISO with an offset); None when unreadable."""
    text = nfc(raw or "")
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)
    except ValueError:
        pass
    day, problem = parse_edxml_date(text, "")
    if day is None or problem:
        return None
    m = _TIME.search(text.split(" ", 1)[1] if " " in text else "")
    h, mi, s = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) if m else (0, 0, 0)
    try:
        return datetime(day.year, day.month, day.day, h, mi, s, tzinfo=VN_TZ)
    except ValueError:
        return None


def format_edxml_date(day: date | None) -> str:
    return day.strftime("%Y/%m/%d") if day else ""


def format_edxml_timestamp(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y/%m/%d %H:%M:%S")


def make_document_id(organ_id: str, issued: date | None, number: str) -> str:
    """`000.00.04.G14,2012/08/06,267/VPCP-TTĐT` (SPEC §9)."""
    return f"{organ_id},{format_edxml_date(issued)},{number}"


def normal_organ_id(raw: str) -> str:
    """An organization code as sent; the text `null` (seen in TraceHeaders) is empty."""
    text = nfc(raw or "")
    return "" if text.lower() in ("null", "none", "undefined") else text


def match_doc_type(raw: str) -> str:
    """TypeName to the catalogue's name, also when written without marks ("Cong van")."""
    text = nfc(raw or "")
    folded = fold_marks(text)
    for name in DOC_TYPES:
        if fold_marks(name) == folded:
            return name
    return text


# --- what a package says ---------------------------------------------------------------------


@dataclass(frozen=True)
class Organ:
    """From / To / a directory entry."""

    organ_id: str = ""
    name: str = ""
    in_charge: str = ""  # OrganizationInCharge: the governing body
    address: str = ""
    email: str = ""
    telephone: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"organ_id": self.organ_id, "organ_name": self.name}

    @property
    def display(self) -> str:
        return self.name or self.organ_id


@dataclass(frozen=True)
class TraceStep:
    organ_id: str
    timestamp: datetime | None


@dataclass(frozen=True)
class DocumentHeader:
    """The header of a document package, as read (values already tolerant-parsed)."""

    sender: Organ
    recipients: tuple[Organ, ...]
    document_id: str = ""
    code_number: str = ""
    code_notation: str = ""
    place: str = ""
    issued_date: date | None = None
    doc_type: str = ""
    type_code: str = ""
    subject: str = ""
    content: str = ""
    signer_authority: str = ""  # Competence
    signer_title: str = ""  # Position
    signer_name: str = ""  # FullName
    due_date: date | None = None
    priority: int = 0
    page_count: int | None = None
    to_places: tuple[str, ...] = ()
    appendixes: tuple[str, ...] = ()
    steering_type: str = ""
    response_for_document_id: str = ""
    business_type: BusinessType = BusinessType.NEW
    business_reason: str = ""
    trace: tuple[TraceStep, ...] = ()

    @property
    def number(self) -> str:
        return join_number(self.code_number, self.code_notation)

    @property
    def urgency(self) -> Urgency:
        return priority_to_urgency(self.priority)

    def register_fields(self) -> dict[str, Any]:
        """The register's input keys (Phụ lục VI) from the header, not from OCR."""
        return {
            "issuer": self.sender.name or self.sender.organ_id,
            "issuer_parent": self.sender.in_charge,
            "number": self.number,
            "issued_date": self.issued_date.isoformat() if self.issued_date else "",
            "place": self.place,
            "doc_type": self.doc_type if self.doc_type in DOC_TYPES else "",
            "subject": self.subject,
            "signer_name": self.signer_name,
            "signer_title": self.signer_title,
            "signer_authority": self.signer_authority,
            "urgency": self.urgency.value,
            "page_count": self.page_count,
            "due_date": self.due_date.isoformat() if self.due_date else "",
            "to_places": "; ".join(self.to_places),
            "document_id": self.document_id,
            "channel": Channel.ELECTRONIC.value,
        }


@dataclass(frozen=True)
class StatusHeader:
    """A status packet: the receiver tells the sender what happened to a document."""

    sender: Organ
    status_code: str
    response_for_organ: str = ""
    response_for_code: str = ""
    response_for_date: date | None = None
    response_for_document_id: str = ""
    description: str = ""
    timestamp: datetime | None = None
    staff: str = ""
    department: str = ""

    @property
    def code(self) -> StatusCode | None:
        try:
            return StatusCode(self.status_code)
        except ValueError:
            return None


@dataclass
class AttachmentInfo:
    """One file of a package after decoding (and unwrapping a ZIP): what the clerk is told."""

    name: str
    content_type: str
    size: int
    sha256: str
    verdict: str = "not_checked"  # valid | warning | invalid | unsigned | damaged | not_checked
    reason: str = ""
    container: str = ""  # the ZIP it came out of
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name, "content_type": self.content_type, "size": self.size, "sha256": self.sha256,
            "verdict": self.verdict,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.container:
            out["container"] = self.container
        if self.notes:
            out["notes"] = list(self.notes)
        return out


# The verdicts of a package, worst last.
VERDICT_ORDER = ("valid", "warning", "invalid")


def worst(*verdicts: str) -> str:
    return max(verdicts, key=VERDICT_ORDER.index) if verdicts else "valid"


def package_verdict(attachments: list[AttachmentInfo], problems: list[str], signature_bad: bool) -> str:
    """Invalid when the main document (the first PDF) cannot be trusted or any file arrived
    damaged; a warning when something could not be read; else what the PDFs' signatures say."""
    pdfs = [a for a in attachments if a.content_type == "application/pdf"]
    if any(a.verdict == "damaged" for a in attachments):
        return "invalid"
    if not pdfs:
        return "invalid"
    main = pdfs[0]
    verdict = {"valid": "valid", "warning": "warning"}.get(main.verdict, "invalid")
    for other in pdfs[1:]:
        if other.verdict not in ("valid",):
            verdict = worst(verdict, "warning")
    if problems or signature_bad:
        verdict = worst(verdict, "warning")
    return verdict


def truncate_problems(header: DocumentHeader) -> list[str]:
    """Fields longer than the register takes (SPEC §3): said, the register will refuse them."""
    out = []
    for name, value in (("subject", header.subject), ("place", header.place), ("signer_name", header.signer_name),
                        ("signer_title", header.signer_title), ("doc_type", header.doc_type),
                        ("code_notation", header.code_notation)):
        limit = MAX_LENGTH.get(name)
        if limit and len(value) > limit:
            out.append(f"Trường {name} dài {len(value)} ký tự, vượt giới hạn {limit} ký tự.")
    return out


def document_json(header: DocumentHeader) -> dict[str, Any]:
    """The keys `qlvb receive PACKAGE --json` prints for a document (issue 15)."""
    return {
        "kind": "document",
        "document_id": header.document_id,
        "business_type": int(header.business_type),
        "business_reason": header.business_reason,
        "from": header.sender.to_json(),
        "to": [o.to_json() for o in header.recipients],
        "issuer": header.sender.name or header.sender.organ_id,
        "number": header.number,
        "issued_date": header.issued_date.isoformat() if header.issued_date else "",
        "place": header.place,
        "doc_type": header.doc_type,
        "subject": header.subject,
        "signer_name": header.signer_name,
        "signer_title": header.signer_title,
        "signer_authority": header.signer_authority,
        "urgency": header.urgency.value,
        "priority": header.priority,
        "page_count": header.page_count,
        "due_date": header.due_date.isoformat() if header.due_date else "",
        "to_places": list(header.to_places),
        "response_for": header.response_for_document_id,
    }


def status_json(status: StatusHeader) -> dict[str, Any]:
    return {
        "kind": "status",
        "from": status.sender.to_json(),
        "status_code": status.status_code,
        "status_label": status.code.label if status.code else "",
        "response_for": {
            "organ_id": status.response_for_organ,
            "code": status.response_for_code,
            "promulgation_date": status.response_for_date.isoformat() if status.response_for_date else "",
            "document_id": status.response_for_document_id,
        },
        "description": status.description,
        "timestamp": iso(status.timestamp) if status.timestamp else "",
        "staff": status.staff,
        "department": status.department,
    }


# --- what the station keeps ------------------------------------------------------------------


class InboxState(enum.StrEnum):
    RECEIVED = "received"  # arrived (status 01 sent), waiting for the clerk
    REGISTERED = "registered"  # 03
    REFUSED = "refused"  # 02
    ACCEPTED = "accepted"  # a revocation/update accepted (15)
    REJECTED = "rejected"  # a revocation/update refused (16)
    APPLIED = "applied"  # a status packet applied to the outgoing register


INBOX_STATE_LABELS = {
    InboxState.RECEIVED: "Chờ xử lý",
    InboxState.REGISTERED: "Đã vào sổ",
    InboxState.REFUSED: "Đã từ chối",
    InboxState.ACCEPTED: "Đã đồng ý",
    InboxState.REJECTED: "Đã từ chối đề nghị",
    InboxState.APPLIED: "Đã ghi nhận",
}


@dataclass(frozen=True)
class InboxItem:
    """A package received, as listed in the inbox (newest and most urgent first)."""

    id: int
    received_at: datetime
    kind: str
    document_id: str
    business_type: BusinessType
    sender_id: str
    sender_name: str
    number: str
    subject: str
    urgency: Urgency
    verdict: str
    summary: dict[str, Any]
    package_sha256: str
    package_name: str
    state: InboxState
    reason: str = ""
    package_size: int = 0
    registration_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "received_at": iso(self.received_at), "kind": self.kind, "document_id": self.document_id,
            "business_type": int(self.business_type), "sender_id": self.sender_id, "sender_name": self.sender_name,
            "number": self.number, "subject": self.subject, "urgency": self.urgency.value, "verdict": self.verdict,
            "state": self.state.value, "reason": self.reason, "registration_id": self.registration_id,
            "package": self.package_name,
        }


@dataclass(frozen=True)
class StatusRecord:
    """A status sent by us ("out") or received for one of our outgoing documents ("in")."""

    direction: str
    document_id: str
    organ_id: str
    organ_name: str
    status_code: str
    description: str
    at: datetime
    package_name: str = ""

    def to_json(self) -> dict[str, Any]:
        label = STATUS_LABELS.get(StatusCode(self.status_code), "") if self.status_code in set(StatusCode) else ""
        return {
            "direction": self.direction, "document_id": self.document_id, "organ_id": self.organ_id,
            "organ_name": self.organ_name, "status_code": self.status_code, "status_label": label,
            "description": self.description, "at": iso(self.at), "package": self.package_name,
        }


def latest_per_recipient(records: list[StatusRecord]) -> list[StatusRecord]:
    """For one outgoing document: each recipient's latest status (by time, then code order)."""
    best: dict[str, StatusRecord] = {}
    for r in records:
        cur = best.get(r.organ_id)
        if cur is None or (r.at, r.status_code) >= (cur.at, cur.status_code):
            best[r.organ_id] = r
    return sorted(best.values(), key=lambda r: r.organ_id)


@dataclass(frozen=True)
class SentRecord:
    """One recipient of a package we sent: a document (business type 0) or a request to take
    it back, update or replace it (1–3; the request status 13 names)."""

    document_id: str
    organ_id: str
    organ_name: str
    business_type: BusinessType
    number: str
    subject: str
    package_name: str
    at: datetime
    reason: str = ""
    outgoing_id: int | None = None


@dataclass(frozen=True)
class SentRow:
    """A line of the sent list: one document, one recipient, where it stands now. `status_code`
    is the recipient's latest status when it came after our latest package, else "" (sent, or
    a request sent and not yet answered)."""

    document_id: str
    number: str
    subject: str
    organ_id: str
    organ_name: str
    status_code: str
    description: str
    at: datetime
    business_type: BusinessType = BusinessType.NEW
    outgoing_id: int | None = None

    @property
    def revocable(self) -> bool:
        """Our own document, not yet revoked or refused: the clerk may ask to take it back."""
        taken_back = self.business_type is BusinessType.REVOCATION and self.status_code != "16"
        return self.outgoing_id is not None and not taken_back and self.status_code != StatusCode.REFUSED.value


def sent_rows(sent: list[SentRecord], statuses: list[StatusRecord]) -> list[SentRow]:
    """Per document and recipient: the recipient's latest status; while a request we sent (to
    take back, update, replace) has fewer answers (15/16) than we sent requests, the request.
    Counted, not compared by time: the two organizations' clocks need not agree. Documents
    known only from statuses (sent before the sent list was kept) are listed from those.
    Newest documents first."""
    answers = {StatusCode.REVOCATION_ACCEPTED.value, StatusCode.REVOCATION_REFUSED.value}
    outs: dict[tuple[str, str], list[SentRecord]] = {}
    first: dict[str, SentRecord] = {}
    for r in sorted(sent, key=lambda r: r.at):
        outs.setdefault((r.document_id, r.organ_id), []).append(r)
        first.setdefault(r.document_id, r)
    backs: dict[tuple[str, str], list[StatusRecord]] = {}
    for st in statuses:
        backs.setdefault((st.document_id, st.organ_id), []).append(st)
    rows = []
    for key in set(outs) | set(backs):
        out = outs.get(key, [])
        back = latest_per_recipient(backs.get(key, []))
        latest = back[0] if back else None
        last = out[-1] if out else None
        if last is not None and last.business_type is not BusinessType.NEW:
            requests = sum(1 for r in out if r.business_type is not BusinessType.NEW)
            answered = [st for st in backs.get(key, []) if st.status_code in answers]
            latest = latest_per_recipient(answered)[0] if len(answered) >= requests else None
        doc = first.get(key[0])
        when = latest.at if latest else last.at if last else datetime.min.replace(tzinfo=VN_TZ)
        rows.append(SentRow(
            document_id=key[0], number=doc.number if doc else "", subject=doc.subject if doc else "",
            organ_id=key[1], organ_name=(last.organ_name if last else "") or (back[0].organ_name if back else ""),
            status_code=latest.status_code if latest else "",
            description=latest.description if latest else last.reason if last else "",
            at=when, business_type=last.business_type if last else BusinessType.NEW,
            outgoing_id=doc.outgoing_id if doc else None,
        ))
    newest = {d: max(r.at for r in rows if r.document_id == d) for d in {r.document_id for r in rows}}
    return sorted(rows, key=lambda r: (-newest[r.document_id].timestamp(), r.document_id, r.organ_id))


def outgoing_header(
    sender: Organ, recipients: tuple[Organ, ...], *, number_text: str, issued: date, doc_type: str, subject: str,
    signer_name: str = "", signer_title: str = "", priority: int = 0, page_count: int | None = None,
    business_type: BusinessType = BusinessType.NEW, business_reason: str = "",
) -> DocumentHeader:
    """The header of a package for one of our issued outgoing documents (SPEC §8, §9)."""
    code_number, _, code_notation = number_text.partition("/")
    return DocumentHeader(
        sender=sender, recipients=recipients, document_id=make_document_id(sender.organ_id, issued, number_text),
        code_number=code_number, code_notation=code_notation, issued_date=issued, doc_type=doc_type,
        subject=subject, signer_name=signer_name, signer_title=signer_title, priority=priority,
        page_count=page_count, business_type=business_type, business_reason=business_reason,
    )
