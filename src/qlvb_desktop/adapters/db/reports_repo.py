"""The rows reports and Excel exports read (issue 17), streamed from SQLite.

Each reader is a generator holding one read transaction (one consistent snapshot) while the
caller consumes it, fetching a few thousand rows at a time through the driver's own cursor:
a 1,000,000-row register goes to the Excel writer without ever being held in memory, and a
report over 100,000 registrations costs one query (bench/reports.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Engine, text

from qlvb_desktop.adapters.db.database import read
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.registration import join_number
from qlvb_desktop.domain.reports import OutgoingItem, ReportItem
from qlvb_desktop.domain.tabular import Cell

BATCH = 5000
_dates: dict[str, date] = {}


def _day(value: str | None) -> date | None:
    """Dates repeat over many rows: parse each distinct one once."""
    if not value:
        return None
    key = value[:10]
    day = _dates.get(key)
    if day is None:
        day = _dates[key] = date.fromisoformat(key)
    return day


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=VN_TZ) if value.endswith("+07:00") else moment


class SqliteReportRows:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _stream(self, sql: str, params: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        with read(self.engine) as conn:
            cursor = conn.exec_driver_sql(sql, params).cursor
            while True:
                batch = cursor.fetchmany(BATCH)
                if not batch:
                    return
                yield from batch

    def report_items(self, date_from: date, date_to: date) -> Iterator[ReportItem]:
        """Registered (not voided, numbered) incoming documents received in the period."""
        sql = (
            "SELECT r.id, r.arrival_number, r.received_at, r.due_date, r.to_places, r.issuer, r.code_number, "
            "r.code_notation, r.issued_date, r.doc_type, r.subject, h.handled_at, h.note "
            "FROM registrations r LEFT JOIN handling h ON h.registration_id = r.id "
            "WHERE r.status = 'registered' AND r.arrival_number > 0 AND r.received_date BETWEEN ? AND ? "
            "ORDER BY r.received_at, r.id"
        )
        for r in self._stream(sql, (date_from.isoformat(), date_to.isoformat())):
            yield ReportItem(
                r[0], r[1], _moment(r[2]), _day(r[3]), r[4], r[5], join_number(r[6], r[7]), _day(r[8]), r[9],
                r[10], _day(r[11]), r[12] or "",
            )

    def status_counts(
        self, date_from: date, date_to: date, as_of: date,
        due_table: Callable[[date, date], list[tuple[date, bool, date]]], closing: time,
    ) -> list[tuple[str, str, int]]:
        """(field 16, state, count) of the documents received in the period, the states on day
        `as_of` computed by SQLite in one pass over the covering index `ix_registrations_report`
        (migration 0013): Python gives only the table of default due dates of the calendar days
        the period's arrivals span (`due_table`, working time). `domain.reports.incoming_status`
        over `report_items` is the reference it is tested against."""
        close = closing.strftime("%H:%M")
        after = "(substr(r.received_at, 12, 5) >= :close)"
        period = ("r.status = 'registered' AND r.arrival_number > 0 "
                  "AND r.received_date BETWEEN :dfrom AND :dto")
        params = {"close": close, "dfrom": date_from.isoformat(), "dto": date_to.isoformat(), "asof": as_of.isoformat()}
        with read(self.engine) as conn:
            first, last = conn.execute(
                text(f"SELECT min(r.received_date), max(r.received_date) FROM registrations r WHERE {period}"), params
            ).one()
            days = due_table(date.fromisoformat(first), date.fromisoformat(last)) if first else []
            table = json.dumps([[d.isoformat(), int(a), due.isoformat()] for d, a, due in days])
            conn.exec_driver_sql(
                "CREATE TEMP TABLE IF NOT EXISTS report_due "
                "(day TEXT NOT NULL, after INTEGER NOT NULL, due TEXT NOT NULL, PRIMARY KEY (day, after))"
            )
            conn.exec_driver_sql("DELETE FROM temp.report_due")
            conn.exec_driver_sql(
                "INSERT INTO temp.report_due SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
                "json_extract(value, '$[2]') FROM json_each(?)",
                (table,),
            )
            rows = conn.execute(text(
                "WITH o(places, due, handled) AS (SELECT r.to_places, COALESCE(r.due_date, a.due), "
                "substr(h.handled_at, 1, 10) FROM registrations r "
                f"LEFT JOIN temp.report_due a ON r.due_date IS NULL AND a.day = r.received_date AND a.after = {after} "
                f"LEFT JOIN handling h ON h.registration_id = r.id WHERE {period}) "
                "SELECT places, CASE WHEN handled IS NOT NULL AND handled <= :asof THEN "
                "(CASE WHEN handled <= due THEN 'on_time' ELSE 'late' END) "
                "WHEN due >= :asof THEN 'in_progress' ELSE 'overdue' END, count(*) FROM o GROUP BY 1, 2"
            ), params).all()
        return [(r[0], r[1], int(r[2])) for r in rows]

    def outgoing_items(self, date_from: date, date_to: date) -> Iterator[OutgoingItem]:
        sql = (
            "SELECT issued_date, archive_unit, signer_name, status FROM outgoing "
            "WHERE issued_date BETWEEN ? AND ? ORDER BY issued_date, id"
        )
        for r in self._stream(sql, (date_from.isoformat(), date_to.isoformat())):
            yield OutgoingItem(date.fromisoformat(r[0]), r[1], r[2], r[3] == "voided")

    def register_rows(self, book: str, year: int) -> Iterator[tuple[Cell, ...]]:
        """The incoming register's 10 columns (SPEC §3) with real dates and numbers, in number order."""
        sql = (
            "SELECT r.received_date, r.arrival_number, r.issuer, r.code_number, r.code_notation, r.issued_date, "
            "r.doc_type, r.subject, r.to_places, "
            "(SELECT min(t.at) FROM trace_entries t WHERE t.registration_id = r.id AND t.text LIKE 'Chuyển%'), "
            "r.status, r.void_reason, r.urgency, r.note "
            "FROM registrations r WHERE r.book = ? AND r.year = ? ORDER BY r.arrival_number, r.id"
        )
        for r in self._stream(sql, (book, year)):
            notes = [r[12], f"Hủy: {r[11]}" if r[10] == "voided" else "", r[13]]
            yield (
                _day(r[0]), r[1], r[2], join_number(r[3], r[4]), _day(r[5]),
                f"{r[6]}: {r[7]}" if r[6] else r[7], r[8], _day(r[9]), "", "; ".join(n for n in notes if n),
            )

    def outgoing_rows(self, book: str, year: int) -> Iterator[tuple[Cell, ...]]:
        """The outgoing register's 10 columns (SPEC §8), in number order."""
        sql = (
            "SELECT number_text, issued_date, doc_type, subject, signer_title, signer_name, recipients, "
            "archive_unit, copies, created_at, status, void_reason FROM outgoing "
            "WHERE book = ? AND year = ? ORDER BY series, number, id"
        )
        for r in self._stream(sql, (book, year)):
            yield (
                r[0], _day(r[1]), f"{r[2]}: {r[3]}", ", ".join(x for x in (r[4], r[5]) if x), r[6], r[7], r[8],
                _day(r[9]), "", f"Hủy: {r[11]}" if r[10] == "voided" else "",
            )
