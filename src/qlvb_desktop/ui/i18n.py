"""Language of the interface and the sentences errors are shown with.

Vietnamese is the source language: every string in the code is Vietnamese and shows as is when
no translator is installed. English comes from `resources/i18n/qlvb_en.qm`, built from the
committed `qlvb_en.ts` by `make translations`.

Qt's own strings (Yes/No/Cancel, the file dialog, the print preview, a line edit's menu) are
English in Qt and Qt ships no Vietnamese for them (no `qtbase_vi.qm` in the PySide6 wheel nor in
Qt's translations), so the project keeps its own `resources/i18n/qtbase_vi.ts` with the ones a
clerk meets, built the same way and loaded in the Vietnamese interface.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from qlvb_desktop.domain.errors import EnvironmentProblem, UserError, ValidationError
from qlvb_desktop.resources import font_path, translations_dir
from qlvb_desktop.ui.context import LANGUAGES
from qlvb_desktop.ui.labels import field_label

log = logging.getLogger(__name__)


def install_language(app: QApplication, language: str) -> list[QTranslator]:
    """Install the translators for `language` ("vi" or "en") and the matching locale.

    Returns the translators (keep them alive as long as the application)."""
    if language not in LANGUAGES:
        language = "vi"
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English))
    installed: list[QTranslator] = []
    if language == "vi":
        qt_strings = QTranslator(app)
        qm = translations_dir() / "qtbase_vi.qm"
        if qt_strings.load(str(qm)):
            app.installTranslator(qt_strings)
            installed.append(qt_strings)
        else:
            log.warning("no translation file %s (run `make translations`); Qt's buttons stay English", qm)
    else:
        translator = QTranslator(app)
        qm = translations_dir() / f"qlvb_{language}.qm"
        if translator.load(str(qm)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("no translation file %s (run `make translations`); showing Vietnamese", qm)
    return installed


def install_fonts(app: QApplication) -> None:
    """Use the bundled DejaVu Sans, which covers every Vietnamese letter, whatever the system has."""
    families: list[str] = []
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(font_path(name)))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        font = QFont(families[0])
        font.setPointSize(max(app.font().pointSize(), 10))
        app.setFont(font)


def error_text(exc: BaseException) -> str:
    """One sentence for the clerk, in the interface language; never a raw exception."""
    if isinstance(exc, UserError | EnvironmentProblem):
        params = dict(exc.params)
        if isinstance(exc, ValidationError) and "label" in params:
            params["label"] = field_label(exc.field)
        if isinstance(params.get("action"), str):  # a catalogue phrase (books.NumberNotGiven)
            params["action"] = QCoreApplication.translate("Errors", params["action"])
        template = QCoreApplication.translate("Errors", exc.template)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return exc.message
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Errors", "Không đọc hoặc ghi được tệp trên máy: {reason}.").format(
            reason=exc.strerror or exc.__class__.__name__
        )
    return QCoreApplication.translate(
        "Errors", "Đã xảy ra lỗi ngoài dự kiến; thao tác chưa được thực hiện. Chi tiết đã ghi vào nhật ký."
    )


def error_details(exc: BaseException) -> str:
    """The technical details of an unexpected error, for a bug report (not for the message)."""
    if isinstance(exc, UserError | EnvironmentProblem):
        return ""
    return "".join(traceback.format_exception(exc))
