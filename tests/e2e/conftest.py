"""The GUI end-to-end tests sign with the SoftHSM token of the signing tests (SOFTHSM2_CONF is set
at import and inherited by the application process)."""

from tests.adapters.signing.conftest import pki  # noqa: F401
