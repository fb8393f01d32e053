"""What the extractor does to a page that capture has cleaned (upright, deskewed, cropped),
before OCR: separate the red seal and the blue signature from the black text, fade what is
left of them, and measure stroke widths (bold issuer vs regular governing body)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from qlvb_desktop.domain.ocr import Box

OCR_DPI = 200  # pages are OCRed at this resolution at most: enough for 12 pt text, and fast


@dataclass
class CleanImage:
    """Upright, deskewed page: `ocr` is gray with coloured ink removed, `binary` marks ink,
    `colour` is the page as scanned (same size; the pen digits are read from it)."""

    ocr: np.ndarray
    binary: np.ndarray
    dpi: int
    rotation: int
    skew: float
    blank: bool
    origin: str
    colour: np.ndarray | None = None

    def turn(self, degrees: int) -> None:
        """Rotate clockwise by a multiple of 90 degrees (after orientation detection)."""
        q = (degrees // 90) % 4
        if q:
            self.ocr = _rotate_quarter(self.ocr, q)
            self.binary = _rotate_quarter(self.binary, q)
            if self.colour is not None:
                self.colour = _rotate_quarter(self.colour, q)
            self.rotation = (self.rotation + degrees) % 360

    def part(self, part: str) -> tuple[int, int]:
        """Rows to OCR for a part of the page: the header is in the upper 55 %, the closing
        blocks (Nơi nhận, signer) within 45 % of the page height above the last line of ink."""
        height = self.ocr.shape[0]
        if part == "head":
            return 0, int(height * 0.55)
        if part == "foot":
            rows = np.nonzero(self.binary.mean(axis=1) > 0.01)[0]  # a line of text, not specks
            last = _last_text_row(rows, height)
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


def seal_ink(image: np.ndarray, dpi: int) -> bool:
    """Whether a page bears red or magenta seal ink (a fifth of a square centimetre of it: a
    faint part of a seal ring, never paper noise)."""
    if image.ndim != 3:
        return False
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = ((sat > 40) & (val > 50) & ((hue <= 12) | (hue >= 150))).astype(np.uint8)
    # Strokes, not specks: only pieces of ink of some size count.
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(red, connectivity=8)
    strokes = int(sum(stats[i, cv2.CC_STAT_AREA] for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= 20))
    return strokes >= (dpi / 2.54) ** 2 * 0.2


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


def darkest_only(gray: np.ndarray, context: np.ndarray, share: float = 0.42) -> np.ndarray:
    """Only the ink about as dark as the printed text, the rest paper: for one line read again
    where a seal ring (lighter than the text in a gray scan) runs through its letters. The
    text and paper levels come from `context`, a larger block around the line."""
    ink = context[context < 160]
    if ink.size < 50:
        return gray
    text = float(np.percentile(ink, 10))
    paper = float(np.percentile(context, 90))
    cut = text + share * (paper - text)
    return np.where(gray < cut, gray, 255).astype(np.uint8)


def binary(gray: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, bw = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # Otsu on an almost empty page picks a threshold in the paper noise: require real contrast too.
    bw[gray > 160] = 0
    return bw > 0


def _rotate_quarter(image: np.ndarray, quarter_turns: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(image, -quarter_turns)) if quarter_turns % 4 else image


def _last_text_row(rows: np.ndarray, height: int) -> int:
    """The last row of the page's text: a lone short line far below it (the page number under a
    short last page, a footer) is not where the closing blocks end."""
    if not rows.size:
        return height
    # Runs of inked rows (a line of text), small gaps between lines joined.
    breaks = np.nonzero(np.diff(rows) > 0.02 * height)[0]
    starts = [int(rows[0]), *(int(rows[b + 1]) for b in breaks)]
    ends = [*(int(rows[b]) for b in breaks), int(rows[-1])]
    while len(starts) > 1 and ends[-1] - starts[-1] < 0.03 * height and starts[-1] - ends[-2] > 0.08 * height:
        starts.pop()
        ends.pop()
    return ends[-1]
