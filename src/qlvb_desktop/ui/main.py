"""Starting the window: the application object, language, fonts, then the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from qlvb_desktop.domain.errors import EnvironmentProblem
from qlvb_desktop.ui.context import GuiContext
from qlvb_desktop.ui.i18n import error_text, install_fonts, install_language
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


def has_display() -> bool:
    """False on a Linux machine with no screen to open a window on (Qt would abort)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_gui(ctx: GuiContext, argv: Sequence[str] | None = None) -> int:
    """Run the window until it is closed; returns the exit status."""
    if not has_display():
        print(
            "Không có màn hình để mở cửa sổ (chưa đặt DISPLAY hay WAYLAND_DISPLAY); "
            "chạy trong phiên đồ họa, hoặc đặt QT_QPA_PLATFORM=offscreen để chạy không màn hình.",
            file=sys.stderr,
        )
        return 4
    app = make_application(argv if argv is not None else sys.argv, ctx.language)
    window = MainWindow(ctx)
    window.show()
    return app.exec()


def problem_box(problem: EnvironmentProblem, parent: QWidget | None = None) -> QMessageBox:
    """The dialog for a machine problem that keeps the window from opening (a damaged, read-only
    or full data folder): the sentence that says what to do, no traceback."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QApplication.translate("Startup", "Không mở được sổ"),
        error_text(problem),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("problem_box")
    box.addButton(QApplication.translate("Startup", "Đóng"), QMessageBox.ButtonRole.AcceptRole)
    return box


def run_problem(problem: EnvironmentProblem, language: str, argv: Sequence[str] | None = None) -> int:
    """Say why the window cannot start, in a dialog until the clerk closes it; exit status 4.
    The sentence also goes to stderr, for whoever started the program from a terminal."""
    print(problem.message, file=sys.stderr, flush=True)
    if not has_display():
        return 4
    app = make_application(argv if argv is not None else sys.argv, language)
    box = problem_box(problem)
    box.finished.connect(lambda _result: app.quit())
    box.open()
    app.exec()
    return 4
