"""TWAIN and WIA cannot run here: they must say so, not crash."""

from __future__ import annotations

import sys

import pytest

from qlvb_desktop.adapters.capture.windows import TwainScanner, WiaScanner
from qlvb_desktop.domain.capture import ScanError, ScanSettings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="checks the behaviour off Windows")


@pytest.mark.parametrize("scanner_class", [TwainScanner, WiaScanner])
def test_unavailable_with_a_reason(scanner_class):
    scanner = scanner_class()
    [info] = scanner.devices()
    assert not info.available and info.reason == "chỉ có trên Windows"
    assert "unavailable: chỉ có trên Windows" in info.describe()
    with pytest.raises(ScanError, match="chỉ có trên Windows"):
        scanner.scan(info.id, ScanSettings())


def test_hub_lists_every_backend(sane_config, capture):
    ids = [i.id for i in capture.scanners.devices()]
    assert ids[:2] == ["sane:test:0", "sane:test:1"] and "twain:" in ids and "wia:" in ids
