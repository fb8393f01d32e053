"""Outgoing numbers shared by the stations of one organization (issue 12 item 6, SPEC §8).

With a server the organization's outgoing series live on the server: one per (book `di` /
`mat-di`, year) and inside a book one per type of legal normative document. A station leases
blocks of numbers and issues offline only from its leased numbers. A number written into a
signed PDF can never change, so unlike arrival numbers nothing is ever renumbered: a station with
no leased number left for a series is told before signing, and the server never hands a number
to a second station. The rules here are pure; the server (`qlvb_server/outgoing.py`) and the
station (`adapters/db/outgoing_repo.py`, `services/sync.py`) apply them.

Rules about numbers the server handed out:
- released by the station that held it (`qlvb sync --release`): the station dropped it from its
  pool in the same transaction that queued the release, so it was never used. At the top of the
  series it goes back to the series (the next lease hands it out again); below, it is voided with
  a reason (the printed register lists every number once).
- not renewed within the lease time (a station away too long): voided with a reason and never
  handed out again: the away station may have signed a document with it offline. If that
  document arrives later it takes its number (the void is replaced; the audit keeps both).
- an issued document arriving for a number the server handed out and no document holds yet is
  recorded with that number; a number the server never handed out, or one another document
  holds, is refused (this cannot happen with a correct station).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError

CTX = "Errors"

EXPIRED_REASON = "Số đã cấp cho một máy trạm nhưng quá hạn giữ số mà chưa báo dùng; không cấp lại số này."
RELEASED_REASON = "Số không dùng: máy trạm đã trả lại."
MAX_SERIES = 100  # the series key is a document type name (vocab.DOC_TYPES) or ""


class NumberState(enum.StrEnum):
    LEASED = "leased"  # handed to a station, not reported used yet
    ISSUED = "issued"  # a signed document carries it
    VOIDED = "voided"  # in the register as "Hủy" with its reason


class VoidCause(enum.StrEnum):
    NONE = ""
    RELEASED = "released"  # the station gave it back unused
    EXPIRED = "expired"  # the lease ran out unrenewed (a late document may still claim it)
    CLERK = "clerk"  # an issued document voided by a clerk (keeps its document)


@dataclass(frozen=True)
class SeriesKey:
    """One outgoing series: a book's year, and inside it a type of legal normative document
    (`series` = that type's name) or the ordinary documents (`series` = "")."""

    book: str
    series: str
    year: int


class NoLeasedNumber(UserError):
    """A station with a server has no leased number left for this series: it must not sign."""

    def __init__(self, book: str, series: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                CTX,
                "Máy này đã hết số văn bản đi được máy chủ cấp trước cho {series}; hãy kết nối mạng "
                "và đồng bộ (qlvb sync hoặc “Đồng bộ ngay”) để nhận thêm số rồi mới ký. "
                "Chưa ký, chưa cấp số nào.",
            ),
            series=series_label(book, series),
        )
        self.book = book
        self.series = series


def series_label(book: str, series: str) -> str:
    name = "sổ văn bản mật đi" if book == "mat-di" else "sổ văn bản đi"
    return f"{name}, loại {series}" if series else name


def top_up_count(have: int, block: int) -> int:
    """How many numbers to lease for a series holding `have`: refill to a full block when half
    of it or less is left (as for arrival numbers); 0 otherwise."""
    block = max(1, block)
    return block - have if have * 2 <= block else 0


def reconcile_pool(pool: set[int], held: set[int], spent: set[int]) -> tuple[list[int], list[int]]:
    """The station's pool of one series after the server listed what it `held` for the station:
    (numbers to add, numbers to drop). Usable = held minus `spent` (numbers this station already
    issued or released whose operation has not reached the server yet). A held number missing
    from the pool was leased by a sync killed before it stored the answer: it is taken back in;
    a pool number the server no longer holds (the lease ran out and was voided) is dropped."""
    usable = held - spent
    return sorted(usable - pool), sorted(pool - usable)


class IssueDecision(enum.StrEnum):
    RECORD = "record"  # take the number (leased, or voided without a document)
    ALREADY = "already"  # this document already holds it (a replay)
    TAKEN = "taken"  # another document holds it: refuse
    UNKNOWN = "unknown"  # the server never handed this number out: refuse


def decide_issue(state: NumberState | None, holder_uid: str, uid: str, has_document: bool) -> IssueDecision:
    """What the server does with a station's issued document for a number (see the module)."""
    if state is None:
        return IssueDecision.UNKNOWN
    if holder_uid == uid and has_document:
        return IssueDecision.ALREADY
    if state is NumberState.LEASED:
        return IssueDecision.RECORD
    if not has_document:
        return IssueDecision.RECORD  # a voided gap (expired or released): the document exists
    return IssueDecision.TAKEN


def release_plan(numbers: list[int], next_number: int) -> tuple[list[int], list[int], int]:
    """Released numbers → (back to the series, to void, the series' new next number). Numbers
    contiguous with the top of the series go back (nobody holds anything above them); the rest
    are voided with RELEASED_REASON."""
    back: list[int] = []
    top = next_number
    remaining = sorted(set(numbers), reverse=True)
    for n in remaining:
        if n == top - 1:
            back.append(n)
            top = n
        else:
            break
    voided = sorted(set(numbers) - set(back))
    return sorted(back), voided, top


def gaps(used: set[int], top: int) -> list[int]:
    """Numbers 1..top that nothing in the register holds (a printed register must have none)."""
    return [n for n in range(1, top + 1) if n not in used]
