"""The window never freezes: while a 20-page document is captured, OCRed, registered, stamped and
signed, the GUI thread's event loop is never blocked for more than 100 ms longer than it is when
the wizard sits idle (the baseline is measured in the same test).

A stall is the time between two ticks of a 5 ms timer in the GUI thread, less the time the
machine's load kept it from running (Linux, /proc/self/task/<tid>/schedstat): the GUI thread's
own wait for a CPU, and, for the time it slept waiting for a lock (the interpreter lock a worker
holds), the wait for a CPU of the thread it waited for (the longest of the other threads'). On
the shared 2-core machine at a load average of 14–20 the scheduler alone made gaps of 120–170 ms
now and then, which failed the test though the program did nothing wrong; what the threads do
stays counted in full: the GUI thread computing, a worker holding the interpreter lock while it
computes, a wait for a file or a process (`test_the_meter_sees_what_blocks_the_gui_thread`
shows the meter still catches each).
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from qlvb_desktop.services.paper_intake import Step
from tests.adapters.extract.docgen import Doc, write_scan
from tests.adapters.signing.pki import USER_PIN
from tests.ui.conftest import type_text
from tests.ui.intake.test_wizard import LONG, at_step, enter, idle

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
TICK_MS = 5
SLOW_S = 0.030  # a gap this long is looked at closely (the other threads' waits for a CPU)
OTHERS_EVERY = 10  # ticks between two looks at the other threads' waits
ALLOWED_EXTRA_S = 0.100


def _schedstat(tid: int | None = None) -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) of a thread of this process,
    the calling one by default ((0, 0) where unknown)."""
    try:
        with open(f"/proc/self/task/{tid or threading.get_native_id()}/schedstat", "rb") as f:
            fields = f.read().split()
        return int(fields[0]) / 1e9, int(fields[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0


def _threads_waited() -> dict[int, float]:
    """thread id -> seconds it has waited for a CPU, for every thread of this process."""
    try:
        tids = [int(t) for t in os.listdir("/proc/self/task")]
    except OSError:
        return {}
    return {tid: _schedstat(tid)[1] for tid in tids}


class GapMeter:
    """A timer in the GUI thread; the longest time between two of its ticks, less the time the
    thread waited for a CPU meanwhile (the machine's load, not the program), is the longest stall."""

    def __init__(self, label: Any) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.label = label
        self.reset()

    def collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif info["generation"] == 2:
            self.gc_worst = max(self.gc_worst, time.perf_counter() - self._gc_started)

    def reset(self) -> None:
        self.gc_worst = 0.0
        self._gc_started = 0.0
        self.last = time.perf_counter()
        self.last_cpu, self.last_waited = _schedstat()
        self.others = _threads_waited()
        self.ticks = 0
        self.worst = 0.0
        self.worst_wall = 0.0  # the longest gap as the clock on the wall saw it (for the report)
        self.worst_cpu = 0.0  # of the worst gap, the time the GUI thread itself computed
        self.worst_during = ""

    def _tick(self) -> None:
        now, (cpu, waited) = time.perf_counter(), _schedstat()
        wall = now - self.last
        gap = wall - (waited - self.last_waited)
        self.ticks += 1
        if gap > SLOW_S or self.ticks % OTHERS_EVERY == 0:
            others = _threads_waited()
            if gap > SLOW_S:
                # Time the GUI thread slept (not computing) while it waited for the interpreter
                # lock or another lock: a holder that waited for a CPU meanwhile is the machine's
                # load, not the program: taken off, at most the longest such wait of one thread
                # since the last look (which is before this gap began).
                me = threading.get_native_id()
                starved = max(
                    (w - self.others.get(tid, 0.0) for tid, w in others.items() if tid != me), default=0.0
                )
                slept = gap - (cpu - self.last_cpu)
                gap -= min(max(0.0, slept), max(0.0, starved))
            self.others = others
        self.worst_wall = max(self.worst_wall, wall)
        if gap > self.worst:
            self.worst, self.worst_during, self.worst_cpu = gap, self.label(), cpu - self.last_cpu
        self.last, self.last_cpu, self.last_waited = now, cpu, waited

    def start(self) -> None:
        self.reset()
        gc.callbacks.append(self.collected)
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        gc.callbacks.remove(self.collected)
        return self.worst


@pytest.fixture(scope="module")
def twenty_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    doc = Doc(number="31/QĐ-STC", pages=20, seal=True, seed=11)
    return write_scan(doc, tmp_path_factory.mktemp("twenty") / "long.jpg")


@pytest.mark.slow
def test_event_loop_never_blocked_during_ocr_and_signing(qtbot: Any, wizard: Any, twenty_pages: list[Path]) -> None:
    assert len(twenty_pages) == 20
    meter = GapMeter(lambda: f"{wizard.shown_step}: {wizard.status.text()}")
    meter.start()
    qtbot.wait(1500)
    baseline = meter.stop()

    meter.start()
    wizard.add_files(twenty_pages)
    qtbot.waitUntil(lambda: wizard.capture_step.pages.count() == 20, timeout=LONG * 2)
    idle(qtbot, wizard, LONG * 2)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.PAGES)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FIELDS)
    form = wizard.fields_step.form
    idle(qtbot, wizard, LONG * 5)  # OCR of the 20 pages and the extraction, in the background
    assert form.edits["number"].text() == "31/QĐ-STC"
    if not form.edits["doc_type"].text():
        form.edits["doc_type"].setText("Quyết định")
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.REGISTER)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.STAMP)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.SIGN)
    type_text(wizard.sign_step.pin_edit, USER_PIN)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FORWARD)
    worst = meter.stop()
    print(f"event loop: idle baseline {baseline * 1000:.0f} ms, worst during the work {worst * 1000:.0f} ms "
          f"({meter.worst_during}; of it {meter.worst_cpu * 1000:.0f} ms computing in the GUI thread; "
          f"{meter.worst_wall * 1000:.0f} ms on the wall clock, waits for a CPU included); "
          f"longest full garbage collection {meter.gc_worst * 1000:.0f} ms")
    assert worst <= baseline + ALLOWED_EXTRA_S, (
        f"the GUI thread stalled {worst * 1000:.0f} ms (idle baseline {baseline * 1000:.0f} ms) "
        f"during {meter.worst_during}"
    )


