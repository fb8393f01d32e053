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
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple

from qlvb_desktop.domain.books import SLIP_ACTION, given_number
from qlvb_desktop.domain.clock import VN_TZ, format_date_vn, to_vn
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


class OpenItem(NamedTuple):
    """What the deadline lists need of one registration not yet handled (a tuple: there are
    as many as open registrations, 100,000 in a busy office's decade)."""

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
    # (calendar day, after the last office period) -> arrival day
    _days: dict[tuple[date, bool], date] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.handling_days < 0 or self.due_soon_days < 0:
            raise ValueError("periods must be >= 0")

    def due_of(self, received_at: datetime, due_date: date | None) -> tuple[date, bool]:
        if due_date is not None:
            return due_date, True
        local = received_at if received_at.tzinfo is VN_TZ else to_vn(received_at)
        return self.default_due(local.date(), local.time() >= self.closing_time), False

    @property
    def closing_time(self) -> time:
        """The end of the last office period: an arrival at or after it counts from the next day."""
        return self.schedule.periods[-1][1]

    def default_due(self, day: date, after_closing: bool) -> date:
        """The default due date of a document that arrived on `day` (after closing time or not)."""
        key = (day, after_closing)
        arrival = self._days.get(key)
        if arrival is None:
            if after_closing or not self.schedule.is_working_day(day):
                arrival = self.schedule.next_working_day(day)
            else:
                arrival = day
            self._days[key] = arrival
        due = self._cache.get(arrival)
        if due is None:
            due = self.schedule.add_working_days(arrival, self.handling_days)
            self._cache[arrival] = due
        return due

    def due_table(self, first: date, last: date) -> list[tuple[date, bool, date]]:
        """(day, after closing time, default due date) for every calendar day from `first` to
        `last`: what `default_due` gives, computed in one pass over a table of working days
        (a report over ten years asks for 7,300 of them; one call each walked day by day)."""
        if last < first:
            return []
        is_working = self.schedule.is_working_day
        working: list[date] = []
        index: dict[date, int] = {}  # calendar day -> index of itself if a working day, else of the next one
        day = first
        while day <= last or len(working) - index.get(last, len(working)) <= self.handling_days + 1:
            index[day] = len(working)
            if is_working(day):
                working.append(day)
            day += timedelta(days=1)
            if (day - last).days > 3700:  # a decade past the end: a schedule always has working days
                raise ValueError("no working day within ten years")
        n = self.handling_days
        out: list[tuple[date, bool, date]] = []
        day = first
        while day <= last:
            k = index[day]  # `day` itself when it is a working day, else the next one
            after = k + 1 if k < len(working) and working[k] == day else k
            out.append((day, False, working[k + n]))
            out.append((day, True, working[after + n]))
            day += timedelta(days=1)
        return out

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


@dataclass(frozen=True)
class DeadlineLists:
    """Both lists and the counts, from one pass over the open registrations."""

    due_soon: list[int]
    overdue: list[int]
    counts: dict[DeadlineState, int]


def deadline_lists(items: Iterable[OpenItem], policy: DeadlinePolicy, today: date) -> DeadlineLists:
    limit = policy.soon_limit(today)
    soon: list[tuple[tuple[int, date, int], int]] = []
    late: list[tuple[tuple[int, date, int], int]] = []
    on_time = 0
    for item in items:
        due, _explicit = policy.due_of(item.received_at, item.due_date)
        state = policy.state(due, today, limit)
        if state is DeadlineState.OVERDUE:
            late.append((_order_key(item, due), item.id))
        elif state is DeadlineState.DUE_SOON:
            soon.append((_order_key(item, due), item.id))
        else:
            on_time += 1
    soon.sort()
    late.sort()
    counts = {DeadlineState.ON_TIME: on_time, DeadlineState.DUE_SOON: len(soon), DeadlineState.OVERDUE: len(late)}
    return DeadlineLists([rid for _k, rid in soon], [rid for _k, rid in late], counts)


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
        arrival_number=given_number(reg.arrival_number, SLIP_ACTION),
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
