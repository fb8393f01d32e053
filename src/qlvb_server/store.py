"""The server's use cases on the database: accounts, number leases, operations, the feed.

Every write is one transaction. Numbering takes the row lock of the book's yearly series first
(SELECT … FOR UPDATE on PostgreSQL; SQLite transactions are BEGIN IMMEDIATE), so two stations
can never be handed the same number. An operation's id is recorded in the transaction that
applies it: a retry finds the record and gets the same answer, never a second application.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from qlvb_desktop.domain.books import DEFAULT_BOOKS
from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.domain.registration import (
    COPY_ROLES,
    EDITABLE,
    MAX_LENGTH,
    apply_changes,
    draft_to_input,
    parse_draft,
    parse_timestamp,
)
from qlvb_server import casefiles as casefile_ops
from qlvb_server import security
from qlvb_server.accounts import AccountStore
from qlvb_server.database import GroupCommit, inserted_id, read_transaction, transaction
from qlvb_server.outgoing import OP_KINDS as OUTGOING_OP_KINDS
from qlvb_server.outgoing import OutgoingStore
from qlvb_server.principal import Principal, Refused
from qlvb_server.tables import (
    audit_events,
    books,
    changes,
    directory,
    files,
    free_numbers,
    missing_files,
    operations,
    organizations,
    registrations,
    series,
)

ORG_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
MAX_LEASE = 500
LEASE_SECONDS = 72 * 3600  # a station's unused leased numbers go back after this long unrenewed


# Statements of the hot path (applying an operation), built once: building SQLAlchemy
# expressions per call cost about a third of the server's CPU per registration.
_BOOK_EXISTS = select(books.c.code).where(books.c.org_id == bindparam("k_org"), books.c.code == bindparam("k_book"))
_SERIES_KEY = and_(
    series.c.org_id == bindparam("k_org"), series.c.book == bindparam("k_book"), series.c.year == bindparam("k_year")
)
_SERIES_NEXT = select(series.c.next_number).where(_SERIES_KEY)
_SERIES_NEXT_LOCKED = _SERIES_NEXT.with_for_update()
_SERIES_SET = update(series).where(_SERIES_KEY).values(next_number=bindparam("k_next"))
_FREE_KEY = and_(
    free_numbers.c.org_id == bindparam("k_org"),
    free_numbers.c.book == bindparam("k_book"),
    free_numbers.c.year == bindparam("k_year"),
)
_HELD = select(free_numbers.c.number).where(
    _FREE_KEY, free_numbers.c.number == bindparam("k_number"), free_numbers.c.station == bindparam("k_station")
)
_LOWEST_RETURNED = (
    select(free_numbers.c.number)
    .where(_FREE_KEY, free_numbers.c.station == "")
    .order_by(free_numbers.c.number)
    .limit(1)
)
_TAKE_FREE = delete(free_numbers).where(_FREE_KEY, free_numbers.c.number == bindparam("k_number"))
_OP_DONE = select(operations.c.result).where(
    operations.c.org_id == bindparam("k_org"), operations.c.op_id == bindparam("k_op_id")
)
_UID_EXISTS = select(registrations.c.id).where(
    registrations.c.org_id == bindparam("k_org"), registrations.c.uid == bindparam("k_uid")
)
_INSERT_OPERATION = insert(operations)
_INSERT_AUDIT = insert(audit_events)
_INSERT_CHANGE = insert(changes)
_INSERT_REGISTRATION = insert(registrations)


def _now() -> str:
    return iso(now_vn())


def _org_id(conn: Connection, code: str) -> int:
    oid = conn.execute(select(organizations.c.id).where(organizations.c.code == code)).scalar()
    if oid is None:
        raise Refused(404, f"Không có cơ quan mã {code}.")
    return int(oid)


class ServerStore:
    def __init__(
        self,
        engine: Engine,
        *,
        token_seconds: int = security.TOKEN_SECONDS,
        lease_seconds: int = LEASE_SECONDS,
    ) -> None:
        self.engine = engine
        self.token_seconds = token_seconds
        self.lease_seconds = lease_seconds
        self.postgres = engine.dialect.name == "postgresql"
        self.accounts = AccountStore(engine, token_seconds)
        self._group = GroupCommit(engine)
        self.outgoing = OutgoingStore(engine, lease_seconds, self._change)  # outgoing register, refusals
        # Books and yearly series are never deleted: once seen, not looked up (or created) again.
        self._known_books: set[tuple[int, str]] = set()
        self._known_series: set[tuple[int, str, int]] = set()

    # --- administration -------------------------------------------------------------------

    def create_organization(self, code: str, name: str, parent: str = "") -> int:
        if not ORG_CODE.match(code):
            raise Refused(422, f"Mã cơ quan “{code}” không đúng dạng 000.00.04.G14.")
        if not name.strip() or len(name) > 200:
            raise Refused(422, "Tên cơ quan phải có từ 1 đến 200 ký tự.")
        with transaction(self.engine) as conn:
            if conn.execute(select(organizations.c.id).where(organizations.c.code == code)).first():
                raise Refused(409, f"Cơ quan mã {code} đã có.")
            oid = inserted_id(
                conn.execute(insert(organizations).values(code=code, name=name.strip(), parent_code=parent))
            )
            for b in DEFAULT_BOOKS:
                conn.execute(insert(books).values(org_id=oid, code=b.code, name=b.name, secret=int(b.secret)))
            conn.execute(insert(directory).values(org_id=oid, code=code, name=name.strip(), parent=""))
            return oid

    def add_user(self, org_code: str, username: str, password: str, role: str = "clerk") -> int:
        with read_transaction(self.engine) as conn:
            oid = _org_id(conn, org_code)
        return self.accounts.add_user(oid, username, password, role)

    # --- authentication (accounts.py) -------------------------------------------------------

    def login(
        self, username: str, password: str, organization: str | None = None, station: str = ""
    ) -> dict[str, Any]:
        return self.accounts.login(username, password, organization, station)

    def authenticate(self, token: str) -> Principal:
        return self.accounts.authenticate(token)

    def station_of(self, token: str, p: Principal, station: str) -> str:
        return self.accounts.station_of(token, p, station)

    def logout(self, token: str) -> None:
        self.accounts.logout(token)

    # --- books and numbers ----------------------------------------------------------------

    def books(self, p: Principal) -> list[dict[str, Any]]:
        with read_transaction(self.engine) as conn:
            rows = conn.execute(select(books).where(books.c.org_id == p.org_id).order_by(books.c.code)).all()
        return [{"code": r.code, "name": r.name, "secret": bool(r.secret)} for r in rows]

    def _check_book(self, conn: Connection, p: Principal, book: str) -> None:
        if (p.org_id, book) in self._known_books:
            return
        if not conn.execute(_BOOK_EXISTS, {"k_org": p.org_id, "k_book": book}).first():
            raise Refused(404, f"Không có sổ “{book}”.")
        self._known_books.add((p.org_id, book))

    def _lock_series(self, conn: Connection, org_id: int, book: str, year: int) -> int:
        """Lock the book's yearly series row (creating it) and return its next number.

        A series seen before is not created again (one statement less per registration); if
        it is not there after all (its creator's transaction had not committed, or rolled
        back), it is created then."""
        key = {"k_org": org_id, "k_book": book, "k_year": year}
        stmt = _SERIES_NEXT_LOCKED if self.postgres else _SERIES_NEXT
        number = None
        if (org_id, book, year) in self._known_series:
            number = conn.execute(stmt, key).scalar()
        if number is None:
            if self.postgres:
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                conn.execute(
                    pg_insert(series)
                    .values(org_id=org_id, book=book, year=year, next_number=1)
                    .on_conflict_do_nothing()
                )
            else:
                conn.execute(
                    insert(series)
                    .prefix_with("OR IGNORE")
                    .values(org_id=org_id, book=book, year=year, next_number=1)
                )
            number = conn.execute(stmt, key).scalar_one()
            self._known_series.add((org_id, book, year))
        return int(number)

    def lease(self, p: Principal, station: str, book: str, year: int, count: int) -> list[int]:
        """Numbers for a station to use offline: returned numbers first (lowest first), then new."""
        if not 1 <= count <= MAX_LEASE:
            raise Refused(422, f"Số lượng số cấp phải từ 1 đến {MAX_LEASE}.")
        _check_station(station)
        with transaction(self.engine) as conn:
            self._check_book(conn, p, book)
            next_number = self._lock_series(conn, p.org_id, book, year)
            key = and_(
                free_numbers.c.org_id == p.org_id, free_numbers.c.book == book, free_numbers.c.year == year
            )
            self._revoke_expired(conn, key)
            reuse = list(
                conn.execute(
                    select(free_numbers.c.number)
                    .where(key, free_numbers.c.station == "")
                    .order_by(free_numbers.c.number)
                    .limit(count)
                ).scalars()
            )
            if reuse:
                conn.execute(
                    update(free_numbers)
                    .where(key, free_numbers.c.number.in_(reuse))
                    .values(station=station, leased_at=_now())
                )
            fresh = list(range(next_number, next_number + count - len(reuse)))
            if fresh:
                conn.execute(
                    insert(free_numbers),
                    [
                        {
                            "org_id": p.org_id,
                            "book": book,
                            "year": year,
                            "number": n,
                            "station": station,
                            "leased_at": _now(),
                        }
                        for n in fresh
                    ],
                )
                conn.execute(
                    update(series)
                    .where(series.c.org_id == p.org_id, series.c.book == book, series.c.year == year)
                    .values(next_number=next_number + len(fresh))
                )
        return reuse + fresh

    def _lease_cutoff(self) -> str:
        return iso(datetime.fromtimestamp(time.time() - self.lease_seconds, tz=now_vn().tzinfo))

    def _revoke_expired(self, conn: Connection, key: Any) -> int:
        """Numbers leased longer ago than the lease time and not renewed go back to the pool
        (handed out again first). Runs under the series lock, before numbers are handed out.
        A station that used one offline anyway is renumbered when its registration arrives."""
        result = conn.execute(
            update(free_numbers)
            .where(key, free_numbers.c.station != "", free_numbers.c.leased_at < self._lease_cutoff())
            .values(station="", leased_at="")
        )
        return int(result.rowcount)

    def renew(self, p: Principal, station: str) -> list[dict[str, Any]]:
        """Extend every lease of the station (done on each sync) and list what it holds, so the
        station can drop numbers the server took back while it was away too long."""
        _check_station(station)
        mine = and_(free_numbers.c.org_id == p.org_id, free_numbers.c.station == station)
        with transaction(self.engine) as conn:
            conn.execute(update(free_numbers).where(mine).values(leased_at=_now()))
            rows = conn.execute(
                select(free_numbers.c.book, free_numbers.c.year, free_numbers.c.number)
                .where(mine)
                .order_by(free_numbers.c.book, free_numbers.c.year, free_numbers.c.number)
            ).all()
        held: dict[tuple[str, int], list[int]] = {}
        for r in rows:
            held.setdefault((r.book, r.year), []).append(r.number)
        return [{"book": b, "year": y, "numbers": ns} for (b, y), ns in held.items()]

    def release(self, p: Principal, station: str, book: str, year: int, numbers: list[int]) -> int:
        """Give back numbers a station did not use; they are handed out again first."""
        _check_station(station)
        with transaction(self.engine) as conn:
            self._check_book(conn, p, book)
            self._lock_series(conn, p.org_id, book, year)
            result = conn.execute(
                update(free_numbers)
                .where(
                    free_numbers.c.org_id == p.org_id,
                    free_numbers.c.book == book,
                    free_numbers.c.year == year,
                    free_numbers.c.station == station,
                    free_numbers.c.number.in_(numbers),
                )
                .values(station="", leased_at="")
            )
            return int(result.rowcount)

    def seal(self, p: Principal, book: str, year: int, reason: str) -> list[int]:
        """Void every number below the highest used one that no registration holds, so the
        printed register lists every number exactly once (done at the end of a period)."""
        if not reason.strip():
            raise Refused(422, "Phải ghi lý do hủy các số không dùng.")
        with transaction(self.engine) as conn:
            self._check_book(conn, p, book)
            self._lock_series(conn, p.org_id, book, year)
            top = (
                conn.execute(
                    select(func.max(registrations.c.arrival_number)).where(
                        registrations.c.org_id == p.org_id,
                        registrations.c.book == book,
                        registrations.c.year == year,
                    )
                ).scalar()
                or 0
            )
            key = and_(
                free_numbers.c.org_id == p.org_id, free_numbers.c.book == book, free_numbers.c.year == year
            )
            gaps = list(
                conn.execute(
                    select(free_numbers.c.number)
                    .where(key, free_numbers.c.number < top)
                    .order_by(free_numbers.c.number)
                ).scalars()
            )
            for n in gaps:
                self._insert_voided(
                    conn, p, f"void-{book}-{year}-{n}", book, year, n, _now(), reason.strip(), p.username, "server"
                )
            conn.execute(delete(free_numbers).where(key, free_numbers.c.number < top))
        return gaps

    def register_listing(self, p: Principal, book: str, year: int) -> list[dict[str, Any]]:
        with read_transaction(self.engine) as conn:
            self._check_book(conn, p, book)
            rows = conn.execute(
                select(
                    registrations.c.arrival_number,
                    registrations.c.uid,
                    registrations.c.status,
                    registrations.c.void_reason,
                )
                .where(
                    registrations.c.org_id == p.org_id,
                    registrations.c.book == book,
                    registrations.c.year == year,
                )
                .order_by(registrations.c.arrival_number)
            ).all()
        return [
            {
                "arrival_number": r.arrival_number,
                "uid": r.uid,
                "status": r.status,
                "void_reason": r.void_reason,
            }
            for r in rows
        ]

    # --- operations -------------------------------------------------------------------------

    def apply(self, p: Principal, station: str, op: dict[str, Any]) -> dict[str, Any]:
        """Apply one operation at most once; the stored answer is returned on a retry."""
        return self.apply_batch(p, station, [op])[0]

    def apply_batch(self, p: Principal, station: str, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Apply operations in order, each at most once, in one transaction (one disk sync for
        the batch); each operation runs in its own savepoint so a rejected one leaves no trace
        but its audit event. After a `retry` (a file not uploaded yet) the rest of the batch is
        answered `retry` too: later operations may depend on it."""
        _check_station(station)
        for op in ops:
            op_id = str(op.get("op_id") or "")
            if not 8 <= len(op_id) <= 64:
                raise Refused(422, "Mã thao tác (op_id) phải dài 8 đến 64 ký tự.")
        for attempt in range(3):
            try:
                if self.postgres:
                    # PostgreSQL runs transactions side by side (they meet only on the series
                    # row lock); one committer thread measured slower there under 50 stations.
                    with transaction(self.engine) as conn:
                        return self._apply_batch(conn, p, station, ops)
                return self._group.run(lambda conn: self._apply_batch(conn, p, station, ops))
            except IntegrityError:
                # A concurrent retry of the same operation won (PostgreSQL): run the batch
                # again, the stored answers now come back as duplicates.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _apply_batch(
        self, conn: Connection, p: Principal, station: str, ops: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        blocked = ""
        for op in ops:
            op_id = str(op["op_id"])
            if blocked:
                results.append({"op_id": op_id, "status": "retry", "error": blocked})
                continue
            done = conn.execute(_OP_DONE, {"k_org": p.org_id, "k_op_id": op_id}).scalar()
            if done is not None:
                results.append({**json.loads(done), "duplicate": True})
                continue
            savepoint = conn.begin_nested()
            try:
                result = self._apply(conn, p, station, op)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                # Malformed content inside an operation: refuse it, keep the queue going.
                result = {
                    "op_id": op_id,
                    "status": "rejected",
                    "field": "",
                    "error": f"Thao tác không hợp lệ ({type(exc).__name__}).",
                }
            except UserError as exc:
                result = {
                    "op_id": op_id,
                    "status": "rejected",
                    "error": exc.message,
                    "field": getattr(exc, "field", ""),
                }
            except Refused as exc:
                if exc.status != 428:
                    result = {"op_id": op_id, "status": "rejected", "error": exc.message, "field": ""}
                else:
                    savepoint.rollback()
                    blocked = exc.message
                    results.append({"op_id": op_id, "status": "retry", "error": exc.message})
                    continue
            if result["status"] == "rejected":
                savepoint.rollback()
                if op.get("kind") == "register":
                    inner = conn.begin_nested()
                    try:
                        voided = self._void_rejected(conn, p, station, op, str(result["error"]))
                    except (Refused, UserError, TypeError, ValueError):
                        voided = None
                    if voided is None:
                        inner.rollback()
                    else:
                        inner.commit()
                        result.update(voided)
                self._audit(
                    conn,
                    p,
                    station,
                    op,
                    str(op.get("uid", "")),
                    "rejected",
                    {"error": result["error"], "voided_as": result.get("arrival_number")},
                )
            else:
                savepoint.commit()
            conn.execute(
                _INSERT_OPERATION,
                {
                    "org_id": p.org_id,
                    "op_id": op_id,
                    "status": result["status"],
                    "result": json.dumps(result, ensure_ascii=False),
                    "applied_at": _now(),
                },
            )
            results.append({**result, "duplicate": False})
        return results

    def _apply(self, conn: Connection, p: Principal, station: str, op: dict[str, Any]) -> dict[str, Any]:
        kind = op.get("kind")
        uid = str(op.get("uid") or "")
        if not 8 <= len(uid) <= 64:
            raise Refused(422, "Mã văn bản (uid) phải dài 8 đến 64 ký tự.")
        if kind == "register":
            return self._register(conn, p, station, op, uid)
        if kind in OUTGOING_OP_KINDS:
            result = self.outgoing.apply(conn, p, station, op, uid)
            self._audit(conn, p, station, op, uid, result["status"], {"number": result.get("arrival_number")})
            return result
        if str(kind).startswith("casefile."):
            return casefile_ops.apply(conn, p, station, op, _now(), self._audit)
        current = conn.execute(
            select(registrations)
            .where(registrations.c.org_id == p.org_id, registrations.c.uid == uid)
            .with_for_update()
        ).first()
        if current is None:
            # The registration it refers to has not arrived yet: the client keeps queue order,
            # so this only happens for a forged or foreign uid.
            raise Refused(422, "Văn bản của thao tác này không có trên máy chủ.")
        at = _op_time(op)
        if kind == "void":
            return self._void(conn, p, station, op, current, at)
        if kind == "update":
            return self._update(conn, p, station, op, current, at)
        if kind == "trace":
            return self._trace(conn, p, station, op, current, at)
        if kind == "attach":
            return self._attach(conn, p, station, op, current)
        raise Refused(422, f"Loại thao tác “{kind}” không hợp lệ.")

    def _register(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], uid: str
    ) -> dict[str, Any]:
        data = op.get("fields")
        if not isinstance(data, dict):
            raise Refused(422, "Thiếu các trường của văn bản.")
        draft = parse_draft(data, now=now_vn())
        book = str(op.get("book") or "")
        self._check_book(conn, p, book)
        year = draft.year
        attached = _file_list(op.get("files"))
        self._check_uploaded(conn, p, attached)
        if conn.execute(_UID_EXISTS, {"k_org": p.org_id, "k_uid": uid}).first():
            raise Refused(422, "Văn bản này đã có trên máy chủ với một thao tác khác.")
        wanted = op.get("arrival_number")
        number = self._take_number(conn, p, station, book, year, wanted)
        at = _op_time(op)
        fields = draft_to_input(draft)
        fields.pop("instruction", None)
        trace = []
        if draft.instruction:
            trace.append({"at": iso(at), "actor": p.username, "text": draft.instruction})
        conn.execute(
            _INSERT_REGISTRATION,
            {
                "org_id": p.org_id,
                "uid": uid,
                "book": book,
                "year": year,
                "arrival_number": number,
                "status": "registered",
                "fields": json.dumps(fields, ensure_ascii=False),
                "field_times": "{}",
                "files": json.dumps(attached, ensure_ascii=False),
                "trace": json.dumps(trace, ensure_ascii=False),
                "created_at": iso(at),
                "created_by": str(op.get("actor") or p.username)[:64],
                "station": station,
            },
        )
        renumbered = wanted != number
        self._audit(
            conn, p, station, op, uid, "applied", {"arrival_number": number, "renumbered": renumbered}
        )
        self._change(conn, p.org_id, "registration", uid)
        return {
            "op_id": op["op_id"],
            "status": "applied",
            "uid": uid,
            "arrival_number": number,
            "renumbered": renumbered,
        }

    def _take_number(
        self, conn: Connection, p: Principal, station: str, book: str, year: int, wanted: Any
    ) -> int:
        """The number a registration gets: the one the station offers if it holds its lease,
        else the server decides (a returned number first, else a new one)."""
        next_number = self._lock_series(conn, p.org_id, book, year)
        key = {"k_org": p.org_id, "k_book": book, "k_year": year}
        number: int | None = None
        if (
            isinstance(wanted, int)
            and wanted > 0
            and conn.execute(_HELD, {**key, "k_number": wanted, "k_station": station}).first()
        ):
            number = wanted
        if number is None:
            self._revoke_expired(
                conn,
                and_(
                    free_numbers.c.org_id == p.org_id,
                    free_numbers.c.book == book,
                    free_numbers.c.year == year,
                ),
            )
            number = conn.execute(_LOWEST_RETURNED, key).scalar()
            if number is None:
                number = next_number
                conn.execute(_SERIES_SET, {**key, "k_next": next_number + 1})
        conn.execute(_TAKE_FREE, {**key, "k_number": number})
        return int(number)

    def _void_rejected(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], error: str
    ) -> dict[str, Any] | None:
        """A registration the server refuses is not dropped: it is entered voided, with the
        number the station gave it (or the next one), and the reason, so the printed register
        keeps it and every station sees it. None when it cannot be (bad uid, book, or time)."""
        uid = str(op.get("uid") or "")
        book = str(op.get("book") or "")
        raw = op.get("fields")
        data: dict[str, Any] = raw if isinstance(raw, dict) else {}
        if not 8 <= len(uid) <= 64 or not conn.execute(
            select(books.c.code).where(books.c.org_id == p.org_id, books.c.code == book)
        ).first():
            return None
        if conn.execute(
            select(registrations.c.id).where(registrations.c.org_id == p.org_id, registrations.c.uid == uid)
        ).first():
            return None
        try:
            received = parse_timestamp("received_at", str(data.get("received_at") or ""))
        except UserError:
            received = _op_time(op)
        year = received.year
        number = self._take_number(conn, p, station, book, year, op.get("arrival_number"))
        reason = f"Máy chủ từ chối: {error}"[: MAX_LENGTH["reason"]]
        self._insert_voided(
            conn, p, uid, book, year, number, iso(received), reason, str(op.get("actor") or p.username)[:64], station
        )
        return {"uid": uid, "arrival_number": number, "voided": True}

    def _insert_voided(
        self,
        conn: Connection,
        p: Principal,
        uid: str,
        book: str,
        year: int,
        number: int,
        received_at: str,
        reason: str,
        created_by: str,
        station: str,
    ) -> None:
        """A number that stays in the register as voided with its reason, with no document behind
        it (a gap closed at the end of a period, or a registration the server refused)."""
        fields = {"issuer": "", "doc_type": "", "subject": "", "received_at": received_at}
        conn.execute(
            insert(registrations).values(
                org_id=p.org_id,
                uid=uid,
                book=book,
                year=year,
                arrival_number=number,
                status="voided",
                fields=json.dumps(fields, ensure_ascii=False),
                field_times="{}",
                files="[]",
                trace="[]",
                void_reason=reason,
                created_at=_now(),
                created_by=created_by,
                station=station,
            )
        )
        self._change(conn, p.org_id, "registration", uid)

    def _void(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], cur: Any, at: datetime
    ) -> dict[str, Any]:
        reason = str(op.get("reason") or "").strip()
        if not reason or len(reason) > MAX_LENGTH["reason"]:
            raise Refused(422, "Phải ghi lý do hủy số đến (tối đa 500 ký tự).")
        if cur.status == "voided":
            self._audit(conn, p, station, op, cur.uid, "superseded", {"reason": reason})
            return {
                "op_id": op["op_id"],
                "status": "superseded",
                "uid": cur.uid,
                "arrival_number": cur.arrival_number,
            }
        conn.execute(
            update(registrations)
            .where(registrations.c.id == cur.id)
            .values(status="voided", void_reason=reason, version=cur.version + 1)
        )
        self._audit(conn, p, station, op, cur.uid, "applied", {"reason": reason})
        self._change(conn, p.org_id, "registration", cur.uid)
        return {
            "op_id": op["op_id"],
            "status": "applied",
            "uid": cur.uid,
            "arrival_number": cur.arrival_number,
        }

    def _update(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], cur: Any, at: datetime
    ) -> dict[str, Any]:
        wanted = op.get("changes")
        if not isinstance(wanted, dict) or not wanted:
            raise Refused(422, "Thao tác sửa không có trường nào.")
        if cur.status == "voided":
            # A void wins over an edit: the edit is kept in the audit only.
            self._audit(conn, p, station, op, cur.uid, "superseded", {"changes": wanted, "why": "voided"})
            return {
                "op_id": op["op_id"],
                "status": "superseded",
                "uid": cur.uid,
                "arrival_number": cur.arrival_number,
            }
        times = json.loads(cur.field_times)
        stamp = iso(at)
        applied = {k: v for k, v in wanted.items() if k not in EDITABLE or times.get(k, "") <= stamp}
        older = {k: v for k, v in wanted.items() if k not in applied}
        if applied:
            fields = json.loads(cur.fields)
            draft = parse_draft(
                fields, now=max(now_vn(), parse_timestamp("received_at", fields["received_at"]))
            )
            edited = apply_changes(draft, applied, now=now_vn())
            new_fields = draft_to_input(edited)
            new_fields.pop("instruction", None)
            times.update({k: stamp for k in applied})
            conn.execute(
                update(registrations)
                .where(registrations.c.id == cur.id)
                .values(
                    fields=json.dumps(new_fields, ensure_ascii=False),
                    field_times=json.dumps(times),
                    version=cur.version + 1,
                )
            )
            self._change(conn, p.org_id, "registration", cur.uid)
        status = "applied" if applied else "superseded"
        # The audit keeps both sides of a same-field conflict: what applied and what lost.
        self._audit(conn, p, station, op, cur.uid, status, {"applied": applied, "superseded": older})
        return {
            "op_id": op["op_id"],
            "status": status,
            "uid": cur.uid,
            "arrival_number": cur.arrival_number,
            "superseded_fields": sorted(older),
        }

    def _trace(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], cur: Any, at: datetime
    ) -> dict[str, Any]:
        entry = str(op.get("text") or "").strip()
        if not entry or len(entry) > MAX_LENGTH["instruction"]:
            raise Refused(422, "Nội dung ý kiến chỉ đạo phải có từ 1 đến 2000 ký tự.")
        trace = json.loads(cur.trace)
        trace.append({"at": iso(at), "actor": str(op.get("actor") or p.username)[:64], "text": entry})
        trace.sort(key=lambda t: t["at"])
        conn.execute(
            update(registrations)
            .where(registrations.c.id == cur.id)
            .values(trace=json.dumps(trace, ensure_ascii=False), version=cur.version + 1)
        )
        self._audit(conn, p, station, op, cur.uid, "applied", {"text": entry})
        self._change(conn, p.org_id, "registration", cur.uid)
        return {
            "op_id": op["op_id"],
            "status": "applied",
            "uid": cur.uid,
            "arrival_number": cur.arrival_number,
        }

    @staticmethod
    def _check_uploaded(conn: Connection, p: Principal, attached: list[dict[str, Any]]) -> None:
        for f in attached:
            stored = conn.execute(
                select(files.c.size).where(files.c.org_id == p.org_id, files.c.sha256 == f["sha256"])
            ).scalar()
            if stored is None:
                raise Refused(428, f"Tệp {f['name']} chưa tải lên xong.")
            if stored != f["size"]:
                raise Refused(422, f"Kích thước tệp {f['name']} không khớp với tệp đã tải lên.")

    def _attach(self, conn: Connection, p: Principal, station: str, op: dict[str, Any], cur: Any) -> dict[str, Any]:
        """A file attached to an entry after it was registered (issue 16: the stamped and signed
        copy); a stamped or signed copy replaces the previous one of its role, as on the station."""
        new = _file_list(op.get("files"))
        if len(new) != 1:
            raise Refused(422, "Thao tác gắn tệp phải có đúng một tệp.")
        self._check_uploaded(conn, p, new)
        ref = new[0]
        result = {"op_id": op["op_id"], "uid": cur.uid, "arrival_number": cur.arrival_number}
        if cur.status == "voided":
            self._audit(conn, p, station, op, cur.uid, "superseded", {"file": ref, "why": "voided"})
            return {**result, "status": "superseded"}
        current = json.loads(cur.files)
        role = ref.get("role", "")
        if any(f["sha256"] == ref["sha256"] and f.get("role", "") == role for f in current):
            self._audit(conn, p, station, op, cur.uid, "superseded", {"file": ref, "why": "already attached"})
            return {**result, "status": "superseded"}
        spot = next((i for i, f in enumerate(current) if role and f.get("role", "") == role), None)
        if spot is None:
            current.append(ref)
        else:
            current[spot] = ref
        conn.execute(
            update(registrations)
            .where(registrations.c.id == cur.id)
            .values(files=json.dumps(current, ensure_ascii=False), version=cur.version + 1)
        )
        self._audit(conn, p, station, op, cur.uid, "applied", {"file": ref})
        self._change(conn, p.org_id, "registration", cur.uid)
        return {**result, "status": "applied"}

    def _audit(
        self,
        conn: Connection,
        p: Principal,
        station: str,
        op: dict[str, Any],
        uid: str,
        outcome: str,
        detail: dict[str, Any],
    ) -> None:
        conn.execute(
            _INSERT_AUDIT,
            {
                "org_id": p.org_id,
                "uid": uid[:64],
                "op_id": str(op.get("op_id", ""))[:64],
                "at": _now(),
                "actor": p.username,
                "station": station,
                "action": str(op.get("kind", ""))[:16],
                "outcome": outcome,
                "detail": json.dumps(detail, ensure_ascii=False, default=str),
            },
        )

    @staticmethod
    def _change(conn: Connection, org_id: int, kind: str, uid: str) -> None:
        conn.execute(_INSERT_CHANGE, {"org_id": org_id, "kind": kind, "uid": uid, "at": _now()})

    # --- reading ------------------------------------------------------------------------

    def changes_since(self, p: Principal, after: int, limit: int) -> dict[str, Any]:
        """Registrations (full snapshots) and directory updates changed after the cursor."""
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                select(changes.c.seq, changes.c.kind, changes.c.uid)
                .where(changes.c.org_id == p.org_id, changes.c.seq > after)
                .order_by(changes.c.seq)
                .limit(limit + 1)
            ).all()
            more = len(rows) > limit
            rows = rows[:limit]
            out: list[dict[str, Any]] = []
            seen: set[tuple[str, str]] = set()
            for r in reversed(rows):  # newest snapshot once per entity
                if (r.kind, r.uid) in seen:
                    continue
                seen.add((r.kind, r.uid))
                if r.kind == "registration":
                    out.append(
                        {"seq": r.seq, "kind": r.kind, "registration": self._snapshot(conn, p.org_id, r.uid)}
                    )
                elif r.kind in ("outgoing", "refusal"):
                    snap = self.outgoing.snapshot(conn, p.org_id, r.kind, r.uid)
                    if snap is not None:
                        out.append({"seq": r.seq, "kind": r.kind, r.kind: snap})
                elif r.kind in casefile_ops.FEED_KINDS:
                    out.append({"seq": r.seq, **casefile_ops.snapshot(conn, p.org_id, r.kind, r.uid)})
                else:
                    out.append({"seq": r.seq, "kind": r.kind, "directory": self._directory(conn, p.org_id)})
            out.reverse()
        cursor = rows[-1].seq if rows else after
        return {"changes": out, "cursor": cursor, "more": more}

    def _snapshot(self, conn: Connection, org_id: int, uid: str) -> dict[str, Any]:
        r = conn.execute(
            select(registrations).where(registrations.c.org_id == org_id, registrations.c.uid == uid)
        ).one()
        return {
            "uid": r.uid,
            "book": r.book,
            "year": r.year,
            "arrival_number": r.arrival_number,
            "status": r.status,
            "fields": json.loads(r.fields),
            "files": json.loads(r.files),
            "trace": json.loads(r.trace),
            "void_reason": r.void_reason,
            "created_at": r.created_at,
            "created_by": r.created_by,
            "station": r.station,
            "version": r.version,
        }

    def registration(self, p: Principal, uid: str) -> dict[str, Any]:
        with read_transaction(self.engine) as conn:
            if not conn.execute(
                select(registrations.c.id).where(
                    registrations.c.org_id == p.org_id, registrations.c.uid == uid
                )
            ).first():
                raise Refused(404, "Không tìm thấy văn bản.")
            return self._snapshot(conn, p.org_id, uid)

    def audit(self, p: Principal, uid: str | None, limit: int) -> list[dict[str, Any]]:
        stmt = select(audit_events).where(audit_events.c.org_id == p.org_id)
        if uid:
            stmt = stmt.where(audit_events.c.uid == uid)
        with read_transaction(self.engine) as conn:
            rows = conn.execute(stmt.order_by(audit_events.c.id).limit(limit)).all()
        return [
            {
                "id": r.id,
                "uid": r.uid,
                "op_id": r.op_id,
                "at": r.at,
                "actor": r.actor,
                "station": r.station,
                "action": r.action,
                "outcome": r.outcome,
                "detail": json.loads(r.detail),
            }
            for r in rows
        ]

    # --- directory ------------------------------------------------------------------------

    @staticmethod
    def _directory(conn: Connection, org_id: int) -> list[dict[str, str]]:
        rows = conn.execute(
            select(directory).where(directory.c.org_id == org_id).order_by(directory.c.code)
        ).all()
        return [
            {"code": r.code, "name": r.name, "parent": r.parent, "abbreviation": r.abbreviation, "place": r.place}
            for r in rows
        ]

    def directory(self, p: Principal) -> list[dict[str, str]]:
        with read_transaction(self.engine) as conn:
            return self._directory(conn, p.org_id)

    def put_directory(self, p: Principal, entries: list[dict[str, str]]) -> int:
        codes = [e["code"] for e in entries]
        if len(codes) != len(set(codes)):
            raise Refused(422, "Danh bạ có mã cơ quan bị lặp.")
        for e in entries:
            if not ORG_CODE.match(e["code"]):
                raise Refused(422, f"Mã cơ quan “{e['code']}” không đúng dạng 000.00.04.G14.")
        with transaction(self.engine) as conn:
            conn.execute(delete(directory).where(directory.c.org_id == p.org_id))
            if entries:
                conn.execute(insert(directory), [{"org_id": p.org_id, **e} for e in entries])
            self._change(conn, p.org_id, "directory", "")
        return len(entries)

    # --- files ----------------------------------------------------------------------------

    def has_file(self, p: Principal, sha256: str) -> int | None:
        with read_transaction(self.engine) as conn:
            return conn.execute(
                select(files.c.size).where(files.c.org_id == p.org_id, files.c.sha256 == sha256)
            ).scalar()

    def forget_file(self, sha256: str) -> None:
        """A stored file found damaged (and quarantined): no organization has it any more, so
        the next upload of those bytes stores them again; each organization that held it lists
        it as missing (`missing_files`), so its stations that still have the bytes re-offer them."""
        with transaction(self.engine) as conn:
            held = conn.execute(select(files.c.org_id, files.c.size).where(files.c.sha256 == sha256)).all()
            known = set(conn.execute(select(missing_files.c.org_id).where(missing_files.c.sha256 == sha256)).scalars())
            rows = [
                {"org_id": r.org_id, "sha256": sha256, "size": r.size, "since": _now()}
                for r in held
                if r.org_id not in known
            ]
            if rows:
                conn.execute(insert(missing_files), rows)
            conn.execute(delete(files).where(files.c.sha256 == sha256))

    def missing_files(self, p: Principal) -> list[dict[str, Any]]:
        """The files this organization's registrations hold that the server lost (quarantined)."""
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                select(missing_files.c.sha256, missing_files.c.size)
                .where(missing_files.c.org_id == p.org_id)
                .order_by(missing_files.c.since, missing_files.c.sha256)
            ).all()
        return [{"sha256": r.sha256, "size": int(r.size)} for r in rows]

    def is_missing(self, p: Principal, sha256: str) -> bool:
        with read_transaction(self.engine) as conn:
            return conn.execute(
                select(missing_files.c.sha256).where(
                    missing_files.c.org_id == p.org_id, missing_files.c.sha256 == sha256
                )
            ).first() is not None

    def file_sizes(self) -> dict[str, int]:
        """sha256 -> size of every stored file (for `qlvb-server fsck`)."""
        with read_transaction(self.engine) as conn:
            return {r.sha256: int(r.size) for r in conn.execute(select(files.c.sha256, files.c.size))}

    def files_used_by(self, sha256: str) -> list[tuple[str, str, int, int]]:
        """(organization, book, year, number) of the registrations that hold this file."""
        needle = f'"sha256": "{sha256}"'
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                select(organizations.c.code, registrations.c.book, registrations.c.year, registrations.c.arrival_number)
                .join(organizations, organizations.c.id == registrations.c.org_id)
                .where(registrations.c.files.contains(needle))
            ).all()
        return [(r.code, r.book, r.year, r.arrival_number) for r in rows]

    def add_file(self, p: Principal, sha256: str, size: int) -> None:
        """A checked upload is stored. Every organization that lost these very bytes (its row in
        `missing_files`: same hash, same size) has them again: the hash was just verified."""
        with transaction(self.engine) as conn:
            owners = {p.org_id} | set(
                conn.execute(
                    select(missing_files.c.org_id).where(
                        missing_files.c.sha256 == sha256, missing_files.c.size == size
                    )
                ).scalars()
            )
            for org_id in sorted(owners):
                if not conn.execute(
                    select(files.c.sha256).where(files.c.org_id == org_id, files.c.sha256 == sha256)
                ).first():
                    conn.execute(insert(files).values(org_id=org_id, sha256=sha256, size=size, stored_at=_now()))
            conn.execute(
                delete(missing_files).where(missing_files.c.sha256 == sha256, missing_files.c.org_id.in_(owners))
            )


def _check_station(station: str) -> None:
    if not 1 <= len(station) <= 64:
        raise Refused(422, "Thiếu mã máy trạm (tiêu đề X-Station, tối đa 64 ký tự).")


def _op_time(op: dict[str, Any]) -> datetime:
    raw = op.get("at")
    if not raw:
        return now_vn()
    try:
        return parse_timestamp("received_at", raw)
    except UserError:
        raise Refused(422, "Thời điểm của thao tác không hợp lệ.") from None


def _file_list(raw: Any) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Refused(422, "Danh sách tệp không hợp lệ.")
    out = []
    for f in raw:
        if not (
            isinstance(f, dict)
            and re.fullmatch(r"[0-9a-f]{64}", str(f.get("sha256", "")))
            and isinstance(f.get("size"), int)
            and isinstance(f.get("name"), str)
        ):
            raise Refused(422, "Danh sách tệp không hợp lệ.")
        entry = {"sha256": f["sha256"], "name": f["name"][:200], "size": f["size"]}
        if f.get("role"):
            if f["role"] not in COPY_ROLES:
                raise Refused(422, "Danh sách tệp không hợp lệ.")
            entry["role"] = f["role"]
        out.append(entry)
    return out

