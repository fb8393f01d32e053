"""Case files on the register's SQLite file (issue 17, SPEC §11; migration 0011_casefiles).

Filing a document is one write transaction: the membership row with the next DocOrdinal and,
for an incoming registration whose fields 1–2 are still empty, FileCode and DocOrdinal written
into the registration with its audit event (the first case file a document joins is the one
the register's fields name; further memberships live in `casefile_documents` only, so the
document is never copied). The register's printed columns do not include fields 1–2, so
filing is allowed in a closed period, like the handling mark. On a synced station every change
(the list, opening, filing, removing, closing) also queues its `casefile.*` operation in the
same transaction (casefile_sync.py); fields 1–2 are derived from the case files on each station
and do not travel as edits of the registration.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from qlvb_desktop.adapters.db import casefile_sync
from qlvb_desktop.adapters.db.database import read, write
from qlvb_desktop.adapters.db.repository import SqliteRegister
from qlvb_desktop.domain import casefile_sync as wire
from qlvb_desktop.domain.casefiles import (
    CaseFile,
    CaseFileStatus,
    DocKind,
    FiledDocument,
    ListEntry,
)
from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, NotFoundError, UserError
from qlvb_desktop.domain.registration import duplicate_key, join_number, split_number

CTX = "Errors"


def _case_file(row: Any) -> CaseFile:
    m = row._mapping
    return CaseFile(
        id=m["id"], year=m["year"], notation=m["notation"], title=m["title"], retention=m["retention"],
        creator=m["creator"], organ_id=m["organ_id"], start_date=date.fromisoformat(m["start_date"]),
        status=CaseFileStatus(m["status"]), end_date=date.fromisoformat(m["end_date"]) if m["end_date"] else None,
        description=m["description"], language=m["language"], rights=m["rights"], listed=bool(m["listed"]),
        uid=m["uid"],
    )


class SqliteCaseFiles:
    def __init__(self, repo: SqliteRegister) -> None:
        self.repo = repo
        self.engine: Engine = repo.engine

    # --- the yearly list ---------------------------------------------------------------------

    def replace_list(self, year: int, entries: Sequence[ListEntry], *, actor: str = "",
                     now: datetime | None = None) -> None:
        with write(self.engine) as conn:
            write_list(conn, year, entries)
            if self.repo.synced:
                casefile_sync.queue_list(conn, year, list(entries), actor, now or now_vn())

    def list_entries(self, year: int) -> list[ListEntry]:
        with read(self.engine) as conn:
            return list_rows(conn, year)

    # --- case files ----------------------------------------------------------------------------

    def open(self, case_file: CaseFile, *, actor: str, now: datetime) -> CaseFile:
        with write(self.engine) as conn:
            taken = conn.execute(
                text("SELECT id FROM casefiles WHERE year = :y AND notation = :n"),
                {"y": case_file.year, "n": case_file.notation},
            ).first()
            if taken is not None:
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Hồ sơ {code} năm {year} đã được mở."),
                    code=case_file.notation, year=case_file.year,
                )
            cid = conn.execute(
                text(
                    "INSERT INTO casefiles (uid, year, notation, title, retention, creator, organ_id, start_date, "
                    "status, description, language, rights, listed, created_at, created_by) VALUES (:uid, :year, "
                    ":notation, :title, :retention, :creator, :organ_id, :start, 'open', :description, :language, "
                    ":rights, :listed, :at, :actor) RETURNING id"
                ),
                {"uid": case_file.uid or uuid.uuid4().hex, "year": case_file.year, "notation": case_file.notation,
                 "title": case_file.title, "retention": case_file.retention, "creator": case_file.creator,
                 "organ_id": case_file.organ_id, "start": case_file.start_date.isoformat(),
                 "description": case_file.description, "language": case_file.language,
                 "rights": case_file.rights, "listed": int(case_file.listed), "at": iso(now), "actor": actor},
            ).scalar_one()
            opened = self._get(conn, cid)
            if self.repo.synced:
                casefile_sync.queue_open(conn, opened, actor, now)
            return opened

    @staticmethod
    def _get(conn: Connection, casefile_id: int) -> CaseFile:
        row = conn.execute(text("SELECT * FROM casefiles WHERE id = :id"), {"id": casefile_id}).first()
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP(CTX, "Không tìm thấy hồ sơ có mã {id}."), id=casefile_id)
        return _case_file(row)

    def get(self, casefile_id: int) -> CaseFile:
        with read(self.engine) as conn:
            return self._get(conn, casefile_id)

    def find(self, year: int | None, notation: str) -> list[CaseFile]:
        sql = "SELECT * FROM casefiles WHERE notation = :n" + (" AND year = :y" if year else "")
        with read(self.engine) as conn:
            return [_case_file(r) for r in conn.execute(text(sql + " ORDER BY year DESC"), {"n": notation, "y": year})]

    def case_files(
        self, *, year: int | None = None, status: CaseFileStatus | None = None
    ) -> list[tuple[CaseFile, int]]:
        """Case files with their document counts, in code order."""
        sql = (
            "SELECT c.*, (SELECT count(*) FROM casefile_documents d WHERE d.casefile_id = c.id) AS docs "
            "FROM casefiles c WHERE 1 = 1"
        )
        params: dict[str, Any] = {}
        if year is not None:
            sql += " AND c.year = :y"
            params["y"] = year
        if status is not None:
            sql += " AND c.status = :s"
            params["s"] = status.value
        with read(self.engine) as conn:
            rows = conn.execute(text(sql + " ORDER BY c.year, c.notation"), params).all()
        return [(_case_file(r), int(r.docs)) for r in rows]

    def files_of(self, kind: DocKind, ref_id: int) -> list[tuple[CaseFile, int]]:
        """The case files a document is in, with its DocOrdinal in each."""
        with read(self.engine) as conn:
            rows = conn.execute(
                text(
                    "SELECT c.*, d.ordinal AS doc_ordinal_in FROM casefile_documents d JOIN casefiles c "
                    "ON c.id = d.casefile_id WHERE d.kind = :k AND d.ref_id = :r ORDER BY c.year, c.notation"
                ),
                {"k": kind.value, "r": ref_id},
            ).all()
        return [(_case_file(r), int(r.doc_ordinal_in)) for r in rows]

    # --- filing ----------------------------------------------------------------------------------

    @staticmethod
    def _open_file(conn: Connection, casefile_id: int) -> CaseFile:
        cf = SqliteCaseFiles._get(conn, casefile_id)
        if cf.status is CaseFileStatus.CLOSED:
            raise UserError(
                QT_TRANSLATE_NOOP(CTX, "Hồ sơ {code} đã kết thúc, không thay đổi được."), code=cf.notation
            )
        return cf

    def add(self, casefile_id: int, kind: DocKind, ref_id: int, *, actor: str, now: datetime) -> int:
        """File a document; returns its DocOrdinal (the next in the file)."""
        with write(self.engine) as conn:
            cf = self._open_file(conn, casefile_id)
            table = "registrations" if kind is DocKind.INCOMING else "outgoing"
            if conn.execute(text(f"SELECT 1 FROM {table} WHERE id = :id"), {"id": ref_id}).first() is None:
                raise NotFoundError(QT_TRANSLATE_NOOP(CTX, "Không tìm thấy văn bản có mã {id}."), id=ref_id)
            present = conn.execute(
                text("SELECT ordinal FROM casefile_documents WHERE casefile_id = :c AND kind = :k AND ref_id = :r"),
                {"c": casefile_id, "k": kind.value, "r": ref_id},
            ).first()
            if present is not None:
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Văn bản này đã có trong hồ sơ {code} (thứ tự {ordinal})."),
                    code=cf.notation, ordinal=present[0],
                )
            ordinal = int(conn.execute(
                text("SELECT COALESCE(MAX(ordinal), 0) + 1 FROM casefile_documents WHERE casefile_id = :c"),
                {"c": casefile_id},
            ).scalar_one())
            conn.execute(
                text(
                    "INSERT INTO casefile_documents (casefile_id, ordinal, kind, ref_id, added_at, added_by) "
                    "VALUES (:c, :o, :k, :r, :at, :actor)"
                ),
                {"c": casefile_id, "o": ordinal, "k": kind.value, "r": ref_id, "at": iso(now), "actor": actor},
            )
            if kind is DocKind.INCOMING:
                set_register_fields(conn, ref_id, cf, ordinal, only_if_empty=True, actor=actor, now=now)
            if self.repo.synced:
                casefile_sync.queue_doc(conn, wire.FILE, cf.uid, kind.value, ref_id, actor, now)
        return ordinal

    def remove(self, casefile_id: int, ordinal: int, *, actor: str, now: datetime) -> None:
        """Take a document out (a voided one before closing); the later ones move up one place."""
        with write(self.engine) as conn:
            cf = self._open_file(conn, casefile_id)
            row = conn.execute(
                text("SELECT kind, ref_id FROM casefile_documents WHERE casefile_id = :c AND ordinal = :o"),
                {"c": casefile_id, "o": ordinal},
            ).first()
            if row is None:
                raise NotFoundError(
                    QT_TRANSLATE_NOOP(CTX, "Hồ sơ {code} không có văn bản thứ {ordinal}."), code=cf.notation,
                    ordinal=ordinal,
                )
            conn.execute(
                text("DELETE FROM casefile_documents WHERE casefile_id = :c AND ordinal = :o"),
                {"c": casefile_id, "o": ordinal},
            )
            if row.kind == DocKind.INCOMING.value:
                set_register_fields(conn, row.ref_id, cf, None, only_if_empty=False, actor=actor, now=now)
            if self.repo.synced:
                casefile_sync.queue_doc(conn, wire.REMOVE, cf.uid, row.kind, row.ref_id, actor, now)
            later = conn.execute(
                text("SELECT ordinal, kind, ref_id FROM casefile_documents WHERE casefile_id = :c AND ordinal > :o "
                     "ORDER BY ordinal"),
                {"c": casefile_id, "o": ordinal},
            ).all()
            for r in later:
                conn.execute(
                    text("UPDATE casefile_documents SET ordinal = :n WHERE casefile_id = :c AND ordinal = :o"),
                    {"n": r.ordinal - 1, "c": casefile_id, "o": r.ordinal},
                )
                if r.kind == DocKind.INCOMING.value:
                    set_register_fields(conn, r.ref_id, cf, r.ordinal - 1, only_if_empty=False, actor=actor,
                                        now=now)

    # --- contents and closing --------------------------------------------------------------------

    def documents(self, casefile_id: int, own_name: str = "") -> list[FiledDocument]:
        """The documents of a case file in DocOrdinal order."""
        with read(self.engine) as conn:
            incoming = conn.execute(
                text(
                    "SELECT d.ordinal, r.id, r.code_number, r.code_notation, r.issued_date, r.doc_type, r.subject, "
                    "r.issuer, r.page_count, r.status, r.arrival_number, r.duplicate_key FROM casefile_documents d "
                    "JOIN registrations r ON r.id = d.ref_id WHERE d.casefile_id = :c AND d.kind = 'incoming'"
                ),
                {"c": casefile_id},
            ).all()
            outgoing = conn.execute(
                text(
                    "SELECT d.ordinal, o.id, o.number_text, o.issued_date, o.doc_type, o.subject, o.status, "
                    "o.file_sha256, o.file_name, o.file_size FROM casefile_documents d JOIN outgoing o "
                    "ON o.id = d.ref_id WHERE d.casefile_id = :c AND d.kind = 'outgoing'"
                ),
                {"c": casefile_id},
            ).all()
            ids = ",".join(str(int(r.id)) for r in incoming)
            files: dict[int, list[tuple[str, str, int]]] = {}
            if ids:
                for f in conn.execute(
                    text(f"SELECT registration_id, sha256, name, size FROM registration_files "
                         f"WHERE registration_id IN ({ids}) ORDER BY registration_id, position")
                ):
                    files.setdefault(f.registration_id, []).append((f.sha256, f.name, f.size))
        docs = [
            FiledDocument(
                ordinal=r.ordinal, kind=DocKind.INCOMING, ref_id=r.id,
                number=join_number(r.code_number, r.code_notation),
                issued_date=date.fromisoformat(r.issued_date) if r.issued_date else None, doc_type=r.doc_type,
                subject=r.subject, author=r.issuer, page_count=r.page_count,
                final=r.status == "registered" and r.arrival_number > 0, duplicate_key=r.duplicate_key,
                files=tuple(files.get(r.id, ())),
            )
            for r in incoming
        ] + [
            FiledDocument(
                ordinal=r.ordinal, kind=DocKind.OUTGOING, ref_id=r.id, number=r.number_text,
                issued_date=date.fromisoformat(r.issued_date), doc_type=r.doc_type, subject=r.subject,
                author=own_name, page_count=None, final=r.status == "issued",
                duplicate_key=duplicate_key(*split_number(r.number_text), own_name),
                files=((r.file_sha256, r.file_name, r.file_size),),
            )
            for r in outgoing
        ]
        return sorted(docs, key=lambda d: d.ordinal)

    def close(self, casefile_id: int, start: date, end: date, *, actor: str, now: datetime) -> CaseFile:
        with write(self.engine) as conn:
            self._open_file(conn, casefile_id)
            conn.execute(
                text("UPDATE casefiles SET status = 'closed', start_date = :start, end_date = :end, closed_at = :at, "
                     "closed_by = :actor WHERE id = :id"),
                {"start": start.isoformat(), "end": end.isoformat(), "at": iso(now), "actor": actor,
                 "id": casefile_id},
            )
            closed = self._get(conn, casefile_id)
            if self.repo.synced:
                casefile_sync.queue_close(conn, closed, actor, now)
            return closed


def write_list(conn: Connection, year: int, entries: Sequence[ListEntry]) -> None:
    conn.execute(text("DELETE FROM casefile_list WHERE year = :y"), {"y": year})
    for position, e in enumerate(entries):
        conn.execute(
            text(
                "INSERT INTO casefile_list (year, position, level, label, title, notation, retention, "
                "creator, note) VALUES (:y, :p, :level, :label, :title, :notation, :retention, :creator, :note)"
            ),
            {"y": year, "p": position, "level": e.level, "label": e.label, "title": e.title,
             "notation": e.notation, "retention": e.retention, "creator": e.creator, "note": e.note},
        )


def list_rows(conn: Connection, year: int) -> list[ListEntry]:
    rows = conn.execute(text("SELECT * FROM casefile_list WHERE year = :y ORDER BY position"), {"y": year}).all()
    return [ListEntry(r.level, r.label, r.title, r.notation, r.retention, r.creator, r.note) for r in rows]


def set_register_fields(
    conn: Connection, registration_id: int, cf: CaseFile, ordinal: int | None, *, only_if_empty: bool,
    actor: str, now: datetime,
) -> None:
    """Write fields 1–2 of a registration (None: clear them), with its audit event. Only a
    registration whose fields name this case file is changed, except when they are empty.
    They are derived from the case files on every station, so nothing is queued for them."""
    current = conn.execute(
        text("SELECT file_organ_id, file_catalog, file_notation, doc_ordinal FROM registrations WHERE id = :id"),
        {"id": registration_id},
    ).one()
    empty = not current.file_notation
    ours = current.file_notation == cf.notation and current.file_catalog == str(cf.year)
    if not (empty if only_if_empty else ours):
        return
    values = (
        {"organ": cf.organ_id, "catalog": str(cf.year), "notation": cf.notation, "ordinal": ordinal}
        if ordinal is not None else {"organ": "", "catalog": "", "notation": "", "ordinal": None}
    )
    if (current.file_organ_id, current.file_catalog, current.file_notation, current.doc_ordinal) == (
        values["organ"], values["catalog"], values["notation"], values["ordinal"]
    ):
        return
    repo = SqliteRegister(conn.engine)
    before = repo._load(conn, registration_id)
    conn.execute(
        text(
            "UPDATE registrations SET file_organ_id = :organ, file_catalog = :catalog, file_notation = :notation, "
            "doc_ordinal = :ordinal WHERE id = :id"
        ),
        {**values, "id": registration_id},
    )
    after = repo._load(conn, registration_id)
    repo._append_audit(conn, registration_id, "casefile", before.to_json(), after.to_json(), actor, now)
