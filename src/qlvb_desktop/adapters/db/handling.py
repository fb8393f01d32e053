"""Handling marks and the rows the deadline views need, on the register's SQLite file.

Marking a document handled is one write transaction with its line in field 17 (the processing
log), its audit event and, on a synced station, the trace operation for the server, exactly like
any other log line (`SqliteRegister.add_trace`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, time

from sqlalchemy import text

from qlvb_desktop.adapters.db import sync_journal
from qlvb_desktop.adapters.db.database import read, write
from qlvb_desktop.adapters.db.repository import SqliteRegister
from qlvb_desktop.domain.clock import VN_TZ, iso
from qlvb_desktop.domain.daily import DeadlineLists, DeadlineState, Handling, OpenItem
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.domain.vocab import Status

CTX = "Errors"
HANDLED_TEXT = "Đã giải quyết xong"
# A registration still to handle: registered (not voided), numbered, not marked handled.
OPEN = (
    "r.status = 'registered' AND r.arrival_number > 0 "
    "AND NOT EXISTS (SELECT 1 FROM handling h WHERE h.registration_id = r.id)"
)


def _moment(text_value: str) -> datetime:
    """Stored times are Vietnam time (+07:00): tag them with the one VN_TZ object, which the
    deadline arithmetic recognises without converting."""
    moment = datetime.fromisoformat(text_value)
    if text_value.endswith("+07:00"):
        return moment.replace(tzinfo=VN_TZ)
    return moment


class SqliteHandling:
    def __init__(self, repo: SqliteRegister) -> None:
        self.repo = repo
        self.engine = repo.engine

    def open_items(self) -> list[OpenItem]:
        """Every registered (not voided) registration not marked handled."""
        sql = f"SELECT r.id, r.received_at, r.due_date, r.priority FROM registrations r WHERE {OPEN}"
        with read(self.engine) as conn:
            # The driver's own cursor: SQLAlchemy's row objects cost more than the query here.
            rows = conn.exec_driver_sql(sql).cursor.fetchall()
        return [OpenItem(r[0], _moment(r[1]), date.fromisoformat(r[2]) if r[2] else None, r[3]) for r in rows]

    def deadline_lists(
        self, default_due: Callable[[date, bool], date], closing: time, today: date, soon_limit: date
    ) -> DeadlineLists:
        """Both deadline lists and the counts, computed by SQLite (the GUI's read pool runs this;
        SQLite works without the GIL, so the window keeps painting over 100,000 rows).

        Python only computes the default due date of each distinct arrival day (a few thousand
        at most, `default_due`), passed in as JSON; the ids come back as one string per list.
        """
        close = closing.strftime("%H:%M")
        after = "substr(r.received_at, 12, 5) >= :close"
        with read(self.engine) as conn:
            days = conn.exec_driver_sql(
                f"SELECT DISTINCT r.received_date, {after.replace(':close', '?')} FROM registrations r "
                f"WHERE {OPEN} AND r.due_date IS NULL",
                (close,),
            ).cursor.fetchall()
            table = json.dumps([[d, a, default_due(date.fromisoformat(d), bool(a)).isoformat()] for d, a in days])
            # A keyed table in the connection's private temp database (no write to the register).
            conn.exec_driver_sql(
                "CREATE TEMP TABLE IF NOT EXISTS arrival_due "
                "(day TEXT NOT NULL, after INTEGER NOT NULL, due TEXT NOT NULL, PRIMARY KEY (day, after))"
            )
            conn.exec_driver_sql("DELETE FROM temp.arrival_due")
            conn.exec_driver_sql(
                "INSERT INTO temp.arrival_due SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
                "json_extract(value, '$[2]') FROM json_each(?)",
                (table,),
            )
            rows = (
                "WITH o(id, priority, due) AS (SELECT r.id, r.priority, COALESCE(r.due_date, a.due) "
                "FROM registrations r "
                "LEFT JOIN temp.arrival_due a "
                f"ON r.due_date IS NULL AND a.day = r.received_date AND a.after = ({after}) "
                f"WHERE {OPEN}) "
            )
            params = {"close": close, "today": today.isoformat(), "limit": soon_limit.isoformat()}

            def ids(condition: str) -> list[int]:
                joined = conn.execute(
                    text(rows + f"SELECT group_concat(id) FROM (SELECT id FROM o WHERE {condition} "
                         "ORDER BY priority DESC, due, id)"),
                    params,
                ).scalar()
                return [int(x) for x in joined.split(",")] if joined else []

            overdue = ids("due < :today")
            soon = ids("due >= :today AND due <= :limit")
            total = int(conn.execute(text(f"SELECT count(*) FROM registrations r WHERE {OPEN}")).scalar() or 0)
        counts = {
            DeadlineState.ON_TIME: total - len(soon) - len(overdue),
            DeadlineState.DUE_SOON: len(soon),
            DeadlineState.OVERDUE: len(overdue),
        }
        return DeadlineLists(soon, overdue, counts)

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
