"""Issue 16, end to end: a station attaches the stamped and signed copy to an entry it registered;
the real server (a subprocess on loopback) stores the file and the role, and another station sees
the signed copy as the entry's current copy, with the file downloaded and the original kept. A
newer signed copy replaces the old one on both."""

from __future__ import annotations

import json
from pathlib import Path

from qlvb_desktop.domain.registration import ROLE_SIGNED
from tests.samples import tiny_pdf
from tests.server.conftest import PASSWORD, Org, qlvb


def _entry(data_dir: Path, uid: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(name, role, sha256) of the entry's files, and the actions of its audit events."""
    from sqlalchemy import text

    from qlvb_desktop.app import build_core

    core = build_core(data_dir)
    try:
        with core.repo.engine.connect() as conn:
            rid = conn.execute(text("SELECT id FROM registrations WHERE uid = :u"), {"u": uid}).scalar_one()
        reg = core.repo.get(rid)
        for f in reg.files:
            assert core.files.path_of(f.sha256).is_file(), f.name
        actions = [e.action for e in core.repo.audit_events() if e.registration_id == rid]
        return [(f.name, f.role, f.sha256) for f in reg.files], actions
    finally:
        core.repo.engine.dispose()


def test_the_signed_copy_reaches_another_station(server_process, tmp_path, capsys):
    sp = server_process()
    org = Org(sp, clerks=2)
    sp.start()
    a, b = tmp_path / "a", tmp_path / "b"
    for st, clerk in zip((a, b), org.clerks, strict=True):
        assert qlvb(st, "login", "--server", sp.url, "--user", clerk, "--password-env", "PW",
                    env={"PW": PASSWORD}) == 0
    capsys.readouterr()
    scan = tiny_pdf(tmp_path / "scan.pdf", "scan")
    assert qlvb(a, "register", "--issuer", "Sở Tài chính", "--doc-type", "Công văn", "--subject",
                "Về việc thử đồng bộ bản đã ký", "--file", str(scan)) == 0
    registered = json.loads(capsys.readouterr().out)
    signed = tiny_pdf(tmp_path / "ky.pdf", "signed-1")
    assert qlvb(a, "attach", str(registered["id"]), str(signed), "--role", "signed") == 0
    assert qlvb(a, "sync") == 0
    assert qlvb(b, "sync") == 0
    capsys.readouterr()

    with_uid = org.api("GET", "/changes", params={"after": 0, "limit": 100})
    snaps = [c["registration"] for c in with_uid["changes"] if c.get("registration")]
    [snap] = [s for s in snaps if s["fields"]["subject"] == "Về việc thử đồng bộ bản đã ký"]
    uid = snap["uid"]
    assert [f.get("role", "") for f in snap["files"]] == ["", "signed"]

    files_a, actions_a = _entry(a, uid)
    files_b, actions_b = _entry(b, uid)
    assert files_b == files_a
    assert [(n, r) for n, r, _s in files_b] == [("scan.pdf", ""), ("ky.pdf", ROLE_SIGNED)]
    assert "attach" in actions_a and "sync" in actions_b

    # The forward step writes the unit into the stamp: a new signed revision replaces the old one.
    newer = tiny_pdf(tmp_path / "ky-chuyen.pdf", "signed-2")
    assert qlvb(a, "attach", str(registered["id"]), str(newer), "--role", "signed") == 0
    assert qlvb(a, "sync") == 0
    assert qlvb(b, "sync") == 0
    files_b, _ = _entry(b, uid)
    assert [(n, r) for n, r, _s in files_b] == [("scan.pdf", ""), ("ky-chuyen.pdf", ROLE_SIGNED)]
    assert files_b == _entry(a, uid)[0]
