"""A day's register for the daily views' tests, screenshots and benchmark: documents overdue,
due soon and on time, urgent and not, one handled, one voided, one with a stamped scan."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.clock import VN_TZ

CORPUS_PDF = Path("/work/shared/corpus/dev/doc_0002.pdf")


def _doc(**extra: Any) -> dict[str, Any]:
    return {"issuer": "Sở Tài chính tỉnh Tuyên Quang", "doc_type": "Công văn", "subject": "V/v quyết toán", **extra}


def fill_day(core: Any, now: datetime, pdf: Path | None = None) -> dict[str, int]:
    """Registrations relative to `now`; returns their ids by role."""
    def at(days: int, hour: int = 9) -> str:
        moment = (now - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        return moment.astimezone(VN_TZ).isoformat()

    reg = core.register.register
    ids: dict[str, int] = {}
    ids["overdue"] = reg(_doc(subject="Báo cáo kết quả thực hiện dự toán quý III", number="88/BC-STC",
                              received_at=at(30)), confirm_duplicate=True).id
    ids["overdue_urgent"] = reg(_doc(subject="Triển khai phòng, chống lụt bão", urgency="Thượng khẩn",
                                     number="12/CĐ-UBND", doc_type="Công điện", issuer="UBND tỉnh Tuyên Quang",
                                     received_at=at(6), due_date=(now - timedelta(days=2)).date().isoformat()),
                                confirm_duplicate=True).id
    soon_due = (now + timedelta(days=1)).date().isoformat()
    ids["soon"] = reg(_doc(subject="Góp ý dự thảo quy chế chi tiêu nội bộ năm 2027", number="301/STC-HCSN",
                           to_places="Phòng Kế hoạch; Phòng Tài vụ", received_at=at(3), due_date=soon_due),
                      confirm_duplicate=True).id
    ids["soon_fire"] = reg(_doc(subject="Báo cáo nhanh thiệt hại do mưa lũ", urgency="Hỏa tốc",
                                number="45/UBND-KT", issuer="UBND huyện Sơn Dương",
                                received_at=(now - timedelta(minutes=30)).isoformat(),
                                due_date=now.date().isoformat()), confirm_duplicate=True).id
    ids["on_time"] = reg(_doc(subject="Mời họp giao ban tháng 12", doc_type="Giấy mời", number="77/GM-VP",
                              received_at=at(1)), confirm_duplicate=True).id
    files = [pdf] if pdf is not None else []
    ids["with_scan"] = reg(_doc(subject="Quyết định phê duyệt dự toán", doc_type="Quyết định",
                                number="15/QĐ-STC", received_at=at(2), urgency="Khẩn"),
                           files, confirm_duplicate=True).id
    ids["handled"] = reg(_doc(subject="Thông báo lịch nghỉ Tết", doc_type="Thông báo", number="5/TB-VP",
                              received_at=at(25)), confirm_duplicate=True).id
    core.daily.mark_handled(ids["handled"], "Đã phổ biến")
    ids["voided"] = reg(_doc(subject="Vào sổ nhầm", received_at=at(20)), confirm_duplicate=True).id
    core.register.void(ids["voided"], "Vào sổ hai lần")
    core.register.add_trace(ids["soon"], "Giao Phòng Kế hoạch chủ trì, Phòng Tài vụ phối hợp")
    return ids


def stamped_pdf(core: Any, src: Path, out: Path) -> Path:
    """`src` with the ĐẾN stamp drawn on page 1 (the revision the clerk keeps)."""
    core.signing_area.stamps.stamp_arrival(
        src, out, "15", datetime.now(VN_TZ).date(), forward_to="Phòng Kế hoạch", at_mm=(20.0, 60.0)
    )
    return out
