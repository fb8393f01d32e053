"""Registering incoming documents: validate, warn about duplicates, number, store files."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.books import Book, Closure, closure_covering, number_label, resolve_book
from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, DuplicateError, UserError
from qlvb_desktop.domain.ports import Clock, FileStore, RegisterRepository
from qlvb_desktop.domain.registration import (
    FILE_ROLES,
    FORWARD_PREFIX,
    FileRef,
    IncomingDraft,
    Registration,
    apply_changes,
    forwarding_line,
    parse_draft,
    parse_file_role,
)
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Status


class RegisterService:
    def __init__(self, repo: RegisterRepository, files: FileStore, clock: Clock, actor: str) -> None:
        self.repo = repo
        self.files = files
        self.clock = clock
        self.actor = actor
        # Called with ("forwarded", registration id) once a receiving unit is recorded; the
        # exchange tells an electronic document's sender (status 04).
        self.listeners: list[Callable[[str, int], object]] = []

    def books(self) -> list[Book]:
        """The incoming books (the outgoing register has its own, in services/outgoing)."""
        return [b for b in self.repo.books() if b.direction == "incoming"]

    def prepare(self, data: Mapping[str, Any]) -> IncomingDraft:
        """Validate input (extractor-style keys); raises ValidationError naming the field."""
        draft = parse_draft(data, now=self.clock.now())
        resolve_book(draft.book, draft.confidentiality, self.repo.books())
        return draft

    def duplicates(self, draft: IncomingDraft) -> list[Registration]:
        """Registrations of the same year with the same document identifier, or the same
        number + notation + issuing body (SPEC §3)."""
        return self.repo.find_duplicates(draft.year, draft.document_id, draft.duplicate_key)

    def register(
        self,
        data: Mapping[str, Any] | IncomingDraft,
        files: Sequence[Path] = (),
        *,
        confirm_duplicate: bool = False,
        uid: str | None = None,
        stored: Sequence[FileRef] = (),
    ) -> Registration:
        """Number and store a registration. Raises DuplicateError unless the clerk confirmed.

        With a `uid` (a paper intake's work-in-progress id) registering is idempotent: a second
        call returns the registration the first one made, so a resumed intake never takes a
        second arrival number. `stored`: files already in the content store (an edXML package's
        decoded attachments), attached after `files` without being copied again."""
        if uid is not None:
            done = self.repo.find_by_uid(uid)
            if done is not None:
                return done
        draft = data if isinstance(data, IncomingDraft) else self.prepare(data)
        book = resolve_book(draft.book, draft.confidentiality, self.repo.books())
        if not confirm_duplicate:
            found = self.duplicates(draft)
            if found:
                raise DuplicateError(found)
        refs = [self.files.put(Path(p)) for p in files] + list(stored)
        # Registered with its receiving unit: it is forwarded now, which field 17 records (the
        # printed book's column (8) "Ngày chuyển"), unless the instruction already says so.
        forwarded = "" if draft.instruction.startswith(FORWARD_PREFIX) else forwarding_line("", draft.to_places)
        return self.repo.register(
            draft, book, actor=self.actor, now=self.clock.now(), files=refs, uid=uid, forwarded=forwarded
        )

    def update(
        self, registration_id: int, changes: Mapping[str, Any], *, forwarding: str | None = None
    ) -> Registration:
        """Edit an entry (open period). Setting or changing its receiving unit records "Chuyển
        <unit>" in field 17 with the change (column (8) of the book); `forwarding` is the line
        to record instead (the intake wizard's "Chuyển <unit>: <instruction>")."""
        current = self.repo.get(registration_id)
        draft = apply_changes(current.draft, changes, now=self.clock.now())
        line = forwarding_line(current.draft.to_places, draft.to_places)
        if line and forwarding is not None:
            line = forwarding
        updated = self.repo.update(registration_id, draft, actor=self.actor, now=self.clock.now(), forwarded=line)
        if draft.to_places and draft.to_places != current.draft.to_places:
            for listener in self.listeners:
                listener("forwarded", registration_id)
        return updated

    def closure_of(self, registration_id: int) -> tuple[Registration, Closure | None]:
        """A registration with the closed period it belongs to (None while its period is open):
        the window offers an edit with audit in an open period, a dated correction after."""
        reg = self.repo.get(registration_id)
        return reg, closure_covering(self.repo.closures(reg.book), reg.book, to_vn(reg.draft.received_at))

    def void(self, registration_id: int, reason: str) -> Registration:
        """Void a registration made by mistake: the number stays in the book marked "Hủy"."""
        return self.repo.void(registration_id, reason.strip(), actor=self.actor, now=self.clock.now())

    def add_trace(self, registration_id: int, entry: str) -> Registration:
        """Append to field 17: an instruction or a processing status."""
        return self.repo.add_trace(registration_id, entry.strip(), actor=self.actor, now=self.clock.now())

    def attach(self, registration_id: int, path: Path, role: str) -> Registration:
        """Attach a file to an existing entry: the stamped (ĐẾN) or signed copy the clerk made, which
        the window then shows and prints (the original stays), or another original. The file is
        checked and stored like a registration's, the entry read first so a wrong id or a voided
        entry stores nothing; audit and sync with the change (repository.attach_file)."""
        role = parse_file_role(role) if role not in FILE_ROLES else role
        current = self.repo.get(registration_id)
        if current.status is Status.VOIDED:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Số đến {number} đã bị hủy, không gắn thêm tệp được."),
                number=current.arrival_number,
            )
        ref = replace(self.files.put(Path(path)), role=role)
        return self.repo.attach_file(registration_id, ref, actor=self.actor, now=self.clock.now())

    def correct(self, registration_id: int, changes: Mapping[str, Any]) -> Registration:
        """A correction of an entry in a closed period: a new entry dated today that refers to it."""
        original = self.repo.get(registration_id)
        now = self.clock.now()
        corrected = apply_changes(original.draft, changes, now=now)
        note = (
            f"Đính chính số đến {number_label(original.arrival_number)} "
            f"ngày {format_date_vn(original.draft.received_at.date())}"
        )
        full_note = note + ("; " + corrected.note if corrected.note else "")
        draft = replace(corrected, received_at=now, note=full_note[:500])
        book = resolve_book(original.book, draft.confidentiality, self.repo.books())
        return self.repo.register(
            draft, book, actor=self.actor, now=now, files=original.files, correction_of=registration_id
        )

    def suggestions(self, field: str, directory: Sequence[str] = ()) -> list[str]:
        """What to offer while the clerk types `field`: the register's own values, most used
        first, then the organization directory's names not used yet (issuer completion)."""
        out = self.repo.frequent_values(field)
        seen = set(out)
        for name in directory:
            if name not in seen:
                seen.add(name)
                out.append(name)
        return out

    def get(self, registration_id: int) -> Registration:
        return self.repo.get(registration_id)

    def get_many(self, ids: Sequence[int]) -> list[Registration]:
        return self.repo.get_many(ids)

    def search(self, query: SearchQuery) -> list[int]:
        return self.repo.search_ids(query)
