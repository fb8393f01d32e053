"""Issue 16: the register and the detail pane show what the clerk did. An entry whose stamped and
signed copy is attached carries the badge "Đã đóng dấu ĐẾN, đã ký" in the detail pane and in the
register's Trích yếu column, the page preview shows that copy (the ĐẾN stamp is on the page), and
one button shows the original as received and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from qlvb_desktop.app import Core
from tests.samples import tiny_pdf
from tests.ui.daily_sample import stamped_pdf

STAMP_MM = (20.0, 60.0, 50.0, 35.0)  # where daily_sample.stamped_pdf draws the stamp, and its size


def _ink_in_stamp(image: QImage) -> int:
    scale = image.width() / 595.0
    x0, y0, w, h = (int(v * 72 / 25.4 * scale) for v in STAMP_MM)
    return sum(
        1
        for x in range(x0, x0 + w, 3)
        for y in range(y0, y0 + h, 3)
        if QColor(image.pixel(x, y)).lightness() < 160
    )


def _entry_with_copy(core: Core, tmp_path: Path) -> tuple[Any, Any]:
    original = tiny_pdf(tmp_path / "scan.pdf", "scan", pages=2)
    plain = core.register.register(
        {"issuer": "Bộ Tài chính", "doc_type": "Công văn", "subject": "Chưa đóng dấu"},
        [tiny_pdf(tmp_path / "b.pdf", "b")],
    )
    reg = core.register.register(
        {"issuer": "Bộ Tài chính", "doc_type": "Công văn", "subject": "Tập huấn chữ ký số"}, [original]
    )
    signed = core.register.attach(reg.id, stamped_pdf(core, original, tmp_path / "den-ky.pdf"), "signed")
    return signed, plain


def test_detail_and_preview_show_the_signed_copy_and_the_original_on_demand(
    qtbot: Any, window: Any, core: Core, tmp_path: Path
) -> None:
    reg, plain = _entry_with_copy(core, tmp_path)
    preview, detail = window.preview, window.detail
    detail.show_id(reg.id)
    qtbot.waitUntil(lambda: preview.rendered == 1, timeout=10_000)
    assert detail.copy_badge.isVisible() and detail.copy_badge.text() == "Đã đóng dấu ĐẾN, đã ký"
    assert "den-ky.pdf" in detail.copy_badge.toolTip()
    items = [detail.files_list.item(i).text() for i in range(detail.files_list.count())]
    assert items[0].startswith("Bản gốc: scan.pdf") and items[1].startswith("Bản đóng dấu ĐẾN, đã ký số: den-ky.pdf")
    assert preview.page_label.text() == "Trang 1/2"
    assert preview._image is not None and _ink_in_stamp(preview._image) > 50  # the stamp shows
    button = preview.original_button
    assert button.isVisible() and button.text() == "Xem bản gốc"

    button.click()  # the original as received: no stamp on it
    qtbot.waitUntil(lambda: preview.rendered == 2, timeout=10_000)
    assert preview.showing_original and button.text() == "Xem bản đã đóng dấu"
    assert preview._image is not None and _ink_in_stamp(preview._image) == 0
    button.click()
    qtbot.waitUntil(lambda: preview.rendered == 3, timeout=10_000)
    assert not preview.showing_original and _ink_in_stamp(preview._image) > 50

    detail.show_id(plain.id)  # nothing stamped: no badge, no switch, the original shown
    qtbot.waitUntil(lambda: preview.rendered == 4, timeout=10_000)
    assert not detail.copy_badge.isVisible() and not button.isVisible()
    assert _ink_in_stamp(preview._image) == 0


def test_the_register_marks_the_entries_with_a_copy(qtbot: Any, window: Any, core: Core, tmp_path: Path) -> None:
    reg, plain = _entry_with_copy(core, tmp_path)
    model = window.model
    with qtbot.waitSignal(model.ids_loaded, timeout=5000):
        model.requery()
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: all(model.registration(r) for r in range(model.rowCount())), timeout=5000)
    subject = model.column_keys().index("subject")
    marked = model.index(model.row_of(reg.id), subject)
    unmarked = model.index(model.row_of(plain.id), subject)
    icon = model.data(marked, Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert model.data(marked, Qt.ItemDataRole.ToolTipRole) == "Tập huấn chữ ký số\n(Đã đóng dấu ĐẾN, đã ký)"
    assert model.data(unmarked, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(unmarked, Qt.ItemDataRole.ToolTipRole) == "Chưa đóng dấu"
    assert all(model.data(model.index(model.row_of(reg.id), c), Qt.ItemDataRole.DecorationRole) is None
               for c in range(model.columnCount()) if c != subject)
