"""The station's side of sync on SQLite: the outbox, the pool of leased numbers, and applying
the server's decisions and pulled changes to the local register.

The module-level functions run inside the register's own write transactions (repository.py),
so a change and its outbox operation are committed together or not at all. Entries registered
offline with an empty pool get a negative placeholder number ("waiting for a number"): unique,
never printed, replaced by the server's number on the next sync.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from qlvb_desktop.adapters.db.database import read, write
from qlvb_desktop.domain.books import is_waiting, placeholder_number
from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_desktop.domain.registration import (
    FileRef,
    IncomingDraft,
    draft_to_input,
    parse_draft,
    parse_timestamp,
)
from qlvb_desktop.domain.search import indexed_text
from qlvb_desktop.domain.sync import Notice, OpResult, PendingOp, RejectedOp

SERVER_ACTOR = "máy chủ"
MAX_NOTICES = 1000  # the oldest seen-or-not notices beyond this are dropped from the list

# --- inside the register's transactions ----------------------------------------------------


def has_synced(engine: Engine) -> bool:
    """Whether this register has ever been part of a server's sync: an operation queued, a
    number leased or a sync state kept (app.build_core asks when the settings lost the server)."""
    with read(engine) as conn:
        return any(
            conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar_one()
            for table in ("outbox", "number_pool", "sync_state")
        )


def take_number(conn: Connection, book: str, year: int) -> int:
    """The lowest leased number of the book's year, or a `WaitingForNumber` placeholder when none
    is left (the registration gets its number at the next sync)."""
    number = conn.execute(
        text("SELECT MIN(number) FROM number_pool WHERE book = :book AND year = :year"),
        {"book": book, "year": year},
    ).scalar()
    if number is not None:
        conn.execute(
            text("DELETE FROM number_pool WHERE book = :book AND year = :year AND number = :n"),
            {"book": book, "year": year, "n": number},
        )
        return int(number)
    return _placeholder(conn, book, year)


def _placeholder(conn: Connection, book: str, year: int) -> int:
    low = conn.execute(
        text("SELECT MIN(arrival_number) FROM registrations WHERE book = :book AND year = :year"),
        {"book": book, "year": year},
    ).scalar()
    return placeholder_number(None if low is None else int(low)).placeholder


def enqueue(conn: Connection, kind: str, uid: str, payload: dict[str, Any], at: datetime) -> str:
    op_id = uuid.uuid4().hex
    conn.execute(
        text(
            "INSERT INTO outbox (op_id, kind, uid, payload, created_at) "
            "VALUES (:op, :kind, :uid, :payload, :at)"
        ),
        {
            "op": op_id,
            "kind": kind,
            "uid": uid,
            "payload": json.dumps(payload, ensure_ascii=False),
            "at": iso(at),
        },
    )
    return op_id


def uid_of(conn: Connection, registration_id: int) -> str:
    """The registration's shared id; one made before sync was set up gets one now."""
    uid = conn.execute(text("SELECT uid FROM registrations WHERE id = :id"), {"id": registration_id}).scalar()
    if uid is None:
        uid = uuid.uuid4().hex
        conn.execute(
            text("UPDATE registrations SET uid = :uid WHERE id = :id"), {"uid": uid, "id": registration_id}
        )
    return str(uid)


def changed_fields(before: IncomingDraft, after: IncomingDraft) -> dict[str, Any]:
    """The edited fields as input keys (number and notation travel together as `number`)."""
    old, new = draft_to_input(before), draft_to_input(after)
    out = {k: v for k, v in new.items() if old.get(k) != v and k not in ("code_number", "code_notation")}
    if (old["code_number"], old["code_notation"]) != (new["code_number"], new["code_notation"]):
        out["number"] = after.number
    out.pop("instruction", None)
    return out


# --- the sync service's port ---------------------------------------------------------------


