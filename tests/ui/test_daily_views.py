"""The daily views driven like a clerk (issue 7, flow 4): real services, a real SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from qlvb_desktop.app import Core
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.daily import DeadlineState
from tests.ui.daily_sample import CORPUS_PDF, fill_day, stamped_pdf


@pytest.fixture
def day(core: Core) -> dict[str, int]:
    return fill_day(core, now_vn())


def _loaded(qtbot: Any, model: Any) -> list[int]:
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: all(model.registration(r) for r in range(model.rowCount())), timeout=5000)
    return [model.registration_id(r) for r in range(model.rowCount())]


def _list(qtbot: Any, model: Any) -> list[int]:
    with qtbot.waitSignal(model.ids_loaded, timeout=5000):
        model.requery()
    return _loaded(qtbot, model)


def test_f6_and_f7_show_due_soon_and_overdue_urgent_first(qtbot: Any, window: Any, day: dict[str, int]) -> None:
    views = window.daily_views
    QTest.keyClick(window, Qt.Key.Key_F6)
    assert window.view_tabs.currentWidget() is views.soon_table
    assert not window.search_edit.isEnabled()  # the filters belong to the register
    assert _list(qtbot, views.soon_model) == [day["soon_fire"], day["soon"]]
    QTest.keyClick(window, Qt.Key.Key_F7)
    assert window.view_tabs.currentWidget() is views.overdue_table
    assert _list(qtbot, views.overdue_model) == [day["overdue_urgent"], day["overdue"]]
    qtbot.waitUntil(lambda: "· 2" in window.view_tabs.tabText(2), timeout=5000)
    assert window.view_tabs.tabText(1).startswith("Sắp đến hạn (F6)")
    # urgent rows are red, overdue rows have the overdue background
    model = views.overdue_model
    index = model.index(0, 6)
    assert model.data(index, Qt.ItemDataRole.ForegroundRole).color() == QColor("#c62828")
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == QColor("#ffe0e0")
    assert model.data(model.index(0, 10)) == "Quá hạn"
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert window.view_tabs.currentIndex() == 0 and window.search_edit.isEnabled()


def test_register_rows_are_coloured_by_deadline_state(qtbot: Any, window: Any, day: dict[str, int]) -> None:
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.model.requery()
    _loaded(qtbot, window.model)
    model = window.model
    states = {rid: model.note(rid).state for rid in day.values()}
    assert states[day["handled"]] is DeadlineState.HANDLED
    assert states[day["voided"]] is DeadlineState.VOIDED
    assert states[day["on_time"]] is DeadlineState.ON_TIME
    row = model.row_of(day["handled"])
    assert model.data(model.index(row, 10)) == "Đã giải quyết"
    assert model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole).color() == QColor("#e3f4e4")
    # a default deadline is shown in italics with a tooltip saying so
    row = model.row_of(day["on_time"])
    assert model.data(model.index(row, 9), Qt.ItemDataRole.FontRole).italic()
    assert "mặc định" in model.data(model.index(row, 9), Qt.ItemDataRole.ToolTipRole)


def test_mark_handled_with_ctrl_d_leaves_the_overdue_list(
    qtbot: Any, window: Any, core: Core, day: dict[str, int]
) -> None:
    views = window.daily_views
    QTest.keyClick(window, Qt.Key.Key_F7)
    _list(qtbot, views.overdue_model)
    views.overdue_table.selectRow(1)
    qtbot.waitUntil(lambda: window.detail.current is not None and window.detail.current.id == day["overdue"])
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: views.prompt is not None)
    views.prompt.text_edit.setPlainText("Đã trả lời bằng Công văn số 20/STC")
    with qtbot.waitSignal(views.overdue_model.ids_loaded, timeout=5000):
        views.prompt.buttons.button(views.prompt.buttons.StandardButton.Ok).click()
    assert _loaded(qtbot, views.overdue_model) == [day["overdue_urgent"]]
    reg = core.register.get(day["overdue"])
    assert reg.trace[-1].text == "Đã giải quyết xong: Đã trả lời bằng Công văn số 20/STC"
    assert "Đã đánh dấu giải quyết xong" in window.statusBar().currentMessage()


def test_marking_a_handled_document_again_is_a_sentence(qtbot: Any, window: Any, day: dict[str, int]) -> None:
    views = window.daily_views
    window.detail.show_id(day["handled"])
    qtbot.waitUntil(lambda: window.detail.current is not None)
    views.handled_action.trigger()
    views.prompt.buttons.button(views.prompt.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.message_box is not None, timeout=5000)
    assert "đã được đánh dấu giải quyết" in window.message_box.text()


def test_routing_slip_prints_off_the_gui_thread(qtbot: Any, window: Any, day: dict[str, int]) -> None:
    views = window.daily_views
    window.detail.show_id(day["soon"])
    qtbot.waitUntil(lambda: window.detail.current is not None)
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: views.message_box is not None, timeout=10_000)
    path = views.slip_path(day["soon"])
    assert path.exists() and path.read_bytes().startswith(b"%PDF")
    assert str(path) in views.message_box.text()
    paper = views.message_box.findChild(QPushButton, "paper_button")
    assert paper is views.message_box.defaultButton()
    paper.click()  # Qt's print preview of the slip
    qtbot.waitUntil(lambda: views.print_preview is not None and views.print_preview.isVisible(), timeout=30_000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path.with_name("printed.pdf")))
    views.print_preview.paintRequested.emit(printer)
    printed = pypdfium2.PdfDocument(str(path.with_name("printed.pdf")))
    try:
        width, height = printed[0].get_size()
        assert len(printed) >= 1 and height > width  # the A4 slip, portrait
    finally:
        printed.close()
    views.print_preview.close()


def test_page_preview_renders_the_stamped_scan(qtbot: Any, window: Any, core: Core, tmp_path: Path) -> None:
    if not CORPUS_PDF.exists():
        pytest.fail(f"the dev corpus is missing: {CORPUS_PDF}")
    pdf = stamped_pdf(core, CORPUS_PDF, tmp_path / "stamped.pdf")
    reg = core.register.register(
        {"issuer": "Bộ Tài chính", "doc_type": "Công văn", "subject": "Tập huấn chữ ký số"}, [pdf]
    )
    window.detail.show_id(reg.id)
    qtbot.waitUntil(lambda: window.preview.rendered == 1, timeout=10_000)
    assert window.preview.page_label.text() == "Trang 1/2"
    image = window.preview._image
    assert image is not None and image.width() == 900
    # the ĐẾN stamp (drawn at 20 mm, 60 mm) shows: dark ink inside its frame on a white page
    scale = 900 / 595.0
    x0, y0 = int(20 * 72 / 25.4 * scale), int(60 * 72 / 25.4 * scale)
    inked = sum(
        1
        for x in range(x0, x0 + int(50 * 72 / 25.4 * scale), 3)
        for y in range(y0, y0 + int(35 * 72 / 25.4 * scale), 3)
        if QColor(image.pixel(x, y)).lightness() < 160
    )
    assert inked > 50
    window.preview.next_button.click()
    qtbot.waitUntil(lambda: window.preview.rendered == 2, timeout=10_000)
    assert window.preview.page_label.text() == "Trang 2/2"
    QApplication.processEvents()


def test_preview_of_a_document_without_files_says_so(qtbot: Any, window: Any, day: dict[str, int]) -> None:
    window.detail.show_id(day["on_time"])
    qtbot.waitUntil(lambda: window.detail.current is not None)
    assert window.preview.image_label.text() == "Văn bản này chưa có tệp để xem."
