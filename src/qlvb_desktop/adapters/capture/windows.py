"""Windows scanners: TWAIN (pytwain) and WIA (comtypes), behind the same `Scanner` port.

Both import-guard: on another system, or without the driver stack, `devices()` returns one
entry marked "unavailable: <reason>" and `scan()` raises a clear ScanError, so the GUI can grey
the choice out with the reason (ARCHITECTURE practice 5). They cannot be exercised on Linux.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from qlvb_desktop.domain.capture import (
    CancelToken,
    PageCallback,
    RawPage,
    ScanError,
    ScannerInfo,
    ScanSettings,
    Source,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP


def _guard(module: str) -> tuple[Any, str | None]:
    if sys.platform != "win32":
        return None, "chỉ có trên Windows"
    try:
        return __import__(module), None
    except ImportError as exc:
        return None, f"thiếu gói {module} ({exc})"


def _unavailable(backend: str, reason: str) -> ScanError:
    return ScanError(
        QT_TRANSLATE_NOOP("Errors", "Không dùng được {backend}: {reason}."), backend=backend, reason=reason
    )


def _read_image(path: Path, dpi: int, origin: str) -> RawPage:
    image = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ScanError(QT_TRANSLATE_NOOP("Errors", "Máy quét gửi ảnh hỏng ở trang {page}."), page=origin)
    return RawPage(image, dpi, origin)


class TwainScanner:
    backend = "twain"

    def __init__(self) -> None:
        self.twain, self.problem = _guard("twain")

    def devices(self) -> list[ScannerInfo]:
        if self.twain is None:
            return [ScannerInfo("twain:", "TWAIN", "twain", False, self.problem or "")]
        sm = self.twain.SourceManager(0)
        try:
            return [ScannerInfo(f"twain:{name}", name, "twain") for name in sm.source_list]
        finally:
            sm.close()

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        if self.twain is None:
            raise _unavailable("TWAIN", self.problem or "")
        twain = self.twain
        pages: list[RawPage] = []
        sm = twain.SourceManager(0)
        try:
            src = sm.open_source(device_id.removeprefix("twain:").encode() or None)
            try:
                src.set_capability(twain.ICAP_XRESOLUTION, twain.TWTY_FIX32, float(settings.dpi))
                src.set_capability(twain.ICAP_YRESOLUTION, twain.TWTY_FIX32, float(settings.dpi))
                src.set_capability(
                    twain.ICAP_PIXELTYPE,
                    twain.TWTY_UINT16,
                    twain.TWPT_RGB if settings.color else twain.TWPT_GRAY,
                )
                feeder = settings.source is Source.FEEDER
                src.set_capability(twain.CAP_FEEDERENABLED, twain.TWTY_BOOL, feeder)
                if settings.duplex:
                    src.set_capability(twain.CAP_DUPLEXENABLED, twain.TWTY_BOOL, True)
                src.request_acquire(0, 0)
                with tempfile.TemporaryDirectory() as tmp:
                    more = 1
                    while more:
                        if cancel is not None and cancel.cancelled:
                            break
                        try:
                            handle, more = src.xfer_image_natively()
                        except twain.excTWCC_PAPERJAM as exc:
                            raise ScanError(_JAM, pages=pages) from exc
                        path = Path(tmp) / f"{len(pages)}.bmp"
                        twain.dib_to_bm_file(handle, str(path))
                        twain.global_handle_free(handle)
                        page = _read_image(path, settings.dpi, f"TWAIN trang {len(pages) + 1}")
                        pages.append(page)
                        if on_page is not None:
                            on_page(page)
                        if not feeder:
                            break
            finally:
                src.destroy()
        finally:
            sm.destroy()
        return pages


_JAM = QT_TRANSLATE_NOOP("Errors", "Máy quét bị kẹt giấy ở khay nạp; gỡ giấy kẹt rồi quét tiếp.")
WIA_FORMAT_BMP = "{B96B3CAB-0728-11D3-9D7B-0000F81EF32E}"
WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088
WIA_FEEDER, WIA_DUPLEX = 1, 4
WIA_ERROR_PAPER_EMPTY = -2145320957  # 0x80210003
WIA_ERROR_PAPER_JAM = -2145320958  # 0x80210002


class WiaScanner:
    backend = "wia"

    def __init__(self) -> None:
        self.comtypes, self.problem = _guard("comtypes.client")

    def devices(self) -> list[ScannerInfo]:
        if self.comtypes is None:
            return [ScannerInfo("wia:", "WIA", "wia", False, self.problem or "")]
        manager = self.comtypes.client.CreateObject("WIA.DeviceManager")
        out = []
        for i in range(1, manager.DeviceInfos.Count + 1):
            info = manager.DeviceInfos.Item(i)
            name = info.Properties.Item("Name").Value
            out.append(ScannerInfo(f"wia:{info.DeviceID}", name, "wia"))
        return out

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        if self.comtypes is None:
            raise _unavailable("WIA", self.problem or "")
        manager = self.comtypes.client.CreateObject("WIA.DeviceManager")
        wanted = device_id.removeprefix("wia:")
        device = None
        for i in range(1, manager.DeviceInfos.Count + 1):
            info = manager.DeviceInfos.Item(i)
            if info.DeviceID == wanted:
                device = info.Connect()
        if device is None:
            raise ScanError(
                QT_TRANSLATE_NOOP("Errors", "Không mở được máy quét {device}: {reason}."),
                device=wanted,
                reason="không tìm thấy",
            )
        feeder = settings.source is Source.FEEDER
        handling = (WIA_FEEDER | (WIA_DUPLEX if settings.duplex else 0)) if feeder else 2
        device.Properties.Item(str(WIA_DPS_DOCUMENT_HANDLING_SELECT)).Value = handling
        item = device.Items.Item(1)
        for prop, value in (
            ("6147", settings.dpi),
            ("6148", settings.dpi),
            ("6146", 1 if settings.color else 2),
        ):
            item.Properties.Item(prop).Value = value
        pages: list[RawPage] = []
        with tempfile.TemporaryDirectory() as tmp:
            while True:
                if cancel is not None and cancel.cancelled:
                    break
                try:
                    image = item.Transfer(WIA_FORMAT_BMP)
                except Exception as exc:  # COMError with an HRESULT
                    code = getattr(exc, "hresult", None) or (exc.args[0] if exc.args else None)
                    if code == WIA_ERROR_PAPER_EMPTY and pages:
                        break
                    if code == WIA_ERROR_PAPER_JAM:
                        raise ScanError(_JAM, pages=pages) from exc
                    raise ScanError(
                        QT_TRANSLATE_NOOP("Errors", "Máy quét báo lỗi: {reason}."),
                        pages=pages,
                        reason=str(exc),
                    ) from exc
                path = Path(tmp) / f"{len(pages)}.bmp"
                image.SaveFile(str(path))
                page = _read_image(path, settings.dpi, f"WIA trang {len(pages) + 1}")
                pages.append(page)
                if on_page is not None:
                    on_page(page)
                if not feeder:
                    break
        return pages