class SqliteSyncJournal:
    """Implements `domain.sync.SyncJournal` on the station's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._adopted = False

    def _adopt_casefiles_once(self) -> None:
        """A station synced before case files were (migration 0013 marks it) queues its case
        files before its first push after the upgrade, once."""
        from qlvb_desktop.adapters.db.casefile_sync import adopt_local_casefiles

        with write(self.engine) as conn:
            if conn.execute(text("DELETE FROM sync_state WHERE key = 'casefiles_adopt'")).rowcount:
                adopt_local_casefiles(conn)
        self._adopted = True

    def pending(self, limit: int) -> list[PendingOp]:
        if not self._adopted:
            self._adopt_casefiles_once()
        with read(self.engine) as conn:
            rows = conn.execute(
                text("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT :n"), {"n": limit}
            ).all()
        return [PendingOp(r.seq, r.op_id, r.kind, r.uid, json.loads(r.payload), r.created_at) for r in rows]

    def record(self, results: list[OpResult]) -> list[tuple[str, int, int]]:
        """Store the server's answers; returns (uid, local number, server number) of every
        registration whose number the server set differently (a waiting one, or a renumbering)."""
        moved: list[tuple[str, int, int]] = []
        notices: list[Notice] = []
        with write(self.engine) as conn:
            # The numbers before this answer: settling one entry may move another out of the way
            # (to a placeholder) before its own decision is read.
            before: dict[str, int] = {}
            for r in results:
                if r.uid and r.uid not in before:
                    n = conn.execute(
                        text("SELECT arrival_number FROM registrations WHERE uid = :uid"), {"uid": r.uid}
                    ).scalar()
                    if n is not None:
                        before[r.uid] = int(n)
            for r in results:
                if r.status == "retry":
                    conn.execute(
                        text("UPDATE outbox SET attempts = attempts + 1, error = :e WHERE op_id = :op"),
                        {"op": r.op_id, "e": r.error},
                    )
                    continue
                state = "rejected" if r.status == "rejected" else "done"
                conn.execute(
                    text(
                        "UPDATE outbox SET state = :s, error = :e, attempts = attempts + 1 WHERE op_id = :op"
                    ),
                    {"s": state, "e": r.error, "op": r.op_id},
                )
                if r.arrival_number and r.uid:
                    local = conn.execute(
                        text("SELECT id, arrival_number, subject, status FROM registrations WHERE uid = :uid"),
                        {"uid": r.uid},
                    ).first()
                    if local is None:
                        continue
                    original = before.get(r.uid, int(local.arrival_number))
                    if local.arrival_number != r.arrival_number:
                        _set_number(conn, local.id, r.arrival_number)
                    if original != r.arrival_number:
                        moved.append((r.uid, original, r.arrival_number))
                    if r.status == "rejected":
                        # The server entered it voided (its number stays in the register).
                        _void_local(conn, local.id, f"Máy chủ từ chối: {r.error}")
                        kind = "voided"
                    elif original == r.arrival_number:
                        continue
                    else:
                        kind = "numbered" if is_waiting(original) else "renumbered"
                    notices.append(
                        Notice(
                            uid=r.uid,
                            kind=kind,
                            old_number=original,
                            new_number=int(r.arrival_number),
                            subject=str(local.subject),
                            reason=r.error if r.status == "rejected" else "",
                            at=iso(now_vn()),
                        )
                    )
            if notices:
                _add_notices(conn, notices)
            # Clean up answered operations (the audit chain keeps the history).
            conn.execute(text("DELETE FROM outbox WHERE state = 'done'"))
        return moved

    def rejected(self) -> list[RejectedOp]:
        with read(self.engine) as conn:
            rows = conn.execute(text("SELECT * FROM outbox WHERE state = 'rejected' ORDER BY seq")).all()
        return [RejectedOp(r.op_id, r.kind, r.uid, r.error) for r in rows]

    def acknowledge_rejected(self) -> int:
        """The clerk has seen the rejected operations: stop reporting them."""
        with write(self.engine) as conn:
            return int(conn.execute(text("DELETE FROM outbox WHERE state = 'rejected'")).rowcount)

    def acknowledge(self) -> int:
        """The clerk has seen the rejected operations and the server's decisions (notices)."""
        with write(self.engine) as conn:
            n = int(conn.execute(text("DELETE FROM outbox WHERE state = 'rejected'")).rowcount)
            n += len(_load_notices(conn))
            conn.execute(text("DELETE FROM sync_state WHERE key = 'notices'"))
        return n

    def notices(self) -> list[Notice]:
        with read(self.engine) as conn:
            return _load_notices(conn)

    def keep_only_held(self, held: dict[tuple[str, int], list[int]]) -> int:
        """Drop the pool's numbers the server no longer holds for this station (their lease ran
        out and was taken back); returns how many."""
        dropped = 0
        with write(self.engine) as conn:
            rows = conn.execute(text("SELECT book, year, number FROM number_pool")).all()
            for r in rows:
                if r.number not in held.get((r.book, int(r.year)), ()):
                    conn.execute(
                        text("DELETE FROM number_pool WHERE book = :b AND year = :y AND number = :n"),
                        {"b": r.book, "y": r.year, "n": r.number},
                    )
                    dropped += 1
        return dropped

    def pool(self, book: str, year: int) -> list[int]:
        with read(self.engine) as conn:
            return list(
                conn.execute(
                    text("SELECT number FROM number_pool WHERE book = :b AND year = :y ORDER BY number"),
                    {"b": book, "y": year},
                ).scalars()
            )

    def add_to_pool(self, book: str, year: int, numbers: list[int]) -> None:
        with write(self.engine) as conn:
            for n in numbers:
                conn.execute(
                    text("INSERT OR IGNORE INTO number_pool (book, year, number) VALUES (:b, :y, :n)"),
                    {"b": book, "y": year, "n": n},
                )

    def remove_from_pool(self, book: str, year: int, numbers: list[int]) -> None:
        with write(self.engine) as conn:
            for n in numbers:
                conn.execute(
                    text("DELETE FROM number_pool WHERE book = :b AND year = :y AND number = :n"),
                    {"b": book, "y": year, "n": n},
                )

    def counts(self) -> tuple[int, int, int]:
        """(pending operations, rejected operations, registrations waiting for a number)."""
        with read(self.engine) as conn:
            pending = conn.execute(text("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")).scalar_one()
            rejected = conn.execute(text("SELECT COUNT(*) FROM outbox WHERE state = 'rejected'")).scalar_one()
            waiting = conn.execute(
                text("SELECT COUNT(*) FROM registrations WHERE arrival_number <= 0")
            ).scalar_one()
        return int(pending), int(rejected), int(waiting)

    def get_state(self, key: str) -> str | None:
        with read(self.engine) as conn:
            value = conn.execute(text("SELECT value FROM sync_state WHERE key = :k"), {"k": key}).scalar()
        return None if value is None else str(value)

    def set_state(self, key: str, value: str) -> None:
        with write(self.engine) as conn:
            conn.execute(
                text(
                    "INSERT INTO sync_state (key, value) VALUES (:k, :v) "
                    "ON CONFLICT(key) DO UPDATE SET value = :v"
                ),
                {"k": key, "v": value},
            )

    def apply_snapshot(self, snap: dict[str, Any], actor: str) -> bool:
        """Make the local copy of a registration what the server says it is (a pulled change).
        Skipped while the station still has unsent operations on it (its own state is newer)."""
        return self.apply_snapshots([snap], actor) == 1

    def apply_snapshots(self, snaps: list[dict[str, Any]], actor: str) -> int:
        """A page of pulled changes in one transaction; returns how many were applied."""
        from qlvb_desktop.adapters.db.repository import SqliteRegister

        register = SqliteRegister(self.engine)
        with write(self.engine) as conn:
            return sum(self._apply_snapshot(conn, register, snap, actor) for snap in snaps)

    def apply_casefile_changes(self, changes: list[dict[str, Any]], actor: str) -> int:
        """Pulled case files and yearly lists (casefile_sync.py)."""
        from qlvb_desktop.adapters.db.casefile_sync import apply_changes

        return apply_changes(self.engine, changes, actor)

    def _apply_snapshot(self, conn: Connection, register: Any, snap: dict[str, Any], actor: str) -> bool:
        from qlvb_desktop.adapters.db.repository import _draft_row, insert_files

        uid = snap["uid"]
        now = now_vn()
        if conn.execute(
            text("SELECT 1 FROM outbox WHERE uid = :uid AND state = 'pending' LIMIT 1"), {"uid": uid}
        ).first():
            return False
        local = conn.execute(text("SELECT id FROM registrations WHERE uid = :uid"), {"uid": uid}).first()
        fields = dict(snap["fields"])
        received = parse_timestamp("received_at", fields["received_at"])
        if snap["status"] == "voided" and not fields.get("issuer") and local is not None:
            # The server's placeholder for an entry it refused or a number it voided: this
            # station has the real content; keep it, take the number and the void.
            return self._void_from_server(conn, register, local.id, snap, actor)
        if snap["status"] == "voided" and not fields.get("issuer"):
            # A number the server voided because no station used it (sealing a period).
            fields.update(issuer="—", doc_type="Công văn", subject="Số không sử dụng")
        draft = parse_draft(fields, now=max(now, received))
        number = int(snap["arrival_number"])
        row = _draft_row(draft, number)
        row.update(
            arrival_number=number,
            book=snap["book"],
            year=int(snap["year"]),
            status=snap["status"],
            void_reason=snap.get("void_reason") or "",
            created_by=snap.get("created_by") or "",
        )
        before = register._load(conn, local.id).to_json() if local else None
        if local is not None:
            # Fields 1–2 come from the case files on this station (casefile_sync.py), not the server.
            kept = conn.execute(
                text("SELECT file_organ_id, file_catalog, file_notation, doc_ordinal FROM registrations "
                     "WHERE id = :id"),
                {"id": local.id},
            ).one()
            row.update(kept._mapping)
        if local is None:
            row.update(
                uid=uid,
                created_at=snap.get("created_at") or iso(now),
                arrival_number=_free_slot(conn, row),
            )
            if snap["status"] == "voided":
                row.update(voided_at=iso(now), voided_by=snap.get("created_by") or "")
            cols = ", ".join(row)
            rid = conn.execute(
                text(
                    f"INSERT INTO registrations ({cols}) "
                    f"VALUES ({', '.join(':' + c for c in row)}) RETURNING id"
                ),
                row,
            ).scalar_one()
        else:
            rid = local.id
            row["arrival_number"] = _free_slot(conn, row, exclude=rid)
            if snap["status"] == "voided":
                row.setdefault("voided_at", iso(now))
                row.setdefault("voided_by", actor)
            sets = ", ".join(f"{k} = :{k}" for k in row)
            conn.execute(text(f"UPDATE registrations SET {sets} WHERE id = :id"), {**row, "id": rid})
        if row["arrival_number"] != number:
            _set_number(conn, rid, number)
        conn.execute(text("DELETE FROM registration_files WHERE registration_id = :id"), {"id": rid})
        insert_files(conn, rid, [FileRef.from_json(f) for f in snap.get("files") or []])
        conn.execute(text("DELETE FROM trace_entries WHERE registration_id = :id"), {"id": rid})
        for t in snap.get("trace") or []:
            conn.execute(
                text("INSERT INTO trace_entries (registration_id, at, actor, text) VALUES (:r, :at, :a, :t)"),
                {"r": rid, "at": t["at"], "a": t["actor"], "t": t["text"]},
            )
        after = register._load(conn, rid).to_json()
        if after != before:
            register._append_audit(conn, rid, "sync", before, after, actor, now)
        return True

    @staticmethod
    def _void_from_server(conn: Connection, register: Any, rid: int, snap: dict[str, Any], actor: str) -> bool:
        number = int(snap["arrival_number"])
        current = conn.execute(text("SELECT arrival_number FROM registrations WHERE id = :id"), {"id": rid}).scalar()
        if current != number:
            _set_number(conn, rid, number)
        _void_local(conn, rid, str(snap.get("void_reason") or "") or "Máy chủ hủy số đến này.")
        return True


