"""Storage failures in the window: a sentence that says what to do, never "unexpected error"
with a traceback (issue 12): a database locked by another process, a file damaged while the
window is open, and a damaged file when the window starts."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from qlvb_desktop.app import build_core
from qlvb_desktop.domain.errors import StorageCorrupt
from tests.ui.conftest import sample, type_text
from tests.ui.window_process import assert_start_up_dialog


@pytest.fixture
def core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("QLVB_BUSY_TIMEOUT_MS", "300")
    core = build_core(tmp_path / "data")
    yield core
    core.close()


def _select_first(qtbot: Any, window: Any) -> None:
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.model.requery()
    window.select_row(0)
    qtbot.waitUntil(lambda: window.detail.current is not None, timeout=5000)


def test_a_locked_database_says_the_register_is_busy(qtbot: Any, window: Any, core: Any) -> None:
    core.register.register(sample())
    _select_first(qtbot, window)
    holder = sqlite3.connect(core.data_dir / "qlvb.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        window.detail.void_button.click()
        prompt = window.detail.prompt
        type_text(prompt.text_edit, "Vào sổ nhầm")
        prompt.buttons.button(prompt.buttons.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: window.detail.error_label.text() != "", timeout=10_000)
    finally:
        holder.rollback()
        holder.close()
    text = window.detail.error_label.text()
    assert text.startswith("Sổ đang bận") and "thử lại" in text
    assert core.register.get(window.detail.current.id).status.value != "voided"


def test_a_file_damaged_while_the_window_is_open(qtbot: Any, window: Any, core: Any) -> None:
    core.register.register(sample())
    core.repo.engine.dispose()  # the pages were read from disk again, as after a while
    with (core.data_dir / "qlvb.sqlite3").open("r+b") as f:
        f.write(b"NOT A DATABASE!!")
    window.model.requery()
    qtbot.waitUntil(lambda: window.message_box is not None, timeout=10_000)
    box: QMessageBox = window.message_box
    assert "bị hỏng" in box.text() and "sao lưu" in box.text()
    assert "ngoài dự kiến" not in box.text()
    assert box.detailedText() == ""


def test_the_problem_dialog_says_what_to_do(qtbot: Any) -> None:
    from qlvb_desktop.ui.main import problem_box

    box = problem_box(StorageCorrupt("/du-lieu/qlvb.sqlite3"))
    qtbot.addWidget(box)
    assert "bị hỏng" in box.text() and "bản sao lưu" in box.text()
    assert box.detailedText() == ""


def test_the_window_starting_on_a_damaged_file_shows_a_dialog(tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_core(data).repo.engine.dispose()
    db = data / "qlvb.sqlite3"
    with db.open("r+b") as f:
        f.write(b"NOT A DATABASE!!")
    before = db.read_bytes()
    assert_start_up_dialog(data, "bị hỏng")
    assert db.read_bytes() == before


