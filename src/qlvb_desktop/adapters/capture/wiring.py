"""The capture part of the composition root: adapters wired to the intake services."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qlvb_desktop.adapters.capture.escl import EsclScanner
from qlvb_desktop.adapters.capture.imaging import OpenCvCleaner
from qlvb_desktop.adapters.capture.inputs import FileReader
from qlvb_desktop.adapters.capture.pdfa import PikePdfAWriter
from qlvb_desktop.adapters.capture.profiles import JsonProfileStore
from qlvb_desktop.adapters.capture.sane_scanner import SaneScanner
from qlvb_desktop.adapters.capture.tesseract import TesseractOcr
from qlvb_desktop.adapters.capture.windows import TwainScanner, WiaScanner
from qlvb_desktop.services.intake import IntakeService
from qlvb_desktop.services.scanning import ScannerHub


@dataclass
class CaptureCore:
    intake: IntakeService
    scanners: ScannerHub
    cleaner: OpenCvCleaner
    profiles: JsonProfileStore
    reader: FileReader
    max_bytes: int


def build_capture(
    max_bytes: int, escl_urls: list[str] | None = None, workers: int | None = None, data_dir: Path | None = None
) -> CaptureCore:
    cleaner = OpenCvCleaner()
    intake = IntakeService(
        FileReader(),
        cleaner,
        TesseractOcr("vie"),
        PikePdfAWriter(),
        max_bytes,
        workers=workers or os.cpu_count() or 1,
    )
    urls = escl_urls if escl_urls is not None else [u for u in os.environ.get("QLVB_ESCL_URLS", "").split() if u]
    hub = ScannerHub([SaneScanner(), EsclScanner(urls), TwainScanner(), WiaScanner()])
    profiles = JsonProfileStore((data_dir or Path(tempfile.gettempdir())) / "scanner-profiles.json")
    return CaptureCore(intake, hub, cleaner, profiles, FileReader(), max_bytes)
