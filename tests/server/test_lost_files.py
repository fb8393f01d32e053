"""A file the server lost (found damaged by `qlvb-server fsck`, or by the recheck when it is
reused, and quarantined) comes back from a station that still has the good bytes (issue 12):
the server lists it as missing, the next sync of such a station sends it again; a station that
lacks it receives the entry anyway, shows its file "đang chờ tải lại" and fetches it later,
never failing a sync on it. A real `qlvb-server` on loopback, real station folders."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from qlvb_desktop.app import build_core
from tests.samples import tiny_pdf
from tests.server.conftest import PASSWORD, Org, qlvb

pytestmark = pytest.mark.slow
ENV = {"PW": PASSWORD}


def _login(st: Path, url: str, clerk: str) -> None:
    assert qlvb(st, "login", "--server", url, "--user", clerk, "--password-env", "PW", env=ENV) == 0


def _only_registration(st: Path) -> int:
    from sqlalchemy import text

    core = build_core(st)
    with core.repo.engine.connect() as conn:
        rid = int(conn.execute(text("SELECT id FROM registrations")).scalar_one())
    core.repo.engine.dispose()
    return rid


def _status(st: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert qlvb(st, "sync-status", "--json") == 0
    return json.loads(capsys.readouterr().out)


def _show(st: Path, rid: int, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert qlvb(st, "show", str(rid)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("found_by", ["fsck", "recheck"])
def test_a_lost_file_is_offered_again_by_the_station_that_has_it(server_process, tmp_path, capsys, found_by):
    sp = server_process()
    org = Org(sp, clerks=2)
    sp.start()
    a, b = tmp_path / "tram-a", tmp_path / "tram-b"
    _login(a, sp.url, "clerk0")
    scan = tiny_pdf(tmp_path / "cong-van.pdf", "lost-file", pages=2)
    good = scan.read_bytes()
    sha = hashlib.sha256(good).hexdigest()
    assert qlvb(
        a, "register", "--issuer", "Bộ Nội vụ", "--doc-type", "Công văn", "--subject", "Tệp bị hỏng trên máy chủ",
        "--file", str(scan), "--yes",
    ) == 0  # fmt: skip
    assert qlvb(a, "sync") == 0

    sp.stop()  # the disk damages the stored file
    stored = sp.data_dir / "files" / sha[:2] / sha
    os.chmod(stored, 0o644)
    with stored.open("r+b") as f:
        f.seek(len(good) // 2)
        f.write(b"\0HONG\0")
    if found_by == "fsck":
        r = sp.admin("fsck")
        assert r.returncode == 1 and sha in r.stdout, r.stdout + r.stderr
    sp.start()

    # A station without the file: receives the entry, its file awaited; syncing again is fine.
    _login(b, sp.url, "clerk1")
    assert qlvb(b, "sync") == 0
    assert qlvb(b, "sync") == 0
    rid = _only_registration(b)
    assert "đang chờ tải lại" in _show(b, rid, capsys)
    assert _status(b, capsys)["files_awaited"] == 1
    assert org.api("GET", "/missing-files") == [{"sha256": sha, "size": len(good)}]

    # The station that has the good bytes sends them again on its next sync.
    capsys.readouterr()
    assert qlvb(a, "sync") == 0
    assert "Đã gửi lại 1 tệp" in capsys.readouterr().out
    assert org.api("GET", "/missing-files") == []
    assert (sp.data_dir / "files" / sha[:2] / sha).read_bytes() == good

    # … and the other station fetches it.
    assert qlvb(b, "sync") == 0
    assert _status(b, capsys)["files_awaited"] == 0
    assert "đang chờ tải lại" not in _show(b, rid, capsys)
    core = build_core(b)
    assert core.files.path_of(sha).read_bytes() == good
    core.repo.engine.dispose()
