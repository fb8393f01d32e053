"""The window's one background-operations mechanism (ARCHITECTURE practices 3, 4 and 10, like
Anki's aqt/operations and Electrum's hardware-wallet thread).

Writes run one at a time on a single worker thread, in the order they were asked for, so a
registration and the void that follows it never race. Reads run in a small pool. Work that must
stay in order on its own (the USB token, a scanner, one wizard's document steps) runs on a named
serialized lane of the same mechanism (`run(..., lane=TOKEN)`), so a 10 s OCR or a signature
waiting for its PIN never holds the window's writes. Success and failure are delivered on the
GUI thread; a cancel (`Cancelled`, from the job's `CancelToken`) is never an error. Every
successful write returns what it changed (`OpChanges`) and `Operations.changed` announces it
once, so every view refreshes from that one signal instead of each caller refreshing what it
thinks is stale.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from qlvb_desktop.domain.capture import Cancelled, CancelToken

log = logging.getLogger(__name__)

T = TypeVar("T")
Callback = Callable[[Any], None]

READ = "read"  # the pool: concurrent reads
WRITE = "write"  # the database writes, one at a time
TOKEN = "token"  # the USB token: one batch or issue at a time, may wait for a PIN
DEVICE = "device"  # scanners and file reading for capture
DESK = "desk"  # the desk dialogs' verification and lists (network checks must not hold writes)
SYNC = "sync"  # stopping a replaced sync worker (joins its thread, may wait on a network call)


@dataclass(frozen=True)
class OpChanges:
    """What a write changed, for the views to refresh."""

    registrations: frozenset[int] = field(default_factory=frozenset)  # ids edited, voided, traced
    added: bool = False  # a new entry exists: the list of ids must be queried again
    settings: bool = False  # organization or language


class _Bridge(QObject):
    """Lives in the GUI thread; a worker emits `deliver` and Qt queues the call to this thread."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        call()


class Job:
    """What a `run` operation's function gets: its cancel token, and a way to hand results to
    the GUI thread while it runs (pages as they arrive, progress, a stage name)."""

    def __init__(self, ops: Operations, owner: QObject | None) -> None:
        self.cancel = CancelToken()
        self._ops = ops
        self._owner = owner
        self.future: Future[Any] | None = None

    def deliver(self, fn: Callable[..., None], *args: Any) -> None:
        """Call `fn(*args)` on the GUI thread (skipped if the owner was deleted meanwhile)."""
        owner = self._owner
        self._ops._deliver(lambda: fn(*args) if Operations._alive(owner) else None)

    def running(self) -> bool:
        return self.future is not None and not self.future.done()

    def wait(self, timeout: float | None = None) -> None:
        """For tests and shutdown: until the function returned (callbacks may still be queued)."""
        if self.future is not None:
            try:
                self.future.exception(timeout)
            except Exception:  # the future was cancelled before it ran
                return


