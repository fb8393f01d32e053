"""Case files held by the server per organization (issue 17 second pass, SPEC §11).

The `casefile.*` operations arrive through `POST /operations` with the register's and are applied
in the same transaction, each at most once (the operation id is recorded by the store). The
rules (who decides DocOrdinal, aliases, closing wins) are in `qlvb_desktop.domain.casefile_sync`;
this module applies them to the tables and builds the snapshots of the feed (`casefile`: one
case file with its documents; `casefile_list`: one year's list).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from qlvb_desktop.domain import casefile_sync as wire
from qlvb_server.principal import Principal, Refused
from qlvb_server.tables import (
    casefile_aliases,
    casefile_documents,
    casefile_lists,
    casefiles,
    changes,
    registrations,
)

Audit = Callable[[Connection, Principal, str, dict[str, Any], str, str, dict[str, Any]], None]
FEED_KINDS = ("casefile", "casefile_list")


def _change(conn: Connection, org_id: int, kind: str, uid: str, at: str) -> None:
    conn.execute(insert(changes).values(org_id=org_id, kind=kind, uid=uid, at=at))


def _resolve(conn: Connection, org_id: int, uid: str) -> Any:
    """The case file row of a uid (an alias leads to the file it was merged into), locked."""
    target = conn.execute(
        select(casefile_aliases.c.target).where(casefile_aliases.c.org_id == org_id, casefile_aliases.c.uid == uid)
    ).scalar()
    row = conn.execute(
        select(casefiles)
        .where(casefiles.c.org_id == org_id, casefiles.c.uid == (target or uid))
        .with_for_update()
    ).first()
    if row is None:
        # The station keeps queue order, so its opening arrived first: a forged or foreign uid.
        raise Refused(422, "Hồ sơ của thao tác này không có trên máy chủ.")
    return row


def _closed_refusal(row: Any) -> Refused:
    data = json.loads(row.data)
    end = str(data.get("end_date") or "")
    day = f"{end[8:10]}/{end[5:7]}/{end[:4]}" if len(end) == 10 else ""
    return Refused(
        409,
        f"Hồ sơ {row.notation} năm {row.year} đã kết thúc"
        + (f" (ngày kết thúc {day})" if day else "")
        + " trên một máy khác; văn bản không được đưa vào hay rút ra nữa.",
    )


def _touch(conn: Connection, row: Any, now: str) -> None:
    conn.execute(update(casefiles).where(casefiles.c.id == row.id).values(version=row.version + 1))
    _change(conn, row.org_id, "casefile", row.uid, now)


def apply(
    conn: Connection, p: Principal, station: str, op: dict[str, Any], now: str, audit: Audit
) -> dict[str, Any]:
    """Apply one `casefile.*` operation; raise Refused/UserError to refuse it (the store
    records the refusal and goes on with the batch)."""
    kind = str(op.get("kind"))
    uid = str(op.get("uid") or "")
    body = op.get("casefile")
    at = str(op.get("at") or now)
    base = {"op_id": op["op_id"], "status": "applied", "uid": uid}
    if kind == wire.LIST:
        return _list(conn, p, station, op, body, at, now, audit)
    if kind == wire.OPEN:
        return _open(conn, p, station, op, body, now, audit)
    row = _resolve(conn, p.org_id, uid)
    base["uid"] = row.uid
    if kind == wire.CLOSE:
        if row.status == "closed":
            return {**base, "status": "superseded"}
        start, end = wire.close_dates(body)
        data = {**json.loads(row.data), "start_date": start.isoformat(), "end_date": end.isoformat(),
                "closed_by": str(op.get("actor") or p.username)[:64]}
        conn.execute(
            update(casefiles)
            .where(casefiles.c.id == row.id)
            .values(status="closed", closed_at=at, data=json.dumps(data, ensure_ascii=False))
        )
        audit(conn, p, station, op, row.uid, "applied", {"closed": end.isoformat()})
        _touch(conn, row, now)
        return base
    doc_kind, doc_uid = wire.doc_ref(body)
    if row.status == "closed":
        raise _closed_refusal(row)
    member = casefile_documents.c
    key = (member.org_id == p.org_id, member.casefile_uid == row.uid)
    present = conn.execute(
        select(member.ordinal).where(*key, member.kind == doc_kind, member.doc_uid == doc_uid)
    ).scalar()
    if kind == wire.FILE:
        if present is not None:
            return {**base, "ordinal": int(present)}
        if doc_kind == "incoming" and conn.execute(
            select(registrations.c.id).where(registrations.c.org_id == p.org_id, registrations.c.uid == doc_uid)
        ).first() is None:
            raise Refused(422, "Văn bản đưa vào hồ sơ không có trên máy chủ.")
        ordinal = int(conn.execute(select(func.coalesce(func.max(member.ordinal), 0) + 1).where(*key)).scalar_one())
        conn.execute(
            insert(casefile_documents).values(
                org_id=p.org_id, casefile_uid=row.uid, ordinal=ordinal, kind=doc_kind, doc_uid=doc_uid,
                filed_at=at, filed_by=str(op.get("actor") or p.username)[:64],
            )
        )
        audit(conn, p, station, op, row.uid, "applied", {"doc": doc_uid, "ordinal": ordinal})
        _touch(conn, row, now)
        return {**base, "ordinal": ordinal}
    if kind == wire.REMOVE:
        if present is None:
            return {**base, "status": "superseded"}  # another station took it out already
        conn.execute(delete(casefile_documents).where(*key, member.ordinal == present))
        later = conn.execute(
            select(member.ordinal).where(*key, member.ordinal > present).order_by(member.ordinal)
        ).scalars().all()
        for n in later:  # one at a time, lowest first: each moves into the place just freed
            conn.execute(update(casefile_documents).where(*key, member.ordinal == n).values(ordinal=n - 1))
        audit(conn, p, station, op, row.uid, "applied", {"doc": doc_uid, "removed": int(present)})
        _touch(conn, row, now)
        return base
    raise Refused(422, f"Loại thao tác “{kind}” không hợp lệ.")


def _open(
    conn: Connection, p: Principal, station: str, op: dict[str, Any], body: Any, now: str, audit: Audit
) -> dict[str, Any]:
    uid = str(op["uid"])
    base = {"op_id": op["op_id"], "status": "applied", "uid": uid}
    known = conn.execute(
        select(casefiles.c.uid).where(casefiles.c.org_id == p.org_id, casefiles.c.uid == uid)
    ).first()
    alias = conn.execute(
        select(casefile_aliases.c.target).where(casefile_aliases.c.org_id == p.org_id, casefile_aliases.c.uid == uid)
    ).scalar()
    if known is not None or alias is not None:
        return {**base, "uid": alias or uid}
    cf = wire.casefile_from_wire(body, uid)
    same = conn.execute(
        select(casefiles).where(
            casefiles.c.org_id == p.org_id, casefiles.c.year == cf.year, casefiles.c.notation == cf.notation
        )
    ).first()
    if same is not None:
        # Opened on two stations while offline: one case file, the later opening an alias of it.
        conn.execute(insert(casefile_aliases).values(org_id=p.org_id, uid=uid, target=same.uid))
        audit(conn, p, station, op, same.uid, "applied", {"alias": uid})
        _change(conn, p.org_id, "casefile", same.uid, now)
        return {**base, "uid": same.uid}
    data = {**wire.casefile_wire(cf), "created_at": str(op.get("at") or now),
            "created_by": str(op.get("actor") or p.username)[:64], "closed_by": ""}
    conn.execute(
        insert(casefiles).values(
            org_id=p.org_id, uid=uid, year=cf.year, notation=cf.notation, status="open",
            data=json.dumps(data, ensure_ascii=False), closed_at="", version=1,
        )
    )
    audit(conn, p, station, op, uid, "applied", {"notation": cf.notation, "year": cf.year})
    _change(conn, p.org_id, "casefile", uid, now)
    return base


def _list(
    conn: Connection, p: Principal, station: str, op: dict[str, Any], body: Any, at: str, now: str, audit: Audit
) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise Refused(422, "Danh mục hồ sơ không hợp lệ.")
    year = body.get("year")
    if not isinstance(year, int) or not 1900 <= year <= 9999 or op.get("uid") != wire.list_uid(year):
        raise Refused(422, "Năm của danh mục hồ sơ không hợp lệ.")
    entries = wire.list_from_wire(body.get("entries"))
    base = {"op_id": op["op_id"], "status": "applied", "uid": wire.list_uid(year)}
    key = (casefile_lists.c.org_id == p.org_id, casefile_lists.c.year == year)
    stored = conn.execute(select(casefile_lists.c.at).where(*key)).scalar()
    if stored is not None and stored > at:
        return {**base, "status": "superseded"}  # a later edit of the list is already here
    values = {"entries": json.dumps(wire.list_wire(entries), ensure_ascii=False), "at": at}
    if stored is None:
        conn.execute(insert(casefile_lists).values(org_id=p.org_id, year=year, **values))
    else:
        conn.execute(update(casefile_lists).where(*key).values(**values))
    audit(conn, p, station, op, wire.list_uid(year), "applied", {"rows": len(entries)})
    _change(conn, p.org_id, "casefile_list", str(year), now)
    return base


def snapshot(conn: Connection, org_id: int, kind: str, uid: str) -> dict[str, Any]:
    """A feed entry: a case file with its documents and aliases, or one year's list."""
    if kind == "casefile_list":
        r = conn.execute(
            select(casefile_lists).where(casefile_lists.c.org_id == org_id, casefile_lists.c.year == int(uid))
        ).one()
        return {"kind": kind, "casefile_list": {"year": r.year, "entries": json.loads(r.entries), "at": r.at}}
    r = conn.execute(select(casefiles).where(casefiles.c.org_id == org_id, casefiles.c.uid == uid)).one()
    m = casefile_documents.c
    docs = conn.execute(
        select(m.ordinal, m.kind, m.doc_uid, m.filed_at, m.filed_by)
        .where(m.org_id == org_id, m.casefile_uid == uid)
        .order_by(m.ordinal)
    ).all()
    aliases = conn.execute(
        select(casefile_aliases.c.uid).where(casefile_aliases.c.org_id == org_id, casefile_aliases.c.target == uid)
    ).scalars().all()
    return {
        "kind": kind,
        "casefile": {
            "uid": r.uid, "status": r.status, "closed_at": r.closed_at, "version": r.version,
            **json.loads(r.data),
            "aliases": sorted(aliases),
            "documents": [
                {"ordinal": d.ordinal, "kind": d.kind, "uid": d.doc_uid, "filed_at": d.filed_at,
                 "filed_by": d.filed_by}
                for d in docs
            ],
        },
    }

