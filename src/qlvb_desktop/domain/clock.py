"""Vietnam time. Every timestamp the app stores or shows is aware and in +07:00."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")


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
