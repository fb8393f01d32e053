"""The station's side of the shared outgoing register (issue 12 item 6) on SQLite: the pool of
outgoing numbers leased from the server, the outbox operations of the outgoing register and the
refusals (`outgoing.issue`, `outgoing.void`, `outgoing.release`, `refusal.add`, `refusal.told`),
and applying what other stations did (pulled from the server's feed).

The module-level functions run inside the outgoing repository's own write transactions, so a
number leaves the pool, its entry is recorded and its operation is queued together or not at
all (a killed process leaves the number in the pool). The rules are in
`domain/outgoing_numbers.py`.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from qlvb_desktop.adapters.db.database import read, write
from qlvb_desktop.adapters.db.sync_journal import SERVER_ACTOR, enqueue
from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_desktop.domain.outgoing import OUTGOING_BOOKS
from qlvb_desktop.domain.outgoing_numbers import NoLeasedNumber, reconcile_pool

__all__ = ["NoLeasedNumber", "enqueue"]

RECORD_COLUMNS = (
    "book", "year", "series", "number", "notation", "number_text", "issued_date", "doc_type", "subject",
    "signer_name", "signer_title", "recipients", "archive_unit", "copies", "normative", "file_sha256",
    "file_name", "file_size", "export_name", "status", "created_at", "created_by", "void_reason", "voided_at",
    "voided_by",
)
REFUSAL_COLUMNS = (
    "received_at", "file_sha256", "file_name", "file_size", "reason", "verdict", "verification", "sender",
    "created_by",
)
WANTED_KEY = "outgoing_wanted"
UNUSED_SUBJECT = "Số không sử dụng"

# --- inside the outgoing repository's transactions ---------------------------------------


def lowest_leased(conn: Connection, book: str, series: str, year: int) -> int | None:
    n = conn.execute(
        text("SELECT MIN(number) FROM outgoing_pool WHERE book = :b AND series = :s AND year = :y"),
        {"b": book, "s": series, "y": year},
    ).scalar()
    return None if n is None else int(n)


def take_leased(conn: Connection, book: str, series: str, year: int) -> int:
    """The lowest leased number of the series, out of the pool (rolled back with the caller's
    transaction if the signature fails), or `NoLeasedNumber`."""
    n = lowest_leased(conn, book, series, year)
    if n is None:
        raise NoLeasedNumber(book, series)
    conn.execute(
        text("DELETE FROM outgoing_pool WHERE book = :b AND series = :s AND year = :y AND number = :n"),
        {"b": book, "s": series, "y": year, "n": n},
    )
    return n


def want_series(conn: Connection, book: str, series: str) -> None:
    """Note a series the clerk needs numbers for: the next sync leases a block of it."""
    wanted = _wanted(conn)
    if [book, series] not in wanted:
        wanted.append([book, series])
        conn.execute(
            text("INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"),
            {"k": WANTED_KEY, "v": json.dumps(wanted, ensure_ascii=False)},
        )


def _wanted(conn: Connection) -> list[list[str]]:
    raw = conn.execute(text("SELECT value FROM sync_state WHERE key = :k"), {"k": WANTED_KEY}).scalar()
    try:
        return [list(x) for x in json.loads(raw)] if raw else []
    except (ValueError, TypeError):
        return []


def outgoing_uid(conn: Connection, entry_id: int) -> str:
    return str(conn.execute(text("SELECT uid FROM outgoing WHERE id = :id"), {"id": entry_id}).scalar_one())


def refusal_uid(conn: Connection, refusal_id: int) -> str:
    return str(conn.execute(text("SELECT uid FROM refusals WHERE id = :id"), {"id": refusal_id}).scalar_one())


def _files(sha: str, name: str, size: int) -> list[dict[str, Any]]:
    return [{"sha256": sha, "name": name, "size": size}] if sha else []


def enqueue_issue(conn: Connection, entry_id: int, now: datetime) -> None:
    row = conn.execute(text("SELECT * FROM outgoing WHERE id = :id"), {"id": entry_id}).one()._mapping
    record = {c: row[c] for c in RECORD_COLUMNS}
    files = _files(row["file_sha256"], row["file_name"], row["file_size"])
    enqueue(conn, "outgoing.issue", row["uid"], {"record": record, "files": files}, now)


def enqueue_refusal(conn: Connection, refusal_id: int, now: datetime) -> None:
    row = conn.execute(text("SELECT * FROM refusals WHERE id = :id"), {"id": refusal_id}).one()._mapping
    record = {c: row[c] for c in REFUSAL_COLUMNS}
    files = _files(row["file_sha256"], row["file_name"], row["file_size"])
    enqueue(conn, "refusal.add", row["uid"], {"record": record, "files": files}, now)


# --- the sync service's port -------------------------------------------------------------


class SqliteOutgoingJournal:
    """Implements `domain.sync.OutgoingJournal` on the station's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def series_to_stock(self, year: int) -> list[tuple[str, str]]:
        """(book, series) to keep a block of numbers for: each outgoing book's ordinary series,
        every series this station issued in or holds numbers of this year, and those the clerk
        asked for with none left."""
        with read(self.engine) as conn:
            used = conn.execute(
                text(
                    "SELECT book, series FROM outgoing WHERE year = :y UNION "
                    "SELECT book, series FROM outgoing_pool WHERE year = :y"
                ),
                {"y": year},
            ).all()
            wanted = _wanted(conn)
        out = [(b.code, "") for b in OUTGOING_BOOKS]
        for book, series in [*((r.book, r.series) for r in used), *((w[0], w[1]) for w in wanted)]:
            if (book, series) not in out:
                out.append((book, series))
        return out

    def pool(self, book: str, series: str, year: int) -> list[int]:
        with read(self.engine) as conn:
            return list(
                conn.execute(
                    text(
                        "SELECT number FROM outgoing_pool WHERE book = :b AND series = :s AND year = :y "
                        "ORDER BY number"
                    ),
                    {"b": book, "s": series, "y": year},
                ).scalars()
            )

    def add_to_pool(self, book: str, series: str, year: int, numbers: list[int]) -> None:
        with write(self.engine) as conn:
            self._add(conn, book, series, year, numbers)

    @staticmethod
    def _add(conn: Connection, book: str, series: str, year: int, numbers: list[int]) -> None:
        for n in numbers:
            conn.execute(
                text("INSERT OR IGNORE INTO outgoing_pool (book, series, year, number) VALUES (:b, :s, :y, :n)"),
                {"b": book, "s": series, "y": year, "n": n},
            )

    def reconcile(self, held: dict[tuple[str, str, int], list[int]]) -> tuple[int, int]:
        """Make each series' pool what the server holds for this station, minus what it already
        spent (domain `reconcile_pool`); returns (taken back in, dropped)."""
        added = dropped = 0
        with write(self.engine) as conn:
            keys = set(held) | {
                (r.book, r.series, int(r.year))
                for r in conn.execute(text("SELECT DISTINCT book, series, year FROM outgoing_pool"))
            }
            releasing = self._releasing(conn)
            for book, series, year in keys:
                pool = set(self.pool_in(conn, book, series, year))
                spent = set(
                    conn.execute(
                        text("SELECT number FROM outgoing WHERE book = :b AND series = :s AND year = :y"),
                        {"b": book, "s": series, "y": year},
                    ).scalars()
                ) | releasing.get((book, series, year), set())
                add, drop = reconcile_pool(pool, set(held.get((book, series, year), ())), spent)
                self._add(conn, book, series, year, add)
                for n in drop:
                    conn.execute(
                        text(
                            "DELETE FROM outgoing_pool WHERE book = :b AND series = :s AND year = :y "
                            "AND number = :n"
                        ),
                        {"b": book, "s": series, "y": year, "n": n},
                    )
                added, dropped = added + len(add), dropped + len(drop)
        return added, dropped

    @staticmethod
    def pool_in(conn: Connection, book: str, series: str, year: int) -> list[int]:
        return list(
            conn.execute(
                text("SELECT number FROM outgoing_pool WHERE book = :b AND series = :s AND year = :y"),
                {"b": book, "s": series, "y": year},
            ).scalars()
        )

    @staticmethod
    def _releasing(conn: Connection) -> dict[tuple[str, str, int], set[int]]:
        out: dict[tuple[str, str, int], set[int]] = {}
        for (payload,) in conn.execute(
            text("SELECT payload FROM outbox WHERE kind = 'outgoing.release' AND state = 'pending'")
        ):
            r = json.loads(payload)["record"]
            out.setdefault((r["book"], r["series"], int(r["year"])), set()).update(int(n) for n in r["numbers"])
        return out

    def release_all(self) -> int:
        """Give back every unused leased number: out of the pool and into the outbox together
        (so a number is never both released and used)."""
        now = now_vn()
        released = 0
        with write(self.engine) as conn:
            groups: dict[tuple[str, str, int], list[int]] = {}
            for r in conn.execute(text("SELECT book, series, year, number FROM outgoing_pool ORDER BY number")):
                groups.setdefault((r.book, r.series, int(r.year)), []).append(int(r.number))
            for (book, series, year), numbers in groups.items():
                record = {"book": book, "series": series, "year": year, "numbers": numbers}
                enqueue(conn, "outgoing.release", uuid.uuid4().hex, {"record": record}, now)
                released += len(numbers)
            conn.execute(text("DELETE FROM outgoing_pool"))
        return released

    def apply_outgoing(self, snaps: list[dict[str, Any]], actor: str) -> int:
        from qlvb_desktop.adapters.db.repository import SqliteRegister

        with write(self.engine) as conn:
            return sum(_apply_outgoing(conn, SqliteRegister, s, actor) for s in snaps)

    def apply_refusals(self, snaps: list[dict[str, Any]], actor: str) -> int:
        from qlvb_desktop.adapters.db.repository import SqliteRegister

        with write(self.engine) as conn:
            return sum(_apply_refusal(conn, SqliteRegister, s, actor) for s in snaps)


