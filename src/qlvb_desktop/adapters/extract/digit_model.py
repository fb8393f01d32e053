"""The pen-digit recognizers and the digits they learn from.

Two classifiers that see a digit differently: an RBF support-vector classifier on gradient
orientation histograms (shape) and a nearest-neighbour vote on the ink's thumbnail (where the ink
is), both fitted at first use on digits that ship with the station's packages: scikit-learn's
bundled handwritten digits (`load_digits`, 1,797 digits of 43 writers), the digits of the
handwriting fonts Debian packages, and pen strokes drawn here the way clerks write them (a "1"
with a long flag, a "7" with a bar, open and closed "4", narrow and slanted "0", a looped "2"),
each distorted as pens and scanners vary (slant, width, stroke, pressure, blur, a digit cut where
it touches the printed line). Nothing is downloaded; nothing comes from real documents.
"""

from __future__ import annotations

import contextlib
import glob
import io
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

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
                    x.append(ink)
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


# More of the shapes clerks write, and the ones the shapes above were confused with on pen
# (a flagged "1" read as "4", a narrow slanted "0" read as "6" or "8"): a narrow "0" drawn as one
# stroke that overlaps where it starts, flags of several lengths, a looped "2", a "7" with a hook.
MORE_PEN_DIGITS: dict[int, list[list[Stroke | _ELLIPSE]]] = {
    0: [
        [(0.3, 0.5, 0.14, 0.5)],
        [
            [
                (0.35, 0.05),
                (0.15, 0.1),
                (0.08, 0.5),
                (0.15, 0.9),
                (0.3, 1.0),
                (0.45, 0.9),
                (0.5, 0.5),
                (0.45, 0.1),
                (0.25, 0.0),
                (0.15, 0.12),
            ]
        ],
    ],
    1: [
        [[(0.0, 0.45), (0.3, 0.0), (0.3, 1.0)]],
        [[(0.05, 0.3), (0.2, 0.12), (0.35, 0.0), (0.32, 1.0)]],
        [[(0.15, 0.2), (0.35, 0.0), (0.3, 1.0)]],
    ],
    2: [
        [
            [
                (0.05, 0.2),
                (0.3, 0.0),
                (0.55, 0.15),
                (0.5, 0.4),
                (0.12, 0.85),
                (0.05, 0.98),
                (0.2, 1.0),
                (0.25, 0.88),
                (0.15, 0.85),
                (0.3, 0.97),
                (0.6, 0.95),
            ]
        ],
    ],
    3: [[[(0.05, 0.15), (0.3, 0.0), (0.5, 0.2), (0.25, 0.45), (0.55, 0.65), (0.45, 0.95), (0.2, 1.0), (0.0, 0.85)]]],
    4: [
        [[(0.1, 0.0), (0.05, 0.6), (0.6, 0.6)], [(0.45, 0.0), (0.45, 1.0)]],
        [[(0.35, 0.0), (0.0, 0.65), (0.6, 0.62)], [(0.45, 0.35), (0.42, 1.0)]],
    ],
    6: [[[(0.45, 0.0), (0.1, 0.45), (0.1, 0.9), (0.3, 1.0), (0.5, 0.85), (0.45, 0.62), (0.2, 0.6), (0.1, 0.75)]]],
    7: [
        [[(0.0, 0.1), (0.1, 0.0), (0.6, 0.03), (0.3, 0.55), (0.15, 1.0)], [(0.1, 0.5), (0.5, 0.5)]],
        [[(0.05, 0.05), (0.6, 0.0), (0.35, 0.5), (0.25, 1.0)]],
    ],
    8: [[[(0.5, 0.1), (0.3, 0.0), (0.1, 0.15), (0.5, 0.7), (0.35, 1.0), (0.1, 0.8), (0.45, 0.35), (0.5, 0.1)]]],
    9: [[(0.3, 0.25, 0.22, 0.25), [(0.52, 0.25), (0.35, 1.0)]]],
}


def _pen_digits(rng: np.random.Generator, variants: int = 25) -> tuple[list[np.ndarray], list[int]]:
    """The pen strokes above drawn with jittered points, slant (mostly to the right, as pens
    lean), width, pen width and pressure, then blurred as a JPEG scan blurs, and now and then cut
    at the top or bottom where a digit touched the printed line and lost ink with it."""
    x: list[np.ndarray] = []
    y: list[int] = []
    for digit in range(10):
        for style in PEN_DIGITS.get(digit, []) + MORE_PEN_DIGITS.get(digit, []):
            for _ in range(variants):
                ink = _draw(style, rng)
                if ink.any():
                    x.append(ink)
                    y.append(digit)
    return x, y


