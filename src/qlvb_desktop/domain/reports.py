"""Reports of SPEC §12, as pure functions over light rows (issue 17).

- "Sổ theo dõi giải quyết văn bản đến" (`followup_table`): Số đến · Tác giả, số và ký hiệu,
  ngày, trích yếu · Đơn vị hoặc người nhận · Thời hạn giải quyết · Tiến độ giải quyết · Số, ký
  hiệu văn bản trả lời · Ghi chú.
- "Báo cáo tình hình giải quyết văn bản đến" (`incoming_status`): for the documents received in
  a period, by unit and by person: received, handled on time, handled late, in progress within
  the deadline, overdue — the state on the report's last day (or today, if earlier). Deadlines
  are the ones of the deadline lists (`DeadlinePolicy`: the due date, or the default handling
  period counted in working days, holidays included).
- "… văn bản đi" (`outgoing_status`): the outgoing documents of a period by drafting unit (the
  unit keeping the file copy) and by signer: issued, voided.

The unit or person of an incoming document is the first receiver in field 16 (the one that
leads, as on the routing slip); receivers named with a personal title (Ông, Bà, Đồng chí, …) are
people, the others units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from qlvb_desktop.domain.clock import to_vn
from qlvb_desktop.domain.daily import DeadlinePolicy
from qlvb_desktop.domain.registration import FORWARD_PREFIX, Registration
from qlvb_desktop.domain.report import book_row
from qlvb_desktop.domain.tabular import Cell, Column, Kind, Row, Table

NO_RECEIVER = "(Chưa giao)"
_PERSON = re.compile(r"^(ông|bà|anh|chị|đồng chí|đ/c|đc|cô|thầy)\b", re.IGNORECASE)
_SPLIT = re.compile(r"[;,\n]")


class ReportItem(NamedTuple):
    """One registered (not voided) incoming document, as the reports need it."""

    id: int
    arrival_number: int
    received_at: datetime
    due_date: date | None
    to_places: str
    issuer: str
    number: str
    issued_date: date | None
    doc_type: str
    subject: str
    handled_at: date | None
    handled_note: str


def lead_receiver(to_places: str) -> str:
    first = next((p.strip() for p in _SPLIT.split(to_places or "") if p.strip()), "")
    return first or NO_RECEIVER


def is_person(receiver: str) -> bool:
    return bool(_PERSON.match(receiver.strip()))


@dataclass
class StatusRow:
    name: str
    received: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0
    overdue: int = 0

    def cells(self, index: int | str) -> tuple[Cell, ...]:
        return (index, self.name, self.received, self.on_time, self.late, self.in_progress, self.overdue)


@dataclass
class StatusReport:
    date_from: date
    date_to: date
    as_of: date
    by_unit: list[StatusRow] = field(default_factory=list)
    by_person: list[StatusRow] = field(default_factory=list)
    total: StatusRow = field(default_factory=lambda: StatusRow("Tổng cộng"))


def classify(item: ReportItem, policy: DeadlinePolicy, as_of: date) -> str:
    """on_time | late | in_progress | overdue, on day `as_of`."""
    due, _explicit = policy.due_of(item.received_at, item.due_date)
    if item.handled_at is not None and item.handled_at <= as_of:
        return "on_time" if item.handled_at <= due else "late"
    return "in_progress" if due >= as_of else "overdue"


def incoming_status(items: Iterable[ReportItem], policy: DeadlinePolicy, date_from: date, date_to: date,
                    today: date) -> StatusReport:
    """The report from the documents themselves (the reference; the service asks the store for
    the counts per field 16 and state, `status_from_counts`, which gives the same report)."""
    as_of = min(date_to, today)
    return status_from_counts(
        ((item.to_places, classify(item, policy, as_of), 1) for item in items), date_from, date_to, as_of
    )


def status_from_counts(counts: Iterable[tuple[str, str, int]], date_from: date, date_to: date,
                       as_of: date) -> StatusReport:
    """The report from (field 16, state, count) triples: grouped by the lead receiver."""
    report = StatusReport(date_from, date_to, as_of)
    units: dict[str, StatusRow] = {}
    people: dict[str, StatusRow] = {}
    leads: dict[str, str] = {}
    for places, state, n in counts:
        receiver = leads.get(places)
        if receiver is None:
            receiver = leads[places] = lead_receiver(places)
        group = people if is_person(receiver) else units
        row = group.get(receiver)
        if row is None:
            row = group[receiver] = StatusRow(receiver)
        for r in (row, report.total):
            r.received += n
            setattr(r, state, getattr(r, state) + n)
    report.by_unit = sorted(units.values(), key=lambda r: (r.name == NO_RECEIVER, r.name.casefold()))
    report.by_person = sorted(people.values(), key=lambda r: r.name.casefold())
    return report


STATUS_COLUMNS = (
    Column("STT", 12, Kind.NUMBER),
    Column("Đơn vị", 90),
    Column("Tổng số văn bản đến", 30, Kind.NUMBER),
    Column("Đã giải quyết đúng hạn", 35, Kind.NUMBER),
    Column("Đã giải quyết quá hạn", 35, Kind.NUMBER),
    Column("Đang giải quyết trong hạn", 35, Kind.NUMBER),
    Column("Quá hạn chưa giải quyết", 40, Kind.NUMBER),
)


def _period(date_from: date, date_to: date) -> str:
    return f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"


def status_tables(report: StatusReport, header: tuple[str, ...]) -> list[Table]:
    """The report as two tables (by unit, by person), each with its total line."""
    def rows(group: list[StatusRow]) -> list[Row]:
        out: list[Row] = [r.cells(i) for i, r in enumerate(group, start=1)]
        total = StatusRow("Cộng")
        for r in group:
            for name in ("received", "on_time", "late", "in_progress", "overdue"):
                setattr(total, name, getattr(total, name) + getattr(r, name))
        out.append(total.cells(""))
        return out

    subtitle = (_period(report.date_from, report.date_to), f"Tình hình tính đến ngày {report.as_of:%d/%m/%Y}")
    by_unit = Table(
        "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN", STATUS_COLUMNS, rows(report.by_unit), header_lines=header,
        subtitle_lines=(*subtitle, "I. Theo đơn vị"), sheet_name="Theo đơn vị",
        footer_lines=(f"Tổng số văn bản đến trong kỳ: {report.total.received}.",),
    )
    person_columns = (STATUS_COLUMNS[0], Column("Cá nhân", 90), *STATUS_COLUMNS[2:])
    by_person = Table(
        "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN", person_columns, rows(report.by_person),
        subtitle_lines=("II. Theo cá nhân",), sheet_name="Theo cá nhân",
    )
    return [by_unit, by_person]


FOLLOWUP_COLUMNS = (
    Column("Số đến", 14, Kind.NUMBER),
    Column("Tác giả, số và ký hiệu, ngày tháng văn bản, trích yếu nội dung", 90),
    Column("Đơn vị hoặc người nhận", 38),
    Column("Thời hạn giải quyết", 24, Kind.DATE),
    Column("Tiến độ giải quyết", 40),
    Column("Số, ký hiệu văn bản trả lời", 36),
    Column("Ghi chú", 35),
)


def followup_rows(items: Iterable[ReportItem], policy: DeadlinePolicy, as_of: date) -> Iterator[tuple[Cell, ...]]:
    labels = {"on_time": "Đã giải quyết đúng hạn", "late": "Đã giải quyết quá hạn",
              "in_progress": "Đang giải quyết", "overdue": "Quá hạn"}
    for item in items:
        due, explicit = policy.due_of(item.received_at, item.due_date)
        state = classify(item, policy, as_of)
        progress = labels[state]
        if item.handled_at is not None and item.handled_at <= as_of:
            progress += f" (ngày {item.handled_at:%d/%m/%Y})"
        document = ", ".join(p for p in (
            item.issuer, f"số {item.number}" if item.number else "",
            f"ngày {item.issued_date:%d/%m/%Y}" if item.issued_date else "",
            f"{item.doc_type}: {item.subject}" if item.doc_type else item.subject,
        ) if p)
        yield (item.arrival_number, document, item.to_places, due, progress, item.handled_note,
               "" if explicit else "Hạn mặc định")


def followup_table(items: Iterable[ReportItem], policy: DeadlinePolicy, date_from: date, date_to: date,
                   today: date, header: tuple[str, ...]) -> Table:
    as_of = min(date_to, today)
    return Table(
        "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", FOLLOWUP_COLUMNS, followup_rows(items, policy, as_of),
        header_lines=header, subtitle_lines=(_period(date_from, date_to),), sheet_name="Sổ theo dõi",
    )


class OutgoingItem(NamedTuple):
    issued_date: date
    unit: str
    signer: str
    voided: bool


OUTGOING_STATUS_COLUMNS = (
    Column("STT", 12, Kind.NUMBER),
    Column("Đơn vị", 110),
    Column("Tổng số văn bản đi", 40, Kind.NUMBER),
    Column("Đã phát hành", 40, Kind.NUMBER),
    Column("Đã hủy số", 40, Kind.NUMBER),
)


def outgoing_status_tables(items: Iterable[OutgoingItem], date_from: date, date_to: date,
                           header: tuple[str, ...]) -> list[Table]:
    units: dict[str, list[int]] = {}
    signers: dict[str, list[int]] = {}
    for item in items:
        for group, key in ((units, item.unit or NO_RECEIVER), (signers, item.signer or "(Chưa ghi người ký)")):
            counts = group.setdefault(key, [0, 0, 0])
            counts[0] += 1
            counts[2 if item.voided else 1] += 1

    def rows(group: dict[str, list[int]]) -> list[Row]:
        names = sorted(group, key=str.casefold)
        out: list[Row] = [(i, n, *group[n]) for i, n in enumerate(names, start=1)]
        out.append(("", "Cộng", *(sum(group[n][k] for n in names) for k in range(3))))
        return out

    person_columns = (OUTGOING_STATUS_COLUMNS[0], Column("Người ký", 110), *OUTGOING_STATUS_COLUMNS[2:])
    return [
        Table("BÁO CÁO TÌNH HÌNH VĂN BẢN ĐI", OUTGOING_STATUS_COLUMNS, rows(units), header_lines=header,
              subtitle_lines=(_period(date_from, date_to), "I. Theo đơn vị soạn thảo (đơn vị giữ bản lưu)"),
              sheet_name="Theo đơn vị"),
        Table("BÁO CÁO TÌNH HÌNH VĂN BẢN ĐI", person_columns, rows(signers),
              subtitle_lines=("II. Theo người ký",), sheet_name="Theo người ký"),
    ]


@dataclass
class Statistics:
    """What the statistics view charts: documents per month, per issuer (the most frequent),
    and overdue documents by unit, for a period."""

    date_from: date
    date_to: date
    per_month: list[tuple[str, int]]  # ("01/2026", n) for every month of the period
    per_issuer: list[tuple[str, int]]  # most documents first
    overdue_by_unit: list[tuple[str, int]]  # units and people with overdue documents, most first
    total: int = 0
    overdue: int = 0


def statistics(items: Iterable[ReportItem], policy: DeadlinePolicy, date_from: date, date_to: date, today: date,
               top_issuers: int = 10) -> Statistics:
    as_of = min(date_to, today)
    months: dict[tuple[int, int], int] = {}
    y, m = date_from.year, date_from.month
    while (y, m) <= (date_to.year, date_to.month):
        months[(y, m)] = 0
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    issuers: dict[str, int] = {}
    overdue: dict[str, int] = {}
    total = 0
    for item in items:
        total += 1
        day = item.received_at.date()
        months[(day.year, day.month)] = months.get((day.year, day.month), 0) + 1
        issuers[item.issuer] = issuers.get(item.issuer, 0) + 1
        if classify(item, policy, as_of) == "overdue":
            unit = lead_receiver(item.to_places)
            overdue[unit] = overdue.get(unit, 0) + 1

    def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))

    return Statistics(
        date_from, date_to, [(f"{mm:02d}/{yy}", n) for (yy, mm), n in sorted(months.items())],
        ranked(issuers)[:top_issuers], ranked(overdue), total, sum(overdue.values()),
    )


def registration_cells(reg: Registration) -> tuple[Cell, ...]:
    """One registration in the register's 10 columns (SPEC §3) with real dates and numbers, as
    `domain.report.book_row` prints them (search results exported to Excel)."""
    d = reg.draft
    text = book_row(reg).cells
    forwarded = next((to_vn(t.at).date() for t in reg.trace if t.text.startswith(FORWARD_PREFIX)), None)
    return (to_vn(d.received_at).date(), reg.arrival_number, text[2], text[3], d.issued_date, text[5], text[6],
            forwarded, "", text[9])
