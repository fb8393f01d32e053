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

from qlvb_desktop.domain.books import STAMP_ACTION, NumberNotGiven, is_waiting
from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from qlvb_desktop.domain.stamp_geometry import (  # re-exported: the stamp's geometry has its own module
    MM as MM,
)
from qlvb_desktop.domain.stamp_geometry import (
    STAMP_HEIGHT_MM as STAMP_HEIGHT_MM,
)
from qlvb_desktop.domain.stamp_geometry import (
    STAMP_WIDTH_MM as STAMP_WIDTH_MM,
)
from qlvb_desktop.domain.stamp_geometry import (
    Box as Box,
)
from qlvb_desktop.domain.stamp_geometry import (
    InkMap as InkMap,
)
from qlvb_desktop.domain.stamp_geometry import (
    NoRoomForStamp as NoRoomForStamp,
)
from qlvb_desktop.domain.stamp_geometry import (
    place_stamp as place_stamp,
)
from qlvb_desktop.domain.stamp_geometry import (
    stamp_box_at as stamp_box_at,
)
from qlvb_desktop.domain.validation import (
    HIERARCHY_LABELS,
    POE_LABELS,
    Hierarchy,
    Indication,
    LegacyPolicy,
    SubIndication,
    legacy_sha1_allowed,
    proof_of_existence,
)


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
        if self.number.lstrip("-").isdigit() and is_waiting(int(self.number)):
            # A waiting-for-number placeholder must never reach paper as "Số: -1".
            raise NumberNotGiven(STAMP_ACTION)
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
    """What the clerk is told (the ETSI indication, see `domain.validation`, is reported too)."""

    VALID = "valid"
    WARNING = "warning"  # valid, with something to note (legacy SHA-1, revocation not checked…)
    INDETERMINATE = "indeterminate"  # cannot be relied on: chain, time or algorithm not established
    INVALID = "invalid"  # the bytes were changed or the signature does not match


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
    """What one signature check found; filled by the verification adapter, judged here."""

    field_name: str
    signer: str = ""
    organization: str = ""
    signing_time: datetime | None = None  # the time shown: the timestamp's when there is one
    time_source: str = ""  # "timestamp" | "signing-time" | ""
    claimed_time: datetime | None = None  # signingTime as the signer's software wrote it
    time_note: str = ""  # e.g. the signer's software wrote local time marked UTC
    intact: bool = False  # the signed bytes hash to the signed digest
    signature_ok: bool = False  # the cryptographic signature verifies
    supported: bool = True
    trusted: bool = False  # a chain to a trusted root was built and is valid
    trust_problem: str = ""
    hierarchy: Hierarchy = Hierarchy.NONE
    chain: list[str] = field(default_factory=list)  # common names, signer first, root last
    chain_at_timestamp: bool = False  # the chain was checked at the timestamp's time (expired since)
    revoked: bool = False
    expired: bool = False
    revocation_checked: bool = False
    timestamped: bool = False
    timestamp_ok: bool = True  # the timestamp token is intact and its signature matches
    timestamp_trusted: bool = False  # and its TSA chains to a trusted root
    timestamp_time: datetime | None = None
    timestamp_authority: str = ""
    digest_algorithm: str = ""
    weak_algorithms: list[str] = field(default_factory=list)  # where SHA-1 was seen
    ltv: bool = False
    covers_whole_file: bool = False
    later_changes: list[ChangeKind] = field(default_factory=list)
    unexpected_change: str = ""  # description of a change this app did not make
    allowed_change: str = ""  # a change by another tool that PDF rules allow (form filling)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    indication: Indication = Indication.INDETERMINATE
    sub_indication: SubIndication | None = None
    proof_of_existence: str = ""  # what proves when it was made: timestamp | arrival | check

    def judge(
        self,
        policy: LegacyPolicy | None = None,
        arrival: datetime | None = None,
        checked_at: datetime | None = None,
    ) -> Verdict:
        """Fill indication, problems and warnings (SPEC §7, ETSI EN 319 102-1); return the verdict."""
        policy = policy or LegacyPolicy()
        self.problems.clear()
        self.warnings.clear()
        self.indication, self.sub_indication = Indication.PASSED, None
        failed: list[tuple[SubIndication, str]] = []
        indeterminate: list[tuple[SubIndication, str]] = []
        if not self.supported:
            indeterminate.append((SubIndication.FORMAT_FAILURE, self.trust_problem or "kiểu chữ ký không được hỗ trợ"))
        elif not self.intact:
            failed.append((SubIndication.HASH_FAILURE, "nội dung đã bị sửa sau khi ký"))
        elif not self.signature_ok:
            failed.append((SubIndication.SIG_CRYPTO_FAILURE, "chữ ký số không khớp với chứng thư"))
        if self.unexpected_change:
            failed.append((SubIndication.HASH_FAILURE, f"tài liệu bị thay đổi sau khi ký: {self.unexpected_change}"))
        if self.revoked:
            failed.append((SubIndication.REVOKED, "chứng thư đã bị thu hồi"))
        if self.timestamped and not self.timestamp_ok:
            failed.append((SubIndication.SIG_CRYPTO_FAILURE, "dấu thời gian bị sửa hoặc không khớp"))
        if self.supported and not self.trusted:
            indeterminate.append(
                (
                    SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
                    self.trust_problem or "không dựng được chuỗi chứng thư tới chứng thư gốc tin cậy",
                )
            )
        ts = self.timestamp_time if self.timestamped and self.timestamp_ok and self.timestamp_trusted else None
        if self.timestamped and self.timestamp_ok and not self.timestamp_trusted:
            self.warnings.append("dấu thời gian không do máy chủ tin cậy cấp, không dùng làm bằng chứng thời điểm ký")
        poe, source = proof_of_existence(ts, arrival, checked_at)
        self.proof_of_existence = source
        if self.weak_algorithms and self.trusted:
            where = ", ".join(self.weak_algorithms)
            if poe is not None and legacy_sha1_allowed(policy, self.hierarchy, poe):
                self.warnings.append(
                    f"dùng thuật toán cũ SHA-1 ({where}), chấp nhận vì {POE_LABELS[source]} "
                    f"({to_vn(poe):%d/%m/%Y}) trước hạn {policy.sha1_until:%d/%m/%Y}"
                )
            else:
                indeterminate.append(
                    (
                        SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
                        f"dùng thuật toán SHA-1 ({where}) mà không có bằng chứng đã ký trước hạn "
                        f"{policy.sha1_until:%d/%m/%Y}",
                    )
                )
        if self.expired and self.trusted and not self.chain_at_timestamp and ts is None:
            indeterminate.append(
                (
                    SubIndication.OUT_OF_BOUNDS_NO_POE,
                    "chứng thư đã hết hạn và không có dấu thời gian chứng minh lúc ký còn hạn",
                )
            )
        if self.chain_at_timestamp:
            self.warnings.append("chứng thư nay đã hết hạn; đã kiểm tra chuỗi tại thời điểm của dấu thời gian")
        if self.allowed_change:
            self.warnings.append(f"tài liệu được sửa sau khi ký theo cách được phép: {self.allowed_change}")
        if not self.timestamped:
            self.warnings.append("không có dấu thời gian; giờ ký do máy người ký tự ghi")
        if self.time_note:
            self.warnings.append(self.time_note)
        if failed:
            self.indication, self.sub_indication = Indication.FAILED, failed[0][0]
            self.problems += [text for _, text in failed]
            return Verdict.INVALID
        if indeterminate:
            self.indication, self.sub_indication = Indication.INDETERMINATE, indeterminate[0][0]
            self.problems += [text for _, text in indeterminate]
            return Verdict.INDETERMINATE
        if not self.revocation_checked:
            # Revocation unknown (offline, nothing embedded): ETSI says try later; the clerk is
            # warned, not refused — no real document could be accepted otherwise.
            self.indication, self.sub_indication = Indication.INDETERMINATE, SubIndication.TRY_LATER
            self.warnings.append("chưa kiểm tra được tình trạng thu hồi (không có mạng hoặc tệp không kèm dữ liệu)")
        return Verdict.WARNING if self.warnings else Verdict.VALID

    @property
    def sentence(self) -> str:
        """One Vietnamese sentence about this signature, for the clerk and the JSON report."""
        who = ", ".join(x for x in (self.signer, self.organization) if x) or self.field_name
        when = f" lúc {format_signing_time(self.signing_time)}" if self.signing_time else ""
        chain = f"; chuỗi chứng thư: {HIERARCHY_LABELS[self.hierarchy]}" if self.hierarchy is not Hierarchy.NONE else ""
        if self.indication is Indication.FAILED:
            state = "KHÔNG HỢP LỆ: " + "; ".join(self.problems)
        elif self.problems:
            state = "chưa xác định được: " + "; ".join(self.problems)
        elif self.warnings:
            state = "hợp lệ, cần lưu ý: " + "; ".join(self.warnings)
        else:
            state = "hợp lệ"
        return f"Chữ ký của {who}{when}{chain} — {state}."


