"""Sending an issued outgoing document as an edXML package (issue 15, SPEC §9; file names
SPEC §10), and asking to take it back: the same package with BussinessDocType 1 and the
reason (the request status 13 names). `qlvb exchange send` and the sent list's "Thu hồi" both
come here, so both write the same package and both put its recipients in the sent list.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.exchange import BusinessType, Organ, outgoing_header
from qlvb_desktop.domain.filenames import export_file_name
from qlvb_desktop.domain.outgoing import OutgoingStatus, refusal_reason
from qlvb_desktop.domain.outgoing import number_text as make_number_text
from qlvb_desktop.domain.ports import FileStore

CTX = "Errors"


@dataclass(frozen=True)
class SentPackage:
    path: Path
    document_id: str
    recipients: tuple[Organ, ...]


class OutgoingExchange:
    """`exchange` is the ExchangeService, `outgoing()` the outgoing register (OutgoingService),
    `directory()` the organization directory synced from the server."""

    def __init__(
        self,
        exchange: Any,
        outgoing: Callable[[], Any],
        files: FileStore,
        organization: Callable[[], Organ],
        directory: Callable[[], list[Organ]],
    ) -> None:
        self.exchange = exchange
        self.outgoing = outgoing
        self.files = files
        self.organization = organization
        self.directory = directory

    def send(
        self, outgoing_id: int, codes: Sequence[str], *, appendices: Sequence[Path] = (), priority: int = 0,
        revoke: str | None = None,
    ) -> SentPackage:
        """The package in the outbox; `revoke` (a reason) makes it a revocation request."""
        entry = self.outgoing().get(outgoing_id)
        if entry.status is OutgoingStatus.VOIDED:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Văn bản đi số {number} đã hủy; không gửi được."),
                            number=entry.number_text)
        if revoke is not None:
            revoke = refusal_reason(revoke)  # a reason is required, as for a refusal
        known = {o.organ_id: o for o in self.directory()}
        recipients = tuple(known.get(c, Organ(c)) for c in dict.fromkeys(c.strip() for c in codes if c.strip()))
        d = entry.draft
        number = make_number_text(entry.number, d.notation)
        header = outgoing_header(
            self.organization(), recipients, number_text=number, issued=d.issued, doc_type=d.doc_type,
            subject=d.subject, signer_name=d.signer_name, signer_title=d.signer_title, priority=priority,
            business_type=BusinessType.REVOCATION if revoke else BusinessType.NEW, business_reason=revoke or "",
        )
        files = [(entry.file_name, "application/pdf", self.files.path_of(entry.file.sha256))]
        for p in appendices:
            if not p.is_file():
                raise UserError(QT_TRANSLATE_NOOP(CTX, "Không tìm thấy tệp {path}."), path=str(p))
            kind = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
            files.append((export_file_name(number, d.issued, f"Phu luc {p.stem}", p.suffix), kind, p))
        name = export_file_name(number, d.issued, ("Thu hoi " if revoke else "") + d.subject, ".edxml")
        path = self.exchange.send(header, files, name, outgoing_id=outgoing_id)
        return SentPackage(path, header.document_id, recipients)

    def take_back(self, outgoing_id: int, reason: str) -> SentPackage:
        """Ask every recipient the document was sent to (and not refused by) to take it back."""
        rows = [r for r in self.exchange.sent_list() if r.outgoing_id == outgoing_id and r.revocable]
        if not rows:
            raise UserError(QT_TRANSLATE_NOOP(
                CTX, "Văn bản này chưa gửi qua liên thông, hoặc đã đề nghị thu hồi; không có nơi nào để thu hồi."))
        return self.send(outgoing_id, [r.organ_id for r in rows], revoke=reason)
