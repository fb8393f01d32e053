"""The server session token in the operating system's keyring (`keyring`).

Where the machine has no keyring (a Linux station without a keyring daemon), the session token,
never the password, is kept in `session-tokens.json` in the data folder, readable by the user
only (created 0600 by `write_atomic`, which renames a complete file into place); a file that
others may read is ignored. The token is the server's revocable session (logging out or a new
login replaces it), so a stolen file is worth less than a password and nothing more than the
user's own data folder. Without a data folder (tests) the old rule holds: nothing is stored and
the app asks for the password at each sync. (Not keyrings.alt: it would silently keep secrets of
every program in a plain file.)"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

SERVICE = "qlvb-desktop"
SESSION_FILE = "session-tokens.json"
log = logging.getLogger(__name__)


def _key(server_url: str, user: str) -> str:
    return f"{user}@{server_url}"


_SESSION: dict[str, str] = {}  # tokens of this process where the machine has no keyring
# Only the window keeps a token in memory (it runs for hours); each `qlvb` command is its own
# process and asks for the password each time.
REMEMBER_IN_SESSION = False


class KeyringCredentials:
    def __init__(self, session_dir: Path | None = None) -> None:
        """`session_dir`: where the session file goes when the machine has no keyring."""
        self.session_file = session_dir / SESSION_FILE if session_dir is not None else None

    @staticmethod
    def _keyring_available() -> bool:
        name = type(keyring.get_keyring()).__module__
        return not (name.startswith("keyring.backends.fail") or name.startswith("keyring.backends.null"))

    def available(self) -> tuple[bool, str]:
        if self._keyring_available() or self.session_file is not None:
            return True, ""
        return False, "máy này không có kho khóa (keyring) của hệ điều hành"

    def get(self, server_url: str, user: str) -> str | None:
        try:
            found = keyring.get_password(SERVICE, _key(server_url, user))
        except (NoKeyringError, KeyringError):
            found = None
        if not found and self.session_file is not None:
            found = self._read_file().get(_key(server_url, user))
        if found or not REMEMBER_IN_SESSION:
            return found
        return _SESSION.get(_key(server_url, user))

    def set(self, server_url: str, user: str, token: str) -> bool:
        """True when stored (keyring, or the user-only session file); False when neither: then
        the token is kept in this process's memory only (the window syncs until it is closed)."""
        try:
            keyring.set_password(SERVICE, _key(server_url, user), token)
        except (NoKeyringError, KeyringError):
            if self.session_file is not None:
                tokens = self._read_file()
                tokens[_key(server_url, user)] = token
                self._write_file(tokens)
                return True
            if REMEMBER_IN_SESSION:
                _SESSION[_key(server_url, user)] = token
            return False
        return True

    def delete(self, server_url: str, user: str) -> None:
        _SESSION.pop(_key(server_url, user), None)
        with contextlib.suppress(NoKeyringError, KeyringError, PasswordDeleteError):
            keyring.delete_password(SERVICE, _key(server_url, user))
        if self.session_file is not None and self.session_file.exists():
            tokens = self._read_file()
            if tokens.pop(_key(server_url, user), None) is not None:
                self._write_file(tokens)

    def _read_file(self) -> dict[str, str]:
        path = self.session_file
        if path is None:
            return {}
        try:
            info = path.stat()
            if os.name == "posix" and (info.st_mode & (stat.S_IRWXG | stat.S_IRWXO) or info.st_uid != os.getuid()):
                log.warning("ignoring %s: readable by others or not the user's own", path)
                return {}
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.info("cannot read %s: %s", path, exc)
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_file(self, tokens: dict[str, str]) -> None:
        from qlvb_desktop.services.atomic_file import write_atomic  # the one atomic writer

        assert self.session_file is not None
        # mkstemp creates the temporary file 0600; the rename keeps that mode.
        write_atomic(self.session_file, json.dumps(tokens, ensure_ascii=False).encode("utf-8"))
        os.chmod(self.session_file, 0o600)


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
