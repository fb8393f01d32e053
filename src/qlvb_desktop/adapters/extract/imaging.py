"""Page images for the extractor: load, turn upright, deskew, crop scanner borders, flag blank
pages, and separate the red seal and the blue signature from the black text before OCR.

A small stand-in for the capture pipeline (issue 3) until it is merged; the extractor itself only
sees OcrPage words and a stroke meter, so either pipeline can feed it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.ocr import Box

A4_WIDTH_IN = 8.27
OCR_DPI = 200  # pages are OCRed at this resolution at most: enough for 12 pt text, and fast
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


@dataclass
class RawImage:
    image: np.ndarray  # BGR or gray, uint8
    dpi: int
    origin: str


@dataclass
class CleanImage:
    """Upright, deskewed page: `ocr` is gray with coloured ink removed, `binary` marks ink."""

    ocr: np.ndarray
    binary: np.ndarray
    dpi: int
    rotation: int
    skew: float
    blank: bool
    origin: str

    def turn(self, degrees: int) -> None:
        """Rotate clockwise by a multiple of 90 degrees (after orientation detection)."""
        q = (degrees // 90) % 4
        if q:
            self.ocr = _rotate_quarter(self.ocr, q)
            self.binary = _rotate_quarter(self.binary, q)
            self.rotation = (self.rotation + degrees) % 360

    def part(self, part: str) -> tuple[int, int]:
        """Rows to OCR for a part of the page: the header is in the upper 55 %, the closing
        blocks (Nơi nhận, signer) within 45 % of the page height above the last line of ink."""
        height = self.ocr.shape[0]
        if part == "head":
            return 0, int(height * 0.55)
        if part == "foot":
            rows = np.nonzero(self.binary.mean(axis=1) > 0.01)[0]  # a line of text, not specks
            last = int(rows[-1]) if rows.size else height
            return max(0, last - int(height * 0.45)), height
        return 0, height

    def stroke(self, box: Box) -> float:
        """Stroke thickness of the ink in a box: ink area over its outline (about half the stroke
        width in pixels), independent of letter shapes. Bold text is thicker than regular."""
        crop = self.binary[max(0, box.top) : box.bottom, max(0, box.left) : box.right].astype(np.uint8)
        if crop.size == 0:
            return 0.0
        ink = int(np.count_nonzero(crop))
        inner = int(np.count_nonzero(cv2.erode(crop, np.ones((3, 3), np.uint8))))
        return ink / max(1, ink - inner)


def _refuse(template: str, **params: object) -> UserError:
    return UserError(template, **params)


def _estimate_dpi(width_px: int, height_px: int) -> int:
    short = min(width_px, height_px)
    return max(72, round(short / A4_WIDTH_IN))


def load_images(path: Path) -> list[RawImage]:
    """The pages of one input file as images. PDFs are rendered; text-layer PDFs are handled elsewhere."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise _refuse(QT_TRANSLATE_NOOP("Errors", "Không tìm thấy tệp {path}."), path=str(path))
    if suffix == ".pdf":
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise _refuse(
                QT_TRANSLATE_NOOP("Errors", "Tệp {path} không phải PDF đọc được ({reason})."),
                path=path.name,
                reason=str(exc),
            ) from None
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            # Scans are A4: render so the short side is A4 at OCR_DPI, whatever the page's size in points.
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=OCR_DPI * A4_WIDTH_IN / max(1.0, min(width_pt, height_pt)))
            pil = bitmap.to_pil().convert("RGB")
            out.append(RawImage(cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR), OCR_DPI, f"{path.name} p{i + 1}"))
        return out
    if suffix not in IMAGE_SUFFIXES:
        raise _refuse(
            QT_TRANSLATE_NOOP("Errors", "Tệp {path}: chỉ đọc được PDF, JPEG, PNG hoặc TIFF."),
            path=path.name,
        )
    try:
        img = Image.open(path)
        frames = []
        for i in range(getattr(img, "n_frames", 1)):
            img.seek(i)
            dpi_info = img.info.get("dpi")
            frame = img.convert("RGB") if img.mode not in ("L", "RGB") else img.copy()
            arr = np.asarray(frame)
            if arr.ndim == 3:
                arr = cv2.cvtColor(arr, cv2.COLOR_RGB2BGR)
            h, w = arr.shape[:2]
            dpi = round(float(dpi_info[0])) if dpi_info and float(dpi_info[0]) > 50 else _estimate_dpi(w, h)
            frames.append(RawImage(arr, dpi, f"{path.name} p{i + 1}"))
        return frames
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _refuse(
            QT_TRANSLATE_NOOP("Errors", "Không đọc được ảnh {path} ({reason})."), path=path.name, reason=str(exc)
        ) from None


def _gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def remove_colour(image: np.ndarray, dpi: int) -> np.ndarray:
    """Gray for OCR: blue ink (signature) and red seals become paper; red text (stamps) stays dark."""
    gray = _gray(image)
    if image.ndim == 2:
        return gray
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    coloured = (sat > 70) & (val > 50)
    blue = coloured & (hue >= 90) & (hue <= 140)
    red = coloured & ((hue <= 12) | (hue >= 165))
    out = gray.copy()
    out[blue] = 255
    if np.any(red):
        mm = dpi / 25.4
        mask = red.astype(np.uint8) * 255
        grown = cv2.dilate(mask, np.ones((max(3, int(mm * 1.5)),) * 2, np.uint8))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
        for i in range(1, n):
            x, y, w, h, _area = stats[i]
            seal_like = 18 * mm <= w <= 60 * mm and 18 * mm <= h <= 60 * mm and 0.7 <= w / max(1, h) <= 1.4
            region = (labels[y : y + h, x : x + w] == i) & red[y : y + h, x : x + w]
            if seal_like:
                out[y : y + h, x : x + w][region] = 255
            else:
                out[y : y + h, x : x + w][region] = 40  # red stamp text (KHẨN, MẬT): keep as ink
    return out


