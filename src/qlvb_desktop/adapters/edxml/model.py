"""From a package's header tree to the domain's DocumentHeader / StatusHeader, tolerantly:
every value that cannot be read is left empty with a problem sentence for the clerk."""

from __future__ import annotations

from qlvb_desktop.adapters.edxml.node import Node
from qlvb_desktop.domain.exchange import (
    BusinessType,
    DocumentHeader,
    Organ,
    StatusCode,
    StatusHeader,
    TraceStep,
    make_document_id,
    match_doc_type,
    normal_organ_id,
    parse_edxml_date,
    parse_edxml_timestamp,
)
from qlvb_desktop.domain.registration import join_number
from qlvb_desktop.domain.text import fold_marks, nfc


def find(root: Node | None, name: str) -> Node | None:
    """The first element named `name` at any depth (elements come in any order)."""
    if root is None:
        return None
    wanted = name.lower()
    return next((n for n in root.walk() if n.lname == wanted and n is not root), None)


def find_all(root: Node, name: str) -> list[Node]:
    wanted = name.lower()
    return [n for n in root.walk() if n.lname == wanted and n is not root]


# Names found only once in a MessageHeader: looked for at any depth when a producer nests them
# elsewhere (Place, OrganId, DocumentId are not: they occur in several blocks).
_UNIQUE = frozenset({
    "codenumber", "codenotation", "promulgationdate", "typename", "subject", "competence", "position",
    "fullname", "duedate", "priority", "pageamount", "statuscode", "description", "timestamp",
})


def _text(node: Node | None, *path: str) -> str:
    start = node
    for name in path:
        if node is None:
            break
        node = node.child(name)
    if node is None and start is not None and path[-1].lower() in _UNIQUE:
        node = find(start, path[-1])
    return nfc(node.text) if node is not None else ""


def _organ(node: Node | None) -> Organ:
    if node is None:
        return Organ()
    return Organ(
        organ_id=normal_organ_id(_text(node, "OrganId")),
        name=_text(node, "OrganName"),
        in_charge=_text(node, "OrganizationInCharge"),
        address=_text(node, "OrganAdd"),
        email=_text(node, "Email"),
        telephone=_text(node, "Telephone"),
    )


def _int(raw: str, label: str, problems: list[str], *, default: int | None) -> int | None:
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        problems.append(f"{label} “{raw}” không phải là số.")
        return default


def _priority(raw: str, problems: list[str]) -> int:
    """The code 0–4, or the urgency written out ("Khẩn", "Hoa toc")."""
    if not raw or raw.isdigit():
        return _int(raw, "Độ khẩn (Priority)", problems, default=0) or 0
    words = {"thuong": 0, "khan": 1, "thuong khan": 2, "hoa toc": 3, "hoa toc hen gio": 4}
    found = words.get(fold_marks(raw))
    if found is None:
        problems.append(f"Độ khẩn (Priority) “{raw}” không phải mã 0–4.")
        return 0
    return found


