"""The register on SQLite: numbering, registrations, closures, the audit chain, search.

Each changing method is one write transaction (BEGIN IMMEDIATE) that also appends its audit
event, so a registration, its number and its audit event exist together or not at all.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text

from qlvb_desktop.adapters.db import sync_journal
from qlvb_desktop.adapters.db.database import integrity_problems, read, write
from qlvb_desktop.domain import audit
from qlvb_desktop.domain.books import Book, Closure, check_open, is_waiting
from qlvb_desktop.domain.clock import iso, to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, NotFoundError, StorageCorrupt, UserError, ValidationError
from qlvb_desktop.domain.registration import (
    FileRef,
    IncomingDraft,
    Registration,
    TraceEntry,
    draft_to_input,
    with_attached,
)
from qlvb_desktop.domain.search import SearchQuery, indexed_text, query_tokens
from qlvb_desktop.domain.text import identity_key
from qlvb_desktop.domain.vocab import Channel, Confidentiality, Status, Urgency

CTX = "Errors"
log = logging.getLogger(__name__)

# Sort keys the register view may ask for, and their SQL. The id breaks ties so the order is total.
ORDERS: dict[str, str] = {
    "id": "r.id",
    "received_at": "r.received_at",
    "arrival_number": "r.year, r.arrival_number",
    "issuer": "r.issuer",
    "number": "r.code_notation, r.code_number",
    "issued_date": "r.issued_date",
    "subject": "r.subject",
    "to_places": "r.to_places",
    "due_date": "r.due_date",
    "priority": "r.priority",
    "status": "r.status",
}

_DRAFT_COLUMNS = (
    "issuer", "issuer_parent", "code_number", "code_notation", "place", "doc_type", "subject",
    "language", "page_count", "note", "signer_title", "signer_name", "signer_authority",
    "to_places", "document_id", "file_organ_id", "file_catalog", "file_notation", "doc_ordinal",
)


def _draft_row(draft: IncomingDraft, arrival_number: int) -> dict[str, Any]:
    row: dict[str, Any] = {c: getattr(draft, c) for c in _DRAFT_COLUMNS}
    received = to_vn(draft.received_at)
    row.update(
        received_at=received.isoformat(),
        received_date=received.date().isoformat(),
        channel=draft.channel.value,
        issued_date=draft.issued_date.isoformat() if draft.issued_date else None,
        due_date=draft.due_date.isoformat() if draft.due_date else None,
        urgency=draft.urgency.value,
        priority=draft.urgency.priority,
        confidentiality=draft.confidentiality.value,
        duplicate_key=draft.duplicate_key,
        document_id_key=identity_key(draft.document_id),
        search_text=indexed_text(draft, arrival_number),
    )
    return row


def insert_files(conn: Connection, registration_id: int, files: Iterable[FileRef]) -> None:
    """An entry's file rows, in order (the caller removed the old ones)."""
    for position, f in enumerate(files):
        conn.execute(
            text(
                "INSERT INTO registration_files (registration_id, position, sha256, name, size, role) "
                "VALUES (:rid, :pos, :sha, :name, :size, :role)"
            ),
            {"rid": registration_id, "pos": position, "sha": f.sha256, "name": f.name, "size": f.size,
             "role": f.role},
        )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _to_registration(
    row: Any, files: tuple[FileRef, ...] = (), trace: tuple[TraceEntry, ...] = ()
) -> Registration:
    m = row._mapping
    draft = IncomingDraft(
        **{c: m[c] for c in _DRAFT_COLUMNS},
        received_at=datetime.fromisoformat(m["received_at"]),
        issued_date=_date(m["issued_date"]),
        due_date=_date(m["due_date"]),
        urgency=Urgency(m["urgency"]),
        confidentiality=Confidentiality(m["confidentiality"]),
        channel=Channel(m["channel"]),
        book=m["book"],
    )
    return Registration(
        id=m["id"],
        book=m["book"],
        year=m["year"],
        arrival_number=m["arrival_number"],
        draft=draft,
        status=Status(m["status"]),
        created_at=datetime.fromisoformat(m["created_at"]),
        created_by=m["created_by"],
        void_reason=m["void_reason"],
        voided_at=datetime.fromisoformat(m["voided_at"]) if m["voided_at"] else None,
        voided_by=m["voided_by"],
        correction_of=m["correction_of"],
        files=files,
        trace=trace,
    )


