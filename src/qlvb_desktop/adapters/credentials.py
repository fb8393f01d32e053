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


_SESSION: dict[str, str] = {}  # tokens of this process where the machine has no keyring
# Only the window keeps a token in memory (it runs for hours); each `qlvb` command is its own
# process and asks for the password each time.
REMEMBER_IN_SESSION = False


class KeyringCredentials:
    def available(self) -> tuple[bool, str]:
        backend = keyring.get_keyring()
        name = type(backend).__module__
        if name.startswith("keyring.backends.fail") or name.startswith("keyring.backends.null"):
            return False, "máy này không có kho khóa (keyring) của hệ điều hành"
        return True, ""

    def get(self, server_url: str, user: str) -> str | None:
        try:
            found = keyring.get_password(SERVICE, _key(server_url, user))
        except (NoKeyringError, KeyringError):
            found = None
        if found or not REMEMBER_IN_SESSION:
            return found
        return _SESSION.get(_key(server_url, user))

    def set(self, server_url: str, user: str, token: str) -> bool:
        """True when stored; False when the machine has no keyring: then the token is kept in
        this process's memory only (the window syncs until it is closed; never written to disk)."""
        try:
            keyring.set_password(SERVICE, _key(server_url, user), token)
        except (NoKeyringError, KeyringError):
            if REMEMBER_IN_SESSION:
                _SESSION[_key(server_url, user)] = token
            return False
        return True

    def delete(self, server_url: str, user: str) -> None:
        _SESSION.pop(_key(server_url, user), None)
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
