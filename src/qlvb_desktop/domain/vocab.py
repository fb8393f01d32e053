"""Controlled values of the register (SPEC §5, §9)."""

from __future__ import annotations

from enum import StrEnum

# Document types with their abbreviations (SPEC §5). Công văn has no abbreviation.
DOC_TYPES: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Bản sao y": "SY",
    "Bản trích sao": "TrS",
    "Bản sao lục": "SL",
    "Công văn": "",
}


# The types a clerk registers most, first in every type list (the decree's order put Công văn,
# by far the most common, last; the rest keep the decree's order after these).
COMMON_DOC_TYPES = (
    "Công văn",
    "Quyết định",
    "Thông báo",
    "Kế hoạch",
    "Báo cáo",
    "Tờ trình",
    "Giấy mời",
    "Công điện",
    "Hướng dẫn",
    "Chỉ thị",
)


def doc_types_by_use() -> list[str]:
    """Every document type, the common ones first."""
    return list(COMMON_DOC_TYPES) + [name for name in DOC_TYPES if name not in COMMON_DOC_TYPES]

class Urgency(StrEnum):
    """Độ khẩn; the value is the edXML Priority code (SPEC §9)."""

    NORMAL = ""
    KHAN = "Khẩn"
    THUONG_KHAN = "Thượng khẩn"
    HOA_TOC = "Hỏa tốc"

    @property
    def priority(self) -> int:
        return {"": 0, "Khẩn": 1, "Thượng khẩn": 2, "Hỏa tốc": 3}[self.value]

    @property
    def is_urgent(self) -> bool:
        return self is not Urgency.NORMAL


class Confidentiality(StrEnum):
    """Độ mật. Secret documents go to their own book with their own series (SPEC §3)."""

    NORMAL = ""
    MAT = "Mật"
    TOI_MAT = "Tối mật"
    TUYET_MAT = "Tuyệt mật"

    @property
    def is_secret(self) -> bool:
        return self is not Confidentiality.NORMAL


class Channel(StrEnum):
    """How the document arrived."""

    PAPER = "paper"
    ELECTRONIC = "electronic"
    EMAIL = "email"
    HAND = "hand"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.PAPER: "Giấy (bưu điện)",
    Channel.ELECTRONIC: "Điện tử",
    Channel.EMAIL: "Thư điện tử",
    Channel.HAND: "Nhận trực tiếp",
}


class Status(StrEnum):
    REGISTERED = "registered"
    VOIDED = "voided"


STATUS_LABELS: dict[Status, str] = {
    Status.REGISTERED: "Đã vào sổ",
    Status.VOIDED: "Hủy",
}
