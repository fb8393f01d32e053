"""SANE scans in a child process under a watchdog (issue 12): the SANE test backend once hung for
good inside its reader thread. A scan that stops answering is ended and the sheets already scanned
are kept; ordinary scans and device errors behave as in-process ones."""

from __future__ import annotations

import time
from functools import partial

import pytest

from qlvb_desktop.adapters.capture.sane_child import ChildSaneScanner
from qlvb_desktop.domain.capture import CancelToken, ScanError, ScanSettings, Source
from tests.adapters.capture.sane_faults import hang_at, status_at

PATTERN = {"test_picture": "Color pattern"}


def _settings() -> ScanSettings:
    return ScanSettings(source=Source.FEEDER, dpi=50)


def test_feeder_scan_in_a_child_sends_every_page(sane_config):
    seen = []
    pages = ChildSaneScanner(PATTERN).scan("sane:test:0", _settings(), on_page=seen.append)
    assert len(pages) == 10 and len(seen) == 10
    assert pages[9].origin == "test:0 tờ 10" and pages[0].image.shape[2] == 3


def test_a_hung_driver_is_stopped_and_the_pages_scanned_are_kept(sane_config):
    scanner = ChildSaneScanner(PATTERN, before_sheet=partial(hang_at, 3), page_timeout_s=8)
    started = time.monotonic()
    with pytest.raises(ScanError) as err:
        scanner.scan("sane:test:0", _settings())
    assert len(err.value.pages) == 3
    assert "không phản hồi" in err.value.message and "3 trang" in err.value.message
    assert time.monotonic() - started < 120  # not forever


def test_device_errors_keep_their_sentence_and_pages(sane_config):
    with pytest.raises(ScanError) as err:
        jam = partial(status_at, "SANE_STATUS_JAMMED", 2)
        ChildSaneScanner(PATTERN, before_sheet=jam).scan("sane:test:0", _settings())
    assert "kẹt giấy" in err.value.message and len(err.value.pages) == 2


def test_cancel_stops_between_sheets(sane_config):
    cancel = CancelToken()
    seen = []

    def on_page(page: object) -> None:
        seen.append(page)
        if len(seen) == 2:
            cancel.cancel()

    pages = ChildSaneScanner(PATTERN).scan("sane:test:0", _settings(), on_page=on_page, cancel=cancel)
    assert 2 <= len(pages) < 10


def test_devices_listed_from_the_child(sane_config):
    assert [i.id for i in ChildSaneScanner().devices()] == ["sane:test:0", "sane:test:1"]
