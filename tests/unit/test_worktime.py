"""Working-time arithmetic (SPEC §2): examples from the calendar and properties."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.domain.worktime import (
    HUNG_KINGS,
    TET_DAY_ONE,
    WorkSchedule,
    build_schedule,
    parse_day_list,
    parse_office_hours,
    public_holidays,
)

S = WorkSchedule()


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_after_hours_arrival_counts_from_next_working_morning() -> None:
    # Friday 29/05/2026 17:05 -> Monday 01/06/2026 07:30
    assert S.effective_arrival(vn(2026, 5, 29, 17, 5)) == vn(2026, 6, 1, 7, 30)
    # before opening -> same morning
    assert S.effective_arrival(vn(2026, 5, 28, 6, 0)) == vn(2026, 5, 28, 7, 30)
    # lunch break -> afternoon period
    assert S.effective_arrival(vn(2026, 5, 28, 12, 0)) == vn(2026, 5, 28, 13, 30)
    # within hours -> unchanged
    assert S.effective_arrival(vn(2026, 5, 28, 9, 15)) == vn(2026, 5, 28, 9, 15)


def test_tet_and_hung_kings_are_days_off() -> None:
    assert not S.is_working_day(date(2026, 2, 17))  # Tết day 1 (Tuesday)
    assert not S.is_working_day(date(2026, 2, 16))  # 30 Tết
    assert not S.is_working_day(date(2026, 2, 20))  # day 4
    assert S.is_working_day(date(2026, 2, 23))
    # Hùng Kings 2026 falls on Sunday 26/04: Monday 27/04 is the compensatory day off
    assert not S.is_working_day(date(2026, 4, 27))
    # 30/04 and 01/05 2026 (Thursday, Friday)
    assert not S.is_working_day(date(2026, 4, 30))
    assert not S.is_working_day(date(2026, 5, 1))
    # Arrival on 29/04/2026 17:30 -> next working morning is Monday 04/05
    assert S.effective_arrival(vn(2026, 4, 29, 17, 30)) == vn(2026, 5, 4, 7, 30)


def test_lunar_dates_written_out_for_every_year() -> None:
    assert sorted(TET_DAY_ONE) == list(range(2024, 2031))
    assert sorted(HUNG_KINGS) == list(range(2024, 2031))
    for year in range(2024, 2031):
        # Tết day one lies between 21/01 and 20/02; Hùng Kings between late March and early May
        assert date(year, 1, 21) <= TET_DAY_ONE[year] <= date(year, 2, 20)
        assert date(year, 3, 25) <= HUNG_KINGS[year] <= date(year, 5, 5)
        # about 68 days after Tết (2 lunar months + 9 days), longer in a leap-month year
        gap = (HUNG_KINGS[year] - TET_DAY_ONE[year]).days
        assert gap in (67, 68, 69, 97, 98, 99), (year, gap)
        assert len([d for d, name in public_holidays(year).items() if name == "Tết Nguyên đán"]) == 5


def test_vietnamese_lunar_dates_not_the_chinese_ones() -> None:
    # Vietnamese calendar (UTC+7): Tết 2030 is 2 February, a day before the Chinese New Year
    assert TET_DAY_ONE[2030] == date(2030, 2, 2)
    assert HUNG_KINGS[2030] == date(2030, 4, 12)
    assert not S.is_working_day(date(2030, 2, 1))  # 30 Tết


def test_compensatory_days_are_editable() -> None:
    s = build_schedule(days_off=["02/01/2026 nghỉ bù"], workdays_extra=["10/01/2026 làm bù"])
    assert not s.is_working_day(date(2026, 1, 2))
    assert s.is_working_day(date(2026, 1, 10))  # a Saturday


def test_deadline_in_working_days() -> None:
    # Thursday 28/05/2026 10:00 + 3 working days -> Tuesday 02/06
    assert S.deadline(vn(2026, 5, 28, 10, 0), 3) == date(2026, 6, 2)
    # after hours Thursday counts from Friday -> Wednesday 03/06
    assert S.deadline(vn(2026, 5, 28, 18, 0), 3) == date(2026, 6, 3)


@pytest.mark.parametrize(
    "text",
    ["", "7h30-11h30", "11:30-07:30", "07:30-11:30, 11:00-12:00", "25:00-26:00"],
)
def test_bad_office_hours_are_refused_with_a_sentence(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_office_hours(text)
    assert info.value.field == "office_hours"
    assert info.value.message.endswith(".")


@pytest.mark.parametrize("line", ["31/02/2026", "hôm qua", "2026-13-01 Tết"])
def test_bad_holiday_lines_are_refused(line: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_day_list("days_off", [line])
    assert line in info.value.message


def test_day_list_accepts_both_forms_and_comments() -> None:
    days = parse_day_list("days_off", ["# comment", "", "02/01/2026 nghỉ bù", "2026-09-01"])
    assert days == {date(2026, 1, 2): "nghỉ bù", date(2026, 9, 1): ""}


def test_no_workday_is_refused() -> None:
    with pytest.raises(ValidationError):
        build_schedule(workdays=[])


moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 20)).map(
    lambda d: d.replace(tzinfo=VN_TZ, microsecond=0)
)


@settings(max_examples=300, deadline=None)
@given(moments)
def test_effective_arrival_is_the_first_office_moment_not_before(moment: datetime) -> None:
    eff = S.effective_arrival(moment)
    assert eff >= moment
    assert S.in_office_hours(eff)
    assert S.effective_arrival(eff) == eff  # idempotent
    # no office time was skipped between the arrival and the effective arrival
    assert S.working_time_between(moment, eff) == timedelta(0)
    if S.in_office_hours(moment):
        assert eff == moment


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 6, 1)), st.integers(0, 40))
def test_add_working_days_lands_on_a_working_day_after_n_of_them(day: date, n: int) -> None:
    due = S.add_working_days(day, n)
    assert S.is_working_day(due)
    assert due >= day
    if n > 0:
        assert S.working_days_between(day, due) == n
        if n > 1 or S.is_working_day(day):
            assert S.add_working_days(day, n - 1) < due


@settings(max_examples=200, deadline=None)
@given(moments, moments, moments)
def test_working_time_is_additive(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    if (c - a).days > 60:
        c = a + timedelta(days=60)
        b = min(b, c)
    total = S.working_time_between(a, c)
    assert total == S.working_time_between(a, b) + S.working_time_between(b, c)
    assert total <= c - a


@settings(max_examples=100, deadline=None)
@given(moments, st.integers(0, 30))
def test_deadline_is_monotone_in_arrival_and_period(moment: datetime, n: int) -> None:
    later = moment + timedelta(hours=5)
    assert S.deadline(later, n) >= S.deadline(moment, n)
    assert S.deadline(moment, n + 1) > S.deadline(moment, n)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
def test_weekly_hours_never_exceed_the_schedule(day: date) -> None:
    start = datetime.combine(day, time(0), tzinfo=VN_TZ)
    week = S.working_time_between(start, start + timedelta(days=7))
    assert week <= timedelta(hours=7.5 * 5)
