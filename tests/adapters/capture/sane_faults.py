"""Faults injected into the SANE `test` backend, for scans in a child process (module level: they
must pickle). A status injected this way makes libsane cancel its reader thread right after it
started, and the test backend has been seen to hang there for good (the reader cancelled inside
malloc) holding the interpreter lock: never inject one into a scan in the test process itself,
where it freezes the whole run beyond pytest's timeout. `ChildSaneScanner` ends such a child."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from qlvb_desktop.adapters.capture.sane_child import ChildSaneScanner
from qlvb_desktop.domain.capture import CancelToken, PageCallback, RawPage, ScanError, ScannerInfo, ScanSettings


def status_at(status: str, at_sheet: int, device: object, sheet: int) -> None:
    """The driver answers `status` (e.g. SANE_STATUS_JAMMED) when sheet `at_sheet` is read."""
    if sheet == at_sheet:
        device.read_return_value = status  # type: ignore[attr-defined]


def hang_at(sheet_to_hang: int, device: object, sheet: int) -> None:
    """The driver stops answering on this sheet."""
    if sheet == sheet_to_hang:
        time.sleep(3600)


class FaultyScanner:
    """The `Scanner` port for a scan with an injected status: `ChildSaneScanner` (as the window
    scans), and when the test backend hangs in its own cancel (the watchdog's sentence) the scan is
    made once more in a new child. That hang is the simulator's bug, not the behaviour under test
    (the watchdog itself is tested in test_sane_child.py); a second hang in a row still fails.
    Pages reach `on_page` once the attempt that counts is over."""

    backend = "sane"

    def __init__(self, status: str, at_sheet: int, options: dict[str, Any] | None = None) -> None:
        self.inner = ChildSaneScanner(options, before_sheet=partial(status_at, status, at_sheet), page_timeout_s=20)

    def devices(self) -> list[ScannerInfo]:
        return self.inner.devices()

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        for attempt in (1, 2):
            try:
                pages = self.inner.scan(device_id, settings, cancel=cancel)
            except ScanError as exc:
                if attempt == 1 and "không phản hồi" in exc.message:
                    continue
                for page in exc.pages if on_page is not None else []:
                    on_page(page)
                raise
            for page in pages if on_page is not None else []:
                on_page(page)
            return pages
        raise AssertionError("unreachable")
