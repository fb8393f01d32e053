"""The longest GUI-thread stall while the daily views refresh over 100,000 registrations and
while a routing slip prints (goal: <= 100 ms), against an idle baseline measured in the same run.

    python bench/daily_gui.py [DATA_DIR] [--rows N] [--rounds N]

A QTimer ticks every 5 ms on the GUI thread; the longest gap between two ticks is the longest
time the window could not paint or take a key. The register is filled with direct SQL (as
bench/register_gui.py does; ten years of entries, every 50th with a due date tomorrow so the
"due soon" list is not empty) and measured offscreen at 1366×768.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 100.0
TICK_MS = 5


def _register_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("register_gui_bench", ROOT / "bench" / "register_gui.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare(data_dir: Path, rows: int) -> int:
    from qlvb_desktop.domain.clock import now_vn

    count = _register_bench().fill(data_dir, rows, first_year=now_vn().year - 9)
    with sqlite3.connect(data_dir / "qlvb.sqlite3") as conn:
        conn.execute("UPDATE registrations SET due_date = date('now', '+1 day') WHERE id % 50 = 0")
        conn.execute("DELETE FROM handling")
        conn.execute(
            "INSERT INTO handling (registration_id, handled_at, handled_by) "
            "SELECT id, received_at, 'bench' FROM registrations WHERE id % 3 = 0"
        )
    return int(count)


class StallMeter:
    """The longest gap between ticks of a GUI-thread timer."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.clock.start()
        self.last = 0.0
        self.worst = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def run_until(app, done: Callable[[], bool], timeout_s: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.0005)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="qlvb-daily-bench-"))
    started = time.monotonic()
    rows = prepare(data_dir, args.rows)
    print(f"register: {rows:,} rows in {data_dir} (ready in {time.monotonic() - started:.1f} s)")

    from qlvb_desktop.app import build_core
    from qlvb_desktop.domain.daily import DeadlineState
    from qlvb_desktop.ui.context import GuiContext
    from qlvb_desktop.ui.main import make_application
    from qlvb_desktop.ui.main_window import MainWindow

    core = build_core(data_dir)
    assert core.station is not None and core.daily is not None
    core.station.apply({"organization": {"name": "SỞ TÀI CHÍNH", "parent": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"}})
    app = make_application([sys.argv[0]], "vi")
    ctx = GuiContext(
        core.register, core.reports, core.settings.organization, lambda o, lang: None, core.data_dir,
        daily=core.daily, station=core.station,
    )
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    views = window.daily_views
    assert views is not None
    run_until(app, lambda: window.model.rowCount() > 0 and views.overdue_model.rowCount() > 0)

    run_until(app, lambda: not window.ops.is_busy())
    meter = StallMeter()
    # Idle baseline: the same timer with nothing to do (every background read finished).
    meter.start()
    end = time.monotonic() + 2.0
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.0005)
    idle = meter.stop()

    # Refreshing the views: the register and both deadline lists queried again, the list on
    # screen switched (F4/F6/F7) and scrolled to its end so its rows load with their deadlines.
    refresh_s: list[float] = []
    phase = {"refresh": 0.0, "scroll": 0.0, "back": 0.0}
    meter.start()
    for round_ix in range(args.rounds):
        t0 = time.monotonic()
        loaded = {"n": 0}
        for model in (window.model, views.soon_model, views.overdue_model):
            model.ids_loaded.connect(lambda _n, d=loaded: d.__setitem__("n", d["n"] + 1))
        window.model.requery()
        views.requery()
        run_until(app, lambda d=loaded: d["n"] >= 3)
        refresh_s.append(time.monotonic() - t0)
        phase["refresh"] = max(phase["refresh"], meter.worst)
        meter.worst = 0.0
        views.show_tab(1 + round_ix % 2)
        table = views.overdue_table if round_ix % 2 else views.soon_table
        table.scrollToBottom()
        model = table.model()
        last = model.rowCount() - 1
        run_until(app, lambda m=model, r=last: m.registration(r) is not None)
        phase["scroll"] = max(phase["scroll"], meter.worst)
        meter.worst = 0.0
        views.show_tab(0)
        run_until(app, lambda: not window.ops.is_busy())
        phase["back"] = max(phase["back"], meter.worst)
        meter.worst = 0.0
        for model in (window.model, views.soon_model, views.overdue_model):
            model.ids_loaded.disconnect()
            model.ids_loaded.connect(lambda _n: None)
    views_worst = max(meter.stop(), *phase.values())
    counts = core.daily.counts()

    # Printing routing slips of the selected document.
    rid = views.overdue_model.registration_id(0)
    window.detail.show_id(rid)
    run_until(app, lambda: window.detail.current is not None)
    slip_s: list[float] = []
    meter.start()
    for _ in range(args.rounds):
        t0 = time.monotonic()
        views.print_slip()
        run_until(app, lambda: views.message_box is not None)
        slip_s.append(time.monotonic() - t0)
        views.message_box.done(0)
        app.processEvents()
    slip_worst = meter.stop()
    window.close()
    app.processEvents()

    def verdict(ms: float) -> str:
        return "ok" if ms <= GOAL_MS else "MISS"

    print(f"open registrations: due soon {counts[DeadlineState.DUE_SOON]:,}, overdue {counts[DeadlineState.OVERDUE]:,}")
    print("  by phase: " + ", ".join(f"{k} {v:.0f} ms" for k, v in phase.items()))
    print(f"idle baseline: longest GUI stall {idle:.1f} ms")
    print(
        f"views refresh ({args.rounds} rounds, {rows:,} rows): longest GUI stall {views_worst:.1f} ms "
        f"({views_worst / max(idle, 0.1):.1f}× idle) — goal ≤ {GOAL_MS:.0f} ms: {verdict(views_worst)}; "
        f"refresh took {min(refresh_s):.2f}–{max(refresh_s):.2f} s in the background"
    )
    print(
        f"routing slip ({args.rounds} prints): longest GUI stall {slip_worst:.1f} ms "
        f"({slip_worst / max(idle, 0.1):.1f}× idle) — goal ≤ {GOAL_MS:.0f} ms: {verdict(slip_worst)}; "
        f"each print {min(slip_s):.2f}–{max(slip_s):.2f} s in the background"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
