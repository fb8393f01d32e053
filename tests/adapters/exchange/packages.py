"""edXML packages in the shapes real producers write (SPEC §9), built by hand here rather than
by our own writer, so the reader is tested against what other systems send."""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import dataclass, field

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


@dataclass
class Shape:
    """How one producer writes its package; every default is the standard's own shape."""

    prefix: bool = True  # edXML: on the envelope's parts
    default_ns: bool = True
    declare_prefix: bool = True
    organ_name: bool = True
    organ_id: str = "000.00.04.G14"
    code_number: str = "267"
    code_notation: str = "VPCP-TTĐT"
    date: str = "2026/05/20"
    due_date: str = "2027/06/01"
    doc_type: str = "Công văn"
    subject: str = "Về việc triển khai trục liên thông văn bản"
    signer: str = "Nguyễn Văn An"
    priority: str = "1"
    trace_organ: str = "000.00.04.G14"
    business: int = 0
    business_reason: str = ""
    document_id: str | None = None
    reorder: bool = False
    crlf: bool = False
    before: bytes = b""
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)  # name, declared type, content
    base64_direct: bool = False  # base64 straight in <Attachment>
    attachment_style: str = "element"  # or "attributes" (name and type as attributes), "data" (<Data>)
    after: bytes = b""  # bytes after the root element (a MIME boundary)
    namespace: str = NS
    truncate_b64: int = 0  # characters cut off the end of the first attachment's base64
    signature: str = ""  # raw <Signature> element
    doctype: str = ""  # a DOCTYPE put before the root


def _organ(tag: str, organ_id: str, name: str | None) -> str:
    inner = f"<OrganId>{organ_id}</OrganId>" + (f"<OrganName>{name}</OrganName>" if name is not None else "")
    return f"<{tag}>{inner}</{tag}>"


def build(shape: Shape) -> bytes:
    s = shape
    p = "edXML:" if s.prefix else ""
    doc_id = s.document_id if s.document_id is not None else f"{s.organ_id},{s.date},{s.code_number}/{s.code_notation}"
    parts = [
        _organ("From", s.organ_id, "Văn phòng Chính phủ" if s.organ_name else None),
        _organ("To", "000.00.12.H42", "Sở Nội vụ tỉnh Thử nghiệm" if s.organ_name else None),
        f"<DocumentId>{doc_id}</DocumentId>",
        f"<Code><CodeNumber>{s.code_number}</CodeNumber><CodeNotation>{s.code_notation}</CodeNotation></Code>",
        f"<PromulgationInfo><Place>Hà Nội</Place><PromulgationDate>{s.date}</PromulgationDate></PromulgationInfo>",
        f"<DocumentType><Type>1</Type><TypeName>{s.doc_type}</TypeName></DocumentType>",
        f"<Subject>{s.subject}</Subject>",
        f"<SignerInfo><Competence>KT. BỘ TRƯỞNG</Competence><Position>Phó Chủ nhiệm</Position>"
        f"<FullName>{s.signer}</FullName></SignerInfo>",
        f"<DueDate>{s.due_date}</DueDate>",
        f"<OtherInfo><Priority>{s.priority}</Priority><PageAmount>2</PageAmount></OtherInfo>",
        "<ToPlaces><Place>Các Bộ</Place><Place>UBND các tỉnh</Place></ToPlaces>",
    ]
    if s.reorder:
        parts.reverse()
    message = "<MessageHeader>" + "".join(parts) + "</MessageHeader>"
    trace = (
        f"<TraceHeaderList><TraceHeader><OrganId>{s.trace_organ}</OrganId><Timestamp>2026/05/20 10:01:02</Timestamp>"
        f"</TraceHeader><Bussiness><BussinessDocType>{s.business}</BussinessDocType>"
        f"<BussinessDocReason>{s.business_reason}</BussinessDocReason></Bussiness></TraceHeaderList>"
    )
    refs, atts = [], []
    for i, (name, ctype, content) in enumerate(s.attachments):
        b64 = base64.encodebytes(content).decode()
        if i == 0 and s.truncate_b64:
            b64 = b64.rstrip("\n")[: -s.truncate_b64]
        refs.append(f"<Reference><ContentId>cid:{i}</ContentId><ContentType>{ctype}</ContentType>"
                    f"<AttachmentName>{name}</AttachmentName></Reference>")
        body = (b64 if s.base64_direct else f"<ContentTransferEncoded>{b64}</ContentTransferEncoded>")
        if s.attachment_style == "attributes":
            atts.append(f'<Attachment ContentId="{i}" AttachmentName="{name}" ContentType="{ctype}" '
                        f'ContentTransferEncoded="base64">{b64}</Attachment>')
        elif s.attachment_style == "data":
            atts.append(f"<Attachment><AttachmentName>{name}</AttachmentName><Data>{b64}</Data></Attachment>")
        else:
            atts.append(f"<Attachment><ContentId>{i}</ContentId><AttachmentName>{name}</AttachmentName>"
                        f"<ContentType>{ctype}</ContentType>{body}</Attachment>")
    xmlns = f' xmlns="{s.namespace}"' if s.default_ns else ""
    xmlns += f' xmlns:edXML="{s.namespace}"' if s.prefix and s.declare_prefix else ""
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + s.doctype
        + f"<edXML{xmlns}>\n<{p}edXMLEnvelope>\n<{p}edXMLHeader>\n{message}\n{trace}\n{s.signature}\n"
        f"</{p}edXMLHeader>\n<{p}edXMLBody><edXMLManifest>{''.join(refs)}</edXMLManifest></{p}edXMLBody>\n"
        f"</{p}edXMLEnvelope>\n<AttachmentEncoded>{''.join(atts)}</AttachmentEncoded>\n</edXML>\n"
    )
    if s.crlf:
        text = text.replace("\n", "\r\n")
    return s.before + text.encode("utf-8") + s.after


def status_packet(code: str, document_id: str, description: str = "", organ: str = "000.00.12.H42",
                  timestamp: str = "2026/05/21 08:00:00") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><edXML xmlns="{NS}" xmlns:edXML="{NS}"><edXML:edXMLEnvelope>'
        f"<edXML:edXMLHeader><MessageHeader><From><OrganId>{organ}</OrganId><OrganName>Sở Nội vụ</OrganName></From>"
        f"<ResponseFor><OrganId>000.00.04.G14</OrganId><Code>267/VPCP-TTĐT</Code>"
        f"<PromulgationDate>2026/05/20</PromulgationDate><DocumentId>{document_id}</DocumentId></ResponseFor>"
        f"<StaffInfo><Department>Văn thư</Department><Staff>Trần Thị B</Staff></StaffInfo>"
        f"<StatusCode>{code}</StatusCode><Description>{description}</Description><Timestamp>{timestamp}</Timestamp>"
        f"</MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>"
    ).encode()


def zipped(name: str, content: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, content)
    return buf.getvalue()


def text_mangled(pdf: bytes) -> bytes:
    """A PDF that went through a text encoding: read as Latin-1, written as UTF-8."""
    return pdf.decode("latin-1").encode("utf-8")


def replaced(pdf: bytes) -> bytes:
    """A PDF read as UTF-8 with errors replaced (every invalid byte became U+FFFD)."""
    return pdf.decode("utf-8", errors="replace").encode("utf-8")


BILLION_LAUGHS = (
    '<!DOCTYPE edXML [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
)


def xxe(target: str) -> str:
    return f'<!DOCTYPE edXML [<!ENTITY x SYSTEM "file://{target}">]>\n'
