"""Use cases of the signing area: ĐẾN stamp, organization signature of a batch, verification.

The service composes the domain's rules (stamp model, appearance text, time format) and hands
the work to ports; the adapters (pdf, pkcs11) are wired in `app.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.signing import (
    ArrivalStamp,
    Box,
    CopyKind,
    SignatureKind,
    TimeStyle,
    VerificationReport,
    appearance_text,
)


class ArrivalStamper(Protocol):
    def stamp_arrival(
        self, src: Path, dst: Path, stamp: ArrivalStamp, at_mm: tuple[float, float] | None
    ) -> Box: ...

    def label(self, stamp: ArrivalStamp, dst: Path) -> None: ...


class SignatureVerifier(Protocol):
    def verify(self, pdf: Path, extra_roots: list[Path] | None = None) -> VerificationReport: ...


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


class VerifyService:
    def __init__(self, verifier: SignatureVerifier) -> None:
        self.verifier = verifier

    def verify(self, pdf: Path, extra_roots: list[Path] | None = None) -> VerificationReport:
        return self.verifier.verify(pdf, extra_roots)


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


def verification_json(report: VerificationReport) -> dict[str, Any]:
    return {
        "verdict": report.verdict.value,
        "reason": report.reason,
        "signatures": [
            {
                "field": c.field_name,
                "signer": c.signer,
                "organization": c.organization,
                "signing_time": c.signing_time.isoformat() if c.signing_time else None,
                "time_source": c.time_source,
                "intact": c.intact,
                "signature_valid": c.signature_ok,
                "trusted": c.trusted,
                "revoked": c.revoked,
                "revocation_checked": c.revocation_checked,
                "timestamped": c.timestamped,
                "ltv": c.ltv,
                "covers_whole_file": c.covers_whole_file,
                "later_changes": [k.value for k in c.later_changes],
                "unexpected_change": c.unexpected_change,
                "allowed_change": c.allowed_change,
                "problems": c.problems,
                "warnings": c.warnings,
            }
            for c in report.checks
        ],
    }
