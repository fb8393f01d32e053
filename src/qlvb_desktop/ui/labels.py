"""Words of the domain as the clerk sees them, marked for Qt Linguist.

The domain keeps its Vietnamese labels as plain strings (it imports no Qt); here the same
strings are marked with QT_TRANSLATE_NOOP so lupdate collects them, and looked up through the
installed translator at run time. A test checks that these lists match the domain's.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from qlvb_desktop.domain.books import is_waiting
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP  # typed str -> str; lupdate sees the name
from qlvb_desktop.domain.vocab import Channel, Confidentiality, Status, Urgency

FIELD_LABELS: dict[str, str] = {
    "file_organ_id": QT_TRANSLATE_NOOP("Fields", "Mã cơ quan lập hồ sơ"),
    "file_catalog": QT_TRANSLATE_NOOP("Fields", "Năm hồ sơ"),
    "file_notation": QT_TRANSLATE_NOOP("Fields", "Ký hiệu hồ sơ"),
    "doc_ordinal": QT_TRANSLATE_NOOP("Fields", "Số thứ tự văn bản trong hồ sơ"),
    "doc_type": QT_TRANSLATE_NOOP("Fields", "Tên loại văn bản"),
    "code_number": QT_TRANSLATE_NOOP("Fields", "Số văn bản"),
    "code_notation": QT_TRANSLATE_NOOP("Fields", "Ký hiệu văn bản"),
    "number": QT_TRANSLATE_NOOP("Fields", "Số, ký hiệu văn bản"),
    "issued_date": QT_TRANSLATE_NOOP("Fields", "Ngày văn bản"),
    "issuer": QT_TRANSLATE_NOOP("Fields", "Cơ quan ban hành"),
    "issuer_parent": QT_TRANSLATE_NOOP("Fields", "Cơ quan chủ quản"),
    "place": QT_TRANSLATE_NOOP("Fields", "Địa danh"),
    "subject": QT_TRANSLATE_NOOP("Fields", "Trích yếu"),
    "language": QT_TRANSLATE_NOOP("Fields", "Ngôn ngữ"),
    "page_count": QT_TRANSLATE_NOOP("Fields", "Số trang"),
    "note": QT_TRANSLATE_NOOP("Fields", "Ghi chú"),
    "received_at": QT_TRANSLATE_NOOP("Fields", "Ngày giờ đến"),
    "arrival_number": QT_TRANSLATE_NOOP("Fields", "Số đến"),
    "signer_title": QT_TRANSLATE_NOOP("Fields", "Chức vụ người ký"),
    "signer_name": QT_TRANSLATE_NOOP("Fields", "Họ tên người ký"),
    "signer_authority": QT_TRANSLATE_NOOP("Fields", "Thẩm quyền ký"),
    "urgency": QT_TRANSLATE_NOOP("Fields", "Độ khẩn"),
    "confidentiality": QT_TRANSLATE_NOOP("Fields", "Độ mật"),
    "to_places": QT_TRANSLATE_NOOP("Fields", "Đơn vị hoặc người nhận"),
    "due_date": QT_TRANSLATE_NOOP("Fields", "Hạn giải quyết"),
    "channel": QT_TRANSLATE_NOOP("Fields", "Hình thức nhận"),
    "document_id": QT_TRANSLATE_NOOP("Fields", "Mã định danh văn bản"),
    "book": QT_TRANSLATE_NOOP("Fields", "Sổ đăng ký"),
    "instruction": QT_TRANSLATE_NOOP("Fields", "Ý kiến chỉ đạo"),
    "reason": QT_TRANSLATE_NOOP("Fields", "Lý do"),
}

URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.NORMAL: QT_TRANSLATE_NOOP("Vocab", "Thường"),
    Urgency.KHAN: QT_TRANSLATE_NOOP("Vocab", "Khẩn"),
    Urgency.THUONG_KHAN: QT_TRANSLATE_NOOP("Vocab", "Thượng khẩn"),
    Urgency.HOA_TOC: QT_TRANSLATE_NOOP("Vocab", "Hỏa tốc"),
}

CONFIDENTIALITY_LABELS: dict[Confidentiality, str] = {
    Confidentiality.NORMAL: QT_TRANSLATE_NOOP("Vocab", "Thường"),
    Confidentiality.MAT: QT_TRANSLATE_NOOP("Vocab", "Mật"),
    Confidentiality.TOI_MAT: QT_TRANSLATE_NOOP("Vocab", "Tối mật"),
    Confidentiality.TUYET_MAT: QT_TRANSLATE_NOOP("Vocab", "Tuyệt mật"),
}

CHANNEL_UI_LABELS: dict[Channel, str] = {
    Channel.PAPER: QT_TRANSLATE_NOOP("Vocab", "Giấy (bưu điện)"),
    Channel.ELECTRONIC: QT_TRANSLATE_NOOP("Vocab", "Điện tử"),
    Channel.EMAIL: QT_TRANSLATE_NOOP("Vocab", "Thư điện tử"),
    Channel.HAND: QT_TRANSLATE_NOOP("Vocab", "Nhận trực tiếp"),
}

STATUS_UI_LABELS: dict[Status, str] = {
    Status.REGISTERED: QT_TRANSLATE_NOOP("Vocab", "Đã vào sổ"),
    Status.VOIDED: QT_TRANSLATE_NOOP("Vocab", "Hủy"),
}

DOC_TYPE_LABELS: dict[str, str] = {
    "Nghị quyết": QT_TRANSLATE_NOOP("DocTypes", "Nghị quyết"),
    "Quyết định": QT_TRANSLATE_NOOP("DocTypes", "Quyết định"),
    "Chỉ thị": QT_TRANSLATE_NOOP("DocTypes", "Chỉ thị"),
    "Quy chế": QT_TRANSLATE_NOOP("DocTypes", "Quy chế"),
    "Quy định": QT_TRANSLATE_NOOP("DocTypes", "Quy định"),
    "Thông cáo": QT_TRANSLATE_NOOP("DocTypes", "Thông cáo"),
    "Thông báo": QT_TRANSLATE_NOOP("DocTypes", "Thông báo"),
    "Hướng dẫn": QT_TRANSLATE_NOOP("DocTypes", "Hướng dẫn"),
    "Chương trình": QT_TRANSLATE_NOOP("DocTypes", "Chương trình"),
    "Kế hoạch": QT_TRANSLATE_NOOP("DocTypes", "Kế hoạch"),
    "Phương án": QT_TRANSLATE_NOOP("DocTypes", "Phương án"),
    "Đề án": QT_TRANSLATE_NOOP("DocTypes", "Đề án"),
    "Dự án": QT_TRANSLATE_NOOP("DocTypes", "Dự án"),
    "Báo cáo": QT_TRANSLATE_NOOP("DocTypes", "Báo cáo"),
    "Biên bản": QT_TRANSLATE_NOOP("DocTypes", "Biên bản"),
    "Tờ trình": QT_TRANSLATE_NOOP("DocTypes", "Tờ trình"),
    "Hợp đồng": QT_TRANSLATE_NOOP("DocTypes", "Hợp đồng"),
    "Công điện": QT_TRANSLATE_NOOP("DocTypes", "Công điện"),
    "Bản ghi nhớ": QT_TRANSLATE_NOOP("DocTypes", "Bản ghi nhớ"),
    "Bản thỏa thuận": QT_TRANSLATE_NOOP("DocTypes", "Bản thỏa thuận"),
    "Giấy ủy quyền": QT_TRANSLATE_NOOP("DocTypes", "Giấy ủy quyền"),
    "Giấy mời": QT_TRANSLATE_NOOP("DocTypes", "Giấy mời"),
    "Giấy giới thiệu": QT_TRANSLATE_NOOP("DocTypes", "Giấy giới thiệu"),
    "Giấy nghỉ phép": QT_TRANSLATE_NOOP("DocTypes", "Giấy nghỉ phép"),
    "Phiếu gửi": QT_TRANSLATE_NOOP("DocTypes", "Phiếu gửi"),
    "Phiếu chuyển": QT_TRANSLATE_NOOP("DocTypes", "Phiếu chuyển"),
    "Phiếu báo": QT_TRANSLATE_NOOP("DocTypes", "Phiếu báo"),
    "Bản sao y": QT_TRANSLATE_NOOP("DocTypes", "Bản sao y"),
    "Bản trích sao": QT_TRANSLATE_NOOP("DocTypes", "Bản trích sao"),
    "Bản sao lục": QT_TRANSLATE_NOOP("DocTypes", "Bản sao lục"),
    "Công văn": QT_TRANSLATE_NOOP("DocTypes", "Công văn"),
}


# What an attached file is to its entry (domain.registration roles), and the badge of an entry
# whose current copy has that role (domain.registration.COPY_BADGES).
FILE_ROLE_LABELS: dict[str, str] = {
    "": QT_TRANSLATE_NOOP("Vocab", "Bản gốc"),
    "stamped": QT_TRANSLATE_NOOP("Vocab", "Bản đóng dấu ĐẾN"),
    "signed": QT_TRANSLATE_NOOP("Vocab", "Bản đóng dấu ĐẾN, đã ký số"),
}
COPY_BADGE_LABELS: dict[str, str] = {
    "stamped": QT_TRANSLATE_NOOP("Vocab", "Đã đóng dấu ĐẾN"),
    "signed": QT_TRANSLATE_NOOP("Vocab", "Đã đóng dấu ĐẾN, đã ký"),
}


def file_role_label(role: str) -> str:
    return QCoreApplication.translate("Vocab", FILE_ROLE_LABELS.get(role, FILE_ROLE_LABELS[""]))


def copy_badge(role: str) -> str:
    """"Đã đóng dấu ĐẾN, đã ký" for an entry whose current copy is signed; empty without a copy."""
    source = COPY_BADGE_LABELS.get(role)
    return QCoreApplication.translate("Vocab", source) if source else ""


def field_label(name: str) -> str:
    source = FIELD_LABELS.get(name)
    return QCoreApplication.translate("Fields", source) if source else name


def urgency_label(value: Urgency) -> str:
    return QCoreApplication.translate("Vocab", URGENCY_LABELS[value])


def confidentiality_label(value: Confidentiality) -> str:
    return QCoreApplication.translate("Vocab", CONFIDENTIALITY_LABELS[value])


def channel_label(value: Channel) -> str:
    return QCoreApplication.translate("Vocab", CHANNEL_UI_LABELS[value])


def status_label(value: Status) -> str:
    return QCoreApplication.translate("Vocab", STATUS_UI_LABELS[value])


def doc_type_label(name: str) -> str:
    source = DOC_TYPE_LABELS.get(name)
    return QCoreApplication.translate("DocTypes", source) if source else name


WAITING_FOR_NUMBER = QT_TRANSLATE_NOOP("Fields", "chờ cấp số")


def arrival_label(number: int, year: int | None = None) -> str:
    """"15/2026" (or "15"), or "chờ cấp số" for a registration still waiting for its number from
    the server (domain.books.WaitingForNumber): the placeholder is never shown."""
    if is_waiting(number):
        return QCoreApplication.translate("Fields", WAITING_FOR_NUMBER)
    return f"{number}/{year}" if year is not None else str(number)
