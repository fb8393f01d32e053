"""Faults injected into the SANE `test` backend, for scans in a child process (module level: they
must pickle). A status injected this way makes libsane cancel its reader thread right after it
started, and the test backend has been seen to hang there for good (the reader cancelled inside
malloc) holding the interpreter lock: never inject one into a scan in the test process itself,
where it freezes the whole run beyond pytest's timeout. `ChildSaneScanner` ends such a child."""

from __future__ import annotations

import time


def status_at(status: str, at_sheet: int, device: object, sheet: int) -> None:
    """The driver answers `status` (e.g. SANE_STATUS_JAMMED) when sheet `at_sheet` is read."""
    if sheet == at_sheet:
        device.read_return_value = status  # type: ignore[attr-defined]


def hang_at(sheet_to_hang: int, device: object, sheet: int) -> None:
    """The driver stops answering on this sheet."""
    if sheet == sheet_to_hang:
        time.sleep(3600)
