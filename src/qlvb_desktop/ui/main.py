"""Starting the window: the application object, language, fonts, then the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from qlvb_desktop.ui.context import GuiContext
from qlvb_desktop.ui.i18n import install_fonts, install_language
from qlvb_desktop.ui.main_window import MainWindow


def make_application(argv: Sequence[str], language: str) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv))
    app.setApplicationName("qlvb-desktop")
    app.setOrganizationName("qlvb")
    app.setApplicationDisplayName("")
    install_fonts(app)
    install_language(app, language)  # the translators are children of the application
    return app


def run_gui(ctx: GuiContext, argv: Sequence[str] | None = None) -> int:
    """Run the window until it is closed; returns the exit status."""
    app = make_application(argv if argv is not None else sys.argv, ctx.language)
    window = MainWindow(ctx)
    window.show()
    return app.exec()
