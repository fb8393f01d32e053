"""The window's background sync relays edXML packages (issue 15): two organizations on one real
server process (loopback), each station with its window. A's package reaches B's inbox with no
click — the status bar says what came, an open inbox shows it —, B refuses it, and the 01 and 02
travel back to A's sent list in A's own background sync."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.app import build_core, build_sync
from qlvb_desktop.services.sync import SyncWorker
from tests.adapters.exchange.packages import Shape, build
from tests.adapters.exchange.test_reader import make_pdf
from tests.server.conftest import PASSWORD, ServerProcess, qlvb
from tests.ui.conftest import make_context

pytestmark = pytest.mark.slow

ORG_A, ORG_B = "000.00.04.G14", "000.00.05.H26"


def _server(tmp_path: Path) -> ServerProcess:
    sp = ServerProcess(tmp_path / "server")
    for code, name, admin, clerk in ((ORG_A, "Sở Tài chính", "admin-a", "clerk-a"),
                                     (ORG_B, "Sở Nội vụ", "admin-b", "clerk-b")):
        r = sp.admin("init", "--org-code", code, "--org-name", name, "--admin", admin,
                     "--password-env", "QLVB_TEST_PW")
        assert r.returncode == 0, r.stderr
        r = sp.admin("useradd", "--org-code", code, clerk, "--password-env", "QLVB_TEST_PW")
        assert r.returncode == 0, r.stderr
    sp.start()
    return sp


def _window(qtbot: Any, tmp_path: Path, sp: ServerProcess, user: str, code: str, name: str) -> Any:
    from qlvb_desktop.adapters.credentials import KeyringCredentials
    from qlvb_desktop.ui.main_window import MainWindow

    st = tmp_path / user
    assert qlvb(st, "login", "--server", sp.url, "--user", user, "--password-env", "PW", env={"PW": PASSWORD}) == 0
    core = build_core(st)
    token = KeyringCredentials(core.data_dir).get(core.settings.server_url, user)
    assert token
    ctx = make_context(core)
    assert core.station is not None
    core.station.apply({"organization": {"name": name, "code": code, "parent": ""}})
    ctx.desk = core.desk
    ctx.sync = SyncWorker(build_sync(core, token), interval=3600, status_interval=0.1)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.sync.widget.state_label.text() == "Trực tuyến", timeout=60_000)
    return core, window


def test_packages_travel_in_the_background_sync(qtbot: Any, tmp_path: Path) -> None:
    sp = _server(tmp_path)
    windows: list[Any] = []
    try:
        core_a, win_a = _window(qtbot, tmp_path, sp, "clerk-a", ORG_A, "Sở Tài chính")
        windows.append(win_a)
        core_b, win_b = _window(qtbot, tmp_path, sp, "clerk-b", ORG_B, "Sở Nội vụ")
        windows.append(win_b)
        inbox_b = win_b.desk_menu.open_exchange()  # open before anything arrives
        assert inbox_b.table.rowCount() == 0
        sent_a = win_a.desk_menu.open_exchange()

        pdf = make_pdf(tmp_path / "d.pdf").read_bytes()
        package = build(Shape(organ_id=ORG_A, attachments=[("cv.pdf", "application/pdf", pdf)]))
        outbox_a = core_a.data_dir / "exchange" / "outbox"
        outbox_a.mkdir(parents=True, exist_ok=True)
        (outbox_a / "cv.edxml").write_bytes(package.replace(b"000.00.12.H42", ORG_B.encode()))
        bar_a, bar_b = win_a.sync.widget, win_b.sync.widget
        bar_a.sync_button.click()
        qtbot.waitUntil(lambda: "gửi 1 gói" in bar_a.exchange_label.text(), timeout=60_000)
        assert not (outbox_a / "cv.edxml").exists() and (outbox_a / "sent" / "cv.edxml").is_file()

        bar_b.sync_button.click()  # the interval's sync, sooner
        qtbot.waitUntil(lambda: inbox_b.table.rowCount() == 1, timeout=60_000)  # no click in the inbox
        text = bar_b.exchange_label.text()
        assert "nhận 1 văn bản" in text and "1 văn bản liên thông chờ xử lý" in text, text
        assert "gửi 1 gói" in text  # its receipt (01) left in the same sync
        assert inbox_b.table.item(0, 3).text() == "267/VPCP-TTĐT"
        [item] = core_b.exchange.inbox()
        inbox_b.table.selectRow(0)
        inbox_b.open_selected()
        inbox_b.refuse("Văn bản chưa ký số")
        qtbot.waitUntil(lambda: inbox_b.stack.currentIndex() == 0 and not inbox_b.busy, timeout=30_000)
        bar_b.sync_button.click()
        qtbot.waitUntil(lambda: "chờ xử lý" not in bar_b.exchange_label.text()
                        and "gửi 1 gói" in bar_b.exchange_label.text(), timeout=60_000)

        bar_a.sync_button.click()
        qtbot.waitUntil(lambda: "nhận 0 văn bản và 2 trạng thái" in bar_a.exchange_label.text(), timeout=60_000)
        table = sent_a.sent_table
        qtbot.waitUntil(lambda: any(
            table.item(r, 2) is not None and table.item(r, 2).text() == "02 Từ chối"
            for r in range(table.rowCount())), timeout=30_000)
        [latest] = core_a.exchange.recipients_status(item.document_id)
        assert (latest.organ_id, latest.status_code, latest.description) == (ORG_B, "02", "Văn bản chưa ký số")
    finally:
        for w in windows:
            worker = w.sync.worker
            w.close()
            if worker is not None:
                worker.stop()
                worker.service.server.close()
        sp.stop()
