"""edXML exchange between organizations (SPEC §9, issue 15): receive, register, refuse, status
packets both ways, revocation/update/replacement, sending an outgoing document.

The flow of a received document package: read (safely; a package that is not edXML is refused
whole) → every attached PDF verified by the existing verifier → kept in the inbox with the
package stored byte for byte, status 01 written to the outbox the same moment → the clerk sees
the header values and the verdict and registers (status 03; fields from the header, not OCR;
DocumentId feeds the duplicate warning) or refuses with a reason (status 02). A status packet
for one of our outgoing documents updates that document's per-recipient status. A revocation
(or update, replacement) is shown beside the registration it concerns; accepting it (15) voids
the registration by revocation (or records a dated correction), refusing it (16) needs a reason.

Status packets go to the outbox folder (`outbox/`), which the transport (the organization's
server, or a gateway watching the folder) takes them from; each is written once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.clock import iso
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.exchange import (
    AttachmentInfo,
    BusinessType,
    DocumentHeader,
    InboxItem,
    InboxState,
    Organ,
    SentRecord,
    SentRow,
    StatusCode,
    StatusHeader,
    StatusRecord,
    document_json,
    format_edxml_timestamp,
    latest_per_recipient,
    package_verdict,
    sent_rows,
    status_json,
    truncate_problems,
)
from qlvb_desktop.domain.outgoing import refusal_reason
from qlvb_desktop.domain.ports import Clock, FileStore
from qlvb_desktop.domain.registration import FileRef, Registration, split_number
from qlvb_desktop.domain.signing import Verdict, VerificationReport
from qlvb_desktop.domain.sync import ExchangeRelayReport
from qlvb_desktop.domain.vocab import Urgency
from qlvb_desktop.services.atomic_file import write_atomic
from qlvb_desktop.services.register import RegisterService

CTX = "Errors"


class RelayStep:
    """The relay as a step of the window's background sync (domain.sync.ExchangeStep)."""

    def __init__(self, service: ExchangeService, transport: ExchangeTransport, spool: Path) -> None:
        self.service = service
        self.transport = transport
        self.spool = spool

    def relay(self) -> ExchangeRelayReport:
        return self.service.relay(self.transport, self.spool)


class Verifier(Protocol):
    def verify(self, pdf: Path, extra_roots: list[Path] | None = None) -> VerificationReport: ...


class SignatureCheck(Protocol):
    @property
    def state(self) -> str: ...

    @property
    def reason(self) -> str: ...


class ReadPackage(Protocol):
    """What the package reader returns (adapters/edxml/reader.py)."""

    @property
    def path(self) -> Path: ...

    @property
    def kind(self) -> str: ...

    @property
    def document(self) -> DocumentHeader | None: ...

    @property
    def status(self) -> StatusHeader | None: ...

    @property
    def files(self) -> list[tuple[AttachmentInfo, Path | None]]: ...

    @property
    def problems(self) -> list[str]: ...

    @property
    def signature(self) -> SignatureCheck: ...

    @property
    def notes(self) -> list[str]: ...

    @property
    def workdir(self) -> Path: ...

    @property
    def attachments(self) -> list[AttachmentInfo]: ...

    def close(self) -> None: ...


class PackageIO(Protocol):
    def read(self, path: Path) -> ReadPackage: ...

    def write_status(self, path: Path, status: StatusHeader) -> Path: ...

    def write_document(self, path: Path, header: DocumentHeader, files: Sequence[tuple[str, str, Path]],
                       *, trace_organ: str, timestamp: str) -> Path: ...


class ExchangeTransport(Protocol):
    """The organization's server as a mailbox (adapters/exchange_relay.py)."""

    def push(self, outbox: Path) -> tuple[int, list[tuple[Path, str]]]: ...

    def pull(self, receive: Callable[[Path], Any], spool: Path) -> list[Any]: ...


