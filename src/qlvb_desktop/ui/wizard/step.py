"""One step contract for the wizards (paperless-ngx's plugin contract, for screens).

A wizard is a list of steps over one state object. Each step is a small controller:

- `enter(state)` fills its page from the state and starts the step's background work;
- `validate()` says, in one sentence for the clerk, what keeps the step from going on (or None);
- `can_auto_advance(state)` says the step has nothing to check (the "Tự qua bước" setting);
- `leave(state)` writes what the clerk chose back into the state.

`WizardController` moves between the steps, shows the step's page, and after every step saves
the state through the wizard's `Recovery` (off the GUI thread, on the wizard's lane of the
window's operations), so a crash or a power cut brings the clerk back to the same step with the
same values. A check added later (a leased number left, a case file open) goes into the one
step it belongs to, as a `validate` or in `enter`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from qlvb_desktop.services.atomic_file import write_atomic
from qlvb_desktop.ui.operations import Operations


class WizardStep(Protocol):
    """A step's controller. `name` is the step's key in the state and the recovery file."""

    name: str
    page: QWidget

    def enter(self, state: Any) -> None: ...

    def validate(self) -> str | None: ...

    def can_auto_advance(self, state: Any) -> bool: ...

    def leave(self, state: Any) -> None: ...


class Recovery(Protocol):
    """Where a wizard's unfinished work is kept between runs (called off the GUI thread)."""

    def save(self, data: dict[str, Any]) -> None: ...

    def load(self) -> dict[str, Any] | None: ...

    def clear(self) -> None: ...


class JsonRecovery:
    """A JSON file written through the one atomic writer (temporary file, fsync, rename, fsync
    of the folder: the same as a paper document's `state.json`), so it survives a power cut."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def save(self, data: dict[str, Any]) -> None:
        write_atomic(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


class WizardController(QObject):
    """Drives `steps` over `state`: shows a step's page, checks it, keeps the state on disk.

    `snapshot(state, step)` turns the state into what `recovery` saves (None: nothing to keep
    yet). Saving and clearing run on `lane` of `ops`, in order: a clear after a save wins."""

    entered = Signal(str)  # the step's name, after its `enter`
    problem = Signal(str, str)  # step name, one sentence: the step did not go on
    saveFailed = Signal(object)  # the exception: the clerk is told the work is not kept

    def __init__(
        self,
        steps: list[WizardStep],
        stack: QStackedWidget,
        state: Any,
        ops: Operations,
        *,
        recovery: Recovery | None = None,
        snapshot: Callable[[Any, str], dict[str, Any] | None] | None = None,
        lane: str = "wizard",
        owner: QObject | None = None,
    ) -> None:
        super().__init__(owner)
        self.steps = steps
        self.by_name = {s.name: s for s in steps}
        self.stack = stack
        self.state = state
        self.ops = ops
        self.recovery = recovery
        self.snapshot = snapshot
        self.lane = lane
        self.owner = owner
        self.index = 0
        for s in steps:
            stack.addWidget(s.page)

    def current(self) -> WizardStep:
        return self.steps[self.index]

    def go(self, name: str) -> WizardStep:
        """Show step `name` and enter it; the state is saved at every step but the first."""
        self.index = [s.name for s in self.steps].index(name)
        step = self.current()
        self.stack.setCurrentWidget(step.page)
        self.save()
        step.enter(self.state)
        self.entered.emit(name)
        return step

    def next(self) -> bool:
        """Check the step, keep what the clerk chose, go to the following step."""
        step = self.current()
        problem = step.validate()
        if problem:
            self.problem.emit(step.name, problem)
            return False
        step.leave(self.state)
        if self.index + 1 < len(self.steps):
            self.go(self.steps[self.index + 1].name)
        return True

    def back(self) -> None:
        if self.index > 0:
            self.current().leave(self.state)
            self.go(self.steps[self.index - 1].name)

    def auto_advance(self) -> bool:
        """Go on by itself when the step has nothing to check; True if it did."""
        return self.current().can_auto_advance(self.state) and self.next()

    # --- recovery -------------------------------------------------------------------------------

    def save(self) -> None:
        recovery, snapshot = self.recovery, self.snapshot
        if recovery is None or snapshot is None:
            return
        data = snapshot(self.state, self.current().name)
        if data is None:
            return
        self.ops.run(
            lambda _job: recovery.save(data), lane=self.lane, on_failure=self.saveFailed.emit, owner=self.owner
        )

    def clear(self) -> None:
        recovery = self.recovery
        if recovery is not None:
            self.ops.run(
                lambda _job: recovery.clear(), lane=self.lane, on_failure=self.saveFailed.emit, owner=self.owner
            )

    def load(self, on_loaded: Callable[[dict[str, Any] | None], None]) -> None:
        recovery = self.recovery
        if recovery is None:
            on_loaded(None)
            return
        self.ops.run(lambda _job: recovery.load(), lane=self.lane, on_success=on_loaded, owner=self.owner)
