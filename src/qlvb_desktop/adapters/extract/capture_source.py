"""The extractor's page source on the capture pipeline (issue 3): its file reader (pages of
scans, the text layer of born-digital PDFs) and its cleaner (orientation, deskew, border crop,
blank flags); then the extractor's own colour separation and one Tesseract pass per page."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.adapters.capture.imaging import OpenCvCleaner
from qlvb_desktop.adapters.capture.inputs import read_inputs
from qlvb_desktop.adapters.extract.imaging import OCR_DPI, CleanImage, binary, remove_colour
from qlvb_desktop.adapters.extract.source import ScanPageSource
from qlvb_desktop.domain.capture import PageSource as CapturePage
from qlvb_desktop.domain.extraction.fields import PageRead
from qlvb_desktop.domain.extraction.ports import PreparedPage

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # SPEC §10, a setting of the station


class CapturePageSource(ScanPageSource):
    """Pages come out of the capture cleaner upright, so no orientation pass is needed here."""

    detect_orientation = False

    def __init__(self, language: str = "vie", max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None) -> None:
        super().__init__(language, workers)
        self.max_bytes = max_bytes
        self.cleaner = OpenCvCleaner()

    def prepare(self, paths: Sequence[Path]) -> list[PreparedPage]:
        batch = read_inputs(list(paths), self.max_bytes)
        if batch.kind != "raster":
            if batch.text_pages:
                name = batch.pdf_path.name if batch.pdf_path else "pdf"
                return [
                    PreparedPage(f"{name} p{i + 1}", not page.words, None, PageRead(page, not page.words))
                    for i, page in enumerate(batch.text_pages)
                ]
            # A signed scan without a text layer: render its pages and read them like any scan.
            return super().prepare(paths)
        with ThreadPoolExecutor(self.workers) as pool:
            return list(pool.map(self._clean, batch.pages))

    def _clean(self, source: CapturePage) -> PreparedPage:
        page = self.cleaner.clean(source.load())
        image = np.asarray(page.image)
        if page.dpi != OCR_DPI:
            f = OCR_DPI / page.dpi
            image = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
        gray = remove_colour(image, OCR_DPI)
        clean = CleanImage(gray, binary(gray), OCR_DPI, page.rotation, page.skew, page.blank, page.origin)
        return PreparedPage(page.origin, page.blank, clean)
