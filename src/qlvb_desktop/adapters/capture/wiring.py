"""The capture part of the composition root: adapters wired to the intake services.

Built on first use, like the signing area: OpenCV, pikepdf and python-sane take a noticeable
part of a second to import, and the register commands never need them.
"""

from __future__ import annotations

import os
import tempfile
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qlvb_desktop.adapters.capture.imaging import OpenCvCleaner
    from qlvb_desktop.adapters.capture.inputs import FileReader
    from qlvb_desktop.adapters.capture.page_files import PngPageFiles
    from qlvb_desktop.adapters.capture.profiles import JsonProfileStore
    from qlvb_desktop.services.intake import IntakeService
    from qlvb_desktop.services.scanning import ScannerHub


class CaptureCore:
    def __init__(self, max_bytes: int, escl_urls: list[str], workers: int, data_dir: Path) -> None:
        self.max_bytes = max_bytes
        self.escl_urls = escl_urls
        self.workers = workers
        self.data_dir = data_dir

    @cached_property
    def cleaner(self) -> OpenCvCleaner:
        from qlvb_desktop.adapters.capture.imaging import OpenCvCleaner

        return OpenCvCleaner()

    @cached_property
    def reader(self) -> FileReader:
        from qlvb_desktop.adapters.capture.inputs import FileReader

        return FileReader()

    @cached_property
    def intake(self) -> IntakeService:
        from qlvb_desktop.adapters.capture.pdfa import PikePdfAWriter
        from qlvb_desktop.adapters.capture.tesseract import TesseractOcr
        from qlvb_desktop.services.intake import IntakeService

        return IntakeService(
            self.reader, self.cleaner, TesseractOcr("vie"), PikePdfAWriter(), self.max_bytes, workers=self.workers
        )

    @cached_property
    def page_files(self) -> PngPageFiles:
        from qlvb_desktop.adapters.capture.page_files import PngPageFiles

        return PngPageFiles()

    @cached_property
    def scanners(self) -> ScannerHub:
        from qlvb_desktop.adapters.capture.escl import EsclScanner
        from qlvb_desktop.adapters.capture.sane_child import ChildSaneScanner
        from qlvb_desktop.adapters.capture.windows import TwainScanner, WiaScanner
        from qlvb_desktop.services.scanning import ScannerHub

        return ScannerHub([ChildSaneScanner(), EsclScanner(self.escl_urls), TwainScanner(), WiaScanner()])

    @cached_property
    def profiles(self) -> JsonProfileStore:
        from qlvb_desktop.adapters.capture.profiles import JsonProfileStore

        return JsonProfileStore(self.data_dir / "scanner-profiles.json")


def build_capture(
    max_bytes: int, escl_urls: list[str] | None = None, workers: int | None = None, data_dir: Path | None = None
) -> CaptureCore:
    urls = escl_urls if escl_urls is not None else [u for u in os.environ.get("QLVB_ESCL_URLS", "").split() if u]
    return CaptureCore(max_bytes, urls, workers or os.cpu_count() or 1, data_dir or Path(tempfile.gettempdir()))
