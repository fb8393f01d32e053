"""Stamps and the organization signature, as rules (SPEC §4, §7, §8).

Pure: the ĐẾN stamp model and where it may go on a page, the appearance texts of the three
signature cases and their time format, and the verdict of a signature check. The PDF and token
adapters do the drawing, signing and cryptography; nothing here imports them.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError

MM = 72 / 25.4  # PDF points per millimetre
STAMP_WIDTH_MM = 50.0
STAMP_HEIGHT_MM = 35.0


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


@dataclass(frozen=True)
class ArrivalStamp:
    """The filled ĐẾN stamp. Fields not known yet (forward_to, case_file) stay empty."""

    organization: str
    number: str
    arrival_date: date
    forward_to: str = ""
    case_file: str = ""

    def __post_init__(self) -> None:
        for name in ("organization", "number", "forward_to", "case_file"):
            object.__setattr__(self, name, nfc(getattr(self, name)))
        if not self.number:
            raise ValidationError("number", QT_TRANSLATE_NOOP("Errors", "Dấu ĐẾN cần có số đến."))
        if not self.organization:
            raise ValidationError(
                "organization",
                QT_TRANSLATE_NOOP(
                    "Errors", "Dấu ĐẾN cần có tên cơ quan (đặt bằng --org hoặc qlvb settings)."
                ),
            )

    @property
    def lines(self) -> dict[str, str]:
        """The texts of the stamp's cells, keyed by cell."""
        return {
            "organization": self.organization.upper(),
            "title": "ĐẾN",
            "number": f"Số: {self.number}",
            "date": f"Ngày: {format_date_vn(self.arrival_date)}",
            "forward_to": f"Chuyển: {self.forward_to}",
            "case_file": f"Số và ký hiệu HS: {self.case_file}",
        }


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin bottom-left of the page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def inside(self, page_width: float, page_height: float) -> bool:
        return (
            self.x >= 0 and self.y >= 0 and self.right <= page_width + 0.01 and self.top <= page_height + 0.01
        )


