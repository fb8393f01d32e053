"""The eSCL client against a loopback device: capabilities, a feeder batch, a jam, cancel."""

from __future__ import annotations

import pytest

from qlvb_desktop.adapters.capture import escl
from qlvb_desktop.adapters.capture.escl import EsclClient, EsclScanner
from qlvb_desktop.domain.capture import CancelToken, ScanError, ScanSettings, Source


@pytest.fixture(autouse=True)
def _fast_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(escl, "RETRY_DELAY", 0.01)


def test_capabilities_and_listing(escl_device):
    caps = EsclClient(escl_device.url).capabilities()
    assert caps.make_and_model == "Loopback eSCL Scanner"
    assert caps.platen and caps.adf and caps.duplex
    assert caps.resolutions == (200, 300)
    [info] = EsclScanner([escl_device.url]).devices()
    assert info.available and info.id == f"escl:{escl_device.url}"
    assert set(info.sources) == {Source.FLATBED, Source.FEEDER}


def test_feeder_batch_retries_on_503_and_stops_on_404(escl_device):
    escl_device.pages = 4
    seen = []
    pages = EsclScanner([escl_device.url]).scan(
        f"escl:{escl_device.url}", ScanSettings(Source.FEEDER, dpi=200), on_page=seen.append
    )
    assert len(pages) == 4 and seen == pages
    assert pages[0].image.ndim == 3 and pages[0].dpi == 200
    next_docs = [r for r in escl_device.requests if r.endswith("/NextDocument")]
    assert len(next_docs) == 4 * 2 + 1 + 1  # a 503 before each page, then a 503 and the 404


def test_flatbed_is_one_page(escl_device):
    pages = EsclScanner([escl_device.url]).scan(f"escl:{escl_device.url}", ScanSettings(Source.FLATBED))
    assert len(pages) == 1


def test_jam_keeps_pages_scanned_before(escl_device):
    escl_device.pages, escl_device.jam_at = 5, 2
    with pytest.raises(ScanError) as err:
        EsclScanner([escl_device.url]).scan(f"escl:{escl_device.url}", ScanSettings(Source.FEEDER))
    assert "kẹt giấy" in err.value.message
    assert "2 trang" in err.value.message
    assert len(err.value.pages) == 2


def test_cancel_deletes_the_job(escl_device):
    escl_device.pages = 5
    cancel = CancelToken()
    pages = EsclScanner([escl_device.url]).scan(
        f"escl:{escl_device.url}", ScanSettings(Source.FEEDER), on_page=lambda p: cancel.cancel(), cancel=cancel
    )
    assert len(pages) == 1
    assert any(r.startswith("DELETE /eSCL/ScanJobs/job1") for r in escl_device.requests)


def test_duplex_refused_when_the_device_has_none(escl_device):
    escl_device.duplex = False
    with pytest.raises(ScanError, match="hai mặt"):
        EsclScanner([escl_device.url]).scan(f"escl:{escl_device.url}", ScanSettings(Source.FEEDER, duplex=True))


def test_unreachable_device_is_listed_unavailable():
    [info] = EsclScanner(["http://127.0.0.1:9/eSCL"]).devices()
    assert not info.available
    assert "Không kết nối được" in info.reason


def test_device_gone_mid_batch_keeps_pages(escl_device):
    escl_device.pages = 4

    def unplug(page):
        escl_device.server.shutdown()
        escl_device.server.server_close()

    with pytest.raises(ScanError) as err:
        EsclScanner([escl_device.url]).scan(f"escl:{escl_device.url}", ScanSettings(Source.FEEDER), on_page=unplug)
    assert "Không kết nối được" in err.value.message and "1 trang" in err.value.message
    assert len(err.value.pages) == 1
