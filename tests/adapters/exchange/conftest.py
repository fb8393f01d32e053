"""The exchange tests use the desk's test station (organization token, loopback test PKI)."""

from __future__ import annotations

from tests.adapters.desk.conftest import station  # noqa: F401
from tests.adapters.signing.conftest import pki  # noqa: F401
