"""The paper intake tests use the SoftHSM token and loopback PKI of the signing tests."""

from tests.adapters.signing.conftest import pki  # noqa: F401 - sets SOFTHSM2_CONF at import, as needed
