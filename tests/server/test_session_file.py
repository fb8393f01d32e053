"""Sessions without a keyring (issue 12): on a Linux station with no keyring daemon every `qlvb
sync` asked for the password again. The session token (never the password) is now kept in a file
only the user can read, written atomically; a file others can read is not trusted."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from qlvb_desktop.adapters.credentials import SESSION_FILE, KeyringCredentials
from tests.server.conftest import PASSWORD, Org, qlvb

ENV = {"PW": PASSWORD}


@pytest.fixture
def no_keyring(memory_keyring):  # the autouse in-memory keyring is put back afterwards
    keyring.set_keyring(fail.Keyring())


def test_the_token_file_is_user_only_and_atomic(tmp_path: Path, no_keyring) -> None:
    creds = KeyringCredentials(tmp_path)
    assert creds.available() == (True, "")
    assert creds.set("https://vanthu.local", "vt", "tok-1") is True
    path = tmp_path / SESSION_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"vt@https://vanthu.local": "tok-1"}
    assert KeyringCredentials(tmp_path).get("https://vanthu.local", "vt") == "tok-1"
    creds.set("https://vanthu.local", "vt", "tok-2")  # a new login replaces it whole
    assert [p.name for p in tmp_path.iterdir()] == [SESSION_FILE]  # no temporary left
    path.chmod(0o644)
    assert KeyringCredentials(tmp_path).get("https://vanthu.local", "vt") is None  # others could read it
    path.chmod(0o600)
    creds.delete("https://vanthu.local", "vt")
    assert KeyringCredentials(tmp_path).get("https://vanthu.local", "vt") is None
    assert KeyringCredentials().available()[0] is False  # no data folder: nothing stored, as before


@pytest.mark.slow
def test_sync_without_a_keyring_does_not_ask_for_the_password_again(server_process, tmp_path, no_keyring) -> None:
    sp = server_process()
    Org(sp, clerks=1)
    sp.start()
    st = tmp_path / "station"
    assert qlvb(st, "login", "--server", sp.url, "--user", "clerk0", "--password-env", "PW", env=ENV) == 0
    session = st / SESSION_FILE
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert PASSWORD not in session.read_text()
    assert qlvb(st, "register", "--issuer", "Bộ Tài chính", "--doc-type", "Công văn", "--subject", "Thử") == 0
    assert qlvb(st, "sync") == 0  # no --password-env: the session came from the file
    assert qlvb(st, "sync") == 0
