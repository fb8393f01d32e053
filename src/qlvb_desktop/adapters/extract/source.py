"""The extractor's page source: born-digital PDFs by their text layer, everything else through
the cleanup in `imaging` and one Tesseract pass per page, pages side by side on the cores."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium

from qlvb_desktop.adapters.extract.imaging import A4_WIDTH_IN, OCR_DPI, CleanImage, clean, keep_darkest, load_images
from qlvb_desktop.adapters.extract.tesseract import TesseractOcr
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.extraction.fields import PageRead
from qlvb_desktop.domain.extraction.ports import PreparedPage
from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord
from qlvb_desktop.domain.text import nfc

MIN_TEXT_CHARS = 20  # fewer characters than this in a PDF page's text layer: treat it as a scan


def _word(chars: list[tuple[str, tuple[float, float, float, float]]], height_pt: float, scale: float) -> OcrWord:
    left = min(b[0] for _, b in chars)
    right = max(b[2] for _, b in chars)
    top = max(b[3] for _, b in chars)
    bottom = min(b[1] for _, b in chars)
    box = Box(
        int(left * scale),
        int((height_pt - top) * scale),
        max(1, int((right - left) * scale)),
        max(1, int((top - bottom) * scale)),
    )
    return OcrWord(nfc("".join(c for c, _ in chars)), 100.0, box)


def _text_layer(path: Path) -> list[OcrPage] | None:
    """Words of every page of a PDF from its text layer, or None when any page has none."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    pages: list[OcrPage] = []
    for i in range(len(pdf)):
        page = pdf[i]
        width_pt, height_pt = page.get_size()
        scale = OCR_DPI * A4_WIDTH_IN / max(1.0, min(width_pt, height_pt))
        textpage = page.get_textpage()
        n = textpage.count_chars()
        if n < MIN_TEXT_CHARS:
            return None
        text = textpage.get_text_range(0, n)
        words: list[OcrWord] = []
        current: list[tuple[str, tuple[float, float, float, float]]] = []
        for idx, ch in enumerate(text[:n]):
            if ch.isspace():
                if current:
                    words.append(_word(current, height_pt, scale))
                    current = []
                continue
            current.append((ch, textpage.get_charbox(idx)))
        if current:
            words.append(_word(current, height_pt, scale))
        size = (int(width_pt * scale), int(height_pt * scale))
        pages.append(OcrPage(size[0], size[1], OCR_DPI, tuple(words), source="text-layer"))
    return pages


class ScanPageSource:
    """Pages through the extractor's own cleanup (and Tesseract's orientation detection)."""

    detect_orientation = True

    def __init__(self, language: str = "vie", workers: int | None = None) -> None:
        self.ocr_engine = TesseractOcr(language)
        self.language = language
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))

    def prepare(self, paths: Sequence[Path]) -> list[PreparedPage]:
        if not paths:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Chưa chọn tệp nào để đọc."))
        out: list[PreparedPage] = []
        raws = []
        for path in paths:
            if path.suffix.lower() == ".pdf" and path.exists():
                layer = _text_layer(path)
                if layer is not None:
                    for i, page in enumerate(layer):
                        out.append(PreparedPage(f"{path.name} p{i + 1}", False, None, PageRead(page)))
                    continue
            for raw in load_images(path):
                slot = PreparedPage(raw.origin, False)
                out.append(slot)
                raws.append((slot, raw))
        if raws:
            with ThreadPoolExecutor(self.workers) as pool:
                cleaned = list(pool.map(lambda item: clean(item[1]), raws))
            for (slot, _), image in zip(raws, cleaned, strict=True):
                slot.handle = image
                slot.blank = image.blank
        return out

    def _read_part(self, image: CleanImage, part: str) -> OcrPage:
        top, bottom = image.part(part)
        strip = image.ocr[top:bottom].copy()
        # The seal and signature sit over the signer block, in the lower part of a page: there,
        # keep only the darkest ink (the header's thin tone marks would suffer from it).
        lower = max(0, int(image.ocr.shape[0] * 0.45) - top)
        if lower < strip.shape[0]:
            strip[lower:] = keep_darkest(strip[lower:])
        return self.ocr_engine.read(strip, image.dpi, image.rotation, image.skew, offset=top)

    def ocr(self, pages: Sequence[PreparedPage], parts: Sequence[str] | None = None) -> None:
        wanted = list(parts) if parts is not None else ["all"] * len(pages)
        todo = [(p, part) for p, part in zip(pages, wanted, strict=True) if p.read is None]
        todo = [(p, part) for p, part in todo if isinstance(p.handle, CleanImage)]
        if not todo:
            return
        self.ocr_engine.check()

        def run(item: tuple[PreparedPage, str]) -> PageRead:
            page, part = item
            image = page.handle
            assert isinstance(image, CleanImage)
            if self.detect_orientation:
                image.turn(self.ocr_engine.orientation(image.ocr, image.dpi))
            # Orientation on the page as it is (OSD needs the full strokes), then OCR of the
            # darkest ink only, so a gray seal or signature crossing the name does not hide it.
            words = self._read_part(image, part)
            if not self.detect_orientation and words.words and words.mean_confidence < 45:
                # Upside down after all (a sparse page fools the cleaner's up/down test): the
                # words read are nonsense. Read it turned; keep whichever reading is surer.
                image.turn(180)
                turned = self._read_part(image, part)
                if turned.mean_confidence > words.mean_confidence:
                    words = turned
                else:
                    image.turn(180)
            height, width = image.ocr.shape[:2]
            return PageRead(replace(words, width=width, height=height), image.blank, image.stroke)

        with ThreadPoolExecutor(self.workers) as pool:
            for (page, _), read in zip(todo, pool.map(run, todo), strict=True):
                page.read = read
