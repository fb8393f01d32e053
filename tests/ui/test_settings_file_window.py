"""A damaged or unreadable settings.json in the window (issue 12): a dialog that says what
happened, never a traceback. Damaged contents: the window opens on the defaults and says the file
was set aside; a file that cannot be read: the start-up dialog, exit 4."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qlvb_desktop.app import build_core
from tests.ui.conftest import make_context
from tests.ui.window_process import assert_start_up_dialog


def test_the_window_says_the_damaged_settings_were_set_aside(qtbot: Any, tmp_path: Path) -> None:
    from qlvb_desktop.ui.main_window import MainWindow

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_bytes(b'{"organization": {"name": "S')
    core = build_core(data)
    ctx = make_context(core)
    assert ctx.startup_notice is None  # make_context gives the tests' own context …
    ctx.startup_notice = core.settings_notice  # … the app passes this one (app.main)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.message_box is not None, timeout=10_000)
    box = window.message_box
    assert box.objectName() == "notice_box"
    assert "bị hỏng" in box.text() and "settings.json.hong-" in box.text()
    assert box.detailedText() == ""
    assert list(data.glob("settings.json.hong-*"))
    box.buttons()[0].click()
    qtbot.waitUntil(lambda: window.message_box is None, timeout=5000)
    window.close()


def test_the_window_starting_on_a_folder_in_place_of_the_settings(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "settings.json").mkdir(parents=True)
    assert_start_up_dialog(data, "là một thư mục")
    assert (data / "settings.json").is_dir()