def _load_notices(conn: Connection) -> list[Notice]:
    raw = conn.execute(text("SELECT value FROM sync_state WHERE key = 'notices'")).scalar()
    if not raw:
        return []
    try:
        return [Notice.from_json(d) for d in json.loads(raw)]
    except (ValueError, TypeError, AttributeError):
        return []


def _add_notices(conn: Connection, notices: list[Notice]) -> None:
    kept = [*_load_notices(conn), *notices][-MAX_NOTICES:]
    conn.execute(
        text(
            "INSERT INTO sync_state (key, value) VALUES ('notices', :v) "
            "ON CONFLICT(key) DO UPDATE SET value = :v"
        ),
        {"v": json.dumps([n.to_json() for n in kept], ensure_ascii=False)},
    )


def _void_local(conn: Connection, rid: int, reason: str) -> None:
    """Void an entry because the server refused it (recorded in the audit chain)."""
    from qlvb_desktop.adapters.db.repository import SqliteRegister

    register = SqliteRegister(conn.engine)
    before = register._load(conn, rid)
    if before.voided_at is not None:
        return
    now = now_vn()
    conn.execute(
        text(
            "UPDATE registrations SET status = 'voided', void_reason = :reason, voided_at = :at, "
            "voided_by = :actor WHERE id = :id"
        ),
        {"reason": reason[:500], "at": iso(now), "actor": SERVER_ACTOR, "id": rid},
    )
    after = register._load(conn, rid)
    register._append_audit(conn, rid, "void", before.to_json(), after.to_json(), SERVER_ACTOR, now)