@dataclass(frozen=True)
class InkMap:
    """Which cells of a page carry ink, from the rendered page (or OCR boxes).

    `rows[0]` is the top of the page; each cell is `cell` points square.
    """

    page_width: float
    page_height: float
    cell: float
    rows: Sequence[Sequence[bool]]
    _sums: list[list[int]] = field(default_factory=list, init=False, repr=False, compare=False)

    def _table(self) -> list[list[int]]:
        """Summed-area table: inked cells above and left of (r, c), so any box is O(1)."""
        if not self._sums and self.rows:
            cols = len(self.rows[0])
            table = [[0] * (cols + 1)]
            for row in self.rows:
                line, acc = [0], 0
                above = table[-1]
                for c, inked in enumerate(row):
                    acc += 1 if inked else 0
                    line.append(above[c + 1] + acc)
                table.append(line)
            self._sums.extend(table)
        return self._sums

    def is_blank(self, box: Box) -> bool:
        if not self.rows:
            return True
        c0 = max(0, int(box.x // self.cell))
        c1 = min(len(self.rows[0]) - 1, int((box.right - 0.001) // self.cell))
        r0 = max(0, int((self.page_height - box.top) // self.cell))
        r1 = min(len(self.rows) - 1, int((self.page_height - box.y - 0.001) // self.cell))
        if c1 < c0 or r1 < r0:
            return True
        t = self._table()
        inked = t[r1 + 1][c1 + 1] - t[r0][c1 + 1] - t[r1 + 1][c0] + t[r0][c0]
        return inked == 0


def stamp_box_at(x: float, y: float) -> Box:
    return Box(x, y, STAMP_WIDTH_MM * MM, STAMP_HEIGHT_MM * MM)


def place_stamp(ink: InkMap, margin_mm: float = 3.0) -> Box:
    """The blank area nearest the top for the ĐẾN stamp (SPEC §4).

    Candidates are tried row by row from the top of the page down to its middle: first in the
    left column (the default: the empty space under the number block), then the rest of the
    width. A candidate must be blank with a margin all around, so the stamp never touches text,
    the national motto (top right) or a rule. Raises when the top half has no such place: the
    clerk then drops it by hand.
    """
    w, h = STAMP_WIDTH_MM * MM, STAMP_HEIGHT_MM * MM
    margin = margin_mm * MM
    step = ink.cell
    page_margin = 10 * MM
    top = ink.page_height - page_margin - h
    lowest = ink.page_height / 2 - h
    xs: list[float] = []
    x = page_margin
    while x + w <= ink.page_width - page_margin:
        xs.append(x)
        x += step
    left_half = [cx for cx in xs if cx + w <= ink.page_width / 2]
    for candidates in (left_half, xs):
        y = top
        while y >= lowest:
            for cx in candidates:
                padded = Box(cx - margin, y - margin, w + 2 * margin, h + 2 * margin)
                if ink.is_blank(padded):
                    return Box(cx, y, w, h)
            y -= step
    raise ValidationError(
        "position",
        QT_TRANSLATE_NOOP(
            "Errors",
            "Không tìm được chỗ trống ở nửa trên trang 1 để đóng dấu ĐẾN; "
            "hãy chọn vị trí bằng tay (--at x,y).",
        ),
    )


def parse_position(text: str) -> tuple[float, float]:
    """`x,y` in millimetres from the top-left corner of the page, as the clerk measures."""
    try:
        xs, ys = text.split(",")
        return float(xs), float(ys)
    except ValueError as exc:
        raise ValidationError(
            "position",
            QT_TRANSLATE_NOOP("Errors", "Vị trí “{text}” không hợp lệ; viết x,y theo milimét, ví dụ 20,40."),
            text=text,
        ) from exc


def box_from_top_left_mm(x_mm: float, y_mm: float, page_width: float, page_height: float) -> Box:
    box = stamp_box_at(x_mm * MM, page_height - y_mm * MM - STAMP_HEIGHT_MM * MM)
    if not box.inside(page_width, page_height):
        raise ValidationError(
            "position",
            QT_TRANSLATE_NOOP("Errors", "Dấu ĐẾN tại {x},{y} mm nằm ngoài trang."),
            x=x_mm,
            y=y_mm,
        )
    return box


# --- signature appearances (SPEC §7) ------------------------------------------------------------


class SignatureKind(enum.Enum):
    MAIN = "main"  # (a) red seal over the left third of the leader's signature
    ATTACHMENT = "attachment"  # (b) "Số: …; <time>" top right of page 1
    COPY = "copy"  # (c) "SAO Y; <organization>; <time>" top right of page 1


class CopyKind(enum.Enum):
    SAO_Y = "SAO Y"
    SAO_LUC = "SAO LỤC"
    TRICH_SAO = "TRÍCH SAO"


class TimeStyle(enum.Enum):
    VN = "vn"  # dd/mm/yyyy HH:MM:SS +07:00 (default, SPEC §7 OPEN)
    ISO = "iso"  # 2026-05-29T14:03:00+07:00


def format_signing_time(moment: datetime, style: TimeStyle = TimeStyle.VN) -> str:
    local = to_vn(moment).replace(microsecond=0)
    if style is TimeStyle.ISO:
        return local.isoformat()
    return local.strftime("%d/%m/%Y %H:%M:%S ") + "+07:00"


def appearance_text(
    kind: SignatureKind,
    moment: datetime,
    *,
    organization: str = "",
    main_number: str = "",
    copy_kind: CopyKind = CopyKind.SAO_Y,
    style: TimeStyle = TimeStyle.VN,
) -> str:
    """The one line of text of appearances (b) and (c); (a) has none."""
    when = format_signing_time(moment, style)
    if kind is SignatureKind.ATTACHMENT:
        if not main_number.strip():
            raise ValidationError(
                "number",
                QT_TRANSLATE_NOOP("Errors", "Ký phụ lục cần số, ký hiệu của văn bản chính (--number)."),
            )
        return nfc(f"Số: {main_number.strip()}; {when}")
    if kind is SignatureKind.COPY:
        if not organization.strip():
            raise ValidationError(
                "organization",
                QT_TRANSLATE_NOOP("Errors", "Ký bản sao cần tên cơ quan (--org hoặc qlvb settings)."),
            )
        return nfc(f"{copy_kind.value}; {organization.strip()}; {when}")
    return ""


@dataclass(frozen=True)
class OutgoingNumber:
    """Number and date written into an outgoing document in the organization's revision (§8)."""

    number: str
    issued: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "number", nfc(self.number))
        if not self.number:
            raise ValidationError("number", QT_TRANSLATE_NOOP("Errors", "Cần số, ký hiệu văn bản đi."))

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}"

    @property
    def date_line(self) -> str:
        return f"ngày {self.issued:%d} tháng {self.issued:%m} năm {self.issued:%Y}"


# --- verification ---------------------------------------------------------------------------------


class Verdict(enum.Enum):
    VALID = "valid"
    WARNING = "warning"
    INVALID = "invalid"


class ChangeKind(enum.Enum):
    """What a revision after a signature did."""

    ARRIVAL_STAMP = "arrival_stamp"  # this app's ĐẾN stamp
    ORG_SIGNATURE = "org_signature"  # a later signature with its number/date or seal
    LTV_DATA = "ltv_data"  # revocation data, document timestamps
    OTHER = "other"


CHANGE_LABELS = {
    ChangeKind.ARRIVAL_STAMP: "dấu ĐẾN do phần mềm đóng",
    ChangeKind.ORG_SIGNATURE: "chữ ký khác được thêm sau",
    ChangeKind.LTV_DATA: "dữ liệu kiểm tra chứng thư (LTV)",
    ChangeKind.OTHER: "thay đổi khác",
}


@dataclass
class SignatureCheck:
    """What one signature check found; filled by the verification adapter."""

    field_name: str
    signer: str = ""
    organization: str = ""
    signing_time: datetime | None = None
    time_source: str = ""  # "timestamp" | "signing-time" | ""
    intact: bool = False  # the signed bytes hash to the signed digest
    signature_ok: bool = False  # the cryptographic signature verifies
    supported: bool = True
    trusted: bool = False
    trust_problem: str = ""
    revoked: bool = False
    expired: bool = False
    revocation_checked: bool = False
    timestamped: bool = False
    timestamp_ok: bool = True
    ltv: bool = False
    covers_whole_file: bool = False
    later_changes: list[ChangeKind] = field(default_factory=list)
    unexpected_change: str = ""  # description of a change this app did not make
    allowed_change: str = ""  # a change by another tool that PDF rules allow (form filling)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def judge(self) -> Verdict:
        """Fill problems/warnings and return this signature's verdict."""
        self.problems.clear()
        self.warnings.clear()
        if not self.supported:
            self.problems.append(self.trust_problem or "kiểu chữ ký không được hỗ trợ")
        elif not self.intact:
            self.problems.append("nội dung đã bị sửa sau khi ký")
        elif not self.signature_ok:
            self.problems.append("chữ ký số không khớp với chứng thư")
        if self.unexpected_change:
            self.problems.append(f"tài liệu bị thay đổi sau khi ký: {self.unexpected_change}")
        if self.revoked:
            self.problems.append("chứng thư đã bị thu hồi")
        if not self.timestamp_ok:
            self.problems.append("dấu thời gian không hợp lệ")
        if not self.trusted and not self.problems:
            self.problems.append(self.trust_problem or "chứng thư không thuộc danh sách tin cậy")
        if self.expired and not self.timestamped:
            self.warnings.append("chứng thư đã hết hạn")
        if self.allowed_change:
            self.warnings.append(f"tài liệu được sửa sau khi ký theo cách được phép: {self.allowed_change}")
        if not self.timestamped:
            self.warnings.append("không có dấu thời gian")
        if not self.revocation_checked:
            self.warnings.append("chưa kiểm tra được tình trạng thu hồi")
        if self.problems:
            return Verdict.INVALID
        return Verdict.WARNING if self.warnings else Verdict.VALID


@dataclass
class VerificationReport:
    checks: list[SignatureCheck]
    verdict: Verdict
    reason: str


def overall_verdict(checks: Sequence[SignatureCheck]) -> VerificationReport:
    """Worst of the signatures; the reason names the first signature that decides it."""
    if not checks:
        return VerificationReport([], Verdict.INVALID, "Tệp không có chữ ký số.")
    verdicts = [c.judge() for c in checks]
    for check, verdict in zip(checks, verdicts, strict=True):
        if verdict is Verdict.INVALID:
            who = check.signer or check.field_name
            return VerificationReport(
                list(checks), Verdict.INVALID, f"Chữ ký của {who} không hợp lệ: {'; '.join(check.problems)}."
            )
    for check, verdict in zip(checks, verdicts, strict=True):
        if verdict is Verdict.WARNING:
            who = check.signer or check.field_name
            return VerificationReport(
                list(checks),
                Verdict.WARNING,
                f"Chữ ký của {who} hợp lệ nhưng cần lưu ý: {'; '.join(check.warnings)}.",
            )
    n = len(checks)
    return VerificationReport(list(checks), Verdict.VALID, f"Tất cả {n} chữ ký hợp lệ.")


# --- signing a batch ------------------------------------------------------------------------------


@dataclass
class SignSpec:
    """What the clerk asked for, the same for every file of a batch."""

    kind: SignatureKind
    organization: str
    number: OutgoingNumber | None = None  # (a) written with the signature; None: leave as is
    # (a) called on the token thread after login, just before the file is signed: the outgoing
    # register allocates the number here, so a PIN that is never given takes no number.
    number_source: Callable[[], OutgoingNumber] | None = None
    main_number: str = ""  # (b) number/notation of the main document
    copy_kind: CopyKind = CopyKind.SAO_Y
    style: TimeStyle = TimeStyle.VN
    seal_png: Path | None = None  # (a) the organization's red seal
    seal_offset_mm: tuple[float, float] = (0.0, 0.0)  # the clerk's adjustment of the seal
    number_at_mm: tuple[float, float] = (20.0, 38.0)  # from the top-left corner of page 1
    tsa_url: str | None = None  # None: no timestamp
    want_ltv: bool = True  # embed revocation data (fetched from OCSP/CRL) with the signature
    extra_trust: list[Path] = field(default_factory=list)
    pkcs11_module: str | None = None  # None: auto-detect
    token_label: str | None = None


@dataclass
class FileResult:
    src: Path
    dst: Path
    ok: bool
    level: str = ""  # B-B, B-T, B-LT
    message: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class BatchResult:
    certificate: Any  # the token certificate used (adapter's CertificateInfo), None before login
    files: list[FileResult]
    stopped: str = ""  # why the batch stopped early, if it did


# --- ports -----------------------------------------------------------------------------------------


class PinHandler(Protocol):
    """Asks the clerk for the PIN; the token thread calls it. Returns None when the clerk cancels."""

    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None: ...


class DocumentSigner(Protocol):
    """Signs files with the organization's key (one login for the batch)."""

    def sign_files(
        self,
        jobs: Sequence[tuple[Path, Path]],
        spec: SignSpec,
        appearance: Callable[[], str],
        pin_handler: PinHandler,
        progress: Callable[[int, int, FileResult], None] | None = None,
        sign_without_tsa: Callable[[str], bool] | None = None,
    ) -> BatchResult: ...
