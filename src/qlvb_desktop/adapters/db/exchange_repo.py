"""The exchange inbox and status records on SQLite (migration 0007_exchange), and the packages
we sent, per recipient (0014_exchange_sent).

A package is recorded once (unique by its SHA-256): receiving the same file again, from the
watched folder or the server, returns the first record; a status is recorded once per
(direction, document, organization, code, time), so a status packet delivered twice changes
nothing the second time.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text

from qlvb_desktop.adapters.db.database import read, write
from qlvb_desktop.domain.clock import iso
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, NotFoundError
from qlvb_desktop.domain.exchange import BusinessType, InboxItem, InboxState, SentRecord, StatusRecord
from qlvb_desktop.domain.registration import FileRef
from qlvb_desktop.domain.vocab import Urgency

CTX = "Errors"


def _item(row: Any) -> InboxItem:
    m = row._mapping
    return InboxItem(
        id=m["id"],
        received_at=datetime.fromisoformat(m["received_at"]),
        kind=m["kind"],
        document_id=m["document_id"],
        business_type=BusinessType(m["business_type"]),
        sender_id=m["sender_id"],
        sender_name=m["sender_name"],
        number=m["number"],
        subject=m["subject"],
        urgency=Urgency(m["urgency"]),
        verdict=m["verdict"],
        summary=json.loads(m["summary"]),
        package_sha256=m["package_sha256"],
        package_name=m["package_name"],
        state=InboxState(m["state"]),
        reason=m["reason"],
        registration_id=m["registration_id"],
        package_size=m["package_size"],
    )


def _status(row: Any) -> StatusRecord:
    m = row._mapping
    return StatusRecord(
        m["direction"], m["document_id"], m["organ_id"], m["organ_name"], m["status_code"], m["description"],
        datetime.fromisoformat(m["at"]), m["package_name"],
    )


class SqliteExchange:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add_received(
        self, summary: dict[str, Any], package: FileRef, *, urgency: Urgency, now: datetime
    ) -> tuple[InboxItem, bool]:
        """(the item, True) when new; (the earlier item, False) when this package was seen."""
        sender = summary.get("from") or {}
        with write(self.engine) as conn:
            found = conn.execute(
                text("SELECT * FROM exchange_inbox WHERE package_sha256 = :s"), {"s": package.sha256}
            ).first()
            if found is not None:
                return _item(found), False
            new_id = conn.execute(
                text(
                    "INSERT INTO exchange_inbox (received_at, kind, document_id, business_type, sender_id, "
                    "sender_name, number, subject, urgency, verdict, summary, package_sha256, package_name, "
                    "package_size) VALUES (:at, :kind, :doc, :bt, :sid, :sname, :num, :subj, :urg, :verdict, "
                    ":summary, :sha, :name, :size)"
                ),
                {
                    "at": iso(now), "kind": summary["kind"],
                    "doc": summary.get("document_id", "") if summary["kind"] == "document"
                    else (summary.get("response_for") or {}).get("document_id", ""),
                    "bt": int(summary.get("business_type") or 0), "sid": sender.get("organ_id", ""),
                    "sname": sender.get("organ_name", ""), "num": summary.get("number", ""),
                    "subj": summary.get("subject", "") or summary.get("description", ""), "urg": urgency.value,
                    "verdict": summary.get("verdict", ""), "summary": json.dumps(summary, ensure_ascii=False),
                    "sha": package.sha256, "name": package.name, "size": package.size,
                },
            ).lastrowid
            row = conn.execute(text("SELECT * FROM exchange_inbox WHERE id = :id"), {"id": new_id}).one()
            return _item(row), True

    def get(self, item_id: int) -> InboxItem:
        with read(self.engine) as conn:
            row = conn.execute(text("SELECT * FROM exchange_inbox WHERE id = :id"), {"id": item_id}).first()
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP(CTX, "Không có gói nhận được mã {id}."), id=item_id)
        return _item(row)

    def inbox(self, *, pending_only: bool = False) -> list[InboxItem]:
        """Revocations and urgent documents first, then the newest."""
        where = "WHERE state = 'received'" if pending_only else ""
        with read(self.engine) as conn:
            rows = conn.execute(
                text(
                    f"SELECT * FROM exchange_inbox {where} ORDER BY state != 'received', business_type = 0, "
                    "urgency = '', received_at DESC, id DESC"
                )
            ).all()
        return [_item(r) for r in rows]

    def find_registered(self, document_id: str) -> InboxItem | None:
        """The registered package of a document (what a revocation or update refers to)."""
        with read(self.engine) as conn:
            row = conn.execute(
                text(
                    "SELECT * FROM exchange_inbox WHERE document_id = :d AND state = 'registered' "
                    "AND registration_id IS NOT NULL ORDER BY id DESC LIMIT 1"
                ),
                {"d": document_id},
            ).first()
        return _item(row) if row is not None else None

    def set_state(
        self, item_id: int, state: InboxState, *, reason: str = "", registration_id: int | None = None,
        actor: str, now: datetime,
    ) -> InboxItem:
        with write(self.engine) as conn:
            conn.execute(
                text(
                    "UPDATE exchange_inbox SET state = :st, reason = :r, "
                    "registration_id = COALESCE(:reg, registration_id), handled_at = :at, handled_by = :by "
                    "WHERE id = :id"
                ),
                {"st": state.value, "r": reason, "reg": registration_id, "at": iso(now), "by": actor, "id": item_id},
            )
        return self.get(item_id)

    def add_status(self, record: StatusRecord, *, actor: str, now: datetime) -> bool:
        """False when this very status was already recorded (delivered twice)."""
        with write(self.engine) as conn:
            result = conn.execute(
                text(
                    "INSERT OR IGNORE INTO exchange_status (direction, document_id, organ_id, organ_name, "
                    "status_code, description, at, package_name, created_at, created_by) VALUES "
                    "(:dir, :doc, :org, :oname, :code, :desc, :at, :pkg, :now, :by)"
                ),
                {
                    "dir": record.direction, "doc": record.document_id, "org": record.organ_id,
                    "oname": record.organ_name, "code": record.status_code, "desc": record.description,
                    "at": iso(record.at), "pkg": record.package_name, "now": iso(now), "by": actor,
                },
            )
            return bool(result.rowcount)

    def statuses(self, *, document_id: str | None = None, direction: str | None = None) -> list[StatusRecord]:
        clauses, params = [], {}
        if document_id is not None:
            clauses.append("document_id = :d")
            params["d"] = document_id
        if direction is not None:
            clauses.append("direction = :dir")
            params["dir"] = direction
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with read(self.engine) as conn:
            rows = conn.execute(text(f"SELECT * FROM exchange_status {where} ORDER BY at, id"), params).all()
        return [_status(r) for r in rows]

    def add_sent(self, records: list[SentRecord], *, actor: str) -> None:
        """The recipients of one package we sent (once: the same package written again adds nothing)."""
        with write(self.engine) as conn:
            for r in records:
                conn.execute(
                    text(
                        "INSERT OR IGNORE INTO exchange_sent (document_id, outgoing_id, organ_id, organ_name, "
                        "business_type, number, subject, reason, package_name, sent_at, created_by) VALUES "
                        "(:doc, :out, :org, :oname, :bt, :num, :subj, :reason, :pkg, :at, :by)"
                    ),
                    {
                        "doc": r.document_id, "out": r.outgoing_id, "org": r.organ_id, "oname": r.organ_name,
                        "bt": int(r.business_type), "num": r.number, "subj": r.subject, "reason": r.reason,
                        "pkg": r.package_name, "at": iso(r.at), "by": actor,
                    },
                )

    def sent(self) -> list[SentRecord]:
        with read(self.engine) as conn:
            rows = conn.execute(text("SELECT * FROM exchange_sent ORDER BY sent_at, id")).all()
        return [
            SentRecord(
                m["document_id"], m["organ_id"], m["organ_name"], BusinessType(m["business_type"]), m["number"],
                m["subject"], m["package_name"], datetime.fromisoformat(m["sent_at"]), m["reason"], m["outgoing_id"],
            )
            for m in (row._mapping for row in rows)
        ]