def _free_slot(conn: Connection, row: dict[str, Any], exclude: int | None = None) -> int:
    """A number for the row that does not collide right now: its own if free, else a placeholder
    (then `_set_number` moves whoever holds it out of the way)."""
    return (
        _placeholder(conn, row["book"], row["year"])
        if _holder(conn, row, exclude)
        else int(row["arrival_number"])
    )


def _holder(conn: Connection, row: dict[str, Any], exclude: int | None) -> int | None:
    found = conn.execute(
        text(
            "SELECT id FROM registrations WHERE book = :b AND year = :y AND arrival_number = :n AND id != :x"
        ),
        {"b": row["book"], "y": row["year"], "n": row["arrival_number"], "x": exclude or -1},
    ).scalar()
    return None if found is None else int(found)


def _set_number(conn: Connection, rid: int, number: int) -> None:
    """Give registration `rid` the server's number; a local row holding it (its own number
    is about to change too) moves to a placeholder until its own decision arrives."""
    r = conn.execute(text("SELECT book, year FROM registrations WHERE id = :id"), {"id": rid}).one()
    holder = _holder(conn, {"book": r.book, "year": r.year, "arrival_number": number}, rid)
    if holder is not None:
        _renumber(conn, holder, _placeholder(conn, r.book, r.year))
    _renumber(conn, rid, number)


