"""The extractor's page source, on the capture pipeline (issue 3) from end to end: capture's
file reader (pages of scans; the text layer of a born-digital PDF, which is not OCRed), its
cleaner (orientation, deskew, border crop, blank flags) and its Tesseract adapter (in the process
through libtesseract, one engine per call running at once, `OMP_THREAD_LIMIT=1`, pages and bands
side by side on the cores). What is the extractor's own:
the colour separation before OCR (seal and signature over the signer block) and reading only
the parts of a page that hold fields."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.adapters.capture.imaging import OpenCvCleaner, PageSurvey
from qlvb_desktop.adapters.capture.inputs import read_inputs
from qlvb_desktop.adapters.capture.tesseract import TesseractOcr
from qlvb_desktop.adapters.capture.tesseract_api import shared_pool
from qlvb_desktop.adapters.extract.handwriting import DigitReader
from qlvb_desktop.adapters.extract.imaging import (
    OCR_DPI,
    CleanImage,
    binary,
    darkest_only,
    keep_darkest,
    remove_colour,
    seal_ink,
)
from qlvb_desktop.adapters.extract.signatures import appearance_words, signer_subjects, signing_times
from qlvb_desktop.domain.capture import CleanPage
from qlvb_desktop.domain.capture import PageSource as CapturePage
from qlvb_desktop.domain.extraction.fields import PageRead
from qlvb_desktop.domain.extraction.handwriting import PenReader, PenReading
from qlvb_desktop.domain.extraction.model import SignerSubject
from qlvb_desktop.domain.extraction.ports import PreparedPage
from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # SPEC §10, a setting of the station
# The signer block's column starts right of this part of the page width (SPEC §5: Nơi nhận left,
# the signer block right).
SIGNER_COLUMN = 0.45


def _offset(words: list[OcrWord], top: int) -> tuple[OcrWord, ...]:
    return tuple(replace(w, box=replace(w.box, top=w.box.top + top)) for w in words)


def _bands(ink: np.ndarray, min_gap: int = 8) -> list[tuple[int, int]]:
    """Rows of a page cut in two at the blank gap between lines nearest the middle of its
    text; the whole page when there is no such gap (a figure, a table across the middle)."""
    rows = ink.mean(axis=1) > 0.002
    inked = np.nonzero(rows)[0]
    if inked.size == 0:
        return [(0, ink.shape[0])]
    first, last = int(inked[0]), int(inked[-1])
    middle, best = (first + last) / 2, None
    start = None
    for y in range(int(first + 0.3 * (last - first)), int(first + 0.7 * (last - first)) + 1):
        if not rows[y]:
            start = y if start is None else start
            continue
        if start is not None and y - start >= min_gap:
            cut = (start + y) // 2
            if best is None or abs(cut - middle) < abs(best - middle):
                best = cut
        start = None
    if best is None:
        return [(0, ink.shape[0])]
    return [(0, best), (best, ink.shape[0])]


@dataclass
class _Surveyed:
    """A page capture's cleaner has looked at (not blank), not yet cleaned nor finished for
    the extractor's OCR: only the pages read are (the middle pages of a document are counted,
    not read; orientation, deskew and colour separation cost 0.15-0.3 s of CPU a page)."""

    survey: PageSurvey


def _finish(page: CleanPage) -> CleanImage:
    """The page at OCR_DPI, blue and red ink turned to paper (`imaging.remove_colour`)."""
    image = np.asarray(page.image)
    if page.dpi != OCR_DPI:
        f = OCR_DPI / page.dpi
        image = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
    gray = remove_colour(image, OCR_DPI)
    return CleanImage(gray, binary(gray), OCR_DPI, page.rotation, page.skew, page.blank, page.origin, image)


class CapturePageSource:
    def __init__(
        self,
        language: str = "vie",
        max_bytes: int = DEFAULT_MAX_BYTES,
        workers: int | None = None,
        digits_cache: Path | None = None,
    ) -> None:
        self.language = language
        self.max_bytes = max_bytes
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        self.cleaner = OpenCvCleaner()
        self.engine = TesseractOcr(language)
        self.digits = DigitReader(digits_cache)

    def prepare(self, paths: Sequence[Path]) -> list[PreparedPage]:
        batch = read_inputs(list(paths), self.max_bytes, hidden_text_as_scan=True)
        if batch.text_pages:  # born-digital (or signed with a text layer): its own words
            name = batch.pdf_path.name if batch.pdf_path else "pdf"
            overlays = appearance_words(batch.pdf_path) if batch.kind == "signed" and batch.pdf_path else []
            return [
                PreparedPage(
                    f"{name} p{i + 1}",
                    not page.words,
                    None,
                    PageRead(page, not page.words, overlay=overlays[i] if i < len(overlays) else ()),
                )
                for i, page in enumerate(batch.text_pages)
            ]
        with ThreadPoolExecutor(self.workers) as pool:
            # The two engines reading a page's halves side by side are loaded while the pages
            # are looked at (a one-page scan leaves the second core idle meanwhile).
            warming = pool.submit(self._warm) if batch.pages else None
            prepared = list(pool.map(self._clean, batch.pages))
            if warming is not None:
                warming.result()
            return prepared

    def _warm(self) -> None:
        engines = shared_pool()
        # A language not installed: `check` says so, in Vietnamese, when the pages are read.
        if engines is not None:
            with contextlib.suppress(OSError):
                engines.warm(self.language, 2)

    def _clean(self, source: CapturePage) -> PreparedPage:
        survey = self.cleaner.survey(source.load())
        if not survey.blank:
            return PreparedPage(survey.raw.origin, False, _Surveyed(survey))
        page = self.cleaner.finish(survey, gentle=False)
        clean = _finish(page)
        # A sheet bearing only the seal stamped across the pages' edges (giáp lai) has nothing to
        # read but is a page of the document.
        sealed = clean.colour is not None and seal_ink(clean.colour, OCR_DPI)
        return PreparedPage(page.origin, page.blank, clean, sealed=sealed)

    def _image(self, page: PreparedPage) -> CleanImage | None:
        """The page's image for OCR, cleaned and finished on first use (in the reading thread:
        the first and last pages side by side)."""
        if isinstance(page.handle, _Surveyed):
            page.handle = _finish(self.cleaner.finish(page.handle.survey, gentle=False))
        return page.handle if isinstance(page.handle, CleanImage) else None

    def _read_part(self, image: CleanImage, part: str) -> OcrPage:
        top, bottom = image.part(part)
        strip = image.ocr[top:bottom].copy()
        # The seal and signature sit over the signer block, in the lower part of a page: there,
        # keep only the darkest ink (the header's thin tone marks would suffer from it).
        lower = max(0, int(image.ocr.shape[0] * 0.45) - top)
        if lower < strip.shape[0]:
            strip[lower:] = keep_darkest(strip[lower:])
        # A whole page is read as two bands cut between two lines of text, side by side: one
        # Tesseract engine per core instead of one for the page.
        bands = _bands(image.binary[top:bottom]) if part == "all" else [(0, strip.shape[0])]
        with ThreadPoolExecutor(len(bands)) as pool:
            read = list(pool.map(lambda band: self._read_band(strip, band, image.dpi), bands))
        words = tuple(
            w for (band_top, _), found in zip(bands, read, strict=True) for w in _offset(found, top + band_top)
        )
        height, width = image.ocr.shape[:2]
        return OcrPage(width, height, image.dpi, words, image.rotation, image.skew, self.language)

    def _read_band(self, strip: np.ndarray, band: tuple[int, int], dpi: int) -> list[OcrWord]:
        return self.engine.read_image(strip[band[0] : band[1]], dpi)

    def ocr(self, pages: Sequence[PreparedPage], parts: Sequence[str] | None = None) -> None:
        wanted = list(parts) if parts is not None else ["all"] * len(pages)
        todo = [(p, part) for p, part in zip(pages, wanted, strict=True) if p.read is None]
        todo = [(p, part) for p, part in todo if isinstance(p.handle, (CleanImage, _Surveyed))]
        if not todo:
            return
        self.engine.check()

        def run(item: tuple[PreparedPage, str]) -> PageRead:
            page, part = item
            image = self._image(page)
            assert image is not None
            words = self._read_part(image, part)
            if words.words and words.mean_confidence < 45:
                # Upside down after all (a sparse page fools the cleaner's up/down test): the
                # words read are nonsense. Read it turned; keep whichever reading is surer.
                image.turn(180)
                turned = self._read_part(image, part)
                if turned.mean_confidence > words.mean_confidence:
                    words = turned
                else:
                    image.turn(180)
            return PageRead(words, image.blank, image.stroke, self._pen_reader(image))

        # Threads only wait here: Tesseract recognizes without holding the GIL.
        with ThreadPoolExecutor(self.workers) as pool:
            for (page, _), read in zip(todo, pool.map(run, todo), strict=True):
                page.read = read

    def signed_on(self, paths: Sequence[Path]) -> date | None:
        times = [t for p in paths for t in signing_times(p)]
        return min(times).date() if times else None

    def signers(self, paths: Sequence[Path]) -> list[SignerSubject]:
        return [s for p in paths for s in signer_subjects(p)]

    def _pen_reader(self, image: CleanImage) -> PenReader | None:
        colour = image.colour
        if colour is None:
            return None
        # The fields are worked out again when a part of the page is read again (the signer
        # from the foot): the same gap is not read twice (its Tesseract run, the classifiers).
        known: dict[tuple[Box, int], PenReading | None] = {}

        def read(box: Box, line_height: int) -> PenReading | None:
            if (box, line_height) not in known:
                known[(box, line_height)] = self.digits.read(colour, box, line_height)
            return known[(box, line_height)]

        return read

    def read_part(self, page: PreparedPage, part: str) -> tuple[int, list[OcrWord]] | None:
        image = self._image(page)
        if image is None:
            return None
        if part == "signer":
            return self._read_signer(image)
        return image.part(part)[0], list(self._read_part(image, part).words)

    def _read_signer(self, image: CleanImage) -> tuple[int, list[OcrWord]]:
        """The foot in two columns side by side: the left one (Nơi nhận) as a page, the right one
        (the signer block under its seal and signature) as one block of lines."""
        top, bottom = image.part("foot")
        split = int(image.ocr.shape[1] * SIGNER_COLUMN)
        strip = image.ocr[top:bottom]

        def read(column: tuple[int, int, bool]) -> list[OcrWord]:
            left, right, block = column
            found = self.engine.read_image(strip[:, left:right], image.dpi, block=block)
            return [replace(w, box=replace(w.box, left=w.box.left + left, top=w.box.top + top)) for w in found]

        columns = [(0, split, False), (split, strip.shape[1], True)]
        with ThreadPoolExecutor(2) as pool:
            return top, [w for found in pool.map(read, columns) for w in found]

    def read_line(self, page: PreparedPage, box: Box, darkest: bool = True) -> list[OcrWord] | None:
        image = self._image(page)
        if image is None:
            return None
        h = max(8, box.height)
        height, width = image.ocr.shape[:2]
        x0, x1 = max(0, box.left - 3 * h), min(width, box.right + 2 * h)
        y0, y1 = max(0, box.top - h // 2), min(height, box.bottom + h // 2)
        if x1 <= x0 or y1 <= y0:
            return None
        # Ink levels from the block above the line too (the title): the line alone may be
        # mostly seal.
        context = image.ocr[max(0, y0 - 8 * h) : y1, x0:x1]
        line = darkest_only(image.ocr[y0:y1, x0:x1], context) if darkest else image.ocr[y0:y1, x0:x1]
        words = self.engine.read_image(line, image.dpi, single_line=True)
        return [replace(w, box=replace(w.box, left=w.box.left + x0, top=w.box.top + y0)) for w in words]
