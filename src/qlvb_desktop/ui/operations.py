"""Database work off the GUI thread (ARCHITECTURE practices 3 and 10, like Anki's aqt/operations).

Writes run one at a time on a single worker thread, in the order they were asked for, so a
registration and the void that follows it never race. Reads run in a small pool. Success and
failure are delivered on the GUI thread. Every successful write returns what it changed
(`OpChanges`) and `Operations.changed` announces it once, so every view refreshes from that one
signal instead of each caller refreshing what it thinks is stale.
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

log = logging.getLogger(__name__)

T = TypeVar("T")
Callback = Callable[[Any], None]


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


class Operations(QObject):
    """Runs reads in a pool and writes on one serialized worker; callbacks on the GUI thread."""

    changed = Signal(object)  # OpChanges, after every successful write
    busy_changed = Signal(bool)

    def __init__(self, on_error: Callback | None = None, read_threads: int = 2) -> None:
        super().__init__()
        self._bridge = _Bridge()
        self._reads = ThreadPoolExecutor(max_workers=read_threads, thread_name_prefix="qlvb-read")
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qlvb-write")
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

    def is_busy(self) -> bool:
        return self._running > 0

    def shutdown(self) -> None:
        """Finish the writes already asked for (a registration is never dropped half-way),
        drop queued reads, and stop delivering callbacks."""
        if self._closed:
            return
        self._closed = True
        self._reads.shutdown(wait=True, cancel_futures=True)
        self._writes.shutdown(wait=True)

    # --- machinery -----------------------------------------------------------------------------

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
