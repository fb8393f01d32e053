"""Use cases of the signing area: ĐẾN stamp, organization signature of a batch, verification.

The service composes the domain's rules (stamp model, appearance text, time format) and hands
the work to ports; the adapters (pdf, pkcs11) are wired in `app.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError, ValidationError
from qlvb_desktop.domain.signing import (
    ArrivalStamp,
    BatchResult,
    Box,
    CopyKind,
    DocumentSigner,
    FileResult,
    PinHandler,
    SignatureKind,
    SignSpec,
    TimeStyle,
    appearance_text,
    nfc,
)


class ArrivalStamper(Protocol):
    def stamp_arrival(
        self, src: Path, dst: Path, stamp: ArrivalStamp, at_mm: tuple[float, float] | None
    ) -> Box: ...

    def label(self, stamp: ArrivalStamp, dst: Path) -> None: ...

    def fill_arrival(self, src: Path, dst: Path, forward_to: str, case_file: str) -> Box: ...

    def drawing(self, stamp: ArrivalStamp) -> bytes: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class StampService:
    def __init__(self, stamper: ArrivalStamper, organization: str) -> None:
        self.stamper = stamper
        self.organization = organization

    def stamp_arrival(
        self,
        src: Path,
        dst: Path,
        number: str,
        arrival_date: date,
        *,
        organization: str | None = None,
        forward_to: str = "",
        case_file: str = "",
        at_mm: tuple[float, float] | None = None,
        label: Path | None = None,
    ) -> Box:
        stamp = ArrivalStamp(organization or self.organization, number, arrival_date, forward_to, case_file)
        box = self.stamper.stamp_arrival(src, dst, stamp, at_mm)
        if label is not None:
            self.stamper.label(stamp, label)
        return box

    def drawing(
        self, number: str, arrival_date: date, *, organization: str | None = None, forward_to: str = ""
    ) -> bytes:
        """The filled stamp as a one-page PDF: what the placement preview shows (never a box)."""
        stamp = ArrivalStamp(organization or self.organization, number, arrival_date, forward_to)
        return self.stamper.drawing(stamp)

    def fill_arrival(self, src: Path, dst: Path, *, forward_to: str = "", case_file: str = "") -> Box:
        """Fills the cells left empty at first (SPEC §4) in a new revision."""
        forward_to, case_file = nfc(forward_to), nfc(case_file)
        if not forward_to and not case_file:
            raise ValidationError(
                "forward_to",
                QT_TRANSLATE_NOOP(
                    "Errors", "Cần nội dung “Chuyển” hoặc “Số và ký hiệu HS” để ghi vào dấu ĐẾN."
                ),
            )
        return self.stamper.fill_arrival(src, dst, forward_to, case_file)


class SigningService:
    """The organization signature on a batch of files (SPEC §7, §8)."""

    def __init__(self, signer: DocumentSigner, clock: Clock) -> None:
        self.signer = signer
        self.clock = clock

    def output_paths(self, files: Sequence[Path], out_dir: Path | None) -> list[tuple[Path, Path]]:
        """Where each signed file goes: `out_dir/name`, or `name-signed.pdf` beside the original."""
        jobs = []
        for src in files:
            if not src.is_file():
                raise UserError(QT_TRANSLATE_NOOP("Errors", "Không thấy tệp {path}."), path=str(src))
            dst = (out_dir / src.name) if out_dir else src.with_name(src.stem + "-signed.pdf")
            if dst.resolve() == src.resolve():
                raise UserError(
                    QT_TRANSLATE_NOOP("Errors", "Tệp đã ký không được ghi đè lên tệp gốc {path}."),
                    path=str(src),
                )
            jobs.append((src, dst))
        return jobs

    def sign(
        self,
        files: Sequence[Path],
        spec: SignSpec,
        pin_handler: PinHandler,
        *,
        out_dir: Path | None = None,
        progress: Callable[[int, int, FileResult], None] | None = None,
        sign_without_tsa: Callable[[str], bool] | None = None,
    ) -> BatchResult:
        """Refuses bad input before the PIN is asked for; then one login for the whole batch."""
        appearance = appearance_for(spec.kind, self.clock, spec.organization, spec.main_number, spec.style)
        if spec.kind is not SignatureKind.MAIN:
            appearance()  # a missing number or organization is refused now, not after the PIN
        jobs = self.output_paths(files, out_dir)
        return self.signer.sign_files(jobs, spec, appearance, pin_handler, progress, sign_without_tsa)


def appearance_for(
    kind: SignatureKind, clock: Clock, organization: str, main_number: str, style: TimeStyle
) -> Callable[[], str]:
    """The text of appearance (b)/(c), with the time read when each file is signed."""

    def make() -> str:
        return appearance_text(
            kind,
            clock.now(),
            organization=organization,
            main_number=main_number,
            copy_kind=CopyKind.SAO_Y,
            style=style,
        )

    return make