@dataclass
class VerificationReport:
    checks: list[SignatureCheck]
    verdict: Verdict
    reason: str


_RANK = {Verdict.INVALID: 0, Verdict.INDETERMINATE: 1, Verdict.WARNING: 2, Verdict.VALID: 3}


def overall_verdict(
    checks: Sequence[SignatureCheck],
    policy: LegacyPolicy | None = None,
    arrival: datetime | None = None,
    checked_at: datetime | None = None,
) -> VerificationReport:
    """Worst of the signatures; the reason names the first signature that decides it."""
    if not checks:
        return VerificationReport([], Verdict.INVALID, "Tệp không có chữ ký số.")
    verdicts = [c.judge(policy, arrival, checked_at) for c in checks]
    worst = min(verdicts, key=_RANK.__getitem__)
    check = checks[verdicts.index(worst)]
    who = check.signer or check.field_name
    if worst is Verdict.INVALID:
        reason = f"Chữ ký của {who} không hợp lệ: {'; '.join(check.problems)}."
    elif worst is Verdict.INDETERMINATE:
        reason = f"Chưa xác định được chữ ký của {who}: {'; '.join(check.problems)}."
    elif worst is Verdict.WARNING:
        reason = f"Chữ ký của {who} hợp lệ nhưng cần lưu ý: {'; '.join(check.warnings)}."
    else:
        reason = f"Tất cả {len(checks)} chữ ký hợp lệ."
    return VerificationReport(list(checks), worst, reason)


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


