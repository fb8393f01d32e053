"""Fixtures of the desk tests: a station whose organization signs with the SoftHSM2 test token
and trusts the loopback test PKI (its root in the station's own trust folder)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.signing.conftest import pki  # noqa: F401 - sets SOFTHSM2_CONF at import, as needed
from tests.adapters.signing.pki import ORG, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, LoopbackPki


class Pin:
    """A scripted PIN handler: gives the PINs in order, then cancels."""

    def __init__(self, *pins: str) -> None:
        self.pins = list(pins)
        self.calls = 0

    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        self.calls += 1
        return self.pins.pop(0) if self.pins else None


def configure_station(core: Any, test_pki: LoopbackPki, tmp: Path) -> Any:
    """Organization, seal, token and trust of a test station; returns core.desk."""
    from qlvb_desktop.domain.report import Organization
    from tests.adapters.signing.test_signing import make_seal

    s = core.settings
    s.organization = Organization(ORG, "000.00.04.G14", "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM")
    s.org_abbreviation = "SNV"
    s.seal_png = str(make_seal(tmp / "seal.png"))
    s.pkcs11_module = SOFTHSM_MODULE
    s.token_label = TOKEN_LABEL
    s.tsa_url = test_pki.tsa_url
    s.outgoing_dir = str(tmp / "issued")
    core.settings_store.save(s)
    trust = core.data_dir / "trust"
    trust.mkdir(parents=True, exist_ok=True)
    shutil.copy(test_pki.pem("root"), trust / "test-root.pem")
    # the intermediate CA, as the shipped list carries "CA phục vụ các cơ quan Nhà nước G2"
    shutil.copy(test_pki.pem("interm"), trust / "test-interm.pem")
    return core.desk


@pytest.fixture
def station(core: Any, pki: LoopbackPki, tmp_path: Path) -> Any:  # noqa: F811
    return configure_station(core, pki, tmp_path)


__all__ = ["USER_PIN", "Pin", "configure_station", "station"]
