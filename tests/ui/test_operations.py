"""The operation API: writes serialized, results and errors on the GUI thread, one signal."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.ui.operations import OpChanges, Operations


def test_writes_run_one_at_a_time_in_order(qtbot: Any, ops: Operations) -> None:
    running = 0
    overlap = False
    order: list[int] = []
    lock = threading.Lock()

    def job(n: int) -> int:
        nonlocal running, overlap
        with lock:
            running += 1
            overlap = overlap or running > 1
        time.sleep(0.01)
        with lock:
            running -= 1
        return n

    done: list[int] = []
    for n in range(8):
        ops.write(lambda n=n: job(n), lambda r: OpChanges(), lambda r: (order.append(r), done.append(r)))
    qtbot.waitUntil(lambda: len(done) == 8, timeout=5000)
    assert order == list(range(8))
    assert not overlap


def test_success_and_changes_arrive_on_the_gui_thread(qtbot: Any, ops: Operations) -> None:
    gui = QCoreApplication.instance().thread()  # type: ignore[union-attr]
    seen: dict[str, Any] = {}

    def on_success(result: int) -> None:
        seen["thread"] = QThread.currentThread()
        seen["result"] = result

    with qtbot.waitSignal(ops.changed, timeout=5000) as blocker:
        ops.write(lambda: 41 + 1, lambda r: OpChanges(registrations=frozenset({r})), on_success)
    assert seen == {"thread": gui, "result": 42}
    assert blocker.args == [OpChanges(registrations=frozenset({42}))]


def test_failure_goes_to_the_callback_or_the_error_handler(qtbot: Any, ops: Operations) -> None:
    errors: list[BaseException] = []
    ops.on_error = errors.append

    def fail() -> None:
        raise ValidationError("issuer", "Chưa nhập {label}.", label="Cơ quan ban hành")

    got: list[BaseException] = []
    ops.read(fail, on_failure=got.append)
    ops.write(fail, lambda r: OpChanges())
    qtbot.waitUntil(lambda: len(got) == 1 and len(errors) == 1, timeout=5000)
    assert isinstance(got[0], ValidationError)
    assert isinstance(errors[0], ValidationError)


def test_busy_signal_and_shutdown(qtbot: Any) -> None:
    ops = Operations()
    states: list[bool] = []
    ops.busy_changed.connect(states.append)
    done: list[int] = []
    ops.read(lambda: time.sleep(0.05) or 1, done.append)
    qtbot.waitUntil(lambda: done == [1], timeout=5000)
    assert states == [True, False]
    ops.shutdown()
    assert ops.read(lambda: 1) is None  # nothing runs after shutdown


@pytest.mark.parametrize("kind", ["value", "os"])
def test_unexpected_errors_are_sentences_not_tracebacks(kind: str) -> None:
    from qlvb_desktop.ui.i18n import error_details, error_text

    exc: BaseException = ValueError("boom") if kind == "value" else FileNotFoundError(2, "No such file")
    text = error_text(exc)
    assert "boom" not in text and "Traceback" not in text
    assert text.endswith(".")
    if kind == "value":
        try:
            raise exc
        except ValueError as raised:
            assert "ValueError" in error_details(raised)


def test_a_lane_runs_its_jobs_in_order_beside_the_writes(qtbot: Any, ops: Operations) -> None:
    """A job waiting on its lane (a signature waiting for the PIN) never holds the window's writes,
    and a lane keeps its own jobs in order on one thread."""
    from qlvb_desktop.ui.operations import TOKEN

    release = threading.Event()
    order: list[str] = []
    threads: set[str] = set()

    def token_job(name: str) -> str:
        threads.add(threading.current_thread().name)
        if name == "first":
            assert release.wait(30)
        order.append(name)
        return name

    ops.run(lambda _job: token_job("first"), lane=TOKEN)
    ops.run(lambda _job: token_job("second"), lane=TOKEN)
    written: list[int] = []
    ops.write(lambda: 7, lambda r: OpChanges(), written.append)
    qtbot.waitUntil(lambda: written == [7], timeout=10_000)  # while the token lane is still waiting
    assert order == []
    release.set()
    qtbot.waitUntil(lambda: order == ["first", "second"], timeout=10_000)
    assert len(threads) == 1 and next(iter(threads)).startswith("qlvb-token")


def test_cancel_is_never_an_error_and_progress_arrives_on_the_gui_thread(qtbot: Any, ops: Operations) -> None:
    from qlvb_desktop.ui.operations import DEVICE, Job

    errors: list[BaseException] = []
    ops.on_error = errors.append
    gui = QCoreApplication.instance().thread()  # type: ignore[union-attr]
    seen: list[tuple[int, bool]] = []
    cancelled: list[bool] = []
    started = threading.Event()

    def scan(job: Job) -> None:
        for page in range(1000):
            job.deliver(lambda n: seen.append((n, QThread.currentThread() is gui)), page)
            started.set()
            job.cancel.raise_if_cancelled()
            time.sleep(0.005)

    job = ops.run(scan, lane=DEVICE, on_cancelled=lambda: cancelled.append(True))
    assert started.wait(10)
    job.cancel.cancel()
    qtbot.waitUntil(lambda: cancelled == [True], timeout=10_000)
    assert not job.running()
    # cancelled without a handler: nothing at all, and never the error handler
    def until_cancelled(j: Job) -> None:
        while not j.cancel.cancelled:
            time.sleep(0.005)
        j.cancel.raise_if_cancelled()

    other = ops.run(until_cancelled, lane=DEVICE)
    other.cancel.cancel()
    other.wait(10)
    qtbot.wait(50)
    assert errors == []
    assert seen and all(on_gui for _n, on_gui in seen)


def test_shutdown_cancels_what_can_stop_and_finishes_the_rest(qtbot: Any) -> None:
    from qlvb_desktop.ui.operations import DEVICE, Job

    ops = Operations()
    stopped: list[bool] = []

    def endless(job: Job) -> None:
        while not job.cancel.cancelled:
            time.sleep(0.005)
        stopped.append(True)

    wrote: list[int] = []
    ops.run(endless, lane=DEVICE)
    ops.write(lambda: wrote.append(1), lambda r: OpChanges())
    ops.shutdown()  # returns: the endless job was told to stop, the write finished
    assert stopped == [True] and wrote == [1]


def test_a_waiting_pin_prompt_ends_when_its_job_is_cancelled(qtbot: Any) -> None:
    """The window shutting down cancels every job: a signature waiting for its PIN ends as a
    cancel instead of holding the token lane (and the window's close) for ever."""
    from qlvb_desktop.ui.operations import TOKEN, Job
    from qlvb_desktop.ui.signing.dialog import GuiPinHandler

    ops = Operations()
    handler = GuiPinHandler()
    got: list[str | None] = []

    def sign(job: Job) -> None:
        handler.cancel_token = job.cancel
        got.append(handler.get_pin("QLVB", None, False))

    ops.run(sign, lane=TOKEN)
    ops.shutdown()  # cancels, then waits for the lane: returns only because the prompt ended
    assert got == [None]
