"""The organization's outgoing register on the server (issue 12 item 6, SPEC §8): the outgoing
series, the numbers leased to stations, the issued and voided documents, and the electronic
documents refused at intake; with their routes and their operations (`outgoing.*`,
`refusal.*`, applied by `ServerStore.apply_batch` in its transaction, at most once each).

Every number the server hands out has a row in `outgoing_numbers` from then on: leased to a
station, issued (a signed document carries it) or voided with a reason; so a number is never
handed out twice (the rules are in `qlvb_desktop.domain.outgoing_numbers`). Numbering takes the
series row lock first (FOR UPDATE on PostgreSQL; SQLite writes one at a time).
"""


import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    delete,
    insert,
    select,
    update,
)

from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_desktop.domain.outgoing import OUTGOING_BOOKS
from qlvb_desktop.domain.outgoing_numbers import (
    EXPIRED_REASON,
    MAX_SERIES,
    RELEASED_REASON,
    IssueDecision,
    NumberState,
    VoidCause,
    decide_issue,
    release_plan,
)
from qlvb_server.database import read_transaction, transaction
from qlvb_server.principal import Principal, Refused
from qlvb_server.tables import files, metadata

OUTGOING_BOOK_CODES = {b.code for b in OUTGOING_BOOKS}
MAX_LEASE = 500
MAX_NUMBER = 10**9
OP_KINDS = ("outgoing.issue", "outgoing.void", "outgoing.release", "refusal.add", "refusal.told")

outgoing_series = Table(
    "outgoing_series",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("book", String(40), primary_key=True),
    Column("series", String(MAX_SERIES), primary_key=True),  # a normative type's name, or ""
    Column("year", Integer, primary_key=True),
    Column("next_number", Integer, nullable=False),
)

