"""Issuing an outgoing document (SPEC §8): the leader has signed; the clerk takes the next
number of the outgoing book, writes number and date into the document in the organization's
signing revision, saves it under its SPEC §10 name and records it in the outgoing register.

The number is taken inside the signature: the repository's allocation holds the write lock from
the moment the token is logged in until the signed file is stored, and commits the entry only if
the signature succeeded. A wrong PIN, a pulled token, a cancel or a crash leaves the series as it
was: no number is burnt and none is skipped.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.filenames import export_file_name
from qlvb_desktop.domain.outgoing import (
    OutgoingDraft,
    OutgoingEntry,
    number_text,
)
from qlvb_desktop.domain.ports import Clock, FileStore
from qlvb_desktop.domain.registration import FileRef
from qlvb_desktop.domain.signing import (
    DocumentSigner,
    FileResult,
    OutgoingNumber,
    PinHandler,
    SignatureKind,
    SignSpec,
    Verdict,
    VerificationReport,
)
from qlvb_desktop.services.atomic_file import atomic_output

CTX = "Errors"


class Allocation(Protocol):
    number: int | None  # set by open()

    def open(self) -> int: ...

    def commit(
        self, draft: OutgoingDraft, file: FileRef, export_name: str, *, actor: str, now: datetime
    ) -> OutgoingEntry: ...

    def close(self) -> None: ...


class OutgoingRepository(Protocol):
    def next_number(self, book: str, year: int, series: str = "") -> int: ...

    def allocation(self, book: str, year: int, series: str = "") -> Allocation: ...

    def get(self, entry_id: int) -> OutgoingEntry: ...

    def entries(
        self, *, book: str | None = None, year: int | None = None, date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[OutgoingEntry]: ...

    def set_export_path(self, entry_id: int, path: str) -> None: ...

    def void(self, entry_id: int, reason: str, *, actor: str, now: datetime) -> OutgoingEntry: ...


class Verifier(Protocol):
    def verify(self, pdf: Path, extra_roots: list[Path] | None = None) -> VerificationReport: ...


class OutgoingPrinter(Protocol):
    def render_outgoing(
        self, organization: str, parent: str, book_name: str, year: int, date_from: date | None,
        date_to: date | None, entries: Sequence[OutgoingEntry], out: Path,
    ) -> Path: ...


class IssueCancelled(UserError):
    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP(CTX, "Đã hủy ký; chưa cấp số văn bản đi nào."))


class LeaderSignatureInvalid(UserError):
    pass


@dataclass(frozen=True)
class Issued:
    entry: OutgoingEntry
    path: Path  # the signed file under its SPEC §10 name
    result: FileResult


def atomic_copy(src: Path, target: Path) -> Path:
    """Copy `src` to `target` whole or not at all, flushed to disk (the one atomic writer)."""
    with atomic_output(target, prefix=".issue-", suffix=".pdf") as out, src.open("rb") as inp:
        shutil.copyfileobj(inp, out, 1 << 20)
    return target


class OutgoingService:
    def __init__(
        self,
        repo: OutgoingRepository,
        files: FileStore,
        signer: DocumentSigner,
        verifier: Verifier,
        clock: Clock,
        actor: str,
        books: Callable[[], list[Book]],
        out_dir: Path,
        printer: OutgoingPrinter | None = None,
    ) -> None:
        self.repo = repo
        self.files = files
        self.signer = signer
        self.verifier = verifier
        self.clock = clock
        self.actor = actor
        self._books = books
        self.out_dir = out_dir
        self.printer = printer

    def books(self) -> list[Book]:
        return [b for b in self._books() if b.direction == "outgoing"]

    def book(self, code_or_name: str) -> Book:
        for b in self.books():
            if code_or_name in (b.code, b.name):
                return b
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Không có sổ văn bản đi “{value}”; các sổ hiện có: {books}."),
            value=code_or_name,
            books=", ".join(f"{b.code} ({b.name})" for b in self.books()),
        )

    def today(self) -> date:
        return self.clock.now().date()

    def propose(self, book: str, notation: str, series: str = "") -> tuple[str, date]:
        """The number and date the clerk is shown before signing: `05/QĐ-UBND`, today."""
        day = self.today()
        return number_text(self.repo.next_number(self.book(book).code, day.year, series), notation), day

    def check_leader(self, src: Path, extra_trust: Sequence[Path] = ()) -> VerificationReport:
        """The leader's signature must be there and valid before the organization signs (SPEC §7)."""
        report = self.verifier.verify(src, list(extra_trust))
        if not report.checks:
            raise LeaderSignatureInvalid(
                QT_TRANSLATE_NOOP(
                    CTX,
                    "Văn bản {name} chưa có chữ ký số của người có thẩm quyền; "
                    "hãy trình lãnh đạo ký trước khi cấp số.",
                ),
                name=src.name,
            )
        if report.verdict in (Verdict.INVALID, Verdict.INDETERMINATE):
            raise LeaderSignatureInvalid(
                QT_TRANSLATE_NOOP(
                    CTX, "{reason} Không cấp số cho văn bản này; hãy đề nghị người ký ký lại."
                ),
                reason=report.reason,
            )
        return report

    def issue(
        self,
        src: Path,
        draft: OutgoingDraft,
        spec: SignSpec,
        pin_handler: PinHandler,
        *,
        out_dir: Path | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        sign_without_tsa: Callable[[str], bool] | None = None,
        stage: Callable[[str], None] | None = None,
    ) -> Issued:
        """Verify the leader, log in, take the number, sign, store, record, save. Raises a
        `UserError` (nothing recorded, no number taken) when any step before recording fails."""
        book = self.book(draft.book)
        if draft.issued != self.today():
            raise UserError(
                QT_TRANSLATE_NOOP(CTX, "Văn bản đi được cấp số và phát hành trong ngày; ngày phải là hôm nay."),
            )
        if not src.is_file():
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Không thấy tệp {path}."), path=str(src))
        # With a server, a station with no leased number left for this series is told now,
        # before the token is touched (NoLeasedNumber): nothing signed, nothing burnt.
        self.repo.next_number(book.code, draft.year, draft.series)
        if stage:
            stage("verify")
        self.check_leader(src, spec.extra_trust)
        allocation = self.repo.allocation(book.code, draft.year, draft.series)

        def number_source() -> OutgoingNumber:
            # On the token thread, after login: from here until commit the number is held.
            if cancelled():
                raise IssueCancelled()
            if stage:
                stage("sign")
            n = allocation.open()
            return OutgoingNumber(number_text(n, draft.notation), draft.issued)

        signed_spec = replace(spec, kind=SignatureKind.MAIN, number=None, number_source=number_source)
        with tempfile.TemporaryDirectory(prefix="qlvb-issue-") as tmp:
            signed = Path(tmp) / "signed.pdf"
            try:
                if stage:
                    stage("login")
                result = self.signer.sign_files(
                    [(src, signed)], signed_spec, lambda: "", pin_handler, None, sign_without_tsa
                )
                fr = result.files[0] if result.files else None
                if fr is None or not fr.ok or allocation.number is None:
                    message = (fr.message if fr else "") or result.stopped
                    raise UserError(
                        QT_TRANSLATE_NOOP(CTX, "Chưa ký được văn bản đi: {reason} Chưa cấp số nào."),
                        reason=message.rstrip(".") + ".",
                    )
                if stage:
                    stage("save")
                number = number_text(allocation.number, draft.notation)
                name = export_file_name(number, draft.issued, draft.subject)
                ref = self.files.put(signed, name=name)
                entry = allocation.commit(draft, ref, name, actor=self.actor, now=self.clock.now())
            finally:
                allocation.close()
        path = self.export(entry, out_dir)
        return Issued(self.repo.get(entry.id), path, fr)

    def export(self, entry: OutgoingEntry, out_dir: Path | None = None) -> Path:
        """Save the stored signed file under its SPEC §10 name (again, if it went missing)."""
        folder = out_dir or self.out_dir
        stored = self.files.path_of(entry.file.sha256)
        target = folder / entry.file_name
        stem, n = target.stem, 2
        while target.exists() and target.read_bytes() != stored.read_bytes():
            target = folder / f"{stem}_{n}{target.suffix}"  # another book's document with the same name
            n += 1
        if not target.exists():
            atomic_copy(stored, target)
        if str(target) != entry.export_path:
            self.repo.set_export_path(entry.id, str(target))
        return target

    def restore_missing(self) -> list[Path]:
        """Entries recorded whose saved file is gone (a crash between recording and saving, or
        a deleted file) are saved again from the store."""
        out = []
        for e in self.repo.entries():
            if not e.file.sha256:
                continue  # a number voided with no document behind it (from the server)
            if not e.export_path or not Path(e.export_path).exists():
                out.append(self.export(e, Path(e.export_path).parent if e.export_path else None))
        return out

    def entries(
        self, *, book: str | None = None, year: int | None = None, date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[OutgoingEntry]:
        code = self.book(book).code if book else None
        return self.repo.entries(book=code, year=year, date_from=date_from, date_to=date_to)

    def get(self, entry_id: int) -> OutgoingEntry:
        return self.repo.get(entry_id)

    def void(self, entry_id: int, reason: str) -> OutgoingEntry:
        """The number stays in the book, marked "Hủy", with the reason."""
        return self.repo.void(entry_id, reason, actor=self.actor, now=self.clock.now())

    def print_register(
        self, book: str, year: int, date_from: date | None, date_to: date | None, out: Path,
        organization: str, parent: str = "",
    ) -> Path:
        if self.printer is None:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Chưa cài bộ in sổ văn bản đi."))
        b = self.book(book)
        entries = self.repo.entries(book=b.code, year=year, date_from=date_from, date_to=date_to)
        return self.printer.render_outgoing(organization, parent, b.name, year, date_from, date_to, entries, out)

