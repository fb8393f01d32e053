"""Ports: what the services need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from qlvb_desktop.domain.audit import AuditEvent
from qlvb_desktop.domain.books import Book, Closure
from qlvb_desktop.domain.registration import FileRef, IncomingDraft, Registration
from qlvb_desktop.domain.search import SearchQuery


class Clock(Protocol):
    def now(self) -> datetime: ...


class RegisterRepository(Protocol):
    """The register's storage. Every method that changes something is one transaction that
    also appends its audit event; numbering is serialized across processes."""

    def books(self) -> list[Book]: ...

    def register(
        self,
        draft: IncomingDraft,
        book: Book,
        *,
        actor: str,
        now: datetime,
        files: Sequence[FileRef] = (),
        correction_of: int | None = None,
        uid: str | None = None,
        forwarded: str = "",
    ) -> Registration: ...

    def find_by_uid(self, uid: str) -> Registration | None: ...

    def find_duplicates(self, year: int, document_id: str, duplicate_key: str) -> list[Registration]: ...

    def get(self, registration_id: int) -> Registration: ...

    def get_many(self, ids: Sequence[int]) -> list[Registration]: ...

    def update(
        self, registration_id: int, draft: IncomingDraft, *, actor: str, now: datetime, forwarded: str = ""
    ) -> Registration: ...

    def void(self, registration_id: int, reason: str, *, actor: str, now: datetime) -> Registration: ...

    def add_trace(self, registration_id: int, text: str, *, actor: str, now: datetime) -> Registration: ...

    def attach_file(self, registration_id: int, ref: FileRef, *, actor: str, now: datetime) -> Registration: ...

    def search_ids(self, query: SearchQuery) -> list[int]: ...

    def book_entries(
        self, book: str, year: int, date_from: date | None, date_to: date | None
    ) -> list[Registration]: ...

    def close_period(self, book: str, year: int, through: date, *, actor: str, now: datetime) -> Closure: ...

    def closures(self, book: str | None = None) -> list[Closure]: ...

    def frequent_values(self, field: str, limit: int = 500) -> list[str]: ...

    def check_integrity(self) -> None:
        """Raise StorageCorrupt when the storage itself is damaged (checked before the audit)."""
        ...

    def audit_events(self) -> list[AuditEvent]: ...

    def all_registrations_json(self) -> dict[int, dict[str, object]]: ...


class FileStore(Protocol):
    """Content-addressed storage of attached files (SHA-256)."""

    def put(self, source: Path, name: str | None = None, *, inspect: bool = True) -> FileRef: ...

    def adopt(self, source: Path, sha256: str, name: str) -> FileRef:
        """Move in a file this process wrote and hashed itself (no second copy or hash)."""
        ...

    def path_of(self, sha256: str) -> Path: ...
