"""The clerk's daily follow-up (SPEC §2, §3 "Sổ theo dõi giải quyết văn bản đến"): the handling
deadline of each registration, its state, the "due soon" and "overdue" lists, and the routing
slip ("Phiếu giải quyết văn bản đến").

A registration's deadline is its due date (field 18, set when it is forwarded) or, without one,
the default handling period of the settings counted in working days from the arrival (after
office hours: from the next working morning). Urgent documents come first in every list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.registration import Registration
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.domain.vocab import Status
from qlvb_desktop.domain.worktime import WorkSchedule


class DeadlineState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"  # due within `due_soon_days` working days (today included)
    OVERDUE = "overdue"  # the due date has passed and the document is not handled
    HANDLED = "handled"
    VOIDED = "voided"


STATE_LABELS: dict[DeadlineState, str] = {
    DeadlineState.ON_TIME: "Trong hạn",
    DeadlineState.DUE_SOON: "Sắp đến hạn",
    DeadlineState.OVERDUE: "Quá hạn",
    DeadlineState.HANDLED: "Đã giải quyết",
    DeadlineState.VOIDED: "Hủy",
}


@dataclass(frozen=True)
class OpenItem:
    """What the deadline lists need of one registration not yet handled."""

    id: int
    received_at: datetime
    due_date: date | None
    priority: int  # 0 normal, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc


@dataclass(frozen=True)
class Handling:
    registration_id: int
    handled_at: datetime
    handled_by: str
    note: str = ""


@dataclass(frozen=True)
class Deadline:
    due: date
    explicit: bool  # the due date of the registration, not the default period
    state: DeadlineState


@dataclass
class DeadlinePolicy:
    schedule: WorkSchedule = field(default_factory=WorkSchedule)
    handling_days: int = 10
    due_soon_days: int = 2
    # arrival day -> default due date; the same few hundred days recur over 100,000 rows
    _cache: dict[date, date] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.handling_days < 0 or self.due_soon_days < 0:
            raise ValueError("periods must be >= 0")

    def due_of(self, received_at: datetime, due_date: date | None) -> tuple[date, bool]:
        if due_date is not None:
            return due_date, True
        day = self.schedule.arrival_day(received_at)
        due = self._cache.get(day)
        if due is None:
            due = self.schedule.add_working_days(day, self.handling_days)
            self._cache[day] = due
        return due, False

    def soon_limit(self, today: date) -> date:
        """The last due date that counts as "due soon" today."""
        return self.schedule.add_working_days(today, self.due_soon_days)

    def state(self, due: date, today: date, soon_limit: date | None = None) -> DeadlineState:
        if due < today:
            return DeadlineState.OVERDUE
        if due <= (soon_limit if soon_limit is not None else self.soon_limit(today)):
            return DeadlineState.DUE_SOON
        return DeadlineState.ON_TIME

    def deadline(self, reg: Registration, today: date, handled: bool = False) -> Deadline:
        due, explicit = self.due_of(reg.draft.received_at, reg.draft.due_date)
        if reg.status is Status.VOIDED:
            return Deadline(due, explicit, DeadlineState.VOIDED)
        if handled:
            return Deadline(due, explicit, DeadlineState.HANDLED)
        return Deadline(due, explicit, self.state(due, today))


def _order_key(item: OpenItem, due: date) -> tuple[int, date, int]:
    # urgent first (Hỏa tốc, Thượng khẩn, Khẩn), then the nearest deadline, then the oldest entry
    return (-item.priority, due, item.id)


def deadline_list(
    items: Iterable[OpenItem], policy: DeadlinePolicy, today: date, wanted: DeadlineState
) -> list[int]:
    """Ids of the open registrations in state `wanted` (DUE_SOON or OVERDUE), urgent first."""
    limit = policy.soon_limit(today)
    chosen: list[tuple[tuple[int, date, int], int]] = []
    for item in items:
        due, _explicit = policy.due_of(item.received_at, item.due_date)
        if policy.state(due, today, limit) is wanted:
            chosen.append((_order_key(item, due), item.id))
    chosen.sort()
    return [rid for _key, rid in chosen]


def deadline_counts(items: Iterable[OpenItem], policy: DeadlinePolicy, today: date) -> dict[DeadlineState, int]:
    limit = policy.soon_limit(today)
    counts = dict.fromkeys((DeadlineState.ON_TIME, DeadlineState.DUE_SOON, DeadlineState.OVERDUE), 0)
    for item in items:
        due, _explicit = policy.due_of(item.received_at, item.due_date)
        counts[policy.state(due, today, limit)] += 1
    return counts


# --- the routing slip ------------------------------------------------------------------------


@dataclass(frozen=True)
class RoutingSlip:
    """"Phiếu giải quyết văn bản đến" (Phụ lục IV): the document line, the leader's instruction,
    the lead and cooperating units, the due date, with room for the leader's and units' pens."""

    organization: Organization
    arrival_number: int
    year: int
    arrival_date: str  # dd/mm/yyyy
    document_line: str  # "Quyết định số 15/QĐ-UBND ngày 05/01/2026 của UBND tỉnh X về việc …"
    urgency: str
    to_places: str
    instructions: tuple[str, ...]
    due: str  # dd/mm/yyyy
    due_explicit: bool
    printed_on: str  # dd/mm/yyyy


def routing_slip(reg: Registration, organization: Organization, deadline: Deadline, today: date) -> RoutingSlip:
    d = reg.draft
    line = d.doc_type or "Văn bản"
    if d.number:
        line += f" số {d.number}"
    if d.issued_date:
        line += f" ngày {format_date_vn(d.issued_date)}"
    if d.issuer:
        line += f" của {d.issuer}"
    if d.subject:
        line += f" về việc {d.subject}" if not d.subject.lower().startswith(("v/v", "về")) else f" {d.subject}"
    instructions = tuple(
        f"{to_vn(t.at):%d/%m/%Y %H:%M} {t.actor}: {t.text}" for t in reg.trace
    )
    if d.instruction and not instructions:
        instructions = (d.instruction,)
    return RoutingSlip(
        organization=organization,
        arrival_number=reg.arrival_number,
        year=reg.year,
        arrival_date=format_date_vn(to_vn(d.received_at).date()),
        document_line=line,
        urgency=d.urgency.value,
        to_places=d.to_places,
        instructions=instructions,
        due=format_date_vn(deadline.due),
        due_explicit=deadline.explicit,
        printed_on=format_date_vn(today),
    )