class SqliteRegister:
    """Implements `domain.ports.RegisterRepository` on one SQLite file."""

    # Set when a server is configured: numbers then come from the leased pool and every change
    # is also written to the outbox (sync_journal), in the same transaction as the change.
    synced: bool = False

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.path = Path(engine.url.database or "")
        self._books: list[Book] | None = None  # books change only through ensure_books

    # --- books ---------------------------------------------------------------------------

    def ensure_books(self, books: Iterable[Book]) -> None:
        """Add the books that are missing. Only reads when all exist (every start of every
        command calls this: it must not wait for, or hold, the write lock)."""
        self._books = None
        wanted = list(books)
        with read(self.engine) as conn:
            have = {r[0] for r in conn.execute(text("SELECT code FROM books")).all()}
        missing = [b for b in wanted if b.code not in have]
        if not missing:
            return
        with write(self.engine) as conn:
            for b in missing:
                conn.execute(
                    text(
                        "INSERT OR IGNORE INTO books (code, name, secret, direction) "
                        "VALUES (:code, :name, :secret, :direction)"
                    ),
                    {"code": b.code, "name": b.name, "secret": int(b.secret), "direction": b.direction},
                )

    def books(self) -> list[Book]:
        if self._books is None:
            with read(self.engine) as conn:
                rows = conn.execute(text("SELECT code, name, secret, direction FROM books ORDER BY rowid")).all()
            self._books = [Book(r.code, r.name, bool(r.secret), r.direction) for r in rows]
        return list(self._books)

    # --- registering -----------------------------------------------------------------------

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
    ) -> Registration:
        """`forwarded`: a line for field 17 saying where the document went ("Chuyển …"), written
        after the instruction in the same transaction (with its own sync operation)."""
        year = draft.year
        with write(self.engine) as conn:
            closures = self._closures(conn, book.code)
            if self.synced:
                next_number = sync_journal.take_number(conn, book.code, year)
            else:
                next_number = conn.execute(
                    text(
                        "SELECT COALESCE(MAX(arrival_number), 0) + 1 FROM registrations "
                        "WHERE book = :book AND year = :year"
                    ),
                    {"book": book.code, "year": year},
                ).scalar_one()
            check_open(closures, book.code, to_vn(draft.received_at), next_number)
            row = _draft_row(draft, next_number)
            row.update(
                book=book.code,
                year=year,
                arrival_number=next_number,
                status=Status.REGISTERED.value,
                created_at=iso(now),
                created_by=actor,
                correction_of=correction_of,
                uid=uid or uuid.uuid4().hex,
            )
            columns = ", ".join(row)
            params = ", ".join(f":{k}" for k in row)
            rid = conn.execute(
                text(f"INSERT INTO registrations ({columns}) VALUES ({params}) RETURNING id"), row
            ).scalar_one()
            insert_files(conn, rid, files)
            if draft.instruction:
                self._insert_trace(conn, rid, draft.instruction, actor, now)
            registration = self._load(conn, rid)
            self._append_audit(conn, rid, "register", None, registration.to_json(), actor, now)
            if self.synced:
                sync_journal.enqueue(conn, "register", row["uid"], {
                    "book": book.code,
                    "arrival_number": None if is_waiting(next_number) else next_number,
                    "fields": {**draft_to_input(draft), "book": book.code},
                    "files": [f.to_json() for f in files],
                    "actor": actor,
                }, draft.received_at)
            if forwarded:
                registration = self._trace_in(conn, registration, forwarded, actor, now)
        return registration

    def find_by_uid(self, uid: str) -> Registration | None:
        """The registration made with this uid (an intake's work-in-progress id), if any."""
        with read(self.engine) as conn:
            rid = conn.execute(text("SELECT id FROM registrations WHERE uid = :uid"), {"uid": uid}).scalar()
            return None if rid is None else self._load(conn, int(rid))

    def find_duplicates(self, year: int, document_id: str, duplicate_key: str) -> list[Registration]:
        doc_key = identity_key(document_id)
        if not doc_key and not duplicate_key:
            return []
        with read(self.engine) as conn:
            rows = conn.execute(
                text(
                    "SELECT * FROM registrations WHERE year = :year AND status != 'voided' AND ("
                    "(:doc_key != '' AND document_id_key = :doc_key) OR "
                    "(:dup_key != '' AND duplicate_key = :dup_key)) ORDER BY id"
                ),
                {"year": year, "doc_key": doc_key, "dup_key": duplicate_key},
            ).all()
        return [_to_registration(r) for r in rows]

    # --- reading ---------------------------------------------------------------------------

    def get(self, registration_id: int) -> Registration:
        with read(self.engine) as conn:
            return self._load(conn, registration_id)

    def get_many(self, ids: Sequence[int]) -> list[Registration]:
        """Registrations with these ids, in the order given (missing ids are left out)."""
        if not ids:
            return []
        found: dict[int, Registration] = {}
        with read(self.engine) as conn:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ", ".join(str(int(i)) for i in chunk)
                rows = conn.execute(text(f"SELECT * FROM registrations WHERE id IN ({marks})")).all()
                files = self._files(conn, marks)
                trace = self._trace(conn, marks)
                for r in rows:
                    found[r.id] = _to_registration(r, files.get(r.id, ()), trace.get(r.id, ()))
        return [found[i] for i in ids if i in found]

    def _files(self, conn: Connection, id_list: str) -> dict[int, tuple[FileRef, ...]]:
        out: dict[int, list[FileRef]] = {}
        for f in conn.execute(
            text(
                f"SELECT registration_id, sha256, name, size, role FROM registration_files "
                f"WHERE registration_id IN ({id_list}) ORDER BY registration_id, position"
            )
        ):
            out.setdefault(f.registration_id, []).append(FileRef(f.sha256, f.name, f.size, f.role))
        return {k: tuple(v) for k, v in out.items()}

    def _trace(self, conn: Connection, id_list: str) -> dict[int, tuple[TraceEntry, ...]]:
        out: dict[int, list[TraceEntry]] = {}
        for t in conn.execute(
            text(
                f"SELECT registration_id, at, actor, text FROM trace_entries "
                f"WHERE registration_id IN ({id_list}) ORDER BY id"
            )
        ):
            out.setdefault(t.registration_id, []).append(TraceEntry(datetime.fromisoformat(t.at), t.actor, t.text))
        return {k: tuple(v) for k, v in out.items()}

    def _load(self, conn: Connection, registration_id: int) -> Registration:
        row = conn.execute(text("SELECT * FROM registrations WHERE id = :id"), {"id": registration_id}).first()
        if row is None:
            raise NotFoundError(
                QT_TRANSLATE_NOOP(CTX, "Không tìm thấy văn bản có mã {id}."), id=registration_id
            )
        id_list = str(int(registration_id))
        files = self._files(conn, id_list).get(registration_id, ())
        return _to_registration(row, files, self._trace(conn, id_list).get(registration_id, ()))

    # --- changing --------------------------------------------------------------------------

    def _editable(self, conn: Connection, registration_id: int) -> Registration:
        current = self._load(conn, registration_id)
        if current.status is Status.VOIDED:
            raise UserError(
                QT_TRANSLATE_NOOP(CTX, "Số đến {number} đã bị hủy, không sửa được."),
                number=current.arrival_number,
            )
        check_open(
            self._closures(conn, current.book), current.book, to_vn(current.draft.received_at),
            current.arrival_number,
        )
        return current

    def update(
        self, registration_id: int, draft: IncomingDraft, *, actor: str, now: datetime, forwarded: str = ""
    ) -> Registration:
        """`forwarded`: as in `register`, a "Chuyển …" line added with the change."""
        with write(self.engine) as conn:
            before = self._editable(conn, registration_id)
            row = _draft_row(draft, before.arrival_number)
            for fixed in ("received_at", "received_date", "confidentiality"):
                row.pop(fixed)
            assignments = ", ".join(f"{k} = :{k}" for k in row)
            conn.execute(text(f"UPDATE registrations SET {assignments} WHERE id = :id"), {**row, "id": registration_id})
            after = self._load(conn, registration_id)
            self._append_audit(conn, registration_id, "update", before.to_json(), after.to_json(), actor, now)
            if self.synced:
                changed = sync_journal.changed_fields(before.draft, after.draft)
                if changed:
                    sync_journal.enqueue(conn, "update", sync_journal.uid_of(conn, registration_id),
                                         {"changes": changed, "actor": actor}, now)
            if forwarded:
                after = self._trace_in(conn, after, forwarded, actor, now)
        return after

    def void(self, registration_id: int, reason: str, *, actor: str, now: datetime) -> Registration:
        if not reason.strip():
            raise ValidationError("reason", QT_TRANSLATE_NOOP(CTX, "Phải ghi lý do hủy số đến."))
        with write(self.engine) as conn:
            before = self._editable(conn, registration_id)
            conn.execute(
                text(
                    "UPDATE registrations SET status = 'voided', void_reason = :reason, voided_at = :at, "
                    "voided_by = :actor WHERE id = :id"
                ),
                {"reason": reason, "at": iso(now), "actor": actor, "id": registration_id},
            )
            after = self._load(conn, registration_id)
            self._append_audit(conn, registration_id, "void", before.to_json(), after.to_json(), actor, now)
            if self.synced:
                sync_journal.enqueue(conn, "void", sync_journal.uid_of(conn, registration_id),
                                     {"reason": reason, "actor": actor}, now)
        return after

    def add_trace(self, registration_id: int, entry: str, *, actor: str, now: datetime) -> Registration:
        with write(self.engine) as conn:
            return self._trace_in(conn, self._load(conn, registration_id), entry, actor, now)

    def _trace_in(self, conn: Connection, before: Registration, entry: str, actor: str, now: datetime) -> Registration:
        """A line of field 17 inside the caller's transaction, with its audit event and sync op."""
        self._insert_trace(conn, before.id, entry, actor, now)
        after = self._load(conn, before.id)
        self._append_audit(conn, before.id, "trace", before.to_json(), after.to_json(), actor, now)
        if self.synced:
            sync_journal.enqueue(conn, "trace", sync_journal.uid_of(conn, before.id),
                                 {"text": entry, "actor": actor}, now)
        return after

    def attach_file(self, registration_id: int, ref: FileRef, *, actor: str, now: datetime) -> Registration:
        """Attach a stored file to an entry (a stamped or signed copy replaces the previous one of
        its role), with its audit event and, on a synced station, an `attach` operation whose file
        is uploaded like a registration's. Attaching the same file again changes nothing."""
        with write(self.engine) as conn:
            before = self._load(conn, registration_id)
            if before.status is Status.VOIDED:
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Số đến {number} đã bị hủy, không gắn thêm tệp được."),
                    number=before.arrival_number,
                )
            files = with_attached(before.files, ref)
            if files is None:
                return before
            conn.execute(text("DELETE FROM registration_files WHERE registration_id = :id"), {"id": registration_id})
            insert_files(conn, registration_id, files)
            after = self._load(conn, registration_id)
            self._append_audit(conn, registration_id, "attach", before.to_json(), after.to_json(), actor, now)
            if self.synced:
                sync_journal.enqueue(conn, "attach", sync_journal.uid_of(conn, registration_id),
                                     {"files": [ref.to_json()], "actor": actor}, now)
        return after

    @staticmethod
    def _insert_trace(conn: Connection, registration_id: int, entry: str, actor: str, now: datetime) -> None:
        conn.execute(
            text("INSERT INTO trace_entries (registration_id, at, actor, text) VALUES (:rid, :at, :actor, :text)"),
            {"rid": registration_id, "at": iso(now), "actor": actor, "text": entry},
        )

    # --- search ----------------------------------------------------------------------------

    def search_ids(self, query: SearchQuery) -> list[int]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if query.year is not None:
            where.append("r.year = :year")
            params["year"] = query.year
        if query.book:
            where.append("r.book = :book")
            params["book"] = query.book
        if query.date_from:
            where.append("r.received_date >= :dfrom")
            params["dfrom"] = query.date_from.isoformat()
        if query.date_to:
            where.append("r.received_date <= :dto")
            params["dto"] = query.date_to.isoformat()
        if query.urgency is not None:
            where.append("r.urgency = :urgency")
            params["urgency"] = query.urgency.value
        if query.urgent_only:
            where.append("r.priority > 0")
        if query.status is not None:
            where.append("r.status = :status")
            params["status"] = query.status.value
        direction = "DESC" if query.descending else "ASC"
        order_sql = ", ".join(f"{part} {direction}" for part in ORDERS[query.order_by].split(", "))
        if query.order_by != "id":
            order_sql += f", r.id {direction}"
        limit = f" LIMIT {int(query.limit)}" if query.limit else ""
        tokens = query_tokens(query.text)
        if tokens and (query.order_by, query.descending) == ("id", True):
            order_sql = "f.rowid DESC"  # FTS5 walks its rowids backwards natively: no sort step
        if tokens:
            params["match"] = _match_expression(tokens)
            sql = (
                "SELECT r.id FROM registration_fts f JOIN registrations r ON r.id = f.rowid "
                "WHERE registration_fts MATCH :match"
                + "".join(f" AND {w}" for w in where)
                + f" ORDER BY {order_sql}"
                + limit
            )
        else:
            sql = (
                "SELECT r.id FROM registrations r"
                + (" WHERE " + " AND ".join(where) if where else "")
                + f" ORDER BY {order_sql}"
                + limit
            )
        with read(self.engine) as conn:
            return list(conn.execute(text(sql), params).scalars())

    # --- printed book and closing ---------------------------------------------------------

    def book_entries(self, book: str, year: int, date_from: date | None, date_to: date | None) -> list[Registration]:
        # Entries still waiting for a number from the server (WaitingForNumber) are not in the book yet.
        sql = "SELECT * FROM registrations WHERE book = :book AND year = :year AND arrival_number > 0"
        params: dict[str, Any] = {"book": book, "year": year}
        if date_from:
            sql += " AND received_date >= :dfrom"
            params["dfrom"] = date_from.isoformat()
        if date_to:
            sql += " AND received_date <= :dto"
            params["dto"] = date_to.isoformat()
        sql += " ORDER BY arrival_number"
        with read(self.engine) as conn:
            rows = conn.execute(text(sql), params).all()
            trace: dict[int, list[TraceEntry]] = {}
            for t in conn.execute(
                text(
                    "SELECT t.registration_id, t.at, t.actor, t.text FROM trace_entries t "
                    "JOIN registrations r ON r.id = t.registration_id "
                    "WHERE r.book = :book AND r.year = :year ORDER BY t.id"
                ),
                {"book": book, "year": year},
            ):
                entry = TraceEntry(datetime.fromisoformat(t.at), t.actor, t.text)
                trace.setdefault(t.registration_id, []).append(entry)
        return [_to_registration(r, (), tuple(trace.get(r.id, ()))) for r in rows]

    def close_period(self, book: str, year: int, through: date, *, actor: str, now: datetime) -> Closure:
        closure = Closure(book, year, through, now, actor)
        with write(self.engine) as conn:
            conn.execute(
                text(
                    "INSERT OR IGNORE INTO closures (book, year, through, closed_at, closed_by) "
                    "VALUES (:book, :year, :through, :at, :actor)"
                ),
                {"book": book, "year": year, "through": through.isoformat(), "at": iso(now), "actor": actor},
            )
            self._append_audit(
                conn, 0, "close", None, {"book": book, "year": year, "through": through.isoformat()}, actor, now
            )
        return closure

    def closures(self, book: str | None = None) -> list[Closure]:
        with read(self.engine) as conn:
            return self._closures(conn, book)

    @staticmethod
    def _closures(conn: Connection, book: str | None) -> list[Closure]:
        sql = "SELECT book, year, through, closed_at, closed_by FROM closures"
        sql += (" WHERE book = :book" if book else "") + " ORDER BY year, through"
        rows = conn.execute(text(sql), {"book": book}).all()
        return [
            Closure(r.book, r.year, date.fromisoformat(r.through), datetime.fromisoformat(r.closed_at), r.closed_by)
            for r in rows
        ]

    # --- audit -----------------------------------------------------------------------------

    @staticmethod
    def _append_audit(
        conn: Connection,
        registration_id: int,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        actor: str,
        now: datetime,
    ) -> None:
        last = conn.execute(text("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")).first()
        seq, prev = (last.seq + 1, last.hash) if last else (1, audit.GENESIS)
        event = audit.AuditEvent(seq, registration_id, iso(now), actor, action, before, after, prev, "")
        digest = audit.event_hash(prev, event.body())
        conn.execute(
            text(
                "INSERT INTO audit_events (seq, registration_id, at, actor, action, before_json, after_json, "
                "prev_hash, hash) VALUES (:seq, :rid, :at, :actor, :action, :before, :after, :prev, :hash)"
            ),
            {
                "seq": seq,
                "rid": registration_id,
                "at": event.at,
                "actor": actor,
                "action": action,
                "before": audit.canonical(before) if before is not None else None,
                "after": audit.canonical(after) if after is not None else None,
                "prev": prev,
                "hash": digest,
            },
        )

    # Fields whose past values the window offers as the clerk types (issuer, "Chuyển" unit...).
    HISTORY_FIELDS = frozenset({"issuer", "issuer_parent", "to_places", "signer_title", "place"})

    def frequent_values(self, field: str, limit: int = 500) -> list[str]:
        """The values a field took in the register, most used first (then the latest)."""
        if field not in self.HISTORY_FIELDS:
            raise ValueError(field)
        sql = (
            f"SELECT {field} AS v FROM registrations WHERE {field} != '' "
            f"GROUP BY {field} ORDER BY COUNT(*) DESC, MAX(id) DESC LIMIT :limit"
        )
        with read(self.engine) as conn:
            return [str(r.v) for r in conn.execute(text(sql), {"limit": limit})]

    def check_integrity(self) -> None:
        """SQLite's own page and index check; a damaged file is StorageCorrupt, whose sentence
        says how to restore it (the audit chain cannot be trusted on a damaged file)."""
        problems = integrity_problems(self.engine, self.path)
        if problems:
            log.info("integrity check of %s: %s", self.path, "; ".join(problems[:20]))
            raise StorageCorrupt(str(self.path))

    def audit_events(self) -> list[audit.AuditEvent]:
        with read(self.engine) as conn:
            rows = conn.execute(text("SELECT * FROM audit_events ORDER BY seq")).all()
        return [
            audit.AuditEvent(
                r.seq,
                r.registration_id,
                r.at,
                r.actor,
                r.action,
                json.loads(r.before_json) if r.before_json is not None else None,
                json.loads(r.after_json) if r.after_json is not None else None,
                r.prev_hash,
                r.hash,
            )
            for r in rows
        ]

    def all_registrations_json(self) -> dict[int, dict[str, object]]:
        with read(self.engine) as conn:
            ids = list(conn.execute(text("SELECT id FROM registrations ORDER BY id")).scalars())
        out: dict[int, dict[str, object]] = {}
        for start in range(0, len(ids), 5000):
            out.update((r.id, r.to_json()) for r in self.get_many(ids[start : start + 5000]))
        return out


def _match_expression(tokens: list[str]) -> str:
    """FTS5 query: every word must appear. Words the clerk has finished typing match exactly;
    the last one may still be being typed and matches as a prefix ("quyet" finds "quyết")."""
    *done, last = tokens
    return " ".join([*(f'"{tok}"' for tok in done), f'"{last}"*'])
