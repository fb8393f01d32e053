"""Handwritten digits in a printed template: the number (`Số: 47 /QĐ-UBND`) and the day
(`ngày 17 tháng 01`) are written by pen into gaps the template leaves.

Two readings that do not share their method:
1. a support-vector classifier on gradient-orientation features, trained at first use (no file,
   no download) on scikit-learn's bundled handwritten digits (`load_digits`, 1,797 digits of 43
   writers) and on digits drawn with the handwriting fonts Debian packages, distorted (slant,
   rotation, width, stroke) as pens vary;
2. Tesseract reading the isolated ink as one word of digits only (a print recognizer: alone it
   is not fit for pen, but agreeing with the first reading it confirms it).

The ink is isolated from the printed text first: in a colour scan the pen is blue (hue and
saturation), in a gray scan only the gap between the template's printed words is read.
Nothing here is sure on its own; the caller decides confidence from the two readings.
"""

from __future__ import annotations

import contextlib
import glob
import io
import itertools
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.adapters.capture.tesseract import tesseract_env
from qlvb_desktop.domain.errors import EnvironmentProblem
from qlvb_desktop.domain.extraction.handwriting import PenReading
from qlvb_desktop.domain.ocr import Box

# Handwriting fonts Debian ships (packaging/debian-packages.txt): pen-like digit shapes.
FONT_GLOBS = (
    "/usr/share/fonts/truetype/fifthhorseman/*.ttf",
    "/usr/share/fonts/truetype/breip/*.ttf",
    "/usr/share/fonts/opentype/bwht/*.otf",
    "/usr/share/fonts/truetype/femkeklaver/*.ttf",
    "/usr/share/fonts/truetype/humor-sans/*.ttf",
    "/usr/share/fonts/truetype/kristi/*.ttf",
    "/usr/share/fonts/truetype/klee/*.ttf",
    "/usr/share/fonts/opentype/comic-neue/*.otf",
    "/usr/share/fonts/opentype/dancingscript/*.otf",
    "/usr/share/fonts/opentype/kaushanscript/*.otf",
)
SIZE = 24  # a digit is fitted into SIZE×SIZE pixels before its features are taken
VARIANTS = 12  # distorted copies of each font's digit (slant, rotation, width, stroke)

_MODEL_LOCK = threading.Lock()
_MODEL: DigitModel | None = None


