"""Scanners of every backend behind one listing and one `scan` call, chosen by device id prefix."""

from __future__ import annotations

from qlvb_desktop.domain.capture import (
    CancelToken,
    PageCallback,
    RawPage,
    Scanner,
    ScannerInfo,
    ScanSettings,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError


class ScannerHub:
    def __init__(self, scanners: list[Scanner]) -> None:
        self.scanners = {s.backend: s for s in scanners}

    def devices(self) -> list[ScannerInfo]:
        out: list[ScannerInfo] = []
        for scanner in self.scanners.values():
            out.extend(scanner.devices())
        return out

    def resolve(self, device_id: str) -> tuple[Scanner, str]:
        backend, sep, _rest = device_id.partition(":")
        if sep and backend in self.scanners:
            return self.scanners[backend], device_id
        if "sane" in self.scanners:  # a bare SANE name such as "test:0" or "epson2:libusb:001:004"
            return self.scanners["sane"], f"sane:{device_id}"
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Không biết máy quét {device}; xem danh sách bằng qlvb scan --list."),
            device=device_id,
        )

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        if settings.dpi < 50 or settings.dpi > 1200:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Độ phân giải {dpi} dpi không hợp lệ (50–1200)."),
                dpi=settings.dpi,
            )
        scanner, full_id = self.resolve(device_id)
        return scanner.scan(full_id, settings, on_page, cancel)