def _hold_the_interpreter(seconds: float) -> None:
    """Compute for `seconds` of this thread's own CPU time (however long the load makes it)."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        sum(range(20_000))


@pytest.mark.parametrize("how", ["computing", "sleeping", "interpreter-lock"])
def test_the_meter_sees_what_blocks_the_gui_thread(qtbot: Any, how: str) -> None:
    """The meter is not blind: the GUI thread computing, blocked in a call, or starved of the
    interpreter lock by a busy worker thread for 400 ms shows as a stall of about that long."""
    meter = GapMeter(lambda: how)
    meter.start()
    qtbot.wait(200)
    if how == "computing":
        QTimer.singleShot(0, lambda: _hold_the_interpreter(0.4))
    elif how == "sleeping":
        QTimer.singleShot(0, lambda: time.sleep(0.4))
    else:
        # A worker hogging the lock: the GUI thread gets it back only between the worker's
        # 5 ms slices, so make the worker ask for long slices the way C code holding it would.
        def hog() -> None:
            previous = sys.getswitchinterval()
            sys.setswitchinterval(1.0)
            try:
                _hold_the_interpreter(0.4)
            finally:
                sys.setswitchinterval(previous)

        worker = threading.Thread(target=hog)
        QTimer.singleShot(0, worker.start)
        qtbot.waitUntil(lambda: worker.ident is not None and not worker.is_alive(), timeout=30_000)
    qtbot.wait(300)
    worst = meter.stop()
    assert worst >= 0.3, f"a 400 ms block of the GUI thread ({how}) measured as {worst * 1000:.0f} ms"
