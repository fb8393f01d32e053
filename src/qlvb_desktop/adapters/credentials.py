"""The server token in the operating system's keyring (`keyring`). Where the machine has no
keyring, nothing is stored: the app asks for the password at each sync and says why. (Not
keyrings.alt: it would silently keep the secret in a plain file.)"""

from __future__ import annotations

import contextlib

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

SERVICE = "qlvb-desktop"


def _key(server_url: str, user: str) -> str:
    return f"{user}@{server_url}"


class KeyringCredentials:
    def available(self) -> tuple[bool, str]:
        backend = keyring.get_keyring()
        name = type(backend).__module__
        if name.startswith("keyring.backends.fail") or name.startswith("keyring.backends.null"):
            return False, "máy này không có kho khóa (keyring) của hệ điều hành"
        return True, ""

    def get(self, server_url: str, user: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, _key(server_url, user))
        except (NoKeyringError, KeyringError):
            return None

    def set(self, server_url: str, user: str, token: str) -> bool:
        """True when stored; False when the machine has no keyring."""
        try:
            keyring.set_password(SERVICE, _key(server_url, user), token)
        except (NoKeyringError, KeyringError):
            return False
        return True

    def delete(self, server_url: str, user: str) -> None:
        with contextlib.suppress(NoKeyringError, KeyringError, PasswordDeleteError):
            keyring.delete_password(SERVICE, _key(server_url, user))


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only (tests: PYTHON_KEYRING_BACKEND=
    qlvb_desktop.adapters.credentials.MemoryKeyring). Never chosen automatically."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)
