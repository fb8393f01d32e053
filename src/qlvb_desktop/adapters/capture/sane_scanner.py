"""SANE scanners (Linux) through python-sane: flatbed, feeder (ADF), duplex, colour/gray, dpi.

All SANE calls of a scan happen on the thread that calls `scan` (the GUI runs it on one worker
thread, ARCHITECTURE practice 4). Device errors become a `ScanError` carrying the pages scanned
before it, so a jam on sheet 7 keeps sheets 1-6.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

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

try:
    import sane

    SANE_PROBLEM: str | None = None
except ImportError as exc:  # python-sane not installed, or not Linux
    sane = None
    SANE_PROBLEM = f"python-sane không dùng được ({exc})"

# libsane's sane_strstatus() texts (English; the C library does not translate them by default).
_MESSAGES = {
    "Document feeder jammed": QT_TRANSLATE_NOOP(
        "Errors", "Máy quét bị kẹt giấy ở khay nạp; gỡ giấy kẹt rồi quét tiếp."
    ),
    "Scanner cover is open": QT_TRANSLATE_NOOP("Errors", "Nắp máy quét đang mở; hãy đóng nắp rồi quét tiếp."),
    "Document feeder out of documents": QT_TRANSLATE_NOOP("Errors", "Khay nạp giấy không có giấy."),
    "Device busy": QT_TRANSLATE_NOOP("Errors", "Máy quét đang bận (có thể một chương trình khác đang dùng)."),
    "Error during device I/O": QT_TRANSLATE_NOOP(
        "Errors", "Mất kết nối với máy quét (lỗi vào/ra); kiểm tra cáp và nguồn điện."
    ),
    "Access to resource has been denied": QT_TRANSLATE_NOOP("Errors", "Không có quyền dùng máy quét này."),
    "Out of memory": QT_TRANSLATE_NOOP("Errors", "Máy quét báo hết bộ nhớ."),
}
_UNKNOWN = QT_TRANSLATE_NOOP("Errors", "Máy quét báo lỗi: {reason}.")
_SCANNED_SO_FAR = " " + QT_TRANSLATE_NOOP("Errors", "Đã giữ {count} trang quét trước đó.")
NO_DOCS = "Document feeder out of documents"

_lock = threading.Lock()  # sane_init/sane_exit are process-wide


def _error(exc: BaseException, pages: list[RawPage]) -> ScanError:
    reason = str(exc.args[0]) if exc.args else str(exc)
    template = _MESSAGES.get(reason, _UNKNOWN)
    if pages:
        template += _SCANNED_SO_FAR
    return ScanError(template, pages=list(pages), reason=reason, count=len(pages))


def _pick(values: list[str], *wanted: str) -> str | None:
    lowered = {v.lower(): v for v in values}
    for want in wanted:
        for low, original in lowered.items():
            if want in low:
                return original
    return None


class SaneScanner:
    backend = "sane"

    def __init__(
        self, options: dict[str, Any] | None = None, before_sheet: Callable[[Any, int], None] | None = None
    ) -> None:
        """`options`: extra SANE options set on every scan (a scanner profile's settings).
        `before_sheet(device, index)`: called before each sheet, e.g. to change an option."""
        self.options = options or {}
        self.before_sheet = before_sheet

    def devices(self) -> list[ScannerInfo]:
        if sane is None:
            return [ScannerInfo("sane:", "SANE", "sane", False, SANE_PROBLEM or "")]
        with _lock:
            sane.init()
            try:
                found = sane.get_devices()
                infos = []
                for name, vendor, model, kind in found:
                    infos.append(
                        ScannerInfo(
                            f"sane:{name}",
                            f"{vendor} {model} ({kind})",
                            "sane",
                            True,
                            "",
                            *self._capabilities(name),
                        )
                    )
                return infos
            finally:
                sane.exit()

    def _capabilities(self, name: str) -> tuple[tuple[Source, ...], bool]:
        try:
            dev = sane.open(name)
        except Exception:
            return (Source.FLATBED,), False
        try:
            values = list(dev["source"].constraint or []) if "source" in dev.optlist else []
        finally:
            dev.close()
        sources = []
        if not values or _pick(values, "flatbed"):
            sources.append(Source.FLATBED)
        if _pick(values, "feeder", "adf"):
            sources.append(Source.FEEDER)
        return tuple(sources), _pick(values, "duplex") is not None

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        if sane is None:
            raise ScanError(QT_TRANSLATE_NOOP("Errors", "Không dùng được SANE: {reason}."), reason=SANE_PROBLEM)
        name = device_id.removeprefix("sane:")
        pages: list[RawPage] = []
        with _lock:
            sane.init()
            try:
                try:
                    dev = sane.open(name)
                except Exception as exc:  # _sane.error or RuntimeError: the device is gone
                    raise ScanError(
                        QT_TRANSLATE_NOOP("Errors", "Không mở được máy quét {device}: {reason}."),
                        device=name,
                        reason=str(exc),
                    ) from exc
                try:
                    self._configure(dev, settings)
                    self._run(dev, name, settings, pages, on_page, cancel)
                finally:
                    dev.close()
            finally:
                sane.exit()
        return pages

    def _configure(self, dev: Any, settings: ScanSettings) -> None:
        opts = dev.optlist
        if "source" in opts:
            values = list(dev["source"].constraint or [])
            if settings.source is Source.FEEDER:
                choice = _pick(values, "duplex") if settings.duplex else _pick(values, "feeder", "adf")
                if choice is None:
                    what = "quét hai mặt" if settings.duplex else "khay nạp giấy"
                    raise ScanError(QT_TRANSLATE_NOOP("Errors", "Máy quét này không có {what}."), what=what)
            else:
                choice = _pick(values, "flatbed") or values[0]
            dev.source = choice
        elif settings.source is Source.FEEDER:
            raise ScanError(QT_TRANSLATE_NOOP("Errors", "Máy quét này không có {what}."), what="khay nạp giấy")
        if "mode" in opts:
            values = list(dev["mode"].constraint or [])
            mode = _pick(values, "color", "colour") if settings.color else _pick(values, "gray", "grey")
            if mode:
                dev.mode = mode
        if "resolution" in opts:
            dev.resolution = settings.dpi
        if "depth" in opts and 8 in (dev["depth"].constraint or []):
            dev.depth = 8
        for key, value in self.options.items():
            setattr(dev, key, value)

    def _run(
        self,
        dev: Any,
        name: str,
        settings: ScanSettings,
        pages: list[RawPage],
        on_page: PageCallback | None,
        cancel: CancelToken | None,
    ) -> None:
        feeder = settings.source is Source.FEEDER
        dpi = int(dev.resolution) if "resolution" in dev.optlist else settings.dpi
        sheet = 0
        while True:
            if cancel is not None and cancel.cancelled:
                dev.cancel()
                return
            if self.before_sheet is not None:
                self.before_sheet(dev, sheet)
            try:
                dev.start()
                array = dev.arr_snap()
            except Exception as exc:  # _sane.error
                reason = str(exc.args[0]) if exc.args else ""
                if reason == NO_DOCS and feeder and pages:
                    return  # the feeder is empty: the batch is complete
                raise _error(exc, pages) from exc
            if array.dtype != np.uint8:
                array = (array >> 8).astype(np.uint8)
            if array.shape[2] == 3:
                array = np.ascontiguousarray(array[:, :, ::-1])  # RGB -> BGR
            else:
                array = np.ascontiguousarray(array[:, :, 0])
            side = f" mặt {'trước' if sheet % 2 == 0 else 'sau'}" if settings.duplex else ""
            page = RawPage(array, dpi, f"{name} tờ {sheet // (2 if settings.duplex else 1) + 1}{side}")
            pages.append(page)
            if on_page is not None:
                on_page(page)
            sheet += 1
            if not feeder:
                return
