"""The packaging tests sign with the same loopback PKI and SoftHSM2 token as the signing tests."""

from tests.adapters.signing.conftest import pki  # noqa: F401  (the fixture, shared)
