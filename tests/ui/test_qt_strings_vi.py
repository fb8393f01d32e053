"""Qt's own dialogs speak Vietnamese in the Vietnamese interface (Yes/No, the file dialog, the
print preview), from the project's `qtbase_vi.ts` (Qt ships no Vietnamese for them)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from qlvb_desktop.ui.i18n import install_language

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "qtbase_vi.ts"


@pytest.fixture
def qt_vietnamese(qapp: Any, tmp_path: Path) -> Iterator[QTranslator]:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease
    qm = tmp_path / "qtbase_vi.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(qm)], check=True, timeout=120)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def test_message_box_buttons_in_vietnamese(qtbot: Any, qt_vietnamese: Any) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", "Tiếp tục?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
                                            QMessageBox.StandardButton.Cancel)}
    assert texts == {"&Có", "&Không", "Thôi"}


def test_file_dialog_in_vietnamese(qtbot: Any, qt_vietnamese: Any, tmp_path: Path) -> None:
    dialog = QFileDialog(None, "Chọn tệp", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own, as on the clerk's Linux
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"} <= labels
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) in ("&Mở", "Mở")
    assert dialog.labelText(QFileDialog.DialogLabel.Reject) == "Thôi"


def test_print_preview_strings_are_qt_s_sources(qt_vietnamese: Any) -> None:
    assert QCoreApplication.translate("QPrintPreviewDialog", "Print Preview") == "Xem trước khi in"
    assert QCoreApplication.translate("QPrintPreviewDialog", "Print") == "In"


def test_the_vietnamese_interface_loads_them(qapp: Any) -> None:
    """`install_language("vi")` loads the built catalogue (make translations)."""
    installed = install_language(qapp, "vi")
    try:
        assert len(installed) == 1
        assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Có"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    assert isinstance(qapp, QApplication)


def test_print_dialog_in_vietnamese(qtbot: Any, qt_vietnamese: Any) -> None:
    """The dialog the print preview's "In" opens (printer, pages, copies, two-sided): issue 16."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QPushButton

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    options = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Tùy chọn >>")
    options.click()
    texts = {w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)}
    texts |= {g.title() for g in dialog.findChildren(QGroupBox)}
    assert {"Máy in", "&Tên:", "Vị trí:", "Loại:", "&Ghi ra tệp:", "Phạm vi in", "In tất cả", "Số bản:",
            "In theo bộ", "In hai mặt", "&In", "Thôi"} <= texts, texts
    english = {"Printer", "&Name:", "Location:", "Type:", "Print range", "Copies:", "Collate", "Options"}
    assert not english & texts
    dialog.reject()
