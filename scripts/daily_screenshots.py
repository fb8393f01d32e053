"""Screenshots of the main window's daily views and the settings dialog, to look at.

    QT_QPA_PLATFORM=offscreen python scripts/daily_screenshots.py OUT_DIR [--scale 2]

Builds a station with a day's register in a temporary folder, shows the window at 1366×768
(or 1280×720 logical pixels at 200 %), and saves one PNG per view and per settings tab.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--lang", default="vi")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from qlvb_desktop.app import build_core
    from qlvb_desktop.domain.clock import now_vn
    from qlvb_desktop.ui.context import GuiContext
    from qlvb_desktop.ui.main import make_application
    from qlvb_desktop.ui.main_window import MainWindow
    from tests.ui.daily_sample import CORPUS_PDF, fill_day, stamped_pdf

    tmp = Path(tempfile.mkdtemp(prefix="qlvb-shots-"))
    core = build_core(tmp / "data")
    assert core.station is not None
    core.station.apply({"organization": {"name": "SỞ TÀI CHÍNH", "code": "000.00.04.G14",
                                         "parent": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"}})
    from tests.samples import tiny_pdf

    # The entry shown is a scanned original with the stamped, signed copy attached (issue 16):
    # the badge, the files with their roles and the original/copy switch are in the picture.
    original = CORPUS_PDF if CORPUS_PDF.exists() else tiny_pdf(tmp / "scan.pdf", "scan", pages=2)
    ids = fill_day(core, now_vn(), original)
    core.register.attach(ids["with_scan"], stamped_pdf(core, original, tmp / "den-da-ky.pdf"), "signed")
    app = make_application(["shots"], args.lang)
    ctx = GuiContext(
        register=core.register, reports=core.reports, organization=core.settings.organization,
        save_settings=lambda o, lang: None, data_dir=core.data_dir, language=args.lang,
        daily=core.daily, station=core.station, casefiles=core.casefiles, period_reports=core.period_reports,
    )
    core.casefiles.organization = ctx.organization
    core.period_reports.organization = ctx.organization
    window = MainWindow(ctx)
    size = (1366, 768) if args.scale == 1.0 else (1280, 720)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the offscreen screen is smaller: not maximized
    window.resize(*size)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    tag = f"{args.lang}-x{args.scale:g}"

    def settle(ms: int = 600) -> None:
        end = __import__("time").monotonic() + ms / 1000
        while __import__("time").monotonic() < end:
            app.processEvents()

    problems: list[str] = []

    def shot(widget: object, name: str) -> None:
        settle()
        widget.grab().save(str(args.out / f"{name}-{tag}.png"))  # type: ignore[attr-defined]
        problems.extend(f"{name}: {p}" for p in cut_off(widget))

    def columns_fit(table: object, name: str) -> None:
        """Every shown column on screen: no horizontal scroll bar, the subject readable."""
        from qlvb_desktop.ui.register_model import subject_min_width

        scroll = table.horizontalScrollBar().maximum()  # type: ignore[attr-defined]
        keys = table.model().column_keys()  # type: ignore[attr-defined]
        subject = table.horizontalHeader().sectionSize(keys.index("subject"))  # type: ignore[attr-defined]
        if scroll > 0:
            problems.append(f"{name}: the columns need a horizontal scroll bar ({scroll} px more)")
        if subject < subject_min_width(table):  # type: ignore[arg-type]
            problems.append(f"{name}: Trích yếu is {subject} px wide")

    settle(1500)
    row = window.model.row_of(ids["with_scan"])
    if row is not None:
        window.select_row(row)
    settle(1500)
    shot(window, "01-register")
    columns_fit(window.table, "01-register")
    assert window.daily_views is not None
    window.daily_views.show_tab(1)
    settle(1000)
    shot(window, "02-due-soon")
    columns_fit(window.daily_views.soon_table, "02-due-soon")
    window.daily_views.show_tab(2)
    settle(1000)
    shot(window, "03-overdue")
    columns_fit(window.daily_views.overdue_table, "03-overdue")
    window.open_settings()
    settle(1000)
    dialog = window.settings_flow.dialog if window.settings_flow else None
    assert dialog is not None
    for ix in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(ix)
        shot(dialog, f"1{ix}-settings-tab{ix}")
    dialog.reject()
    settle()
    window.settings_flow.open_first_run()  # type: ignore[union-attr]
    settle()
    shot(window.settings_flow.first_run, "20-first-run")  # type: ignore[union-attr]
    window.settings_flow.first_run.reject()  # type: ignore[union-attr]
    dialogs(window, settle, shot)
    window.close()
    QApplication.processEvents()
    (args.out / f"problems-{tag}.txt").write_text("".join(p + "\n" for p in problems), encoding="utf-8")
    for problem in problems:
        print("CUT OFF:", problem, file=sys.stderr)
    print(args.out)
    return 0


def dialogs(window: Any, settle: Callable[..., None], shot: Callable[[object, str], None]) -> None:
    """The other dialogs of the day, each shown and closed: the new-entry and edit forms, the
    log and void prompts, the register's print dialog, the statistics view and the print preview
    of the follow-up book, the routing slip's."""
    window.open_form()
    settle(1000)
    shot(window.form, "30-new-registration")
    window.form.reject()
    settle()
    window.detail.ask_edit()
    settle(1000)
    if window.form is not None:
        shot(window.form, "31-edit-registration")
        window.form.reject()
        settle()
    for ask, name in ((window.detail.ask_trace, "32-trace"), (window.detail.ask_void, "33-void")):
        ask()
        settle()
        shot(window.detail.prompt, name)
        window.detail.prompt.reject()
        settle()
    window.open_print()
    settle()
    shot(window.print_dialog, "34-print-register")
    window.print_dialog.reject()
    settle()
    stats = window.casefiles_menu.open_statistics()
    settle(2000)
    shot(stats, "35-statistics")
    stats.print_report()
    deadline = time.monotonic() + 60
    while stats.print_preview is None and time.monotonic() < deadline:
        settle(200)
    if stats.print_preview is not None:
        settle(1500)
        shot(stats.print_preview, "36-print-preview-followup")
        stats.print_preview.close()
    stats.accept()
    settle()


def cut_off(window: object) -> list[str]:
    """Visible buttons, labels, fields and tabs of `window` that stick out of it, or are too
    narrow for their own text (a cut "Trích" for "Trích yếu", a half button row)."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QTabBar, QWidget

    assert isinstance(window, QWidget)
    inside = window.rect()
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(
            widget, QAbstractButton | QLabel | QLineEdit | QComboBox | QTabBar
        ):
            continue
        if widget.window() is not window or isinstance(widget.parentWidget(), QLineEdit):
            continue  # another window's, or a field's own clear button (sized by the field)
        area = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
        if not inside.contains(area):
            found.append(f"{type(widget).__name__} {widget.objectName() or _text(widget)!r} off the window")
        elif isinstance(widget, QAbstractButton) and widget.width() < widget.minimumSizeHint().width():
            found.append(f"{type(widget).__name__} {_text(widget)!r} narrower than its text")
    return found


def _text(widget: object) -> str:
    text = getattr(widget, "text", None)
    return str(text()) if callable(text) else ""


if __name__ == "__main__":
    raise SystemExit(main())
