"""The background sync worker against a real server process: status goes from offline to
online, the queue drains, the server going away is reported, not raised."""

from __future__ import annotations

import time

import pytest

from qlvb_desktop.app import build_core, build_sync
from qlvb_desktop.services.sync import SyncWorker
from tests.server.conftest import PASSWORD, Org, qlvb

pytestmark = pytest.mark.slow


def _wait(cond, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return False


def test_worker_drains_the_queue_and_reports_offline(server_process, tmp_path):
    sp = server_process()
    Org(sp, clerks=1)
    sp.start()
    st = tmp_path / "station"
    assert qlvb(st, "login", "--server", sp.url, "--user", "clerk0", "--password-env", "PW", env={"PW": PASSWORD}) == 0
    core = build_core(st)
    for i in range(3):
        core.register.register({"issuer": "Bộ Y tế", "doc_type": "Công văn", "subject": f"Nền {i}"})
    from qlvb_desktop.adapters.credentials import KeyringCredentials

    token = KeyringCredentials().get(core.settings.server_url, "clerk0")
    assert token
    worker = SyncWorker(build_sync(core, token), interval=0.5)
    assert worker.status().pending == 3 and not worker.status().online
    worker.start()
    try:
        assert _wait(lambda: worker.status().online and worker.status().pending == 0)
        assert worker.status().waiting_for_number == 0 and worker.status().last_sync
        sp.kill()
        core.register.register({"issuer": "Bộ Y tế", "doc_type": "Công văn", "subject": "Khi mất mạng"})
        worker.sync_now()
        assert _wait(lambda: not worker.status().online)
        assert "Không kết nối được" in worker.status().last_error and worker.status().pending == 1
        sp.start()
        worker.sync_now()
        assert _wait(lambda: worker.status().online and worker.status().pending == 0)
        assert worker.status().last_error == ""
    finally:
        worker.stop()
        worker.service.server.close()  # type: ignore[attr-defined]
        core.close()


def test_a_rejected_operation_is_reported_until_acknowledged(server_process, tmp_path, capsys):
    sp = server_process()
    Org(sp, clerks=1)
    sp.start()
    st = tmp_path / "station"
    assert qlvb(st, "login", "--server", sp.url, "--user", "clerk0", "--password-env", "PW", env={"PW": PASSWORD}) == 0
    assert qlvb(st, "register", "--issuer", "Bộ Y tế", "--doc-type", "Công văn", "--subject", "Hợp lệ") == 0
    core = build_core(st)
    from sqlalchemy import text

    with core.repo.engine.begin() as conn:  # a change the server's rules refuse (e.g. an older client)
        conn.execute(text("UPDATE outbox SET payload = json_set(payload, '$.fields.subject', '') WHERE seq = 1"))
    assert qlvb(st, "register", "--issuer", "Bộ Y tế", "--doc-type", "Công văn", "--subject", "Sau đó") == 0
    capsys.readouterr()
    assert qlvb(st, "sync") == 1
    assert "Chưa nhập Trích yếu" in capsys.readouterr().err
    assert qlvb(st, "sync") == 1  # still reported
    assert qlvb(st, "sync", "--acknowledge") == 0
    assert qlvb(st, "sync") == 0
    core.repo.engine.dispose()
