"""The signing widgets use the same SoftHSM token and loopback PKI as the adapter tests."""

from tests.adapters.signing.conftest import pki  # noqa: F401 - sets SOFTHSM2_CONF at import, as needed