def _pending(conn: Connection, uid: str) -> bool:
    return (
        conn.execute(text("SELECT 1 FROM outbox WHERE uid = :u AND state = 'pending' LIMIT 1"), {"u": uid}).first()
        is not None
    )


def _row_json(conn: Connection, table: str, rid: int) -> dict[str, Any]:
    return dict(conn.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": rid}).one()._mapping)


def _apply_outgoing(conn: Connection, register: Any, snap: dict[str, Any], actor: str) -> bool:
    """Make the local outgoing register hold what the server says for this number. The number
    identifies the entry (a late document can take the number of a voided gap)."""
    uid = str(snap["uid"])
    key = {"b": snap["book"], "y": int(snap["year"]), "s": snap["series"], "n": int(snap["number"])}
    by_key = conn.execute(
        text(
            "SELECT id, uid, file_sha256 FROM outgoing WHERE book = :b AND year = :y AND series = :s AND number = :n"
        ),
        key,
    ).first()
    if _pending(conn, uid) or (by_key is not None and by_key.uid != uid and _pending(conn, by_key.uid)):
        return False  # this station's own change is newer; the server's comes back after the push
    if by_key is not None and by_key.uid != uid and by_key.file_sha256:
        # Another document under this number here (one this station issued alone before it had
        # a server): never replaced, so nothing is lost; the audit shows both as they are.
        return False
    now = now_vn()
    if snap.get("doc_type") is not None:
        row = {c: snap.get(c) for c in RECORD_COLUMNS}
        row.update(status=snap["status"], void_reason=snap.get("void_reason") or "")
        row["voided_at"] = row["voided_at"] or (iso(now) if snap["status"] == "voided" else None)
        row["voided_by"] = row["voided_by"] or ""
    else:  # a number the server voided with no document behind it
        row = {
            "book": key["b"], "year": key["y"], "series": key["s"], "number": key["n"], "notation": "",
            "number_text": f"{key['n']:02d}", "issued_date": date(key["y"], 1, 1).isoformat(), "doc_type": "",
            "subject": UNUSED_SUBJECT, "signer_name": "", "signer_title": "", "recipients": "",
            "archive_unit": "", "copies": None, "normative": int(bool(key["s"])), "file_sha256": "",
            "file_name": "", "file_size": 0, "export_name": "", "status": "voided", "created_at": iso(now),
            "created_by": SERVER_ACTOR, "void_reason": snap.get("void_reason") or "", "voided_at": iso(now),
            "voided_by": SERVER_ACTOR,
        }
    row["uid"] = uid
    local = conn.execute(text("SELECT id FROM outgoing WHERE uid = :u"), {"u": uid}).first() or by_key
    _upsert(conn, register, "outgoing", row, None if local is None else local.id, "outgoing_sync", actor, now)
    return True


def _apply_refusal(conn: Connection, register: Any, snap: dict[str, Any], actor: str) -> bool:
    uid = str(snap["uid"])
    if _pending(conn, uid):
        return False
    row: dict[str, Any] = {c: snap.get(c) for c in REFUSAL_COLUMNS}
    row.update(uid=uid, told_at=snap.get("told_at") or None, told_by=snap.get("told_by") or "")
    local = conn.execute(text("SELECT id FROM refusals WHERE uid = :u"), {"u": uid}).first()
    _upsert(conn, register, "refusals", row, None if local is None else local.id, "refusal_sync", actor, now_vn())
    return True


def _upsert(
    conn: Connection,
    register: Any,
    table: str,
    row: dict[str, Any],
    local_id: int | None,
    action: str,
    actor: str,
    now: datetime,
) -> None:
    """Insert `row` (no local copy yet) or update the local one in place, and append an audit
    event with the states before and after when anything the server sent changed here (only the
    sent columns can change, so comparing them is comparing the rows)."""
    before = _row_json(conn, table, local_id) if local_id is not None else None
    if local_id is None:
        cols = ", ".join(row)
        rid = conn.execute(
            text(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(':' + c for c in row)}) RETURNING id"), row
        ).scalar_one()
    else:
        rid = local_id
        sets = ", ".join(f"{c} = :{c}" for c in row)
        conn.execute(text(f"UPDATE {table} SET {sets} WHERE id = :id"), {**row, "id": rid})
    after = _row_json(conn, table, rid)
    if before is None or any(before[k] != after[k] for k in row):
        register._append_audit(conn, 0, action, before, after, actor, now)
