"""The main window driven like a clerk: search, filters, shortcuts, void, log, print, settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdfium2
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from qlvb_desktop.app import Core
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Status
from tests.ui.conftest import sample, type_text


def _register_some(core: Core) -> list[Any]:
    return [
        core.register.register(sample()),
        core.register.register(
            sample(
                issuer="UBND huyện Sơn Dương",
                doc_type="Công văn",
                number="120/UBND-VP",
                subject="V/v báo cáo tình hình quý I",
                signer_name="Nguyễn Thị Hoa",
                urgency="Khẩn",
            )
        ),
        core.register.register(
            sample(
                issuer="Bộ Nội vụ",
                doc_type="Thông báo",
                number="33/TB-BNV",
                subject="Kết luận hội nghị",
                signer_name="Trần Văn Nam",
                received_at="2025-12-30T10:00:00+07:00",
                issued_date="2025-12-29",
            )
        ),
    ]


def _requery(qtbot: Any, window: Any) -> None:
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.model.requery()


def _rows(qtbot: Any, window: Any) -> list[int]:
    model = window.model
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: all(model.registration(r) for r in range(model.rowCount())), timeout=5000)
    return [model.registration_id(r) for r in range(model.rowCount())]


def test_window_shows_the_register_in_vietnamese(qtbot: Any, window: Any, core: Core) -> None:
    regs = _register_some(core)
    _requery(qtbot, window)
    assert window.windowTitle() == "Sổ đăng ký văn bản đến — SỞ TÀI CHÍNH"
    assert window.count_label.text() == "3 văn bản"
    assert _rows(qtbot, window) == [r.id for r in reversed(regs)]
    header = [
        window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(window.model.columnCount())
    ]
    assert header[:3] == ["Số đến", "Ngày đến", "Tác giả"]


def test_search_as_you_type_without_marks(qtbot: Any, window: Any, core: Core) -> None:
    regs = _register_some(core)
    _requery(qtbot, window)
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000) as blocker:
        type_text(window.search_edit, "dang quyet")
    assert blocker.args == [1]
    assert _rows(qtbot, window) == [regs[0].id]
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.search_edit.setText("ubnd 120")
    assert _rows(qtbot, window) == [regs[1].id]


def test_filters(qtbot: Any, window: Any, core: Core) -> None:
    regs = _register_some(core)
    core.register.void(regs[0].id, "Vào sổ nhầm")
    _requery(qtbot, window)
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.status_combo.setCurrentIndex(window.status_combo.findData(Status.VOIDED.value))
    assert _rows(qtbot, window) == [regs[0].id]
    assert window.model.data(window.model.index(0, 10)) == "Hủy"
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.status_combo.setCurrentIndex(0)
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.urgency_combo.setCurrentIndex(window.urgency_combo.findData("urgent"))
    assert _rows(qtbot, window) == [regs[1].id]
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.urgency_combo.setCurrentIndex(0)
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.year_combo.setCurrentIndex(window.year_combo.findData(2025))
    assert _rows(qtbot, window) == [regs[2].id]
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.year_combo.setCurrentIndex(0)
    # Dates are typed, day first; the filter applies once the date is whole.
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        type_text(window.from_edit.edit, "01012026")
    assert sorted(_rows(qtbot, window)) == [regs[0].id, regs[1].id]
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        type_text(window.to_edit.edit, "6/1/2026")
    assert _rows(qtbot, window) == []
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.to_edit.edit.clear()
        window.to_edit.edit.textEdited.emit("")  # emptied: no upper limit
    assert sorted(_rows(qtbot, window)) == [regs[0].id, regs[1].id]


def test_shortcuts_focus_search_and_open_the_form(qtbot: Any, window: Any, core: Core) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_edit
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.form
    assert form is not None and form.isVisible()
    type_text(form.ui.issuer_edit, "Sở Nội vụ")
    form.ui.doc_type_combo.setCurrentIndex(form.ui.doc_type_combo.findData("Kế hoạch"))
    type_text(form.ui.subject_edit, "Kế hoạch cải cách hành chính")
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail.current is not None, timeout=5000)
    assert window.detail.current.draft.issuer == "Sở Nội vụ"
    assert window.model.rowCount() == 1
    assert window.table.currentIndex().row() == 0
    assert "Đã vào sổ: số đến 1/" in window.statusBar().currentMessage()


def _select_first(qtbot: Any, window: Any) -> Any:
    _requery(qtbot, window)
    window.select_row(0)
    qtbot.waitUntil(lambda: window.detail.current is not None, timeout=5000)
    return window.detail.current


def test_void_flow_asks_a_reason_and_marks_huy(qtbot: Any, window: Any, core: Core) -> None:
    core.register.register(sample())
    reg = _select_first(qtbot, window)
    detail = window.detail
    assert "Số đến 1/2026" in detail.title_label.text()
    qtbot.mouseClick(detail.void_button, Qt.MouseButton.LeftButton)
    prompt = detail.prompt
    assert prompt is not None and prompt.isVisible()
    prompt.buttons.button(prompt.buttons.StandardButton.Ok).click()  # no reason: refused
    assert prompt.error_label.text() == "Chưa nhập nội dung."
    assert prompt.isVisible()
    type_text(prompt.text_edit, "Vào sổ nhầm, trùng số đến khác")
    with qtbot.waitSignal(window.ops.changed, timeout=5000):
        prompt.buttons.button(prompt.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: detail.current is not None and detail.current.status is Status.VOIDED, timeout=5000
    )
    assert detail.title_label.text().endswith("HỦY")
    assert "Vào sổ nhầm, trùng số đến khác" in detail.browser.toPlainText()
    assert not detail.void_button.isEnabled()
    qtbot.waitUntil(lambda: window.model.data(window.model.index(0, 10)) == "Hủy", timeout=5000)
    assert core.register.get(reg.id).void_reason == "Vào sổ nhầm, trùng số đến khác"


def test_trace_flow_adds_to_the_log(qtbot: Any, window: Any, core: Core) -> None:
    core.register.register(sample())
    reg = _select_first(qtbot, window)
    window.detail.trace_button.click()
    prompt = window.detail.prompt
    type_text(prompt.text_edit, "Chuyển phòng Kế hoạch xử lý")
    with qtbot.waitSignal(window.ops.changed, timeout=5000):
        prompt.buttons.button(prompt.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: "Chuyển phòng Kế hoạch xử lý" in window.detail.browser.toPlainText(), timeout=5000
    )
    assert [t.text for t in core.register.get(reg.id).trace] == ["Chuyển phòng Kế hoạch xử lý"]


def test_void_of_a_closed_period_is_refused_with_a_sentence(qtbot: Any, window: Any, core: Core) -> None:
    from datetime import date

    core.register.register(sample(received_at="2025-03-01T09:00:00+07:00", issued_date="2025-02-27"))
    core.reports.close_period(2025, date(2025, 12, 31))
    _select_first(qtbot, window)
    window.detail.void_button.click()
    prompt = window.detail.prompt
    type_text(prompt.text_edit, "Nhầm")
    prompt.buttons.button(prompt.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.detail.error_label.text() != "", timeout=5000)
    assert window.detail.error_label.text() == (
        "Số đến 1 thuộc kỳ đã khóa sổ đến ngày 31/12/2025; hãy vào sổ một bản đính chính mới."
    )


def test_print_the_register_to_pdf(qtbot: Any, window: Any, core: Core, tmp_path: Path) -> None:
    core.register.register(sample())
    window.open_print()
    dialog = window.print_dialog
    assert dialog is not None
    out = tmp_path / "so-den.pdf"
    dialog.year_spin.setValue(2026)
    dialog.path_edit.setText(str(out))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.message_box is not None and window.message_box.isVisible(), timeout=20_000)
    assert str(out) in window.message_box.text()
    pdf = pypdfium2.PdfDocument(str(out))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text
    close = [b for b in window.message_box.findChildren(QPushButton) if b.text() == "Đóng"]
    close[0].click()
    qtbot.waitUntil(lambda: window.message_box is None, timeout=2000)


def test_print_the_register_on_paper(qtbot: Any, window: Any, core: Core, tmp_path: Path) -> None:
    """In ra giấy: Qt's print preview over the rendered book; what it sends to a printer is
    caught with QPrinter's PDF output and read back."""
    from PySide6.QtPrintSupport import QPrinter

    for number in range(1, 4):
        core.register.register(sample(number=f"{number}/QĐ-STC"))
    window.open_print()
    dialog = window.print_dialog
    dialog.year_spin.setValue(2026)
    dialog.path_edit.setText(str(tmp_path / "so-den.pdf"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.message_box is not None and window.message_box.isVisible(), timeout=20_000)
    paper = window.message_box.findChild(QPushButton, "paper_button")
    assert paper is window.message_box.defaultButton() and paper.text() == "In ra giấy…"
    paper.click()
    qtbot.waitUntil(lambda: window.print_preview is not None and window.print_preview.isVisible(), timeout=30_000)
    preview = window.print_preview
    assert preview.windowTitle() == "Xem trước khi in: Sổ đăng ký văn bản đến"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    preview.paintRequested.emit(printer)  # what the preview's Print button sends to the printer
    source = pypdfium2.PdfDocument(str(tmp_path / "so-den.pdf"))
    printed = pypdfium2.PdfDocument(str(out))
    try:
        assert len(printed) == len(source) >= 2  # the cover and the entries, one sheet a page
        width, height = printed[1].get_size()
        assert width > height  # the book's landscape pages print landscape
        image = printed[1].render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 100  # ink on the sheet
    finally:
        printed.close()
        source.close()
    preview.close()


def test_print_dialog_refuses_reversed_dates(qtbot: Any, window: Any) -> None:
    from datetime import date

    window.open_print()
    dialog = window.print_dialog
    dialog.year_spin.setValue(2026)
    dialog.from_edit.set_date(date(2026, 3, 1))
    dialog.to_edit.set_date(date(2026, 2, 1))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Ngày bắt đầu sau ngày kết thúc."
    dialog.to_edit.set_text("31/02/2026")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.error_label.text() == "“31/02/2026” không phải ngày hợp lệ (dạng dd/mm/yyyy)."


def test_settings_saves_the_organization(qtbot: Any, window: Any, core: Core) -> None:
    window.open_settings()
    qtbot.waitUntil(lambda: window.settings_flow.dialog is not None, timeout=5000)
    dialog = window.settings_flow.dialog
    dialog.name_edit.clear()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error_label.text() == "Chưa nhập tên cơ quan."
    dialog.name_edit.setText("SỞ NỘI VỤ")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    with qtbot.waitSignal(window.ops.changed, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert window.windowTitle() == "Sổ đăng ký văn bản đến — SỞ NỘI VỤ"
    saved = json.loads((core.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["organization"]["name"] == "SỞ NỘI VỤ"
    assert saved["language"] == "en"


def test_unexpected_error_is_a_sentence_with_details(qtbot: Any, window: Any) -> None:
    def broken() -> None:
        raise RuntimeError("database disk image is malformed")

    window.ops.read(broken)
    qtbot.waitUntil(lambda: window.message_box is not None, timeout=5000)
    box: QMessageBox = window.message_box
    assert box.text().startswith("Đã xảy ra lỗi ngoài dự kiến")
    assert "malformed" not in box.text()
    assert "RuntimeError" in box.detailedText()


def test_clicking_a_header_sorts_through_the_database(qtbot: Any, window: Any, core: Core) -> None:
    _register_some(core)
    _requery(qtbot, window)
    header = window.table.horizontalHeader()
    subject = 6
    x = header.sectionViewportPosition(subject) + header.sectionSize(subject) // 2
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert window.model.query.order_by == "subject"
    _rows(qtbot, window)
    subjects = [window.model.data(window.model.index(r, subject)) for r in range(3)]
    assert subjects in (sorted(subjects), sorted(subjects, reverse=True))


def _open_edit(qtbot: Any, window: Any) -> Any:
    qtbot.mouseClick(window.detail.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.form is not None and window.form.isVisible(), timeout=5000)
    return window.form


def test_edit_in_an_open_period_keeps_the_number_with_audit(qtbot: Any, window: Any, core: Core) -> None:
    core.register.register(sample())
    reg = _select_first(qtbot, window)
    form = _open_edit(qtbot, window)
    assert form.windowTitle() == "Sửa văn bản: số đến 1/2026"
    assert form.ui.subject_edit.text() == reg.draft.subject
    assert form.ui.issued_date_edit.text() == "05/01/2026"  # dd/mm/yyyy, as everywhere
    assert form.doc_type.value() == "Quyết định"
    assert not form.ui.book_combo.isEnabled() and not form.ui.received_at_edit.isEnabled()
    # The same sentence as a new entry for the same mistake, naming the same field.
    form.ui.issued_date_edit.setText("31/02/2026")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.invalid_fields() == ["issued_date_edit"]
    assert form.ui.error_label.text() == "Ngày văn bản “31/02/2026” không phải ngày hợp lệ (dạng dd/mm/yyyy)."
    form.ui.issued_date_edit.setText("05/01/2026")
    form.ui.subject_edit.setText("Về việc phê duyệt dự toán ngân sách năm 2026 (bổ sung)")
    with qtbot.waitSignal(form.edited, timeout=5000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    edited = blocker.args[0]
    assert edited.id == reg.id and edited.arrival_number == reg.arrival_number
    assert core.register.get(reg.id).draft.subject.endswith("(bổ sung)")
    (update,) = [e for e in core.register.repo.audit_events() if e.action == "update"]
    assert update.registration_id == reg.id
    assert update.before is not None and update.after is not None
    assert update.before["subject"] == reg.draft.subject and update.after["subject"].endswith("(bổ sung)")
    qtbot.waitUntil(lambda: "(bổ sung)" in window.detail.browser.toPlainText(), timeout=5000)
    assert len(core.register.search(SearchQuery())) == 1


def test_closed_period_gives_a_dated_correction(qtbot: Any, window: Any, core: Core) -> None:
    from datetime import date

    core.register.register(sample())
    core.reports.close_period(2026, date(2026, 1, 31))
    reg = _select_first(qtbot, window)
    form = _open_edit(qtbot, window)
    assert form.windowTitle() == "Đính chính: số đến 1/2026"
    assert "31/01/2026" in form.mode_label.text() and form.mode_label.isVisible()
    assert form.save_button.text() == "Vào sổ bản đính chính"
    form.ui.number_edit.setText("16/QĐ-STC")
    with qtbot.waitSignal(form.edited, timeout=5000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    correction = blocker.args[0]
    assert correction.id != reg.id and correction.correction_of == reg.id
    assert correction.arrival_number == 2 and correction.draft.number == "16/QĐ-STC"
    assert correction.draft.note.startswith("Đính chính số đến 1 ngày 07/01/2026")
    assert core.register.get(reg.id).draft.number == "15/QĐ-STC"  # the closed entry is untouched
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)


def test_edit_without_changes_says_so_and_voided_cannot_be_edited(qtbot: Any, window: Any, core: Core) -> None:
    first = core.register.register(sample())
    _select_first(qtbot, window)
    form = _open_edit(qtbot, window)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.ui.error_label.text() == "Chưa có gì thay đổi."
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    qtbot.waitUntil(lambda: window.form is None, timeout=2000)
    core.register.void(first.id, "Vào sổ nhầm")
    window.detail.show_id(first.id)
    qtbot.waitUntil(lambda: window.detail.current is not None and bool(window.detail.current.void_reason), timeout=5000)
    assert not window.detail.edit_button.isEnabled()


def test_columns_fit_and_the_header_menu_shows_more(qtbot: Any, window: Any, core: Core) -> None:
    from PySide6.QtCore import QPoint

    from qlvb_desktop.ui.register_model import subject_min_width
    from qlvb_desktop.ui.ui_state import UiState

    _register_some(core)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1366, 768)
    _requery(qtbot, window)
    header = window.table.horizontalHeader()
    keys = window.model.column_keys()
    qtbot.waitUntil(lambda: window.table.horizontalScrollBar().maximum() == 0, timeout=2000)
    assert header.sectionSize(keys.index("subject")) >= subject_min_width(window.table)
    assert header.isSectionHidden(keys.index("issued_date"))
    assert not header.isSectionHidden(keys.index("due_date")) and not header.isSectionHidden(keys.index("status"))
    # The day in the column, the minute on hover.
    _rows(qtbot, window)  # pages loaded
    index = window.model.index(0, keys.index("received_at"))
    assert len(window.model.data(index)) == 10 and ":" in window.model.data(index, Qt.ItemDataRole.ToolTipRole)
    window._column_menu(window.table, QPoint(5, 5))
    menu = window.column_menu
    (issued,) = [a for a in menu.actions() if a.text() == "Ngày văn bản"]
    assert not issued.isChecked()
    issued.setChecked(True)
    menu.close()
    assert not header.isSectionHidden(keys.index("issued_date"))
    assert "issued_date" not in UiState(core.data_dir).words("register-hidden-columns", ["x"])


def test_toolbar_actions_have_their_shipped_icons(window: Any) -> None:
    from qlvb_desktop.resources import resources_dir
    from qlvb_desktop.ui.icons import ICONS

    for name in ICONS.values():
        assert (resources_dir() / "icons" / f"{name}-symbolic.svg").is_file(), name
    for action in window.toolbar.actions():
        if not action.isSeparator():
            assert not action.icon().isNull(), action.text()
            assert not action.icon().pixmap(24, 24).isNull(), action.text()  # the SVG engine draws it
