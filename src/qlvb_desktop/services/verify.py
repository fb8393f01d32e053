"""Use case: check every signature of a PDF and say, in Vietnamese, whether it can be trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.signing import VerificationReport


class SignatureVerifier(Protocol):
    def verify(self, pdf: Path, extra_roots: list[Path] | None = None) -> VerificationReport: ...


class VerifyService:
    def __init__(self, verifier: SignatureVerifier) -> None:
        self.verifier = verifier

    def verify(self, pdf: Path, extra_roots: list[Path] | None = None) -> VerificationReport:
        return self.verifier.verify(pdf, extra_roots)


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
