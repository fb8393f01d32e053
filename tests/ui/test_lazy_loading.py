"""A big register opens fast and the model never reads more than a few pages of rows."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from qlvb_desktop.app import build_core
from qlvb_desktop.ui.register_model import RegisterTableModel
from tests.ui.conftest import make_context, type_text


def test_big_register_shows_first_page_without_loading_all_rows(qtbot: Any, big_register: Path) -> None:
    from qlvb_desktop.ui.main_window import MainWindow

    core = build_core(big_register)
    started = time.perf_counter()
    window = MainWindow(make_context(core))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    model = window.model
    qtbot.waitUntil(lambda: model.loaded_row_count() > 0, timeout=20_000)
    first_page = time.perf_counter() - started
    assert model.loaded_row_count() <= RegisterTableModel.PAGE_SIZE
    # The newest ids come first; the whole list follows without disturbing the rows shown.
    qtbot.waitUntil(lambda: model.rowCount() == 200_000, timeout=20_000)
    assert model.loaded_row_count() <= RegisterTableModel.PAGE_SIZE
    assert model.data(model.index(0, 0)) == "20000"  # the newest entry of the last year first
    print(f"first page of 200,000 rows after {first_page:.2f} s")

    # Scrolling to the end reads the last page only, and memory stays bounded while scrolling.
    window.table.scrollToBottom()
    last = model.rowCount() - 1
    qtbot.waitUntil(lambda: model.registration(last) is not None, timeout=10_000)
    assert model.data(model.index(last, 0)) == "1"
    for row in range(0, 200_000, 4_000):
        window.table.scrollTo(model.index(row, 0))
        qtbot.waitUntil(lambda row=row: model.registration(row) is not None, timeout=10_000)
    assert model.loaded_row_count() <= RegisterTableModel.MAX_PAGES * RegisterTableModel.PAGE_SIZE
    assert model.rows_fetched < 20_000
    window.close()


def test_search_in_big_register_runs_off_the_gui_thread(qtbot: Any, big_register: Path) -> None:
    from qlvb_desktop.ui.main_window import MainWindow

    window = MainWindow(make_context(build_core(big_register)))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.ids_loaded, timeout=20_000):
        window.show()
    with qtbot.waitSignal(window.model.ids_loaded, timeout=20_000):
        window.year_combo.setCurrentIndex(window.year_combo.findData(2019))
    with qtbot.waitSignal(window.model.ids_loaded, timeout=20_000) as blocker:
        type_text(window.search_edit, "dang quyet")
    assert 0 < blocker.args[0] < 200_000
    qtbot.waitUntil(lambda: window.model.registration(0) is not None, timeout=10_000)
    reg = window.model.registration(0)
    assert reg is not None and reg.year == 2019 and reg.draft.signer_name == "Đặng Văn Quyết"
    window.close()
