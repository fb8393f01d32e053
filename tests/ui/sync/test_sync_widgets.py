"""The sync status-bar widget and the server settings page, offscreen."""

from __future__ import annotations

from qlvb_desktop.domain.sync import Notice, SyncStatus
from qlvb_desktop.ui.sync.settings_page import ServerSettingsPage
from qlvb_desktop.ui.sync.status_widget import SyncStatusWidget


def _status(**kw) -> SyncStatus:
    base = dict(
        configured=True,
        online=True,
        pending=0,
        waiting_for_number=0,
        rejected=0,
        last_sync="2026-03-02T09:15:00+07:00",
        last_error="",
    )
    return SyncStatus(**{**base, **kw})


def test_status_widget_shows_each_state(qtbot):
    current: list[SyncStatus | None] = [None]
    w = SyncStatusWidget(lambda: current[0], interval_ms=50)
    qtbot.addWidget(w)
    assert "chưa cấu hình" in w.state_label.text() and not w.sync_button.isEnabled()
    current[0] = _status(pending=3, waiting_for_number=2)
    w.refresh()
    assert w.state_label.text() == "Trực tuyến"
    assert "3 thao tác chờ gửi" in w.queue_label.text() and "2 văn bản chờ cấp số" in w.queue_label.text()
    assert "09:15 02/03/2026" in w.queue_label.text()
    current[0] = _status(online=False, rejected=1, last_error="Không kết nối được máy chủ", last_sync="")
    qtbot.waitUntil(lambda: w.state_label.text() == "Đang làm việc ngoại tuyến", timeout=2000)  # timer
    assert "1 thao tác bị từ chối" in w.queue_label.text() and "chưa" in w.queue_label.text()
    assert w.error_label.toolTip() == "Không kết nối được máy chủ"
    assert w.seen_button.isVisibleTo(w)
    with qtbot.waitSignal(w.sync_requested, timeout=1000):
        w.sync_button.click()


def test_status_widget_says_which_entry_got_which_number(qtbot):
    notices = (
        Notice("u1", "renumbered", 3, 27, "Công văn về thuế"),
        Notice("u2", "numbered", -1, 28, "Tờ trình"),
        Notice("u3", "voided", 4, 4, "Giấy mời", reason="Chưa nhập Tên loại văn bản."),
    )
    current: list[SyncStatus | None] = [_status(notices=notices)]
    w = SyncStatusWidget(lambda: current[0], interval_ms=50, configured=True)
    qtbot.addWidget(w)
    assert w.notice_label.text().startswith("3 thông báo của máy chủ")
    tip = w.notice_label.toolTip().splitlines()
    assert tip[0] == "Văn bản “Công văn về thuế”: số đến 3 đã bị thu hồi, số mới là 27; hãy sửa dấu ĐẾN"
    assert tip[1] == "Văn bản chờ số “Tờ trình” được cấp số đến 28"
    assert tip[2] == "Văn bản “Giấy mời” (số đến 4) bị máy chủ từ chối nên đã bị hủy: Chưa nhập Tên loại văn bản"
    assert "Giấy mời" in w.notice_label.text()  # the newest in the bar itself
    with qtbot.waitSignal(w.acknowledge_requested, timeout=1000):
        w.seen_button.click()
    current[0] = _status()
    qtbot.waitUntil(lambda: w.notice_label.text() == "", timeout=2000)
    assert not w.seen_button.isVisibleTo(w)
    current[0] = None  # configured, but the worker has not reported yet
    qtbot.waitUntil(lambda: w.state_label.text() == "Đang kiểm tra kết nối…", timeout=2000)
    assert w.sync_button.isEnabled()


def test_settings_page_validates_and_emits(qtbot):
    page = ServerSettingsPage()
    qtbot.addWidget(page)
    page.load({"server_url": "vanthu.local", "server_user": "", "lease_block": 30})
    assert page.block_spin.value() == 30
    with qtbot.assertNotEmitted(page.login_requested):
        page.login_button.click()
    assert "https://" in page.message.text()
    page.url_edit.setText("https://vanthu.local:8800/")
    page.login_button.click()
    assert page.message.text() == "Chưa nhập tài khoản."
    page.user_edit.setText("vanthu1")
    page.login_button.click()
    assert page.message.text() == "Chưa nhập mật khẩu."
    page.password_edit.setText("bí mật")
    with (
        qtbot.waitSignal(page.login_requested, timeout=1000) as blocker,
        qtbot.waitSignal(page.settings_changed),
    ):
        page.login_button.click()
    assert blocker.args == ["https://vanthu.local:8800", "vanthu1", "bí mật", ""]
    page.show_result(True, "Đã đăng nhập.")
    assert page.password_edit.text() == "" and page.message.text() == "Đã đăng nhập."
    assert page.values()["lease_block"] == 30
