"""The desk widgets run with the real services: SoftHSM2 token, loopback test PKI, SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.adapters.desk.conftest import configure_station
from tests.adapters.signing.conftest import pki  # noqa: F401 - sets SOFTHSM2_CONF at import, as needed


@pytest.fixture
def desk(core: Any, pki: Any, tmp_path: Path) -> Any:  # noqa: F811
    return configure_station(core, pki, tmp_path)
