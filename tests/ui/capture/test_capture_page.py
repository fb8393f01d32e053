"""The capture page, offscreen: scan with live thumbnails, fix pages by hand, continue."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from PIL import Image

from qlvb_desktop.adapters.capture.wiring import build_capture
from qlvb_desktop.domain.capture import IntakeResult, ScanSettings, Source
from qlvb_desktop.ui.capture import CapturePage
from tests.adapters.capture.conftest import sane_config  # noqa: F401 - shared fixture
from tests.adapters.capture.pages import blank_page, text_page, turn


@pytest.fixture
def page(qtbot, tmp_path) -> CapturePage:
    capture = build_capture(50 * 1024 * 1024, escl_urls=[], workers=2, data_dir=tmp_path / "data")
    widget = CapturePage(capture, tmp_path)
    qtbot.addWidget(widget)
    yield widget
    if widget.task is not None:
        widget.task.cancel.cancel()
        widget.task.wait(30)


def wait_idle(qtbot, page: CapturePage, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: page.task is None, timeout=timeout)


def select_device(page: CapturePage, device_id: str) -> None:
    index = page.source_combo.findData(device_id)
    assert index >= 0, [page.source_combo.itemData(i) for i in range(page.source_combo.count())]
    page.source_combo.setCurrentIndex(index)


@pytest.mark.usefixtures("sane_config")
def test_scan_shows_pages_as_they_arrive_and_unavailable_sources_are_greyed(qtbot, page):
    page.refresh_devices()
    wait_idle(qtbot, page)
    twain = page.source_combo.findData("twain:")
    assert twain >= 0 and not page.source_combo.model().item(twain).isEnabled()
    assert "chỉ có trên Windows" in page.source_combo.itemText(twain)
    select_device(page, "sane:test:0")
    page.apply_settings(ScanSettings(Source.FEEDER, False, 100, False))
    counts: list[int] = []
    page.pagesChanged.connect(counts.append)
    qtbot.mouseClick(page.scan_button, qtbot_button())
    assert page.cancel_button.isEnabled() and not page.continue_button.isEnabled()
    wait_idle(qtbot, page)
    assert counts == list(range(1, 11))  # one thumbnail at a time, live
    assert page.pages.count() == 10
    assert "10 trang" in page.status.text()
    assert not page.pages.item(0).icon().isNull()


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


@pytest.mark.usefixtures("sane_config")
def test_cancel_keeps_the_pages_scanned(qtbot, page):
    page.refresh_devices()
    wait_idle(qtbot, page)
    select_device(page, "sane:test:0")
    page.apply_settings(ScanSettings(Source.FEEDER, False, 100, False))
    page.pagesChanged.connect(lambda n: page.cancel() if n == 2 else None)
    page.scan()
    wait_idle(qtbot, page)
    assert 2 <= page.pages.count() < 10
    assert "hủy" in page.status.text().lower()


def test_fix_pages_by_hand_then_continue(qtbot, page, tmp_path):
    files = []
    for name, image in (("a.png", turn(text_page(150), 90)), ("b.png", blank_page(150)), ("c.png", text_page(150))):
        path = tmp_path / name
        Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)).save(path, dpi=(150, 150))
        files.append(path)
    page.add_files(files)
    wait_idle(qtbot, page)
    assert page.pages.count() == 3
    first = page.pages.page_at(0)
    assert first.image.shape[0] > first.image.shape[1]  # turned upright on arrival
    blank = page.pages.page_at(1)
    assert blank.blank and "TRANG TRẮNG" in page.pages.item(1).text()
    assert not page.pages.page_at(0).blank

    # Reorder: the blank page goes last; rotate it; delete nothing; split before the last page.
    page.pages.move_row(1, 2)
    assert page.pages.page_at(2).blank and "Trang 3" in page.pages.item(2).text()
    page.pages.setCurrentRow(2)
    before = page.pages.page_at(2).image.shape
    page.rotate_right.click()
    assert page.pages.page_at(2).image.shape[:2] == before[1::-1]
    page.rotate_left.click()
    page.split_button.click()
    assert page.pages.page_at(2).new_document and "Văn bản mới" in page.pages.item(2).text()
    page.pages.setCurrentRow(1)
    page.delete_button.click()
    assert page.pages.count() == 2

    with qtbot.waitSignal(page.continueToRegistration, timeout=120_000) as signal:
        page.continue_button.click()
    result = signal.args[0]
    assert isinstance(result, IntakeResult)
    assert [len(d.pages) for d in result.documents] == [1, 1]
    assert result.documents[1].pages[0].blank
    assert all(Path(d.pdf).exists() for d in result.documents)
    assert page.pages.count() == 0


def test_bad_file_shows_a_message_and_adds_nothing(qtbot, page, tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"garbage")
    page.add_files([bad])
    wait_idle(qtbot, page)
    assert "không đọc được" in page.status.text() and page.pages.count() == 0
    assert page.files_button.isEnabled()


def test_profiles_are_remembered(qtbot, page, tmp_path, sane_config):  # noqa: F811
    page.refresh_devices()
    wait_idle(qtbot, page)
    select_device(page, "sane:test:1")
    page.apply_settings(ScanSettings(Source.FLATBED, False, 250, False))
    page.remember_button.click()
    again = CapturePage(page.capture, tmp_path)
    qtbot.addWidget(again)
    assert again.source_combo.currentData() == "sane:test:1"
    assert again.settings() == ScanSettings(Source.FLATBED, False, 250, False)
    assert "Hồ sơ:" in again.source_combo.currentText()


@pytest.mark.usefixtures("sane_config")
def test_jam_shows_the_reason_and_keeps_pages(qtbot, page, tmp_path):
    from qlvb_desktop.services.scanning import ScannerHub
    from tests.adapters.capture.sane_faults import FaultyScanner

    # In a child, as the window scans: a jam injected in this process once froze the whole run.
    page.capture.scanners = ScannerHub([FaultyScanner("SANE_STATUS_JAMMED", 2)])
    page.refresh_devices()
    wait_idle(qtbot, page)
    select_device(page, "sane:test:0")
    page.apply_settings(ScanSettings(Source.FEEDER, False, 100, True))
    page.scan()
    wait_idle(qtbot, page)
    assert page.pages.count() == 2
    assert "kẹt giấy" in page.status.text() and "2 trang" in page.status.text()
    page.resize(900, 600)
    page.grab().save(str(tmp_path / "capture-page.png"))
