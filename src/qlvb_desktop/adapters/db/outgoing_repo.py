"""The outgoing register and the refused electronic documents on SQLite.

Numbering (SPEC §8): `allocation()` opens a write transaction (BEGIN IMMEDIATE, so no other
writer on the database can take the same number), reads the next number, and keeps the
transaction open while the caller signs the document with that number written into it; the
entry is inserted and committed only after the signature succeeded. A signing that fails, a
cancel, or a process killed mid-signing rolls the transaction back: the number was never taken,
so the next document gets it and the series has no gap.

With a server (`synced`), the number is the lowest of the numbers this station leased for the
series (`outgoing_pool`, taken inside the same transaction), never one it counts itself: two
stations never issue the same number. With none left the clerk is told before signing
(`NoLeasedNumber`). Each issue, void, refusal and "sender told" is queued in the outbox in the
same transaction (`adapters/db/outgoing_sync.py`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from qlvb_desktop.adapters.db import outgoing_sync
from qlvb_desktop.adapters.db.database import read, write
from qlvb_desktop.adapters.db.repository import SqliteRegister
from qlvb_desktop.domain.clock import iso
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, NotFoundError, UserError, ValidationError
from qlvb_desktop.domain.outgoing import (
    OutgoingDraft,
    OutgoingEntry,
    OutgoingStatus,
    Refusal,
    number_text,
)
from qlvb_desktop.domain.registration import FileRef

CTX = "Errors"


def _entry(row: Any) -> OutgoingEntry:
    m = row._mapping
    draft = OutgoingDraft(
        book=m["book"],
        doc_type=m["doc_type"],
        subject=m["subject"],
        issued=date.fromisoformat(m["issued_date"]),
        notation=m["notation"],
        signer_name=m["signer_name"],
        signer_title=m["signer_title"],
        recipients=m["recipients"],
        archive_unit=m["archive_unit"],
        copies=m["copies"],
        normative=bool(m["normative"]),
    )
    return OutgoingEntry(
        id=m["id"],
        book=m["book"],
        year=m["year"],
        number=m["number"],
        draft=draft,
        file=FileRef(m["file_sha256"], m["file_name"], m["file_size"]),
        file_name=m["export_name"],
        export_path=m["export_path"],
        created_at=datetime.fromisoformat(m["created_at"]),
        created_by=m["created_by"],
        status=OutgoingStatus(m["status"]),
        void_reason=m["void_reason"],
        voided_at=datetime.fromisoformat(m["voided_at"]) if m["voided_at"] else None,
        voided_by=m["voided_by"],
    )


def _refusal(row: Any) -> Refusal:
    m = row._mapping
    return Refusal(
        id=m["id"],
        received_at=datetime.fromisoformat(m["received_at"]),
        file=FileRef(m["file_sha256"], m["file_name"], m["file_size"]),
        reason=m["reason"],
        verdict=m["verdict"],
        verification=m["verification"],
        sender=m["sender"],
        created_by=m["created_by"],
        told_at=datetime.fromisoformat(m["told_at"]) if m["told_at"] else None,
        told_by=m["told_by"],
    )


def _next_number(conn: Connection, book: str, year: int, series: str) -> int:
    return int(
        conn.execute(
            text(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM outgoing "
                "WHERE book = :book AND year = :year AND series = :series"
            ),
            {"book": book, "year": year, "series": series},
        ).scalar_one()
    )


class Allocation:
    """One outgoing number held inside an open write transaction until `commit` or `close`."""

    def __init__(self, repo: SqliteOutgoing, book: str, year: int, series: str = "") -> None:
        self.repo = repo
        self.book = book
        self.year = year
        self.series = series
        self.number: int | None = None
        self._conn: Connection | None = None
        self._tx: Any = None

    def open(self) -> int:
        """Takes the database's write lock and returns the number this document will get."""
        if self.number is not None:
            return self.number
        conn = self.repo.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
        try:
            self._tx = conn.begin()
            if self.repo.synced:
                self.number = outgoing_sync.take_leased(conn, self.book, self.series, self.year)
            else:
                self.number = _next_number(conn, self.book, self.year, self.series)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return self.number

    def commit(
        self, draft: OutgoingDraft, file: FileRef, export_name: str, *, actor: str, now: datetime
    ) -> OutgoingEntry:
        """Records the entry and releases the lock: from here on the number is taken."""
        if self._conn is None or self.number is None:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Chưa cấp số văn bản đi."))
        conn = self._conn
        row = {
            "uid": uuid.uuid4().hex,
            "book": self.book,
            "year": self.year,
            "series": self.series,
            "number": self.number,
            "notation": draft.notation,
            "number_text": number_text(self.number, draft.notation),
            "issued_date": draft.issued.isoformat(),
            "doc_type": draft.doc_type,
            "subject": draft.subject,
            "signer_name": draft.signer_name,
            "signer_title": draft.signer_title,
            "recipients": draft.recipients,
            "archive_unit": draft.archive_unit,
            "copies": draft.copies,
            "normative": int(draft.normative),
            "file_sha256": file.sha256,
            "file_name": file.name,
            "file_size": file.size,
            "export_name": export_name,
            "status": OutgoingStatus.ISSUED.value,
            "created_at": iso(now),
            "created_by": actor,
        }
        columns = ", ".join(row)
        params = ", ".join(f":{k}" for k in row)
        oid = conn.execute(text(f"INSERT INTO outgoing ({columns}) VALUES ({params}) RETURNING id"), row).scalar_one()
        entry = self.repo._load(conn, oid)
        SqliteRegister._append_audit(conn, 0, "outgoing_issue", None, entry.to_json(), actor, now)
        if self.repo.synced:
            outgoing_sync.enqueue_issue(conn, oid, now)
        self._tx.commit()
        self.close()
        return entry

    def close(self) -> None:
        """Rolls back unless committed: the number goes back to the series."""
        if self._conn is not None:
            try:
                if self._tx is not None and self._tx.is_active:
                    self._tx.rollback()
            finally:
                self._conn.close()
                self._conn = None
                self._tx = None


