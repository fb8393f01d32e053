"""The "Hồ sơ" menu offscreen on real services: open a case file, file the registration selected
in the main window, close it, print its contents and make its package; the statistics view
charts a period, prints its charts and writes a report."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from qlvb_desktop.domain.text import fold_marks
from tests.ui.conftest import make_context, sample

WAIT_MS = 20_000


@pytest.fixture
def window(qtbot: Any, core: Any) -> Any:
    from qlvb_desktop.ui.main_window import MainWindow

    ctx = make_context(core)
    ctx.casefiles = core.casefiles
    ctx.period_reports = core.period_reports
    core.casefiles.organization = ctx.organization
    core.period_reports.organization = ctx.organization
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.model.ids_loaded, timeout=WAIT_MS):
        win.show()
    yield win
    win.close()


def test_case_files_dialog(qtbot: Any, core: Any, window: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    reg = core.register.register(sample(received_at="2026-11-02T09:00:00+07:00", page_count=2),
                                 confirm_duplicate=True)
    twin = core.register.register(sample(received_at="2026-11-03T09:00:00+07:00"), confirm_duplicate=True)
    menu = window.casefiles_menu
    assert menu is not None and menu.menu.title() == "&Hồ sơ"
    dialog = menu.open_casefiles()
    qtbot.waitUntil(lambda: "Chưa mở hồ sơ nào" in dialog.message.text(), timeout=WAIT_MS)
    dialog.year.setValue(2026)

    opener = dialog.open_case_file()
    opener.code.setText("01.VP")
    opener.title.setText("Hồ sơ dự toán ngân sách")
    opener.retention.setText("10")
    opener.accept()
    qtbot.waitUntil(lambda: dialog.files_table.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.files_table.item(0, 0).text() == "01.VP"
    assert not dialog.package_button.isEnabled() and dialog.add_button.isEnabled()

    for count, rid in enumerate((reg.id, twin.id), start=1):  # selected in the main window's detail pane
        window.detail.show_id(rid)
        qtbot.waitUntil(lambda rid=rid: window._current_id() == rid, timeout=WAIT_MS)
        dialog.add_selected()
        qtbot.waitUntil(lambda count=count: dialog.docs_table.rowCount() == count, timeout=WAIT_MS)
    assert dialog.docs_table.item(0, 1).text() == "15/QĐ-STC"
    assert core.register.get(reg.id).draft.file_notation == "01.VP"

    # the duplicate is flagged: the clerk confirms in a question box
    dialog.close_case_file()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirm_close_box") is not None, timeout=WAIT_MS)
    box = dialog.findChild(QMessageBox, "confirm_close_box")
    assert "trùng" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: dialog.package_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.files_table.item(0, 6).text() == "Đã kết thúc"

    contents = tmp_path / "muc-luc.pdf"
    dialog.print_contents(contents)
    qtbot.waitUntil(lambda: contents.exists() and "Đã ghi tệp" in dialog.message.text(), timeout=WAIT_MS)
    text = subprocess.run(["pdftotext", str(contents), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    assert "MỤC LỤC VĂN BẢN" in text and "15/QĐ-STC" in text
    package = tmp_path / "goi.zip"
    dialog.make_package(package)
    qtbot.waitUntil(lambda: package.exists(), timeout=WAIT_MS)
    assert core.casefiles.check_package(package) == []
    dialog.accept()


def test_statistics_view(qtbot: Any, core: Any, window: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QDate

    core.register.register(sample(received_at="2026-01-07T09:00:00+07:00", to_places="Văn phòng"),
                           confirm_duplicate=True)
    core.register.register(sample(received_at="2026-02-09T09:00:00+07:00", issuer="Bộ Nội vụ", number="2/BNV"),
                           confirm_duplicate=True)
    view = window.casefiles_menu.open_statistics()
    view.date_from.setDate(QDate(2026, 1, 1))
    view.date_to.setDate(QDate(2026, 3, 31))
    view.reload()  # the first read (1 January to today) may finish after this one: it is dropped
    qtbot.waitUntil(lambda: "Từ 01/01/2026 đến 31/03/2026: 2 văn bản đến" in view.summary.text(), timeout=WAIT_MS)
    assert view.stats.per_month == [("01/2026", 1), ("02/2026", 1), ("03/2026", 0)]
    months = view.views[0].chart().series()[0].barSets()[0]
    assert [months.at(i) for i in range(months.count())] == [1, 1, 0]
    assert view.stats.overdue == 2  # both past their default deadline on 31/03

    charts = view.print_charts(tmp_path / "thong-ke.pdf")
    assert charts is not None
    pdf = pdfium.PdfDocument(charts)
    assert len(pdf) == 3
    text = subprocess.run(["pdftotext", str(charts), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    assert text.count("2 văn bản đến, 2 quá hạn chưa giải quyết") == 3  # the period line on every page
    assert "Văn bản đến theo tháng" in text and "02/2026" in text
    # the chart is drawn: a bar's blue covers part of the first page
    page = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    blue = sum(1 for r, g, b in page.get_flattened_data() if b > 150 and r < 100)
    assert blue > 500
    out = tmp_path / "bao-cao.xlsx"
    view.report_combo.setCurrentIndex(view.report_combo.findData("incoming-status"))
    view.export_report(out)
    qtbot.waitUntil(lambda: out.exists() and "Đã ghi tệp" in view.summary.text(), timeout=WAIT_MS)
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert any(r[1] == "Văn phòng" and r[2] == 1 for r in rows)
    view.accept()


def test_export_the_list_on_screen(qtbot: Any, core: Any, window: Any, tmp_path: Path) -> None:
    core.register.register(sample(received_at="2026-01-07T09:00:00+07:00"), confirm_duplicate=True)
    core.register.register(sample(received_at="2026-02-09T09:00:00+07:00", issuer="Bộ Nội vụ", number="2/BNV",
                                  subject="Về việc tuyển dụng"), confirm_duplicate=True)
    window.search_edit.setText("tuyen dung")
    out = tmp_path / "ds.xlsx"
    window.casefiles_menu.export_current(out)
    qtbot.waitUntil(lambda: "Đã xuất 1 văn bản" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    rows = [r for r in load_workbook(out).worksheets[0].iter_rows(values_only=True) if isinstance(r[1], int)]
    assert [(r[2], r[3]) for r in rows] == [("Bộ Nội vụ", "2/BNV")]


def test_followup_book_prints_on_paper(qtbot: Any, core: Any, window: Any, tmp_path: Path) -> None:
    """Issue 16: "Sổ theo dõi giải quyết văn bản đến" goes to a printer through Qt's print preview.
    The printer writes a PDF file here (QPrinter.PdfFormat): its pages are the report's pages drawn
    as images, so the text is read back from it with Tesseract."""
    from PySide6.QtCore import QDate
    from PySide6.QtPrintSupport import QPrinter

    core.register.register(sample(received_at="2026-01-07T09:00:00+07:00", to_places="Văn phòng"),
                           confirm_duplicate=True)
    view = window.casefiles_menu.open_statistics()
    view.date_from.setDate(QDate(2026, 1, 1))
    view.date_to.setDate(QDate(2026, 3, 31))
    assert view.report_combo.currentData() == "followup"  # the book a clerk prints most comes first
    view.paper_button.click()
    qtbot.waitUntil(lambda: view.print_preview is not None and view.print_preview.isVisible(), timeout=WAIT_MS)
    preview = view.print_preview
    assert preview.windowTitle() == "Xem trước khi in: Sổ theo dõi giải quyết văn bản đến"
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    preview.paintRequested.emit(printer)
    pdf = pdfium.PdfDocument(str(printed))
    try:
        width, height = pdf[0].get_size()
        assert width > height  # the book is landscape and printed landscape
        image = tmp_path / "page1.png"
        pdf[0].render(scale=300 / 72, grayscale=True).to_pil().save(image)
    finally:
        pdf.close()
    text = subprocess.run(["tesseract", str(image), "-", "-l", "vie", "--psm", "4"], capture_output=True,
                          text=True, check=True, timeout=120, env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    # compared without marks: OCR reads the title's "SỔ" as "SỐ" at times
    words = fold_marks(" ".join(text.split()))
    assert "so theo doi giai quyet van ban den" in words, text
    assert "tu ngay 01/01/2026 den ngay 31/03/2026" in words, text
    assert "15/qd-stc" in words and "van phong" in words, text
    preview.close()
    view.accept()


def test_filing_from_the_detail_pane(qtbot: Any, core: Any, window: Any) -> None:
    """The "Hồ sơ" section under the detail pane: the case files the entry is in, "Đưa vào hồ
    sơ…" completing the open case files of its year (not closed ones, not other years), taking
    it out of an open file; a closed file refuses with its sentence and cannot be left."""
    from PySide6.QtCore import Qt

    from qlvb_desktop.domain.casefiles import DocKind

    svc = core.casefiles
    reg = core.register.register(sample(received_at="2026-11-02T09:00:00+07:00"), confirm_duplicate=True)
    other = core.register.register(sample(received_at="2026-11-03T09:00:00+07:00", number="16/QĐ-STC"),
                                   confirm_duplicate=True)
    svc.open(2026, "01.VP", title="Hồ sơ dự toán ngân sách", retention="10")
    svc.open(2026, "02.KH", title="Hồ sơ kế hoạch năm", retention="5")
    svc.open(2025, "01.VP", title="Hồ sơ dự toán năm trước", retention="10")
    closed = svc.open(2026, "03.CL", title="Hồ sơ đã xong", retention="5")
    svc.add(closed, DocKind.INCOMING, other.id)
    svc.close(svc.resolve("03.CL", 2026), confirm=True)
    section = window.casefile_section
    assert section is not None
    window.detail.show_id(reg.id)
    qtbot.waitUntil(lambda: "chưa thuộc hồ sơ nào" in section.files_list.item(0).text()
                    if section.files_list.count() else False, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(section.completion.values.stringList()) == 2, timeout=WAIT_MS)
    assert not section.remove_button.isEnabled() and not section.add_button.isEnabled()
    qtbot.keyClicks(section.code_edit, "du toan")  # without marks, anywhere in the title
    assert section.completion.matches() == ["01.VP — Hồ sơ dự toán ngân sách"]
    section.code_edit.setText(section.completion.matches()[0])
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "số thứ tự 1" in section.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: section.files_list.count() == 1 and "01.VP" in section.files_list.item(0).text(),
                    timeout=WAIT_MS)
    assert core.register.get(reg.id).draft.file_notation == "01.VP"
    qtbot.waitUntil(lambda: "01.VP" in window.detail.browser.toPlainText(), timeout=WAIT_MS)
    # typed by its code into a second file; the one it is in is no longer offered
    assert section.completion.values.stringList() == ["02.KH — Hồ sơ kế hoạch năm"]
    section.code_edit.setText("02.KH")
    section.file_into()
    qtbot.waitUntil(lambda: section.files_list.count() == 2, timeout=WAIT_MS)
    # a closed file refuses, with its sentence
    section.code_edit.setText("03.CL")
    section.file_into()
    qtbot.waitUntil(lambda: "đã kết thúc" in section.message.text(), timeout=WAIT_MS)
    # take it out of 01.VP: fields 1-2 are cleared (02.KH did not fill them: not the first)
    section.files_list.setCurrentRow(0)
    assert section.remove_button.isEnabled()
    section.remove_selected()
    qtbot.waitUntil(lambda: section.files_list.count() == 1 and "02.KH" in section.files_list.item(0).text(),
                    timeout=WAIT_MS)
    assert core.register.get(reg.id).draft.file_notation == ""
    # the other entry is in a closed file: shown as such, and it cannot be taken out
    window.detail.show_id(other.id)
    qtbot.waitUntil(lambda: section.files_list.count() == 1 and "đã kết thúc" in section.files_list.item(0).text(),
                    timeout=WAIT_MS)
    section.files_list.setCurrentRow(0)
    assert not section.remove_button.isEnabled()