def _draw(style: list[Stroke | _ELLIPSE], rng: np.random.Generator) -> np.ndarray:
    canvas: np.ndarray = np.zeros((100, 100), np.uint8)
    slant = rng.uniform(-0.1, 0.5)  # the top moves right by this part of the height
    width = rng.uniform(0.6, 1.3)
    thickness = int(rng.integers(2, 9))
    for part in style:
        if isinstance(part, tuple):
            cx, cy, rx, ry = part
            start = rng.uniform(0, 2 * np.pi)
            pts = [
                (cx + rx * np.cos(t), cy + ry * np.sin(t))
                for t in np.linspace(start, start + 2 * np.pi * rng.uniform(0.95, 1.1), 24)
            ]
        else:
            pts = list(part)
        moved = []
        for px, py in pts:
            px, py = px + rng.normal(0, 0.03), py + rng.normal(0, 0.03)
            moved.append((20 + 64 * (px * width + slant * (0.5 - py)), 18 + 64 * py))
        poly = np.array(moved, np.int32).reshape(-1, 1, 2)
        # Pen pressure: one part drawn heavier or lighter than the others.
        weight = max(1, thickness + int(rng.integers(-1, 2)))
        cv2.polylines(canvas, [poly], False, 255, weight, lineType=cv2.LINE_AA)
    if rng.random() < 0.4:  # a blurred scan
        canvas = cv2.GaussianBlur(canvas, (5, 5), rng.uniform(0.8, 1.8))
    ink = canvas > rng.uniform(70, 140)
    if rng.random() < 0.2 and ink.any():  # cut where it touched the printed line
        ys = np.nonzero(ink.any(axis=1))[0]
        cut = int((ys[-1] - ys[0]) * rng.uniform(0.03, 0.1))
        if rng.random() < 0.5:
            ink[: ys[0] + cut] = False
        else:
            ink[ys[-1] - cut + 1 :] = False
    return ink


def thumbnail(mask: np.ndarray) -> np.ndarray:
    """The nearest-neighbour reader's view of a digit: its ink fitted into 16×16 pixels, blurred
    so that a stroke a little off still overlaps, as a unit vector (where the ink is, not the
    directions of its edges the first classifier looks at)."""
    small = cv2.resize(_normalized(mask), (16, 16), interpolation=cv2.INTER_AREA).astype(np.float32)
    flat = cv2.GaussianBlur(small, (3, 3), 0).reshape(-1)
    return np.asarray(flat / (np.linalg.norm(flat) + 1e-6), np.float32)


def _training_set() -> tuple[list[np.ndarray], np.ndarray]:
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
            x.append(big)
            y.append(int(target))
    return x, np.asarray(y, np.int16)


NEIGHBOURS = 7


@dataclass(frozen=True)
class DigitModel:
    """A fitted RBF support-vector classifier as arrays (one-vs-one, as scikit-learn fits it)
    and the training digits' thumbnails for the nearest-neighbour reader: kept in the station's
    data folder after the first fit, so a `qlvb extract` process neither draws the training
    digits nor fits again (seconds on a busy machine)."""

    vectors: np.ndarray  # support vectors, grouped by class
    dual: np.ndarray  # (classes - 1, vectors) dual coefficients
    intercept: np.ndarray  # one per pair of classes, in scikit-learn's pair order
    counts: np.ndarray  # support vectors per class
    gamma: float
    thumbs: np.ndarray  # (digits, 256) unit vectors
    labels: np.ndarray  # the digit of each thumbnail

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

    def neighbours(self, thumbs: np.ndarray) -> np.ndarray:
        """Similarity-weighted votes of the nearest training digits for each class (rows: samples)."""
        similarity = thumbs @ self.thumbs.T
        nearest = np.argsort(-similarity, axis=1)[:, :NEIGHBOURS]
        votes = np.zeros((len(thumbs), 10))
        for row, idx in enumerate(nearest):
            np.add.at(votes[row], self.labels[idx].astype(int), similarity[row, idx])
        return votes


def _fit() -> DigitModel:
    from sklearn.svm import SVC

    masks, y = _training_set()
    x = np.stack([features(m) for m in masks]).astype(np.float32)
    svc = SVC(C=5.0, gamma="scale")
    svc.fit(x, y)
    return DigitModel(
        svc.support_vectors_.astype(np.float32),
        svc.dual_coef_.astype(np.float64),
        svc.intercept_.astype(np.float64),
        svc.n_support_.astype(np.int64),
        float(svc._gamma),
        np.stack([thumbnail(m) for m in masks]).astype(np.float32),
        y,
    )


def _load(cache: Path) -> DigitModel | None:
    try:
        with np.load(cache, allow_pickle=False) as data:
            model = DigitModel(
                data["vectors"],
                data["dual"],
                data["intercept"],
                data["counts"],
                float(data["gamma"][0]),
                data["thumbs"],
                data["labels"],
            )
    except (OSError, ValueError, KeyError, IndexError):
        return None  # absent or damaged: fitted again
    if len(model.counts) != 10 or model.vectors.shape[0] != int(model.counts.sum()):
        return None
    if model.thumbs.shape != (len(model.labels), 256):
        return None
    return model


def load_model(cache: Path | None) -> DigitModel:
    """The classifier: fitted once (scikit-learn's bundled handwritten digits and the digits of
    Debian's handwriting fonts and of drawn pen strokes; nothing downloaded), then kept."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            model = _load(cache) if cache is not None else None
            if model is None:
                model = _fit()
                if cache is not None:
                    from qlvb_desktop.services.atomic_file import write_atomic  # the one atomic writer

                    buffer = io.BytesIO()
                    np.savez_compressed(
                        buffer,
                        vectors=model.vectors,
                        dual=model.dual,
                        intercept=model.intercept,
                        counts=model.counts,
                        gamma=np.asarray([model.gamma]),
                        thumbs=model.thumbs,
                        labels=model.labels,
                    )
                    with contextlib.suppress(OSError):  # not kept: fitted again next time
                        write_atomic(cache, buffer.getvalue())
            _MODEL = model
        return _MODEL
