"""Background work for the capture page: a thread per task, results delivered as Qt signals.

Signals of a QObject living on the GUI thread, emitted from the worker thread, are queued to
the GUI thread (ARCHITECTURE practice 3), so slots never run off the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from qlvb_desktop.domain.capture import Cancelled, CancelToken
from qlvb_desktop.domain.errors import EnvironmentProblem, UserError


class Task(QObject):
    """Runs `fn(task)` on a thread; `fn` may call `task.page.emit(...)` / `task.progress.emit(...)`."""

    page = Signal(object)
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str, object)  # message, partial result (pages kept) or None
    finished = Signal()

    def __init__(self, fn: Callable[[Task], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.cancel = CancelToken()
        self._thread = threading.Thread(target=self._run, daemon=True, name="capture-task")

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            result = self.fn(self)
        except Cancelled:
            self.failed.emit("", None)
        except (UserError, EnvironmentProblem) as exc:
            self.failed.emit(exc.message, getattr(exc, "pages", None))
        except Exception as exc:
            self.failed.emit(f"Lỗi không mong đợi: {exc}\n{traceback.format_exc(limit=3)}", None)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()
