"""Shared fixtures of the signing tests: the test PKI on loopback and the SoftHSM2 token.

SoftHSM2 reads SOFTHSM2_CONF once, at the first load of its module in the process, so it is set
here, at import time, before any test can load it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_BASE = Path(tempfile.mkdtemp(prefix="qlvb-softhsm-"))
SOFTHSM_CONF = _BASE / "softhsm2.conf"
TOKEN_DIR = _BASE / "tokens"
TOKEN_DIR.mkdir()
SOFTHSM_CONF.write_text(
    f"directories.tokendir = {TOKEN_DIR}\nobjectstore.backend = file\nlog.level = ERROR\n"
)
os.environ["SOFTHSM2_CONF"] = str(SOFTHSM_CONF)

from tests.adapters.signing.pki import LoopbackPki, init_token, start_pki  # noqa: E402

_SHARED: list[LoopbackPki] = []


def _cleanup() -> None:
    for pki in _SHARED:
        pki.stop()
    shutil.rmtree(_BASE, ignore_errors=True)


atexit.register(_cleanup)


@pytest.fixture(scope="session")
def pki() -> Iterator[LoopbackPki]:
    """One PKI and one set of tokens per process, even when several test folders use it."""
    if not shutil.which("softhsm2-util"):
        pytest.fail("softhsm2 is not installed (make setup installs it)")
    if not _SHARED:
        pki = start_pki(_BASE / "pki")
        init_token(pki, TOKEN_DIR, SOFTHSM_CONF)
        init_token(pki, TOKEN_DIR, SOFTHSM_CONF, label="Leader Token", entities=("leader",))
        init_token(pki, TOKEN_DIR, SOFTHSM_CONF, label="Revoked Token", entities=("revoked",))
        init_token(pki, TOKEN_DIR, SOFTHSM_CONF, label="Expired Token", entities=("expired",))
        _SHARED.append(pki)
    yield _SHARED[0]