class SqliteOutgoing:
    def __init__(
        self, engine: Engine, *, synced: bool = False, synced_when: Callable[[], bool] | None = None
    ) -> None:
        self.engine = engine
        # A server owns the series (numbers come from the leased pool). `synced_when` is read at
        # each use: a login in the window's settings takes effect without a restart.
        self._synced = synced
        self._synced_when = synced_when

    @property
    def synced(self) -> bool:
        return self._synced_when() if self._synced_when is not None else self._synced

    @synced.setter
    def synced(self, value: bool) -> None:
        self._synced, self._synced_when = value, None

    # --- numbering ------------------------------------------------------------------------------

    def next_number(self, book: str, year: int, series: str = "") -> int:
        """The number the next document of this series would get now (a proposal, not a promise).
        With a server and no leased number left: `NoLeasedNumber` (the series is noted so the
        next sync leases numbers for it)."""
        if self.synced:
            with read(self.engine) as conn:
                number = outgoing_sync.lowest_leased(conn, book, series, year)
            if number is None:
                with write(self.engine) as conn:
                    outgoing_sync.want_series(conn, book, series)
                raise outgoing_sync.NoLeasedNumber(book, series)
            return number
        with read(self.engine) as conn:
            return _next_number(conn, book, year, series)

    def allocation(self, book: str, year: int, series: str = "") -> Allocation:
        return Allocation(self, book, year, series)

    # --- reading ------------------------------------------------------------------------------

    def _load(self, conn: Connection, entry_id: int) -> OutgoingEntry:
        row = conn.execute(text("SELECT * FROM outgoing WHERE id = :id"), {"id": entry_id}).first()
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP(CTX, "Không có văn bản đi mã {id}."), id=entry_id)
        return _entry(row)

    def get(self, entry_id: int) -> OutgoingEntry:
        with read(self.engine) as conn:
            return self._load(conn, entry_id)

    def entries(
        self, *, book: str | None = None, year: int | None = None, date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[OutgoingEntry]:
        sql = "SELECT * FROM outgoing WHERE 1 = 1"
        params: dict[str, Any] = {}
        if book:
            sql += " AND book = :book"
            params["book"] = book
        if year is not None:
            sql += " AND year = :year"
            params["year"] = year
        if date_from:
            sql += " AND issued_date >= :dfrom"
            params["dfrom"] = date_from.isoformat()
        if date_to:
            sql += " AND issued_date <= :dto"
            params["dto"] = date_to.isoformat()
        sql += " ORDER BY book, year, series, number"
        with read(self.engine) as conn:
            return [_entry(r) for r in conn.execute(text(sql), params)]

    # --- changing -----------------------------------------------------------------------------

    def set_export_path(self, entry_id: int, path: str) -> None:
        with write(self.engine) as conn:
            conn.execute(text("UPDATE outgoing SET export_path = :p WHERE id = :id"), {"p": path, "id": entry_id})

    def void(self, entry_id: int, reason: str, *, actor: str, now: datetime) -> OutgoingEntry:
        if not reason.strip():
            raise ValidationError("reason", QT_TRANSLATE_NOOP(CTX, "Phải ghi lý do hủy số văn bản đi."))
        with write(self.engine) as conn:
            before = self._load(conn, entry_id)
            if before.status is OutgoingStatus.VOIDED:
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Số {number} đã bị hủy từ trước."), number=before.number_text
                )
            conn.execute(
                text(
                    "UPDATE outgoing SET status = 'voided', void_reason = :reason, voided_at = :at, "
                    "voided_by = :actor WHERE id = :id"
                ),
                {"reason": reason.strip(), "at": iso(now), "actor": actor, "id": entry_id},
            )
            after = self._load(conn, entry_id)
            SqliteRegister._append_audit(conn, 0, "outgoing_void", before.to_json(), after.to_json(), actor, now)
            if self.synced:
                outgoing_sync.enqueue(conn, "outgoing.void", outgoing_sync.outgoing_uid(conn, entry_id), {
                    "record": {"reason": reason.strip(), "voided_at": iso(now), "voided_by": actor}}, now)
        return after

    # --- refused electronic documents ---------------------------------------------------------

    def add_refusal(
        self, file: FileRef, reason: str, verdict: str, verification: str, sender: str, *, actor: str, now: datetime
    ) -> Refusal:
        with write(self.engine) as conn:
            rid = conn.execute(
                text(
                    "INSERT INTO refusals (uid, received_at, file_sha256, file_name, file_size, reason, verdict, "
                    "verification, sender, created_by) VALUES (:uid, :at, :sha, :name, :size, :reason, :verdict, "
                    ":verification, :sender, :actor) RETURNING id"
                ),
                {
                    "uid": uuid.uuid4().hex, "at": iso(now), "sha": file.sha256, "name": file.name,
                    "size": file.size, "reason": reason,
                    "verdict": verdict, "verification": verification, "sender": sender, "actor": actor,
                },
            ).scalar_one()
            refusal = self._refusal(conn, rid)
            SqliteRegister._append_audit(conn, 0, "refuse", None, refusal.to_json(), actor, now)
            if self.synced:
                outgoing_sync.enqueue_refusal(conn, rid, now)
        return refusal

    @staticmethod
    def _refusal(conn: Connection, refusal_id: int) -> Refusal:
        row = conn.execute(text("SELECT * FROM refusals WHERE id = :id"), {"id": refusal_id}).first()
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP(CTX, "Không có văn bản bị từ chối mã {id}."), id=refusal_id)
        return _refusal(row)

    def refusals(self, *, untold_only: bool = False) -> list[Refusal]:
        sql = "SELECT * FROM refusals" + (" WHERE told_at IS NULL" if untold_only else "") + " ORDER BY id DESC"
        with read(self.engine) as conn:
            return [_refusal(r) for r in conn.execute(text(sql))]

    def mark_told(self, refusal_id: int, *, actor: str, now: datetime) -> Refusal:
        with write(self.engine) as conn:
            before = self._refusal(conn, refusal_id)
            conn.execute(
                text("UPDATE refusals SET told_at = :at, told_by = :actor WHERE id = :id AND told_at IS NULL"),
                {"at": iso(now), "actor": actor, "id": refusal_id},
            )
            after = self._refusal(conn, refusal_id)
            SqliteRegister._append_audit(conn, 0, "refusal_told", before.to_json(), after.to_json(), actor, now)
            if self.synced and before.told_at is None:
                outgoing_sync.enqueue(conn, "refusal.told", outgoing_sync.refusal_uid(conn, refusal_id), {
                    "record": {"told_at": iso(now), "told_by": actor}}, now)
        return after
