"""Case files on the wire (issue 17 second pass): the operations a station queues and the
snapshots the server hands back, shared by the station and the server. Pure Python.

Operations (kinds distinct from the register's, all under `casefile.`):

- `casefile.list`   uid `casefile-list-<year>`; the whole yearly list. The edit made latest
  (the operation's `at`) wins; an older one is `superseded`.
- `casefile.open`   uid = the case file's uid; its heading data. A second station that opened
  the same code for the same year (both offline) gets its uid made an alias of the first one:
  everything it files lands in the one case file.
- `casefile.file`   a document (`doc_kind` incoming|outgoing, `doc_uid`) joins the file. **The
  server decides the DocOrdinal**: the next number in the file in the order the filings reach
  the server; two stations filing into the same file at once get distinct ordinals, and the
  station's own (provisional) ordinal is replaced by the server's on the next pull. Filing the
  same document twice keeps its first ordinal.
- `casefile.remove` the document leaves; the later ones move up one place (on every station).
- `casefile.close`  closes the file with its dates. **Closing wins**: a filing or a removal
  that reaches the server after the close is refused with the reason, and the station shows
  it (sync status, `qlvb sync`), its local filing undone by the next pull.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qlvb_desktop.domain.casefiles import (
    CaseFile,
    CaseFileStatus,
    ListEntry,
    check_organ_id,
    clean_text,
    parse_notation,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError

CTX = "Errors"
LIST = "casefile.list"
OPEN = "casefile.open"
FILE = "casefile.file"
REMOVE = "casefile.remove"
CLOSE = "casefile.close"
KINDS = (LIST, OPEN, FILE, REMOVE, CLOSE)
DOC_KINDS = ("incoming", "outgoing")


def list_uid(year: int) -> str:
    return f"casefile-list-{int(year)}"


def _bad(what: str) -> ValidationError:
    return ValidationError(
        "casefile", QT_TRANSLATE_NOOP(CTX, "Dữ liệu hồ sơ không hợp lệ ({what})."), what=what
    )


def _year(raw: Any) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not 1900 <= raw <= 9999:
        raise _bad("year")
    return raw


def _retention(raw: Any) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 < raw < 1000:
        raise _bad("retention")
    return raw


def _date(raw: Any) -> date | None:
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise _bad("date") from None


def casefile_wire(cf: CaseFile) -> dict[str, Any]:
    """What a `casefile.open` carries (and the heading part of a snapshot)."""
    return {
        "year": cf.year,
        "notation": cf.notation,
        "title": cf.title,
        "retention": cf.retention,
        "creator": cf.creator,
        "organ_id": cf.organ_id,
        "start_date": cf.start_date.isoformat(),
        "end_date": cf.end_date.isoformat() if cf.end_date else None,
        "description": cf.description,
        "language": cf.language,
        "rights": cf.rights,
        "listed": cf.listed,
    }


def casefile_from_wire(data: Any, uid: str, status: str = "open") -> CaseFile:
    """Validate a wire case file (the server refuses a bad one; a station trusts its server)."""
    if not isinstance(data, dict):
        raise _bad("casefile")
    start = _date(data.get("start_date"))
    if start is None:
        raise _bad("start_date")
    organ = str(data.get("organ_id") or "")
    return CaseFile(
        id=0,
        year=_year(data.get("year")),
        notation=parse_notation(data.get("notation")),
        title=clean_text("title", data.get("title"), required=True),
        retention=_retention(data.get("retention")),
        creator=clean_text("creator", data.get("creator")),
        organ_id=check_organ_id(organ) if organ else "",
        start_date=start,
        status=CaseFileStatus(status) if status in ("open", "closed") else CaseFileStatus.OPEN,
        end_date=_date(data.get("end_date")),
        description=clean_text("description", data.get("description")),
        language=str(data.get("language") or "Tiếng Việt")[:100],
        rights=str(data.get("rights") or "Công khai")[:100],
        listed=bool(data.get("listed")),
        uid=uid,
    )


def list_wire(entries: list[ListEntry]) -> list[dict[str, Any]]:
    return [
        {"level": e.level, "label": e.label, "title": e.title, "notation": e.notation,
         "retention": e.retention, "creator": e.creator, "note": e.note}
        for e in entries
    ]


def list_from_wire(raw: Any) -> list[ListEntry]:
    if not isinstance(raw, list) or len(raw) > 5000:
        raise _bad("entries")
    out = []
    for e in raw:
        if not isinstance(e, dict) or e.get("level") not in (0, 1, 2):
            raise _bad("entries")
        level = int(e["level"])
        out.append(
            ListEntry(
                level=level,
                label=str(e.get("label") or "")[:20],
                title=clean_text("title", e.get("title"), required=True),
                notation=parse_notation(e.get("notation")) if level == 2 else "",
                retention=_retention(e.get("retention")),
                creator=clean_text("creator", e.get("creator")),
                note=clean_text("note", e.get("note")),
            )
        )
    return out


def close_dates(data: Any) -> tuple[date, date]:
    """The dates a `casefile.close` carries."""
    if not isinstance(data, dict):
        raise _bad("close")
    start, end = _date(data.get("start_date")), _date(data.get("end_date"))
    if start is None or end is None or end < start:
        raise _bad("dates")
    return start, end


def doc_ref(data: Any) -> tuple[str, str]:
    """(doc_kind, doc_uid) of a filing or a removal."""
    if not isinstance(data, dict) or data.get("doc_kind") not in DOC_KINDS:
        raise _bad("doc_kind")
    uid = str(data.get("doc_uid") or "")
    if not 8 <= len(uid) <= 64:
        raise _bad("doc_uid")
    return str(data["doc_kind"]), uid
