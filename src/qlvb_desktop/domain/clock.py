"""Vietnam time. Every timestamp the app stores or shows is aware and in +07:00."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")

# What a clerk types for a date: 5/1/2026, 05-01-2026, 5.1.26, or the digits 05012026.
_TYPED_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})$")
_TYPED_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def now_vn() -> datetime:
    return datetime.now(VN_TZ).replace(microsecond=0)


def to_vn(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(VN_TZ)


def iso(moment: datetime) -> str:
    """ISO 8601 with offset, as on the wire: 2026-05-29T14:03:00+07:00."""
    return to_vn(moment).isoformat()


def format_date_vn(day: date) -> str:
    """dd/mm/yyyy, as clerks write dates."""
    return day.strftime("%d/%m/%Y")


def parse_day_vn(text: str) -> date | None:
    """A date as the clerk types it (day first, as written in Vietnam): 5/1/2026, 05-01-2026,
    5.1.26 (20xx) or the eight digits 05012026. Empty is None; anything else is ValueError."""
    text = text.strip()
    if not text:
        return None
    m = _TYPED_DMY.match(text) or _TYPED_DIGITS.match(text)
    if m is None:
        raise ValueError(text)
    day, month, year = (int(g) for g in m.groups())
    if len(m.group(3)) == 2:
        year += 2000
    return date(year, month, day)  # ValueError for 31/02