def build_document(message: Node, trace_list: Node | None, problems: list[str]) -> DocumentHeader:
    sender = _organ(message.child("From") or find(message, "From"))
    if not sender.organ_id and not sender.name:
        problems.append("Gói không ghi cơ quan gửi (From).")
    elif not sender.name:
        problems.append(f"Gói không ghi tên cơ quan gửi (OrganName), chỉ có mã {sender.organ_id}.")
    recipients = tuple(_organ(n) for n in find_all(message, "To"))  # also inside a <ToList>
    code_number = _text(message, "Code", "CodeNumber")
    code_notation = _text(message, "Code", "CodeNotation")
    if code_number and not code_number.isdigit():
        problems.append(f"Số văn bản (CodeNumber) “{code_number}” không phải là số.")
    issued, problem = parse_edxml_date(_text(message, "PromulgationInfo", "PromulgationDate"), "Ngày ban hành")
    if problem:
        problems.append(problem)
    due, problem = parse_edxml_date(_text(message, "DueDate"), "Hạn giải quyết")
    if problem:
        problems.append(problem)
    other = message.child("OtherInfo")
    priority = _priority(_text(other, "Priority") or _text(message, "Priority"), problems)
    if not 0 <= priority <= 4:
        problems.append(f"Độ khẩn (Priority) “{priority}” không có trong bảng mã (0–4).")
        priority = 0
    pages = _int(_text(other, "PageAmount"), "Số trang (PageAmount)", problems, default=None)
    appendix_list = other.child("Appendixes") if other is not None else None
    appendixes = tuple(nfc(a.text) for a in (appendix_list.children if appendix_list else []) if a.text.strip())
    places = message.child("ToPlaces")
    to_places = tuple(nfc(p.text) for p in (places.children if places else []) if p.text.strip())
    subject = _text(message, "Subject")
    if not subject:
        problems.append("Gói không có trích yếu (Subject).")
    business = find(trace_list, "Bussiness") or find(trace_list, "Business")
    btype = BusinessType.NEW
    reason = ""
    if business is not None:
        raw = _text(business, "BussinessDocType") or _text(business, "BusinessDocType")
        value = _int(raw, "Loại nghiệp vụ (BussinessDocType)", problems, default=0)
        try:
            btype = BusinessType(value or 0)
        except ValueError:
            problems.append(f"Loại nghiệp vụ (BussinessDocType) “{raw}” không có trong bảng mã (0–3).")
        reason = _text(business, "BussinessDocReason") or _text(business, "BusinessDocReason")
    trace = tuple(
        TraceStep(normal_organ_id(_text(t, "OrganId")), parse_edxml_timestamp(_text(t, "Timestamp")))
        for t in (trace_list.children_named("TraceHeader") if trace_list is not None else [])
    )
    document_id = _text(message, "DocumentId") or (_text(business, "DocumentId") if business is not None else "")
    if not document_id:
        document_id = make_document_id(sender.organ_id, issued, join_number(code_number, code_notation))
        problems.append("Gói không có mã định danh văn bản (DocumentId); đã lập từ mã cơ quan, ngày và số.")
    return DocumentHeader(
        sender=sender,
        recipients=recipients,
        document_id=document_id,
        code_number=code_number,
        code_notation=code_notation,
        place=_text(message, "PromulgationInfo", "Place"),
        issued_date=issued,
        doc_type=match_doc_type(_text(message, "DocumentType", "TypeName")),
        type_code=_text(message, "DocumentType", "Type"),
        subject=subject,
        content=_text(message, "Content"),
        signer_authority=_text(message, "SignerInfo", "Competence"),
        signer_title=_text(message, "SignerInfo", "Position"),
        signer_name=_text(message, "SignerInfo", "FullName"),
        due_date=due,
        priority=priority,
        page_count=pages,
        to_places=to_places,
        appendixes=appendixes,
        steering_type=_text(message, "SteeringType"),
        response_for_document_id=_text(message, "ResponseFor", "DocumentId"),
        business_type=btype,
        business_reason=reason,
        trace=trace,
    )


def build_status(message: Node, problems: list[str]) -> StatusHeader:
    sender = _organ(message.child("From"))
    code = _text(message, "StatusCode")
    if code.isdigit() and len(code) == 1:
        code = "0" + code  # "3" for "03"
    try:
        known = StatusCode(code)
    except ValueError:
        known = None
        problems.append(f"Mã trạng thái “{code}” không có trong bảng mã.")
    description = _text(message, "Description")
    if known is not None and known.needs_reason and not description:
        problems.append("Gói trạng thái từ chối nhưng không ghi lý do.")
    response = message.child("ResponseFor")
    rdate, problem = parse_edxml_date(_text(response, "PromulgationDate"), "Ngày văn bản được trả lời")
    if problem:
        problems.append(problem)
    raw_time = _text(message, "Timestamp")
    timestamp = parse_edxml_timestamp(raw_time)
    if raw_time and timestamp is None:
        problems.append(f"Thời điểm “{raw_time}” không đọc được.")
    document_id = _text(response, "DocumentId")
    if not document_id:
        problems.append("Gói trạng thái không ghi văn bản nào (ResponseFor/DocumentId).")
    return StatusHeader(
        sender=sender,
        status_code=code,
        response_for_organ=normal_organ_id(_text(response, "OrganId")),
        response_for_code=_text(response, "Code"),
        response_for_date=rdate,
        response_for_document_id=document_id,
        description=description,
        timestamp=timestamp,
        staff=_text(message, "StaffInfo", "Staff"),
        department=_text(message, "StaffInfo", "Department"),
    )
