"""The settings dialog and the first-run question (issue 7, flow 5), with the real station
settings on a real data folder: what is saved, and the sentences for what is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from qlvb_desktop.app import Core
from tests.ui.conftest import make_context


def _open(qtbot: Any, window: Any) -> Any:
    QTest.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.settings_flow.dialog is not None, timeout=5000)
    return window.settings_flow.dialog


def _save(dialog: Any) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_working_time_settings_are_saved_and_used(qtbot: Any, window: Any, core: Core) -> None:
    dialog = _open(qtbot, window)
    assert dialog.hours_edit.text() == "07:30-11:30, 13:30-17:00"
    dialog.hours_edit.setText("08:00-12:00, 13:00-17:00")
    dialog.day_checks[5].setChecked(True)  # Saturday mornings worked
    dialog.days_off_edit.setPlainText("02/01/2026 nghỉ bù Tết Dương lịch")
    dialog.handling_spin.setValue(7)
    dialog.soon_spin.setValue(3)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        _save(dialog)
    saved = json.loads((core.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["office_hours"] == "08:00-12:00, 13:00-17:00"
    assert saved["workdays"] == [0, 1, 2, 3, 4, 5]
    assert saved["days_off"] == ["02/01/2026 nghỉ bù Tết Dương lịch"]
    policy = core.daily.policy
    assert (policy.handling_days, policy.due_soon_days) == (7, 3)
    assert not policy.schedule.is_working_day(__import__("datetime").date(2026, 1, 2))


@pytest.mark.parametrize(
    ("widget", "value", "sentence"),
    [
        ("days_off_edit", "31/02/2026 nghỉ bù", "Dòng “31/02/2026 nghỉ bù” không phải một ngày"),
        ("hours_edit", "7h30 đến 11h30", "Giờ làm việc “7h30 đến 11h30” không đúng dạng"),
        ("seal_edit", "/không/có/con-dau.png", "Không thấy tệp ảnh con dấu /không/có/con-dau.png"),
    ],
)
def test_bad_settings_are_refused_with_a_sentence(
    qtbot: Any, window: Any, core: Core, widget: str, value: str, sentence: str
) -> None:
    before = (core.data_dir / "settings.json").read_text(encoding="utf-8")
    dialog = _open(qtbot, window)
    edit = getattr(dialog, widget)
    if hasattr(edit, "setPlainText"):
        edit.setPlainText(value)
    else:
        edit.setText(value)
    _save(dialog)
    qtbot.waitUntil(lambda: dialog.error_label.text() != "", timeout=5000)
    assert dialog.error_label.text().startswith(sentence)
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget().isAncestorOf(edit)  # the tab with the field is shown
    assert (core.data_dir / "settings.json").read_text(encoding="utf-8") == before


def test_seal_that_is_not_a_png_is_refused(qtbot: Any, window: Any, tmp_path: Path) -> None:
    jpg = tmp_path / "seal.jpg"
    jpg.write_bytes(b"\xff\xd8\xff")
    dialog = _open(qtbot, window)
    dialog.seal_edit.setText(str(jpg))
    _save(dialog)
    qtbot.waitUntil(lambda: dialog.error_label.text() != "", timeout=5000)
    assert "phải là tệp PNG" in dialog.error_label.text()


def test_add_a_book(qtbot: Any, window: Any, core: Core) -> None:
    dialog = _open(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    dialog.book_name_edit.setText("Sổ văn bản đến Phòng Kế hoạch")
    dialog.book_add_button.click()
    qtbot.waitUntil(lambda: dialog.book_message.text() != "", timeout=5000)
    assert dialog.book_message.text() == "Đã thêm sổ “Sổ văn bản đến Phòng Kế hoạch”."
    assert any(b.name == "Sổ văn bản đến Phòng Kế hoạch" for b in core.register.books())
    dialog.book_name_edit.setText("sổ văn bản đến phòng kế hoạch")
    dialog.book_add_button.click()
    qtbot.waitUntil(lambda: "Đã có sổ" in dialog.book_message.text(), timeout=5000)


def test_scanner_profiles_are_edited(qtbot: Any, window: Any, core: Core) -> None:
    dialog = _open(qtbot, window)
    dialog.tabs.setCurrentIndex(2)
    dialog.findChild(type(dialog.book_add_button), "profile_add_button").click()
    dialog.profiles_table.item(0, 0).setText("Máy quét phòng văn thư")
    dialog.profiles_table.item(0, 1).setText("sane:test:0")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        _save(dialog)
    saved = json.loads((core.data_dir / "scanner-profiles.json").read_text(encoding="utf-8"))
    assert saved["profiles"][0]["name"] == "Máy quét phòng văn thư"
    assert saved["profiles"][0]["settings"]["dpi"] == 300


def test_token_test_with_a_missing_module_is_a_sentence(qtbot: Any, window: Any) -> None:
    dialog = _open(qtbot, window)
    dialog.tabs.setCurrentIndex(3)
    dialog.module_edit.setText("/không/có/libbit4xpki.so")
    dialog.token_test_button.click()
    qtbot.waitUntil(lambda: dialog.token_result.text() not in ("", "Đang mở token…"), timeout=10_000)
    assert dialog.token_result.text() == (
        "Không thấy thư viện PKCS#11 /không/có/libbit4xpki.so; kiểm tra cài đặt USB token."
    )
    assert dialog.token_test_button.isEnabled()


def test_server_login_to_an_unreachable_server_is_a_sentence(qtbot: Any, window: Any) -> None:
    dialog = _open(qtbot, window)
    page = dialog.server_page
    page.url_edit.setText("https://127.0.0.1:9")
    page.user_edit.setText("vanthu")
    page.password_edit.setText("mật khẩu")
    page.login_button.click()
    qtbot.waitUntil(lambda: page.login_button.isEnabled() and page.message.text() != "Đang đăng nhập…", timeout=20_000)
    text = page.message.text()
    assert text and "Traceback" not in text and text.endswith(".")


def test_first_run_asks_only_for_the_organization(qtbot: Any, core: Core) -> None:
    from qlvb_desktop.ui.main_window import MainWindow

    ctx = make_context(core)
    core.settings.organization = type(core.settings.organization)()  # a fresh station: no name yet
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.settings_flow.first_run is not None, timeout=5000)
    dialog = window.settings_flow.first_run
    assert dialog.findChildren(type(dialog.name_edit)) == [dialog.name_edit]  # one question
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error_label.text() == "Chưa nhập tên cơ quan."
    dialog.name_edit.setText("  SỞ   NỘI VỤ ")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    saved = json.loads((core.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["organization"]["name"] == "SỞ NỘI VỤ"
    assert saved["handling_days"] == 10 and saved["office_hours"] == "07:30-11:30, 13:30-17:00"
    assert window.windowTitle() == "Sổ đăng ký văn bản đến — SỞ NỘI VỤ"
    window.close()
