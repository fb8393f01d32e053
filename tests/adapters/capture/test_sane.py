"""Scanning through python-sane with the SANE `test` backend: a 10-sheet feeder, injected errors."""

from __future__ import annotations

import pytest

from qlvb_desktop.adapters.capture.sane_scanner import SaneScanner
from qlvb_desktop.domain.capture import CancelToken, ScanError, ScanSettings, Source
from tests.adapters.capture.sane_faults import FaultyScanner

PATTERN = {"test_picture": "Color pattern"}


def low(source: Source = Source.FEEDER, **kw) -> ScanSettings:
    return ScanSettings(source=source, dpi=kw.pop("dpi", 50), **kw)


def test_lists_only_the_test_devices(sane_config):
    infos = SaneScanner().devices()
    assert [i.id for i in infos] == ["sane:test:0", "sane:test:1"]
    assert all(i.available for i in infos)
    assert set(infos[0].sources) == {Source.FLATBED, Source.FEEDER}
    assert not infos[0].duplex


def test_feeder_scans_ten_sheets_in_colour(sane_config):
    seen = []
    pages = SaneScanner(PATTERN).scan("sane:test:0", low(), on_page=seen.append)
    assert len(pages) == 10 and seen == pages
    assert pages[0].image.ndim == 3 and pages[0].image.shape[2] == 3
    assert pages[0].dpi == 50
    assert pages[9].origin == "test:0 tờ 10"


def test_gray_flatbed_is_one_page(sane_config):
    pages = SaneScanner(PATTERN).scan("sane:test:0", low(Source.FLATBED, color=False))
    assert len(pages) == 1 and pages[0].image.ndim == 2


def _faulty(status: str, at_sheet: int) -> FaultyScanner:
    # An injected status is scanned in a child process: see tests/adapters/capture/sane_faults.py.
    return FaultyScanner(status, at_sheet, PATTERN)


def test_jam_keeps_the_sheets_already_scanned(sane_config):
    with pytest.raises(ScanError) as err:
        _faulty("SANE_STATUS_JAMMED", 3).scan("sane:test:0", low())
    assert "kẹt giấy" in err.value.message and "3 trang" in err.value.message
    assert len(err.value.pages) == 3


def test_cover_open_on_first_sheet(sane_config):
    with pytest.raises(ScanError) as err:
        _faulty("SANE_STATUS_COVER_OPEN", 0).scan("sane:test:0", low())
    assert "Nắp máy quét đang mở" in err.value.message
    assert err.value.pages == []


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("SANE_STATUS_DEVICE_BUSY", "đang bận"),
        ("SANE_STATUS_IO_ERROR", "Mất kết nối"),
        ("SANE_STATUS_NO_DOCS", "không có giấy"),
    ],
)
def test_device_errors_become_clear_messages(sane_config, status, words):
    with pytest.raises(ScanError, match=words):
        _faulty(status, 0).scan("sane:test:0", low())


def test_duplex_refused_by_a_simplex_device(sane_config):
    with pytest.raises(ScanError, match="hai mặt"):
        SaneScanner(PATTERN).scan("sane:test:0", low(duplex=True))


def test_missing_device(sane_config):
    with pytest.raises(ScanError, match="Không mở được máy quét"):
        SaneScanner().scan("sane:nosuch:0", low())


def test_cancel_stops_between_sheets(sane_config):
    cancel = CancelToken()
    pages = SaneScanner(PATTERN).scan(
        "sane:test:0", low(), on_page=lambda p: cancel.cancel() if len(p.origin) else None, cancel=cancel
    )
    assert len(pages) == 1


def test_scanned_batch_becomes_one_pdf(sane_config, capture, tmp_path):
    pages = capture.scanners.scan("test:0", ScanSettings(Source.FEEDER, dpi=75))
    result = capture.intake.ingest_pages(pages[:3], tmp_path / "scan.pdf")
    [doc] = result.documents
    assert doc.pdf.exists() and len(doc.pages) == 3
    assert all(p.dpi >= 200 for p in doc.pages)  # upsampled to the minimum, 100 % scale
    assert all("low_dpi" in [w.value for w in p.warnings] for p in doc.pages)