class Operations(QObject):
    """Runs reads in a pool, writes on one serialized worker and each named lane on its own
    serialized worker; callbacks on the GUI thread."""

    changed = Signal(object)  # OpChanges, after every successful write
    busy_changed = Signal(bool)

    def __init__(self, on_error: Callback | None = None, read_threads: int = 2) -> None:
        super().__init__()
        self._bridge = _Bridge()
        self._reads = ThreadPoolExecutor(max_workers=read_threads, thread_name_prefix="qlvb-read")
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qlvb-write")
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._jobs: set[Job] = set()
        self._running = 0
        self._lock = threading.Lock()
        self._closed = False
        # Called on the GUI thread with the exception when an operation has no failure callback.
        self.on_error: Callback = on_error or (lambda exc: log.error("operation failed: %r", exc))

    # --- API -----------------------------------------------------------------------------------

    def read(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callback | None = None,
        owner: QObject | None = None,
    ) -> Future[T] | None:
        """Run `fn` in the read pool. Callbacks are skipped if `owner` was deleted meanwhile."""
        return self._submit(self._reads, fn, None, on_success, on_failure, owner)

    def write(
        self,
        fn: Callable[[], T],
        changes: Callable[[T], OpChanges],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callback | None = None,
        owner: QObject | None = None,
    ) -> Future[T] | None:
        """Run `fn` on the write worker; on success call `on_success`, then emit `changed`."""
        return self._submit(self._writes, fn, changes, on_success, on_failure, owner)

    def run(
        self,
        fn: Callable[[Job], T],
        *,
        lane: str = WRITE,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callback | None = None,
        on_cancelled: Callable[[], None] | None = None,
        changes: Callable[[T], OpChanges] | None = None,
        owner: QObject | None = None,
    ) -> Job:
        """Run `fn(job)` on `lane` (READ, WRITE or a named serialized lane such as TOKEN).

        `fn` may poll `job.cancel` and `job.deliver(...)` progress to the GUI thread. A
        `Cancelled` raised by it calls `on_cancelled` (if any), never `on_failure` or `on_error`."""
        job = Job(self, owner)
        if lane == READ:
            pool = self._reads
        elif lane == WRITE:
            pool = self._writes
        else:
            pool = self._lane(lane)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                if on_cancelled is not None:
                    on_cancelled()
            elif on_failure is not None:
                on_failure(exc)
            else:
                self.on_error(exc)

        def ended(_f: Future[T]) -> None:
            with self._lock:
                self._jobs.discard(job)

        with self._lock:
            self._jobs.add(job)
        job.future = self._submit(pool, lambda: fn(job), changes, on_success, failed, owner)
        if job.future is None:
            ended(Future())
        else:
            job.future.add_done_callback(ended)
        return job

    def is_busy(self) -> bool:
        return self._running > 0

    def shutdown(self) -> None:
        """Cancel what can stop (a job decides where it may stop: never inside a registration),
        finish the writes already asked for (a registration is never dropped half-way), drop
        queued reads, and stop delivering callbacks."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            jobs = list(self._jobs)
            lanes = list(self._lanes.values())
        for job in jobs:
            job.cancel.cancel()
        self._reads.shutdown(wait=True, cancel_futures=True)
        self._writes.shutdown(wait=True)
        for pool in lanes:
            pool.shutdown(wait=True)

    # --- machinery -----------------------------------------------------------------------------

    def _lane(self, name: str) -> ThreadPoolExecutor:
        with self._lock:
            pool = self._lanes.get(name)
            if pool is None:
                pool = self._lanes[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"qlvb-{name}")
            return pool

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], T],
        changes: Callable[[T], OpChanges] | None,
        on_success: Callable[[T], None] | None,
        on_failure: Callback | None,
        owner: QObject | None,
    ) -> Future[T] | None:
        if self._closed:
            return None
        self._set_running(+1)

        def job() -> T:
            try:
                result = fn()
            except Exception as exc:
                # Delivered to the GUI thread; the future keeps it too, for whoever waits on it.
                self._deliver(self._failure_call(exc, on_failure, owner))
                raise
            self._deliver(lambda: self._succeeded(result, changes, on_success, owner))
            return result

        return pool.submit(job)

    def _failure_call(
        self, exc: BaseException, on_failure: Callback | None, owner: QObject | None
    ) -> Callable[[], None]:
        return lambda: self._failed(exc, on_failure, owner)

    def _deliver(self, call: Callable[[], None]) -> None:
        if not self._closed and shiboken6.isValid(self._bridge):
            self._bridge.deliver.emit(call)

    def _set_running(self, delta: int) -> None:
        with self._lock:
            before = self._running
            self._running += delta
            after = self._running
        if (before == 0) != (after == 0):
            self.busy_changed.emit(after > 0)

    @staticmethod
    def _alive(owner: QObject | None) -> bool:
        return owner is None or shiboken6.isValid(owner)

    def _succeeded(
        self,
        result: T,
        changes: Callable[[T], OpChanges] | None,
        on_success: Callable[[T], None] | None,
        owner: QObject | None,
    ) -> None:
        self._set_running(-1)
        if on_success is not None and self._alive(owner):
            on_success(result)
        if changes is not None:
            self.changed.emit(changes(result))

    def _failed(self, exc: BaseException, on_failure: Callback | None, owner: QObject | None) -> None:
        self._set_running(-1)
        if not self._alive(owner):
            return
        if on_failure is not None:
            on_failure(exc)
        else:
            self.on_error(exc)


def operations_of(widget: QObject | None) -> Operations:
    """The window's `Operations` for a dialog or page it opened: the nearest parent holding one
    as `ops`. A widget made on its own (a test, a tool) gets its own, kept as its `ops`."""
    node = widget
    while node is not None:
        ops = getattr(node, "ops", None)
        if isinstance(ops, Operations):
            return ops
        node = node.parent()
    own = Operations()
    if widget is not None:
        widget.ops = own  # type: ignore[attr-defined]
    return own