def _normalized(mask: np.ndarray) -> np.ndarray:
    """A digit's ink fitted into SIZE×SIZE keeping its shape, slightly blurred."""
    ys, xs = np.nonzero(mask)
    crop = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8) * 255
    h, w = crop.shape
    scale = (SIZE - 4) / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    small = cv2.resize(crop, (nw, nh), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((SIZE, SIZE), np.uint8)
    top, left = (SIZE - nh) // 2, (SIZE - nw) // 2
    canvas[top : top + nh, left : left + nw] = small
    return cv2.GaussianBlur((canvas > 90).astype(np.uint8) * 255, (3, 3), 0)


def features(mask: np.ndarray) -> np.ndarray:
    """Gradient orientation histograms over 4×4 cells (shape, not stroke width) and an 8×8
    thumbnail of the ink."""
    img = _normalized(mask)
    f = img.astype(np.float32) / 255
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.hypot(gx, gy)
    orientation = np.minimum(((np.arctan2(gy, gx) % np.pi) / np.pi * 8).astype(int), 7)
    cell = SIZE // 4
    hist = np.zeros((4, 4, 8), np.float32)
    for o in range(8):
        hist[:, :, o] = np.where(orientation == o, magnitude, 0).reshape(4, cell, 4, cell).sum(axis=(1, 3))
    flat = hist.reshape(-1)
    flat /= np.linalg.norm(flat) + 1e-6
    thumb = cv2.resize(img, (8, 8), interpolation=cv2.INTER_AREA).reshape(-1).astype(np.float32) / 510.0
    return np.concatenate([flat, thumb])


def _font_digits(rng: np.random.Generator) -> tuple[list[np.ndarray], list[int]]:
    from PIL import Image, ImageDraw, ImageFont

    fonts = sorted(f for pattern in FONT_GLOBS for f in glob.glob(pattern))
    x: list[np.ndarray] = []
    y: list[int] = []
    for path in fonts:
        try:
            font = ImageFont.truetype(path, 64)
        except OSError:
            continue
        for digit in range(10):
            image = Image.new("L", (120, 120), 0)
            ImageDraw.Draw(image).text((30, 15), str(digit), fill=255, font=font)
            base = np.asarray(image)
            if not base.any():
                continue
            for _ in range(VARIANTS):
                m = cv2.getRotationMatrix2D((60, 60), rng.uniform(-10, 10), 1.0)
                m[0, 1] += rng.uniform(-0.35, 0.15)  # slant, mostly to the right as pens do
                m[0, 0] *= rng.uniform(0.8, 1.2)
                ink = cv2.warpAffine(base, m, (120, 120)) > 100
                stroke = rng.integers(0, 3)
                if stroke == 1:
                    ink = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
                elif stroke == 2:
                    ink = cv2.erode(ink.astype(np.uint8), np.ones((2, 2), np.uint8)) > 0
                if np.count_nonzero(ink) >= 20:
                    x.append(features(ink))
                    y.append(digit)
    return x, y


# Pen strokes of each digit as clerks write them (x across 0..0.6, y down 0..1): the shapes the
# fonts lack, such as the "1" with a long flag and the "7" with a bar of Vietnamese schools, the
# open "4". An ellipse is (cx, cy, rx, ry).
Stroke = list[tuple[float, float]]
_ELLIPSE = tuple[float, float, float, float]
PEN_DIGITS: dict[int, list[list[Stroke | _ELLIPSE]]] = {
    0: [[(0.3, 0.5, 0.27, 0.5)], [(0.3, 0.5, 0.2, 0.5)]],
    1: [
        [[(0.3, 0.0), (0.3, 1.0)]],
        [[(0.0, 0.35), (0.35, 0.0), (0.35, 1.0)]],
        [[(0.1, 0.25), (0.4, 0.0), (0.35, 1.0)]],
    ],
    2: [
        [[(0.05, 0.25), (0.2, 0.02), (0.45, 0.05), (0.55, 0.25), (0.45, 0.5), (0.0, 1.0), (0.6, 1.0)]],
        [[(0.0, 0.2), (0.3, 0.0), (0.55, 0.2), (0.0, 0.95), (0.15, 0.85), (0.6, 1.0)]],
    ],
    3: [
        [
            [
                (0.05, 0.1),
                (0.3, 0.0),
                (0.55, 0.15),
                (0.5, 0.35),
                (0.25, 0.48),
                (0.55, 0.6),
                (0.6, 0.8),
                (0.35, 1.0),
                (0.05, 0.9),
            ]
        ]
    ],
    4: [
        [[(0.45, 1.0), (0.45, 0.0), (0.0, 0.65), (0.6, 0.65)]],
        [[(0.15, 0.0), (0.0, 0.6), (0.6, 0.6)], [(0.45, 0.3), (0.45, 1.0)]],
    ],
    5: [
        [[(0.55, 0.0), (0.1, 0.0), (0.05, 0.45), (0.35, 0.38), (0.55, 0.55), (0.55, 0.85), (0.3, 1.0), (0.0, 0.9)]],
        [
            [(0.1, 0.0), (0.05, 0.45), (0.35, 0.38), (0.55, 0.55), (0.55, 0.85), (0.3, 1.0), (0.0, 0.9)],
            [(0.1, 0.0), (0.6, 0.0)],
        ],
    ],
    6: [
        [
            [
                (0.5, 0.05),
                (0.25, 0.1),
                (0.05, 0.5),
                (0.05, 0.85),
                (0.3, 1.0),
                (0.55, 0.85),
                (0.55, 0.6),
                (0.3, 0.5),
                (0.05, 0.65),
            ]
        ]
    ],
    7: [
        [[(0.0, 0.0), (0.6, 0.0), (0.2, 1.0)]],
        [[(0.0, 0.0), (0.6, 0.0), (0.2, 1.0)], [(0.1, 0.5), (0.55, 0.5)]],
        [[(0.0, 0.15), (0.05, 0.0), (0.6, 0.0), (0.25, 1.0)]],
    ],
    8: [[(0.3, 0.25, 0.2, 0.24), (0.3, 0.73, 0.25, 0.27)]],
    9: [
        [(0.3, 0.28, 0.25, 0.27), [(0.55, 0.28), (0.5, 1.0)]],
        [(0.3, 0.28, 0.25, 0.27), [(0.55, 0.3), (0.5, 0.85), (0.3, 1.0), (0.05, 0.9)]],
    ],
}


def _pen_digits(rng: np.random.Generator, variants: int = 25) -> tuple[list[np.ndarray], list[int]]:
    """The pen strokes above drawn with jittered points, slant, size and pen width."""
    x: list[np.ndarray] = []
    y: list[int] = []
    for digit, styles in PEN_DIGITS.items():
        for style in styles:
            for _ in range(variants):
                canvas = np.zeros((100, 100), np.uint8)
                shear = rng.uniform(-0.35, 0.1)
                width = rng.uniform(0.8, 1.3)
                thickness = int(rng.integers(3, 8))
                for part in style:
                    if isinstance(part, tuple):
                        cx, cy, rx, ry = part
                        pts = [
                            (cx + rx * np.cos(t), cy + ry * np.sin(t))
                            for t in np.linspace(0, 2 * np.pi, 24, endpoint=False)
                        ]
                        closed = True
                    else:
                        pts, closed = list(part), False
                    moved = []
                    for px, py in pts:
                        px, py = px + rng.normal(0, 0.03), py + rng.normal(0, 0.03)
                        moved.append((20 + 64 * (px * width - shear * (py - 0.5)), 18 + 64 * py))
                    poly = np.array(moved, np.int32).reshape(-1, 1, 2)
                    cv2.polylines(canvas, [poly], closed, 255, thickness, lineType=cv2.LINE_AA)
                ink = canvas > 100
                if ink.any():
                    x.append(features(ink))
                    y.append(digit)
    return x, y


def _training_set() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    rng = np.random.default_rng(0)
    x, y = _font_digits(rng)
    px, py = _pen_digits(rng)
    x += px
    y += py
    digits = load_digits()
    for image, target in zip(digits.images, digits.target, strict=True):
        big = cv2.resize((image * 16).astype(np.uint8), (32, 32), interpolation=cv2.INTER_CUBIC) > 100
        if big.any():
            x.append(features(big))
            y.append(int(target))
    return np.stack(x).astype(np.float32), np.asarray(y, np.int16)


@dataclass(frozen=True)
class DigitModel:
    """A fitted RBF support-vector classifier as arrays (one-vs-one, as scikit-learn fits it):
    kept in the station's data folder after the first fit, so a `qlvb extract` process neither
    draws the training digits nor fits again (seconds on a busy machine)."""

    vectors: np.ndarray  # support vectors, grouped by class
    dual: np.ndarray  # (classes - 1, vectors) dual coefficients
    intercept: np.ndarray  # one per pair of classes, in scikit-learn's pair order
    counts: np.ndarray  # support vectors per class
    gamma: float

    def votes(self, x: np.ndarray) -> np.ndarray:
        """Votes of the pairwise classifiers for each class (rows: samples)."""
        sq = (x * x).sum(axis=1)[:, None] + (self.vectors * self.vectors).sum(axis=1)[None, :]
        kernel = np.exp(-self.gamma * np.maximum(sq - 2.0 * x @ self.vectors.T, 0.0))
        starts = np.concatenate([[0], np.cumsum(self.counts)])
        n = len(self.counts)
        votes = np.zeros((len(x), n))
        pair = 0
        for i in range(n):
            for j in range(i + 1, n):
                si, sj = slice(starts[i], starts[i + 1]), slice(starts[j], starts[j + 1])
                value = kernel[:, si] @ self.dual[j - 1, si] + kernel[:, sj] @ self.dual[i, sj] + self.intercept[pair]
                votes[:, i] += value > 0
                votes[:, j] += value <= 0
                pair += 1
        return votes


def _fit() -> DigitModel:
    from sklearn.svm import SVC

    x, y = _training_set()
    svc = SVC(C=5.0, gamma="scale")
    svc.fit(x, y)
    return DigitModel(
        svc.support_vectors_.astype(np.float32),
        svc.dual_coef_.astype(np.float64),
        svc.intercept_.astype(np.float64),
        svc.n_support_.astype(np.int64),
        float(svc._gamma),
    )


def _load(cache: Path) -> DigitModel | None:
    try:
        with np.load(cache, allow_pickle=False) as data:
            model = DigitModel(
                data["vectors"], data["dual"], data["intercept"], data["counts"], float(data["gamma"][0])
            )
    except (OSError, ValueError, KeyError, IndexError):
        return None  # absent or damaged: fitted again
    if len(model.counts) != 10 or model.vectors.shape[0] != int(model.counts.sum()):
        return None
    return model


def _model(cache: Path | None) -> DigitModel:
    """The classifier: fitted once (scikit-learn's bundled handwritten digits and the digits of
    Debian's handwriting fonts and of drawn pen strokes; nothing downloaded), then kept."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            model = _load(cache) if cache is not None else None
            if model is None:
                model = _fit()
                if cache is not None:
                    # The project's one atomic writer; imported here, as `qlvb extract` starts
                    # without the PDF writer's imports.
                    from qlvb_desktop.adapters.pdf.stamper import write_atomically

                    buffer = io.BytesIO()
                    np.savez_compressed(
                        buffer,
                        vectors=model.vectors,
                        dual=model.dual,
                        intercept=model.intercept,
                        counts=model.counts,
                        gamma=np.asarray([model.gamma]),
                    )
                    with contextlib.suppress(EnvironmentProblem):  # not kept: fitted again next time
                        write_atomically(cache, buffer.getvalue())
            _MODEL = model
        return _MODEL


@dataclass(frozen=True)
class Glyph:
    left: int
    right: int
    mask: np.ndarray


def dark_ink(gray: np.ndarray, columns: tuple[int, int] | None = None) -> np.ndarray:
    """Ink darker than the paper, the level chosen (Otsu) on `columns` only (the gap itself:
    the print in the margins around it would move the level and thin or thicken the pen)."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    sample = blur[:, columns[0] : columns[1]] if columns is not None and columns[1] > columns[0] else blur
    level, _ = cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return (blur < min(level, 170)) & (gray < 200)


def glyphs(mask: np.ndarray, line_height: int, inside: tuple[int, int] | None = None) -> list[Glyph]:
    """The digits of a gap: ink components tall enough to be a digit part, mostly within the
    columns `inside` (the gap without its margins), joined where they overlap horizontally (a
    5's flag, a 7's bar), and cut where touching digits make one component too wide, left to right."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    lo, hi = inside if inside is not None else (0, mask.shape[1])
    parts = []
    for i in range(1, n):
        x, _y, w, h, area = stats[i]
        if h < 0.3 * line_height and w < 0.3 * line_height:
            continue  # a speck, a dot of the leader line or of the label's colon
        if area < 0.02 * line_height * line_height:
            continue
        if w > 2.5 * line_height and h < 0.25 * line_height:
            continue  # an underline or a dotted leader line
        columns = np.count_nonzero(labels[:, x : x + w] == i, axis=0)
        within = columns[max(0, lo - x) : max(0, hi - x)].sum()
        if within < 0.5 * columns.sum():
            continue  # mostly in the margin: a neighbour's printed letter
        parts.append((x, x + w, i))
    parts.sort()
    groups: list[list[tuple[int, int, int]]] = []
    for part in parts:
        if groups:
            left = min(p[0] for p in groups[-1])
            right = max(p[1] for p in groups[-1])
            overlap = min(right, part[1]) - max(left, part[0])
            if overlap > 0.4 * min(part[1] - part[0], right - left):
                groups[-1].append(part)
                continue
        groups.append([part])
    out: list[Glyph] = []
    for g in groups:
        sel = np.isin(labels, [p[2] for p in g])
        out += _split_touching(Glyph(min(p[0] for p in g), max(p[1] for p in g), sel))
    return out


def _split_touching(glyph: Glyph) -> list[Glyph]:
    """A handwritten digit is narrower than tall: a wider component is digits written touching,
    cut at the columns with the least ink."""
    ys = np.nonzero(glyph.mask.any(axis=1))[0]
    height = int(ys[-1] - ys[0] + 1)
    width = glyph.right - glyph.left
    count = round(width / (0.7 * height))
    if width <= 1.05 * height or count < 2:
        return [glyph]
    profile = np.count_nonzero(glyph.mask[:, glyph.left : glyph.right], axis=0).astype(float)
    cuts = []
    for k in range(1, count):
        centre = k * width // count
        window = max(1, width // (3 * count))
        lo, hi = max(1, centre - window), min(width - 1, centre + window)
        cuts.append(lo + int(np.argmin(profile[lo:hi])))
    out = []
    bounds = [0, *cuts, width]
    for a, b in itertools.pairwise(bounds):
        mask = np.zeros_like(glyph.mask)
        mask[:, glyph.left + a : glyph.left + b] = glyph.mask[:, glyph.left + a : glyph.left + b]
        if mask.any():
            out.append(Glyph(glyph.left + a, glyph.left + b, mask))
    return out


class DigitReader:
    """Reads the pen digits in a box of a page (colour or gray, at `dpi`)."""

    def __init__(self, cache: Path | None = None, exe: str | None = None) -> None:
        self.cache = cache
        self.exe = exe or shutil.which("tesseract") or "tesseract"

    def read(self, image: np.ndarray, box: Box, line_height: int) -> PenReading | None:
        """The digits in a gap (estimated from OCR's word boxes). The pen is told from the print
        by where it is, not by its colour: on real scans the printed text is as blue as the ink
        (a tinted scan) and a pen's core is as dark and gray as print."""
        height, width = image.shape[:2]
        pad = max(2, line_height // 3)
        # A pen digit may cross the estimated gap's edges a little: a margin is looked at too,
        # and what lies mostly in it (a printed letter's tail, the notation's "/") is dropped.
        margin = max(2, line_height // 4)
        y0, y1 = max(0, box.top - pad), min(height, box.bottom + pad)
        x0, x1 = max(0, box.left - margin), min(width, box.right + margin)
        if x1 - x0 < 4 or y1 - y0 < 4:
            return None
        crop = image[y0:y1, x0:x1]
        inside = (box.left - x0, box.right - x0)
        mask = dark_ink(crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY), inside)
        found = glyphs(mask, line_height, inside)
        if not found or len(found) > 6:
            return None
        model = _model(self.cache)
        scores = model.votes(np.stack([features(g.mask) for g in found]).astype(np.float32))
        first = "".join(str(int(np.argmax(row))) for row in scores)
        # One-vs-one votes: two votes ahead of the runner-up is as sure as the classifier gets.
        conf = max(0.0, min(1.0, float(min(np.sort(row)[-1] - np.sort(row)[-2] for row in scores)) / 2))
        ink = np.zeros(mask.shape, bool)
        for g in found:
            ink |= g.mask
        xs = np.nonzero(ink.any(axis=0))[0]
        ys = np.nonzero(ink.any(axis=1))[0]
        where = Box(x0 + int(xs[0]), y0 + int(ys[0]), int(xs[-1] - xs[0] + 1), int(ys[-1] - ys[0] + 1))
        second = self._tesseract(ink, line_height)
        return PenReading(first, conf, second, where)

    def _tesseract(self, ink: np.ndarray, line_height: int) -> str:
        """Tesseract on the isolated ink only, as one word of digits, at a print-like size."""
        ys, xs = np.nonzero(ink)
        crop = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
        scale = 40.0 / max(1, crop.shape[0])
        img = cv2.resize((~crop).astype(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        img = cv2.copyMakeBorder(img, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
        with tempfile.TemporaryDirectory(prefix="qlvb-pen-") as tmp:
            path = Path(tmp) / "pen.png"
            cv2.imwrite(str(path), img)
            cmd = [self.exe, str(path), "stdout", "-l", "eng", "--psm", "8", "-c", "tessedit_char_whitelist=0123456789"]
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=tesseract_env(), check=False)
            except (OSError, subprocess.TimeoutExpired):
                return ""
        return "".join(c for c in out.stdout if c.isdigit())
