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
from pathlib import Path

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
    pdf = stamped_pdf(core, CORPUS_PDF, tmp / "stamped.pdf") if CORPUS_PDF.exists() else None
    ids = fill_day(core, now_vn(), pdf)
    app = make_application(["shots"], args.lang)
    ctx = GuiContext(
        register=core.register, reports=core.reports, organization=core.settings.organization,
        save_settings=lambda o, lang: None, data_dir=core.data_dir, language=args.lang,
        daily=core.daily, station=core.station,
    )
    window = MainWindow(ctx)
    size = (1366, 768) if args.scale == 1.0 else (1280, 720)
    window.resize(*size)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    tag = f"{args.lang}-x{args.scale:g}"

    def settle(ms: int = 600) -> None:
        end = __import__("time").monotonic() + ms / 1000
        while __import__("time").monotonic() < end:
            app.processEvents()

    def shot(widget: object, name: str) -> None:
        settle()
        widget.grab().save(str(args.out / f"{name}-{tag}.png"))  # type: ignore[attr-defined]

    settle(1500)
    row = window.model.row_of(ids["with_scan"])
    if row is not None:
        window.select_row(row)
    settle(1500)
    shot(window, "01-register")
    assert window.daily_views is not None
    window.daily_views.show_tab(1)
    settle(1000)
    shot(window, "02-due-soon")
    window.daily_views.show_tab(2)
    settle(1000)
    shot(window, "03-overdue")
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
    window.close()
    QApplication.processEvents()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