# --- the token's PIN -----------------------------------------------------------------------------

# What the token's flags (PKCS#11 CKF_USER_PIN_LOCKED / FINAL_TRY / COUNT_LOW) mean for the clerk,
# said BEFORE the PIN is typed. Tokens do not report an exact count, only these states.
PIN_STATE_WARNINGS = {
    "locked": QT_TRANSLATE_NOOP(
        "Errors", "Mã PIN của USB token đã bị khóa do nhập sai quá số lần; liên hệ nơi cấp token để mở khóa."
    ),
    "final_try": QT_TRANSLATE_NOOP(
        "Errors", "Cẩn thận: token chỉ còn 1 lần nhập mã PIN; nhập sai lần nữa token sẽ bị khóa."
    ),
    "count_low": QT_TRANSLATE_NOOP("Errors", "Token báo đã có lần nhập sai mã PIN; chỉ còn ít lần thử."),
}


# --- ports -----------------------------------------------------------------------------------------


class PinHandler(Protocol):
    """Asks the clerk for the PIN; the token thread calls it. Returns None when the clerk cancels
    (or, after a wrong PIN, when it cannot ask again). A handler whose clerk pressed cancel says so
    with a true `cancelled` attribute, so a cancel after a wrong PIN is a cancel, not an error."""

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
