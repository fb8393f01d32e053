"""The `acquire` step for files: PDF (scanned, born-digital or signed), JPEG, PNG, TIFF.

Every file is checked before any page is processed (size limit, readable, not encrypted,
no absurd image dimensions), so a bad input is refused before anything is written.
Pages are loaded lazily, one at a time, so a 200-page document never sits in memory whole.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageSequence, UnidentifiedImageError

from qlvb_desktop.adapters.attachments import open_pdf_checked
from qlvb_desktop.domain.attachments import MAX_PIXELS, check_pages, check_pixels, too_many_pixels
from qlvb_desktop.domain.capture import ACCEPTED_SCAN_SUFFIXES, InputBatch, PageSource, RawPage
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord
from qlvb_desktop.domain.text import nfc

MAX_RENDER_DPI = 400
MIN_RENDER_DPI = 100  # below this a page is rendered at 100 dpi; the cleaner resamples to 200
DEFAULT_DPI = 300
A4_WIDTH_IN = 8.27
MIN_TEXT_CHARS = 20  # a page with fewer characters in its text layer is treated as a scan

# pdfium is not thread-safe: one lock for every call into it.
PDFIUM_LOCK = threading.Lock()
Image.MAX_IMAGE_PIXELS = None  # we check dimensions ourselves, with a clear message


def _refuse(template: str, **params: object) -> UserError:
    return UserError(template, **params)


def _check_file(path: Path, max_bytes: int) -> None:
    if not path.is_file():
        raise _refuse(QT_TRANSLATE_NOOP("Errors", "Không tìm thấy tệp {path}."), path=str(path))
    if path.suffix.lower() not in ACCEPTED_SCAN_SUFFIXES:
        raise _refuse(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} không phải PDF, JPEG, PNG hay TIFF; không số hóa được."),
            name=path.name,
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise _refuse(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} nặng {size} MB, vượt giới hạn {limit} MB."),
            name=path.name,
            size=round(size / 1024 / 1024, 1),
            limit=_mb(max_bytes),
        )
    if size == 0:
        raise _refuse(QT_TRANSLATE_NOOP("Errors", "Tệp {name} rỗng."), name=path.name)


def _mb(n: int) -> str:
    mb = n / 1024 / 1024
    return f"{mb:.0f}" if mb >= 10 or mb == int(mb) else f"{mb:.1f}"


def is_signed(pdf: pikepdf.Pdf) -> bool:
    acro = pdf.Root.get("/AcroForm")
    if acro is None:
        return False
    stack = list(acro.get("/Fields", []))
    while stack:
        f = stack.pop()
        if f.get("/FT") == pikepdf.Name.Sig and f.get("/V") is not None:
            return True
        stack.extend(f.get("/Kids", []))
    return False


def _image_dpi(pdf_page: pikepdf.Page, width_pt: float) -> int:
    """Effective resolution of the widest image drawn on a PDF page (its scan dpi), or the default."""
    best = 0
    try:
        resources = pdf_page.obj.get("/Resources")
        xobjects: Any = resources.get("/XObject", {}) if resources is not None else {}
        for _name, xobj in xobjects.items():
            if xobj.get("/Subtype") == pikepdf.Name.Image:
                best = max(best, int(xobj.get("/Width", 0)))
    except (pikepdf.PdfError, AttributeError, TypeError, ValueError):
        best = 0
    if best <= 0 or width_pt <= 0:
        return DEFAULT_DPI
    return max(72, round(best / (width_pt / 72.0)))


def pdf_text_words(page: pdfium.PdfPage, first: int = 0) -> tuple[OcrPage, int]:
    """Words of a page's text layer with boxes in points (top-left origin, dpi 72), from its
    `first` character on."""
    width, height = page.get_size()
    tp = page.get_textpage()
    words: list[OcrWord] = []
    try:
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n else ""
        current, box, line = "", None, 0
        for i, ch in enumerate(text[:n]):
            if i < first:
                continue
            if ch.isspace():
                if current and box is not None:
                    words.append(OcrWord(nfc(current), 100.0, box, 0, line))
                current, box = "", None
                if ch in "\r\n":
                    line += 1
                continue
            left, bottom, right, top = tp.get_charbox(i)
            b = Box(int(left), int(height - top), max(1, int(right - left)), max(1, int(top - bottom)))
            current += ch
            box = b if box is None else box.union(b)
        if current and box is not None:
            words.append(OcrWord(nfc(current), 100.0, box, 0, line))
    finally:
        tp.close()
    chars = sum(len(w.text) for w in words)
    return OcrPage(int(width), int(height), 72, tuple(words), source="text-layer"), chars


def _full_page_image(page: pikepdf.Page) -> tuple[str, int, int] | None:
    """(name, width, height) of the image when the page is just one image drawn over it (a scan)."""
    try:
        resources = page.obj.get("/Resources")
        xobjects: Any = resources.get("/XObject", {}) if resources is not None else {}
        images = [(str(k), v) for k, v in xobjects.items() if v.get("/Subtype") == pikepdf.Name.Image]
        if len(images) != 1 or len(xobjects) != 1:
            return None
        ops = [str(instr.operator) for instr in pikepdf.parse_content_stream(page)]
    except (pikepdf.PdfError, AttributeError, TypeError, ValueError):
        return None
    if ops.count("Do") != 1 or not set(ops) <= {"q", "Q", "cm", "Do"}:
        return None
    name, image = images[0]
    return name, int(image.get("/Width", 0)), int(image.get("/Height", 0))


def _hidden_text_scan(page: pdfium.PdfPage) -> bool:
    """A scanned page with an OCR tool's invisible text over it (our own capture's PDF/A, an
    OCRmyPDF output): images drawn, and every text object in render mode 3 (invisible)."""
    images = texts = 0
    for obj in page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) != pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                return False
            texts += 1
    return images > 0 and texts > 0


def _pdf_batch(path: Path, hidden_text_as_scan: bool = False) -> InputBatch:
    with open_pdf_checked(path) as pdf:
        signed = is_signed(pdf)
        sizes: list[tuple[int, str | None, int]] = []  # dpi, image name (a scan) or None, /Rotate
        for page in pdf.pages:
            box = page.mediabox
            w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
            rotate = int(page.obj.get("/Rotate", 0)) % 360
            if rotate % 180:
                w, h = h, w
            scan = _full_page_image(page)
            if scan is not None:
                name, iw, ih = scan
                check_pixels(path.name, iw, ih)
                if rotate % 180:
                    iw, ih = ih, iw
                dpi = max(1, round(iw / (w / 72.0))) if w > 0 else DEFAULT_DPI
                if min(w, h) / 72.0 > 12.5:
                    # Larger than A3: the page size is a tool's default (72 or 96 dpi), not paper.
                    dpi = max(72, round(min(iw, ih) / A4_WIDTH_IN))
                sizes.append((dpi, name, rotate))
                continue
            dpi = _image_dpi(page, w)
            render = min(max(dpi, MIN_RENDER_DPI), MAX_RENDER_DPI)
            if (w / 72 * render) * (h / 72 * render) > MAX_PIXELS:
                raise too_many_pixels(path.name, w / 72 * dpi, h / 72 * dpi)
            sizes.append((dpi, None, rotate))
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise _refuse(
                QT_TRANSLATE_NOOP("Errors", "Tệp {name} không đọc được (PDF hỏng hoặc không phải PDF)."),
                name=path.name,
            ) from exc
        try:
            text_pages = []
            hidden = True
            for i in range(len(doc)):
                page = doc[i]
                try:
                    text_pages.append(pdf_text_words(page))
                    hidden = hidden and hidden_text_as_scan and _hidden_text_scan(page)
                finally:
                    page.close()
        finally:
            doc.close()
    has_text = all(chars >= MIN_TEXT_CHARS for _, chars in text_pages) and not hidden
    if signed or has_text:
        kind = "signed" if signed else "born-digital"
        batch = InputBatch(kind, pdf_path=path, text_pages=[p for p, _ in text_pages])
        if signed and not has_text:
            batch.text_pages = []
            batch.pages = [_pdf_page_source(path, i, *sizes[i], annotations=False) for i in range(len(sizes))]
        return batch
    return InputBatch("raster", pages=[_pdf_page_source(path, i, *size) for i, size in enumerate(sizes)])


def _pdf_page_source(
    path: Path, index: int, dpi: int, image_name: str | None, rotate: int, annotations: bool = True
) -> PageSource:
    """A page to OCR. `annotations=False` for a signed PDF: the signing tools' appearances (seal
    images, boxes with organization, e-mail and time) are widget annotations over the page,
    not the document, and would be read as its text."""
    origin = f"{path.name} trang {index + 1}"
    render_dpi = min(max(dpi, MIN_RENDER_DPI), MAX_RENDER_DPI)

    def extract() -> np.ndarray | None:
        """The scan's own pixels, without rendering (faster, and no resampling)."""
        if image_name is None:
            return None
        try:
            with pikepdf.open(path) as pdf:
                xobj: Any = pdf.pages[index].Resources.XObject[image_name]
                pil = pikepdf.PdfImage(xobj).as_pil_image()
                if pil.mode not in ("L", "RGB"):
                    pil = pil.convert("L" if pil.mode in ("1", "I", "I;16") else "RGB")
                array = np.asarray(pil)
        except (pikepdf.PdfError, OSError, ValueError, NotImplementedError, KeyError, AttributeError):
            # pikepdf cannot decode this image (an unsupported filter or colour space raises
            # NotImplementedError): the caller renders the page instead, so nothing is lost.
            return None
        if array.ndim == 3:
            array = cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
        if rotate:
            array = np.rot90(array, -(rotate // 90))
        return np.ascontiguousarray(array)

    def render() -> np.ndarray:
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(str(path))
            try:
                page = doc[index]
                bitmap = page.render(
                    scale=render_dpi / 72.0, rev_byteorder=False, may_draw_forms=annotations, draw_annots=annotations
                )
                array = np.array(bitmap.to_numpy(), copy=True)  # BGR(x) order from pdfium
                page.close()
            finally:
                doc.close()
        if array.ndim == 3 and array.shape[2] == 4:
            array = np.ascontiguousarray(array[:, :, :3])
        return array

    def load() -> RawPage:
        array = extract() if image_name is not None else None
        if array is not None:
            return RawPage(array, dpi, origin)
        return RawPage(render(), render_dpi, origin)

    return PageSource(origin, load)


def _image_batch(path: Path) -> InputBatch:
    try:
        with Image.open(path) as im:
            frames = []
            for i, frame in enumerate(ImageSequence.Iterator(im)):
                w, h = frame.size
                check_pixels(path.name, w, h)
                check_pages(path.name, i + 1)
                dpi_info = frame.info.get("dpi")
                dpi = round(float(dpi_info[0])) if dpi_info and float(dpi_info[0]) > 1 else 0
                if dpi <= 1:
                    dpi = max(72, round(min(w, h) / A4_WIDTH_IN))  # no resolution recorded: assume an A4 page
                frames.append((i, dpi))
    except UnidentifiedImageError as exc:
        raise _refuse(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} không đọc được (ảnh hỏng hoặc không đúng định dạng)."),
            name=path.name,
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise _refuse(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} không đọc được (ảnh hỏng hoặc không đúng định dạng)."),
            name=path.name,
        ) from exc
    many = len(frames) > 1
    return InputBatch("raster", pages=[_image_page_source(path, i, dpi, many) for i, dpi in frames])


def _image_page_source(path: Path, index: int, dpi: int, many: bool) -> PageSource:
    origin = f"{path.name} trang {index + 1}" if many else path.name

    def load() -> RawPage:
        try:
            with Image.open(path) as im:
                im.seek(index)
                frame = im.convert("L") if im.mode in ("1", "L", "I;16", "I") else im.convert("RGB")
                array = np.asarray(frame)
        except (OSError, SyntaxError, ValueError) as exc:
            raise _refuse(
                QT_TRANSLATE_NOOP("Errors", "Tệp {name} không đọc được (ảnh hỏng hoặc không đúng định dạng)."),
                name=path.name,
            ) from exc
        if array.ndim == 3:
            array = cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
        return RawPage(np.ascontiguousarray(array), dpi, origin)

    return PageSource(origin, load)


def read_inputs(paths: list[Path], max_bytes: int, hidden_text_as_scan: bool = False) -> InputBatch:
    """Check every file, then describe the pages they make, in the order given.
    `hidden_text_as_scan`: a scan with an OCR tool's invisible text is given as pages to read
    again (the extractor reads its own way: colour separated, pen digits), not as its text."""
    if not paths:
        raise _refuse(QT_TRANSLATE_NOOP("Errors", "Chưa chọn tệp nào để số hóa."))
    for path in paths:
        _check_file(path, max_bytes)
    batches = [_pdf_batch(p, hidden_text_as_scan) if p.suffix.lower() == ".pdf" else _image_batch(p) for p in paths]
    kept = [(p, b) for p, b in zip(paths, batches, strict=True) if b.kind != "raster"]
    if kept and len(paths) > 1:
        path, batch = kept[0]
        raise _refuse(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} là PDF {kind} nên được giữ nguyên; hãy tiếp nhận riêng tệp này."),
            name=path.name,
            kind="có chữ ký số" if batch.kind == "signed" else "điện tử (có sẵn lớp chữ)",
        )
    if kept:
        return kept[0][1]
    return InputBatch("raster", pages=[page for b in batches for page in b.pages])


class FileReader:
    """The `InputReader` port."""

    def read(self, paths: list[Path], max_bytes: int) -> InputBatch:
        return read_inputs(paths, max_bytes)