outgoing_numbers = Table(
    "outgoing_numbers",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("book", String(40), primary_key=True),
    Column("series", String(MAX_SERIES), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("state", String(16), nullable=False),  # NumberState
    Column("station", String(64), nullable=False),  # the station it was leased to
    Column("leased_at", String(40), nullable=False),
    Column("uid", String(64), nullable=False, server_default=""),  # the register entry, once in it
    Column("record", Text, nullable=False, server_default=""),  # JSON of the document, "" for none
    Column("void_reason", Text, nullable=False, server_default=""),
    Column("void_cause", String(16), nullable=False, server_default=""),  # VoidCause
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_outgoing_numbers_uid", "org_id", "uid"),
    Index("ix_outgoing_numbers_station", "org_id", "station", "state"),
)

outgoing_refusals = Table(
    "outgoing_refusals",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("uid", String(64), primary_key=True),
    Column("record", Text, nullable=False),  # JSON of the refusal as the station made it
    Column("told_at", String(40), nullable=False, server_default=""),
    Column("told_by", String(64), nullable=False, server_default=""),
    Column("station", String(64), nullable=False),
)


def _now() -> str:
    return iso(now_vn())


def _series_key(p: Principal, book: str, series: str, year: int) -> Any:
    if book not in OUTGOING_BOOK_CODES:
        raise Refused(422, f"“{book}” không phải sổ văn bản đi.")
    if len(series) > MAX_SERIES or not 1900 <= int(year) <= 9999:
        raise Refused(422, "Loạt số văn bản đi không hợp lệ.")
    return and_(
        outgoing_numbers.c.org_id == p.org_id,
        outgoing_numbers.c.book == book,
        outgoing_numbers.c.series == series,
        outgoing_numbers.c.year == year,
    )


def _number(raw: Any) -> int:
    n = int(raw)
    if not 1 <= n <= MAX_NUMBER:
        raise Refused(422, "Số văn bản đi không hợp lệ.")
    return n


def _checked_files(conn: Connection, p: Principal, raw: Any) -> list[dict[str, Any]]:
    """The operation's files, each uploaded complete by this organization (428: not yet, the
    station uploads it and retries)."""
    if not isinstance(raw, list):
        return []
    out = []
    for f in raw:
        if not isinstance(f, dict) or not isinstance(f.get("size"), int):
            raise Refused(422, "Danh sách tệp không hợp lệ.")
        stored = conn.execute(
            select(files.c.size).where(files.c.org_id == p.org_id, files.c.sha256 == str(f.get("sha256")))
        ).scalar()
        if stored is None:
            raise Refused(428, f"Tệp {f.get('name')} chưa tải lên xong.")
        if stored != f["size"]:
            raise Refused(422, f"Kích thước tệp {f.get('name')} không khớp với tệp đã tải lên.")
        out.append({"sha256": str(f["sha256"]), "name": str(f.get("name") or "")[:200], "size": f["size"]})
    return out


class OutgoingStore:
    """The outgoing part of `ServerStore` (same engine, same transactions)."""

    def __init__(self, engine: Engine, lease_seconds: int, change: Callable[[Connection, int, str, str], None]) -> None:
        self.engine = engine
        self.lease_seconds = lease_seconds
        self.postgres = engine.dialect.name == "postgresql"
        self._change = change

    # --- series and leases -------------------------------------------------------------------

    def _lock_series(self, conn: Connection, p: Principal, book: str, series: str, year: int) -> int:
        values = {"org_id": p.org_id, "book": book, "series": series, "year": year, "next_number": 1}
        if self.postgres:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            conn.execute(pg_insert(outgoing_series).values(**values).on_conflict_do_nothing())
        else:
            conn.execute(insert(outgoing_series).prefix_with("OR IGNORE").values(**values))
        stmt = select(outgoing_series.c.next_number).where(*self._series_where(p, book, series, year))
        return int(conn.execute(stmt.with_for_update() if self.postgres else stmt).scalar_one())

    @staticmethod
    def _series_where(p: Principal, book: str, series: str, year: int) -> tuple[Any, ...]:
        c = outgoing_series.c
        return (c.org_id == p.org_id, c.book == book, c.series == series, c.year == year)

    def _expire(self, conn: Connection, p: Principal, key: Any) -> None:
        """Leases not renewed in time are voided, never handed out again (see the domain)."""
        cutoff = iso(datetime.fromtimestamp(now_vn().timestamp() - self.lease_seconds, tz=now_vn().tzinfo))
        rows = conn.execute(
            select(outgoing_numbers.c.number, outgoing_numbers.c.station).where(
                key, outgoing_numbers.c.state == NumberState.LEASED.value, outgoing_numbers.c.leased_at < cutoff
            )
        ).all()
        for r in rows:
            self._void_gap(conn, p, key, r.number, EXPIRED_REASON, VoidCause.EXPIRED)

    def _void_gap(self, conn: Connection, p: Principal, key: Any, number: int, reason: str, cause: VoidCause) -> None:
        uid = uuid.uuid4().hex
        conn.execute(
            update(outgoing_numbers)
            .where(key, outgoing_numbers.c.number == number)
            .values(state=NumberState.VOIDED.value, uid=uid, record="", void_reason=reason, void_cause=cause.value)
        )
        self._change(conn, p.org_id, "outgoing", uid)

    def lease(self, p: Principal, station: str, book: str, series: str, year: int, count: int) -> list[int]:
        if not 1 <= count <= MAX_LEASE:
            raise Refused(422, f"Số lượng số cấp phải từ 1 đến {MAX_LEASE}.")
        key = _series_key(p, book, series, year)
        with transaction(self.engine) as conn:
            first = self._lock_series(conn, p, book, series, year)
            self._expire(conn, p, key)
            fresh = list(range(first, first + count))
            conn.execute(
                insert(outgoing_numbers),
                [
                    {
                        "org_id": p.org_id, "book": book, "series": series, "year": year, "number": n,
                        "state": NumberState.LEASED.value, "station": station, "leased_at": _now(),
                    }
                    for n in fresh
                ],
            )
            conn.execute(
                update(outgoing_series)
                .where(*self._series_where(p, book, series, year))
                .values(next_number=first + count)
            )
        return fresh

    def renew(self, p: Principal, station: str) -> list[dict[str, Any]]:
        """Extend the station's outgoing leases and list the numbers it still holds."""
        mine = and_(
            outgoing_numbers.c.org_id == p.org_id,
            outgoing_numbers.c.station == station,
            outgoing_numbers.c.state == NumberState.LEASED.value,
        )
        with transaction(self.engine) as conn:
            conn.execute(update(outgoing_numbers).where(mine).values(leased_at=_now()))
            rows = conn.execute(
                select(outgoing_numbers.c.book, outgoing_numbers.c.series, outgoing_numbers.c.year,
                       outgoing_numbers.c.number).where(mine).order_by(outgoing_numbers.c.number)
            ).all()
        held: dict[tuple[str, str, int], list[int]] = {}
        for r in rows:
            held.setdefault((r.book, r.series, r.year), []).append(r.number)
        return [{"book": b, "series": s, "year": y, "numbers": ns} for (b, s, y), ns in held.items()]

    # --- operations (inside ServerStore.apply_batch's transaction) ---------------------------

    def apply(self, conn: Connection, p: Principal, station: str, op: dict[str, Any], uid: str) -> dict[str, Any]:
        kind = op.get("kind")
        record = op.get("record")
        if not isinstance(record, dict):
            raise Refused(422, "Thiếu nội dung của thao tác.")
        if kind == "outgoing.issue":
            return self._issue(conn, p, station, op, uid, record)
        if kind == "outgoing.void":
            return self._void(conn, p, op, uid, record)
        if kind == "outgoing.release":
            return self._release(conn, p, station, op, record)
        if kind == "refusal.add":
            return self._refusal_add(conn, p, station, op, uid, record)
        if kind == "refusal.told":
            return self._refusal_told(conn, p, op, uid, record)
        raise Refused(422, f"Loại thao tác “{kind}” không hợp lệ.")

    def _issue(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], uid: str, record: dict[str, Any]
    ) -> dict[str, Any]:
        book, series = str(record["book"]), str(record["series"])
        year, number = int(record["year"]), _number(record["number"])
        key = _series_key(p, book, series, year)
        files = _checked_files(conn, p, op.get("files"))
        if len(files) != 1:
            raise Refused(422, "Văn bản đi phải kèm đúng một tệp đã ký.")
        self._lock_series(conn, p, book, series, year)
        row = conn.execute(select(outgoing_numbers).where(key, outgoing_numbers.c.number == number)).first()
        holder = conn.execute(
            select(outgoing_numbers.c.number).where(
                outgoing_numbers.c.org_id == p.org_id, outgoing_numbers.c.uid == uid
            )
        ).first()
        decision = decide_issue(
            NumberState(row.state) if row is not None else None,
            row.uid if row is not None else "",
            uid,
            bool(row is not None and row.record),
        )
        if decision is IssueDecision.ALREADY:
            return {"op_id": op["op_id"], "status": "superseded", "uid": uid, "arrival_number": number}
        if decision is IssueDecision.UNKNOWN:
            raise Refused(422, f"Máy chủ chưa từng cấp số {number:02d} của loạt này; không nhận văn bản đi với số đó.")
        if decision is IssueDecision.TAKEN or (holder is not None and holder.number != number):
            raise Refused(422, f"Số {number:02d} đã thuộc về một văn bản đi khác.")
        stored = dict(record, files=files, station=station)
        conn.execute(
            update(outgoing_numbers)
            .where(key, outgoing_numbers.c.number == number)
            .values(
                state=NumberState.ISSUED.value, uid=uid, record=json.dumps(stored, ensure_ascii=False),
                void_reason="", void_cause="", version=outgoing_numbers.c.version + 1,
            )
        )
        self._change(conn, p.org_id, "outgoing", uid)
        return {"op_id": op["op_id"], "status": "applied", "uid": uid, "arrival_number": number}

    def _void(
        self, conn: Connection, p: Principal, op: dict[str, Any], uid: str, record: dict[str, Any]
    ) -> dict[str, Any]:
        reason = str(record.get("reason") or "").strip()
        if not reason or len(reason) > 500:
            raise Refused(422, "Phải ghi lý do hủy số văn bản đi (tối đa 500 ký tự).")
        mine = and_(outgoing_numbers.c.org_id == p.org_id, outgoing_numbers.c.uid == uid)
        row = conn.execute(select(outgoing_numbers).where(mine)).first()
        if row is None:
            raise Refused(422, "Văn bản đi của thao tác này không có trên máy chủ.")
        if row.state == NumberState.VOIDED.value:
            return {"op_id": op["op_id"], "status": "superseded", "uid": uid, "arrival_number": row.number}
        stored = dict(json.loads(row.record), voided_at=str(record.get("voided_at") or ""),
                      voided_by=str(record.get("voided_by") or ""))
        conn.execute(
            update(outgoing_numbers).where(mine).values(
                state=NumberState.VOIDED.value, void_reason=reason, void_cause=VoidCause.CLERK.value,
                record=json.dumps(stored, ensure_ascii=False), version=row.version + 1,
            )
        )
        self._change(conn, p.org_id, "outgoing", uid)
        return {"op_id": op["op_id"], "status": "applied", "uid": uid, "arrival_number": row.number}

    def _release(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], record: dict[str, Any]
    ) -> dict[str, Any]:
        book, series, year = str(record["book"]), str(record["series"]), int(record["year"])
        numbers = [_number(n) for n in record["numbers"][:MAX_LEASE]]
        key = _series_key(p, book, series, year)
        next_number = self._lock_series(conn, p, book, series, year)
        held = set(
            conn.execute(
                select(outgoing_numbers.c.number).where(
                    key,
                    outgoing_numbers.c.station == station,
                    outgoing_numbers.c.state == NumberState.LEASED.value,
                    outgoing_numbers.c.number.in_(numbers),
                )
            ).scalars()
        )
        back, voided, top = release_plan(sorted(held), next_number)
        if back:
            conn.execute(delete(outgoing_numbers).where(key, outgoing_numbers.c.number.in_(back)))
            where = self._series_where(p, book, series, year)
            conn.execute(update(outgoing_series).where(*where).values(next_number=top))
        for n in voided:
            self._void_gap(conn, p, key, n, RELEASED_REASON, VoidCause.RELEASED)
        return {"op_id": op["op_id"], "status": "applied", "uid": str(op.get("uid") or "")}

    def _refusal_add(
        self, conn: Connection, p: Principal, station: str, op: dict[str, Any], uid: str, record: dict[str, Any]
    ) -> dict[str, Any]:
        attached = _checked_files(conn, p, op.get("files"))
        if len(attached) != 1 or not str(record.get("reason") or "").strip():
            raise Refused(422, "Văn bản bị từ chối phải kèm tệp và lý do.")
        mine = and_(outgoing_refusals.c.org_id == p.org_id, outgoing_refusals.c.uid == uid)
        if conn.execute(select(outgoing_refusals.c.uid).where(mine)).first():
            return {"op_id": op["op_id"], "status": "superseded", "uid": uid}
        stored = dict(record, files=attached)
        conn.execute(
            insert(outgoing_refusals).values(
                org_id=p.org_id, uid=uid, record=json.dumps(stored, ensure_ascii=False), station=station
            )
        )
        self._change(conn, p.org_id, "refusal", uid)
        return {"op_id": op["op_id"], "status": "applied", "uid": uid}

    def _refusal_told(
        self, conn: Connection, p: Principal, op: dict[str, Any], uid: str, record: dict[str, Any]
    ) -> dict[str, Any]:
        mine = and_(outgoing_refusals.c.org_id == p.org_id, outgoing_refusals.c.uid == uid)
        row = conn.execute(select(outgoing_refusals).where(mine)).first()
        if row is None:
            raise Refused(422, "Văn bản bị từ chối của thao tác này không có trên máy chủ.")
        if row.told_at:
            return {"op_id": op["op_id"], "status": "superseded", "uid": uid}
        conn.execute(
            update(outgoing_refusals).where(mine).values(
                told_at=str(record.get("told_at") or _now())[:40], told_by=str(record.get("told_by") or p.username)[:64]
            )
        )
        self._change(conn, p.org_id, "refusal", uid)
        return {"op_id": op["op_id"], "status": "applied", "uid": uid}

    # --- the feed -------------------------------------------------------------------------------

    @staticmethod
    def snapshot(conn: Connection, org_id: int, kind: str, uid: str) -> dict[str, Any] | None:
        """The register entry (`outgoing`) or refusal (`refusal`) as every station stores it."""
        if kind == "refusal":
            r = conn.execute(
                select(outgoing_refusals).where(outgoing_refusals.c.org_id == org_id, outgoing_refusals.c.uid == uid)
            ).first()
            if r is None:
                return None
            return {**json.loads(r.record), "uid": uid, "told_at": r.told_at, "told_by": r.told_by}
        n = conn.execute(
            select(outgoing_numbers).where(outgoing_numbers.c.org_id == org_id, outgoing_numbers.c.uid == uid)
        ).first()
        if n is None:
            return None  # replaced since (a late document took the number of a voided gap)
        record = json.loads(n.record) if n.record else {}
        return {
            **record,
            "uid": uid,
            "book": n.book,
            "series": n.series,
            "year": n.year,
            "number": n.number,
            "status": "voided" if n.state == NumberState.VOIDED.value else "issued",
            "void_reason": n.void_reason,
            "void_cause": n.void_cause,
            "version": n.version,
        }

    def listing(self, p: Principal, book: str, series: str, year: int) -> list[dict[str, Any]]:
        """Every number of a series the server handed out, with its state (for administrators
        and the tests: each number once, issued or voided with a reason, or still leased)."""
        key = _series_key(p, book, series, year)
        with read_transaction(self.engine) as conn:
            rows = conn.execute(select(outgoing_numbers).where(key).order_by(outgoing_numbers.c.number)).all()
        return [
            {"number": r.number, "state": r.state, "uid": r.uid, "station": r.station, "void_reason": r.void_reason}
            for r in rows
        ]


