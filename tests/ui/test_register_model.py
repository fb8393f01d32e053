"""The register model: Qt's model contract (pytest-qt's model tester), colours, sorting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from qlvb_desktop.app import Core
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.ui.register_model import URGENT_COLOR, VOID_COLOR, RegisterTableModel
from tests.ui.conftest import sample


def _fill(core: Core, count: int) -> list[int]:
    ids = []
    urgencies = ["", "Khẩn", "Thượng khẩn", "Hỏa tốc"]
    for i in range(count):
        reg = core.register.register(
            sample(number=f"{i + 1}/QĐ-STC", urgency=urgencies[i % 4], subject=f"Trích yếu số {i:03d}")
        )
        ids.append(reg.id)
    return ids


def _loaded_model(qtbot: Any, ops: Any, core: Core) -> RegisterTableModel:
    model = RegisterTableModel(ops, core.register)
    with qtbot.waitSignal(model.ids_loaded, timeout=5000):
        model.set_query(SearchQuery())
    return model


def _wait_rows(qtbot: Any, model: RegisterTableModel, rows: range) -> None:
    for row in rows:
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: all(model.registration(r) is not None for r in rows), timeout=5000)


def test_model_passes_the_model_tester(qtbot: Any, qtmodeltester: Any, ops: Any, core: Core) -> None:
    _fill(core, 30)
    model = _loaded_model(qtbot, ops, core)
    assert model.rowCount() == 30
    qtmodeltester.check(model)
    _wait_rows(qtbot, model, range(30))
    qtmodeltester.check(model)


def test_newest_first_urgent_red_voided_marked(qtbot: Any, ops: Any, core: Core) -> None:
    ids = _fill(core, 8)
    core.register.void(ids[4], "Vào sổ nhầm")
    model = _loaded_model(qtbot, ops, core)
    _wait_rows(qtbot, model, range(8))
    assert [model.registration_id(r) for r in range(8)] == ids[::-1]
    status = 10
    by_id = {model.registration_id(r): r for r in range(8)}
    for i, rid in enumerate(ids):
        row = by_id[rid]
        brush = model.data(model.index(row, 6), Qt.ItemDataRole.ForegroundRole)
        text = model.data(model.index(row, status))
        if i == 4:
            assert text == "Hủy"
            assert brush.color() == VOID_COLOR
        elif i % 4:
            assert text == "Đã vào sổ"
            assert brush.color() == URGENT_COLOR
            assert model.data(model.index(row, 7)) in ("Khẩn", "Thượng khẩn", "Hỏa tốc")
        else:
            assert brush is None
            assert model.data(model.index(row, 7)) == ""


def test_sort_asks_the_database_again(qtbot: Any, ops: Any, core: Core) -> None:
    _fill(core, 12)
    model = _loaded_model(qtbot, ops, core)
    subject = 6
    with qtbot.waitSignal(model.ids_loaded, timeout=5000):
        model.sort(subject, Qt.SortOrder.AscendingOrder)
    assert model.query.order_by == "subject" and not model.query.descending
    _wait_rows(qtbot, model, range(12))
    subjects = [model.data(model.index(r, subject)) for r in range(12)]
    assert subjects == sorted(subjects)
    with qtbot.waitSignal(model.ids_loaded, timeout=5000):
        model.sort(subject, Qt.SortOrder.DescendingOrder)
    _wait_rows(qtbot, model, range(12))
    assert [model.data(model.index(r, subject)) for r in range(12)] == sorted(subjects, reverse=True)
    # The document-type column has no database order: sorting by it changes nothing.
    assert not model.is_sortable(5)
    model.sort(5, Qt.SortOrder.AscendingOrder)
    assert model.query.order_by == "subject"


def test_refresh_reloads_only_loaded_pages(qtbot: Any, ops: Any, core: Core) -> None:
    ids = _fill(core, 5)
    model = _loaded_model(qtbot, ops, core)
    _wait_rows(qtbot, model, range(5))
    core.register.void(ids[0], "Nhầm sổ")
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        model.refresh(frozenset({ids[0]}))
    row = model.row_of(ids[0])
    assert row is not None
    assert model.data(model.index(row, 10)) == "Hủy"


def test_newest_ids_first_then_the_rest_appended(qtbot: Any, qtmodeltester: Any, ops: Any, core: Core) -> None:
    ids = _fill(core, 12)
    model = RegisterTableModel(ops, core.register)
    model.FIRST_IDS = 5
    qtmodeltester.check(model)  # keeps checking every signal the model emits from now on
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.ids_loaded, timeout=5000) as blocker:
        model.set_query(SearchQuery())
    assert blocker.args == [12]
    assert inserted == [(5, 11)]
    assert [model.registration_id(r) for r in range(12)] == ids[::-1]
    # A sorted query asks for the whole list at once.
    inserted.clear()
    with qtbot.waitSignal(model.ids_loaded, timeout=5000):
        model.sort(0, Qt.SortOrder.AscendingOrder)
    assert inserted == []
    assert [model.registration_id(r) for r in range(12)] == ids
