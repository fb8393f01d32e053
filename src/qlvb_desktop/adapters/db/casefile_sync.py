"""The station's side of case-file sync (issue 17 second pass; rules in domain/casefile_sync.py).

`queue_*` run inside the case-file store's write transactions, so a change and its `casefile.*`
operation are committed together or not at all. `apply_changes` writes what the server's feed
says a case file (or a year's list) is: its heading, status and documents with the DocOrdinals
the server decided; fields 1–2 of the incoming registrations it holds follow. On a synced
station fields 1–2 are derived from the case files here (they do not travel as edits of the
registration), so a pulled registration keeps the station's own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from qlvb_desktop.adapters.db import sync_journal
from qlvb_desktop.adapters.db.database import write
from qlvb_desktop.domain import casefile_sync as wire
from qlvb_desktop.domain.casefiles import CaseFile, ListEntry
from qlvb_desktop.domain.clock import iso, now_vn

# --- inside the case-file store's transactions ----------------------------------------------------


def doc_uid(conn: Connection, kind: str, ref_id: int) -> str:
    if kind == "incoming":
        return sync_journal.uid_of(conn, ref_id)
    return str(conn.execute(text("SELECT uid FROM outgoing WHERE id = :id"), {"id": ref_id}).scalar_one())


def queue_open(conn: Connection, cf: CaseFile, actor: str, at: datetime) -> None:
    sync_journal.enqueue(conn, wire.OPEN, cf.uid, {"casefile": wire.casefile_wire(cf), "actor": actor}, at)


def queue_doc(conn: Connection, op: str, cf_uid: str, kind: str, ref_id: int, actor: str, at: datetime) -> None:
    body = {"doc_kind": kind, "doc_uid": doc_uid(conn, kind, ref_id)}
    sync_journal.enqueue(conn, op, cf_uid, {"casefile": body, "actor": actor}, at)


def queue_close(conn: Connection, cf: CaseFile, actor: str, at: datetime) -> None:
    body = {"start_date": cf.start_date.isoformat(), "end_date": cf.end_date.isoformat() if cf.end_date else None}
    sync_journal.enqueue(conn, wire.CLOSE, cf.uid, {"casefile": body, "actor": actor}, at)


def queue_list(conn: Connection, year: int, entries: list[ListEntry], actor: str, at: datetime) -> None:
    body = {"year": year, "entries": wire.list_wire(entries)}
    sync_journal.enqueue(conn, wire.LIST, wire.list_uid(year), {"casefile": body, "actor": actor}, at)


def adopt_local_casefiles(conn: Connection) -> int:
    """On the first login (after the registrations are queued): queue the lists, case files and
    filings this station made alone, in the order they were made."""
    from qlvb_desktop.adapters.db.casefiles_repo import _case_file, list_rows

    years = [int(y) for y in conn.execute(text("SELECT DISTINCT year FROM casefile_list ORDER BY year")).scalars()]
    for year in years:
        queue_list(conn, year, list_rows(conn, year), "", now_vn())
    rows = conn.execute(text("SELECT * FROM casefiles ORDER BY id")).all()
    for r in rows:
        cf = _case_file(r)
        queue_open(conn, cf, r.created_by, datetime.fromisoformat(r.created_at))
        for d in conn.execute(
            text("SELECT kind, ref_id, added_at, added_by FROM casefile_documents WHERE casefile_id = :c "
                 "ORDER BY ordinal"),
            {"c": cf.id},
        ).all():
            queue_doc(conn, wire.FILE, cf.uid, d.kind, d.ref_id, d.added_by, datetime.fromisoformat(d.added_at))
        if r.status == "closed":
            queue_close(conn, cf, r.closed_by, datetime.fromisoformat(r.closed_at))
    return len(rows)


# --- pulled changes ----------------------------------------------------------------------------------


def _pending(conn: Connection, uids: list[str]) -> bool:
    marks = ", ".join(f":u{i}" for i in range(len(uids)))
    return conn.execute(
        text(f"SELECT 1 FROM outbox WHERE state = 'pending' AND uid IN ({marks}) LIMIT 1"),
        {f"u{i}": u for i, u in enumerate(uids)},
    ).first() is not None


def apply_changes(engine: Engine, changes: list[dict[str, Any]], actor: str) -> int:
    """A page's case-file changes in one transaction; returns how many were applied. One the
    station still has unsent operations on is skipped (it comes back after the push)."""
    applied = 0
    with write(engine) as conn:
        for change in changes:
            if change["kind"] == "casefile_list":
                applied += _apply_list(conn, change["casefile_list"])
            else:
                applied += _apply_casefile(conn, change["casefile"], actor)
    return applied


def _apply_list(conn: Connection, snap: dict[str, Any]) -> bool:
    from qlvb_desktop.adapters.db.casefiles_repo import write_list

    year = int(snap["year"])
    if _pending(conn, [wire.list_uid(year)]):
        return False
    write_list(conn, year, wire.list_from_wire(snap["entries"]))
    return True


def _apply_casefile(conn: Connection, snap: dict[str, Any], actor: str) -> bool:
    from qlvb_desktop.adapters.db.casefiles_repo import set_register_fields

    uid = str(snap["uid"])
    uids = [uid, *snap.get("aliases", [])]
    if _pending(conn, uids):
        return False
    cf = wire.casefile_from_wire(snap, uid, str(snap["status"]))
    local = conn.execute(
        text("SELECT id, uid FROM casefiles WHERE uid IN (" + ", ".join(f":u{i}" for i in range(len(uids))) + ")"),
        {f"u{i}": u for i, u in enumerate(uids)},
    ).first()
    if local is None:
        local = conn.execute(
            text("SELECT id, uid FROM casefiles WHERE year = :y AND notation = :n"), {"y": cf.year, "n": cf.notation}
        ).first()
        if local is not None and _pending(conn, [local.uid]):
            return False  # its own opening is still on the way: the server will alias it
    values = {
        "uid": uid, "year": cf.year, "notation": cf.notation, "title": cf.title, "retention": cf.retention,
        "creator": cf.creator, "organ_id": cf.organ_id, "start": cf.start_date.isoformat(),
        "end": cf.end_date.isoformat() if cf.end_date else None, "status": cf.status.value,
        "description": cf.description, "language": cf.language, "rights": cf.rights, "listed": int(cf.listed),
        "created_at": str(snap.get("created_at") or iso(now_vn())), "created_by": str(snap.get("created_by") or ""),
        "closed_at": str(snap.get("closed_at") or "") or None, "closed_by": str(snap.get("closed_by") or ""),
    }
    sets = ("uid = :uid, year = :year, notation = :notation, title = :title, retention = :retention, "
            "creator = :creator, organ_id = :organ_id, start_date = :start, end_date = :end, status = :status, "
            "description = :description, language = :language, rights = :rights, listed = :listed, "
            "closed_at = :closed_at, closed_by = :closed_by")
    if local is None:
        cid = int(conn.execute(
            text("INSERT INTO casefiles (uid, year, notation, title, retention, creator, organ_id, start_date, "
                 "end_date, status, description, language, rights, listed, created_at, created_by, closed_at, "
                 "closed_by) VALUES (:uid, :year, :notation, :title, :retention, :creator, :organ_id, :start, :end, "
                 ":status, :description, :language, :rights, :listed, :created_at, :created_by, :closed_at, "
                 ":closed_by) RETURNING id"),
            values,
        ).scalar_one())
    else:
        cid = int(local.id)
        conn.execute(text(f"UPDATE casefiles SET {sets} WHERE id = :id"), {**values, "id": cid})
        if local.uid != uid:  # merged into the case file another station opened first
            conn.execute(text("UPDATE outbox SET uid = :new WHERE uid = :old"), {"new": uid, "old": local.uid})
    before = {(r.kind, int(r.ref_id)): int(r.ordinal) for r in conn.execute(
        text("SELECT kind, ref_id, ordinal FROM casefile_documents WHERE casefile_id = :c"), {"c": cid})}
    after: dict[tuple[str, int], int] = {}
    conn.execute(text("DELETE FROM casefile_documents WHERE casefile_id = :c"), {"c": cid})
    for d in snap.get("documents") or []:
        table = "registrations" if d["kind"] == "incoming" else "outgoing"
        ref = conn.execute(text(f"SELECT id FROM {table} WHERE uid = :u"), {"u": d["uid"]}).scalar()
        if ref is None:
            continue  # a document this station does not hold (not synced to it)
        after[(str(d["kind"]), int(ref))] = int(d["ordinal"])
        conn.execute(
            text("INSERT INTO casefile_documents (casefile_id, ordinal, kind, ref_id, added_at, added_by) "
                 "VALUES (:c, :o, :k, :r, :at, :by)"),
            {"c": cid, "o": int(d["ordinal"]), "k": d["kind"], "r": ref, "at": str(d.get("filed_at") or ""),
             "by": str(d.get("filed_by") or "")},
        )
    now = now_vn()
    cf = replace(cf, id=cid)
    for (kind, ref), _ordinal in before.items():
        if kind == "incoming" and (kind, ref) not in after:
            set_register_fields(conn, ref, cf, None, only_if_empty=False, actor=actor, now=now)
    for (kind, ref), ordinal in after.items():
        if kind == "incoming" and before.get((kind, ref)) != ordinal:
            set_register_fields(conn, ref, cf, ordinal, only_if_empty=(kind, ref) not in before, actor=actor,
                                now=now)
    return True
