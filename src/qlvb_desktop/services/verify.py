"""Use case: check every signature of a PDF and say, in Vietnamese, whether it can be trusted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.signing import VerificationReport


class SignatureVerifier(Protocol):
    def verify(
        self, pdf: Path, extra_roots: list[Path] | None = None, arrival: datetime | None = None
    ) -> VerificationReport: ...


class VerifyService:
    def __init__(self, verifier: SignatureVerifier) -> None:
        self.verifier = verifier

    def verify(
        self, pdf: Path, extra_roots: list[Path] | None = None, arrival: datetime | None = None
    ) -> VerificationReport:
        """`arrival`: when the document arrived, a proof it existed then (SHA-1 legacy rule)."""
        return self.verifier.verify(pdf, extra_roots, arrival)


def verification_json(report: VerificationReport) -> dict[str, Any]:
    return {
        "verdict": report.verdict.value,
        "reason": report.reason,
        "signatures": [
            {
                "field": c.field_name,
                "indication": c.indication.value,
                "sub_indication": c.sub_indication.value if c.sub_indication else None,
                "sentence": c.sentence,
                "signer": c.signer,
                "organization": c.organization,
                "signing_time": c.signing_time.isoformat() if c.signing_time else None,
                "time_source": c.time_source,
                "claimed_signing_time": c.claimed_time.isoformat() if c.claimed_time else None,
                "time_note": c.time_note,
                "timestamp_authority": c.timestamp_authority,
                "timestamp_trusted": c.timestamp_trusted,
                "hierarchy": c.hierarchy.value,
                "chain": c.chain,
                "chain_checked_at_timestamp": c.chain_at_timestamp,
                "digest_algorithm": c.digest_algorithm,
                "legacy_algorithms": c.weak_algorithms,
                "proof_of_existence": c.proof_of_existence,
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
