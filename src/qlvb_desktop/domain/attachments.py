"""What may be attached to a registration (SPEC §10), decided from the file's bytes, not its name.

Accepted: pdf, jpg/jpeg, png, tif/tiff (scans); doc, docx, odt, rtf, txt, xls, xlsx, ods, csv.
A file's first bytes say what it really is (`sniff`); a name that lies (a JPEG named `.pdf`),
an empty file, a program (`.exe`, or a program renamed `.pdf`) or a type not in the list is
refused with one sentence saying what to do. Page and pixel limits protect the machine from a
small file that would take gigabytes to open (a 1 MB PDF of 5,000 pages, a decompression bomb).
The adapters open the file (`adapters/attachments.py`); the rules live here.
"""

from __future__ import annotations

from enum import Enum

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError

CTX = "Errors"

# Beyond these a document is not something a clerk registers: it is refused before it is opened
# further (ingest, extract, attach, receive all check it).
MAX_PAGES = 1000
MAX_PIXELS = 120_000_000  # A3 at 600 dpi is 70 Mpx


class Kind(Enum):
    PDF = "PDF"
    JPEG = "JPEG"
    PNG = "PNG"
    TIFF = "TIFF"
    OLE = "Word/Excel 97-2003"  # .doc, .xls
    ZIP = "Office Open XML / OpenDocument"  # .docx, .xlsx, .odt, .ods
    RTF = "RTF"
    TEXT = "văn bản thuần"  # .txt, .csv
    PROGRAM = "chương trình chạy được"


# SPEC §10, by suffix: the kind the bytes must have.
ACCEPTED: dict[str, Kind] = {
    ".pdf": Kind.PDF,
    ".jpg": Kind.JPEG,
    ".jpeg": Kind.JPEG,
    ".png": Kind.PNG,
    ".tif": Kind.TIFF,
    ".tiff": Kind.TIFF,
    ".doc": Kind.OLE,
    ".xls": Kind.OLE,
    ".docx": Kind.ZIP,
    ".xlsx": Kind.ZIP,
    ".odt": Kind.ZIP,
    ".ods": Kind.ZIP,
    ".rtf": Kind.RTF,
    ".txt": Kind.TEXT,
    ".csv": Kind.TEXT,
}
# The suffix a file of each kind should have, to tell the clerk how to rename a misnamed one.
USUAL_SUFFIX = {Kind.PDF: ".pdf", Kind.JPEG: ".jpg", Kind.PNG: ".png", Kind.TIFF: ".tif", Kind.RTF: ".rtf"}


def sniff(head: bytes) -> Kind | None:
    """The kind of a file from its first bytes (at least 8, ideally 1024); None if unknown."""
    if b"%PDF-" in head[:1024]:
        return Kind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return Kind.TIFF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Kind.OLE
    if head.startswith(b"PK\x03\x04"):
        return Kind.ZIP
    if head.startswith(b"{\\rtf"):
        return Kind.RTF
    if head.startswith((b"MZ", b"\x7fELF", b"#!")) or head[:4] in (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return Kind.PROGRAM
    if b"\x00" not in head:
        return Kind.TEXT
    return None


def accepted_list() -> str:
    return ", ".join(s.lstrip(".") for s in ACCEPTED)


def check_kind(name: str, suffix: str, head: bytes, size: int) -> Kind:
    """The kind the file must be opened as, or a UserError saying why it is refused."""
    if size == 0:
        raise UserError(QT_TRANSLATE_NOOP(CTX, "Tệp {name} rỗng (0 byte); hãy chọn đúng tệp văn bản."), name=name)
    actual = sniff(head)
    if actual is Kind.PROGRAM:
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Tệp {name} là một chương trình chạy được, không phải văn bản; không nhận tệp này."),
            name=name,
        )
    expected = ACCEPTED.get(suffix.lower())
    if expected is None:
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Không nhận tệp {name}: chỉ nhận các loại tệp {accepted}."),
            name=name,
            accepted=accepted_list(),
        )
    if actual is not expected:
        if actual in USUAL_SUFFIX:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    CTX,
                    "Tệp {name} thực chất là {actual}, không phải {expected}; hãy đổi đuôi tệp thành {suffix} "
                    "rồi đính kèm lại.",
                ),
                name=name,
                actual=actual.value if actual else "?",
                expected=expected.value,
                suffix=USUAL_SUFFIX[actual],
            )
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Tệp {name} không phải tệp {expected} hợp lệ (nội dung không đúng loại)."),
            name=name,
            expected=expected.value,
        )
    return expected


def check_pages(name: str, pages: int) -> None:
    if pages > MAX_PAGES:
        raise UserError(
            QT_TRANSLATE_NOOP(
                CTX,
                "Tệp {name} có {pages} trang, vượt giới hạn {limit} trang; từ chối để bảo vệ máy "
                "(hãy tách thành nhiều tệp nhỏ hơn).",
            ),
            name=name,
            pages=pages,
            limit=MAX_PAGES,
        )


def too_many_pixels(name: str, width: float, height: float) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            CTX,
            "Tệp {name} có kích thước ảnh bất thường ({width}×{height} điểm ảnh); từ chối để bảo vệ máy.",
        ),
        name=name,
        width=int(width),
        height=int(height),
    )


def check_pixels(name: str, width: float, height: float) -> None:
    if width * height > MAX_PIXELS or width > 60_000 or height > 60_000:
        raise too_many_pixels(name, width, height)