class ExchangeRepository(Protocol):
    def add_received(self, summary: dict[str, Any], package: Any, *, urgency: Urgency, now: datetime) -> tuple[
        InboxItem, bool]: ...

    def get(self, item_id: int) -> InboxItem: ...

    def inbox(self, *, pending_only: bool = False) -> list[InboxItem]: ...

    def find_registered(self, document_id: str) -> InboxItem | None: ...

    def set_state(self, item_id: int, state: InboxState, *, reason: str = "", registration_id: int | None = None,
                  actor: str, now: datetime) -> InboxItem: ...

    def add_status(self, record: StatusRecord, *, actor: str, now: datetime) -> bool: ...

    def statuses(self, *, document_id: str | None = None, direction: str | None = None) -> list[StatusRecord]: ...

    def add_sent(self, records: list[SentRecord], *, actor: str) -> None: ...

    def sent(self) -> list[SentRecord]: ...


@dataclass
class Inspection:
    """A package read and its attachments verified; what `qlvb receive --json` prints."""

    package: ReadPackage
    verdict: str
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        p = self.package
        head = document_json(p.document) if p.document is not None else status_json(p.status)  # type: ignore[arg-type]
        return {
            **head,
            "file": str(p.path),
            "attachments": [a.to_json() for a in p.attachments],
            "xml_signature": {"state": p.signature.state, "reason": p.signature.reason},
            "verdict": self.verdict,
            "problems": list(self.problems),
            "notes": list(p.notes),
        }


def _verdict_of(report: VerificationReport) -> tuple[str, str]:
    if not report.checks:
        return "unsigned", report.reason or "tệp PDF không có chữ ký số"
    return {Verdict.VALID: "valid", Verdict.WARNING: "warning"}.get(report.verdict, "invalid"), report.reason


