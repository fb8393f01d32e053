"""Working time (SPEC §2): office hours, weekends, public holidays and compensatory days.

Deadlines are counted from the time the system recorded; a document that arrives outside office
hours counts as arriving at the start of the next working period ("after-hours arrival counts
from the next working morning"). Everything here is a setting with a default:

- office hours: Mon–Fri, 07:30–11:30 and 13:30–17:00 (Asia/Ho_Chi_Minh);
- public holidays of the Labour Code (Bộ luật Lao động 2019, Điều 112) for 2024–2030, with the
  lunar ones (Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3 âm lịch) written out as solar dates below;
- a holiday that falls on a weekly day off gives a compensatory day off on the next working day
  (Điều 111.3);
- extra days off and make-up working days the Government announces each year ("nghỉ bù",
  "làm bù"), as lists the clerk edits.

Pure Python; the GUI and the CLI get a `WorkSchedule` built from the settings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from qlvb_desktop.domain.clock import VN_TZ, to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError

CTX = "Errors"

# Tết Nguyên đán: the solar date of the first day of the lunar year in the Vietnamese calendar,
# whose months start at the new moon in UTC+7 (Hồ Ngọc Đức's algorithm, checked with vnlunar):
# in 2030 the new moon falls at 23:07 in Vietnam, so Tết is 2 February, a day before China's.
TET_DAY_ONE: dict[int, date] = {
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),
}
# Giỗ Tổ Hùng Vương: 10th day of the 3rd lunar month.
HUNG_KINGS: dict[int, date] = {
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
}
FIRST_YEAR, LAST_YEAR = 2024, 2030

DEFAULT_OFFICE_HOURS = "07:30-11:30, 13:30-17:00"
DEFAULT_WORKDAYS = (0, 1, 2, 3, 4)  # Monday = 0


def _national_day_extra(year: int) -> date:
    """Quốc khánh is 2/9 plus the day before or after (Điều 112.1.đ); the Government picks the
    one that joins a weekend: Tuesday → Monday 1/9, otherwise 3/9."""
    sep2 = date(year, 9, 2)
    return sep2 - timedelta(days=1) if sep2.weekday() == 1 else sep2 + timedelta(days=1)


def public_holidays(year: int) -> dict[date, str]:
    """The public holidays of one year (2024–2030; other years: the solar ones only)."""
    days: dict[date, str] = {
        date(year, 1, 1): "Tết Dương lịch",
        date(year, 4, 30): "Ngày Chiến thắng",
        date(year, 5, 1): "Ngày Quốc tế lao động",
        date(year, 9, 2): "Quốc khánh",
        _national_day_extra(year): "Quốc khánh",
    }
    tet = TET_DAY_ONE.get(year)
    if tet is not None:
        # Five days: the last day of the old year and the first four of the new (Điều 112.1.b).
        for offset in range(-1, 4):
            days[tet + timedelta(days=offset)] = "Tết Nguyên đán"
    hung = HUNG_KINGS.get(year)
    if hung is not None:
        days[hung] = "Giỗ Tổ Hùng Vương"
    return days


def builtin_holidays(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> dict[date, str]:
    out: dict[date, str] = {}
    for year in range(first, last + 1):
        out.update(public_holidays(year))
    return out


# --- parsing the settings -------------------------------------------------------------------

_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_DAY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b\s*(.*)$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\b\s*(.*)$")


def _bad(name: str, template: str, **params: object) -> ValidationError:
    return ValidationError(name, template, label=name, **params)


def parse_office_hours(text: str) -> tuple[tuple[time, time], ...]:
    """`07:30-11:30, 13:30-17:00` → periods, ordered, not overlapping, at least one."""
    periods: list[tuple[time, time]] = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        m = _PERIOD.match(part)
        try:
            if m is None:
                raise ValueError
            start = time(int(m.group(1)), int(m.group(2)))
            end = time(int(m.group(3)), int(m.group(4)))
        except ValueError:
            raise _bad(
                "office_hours",
                QT_TRANSLATE_NOOP(CTX, "Giờ làm việc “{value}” không đúng dạng; viết như 07:30-11:30, 13:30-17:00."),
                value=part.strip(),
            ) from None
        if start >= end:
            raise _bad(
                "office_hours",
                QT_TRANSLATE_NOOP(CTX, "Buổi làm việc “{value}”: giờ bắt đầu phải trước giờ kết thúc."),
                value=part.strip(),
            )
        periods.append((start, end))
    if not periods:
        raise _bad("office_hours", QT_TRANSLATE_NOOP(CTX, "Chưa nhập giờ làm việc (ví dụ 07:30-11:30, 13:30-17:00)."))
    periods.sort()
    for (_s1, e1), (s2, _e2) in itertools.pairwise(periods):
        if s2 < e1:
            raise _bad(
                "office_hours",
                QT_TRANSLATE_NOOP(CTX, "Các buổi làm việc chồng lên nhau; sửa lại giờ làm việc."),
            )
    return tuple(periods)


def format_office_hours(periods: Iterable[tuple[time, time]]) -> str:
    return ", ".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in periods)


def parse_day_list(name: str, lines: Iterable[str]) -> dict[date, str]:
    """Lines `dd/mm/yyyy note` or `yyyy-mm-dd note`; blank lines and `#` comments are skipped."""
    out: dict[date, str] = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _DAY.match(line)
        iso_m = _ISO_DAY.match(line) if m is None else None
        try:
            if m is not None:
                day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                note = m.group(4)
            elif iso_m is not None:
                day = date(int(iso_m.group(1)), int(iso_m.group(2)), int(iso_m.group(3)))
                note = iso_m.group(4)
            else:
                raise ValueError
        except ValueError:
            raise _bad(
                name,
                QT_TRANSLATE_NOOP(CTX, "Dòng “{value}” không phải một ngày (viết dd/mm/yyyy rồi ghi chú nếu cần)."),
                value=line,
            ) from None
        out[day] = note.strip()
    return out


def format_day(day: date, note: str = "") -> str:
    return f"{day:%d/%m/%Y} {note}".strip()


# --- the schedule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkSchedule:
    periods: tuple[tuple[time, time], ...] = field(default_factory=lambda: parse_office_hours(DEFAULT_OFFICE_HOURS))
    workdays: frozenset[int] = frozenset(DEFAULT_WORKDAYS)
    use_builtin_holidays: bool = True
    extra_days_off: frozenset[date] = frozenset()  # nghỉ bù announced by the Government, local days off
    extra_workdays: frozenset[date] = frozenset()  # làm bù: a weekend day that is worked
    shift_weekend_holidays: bool = True  # a holiday on a day off gives the next working day off

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("no office hours")
        if not self.workdays:
            raise _bad("workdays", QT_TRANSLATE_NOOP(CTX, "Phải có ít nhất một ngày làm việc trong tuần."))

    @cached_property
    def holidays(self) -> frozenset[date]:
        """Every day off that is not a weekly day off: holidays, their compensation, extras."""
        days = set(builtin_holidays()) if self.use_builtin_holidays else set()
        if self.shift_weekend_holidays:
            for day in sorted(days):
                if day.weekday() not in self.workdays:
                    moved = day + timedelta(days=1)
                    while moved.weekday() not in self.workdays or moved in days:
                        moved += timedelta(days=1)
                    days.add(moved)
        days |= self.extra_days_off
        return frozenset(days - self.extra_workdays)

    # -- days --

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.weekday() in self.workdays and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        for _ in range(3700):  # a decade: a schedule always has working days
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within ten years")

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n = 0: `day` itself if it is a working day, else the next)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return day if self.is_working_day(day) else self.next_working_day(day)
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    # -- moments --

    def _period_bounds(self, day: date) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.combine(day, s, tzinfo=VN_TZ), datetime.combine(day, e, tzinfo=VN_TZ))
            for s, e in self.periods
        ]

    def in_office_hours(self, moment: datetime) -> bool:
        local = to_vn(moment)
        if not self.is_working_day(local.date()):
            return False
        return any(s <= local < e for s, e in self._period_bounds(local.date()))

    def effective_arrival(self, moment: datetime) -> datetime:
        """When the deadline starts to run: `moment` if within office hours, else the start of the
        next working period (the next working morning after hours, 13:30 in the lunch break)."""
        local = to_vn(moment)
        day = local.date()
        if self.is_working_day(day):
            for start, end in self._period_bounds(day):
                if local < start:
                    return start
                if local < end:
                    return local
        return self._period_bounds(self.next_working_day(day))[0][0]

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time in [start, end); zero when end <= start."""
        a, b = to_vn(start), to_vn(end)
        total = timedelta()
        if b <= a:
            return total
        day = a.date()
        while day <= b.date():
            if self.is_working_day(day):
                for s, e in self._period_bounds(day):
                    lo, hi = max(s, a), min(e, b)
                    if hi > lo:
                        total += hi - lo
            day += timedelta(days=1)
        return total

    def arrival_day(self, moment: datetime) -> date:
        """The date of `effective_arrival(moment)`, without building datetimes (hot path of the
        deadline views over every open registration)."""
        local = to_vn(moment)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.periods[-1][1]:
            return day
        return self.next_working_day(day)

    def deadline(self, arrival: datetime, working_days: int) -> date:
        """The due date of a handling period of `working_days` counted from the arrival: the
        arrival day (after hours: the next working day) is day 0."""
        return self.add_working_days(self.effective_arrival(arrival).date(), working_days)


def build_schedule(
    office_hours: str = DEFAULT_OFFICE_HOURS,
    workdays: Iterable[int] = DEFAULT_WORKDAYS,
    use_builtin_holidays: bool = True,
    days_off: Iterable[str] = (),
    workdays_extra: Iterable[str] = (),
) -> WorkSchedule:
    """A schedule from settings text; raises ValidationError naming what is wrong."""
    days = frozenset(int(d) for d in workdays)
    if any(not 0 <= d <= 6 for d in days):
        raise _bad("workdays", QT_TRANSLATE_NOOP(CTX, "Ngày trong tuần không hợp lệ."))
    return WorkSchedule(
        periods=parse_office_hours(office_hours),
        workdays=days,
        use_builtin_holidays=use_builtin_holidays,
        extra_days_off=frozenset(parse_day_list("days_off", days_off)),
        extra_workdays=frozenset(parse_day_list("extra_workdays", workdays_extra)),
    )
