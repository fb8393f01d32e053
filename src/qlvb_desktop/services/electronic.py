"""Electronic intake (SPEC §2, Điều 21.2): a signed PDF arrives; its signatures are checked
before anything else; an invalid (or misaddressed) document is refused with a reason and kept,
without an arrival number, in the list of refusals until the sender has been told; a valid one
goes on to the fields step with values read from its text layer and is registered with channel
"electronic". The original file is stored byte for byte.

(edXML packages, SPEC §9, are not handled yet: only signed PDFs, one by one or a folder.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.outgoing import Refusal, refusal_reason
from qlvb_desktop.domain.ports import Clock, FileStore
from qlvb_desktop.domain.registration import FileRef, Registration
from qlvb_desktop.domain.signing import Verdict, VerificationReport
from qlvb_desktop.domain.vocab import Channel
from qlvb_desktop.services.register import RegisterService

CTX = "Errors"


class Verifier(Protocol):
    def verify(self, pdf: Path, extra_roots: list[Path] | None = None) -> VerificationReport: ...


class Extractor(Protocol):
    def extract(self, paths: Sequence[Path]) -> Any: ...  # an Extraction (has to_json())


class RefusalRepository(Protocol):
    def add_refusal(
        self, file: FileRef, reason: str, verdict: str, verification: str, sender: str, *, actor: str, now: datetime
    ) -> Refusal: ...

    def refusals(self, *, untold_only: bool = False) -> list[Refusal]: ...

    def mark_told(self, refusal_id: int, *, actor: str, now: datetime) -> Refusal: ...


@dataclass(frozen=True)
class Inspection:
    """A received file and what its signatures are worth, shown before anything else."""

    path: Path
    report: VerificationReport

    @property
    def acceptable(self) -> bool:
        # INDETERMINATE (no chain to a trusted root, SHA-1 without proof of time…) is not accepted
        # either: the sender is told what is missing.
        return bool(self.report.checks) and self.report.verdict in (Verdict.VALID, Verdict.WARNING)

    @property
    def sender(self) -> str:
        """Who signed it, as the certificates say (the first signature is the issuer's)."""
        names = []
        for c in self.report.checks:
            who = ", ".join(x for x in (c.signer, c.organization) if x)
            if who and who not in names:
                names.append(who)
        return "; ".join(names)


def pdfs_in(folder: Path) -> list[Path]:
    """The PDFs of a folder (not its subfolders), by name."""
    if not folder.is_dir():
        raise UserError(QT_TRANSLATE_NOOP(CTX, "Không thấy thư mục {path}."), path=str(folder))
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    if not found:
        raise UserError(QT_TRANSLATE_NOOP(CTX, "Thư mục {path} không có tệp PDF nào."), path=str(folder))
    return found


class ElectronicIntake:
    def __init__(
        self,
        verifier: Verifier,
        register: RegisterService,
        files: FileStore,
        refusals: RefusalRepository,
        extractor: Callable[[], Extractor],
        clock: Clock,
        actor: str,
        extra_trust: Sequence[Path] = (),
    ) -> None:
        self.verifier = verifier
        self.register_service = register
        self.files = files
        self.refusals_repo = refusals
        self.extractor = extractor
        self.clock = clock
        self.actor = actor
        self.extra_trust = list(extra_trust)

    def expand(self, paths: Sequence[Path]) -> list[Path]:
        """Files as given, folders as the PDFs in them."""
        out: list[Path] = []
        for p in paths:
            out.extend(pdfs_in(p) if p.is_dir() else [p])
        return out

    def inspect(self, path: Path) -> Inspection:
        if path.suffix.lower() != ".pdf":
            raise UserError(
                QT_TRANSLATE_NOOP(CTX, "Tệp {name} không phải PDF; văn bản điện tử có chữ ký số là tệp PDF."),
                name=path.name,
            )
        return Inspection(path, self.verifier.verify(path, self.extra_trust))

    def propose(self, inspection: Inspection) -> dict[str, Any]:
        """The register fields read from the file's text layer, for the fields step."""
        data: dict[str, Any] = dict(self.extractor().extract([inspection.path]).to_json())
        data["channel"] = Channel.ELECTRONIC.value
        return data

    def register(
        self, inspection: Inspection, fields: Mapping[str, Any], *, confirm_duplicate: bool = False
    ) -> Registration:
        """Registered in the shared incoming series, channel "electronic", the original file attached."""
        if not inspection.acceptable:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    CTX,
                    "Văn bản {name} có chữ ký số không hợp lệ nên không vào sổ được; "
                    "hãy từ chối và báo lại cho nơi gửi.",
                ),
                name=inspection.path.name,
            )
        data = {**fields, "channel": Channel.ELECTRONIC.value}
        reg = self.register_service.register(data, [inspection.path], confirm_duplicate=confirm_duplicate)
        return self.register_service.add_trace(
            reg.id, f"Nhận văn bản điện tử; kiểm tra chữ ký số: {inspection.report.reason}"
        )

    def refuse(self, inspection: Inspection, reason: str) -> Refusal:
        """Kept with its reason and the file, without an arrival number, to tell the sender."""
        text = refusal_reason(reason)
        ref = self.files.put(inspection.path)
        return self.refusals_repo.add_refusal(
            ref,
            text,
            inspection.report.verdict.value if inspection.report.checks else "none",
            inspection.report.reason,
            inspection.sender,
            actor=self.actor,
            now=self.clock.now(),
        )

    def refused(self, *, untold_only: bool = False) -> list[Refusal]:
        return self.refusals_repo.refusals(untold_only=untold_only)

    def mark_told(self, refusal_id: int) -> Refusal:
        return self.refusals_repo.mark_told(refusal_id, actor=self.actor, now=self.clock.now())
