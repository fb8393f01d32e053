"""The clerk's day: deadlines of the open registrations, the "due soon" and "overdue" lists,
marking a document handled, and the routing slip (issue 7, flow 4). No Qt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from qlvb_desktop.domain.daily import (
    Deadline,
    DeadlineLists,
    DeadlinePolicy,
    DeadlineState,
    Handling,
    OpenItem,
    RoutingSlip,
    deadline_lists,
    routing_slip,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.ports import Clock
from qlvb_desktop.domain.registration import MAX_LENGTH, Registration
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.domain.text import nfc
from qlvb_desktop.services.register import RegisterService


class HandlingStore(Protocol):
    def open_items(self) -> list[OpenItem]: ...

    def deadline_lists(
        self, default_due: Callable[[date, bool], date], closing: time, today: date, soon_limit: date
    ) -> DeadlineLists: ...

    def handling_of(self, ids: Sequence[int]) -> dict[int, Handling]: ...

    def handled_ids(self, date_from: date | None = None, date_to: date | None = None) -> list[int]: ...

    def mark_handled(self, registration_id: int, note: str, *, actor: str, now: datetime) -> Registration: ...


class SlipPrinter(Protocol):
    def render(self, slip: RoutingSlip, out: Path) -> Path: ...


class DailyService:
    def __init__(
        self,
        store: HandlingStore,
        register: RegisterService,
        printer: SlipPrinter,
        clock: Clock,
        policy: DeadlinePolicy,
        organization: Organization,
        actor: str,
    ) -> None:
        self.store = store
        self.register = register
        self.printer = printer
        self.clock = clock
        self.policy = policy
        self.organization = organization
        self.actor = actor
        # Called with ("handled", registration id); the exchange tells the sender (status 06).
        self.listeners: list[Callable[[str, int], object]] = []

    def configure(self, policy: DeadlinePolicy, organization: Organization) -> None:
        """New settings apply from the next query (the views requery on a settings change)."""
        self.policy = policy
        self.organization = organization

    def today(self) -> date:
        return self.clock.now().date()

    def due_soon(self) -> list[int]:
        """Open registrations due within the "due soon" period, urgent first, nearest first."""
        return self.lists().due_soon

    def overdue(self) -> list[int]:
        return self.lists().overdue

    def lists(self) -> DeadlineLists:
        """Both lists and the counts in one pass (what the window's views refresh from); the
        store does the bulk of the work, so the GUI thread keeps running (see bench/daily_gui.py)."""
        today = self.today()
        policy = self.policy
        return self.store.deadline_lists(policy.default_due, policy.closing_time, today, policy.soon_limit(today))

    def lists_reference(self) -> DeadlineLists:
        """The same lists computed in Python from the open items (the reference the store's
        SQL is tested against)."""
        return deadline_lists(self.store.open_items(), self.policy, self.today())

    def counts(self) -> dict[DeadlineState, int]:
        return self.lists().counts

    def deadlines(self, regs: Sequence[Registration]) -> dict[int, Deadline]:
        """The deadline and state of each registration (for colouring rows)."""
        handled = self.store.handling_of([r.id for r in regs])
        today = self.today()
        return {r.id: self.policy.deadline(r, today, r.id in handled) for r in regs}

    def handling(self, registration_id: int) -> Handling | None:
        return self.store.handling_of([registration_id]).get(registration_id)

    def handled(self, date_from: date | None = None, date_to: date | None = None) -> list[int]:
        return self.store.handled_ids(date_from, date_to)

    def mark_handled(self, registration_id: int, note: str = "") -> Registration:
        text = nfc(note.strip())
        limit = MAX_LENGTH["instruction"] - 30
        if len(text) > limit:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Ghi chú dài {length} ký tự, vượt giới hạn {limit} ký tự."),
                length=len(text),
                limit=limit,
            )
        reg = self.store.mark_handled(registration_id, text, actor=self.actor, now=self.clock.now())
        for listener in self.listeners:
            listener("handled", registration_id)
        return reg

    def slip(self, registration_id: int) -> RoutingSlip:
        reg = self.register.get(registration_id)
        today = self.today()
        handled = self.handling(registration_id) is not None
        return routing_slip(reg, self.organization, self.policy.deadline(reg, today, handled), today)

    def print_slip(self, registration_id: int, out: Path) -> Path:
        return self.printer.render(self.slip(registration_id), out)