class ExchangeService:
    def __init__(
        self,
        io: PackageIO,
        verifier: Callable[[], Verifier],
        repo: ExchangeRepository,
        register: RegisterService,
        files: FileStore,
        clock: Clock,
        organization: Callable[[], Organ],
        outbox: Path,
        actor: str,
        extra_trust: Sequence[Path] = (),
    ) -> None:
        self.io = io
        self.verifier = verifier
        self.repo = repo
        self.register_service = register
        self.files = files
        self.clock = clock
        self.organization = organization
        self.outbox = outbox
        self.actor = actor
        self.extra_trust = list(extra_trust)

    # --- reading -------------------------------------------------------------------------

    def inspect(self, path: Path) -> Inspection:
        """Read and verify without recording anything. Raises UserError when unreadable.
        The caller closes `inspection.package` (its decoded files live in a temporary folder)."""
        package = self.io.read(path)
        try:
            problems = list(package.problems)
            if package.document is not None:
                problems += truncate_problems(package.document)
                for info, file in package.files:
                    if file is None or info.content_type != "application/pdf" or info.verdict == "damaged":
                        continue
                    verdict, reason = self._verify(file)
                    # the verifier names the temporary copy; the clerk knows the sender's name
                    info.verdict, info.reason = verdict, reason.replace(str(file), info.name)
                verdict = package_verdict(package.attachments, problems, package.signature.state == "invalid")
            else:
                verdict = "warning" if problems else "valid"
            if package.signature.state == "invalid":
                problems.append(package.signature.reason)
            return Inspection(package, verdict, problems)
        except BaseException:
            package.close()
            raise

    def _verify(self, pdf: Path) -> tuple[str, str]:
        """The attached PDF's verdict; a file the verifier cannot even open is invalid, said,
        and the package is still read (its other files and header are worth showing)."""
        try:
            return _verdict_of(self.verifier().verify(pdf, self.extra_trust))
        except UserError as exc:
            return "invalid", exc.message
        except EnvironmentProblem:
            raise
        except Exception as exc:  # pyHanko and pikepdf fail in many ways on a broken file
            return "invalid", f"không kiểm tra được chữ ký số của tệp ({type(exc).__name__})"

    # --- receiving -----------------------------------------------------------------------

    def receive(self, path: Path) -> InboxItem:
        """Record a package in the inbox (once, however often it is delivered). A document
        gets status 01 at once; a status packet updates our outgoing document's recipients."""
        inspection = self.inspect(path)
        try:
            summary = inspection.to_json()
            summary.pop("file", None)
            # The package was read and checked by `inspect` (edXML, its own limits); its attached
            # files are the sender's originals, kept byte for byte whatever their type.
            ref = self.files.put(path, inspect=False)
            doc = inspection.package.document
            if doc is not None:
                # Stored now, byte for byte, so registering later needs no second read of the package.
                summary["fields"] = doc.register_fields()
                # Moved, not copied: the reader decoded and hashed them itself (same file system).
                summary["stored"] = [
                    self.files.adopt(file, info.sha256, info.name).to_json()
                    for info, file in inspection.package.files
                    if file
                ]
            status = inspection.package.status
            take_back = status is not None and status.status_code == StatusCode.TAKE_BACK.value
            if take_back:
                # Status 13: the sender asks to take its document back — a revocation request
                # like a BussinessDocType 1 package, for the clerk to accept (15) or refuse (16).
                response = summary.get("response_for") or {}
                summary.update(business_type=int(BusinessType.REVOCATION),
                               business_reason=summary.get("description", ""),
                               number=response.get("code", ""), issued_date=response.get("promulgation_date", ""))
            now = self.clock.now()
            urgency = doc.urgency if doc is not None else Urgency.NORMAL
            item, new = self.repo.add_received(summary, ref, urgency=urgency, now=now)
            if not new:
                return item
            if doc is not None:
                sent = self.repo.statuses(document_id=doc.document_id, direction="out")
                if not any(r.status_code == StatusCode.ARRIVED for r in sent):
                    # "arrived" once per document, however many relays deliver it
                    self._send_status(doc, StatusCode.ARRIVED, "")
            elif not take_back:
                assert status is not None
                self._apply_status(status, ref.name)
                item = self.repo.set_state(item.id, InboxState.APPLIED, actor=self.actor, now=now)
            return item
        finally:
            inspection.package.close()

    def _apply_status(self, status: StatusHeader, package_name: str) -> None:
        self.repo.add_status(
            StatusRecord(
                "in", status.response_for_document_id, status.sender.organ_id, status.sender.name,
                status.status_code, status.description, status.timestamp or self.clock.now(), package_name,
            ),
            actor=self.actor, now=self.clock.now(),
        )

    def take_folder(self, folder: Path) -> tuple[list[InboxItem], list[tuple[Path, str]]]:
        """The watched exchange folder of an office whose gateway drops files: each package
        received and moved to `da-nhan/`; one that cannot be read moved to `khong-doc-duoc/`
        with its reason beside it (`.txt`), so nothing is lost and nothing is read twice."""
        if not folder.is_dir():
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Không thấy thư mục {path}."), path=str(folder))
        received, refused = [], []
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            try:
                item = self.receive(path)
            except UserError as exc:
                bad = folder / "khong-doc-duoc"
                bad.mkdir(exist_ok=True)
                path.replace(bad / path.name)
                write_atomic(bad / (path.name + ".txt"), (exc.message + "\n").encode(), shared=True)
                refused.append((bad / path.name, exc.message))
                continue
            done = folder / "da-nhan"
            done.mkdir(exist_ok=True)
            path.replace(done / path.name)
            received.append(item)
        return received, refused

    def inbox(self, *, pending_only: bool = False) -> list[InboxItem]:
        return self.repo.inbox(pending_only=pending_only)

    def item(self, item_id: int) -> InboxItem:
        return self.repo.get(item_id)

    def concerned(self, item: InboxItem) -> Registration | None:
        """For a revocation/update/replacement: the registration it concerns."""
        if item.business_type is BusinessType.NEW:
            return None
        found = self.repo.find_registered(item.document_id)
        return self.register_service.get(found.registration_id) if found and found.registration_id else None

    def proposal(self, item: InboxItem) -> dict[str, Any]:
        """The register fields from the header, for the fields step."""
        if item.kind != "document":
            if item.business_type is not BusinessType.NEW:
                return {}  # a status 13: no document, only the request and its reason
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Gói {id} là gói trạng thái, không phải văn bản."), id=item.id)
        return dict(item.summary["fields"])

    @staticmethod
    def _header(item: InboxItem) -> DocumentHeader:
        """What the statuses and the trace need of a received document (or of a status 13
        about one), from what was kept."""
        s = item.summary
        code_number, code_notation = split_number(s.get("number", ""))
        issued = s.get("issued_date") or ""
        return DocumentHeader(
            sender=Organ(s["from"]["organ_id"], s["from"]["organ_name"]), recipients=(),
            document_id=item.document_id or s.get("document_id", ""),
            code_number=code_number, code_notation=code_notation,
            issued_date=date.fromisoformat(issued) if issued else None,
            business_type=BusinessType(s.get("business_type", 0)), business_reason=s.get("business_reason", ""),
        )

    # --- the clerk's decisions -----------------------------------------------------------

    def _pending(self, item_id: int, *, kind: str = "document") -> InboxItem:
        """A package still waiting for the clerk; `kind` "request" also takes a status 13."""
        item = self.repo.get(item_id)
        if item.state is not InboxState.RECEIVED:
            raise UserError(
                QT_TRANSLATE_NOOP(CTX, "Gói {id} đã được xử lý ({state}); không làm lại được."),
                id=item.id, state=item.state.value,
            )
        if item.kind != kind and not (kind == "request" and item.business_type is not BusinessType.NEW):
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Gói {id} là gói trạng thái, không phải văn bản."), id=item.id)
        return item

    def register(
        self, item_id: int, changes: Mapping[str, Any] | None = None, *, confirm_duplicate: bool = False
    ) -> Registration:
        """Register a new document from its header (the clerk's changes applied); status 03."""
        item = self._pending(item_id)
        if item.business_type is not BusinessType.NEW:
            raise UserError(QT_TRANSLATE_NOOP(
                CTX, "Gói {id} là đề nghị thu hồi/cập nhật văn bản; hãy đồng ý hoặc từ chối đề nghị."), id=item.id)
        if item.verdict == "invalid":
            raise UserError(QT_TRANSLATE_NOOP(
                CTX, "Văn bản trong gói {id} không hợp lệ (chữ ký số hoặc tệp hỏng) nên không vào sổ được; "
                "hãy từ chối và ghi lý do."), id=item.id)
        doc = self._header(item)
        data = {**item.summary["fields"], **(changes or {})}
        # The decoded files under their names, and the package itself: every original byte.
        stored = [FileRef(f["sha256"], f["name"], f["size"]) for f in item.summary.get("stored", [])]
        stored.append(FileRef(item.package_sha256, item.package_name, item.package_size))
        reg = self.register_service.register(data, confirm_duplicate=confirm_duplicate, stored=stored)
        reg = self.register_service.add_trace(
            reg.id, f"Nhận gói edXML từ {doc.sender.display} (mã định danh {doc.document_id}); "
            f"kiểm tra: {item.verdict}",
        )
        self.repo.set_state(item.id, InboxState.REGISTERED, registration_id=reg.id, actor=self.actor,
                            now=self.clock.now())
        self._send_status(doc, StatusCode.REGISTERED, f"Đã vào sổ, số đến {reg.arrival_number}/{reg.year}")
        return reg

    def refuse(self, item_id: int, reason: str) -> InboxItem:
        """Refuse a received document with the clerk's reason; status 02 to the sender."""
        text = refusal_reason(reason)
        item = self._pending(item_id)
        self._send_status(self._header(item), StatusCode.REFUSED, text)
        return self.repo.set_state(item.id, InboxState.REFUSED, reason=text, actor=self.actor, now=self.clock.now())

    def accept_revision(self, item_id: int) -> Registration:
        """Accept a revocation (the registration voided by revocation, kept in the book) or an
        update/replacement (a dated correction from the new header); status 15."""
        item = self._pending(item_id, kind="request")
        if item.business_type is BusinessType.NEW:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Gói {id} không phải đề nghị thu hồi hay cập nhật."), id=item.id)
        target = self.concerned(item)
        if target is None:
            raise UserError(QT_TRANSLATE_NOOP(
                CTX, "Chưa vào sổ văn bản có mã định danh {doc}; không có gì để thu hồi hay cập nhật."),
                doc=item.document_id)
        doc = self._header(item)
        why = doc.business_reason or "không ghi lý do"
        if item.business_type is BusinessType.REVOCATION:
            reg = self.register_service.void(target.id, f"Thu hồi theo đề nghị của {doc.sender.display}: {why}"[:500])
            reg = self.register_service.add_trace(
                reg.id, f"Đồng ý thu hồi văn bản ({why}); các tệp đã rút khỏi lưu hành."
            )
        else:
            fields = {k: v for k, v in item.summary["fields"].items()
                      if k not in ("channel", "document_id") and v not in ("", None)}
            reg = self.register_service.correct(target.id, fields)
            self.register_service.add_trace(
                target.id, f"Đồng ý {'cập nhật' if item.business_type is BusinessType.UPDATE else 'thay thế'}"
                f" văn bản ({why}); đính chính ở số đến {reg.arrival_number}."
            )
        self._send_status(doc, StatusCode.REVOCATION_ACCEPTED, why)
        self.repo.set_state(item.id, InboxState.ACCEPTED, registration_id=reg.id, actor=self.actor,
                            now=self.clock.now())
        return reg

    def refuse_revision(self, item_id: int, reason: str) -> InboxItem:
        text = refusal_reason(reason)
        item = self._pending(item_id, kind="request")
        if item.business_type is BusinessType.NEW:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Gói {id} không phải đề nghị thu hồi hay cập nhật."), id=item.id)
        self._send_status(self._header(item), StatusCode.REVOCATION_REFUSED, text)
        target = self.concerned(item)
        if target is not None:
            self.register_service.add_trace(target.id, f"Từ chối đề nghị thu hồi/cập nhật: {text}")
        return self.repo.set_state(item.id, InboxState.REJECTED, reason=text, actor=self.actor, now=self.clock.now())

    def report(self, registration_id: int, code: StatusCode, description: str = "") -> StatusRecord:
        """Tell the sender of an exchanged registration about progress: 04, 05 or 06."""
        if code not in (StatusCode.ASSIGNED, StatusCode.HANDLING, StatusCode.DONE):
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Chỉ báo được trạng thái 04, 05 hoặc 06."))
        reg = self.register_service.get(registration_id)
        found = self.repo.find_registered(reg.draft.document_id) if reg.draft.document_id else None
        if found is None:
            raise UserError(QT_TRANSLATE_NOOP(
                CTX, "Văn bản số đến {number} không nhận qua trục liên thông; không có nơi để báo."),
                number=reg.arrival_number)
        return self._send_status(self._header(found), code, description)

    def follow(self, event: str, registration_id: int) -> StatusRecord | None:
        """Statuses written from the clerk's actions: "forwarded" → 04, "handled" → 06; nothing
        for a registration that did not come through the exchange."""
        code = {"forwarded": StatusCode.ASSIGNED, "handled": StatusCode.DONE}.get(event)
        if code is None:
            return None
        reg = self.register_service.get(registration_id)
        found = self.repo.find_registered(reg.draft.document_id) if reg.draft.document_id else None
        if found is None or found.registration_id != registration_id:
            return None
        note = reg.draft.to_places if code is StatusCode.ASSIGNED else ""
        return self._send_status(self._header(found), code, note)

    # --- sending ---------------------------------------------------------------------------

    def send(
        self, header: DocumentHeader, files: Sequence[tuple[str, str, Path]], package_name: str,
        outgoing_id: int | None = None,
    ) -> Path:
        """One package for an issued outgoing document (its signed PDF first, then appendices)
        into the outbox, for the transport to deliver to `header.recipients`; each recipient is
        in the sent list at once ("đã gửi", or a revocation request sent)."""
        if not header.recipients:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Chưa chọn nơi nhận nào cho gói văn bản."))
        missing = [r.organ_id or r.name for r in header.recipients if not r.organ_id]
        if missing:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Nơi nhận “{name}” chưa có mã định danh cơ quan."),
                            name=missing[0])
        if not header.sender.organ_id:
            raise UserError(QT_TRANSLATE_NOOP(
                CTX, "Chưa đặt mã định danh của cơ quan mình (cài đặt: mã cơ quan), nên chưa gửi được."))
        self.outbox.mkdir(parents=True, exist_ok=True)
        target = self.outbox / package_name
        now = self.clock.now()
        path = self.io.write_document(target, header, files, trace_organ=header.sender.organ_id,
                                      timestamp=format_edxml_timestamp(now))
        self.repo.add_sent([
            SentRecord(header.document_id, r.organ_id, r.name, header.business_type, header.number, header.subject,
                       path.name, now, header.business_reason, outgoing_id)
            for r in header.recipients
        ], actor=self.actor)
        return path

    # --- status packets out --------------------------------------------------------------

    def _send_status(self, doc: DocumentHeader, code: StatusCode, description: str) -> StatusRecord:
        me = self.organization()
        now = self.clock.now()
        status = StatusHeader(
            sender=me, status_code=code.value, response_for_organ=doc.sender.organ_id,
            response_for_code=doc.number, response_for_date=doc.issued_date,
            response_for_document_id=doc.document_id, description=description, timestamp=now, staff=self.actor,
        )
        digest = hashlib.sha256(f"{doc.document_id}|{code.value}|{now.isoformat()}".encode()).hexdigest()[:12]
        name = f"status-{code.value}-{now:%Y%m%d%H%M%S}-{digest}.edxml"
        self.outbox.mkdir(parents=True, exist_ok=True)
        record = StatusRecord("out", doc.document_id, doc.sender.organ_id, doc.sender.name, code.value,
                              description, now, name)
        if self.repo.add_status(record, actor=self.actor, now=now):
            self.io.write_status(self.outbox / name, status)
        return record

    # --- transport -----------------------------------------------------------------------

    def relay(self, transport: ExchangeTransport, spool: Path) -> ExchangeRelayReport:
        """Receive what the server holds for us (each recorded, then acknowledged), then send
        the outbox: the receipts (01) of what just arrived leave in the same round."""
        received = transport.pull(self.receive, spool)
        sent, refused = transport.push(self.outbox)
        documents = sum(1 for item in received if item.kind == "document")
        return ExchangeRelayReport(
            sent=sent, refused=len(refused), documents=documents, statuses=len(received) - documents,
            pending=len(self.repo.inbox(pending_only=True)), at=iso(self.clock.now()),
        )

    # --- lists ---------------------------------------------------------------------------

    def statuses(self, document_id: str | None = None, direction: str | None = None) -> list[StatusRecord]:
        return self.repo.statuses(document_id=document_id, direction=direction)

    def sent_list(self) -> list[SentRow]:
        """Our sent documents, per recipient: sent, or its latest status (newest first)."""
        return sent_rows(self.repo.sent(), self.repo.statuses(direction="in"))

    def recipients_status(self, document_id: str) -> list[StatusRecord]:
        """For an outgoing document: each recipient's latest status and its time."""
        return latest_per_recipient(self.repo.statuses(document_id=document_id, direction="in"))
