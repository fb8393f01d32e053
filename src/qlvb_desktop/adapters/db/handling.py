"""Handling marks and the rows the deadline views need, on the register's SQLite file.

Marking a document handled is one write transaction with its line in field 17 (the processing
log), its audit event and, on a synced station, the trace operation for the server, exactly like
any other log line (`SqliteRegister.add_trace`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import text

from qlvb_desktop.adapters.db import sync_journal
from qlvb_desktop.adapters.db.database import read, write
from qlvb_desktop.adapters.db.repository import SqliteRegister
from qlvb_desktop.domain.clock import iso
from qlvb_desktop.domain.daily import Handling, OpenItem
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.domain.vocab import Status

CTX = "Errors"
HANDLED_TEXT = "Đã giải quyết xong"


class SqliteHandling:
    def __init__(self, repo: SqliteRegister) -> None:
        self.repo = repo
        self.engine = repo.engine

    def open_items(self) -> list[OpenItem]:
        """Every registered (not voided) registration not marked handled."""
        sql = text(
            "SELECT r.id, r.received_at, r.due_date, r.priority FROM registrations r "
            "WHERE r.status = 'registered' AND r.arrival_number > 0 "
            "AND NOT EXISTS (SELECT 1 FROM handling h WHERE h.registration_id = r.id)"
        )
        with read(self.engine) as conn:
            rows = conn.execute(sql).all()
        parse_dt, parse_d = datetime.fromisoformat, date.fromisoformat
        return [OpenItem(r[0], parse_dt(r[1]), parse_d(r[2]) if r[2] else None, r[3]) for r in rows]

    def handling_of(self, ids: Sequence[int]) -> dict[int, Handling]:
        if not ids:
            return {}
        id_list = ",".join(str(int(i)) for i in ids)
        with read(self.engine) as conn:
            rows = conn.execute(
                text(f"SELECT * FROM handling WHERE registration_id IN ({id_list})")
            ).all()
        return {
            r.registration_id: Handling(r.registration_id, datetime.fromisoformat(r.handled_at), r.handled_by, r.note)
            for r in rows
        }

    def handled_ids(self, date_from: date | None = None, date_to: date | None = None) -> list[int]:
        where, params = [], {}
        if date_from:
            where.append("substr(handled_at, 1, 10) >= :dfrom")
            params["dfrom"] = date_from.isoformat()
        if date_to:
            where.append("substr(handled_at, 1, 10) <= :dto")
            params["dto"] = date_to.isoformat()
        sql = "SELECT registration_id FROM handling" + (" WHERE " + " AND ".join(where) if where else "")
        with read(self.engine) as conn:
            return list(conn.execute(text(sql + " ORDER BY handled_at DESC"), params).scalars())

    def mark_handled(self, registration_id: int, note: str, *, actor: str, now: datetime) -> Registration:
        repo = self.repo
        with write(self.engine) as conn:
            before = repo._load(conn, registration_id)
            if before.status is Status.VOIDED:
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Số đến {number}/{year} đã hủy, không đánh dấu giải quyết được."),
                    number=before.arrival_number,
                    year=before.year,
                )
            done = conn.execute(
                text("SELECT handled_at FROM handling WHERE registration_id = :rid"), {"rid": registration_id}
            ).first()
            if done is not None:
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Số đến {number}/{year} đã được đánh dấu giải quyết ngày {day}."),
                    number=before.arrival_number,
                    year=before.year,
                    day=datetime.fromisoformat(done[0]).strftime("%d/%m/%Y"),
                )
            conn.execute(
                text(
                    "INSERT INTO handling (registration_id, handled_at, handled_by, note) "
                    "VALUES (:rid, :at, :actor, :note)"
                ),
                {"rid": registration_id, "at": iso(now), "actor": actor, "note": note},
            )
            entry = f"{HANDLED_TEXT}: {note}" if note else f"{HANDLED_TEXT}."
            repo._insert_trace(conn, registration_id, entry, actor, now)
            after = repo._load(conn, registration_id)
            repo._append_audit(conn, registration_id, "trace", before.to_json(), after.to_json(), actor, now)
            if repo.synced:
                sync_journal.enqueue(
                    conn, "trace", sync_journal.uid_of(conn, registration_id), {"text": entry, "actor": actor}, now
                )
        return after
