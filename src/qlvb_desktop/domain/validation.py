"""The signature validation policy for this country's documents (after ETSI EN 319 102-1).

Pure: given what the cryptography adapter established about one signature (the facts), decide
its indication — PASSED, FAILED or INDETERMINATE with a sub-indication — and the clerk's verdict.

- FAILED only when the signed bytes were changed, the signature does not match its certificate,
  or the certificate was revoked (ETSI's TOTAL-FAILED sub-indications).
- INDETERMINATE when something cannot be established: no chain to a trusted root, the time of
  signing, a weak algorithm without proof it was used while still allowed. It names what is
  missing. Revocation that cannot be fetched (no network, nothing embedded) is INDETERMINATE /
  TRY_LATER, which the clerk sees as a warning: every real document would otherwise be refused.
- SHA-1 (signature digest or certificates) is legacy: accepted with a warning for chains of the
  VGCA hierarchies (G1 is built on it; G2 signers' software still digests with it) when a proof
  of existence — a trusted timestamp, the arrival time, or at worst the time of the check — is
  not after the cut-off date
  (`LegacyPolicy.sha1_until`, default `DEFAULT_SHA1_UNTIL`). Never silently.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

WEAK_DIGESTS = frozenset({"sha1"})
BROKEN_DIGESTS = frozenset({"md5", "md2"})

# The G1 root "Co quan chung thuc so chuyen dung Chinh phu (RootCA)" is valid to 2030-03-05 and
# its organization tokens still sign with SHA-1 in daily use (real documents of 2025). No
# announced end of SHA-1 for that hierarchy was found; the default accepts it (with a warning)
# while the hierarchy itself is valid. An organization sets an earlier date in settings
# (`sha1_until`) when Ban Cơ yếu announces one.
DEFAULT_SHA1_UNTIL = date(2030, 3, 5)


class Indication(enum.Enum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    INDETERMINATE = "INDETERMINATE"


class SubIndication(enum.Enum):
    # FAILED
    HASH_FAILURE = "HASH_FAILURE"
    SIG_CRYPTO_FAILURE = "SIG_CRYPTO_FAILURE"
    REVOKED = "REVOKED"
    # INDETERMINATE
    FORMAT_FAILURE = "FORMAT_FAILURE"
    NO_CERTIFICATE_CHAIN_FOUND = "NO_CERTIFICATE_CHAIN_FOUND"
    CRYPTO_CONSTRAINTS_FAILURE_NO_POE = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
    OUT_OF_BOUNDS_NO_POE = "OUT_OF_BOUNDS_NO_POE"
    NO_POE = "NO_POE"
    TRY_LATER = "TRY_LATER"


class Hierarchy(enum.Enum):
    """Which family of roots a chain ends at (by the trust data folder it was shipped in)."""

    G1 = "G1"  # Ban Cơ yếu Chính phủ, generation 1 (SHA-1)
    G2 = "G2"  # Ban Cơ yếu Chính phủ, generation 2
    NATIONAL = "national"  # Vietnam National Root CA, MIC National Root CA (public CAs)
    OTHER = "other"  # a root the organization added
    NONE = ""  # no chain


HIERARCHY_LABELS = {
    Hierarchy.G1: "Ban Cơ yếu Chính phủ G1",
    Hierarchy.G2: "Ban Cơ yếu Chính phủ G2",
    Hierarchy.NATIONAL: "CA công cộng quốc gia",
    Hierarchy.OTHER: "chứng thư gốc do cơ quan bổ sung",
    Hierarchy.NONE: "không xác định",
}


@dataclass(frozen=True)
class LegacyPolicy:
    """Which hierarchies may still show SHA-1, and until when a signature may have been made."""

    sha1_until: date = DEFAULT_SHA1_UNTIL
    # G1 certificates are SHA-1 themselves; G2 personal certificates sign with SHA-1 digests
    # because the field's signing software chooses SHA-1 (seen on real documents of 2025).
    sha1_hierarchies: frozenset[Hierarchy] = frozenset({Hierarchy.G1, Hierarchy.G2})


def legacy_sha1_allowed(policy: LegacyPolicy, hierarchy: Hierarchy, proof_of_existence: datetime) -> bool:
    """True when SHA-1 is accepted: a legacy hierarchy, and proof the signature existed before the
    cut-off (the day of the cut-off included, Vietnam time)."""
    return hierarchy in policy.sha1_hierarchies and proof_of_existence.date() <= policy.sha1_until


def proof_of_existence(
    timestamp: datetime | None, arrival: datetime | None, checked_at: datetime | None
) -> tuple[datetime | None, str]:
    """The earliest moment the signature is proven to have existed, and what proves it.

    A trusted timestamp, the time the document arrived (it was registered holding the signature),
    or the time of this check: each is an upper bound of when it was made.
    """
    candidates: list[tuple[datetime, str]] = []
    if checked_at is not None:
        candidates.append((checked_at, "check"))
    if arrival is not None:
        candidates.append((arrival, "arrival"))
    if timestamp is not None:
        candidates.append((timestamp, "timestamp"))
    return min(candidates, key=lambda c: c[0]) if candidates else (None, "")


POE_LABELS = {"timestamp": "dấu thời gian", "arrival": "thời điểm văn bản đến", "check": "thời điểm kiểm tra"}
