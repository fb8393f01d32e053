"""The signing certificate is chosen by policy, never by a label (which may hold Vietnamese)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qlvb_desktop.adapters.pkcs11.driver import CertificateInfo, choose_certificate
from qlvb_desktop.domain.errors import UserError

NOW = datetime(2026, 5, 29, tzinfo=UTC)


def cert(
    label: str,
    org: str,
    *,
    days_left: int = 300,
    start_days: int = 30,
    signing: bool = True,
    key: bool = True,
) -> CertificateInfo:
    return CertificateInfo(
        id=label.encode(),
        label=label,
        subject=f"CN={org}, O={org}",
        organization=org,
        issuer="CA",
        serial=1,
        not_before=NOW - timedelta(days=start_days),
        not_after=NOW + timedelta(days=days_left),
        digital_signature=signing,
        has_key=key,
        cert=None,  # type: ignore[arg-type]
    )


def test_organization_certificate_valid_now_with_its_key() -> None:
    certs = [
        cert("Chứng thư cá nhân", "Nguyễn Văn A", start_days=1),
        cert("Sở Nội vụ (cũ)", "Sở Nội vụ", days_left=-1),
        cert("Sở Nội vụ", "Sở Nội vụ", start_days=200),
        cert("Mã hóa", "Sở Nội vụ", signing=False),
        cert("Không khóa", "Sở Nội vụ", key=False, start_days=1),
    ]
    assert choose_certificate(certs, "sở nội vụ", NOW).label == "Sở Nội vụ"
    # without an organization name: the newest usable certificate
    assert choose_certificate(certs, "", NOW).label == "Chứng thư cá nhân"


def test_refusals() -> None:
    with pytest.raises(UserError, match="không có chứng thư"):
        choose_certificate([cert("x", "X", signing=False)], "X", NOW)
    with pytest.raises(UserError, match="hết hạn"):
        choose_certificate([cert("x", "X", days_left=-10)], "X", NOW)
