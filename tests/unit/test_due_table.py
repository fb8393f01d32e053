"""The report's table of default due dates (`DeadlinePolicy.due_table`) gives, for every day and
both sides of closing time, exactly what `default_due` gives one day at a time: across Tết 2026
(16–20/02), weekends, a Saturday worked (làm bù), a local day off, and handling periods of 0, 1
and 10 working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from qlvb_desktop.domain.daily import DeadlinePolicy
from qlvb_desktop.domain.worktime import WorkSchedule

SCHEDULES = [
    WorkSchedule(),
    WorkSchedule(extra_days_off=frozenset({date(2026, 3, 2)}), extra_workdays=frozenset({date(2026, 2, 28)})),
    WorkSchedule(workdays=frozenset({0, 1, 2, 3, 4, 5})),
]


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("days", [0, 1, 10])
def test_due_table_is_default_due_for_every_day(schedule: WorkSchedule, days: int) -> None:
    first, last = date(2025, 12, 20), date(2026, 3, 20)
    table = DeadlinePolicy(schedule=schedule, handling_days=days).due_table(first, last)
    reference = DeadlinePolicy(schedule=schedule, handling_days=days)
    assert len(table) == 2 * ((last - first).days + 1)
    for day, after, due in table:
        assert due == reference.default_due(day, after), (day, after)
    assert {d for d, _a, _due in table} == {first + timedelta(days=i) for i in range((last - first).days + 1)}


def test_the_fixture_of_the_report_across_tet() -> None:
    """docs/casefiles.md: received Friday 06/02 → due Friday 27/02; at 17:30 → Monday 02/03."""
    table = {(d, a): due for d, a, due in DeadlinePolicy().due_table(date(2026, 2, 6), date(2026, 2, 6))}
    assert table == {(date(2026, 2, 6), False): date(2026, 2, 27), (date(2026, 2, 6), True): date(2026, 3, 2)}
    assert DeadlinePolicy().due_table(date(2026, 2, 7), date(2026, 2, 6)) == []