class OutgoingLeaseIn(BaseModel):
    book: str = Field(min_length=1, max_length=40)
    series: str = Field(default="", max_length=MAX_SERIES)
    year: int = Field(ge=1900, le=9999)
    count: int = Field(default=20, ge=1, le=MAX_LEASE)


class OutgoingLeaseOut(BaseModel):
    numbers: list[int]


class OutgoingHeld(BaseModel):
    book: str
    series: str
    year: int
    numbers: list[int]


class OutgoingRenewOut(BaseModel):
    held: list[OutgoingHeld]


class OutgoingNumberRow(BaseModel):
    number: int
    state: str
    uid: str
    station: str
    void_reason: str


def router(
    store: OutgoingStore, principal: Callable[..., Principal], station_of: Callable[..., str], api: str,
    errors: dict[int | str, dict[str, Any]],
) -> APIRouter:
    r = APIRouter()
    User = Annotated[Principal, Depends(principal)]
    Station = Annotated[str, Depends(station_of)]

    @r.post(f"{api}/outgoing/leases", response_model=OutgoingLeaseOut, responses=errors)
    def lease(body: OutgoingLeaseIn, p: User, station: Station) -> dict[str, Any]:
        """Outgoing numbers of one series for a station to issue offline (never handed out again)."""
        return {"numbers": store.lease(p, station, body.book, body.series, body.year, body.count)}

    @r.post(f"{api}/outgoing/leases/renew", response_model=OutgoingRenewOut, responses=errors)
    def renew(p: User, station: Station) -> dict[str, Any]:
        return {"held": store.renew(p, station)}

    @r.get(f"{api}/outgoing/{{book}}/{{year}}/numbers", response_model=list[OutgoingNumberRow], responses=errors)
    def numbers(p: User, book: str, year: int, series: str = "") -> list[dict[str, Any]]:
        return store.listing(p, book, series, year)

    return r
