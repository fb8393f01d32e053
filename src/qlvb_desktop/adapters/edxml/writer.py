"""Writes edXML packages as real systems expect them (SPEC §9): the QCVN namespace as default
namespace and as the `edXML:` prefix on the envelope's parts (some receivers reject packages
without it), header elements in the standard's order, dates `yyyy/MM/dd`, timestamps
`yyyy/MM/dd HH:mm:ss` Vietnam time, attachments base64-encoded as they stream from disk
(76-character lines), written by the one atomic writer (a temporary file renamed into place)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from qlvb_desktop.domain.exchange import (
    NAMESPACE,
    DocumentHeader,
    Organ,
    StatusHeader,
    format_edxml_date,
    format_edxml_timestamp,
)
from qlvb_desktop.services.atomic_file import atomic_output

B64_BLOCK = 57 * 1024  # multiple of 57 bytes: whole 76-character lines


@dataclass(frozen=True)
class OutFile:
    name: str
    content_type: str
    path: Path


def _el(name: str, value: object) -> str:
    return f"<{name}>{escape(str(value))}</{name}>"


def _organ(tag: str, o: Organ) -> str:
    return (
        f"<{tag}>" + _el("OrganId", o.organ_id) + _el("OrganizationInCharge", o.in_charge) + _el("OrganName", o.name)
        + _el("OrganAdd", o.address) + _el("Email", o.email) + _el("Telephone", o.telephone) + _el("Fax", "")
        + _el("Website", "") + f"</{tag}>"
    )


def _package_output(path: Path) -> AbstractContextManager[IO[bytes]]:
    # The one atomic writer; readable by the other programs of the exchange, as before.
    return atomic_output(path, suffix=".part", shared=True)


def _head(message: str, trace: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<edXML xmlns="{NAMESPACE}" xmlns:edXML="{NAMESPACE}">\n'
        "<edXML:edXMLEnvelope>\n<edXML:edXMLHeader>\n"
        f"{message}\n{trace}\n"
        "</edXML:edXMLHeader>\n"
    )


def _trace(h_trace: str, business: str = "") -> str:
    return f"<TraceHeaderList>{h_trace}{business}</TraceHeaderList>"


def write_document(
    path: Path, header: DocumentHeader, files: Sequence[OutFile], *, trace_organ: str, timestamp: str
) -> Path:
    """One document package at `path`."""
    h = header
    message = (
        "<MessageHeader>" + _organ("From", h.sender) + "".join(_organ("To", o) for o in h.recipients)
        + _el("DocumentId", h.document_id)
        + "<Code>" + _el("CodeNumber", h.code_number) + _el("CodeNotation", h.code_notation) + "</Code>"
        + "<PromulgationInfo>" + _el("Place", h.place) + _el("PromulgationDate", format_edxml_date(h.issued_date))
        + "</PromulgationInfo>"
        + "<DocumentType>" + _el("Type", h.type_code or "1") + _el("TypeDetail", "") + _el("TypeName", h.doc_type)
        + "</DocumentType>"
        + _el("Subject", h.subject) + _el("Content", h.content)
        + "<SignerInfo>" + _el("Competence", h.signer_authority) + _el("Position", h.signer_title)
        + _el("FullName", h.signer_name) + "</SignerInfo>"
        + _el("DueDate", format_edxml_date(h.due_date))
        + "<OtherInfo>" + _el("Priority", h.priority) + _el("SphereOfPromulgation", "")
        + _el("TyperNotation", "") + _el("PromulgationAmount", "")
        + _el("PageAmount", "" if h.page_count is None else h.page_count) + _el("Direction", "false")
        + "<Appendixes>" + "".join(_el("Appendix", a) for a in h.appendixes) + "</Appendixes></OtherInfo>"
        + _el("SteeringType", h.steering_type or "0")
        + "<ToPlaces>" + "".join(_el("Place", p) for p in h.to_places) + "</ToPlaces>"
        + ("<ResponseFor>" + _el("DocumentId", h.response_for_document_id) + "</ResponseFor>"
           if h.response_for_document_id else "")
        + "</MessageHeader>"
    )
    business = (
        "<Bussiness>" + _el("DocumentId", h.document_id) + _el("BussinessDocType", int(h.business_type))
        + _el("BussinessDocReason", h.business_reason) + _el("Paper", "0") + "</Bussiness>"
    )
    trace = _trace("<TraceHeader>" + _el("OrganId", trace_organ) + _el("Timestamp", timestamp) + "</TraceHeader>",
                   business)
    with _package_output(path) as f:
        f.write(_head(message, trace).encode("utf-8"))
        f.write(b"<edXML:edXMLBody><edXMLManifest>")
        for i, out in enumerate(files):
            f.write((
                "<Reference>" + _el("ContentId", f"cid:{i + 1}") + _el("ContentType", out.content_type)
                + _el("Description", "") + _el("AttachmentName", out.name) + "</Reference>"
            ).encode("utf-8"))
        f.write(b"</edXMLManifest></edXML:edXMLBody>\n</edXML:edXMLEnvelope>\n<AttachmentEncoded>\n")
        for i, out in enumerate(files):
            f.write((
                "<Attachment>" + _el("ContentId", f"{i + 1}") + _el("AttachmentName", out.name)
                + _el("ContentType", out.content_type) + "<ContentTransferEncoded>\n"
            ).encode("utf-8"))
            with out.path.open("rb") as src:
                while block := src.read(B64_BLOCK):
                    f.write(base64.encodebytes(block))
            f.write(b"</ContentTransferEncoded></Attachment>\n")
        f.write(b"</AttachmentEncoded>\n</edXML>\n")
    return path


def write_status(path: Path, status: StatusHeader) -> Path:
    """One status packet at `path` (no body, no attachment)."""
    s = status
    message = (
        "<MessageHeader>" + _organ("From", s.sender)
        + "<ResponseFor>" + _el("OrganId", s.response_for_organ) + _el("Code", s.response_for_code)
        + _el("PromulgationDate", format_edxml_date(s.response_for_date))
        + _el("DocumentId", s.response_for_document_id)
        + "</ResponseFor>"
        + "<StaffInfo>" + _el("Department", s.department) + _el("Staff", s.staff) + _el("Mobile", "")
        + _el("Email", "") + "</StaffInfo>"
        + _el("StatusCode", s.status_code) + _el("Description", s.description)
        + _el("Timestamp", format_edxml_timestamp(s.timestamp) if s.timestamp else "")
        + "</MessageHeader>"
    )
    ts = format_edxml_timestamp(s.timestamp) if s.timestamp else ""
    trace = _trace("<TraceHeader>" + _el("OrganId", s.sender.organ_id) + _el("Timestamp", ts) + "</TraceHeader>")
    with _package_output(path) as f:
        f.write((_head(message, trace) + "</edXML:edXMLEnvelope>\n</edXML>\n").encode("utf-8"))
    return path