def keep_darkest(gray: np.ndarray) -> np.ndarray:
    """Fade ink lighter than the printed text (a gray seal or signature on a gray scan, what is
    left of coloured ink) to paper, keeping the text's anti-aliased edges."""
    sample = gray[::4, ::4]
    ink = sample[sample < 160]
    if ink.size < 100:
        return gray
    text = float(np.percentile(ink, 10))
    paper = float(np.percentile(sample, 90))
    cut = text + 0.42 * (paper - text)
    lut = np.clip((np.arange(256) - text) * 255.0 / max(1.0, cut - text), 0, 255)
    lut[np.arange(256) >= cut] = 255
    return cv2.LUT(gray, lut.astype(np.uint8))


def binary(gray: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, bw = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # Otsu on an almost empty page picks a threshold in the paper noise: require real contrast too.
    bw[gray > 160] = 0
    return bw > 0


def _crop_borders(gray: np.ndarray) -> tuple[int, int, int, int]:
    """Rows/columns of dark scanner border at each edge (left, top, right, bottom)."""
    dark = gray < 90
    h, w = gray.shape
    limit_r, limit_c = h // 8, w // 8

    def edge(frac: np.ndarray, limit: int) -> int:
        n = 0
        while n < limit and frac[n] > 0.5:
            n += 1
        return n + (2 if n else 0)

    rows, cols = dark.mean(axis=1), dark.mean(axis=0)
    return edge(cols, limit_c), edge(rows, limit_r), edge(cols[::-1], limit_c), edge(rows[::-1], limit_r)


def _ink_points(bw: np.ndarray, max_points: int = 40000) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(bw)
    if len(xs) > max_points:
        step = len(xs) // max_points + 1
        xs, ys = xs[::step], ys[::step]
    return xs.astype(np.float64), ys.astype(np.float64)


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    a = math.radians(angle)
    proj = ys * math.cos(a) - xs * math.sin(a)
    hist = np.bincount((proj - proj.min()).astype(np.int64))
    return float(np.sum(hist.astype(np.float64) ** 2))


def _skew(bw_small: np.ndarray) -> float:
    xs, ys = _ink_points(bw_small)
    if len(xs) < 200:
        return 0.0
    best = max(np.arange(-6, 6.01, 0.5), key=lambda a: _profile_score(xs, ys, float(a)))
    fine = max(np.arange(best - 0.5, best + 0.51, 0.1), key=lambda a: _profile_score(xs, ys, float(a)))
    return float(fine)


def _rotate_quarter(image: np.ndarray, quarter_turns: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(image, -quarter_turns)) if quarter_turns % 4 else image


def clean(raw: RawImage) -> CleanImage:
    image, dpi = raw.image, raw.dpi
    if dpi > OCR_DPI:
        f = OCR_DPI / dpi
        image = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        dpi = OCR_DPI
    gray = _gray(image)
    left, top, right, bottom = _crop_borders(gray)
    h, w = gray.shape
    image = image[top : h - bottom, left : w - right]
    gray = gray[top : h - bottom, left : w - right]
    bw = binary(gray)
    # Blank: almost no ink once the margins (shadows, punch holes) are left out.
    m = int(dpi * 0.4)
    inner = bw[m:-m, m:-m] if min(bw.shape) > 3 * m else bw
    if inner.mean() < 0.0015:
        return CleanImage(gray, bw, dpi, 0, 0.0, True, raw.origin)
    # Orientation: text lines run along the axis with the sharper row profile.
    small = cv2.resize(bw.astype(np.uint8), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) > 0
    rows_var = float(np.var(small.sum(axis=1)) / max(1, small.shape[1]))
    cols_var = float(np.var(small.sum(axis=0)) / max(1, small.shape[0]))
    turns = 0 if rows_var >= cols_var else 1
    if turns:
        small = _rotate_quarter(small, turns)
    skew = _skew(small)
    if abs(skew) > 0.05:
        hh, ww = small.shape
        matrix = cv2.getRotationMatrix2D((ww / 2, hh / 2), skew, 1.0)
        small = cv2.warpAffine(small.astype(np.uint8), matrix, (ww, hh), flags=cv2.INTER_NEAREST) > 0
    ocr = remove_colour(image, dpi)
    ocr = _rotate_quarter(ocr, turns)
    if abs(skew) > 0.05:
        hh, ww = ocr.shape
        # A half turn keeps the slope of the lines, so the same correction applies.
        matrix = cv2.getRotationMatrix2D((ww / 2, hh / 2), skew, 1.0)
        ocr = cv2.warpAffine(ocr, matrix, (ww, hh), flags=cv2.INTER_LINEAR, borderValue=255)
    return CleanImage(ocr, binary(ocr), dpi, (turns * 90) % 360, skew, False, raw.origin)