def _renumber(conn: Connection, rid: int, number: int) -> None:
    """Set the number and record it in the audit chain (the server decided it)."""
    from qlvb_desktop.adapters.db.repository import SqliteRegister

    before = SqliteRegister._load(SqliteRegister(conn.engine), conn, rid)
    conn.execute(
        text("UPDATE registrations SET arrival_number = :n, search_text = :s WHERE id = :id"),
        {"n": number, "s": indexed_text(before.draft, number), "id": rid},
    )
    after = SqliteRegister._load(SqliteRegister(conn.engine), conn, rid)
    SqliteRegister._append_audit(
        conn, rid, "number", before.to_json(), after.to_json(), SERVER_ACTOR, now_vn()
    )


def adopt_local_registrations(engine: Engine) -> int:
    """On the first login, queue the registrations this station made alone, so they reach the
    server; the server gives them numbers of its series (their local ones were never shared)."""
    from qlvb_desktop.adapters.db.repository import SqliteRegister

    register = SqliteRegister(engine)
    with write(engine) as conn:
        ids = list(conn.execute(text("SELECT id FROM registrations ORDER BY id")).scalars())
        for rid in ids:
            reg = register._load(conn, rid)
            uid = uid_of(conn, rid)
            payload = {
                "book": reg.book,
                "arrival_number": None,
                "fields": {**draft_to_input(reg.draft), "book": reg.book},
                "files": [f.to_json() for f in reg.files],
                "actor": reg.created_by,
            }
            enqueue(conn, "register", uid, payload, reg.draft.received_at)
            for t in reg.trace:
                enqueue(conn, "trace", uid, {"text": t.text, "actor": t.actor}, t.at)
            if reg.voided_at is not None:
                enqueue(conn, "void", uid, {"reason": reg.void_reason, "actor": reg.voided_by}, reg.voided_at)
        from qlvb_desktop.adapters.db.casefile_sync import adopt_local_casefiles

        adopt_local_casefiles(conn)
    return len(ids)
