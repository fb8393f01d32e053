"""Handwritten digits in a printed template: the number (`Số: 47 /QĐ-UBND`) and the day
(`ngày 17 tháng 01`) are written by pen into gaps the template leaves.

Three readings that do not share their method (`digit_model.py` says what the first two
learn from):
1. a support-vector classifier on gradient-orientation features (the directions of the edges);
2. Tesseract reading the isolated ink as one word of digits only (a print recognizer: alone it
   is not fit for pen, but agreeing with a classifier it confirms it);
3. a nearest-neighbour vote on the ink's thumbnail (where the ink is), which breaks ties.

The ink is isolated from the printed text first: in a colour scan the pen is blue (hue and
saturation), in a gray scan only the gap between the template's printed words is read.
Nothing here is sure on its own; the caller decides confidence from the two readings.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.adapters.capture.tesseract import tesseract_env
from qlvb_desktop.adapters.capture.tesseract_api import shared_pool
from qlvb_desktop.adapters.extract.digit_model import DigitModel, features, load_model, thumbnail
from qlvb_desktop.domain.extraction.handwriting import PenReading
from qlvb_desktop.domain.ocr import Box

# Tesseract's second reading of pen digits: digits only (its own engine in the pool).
PEN_VARIABLES = (("tessedit_char_whitelist", "0123456789"),)


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
    return _without_print(out)


def _height(glyph: Glyph) -> int:
    ys = np.nonzero(glyph.mask.any(axis=1))[0]
    return int(ys[-1] - ys[0] + 1) if len(ys) else 0


def stroke_width(mask: np.ndarray) -> float:
    """The typical width of a glyph's strokes: the median length of its ink runs along rows."""
    padded = np.pad(mask.astype(np.int8), ((0, 0), (1, 1)))
    steps = np.diff(padded, axis=1)
    runs = np.nonzero(steps == -1)[1] - np.nonzero(steps == 1)[1]
    return float(np.median(runs)) if runs.size else 0.0


# A glyph at the end of the gap whose strokes are at most this part of the pen digits' is print
# (the notation's "/" taken in when pen digits glued to it moved the gap's estimated end).
THIN_PRINT = 0.6


def _without_print(found: list[Glyph]) -> list[Glyph]:
    """Pen digits are written taller than the printed letters around them: a short part at
    either end of the gap is a printed letter that reaches into it (the "t" of "tháng", the
    "y" of "ngày"), not a digit. A last part drawn much thinner than the digits before it is the
    printed "/" of the notation."""
    while len(found) > 1:
        tallest = max(_height(g) for g in found)
        if _height(found[-1]) < 0.62 * tallest:
            found = found[:-1]
        elif _height(found[0]) < 0.62 * tallest:
            found = found[1:]
        elif stroke_width(found[-1].mask) <= THIN_PRINT * float(np.median([stroke_width(g.mask) for g in found[:-1]])):
            found = found[:-1]
        else:
            break
    return found


# A glyph at least this wide for its height may be two digits written touching (a narrow "31"):
# it is also read cut in two, a hypothesis the caller weighs against the template's rules.
SPLIT_RATIO = 0.7


def split_hypothesis(found: list[Glyph]) -> list[Glyph] | None:
    """The glyphs with the widest one (for its height) cut in two, or None when none is wide
    enough to be two digits."""
    ratios = [(g.right - g.left) / max(1, _height(g)) for g in found]
    if not ratios or len(found) >= 6:
        return None
    widest = int(np.argmax(ratios))
    if ratios[widest] < SPLIT_RATIO:
        return None
    parts = _split_touching(found[widest], 2)
    if len(parts) != 2:
        return None
    return [*found[:widest], *parts, *found[widest + 1 :]]


# Slants tried when cutting touching digits apart (the top moves right by this part of the
# height): pens lean, so the gap between two touching digits is a slanted line, not a column.
SLANTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def _split_touching(glyph: Glyph, count: int | None = None) -> list[Glyph]:
    """A handwritten digit is narrower than tall: a wider component is digits written touching,
    cut along the slanted lines with the least ink (the slant that leaves least ink on the cuts).
    With `count`, cut in that many parts whatever the width (a hypothesis to be scored)."""
    ys = np.nonzero(glyph.mask.any(axis=1))[0]
    top, height = int(ys[0]), int(ys[-1] - ys[0] + 1)
    width = glyph.right - glyph.left
    if count is None:
        count = round(width / (0.7 * height))
        if width <= 1.05 * height or count < 2:
            return [glyph]
    rows, cols = np.nonzero(glyph.mask)
    best: tuple[float, float, list[int]] | None = None
    for slant in SLANTS:
        # Each ink pixel's column once the slant is taken out (relative to the glyph's middle row).
        straight = np.round(cols - glyph.left + slant * (rows - top - height / 2)).astype(int)
        lo_col = int(straight.min())
        profile = np.bincount(straight - lo_col).astype(float)
        span = len(profile)
        cuts, ink = [], 0.0
        for k in range(1, count):
            centre = k * span // count
            window = max(1, span // (3 * count))
            lo, hi = max(1, centre - window), min(span - 1, centre + window)
            if hi <= lo:
                break
            at = lo + int(np.argmin(profile[lo:hi]))
            cuts.append(at + lo_col)
            ink += float(profile[at])
        if len(cuts) == count - 1 and (best is None or ink < best[0]):
            best = (ink, slant, cuts)
    if best is None:
        return [glyph]
    _ink, slant, cuts = best
    yy, xx = np.indices(glyph.mask.shape)
    straight_all = np.round(xx - glyph.left + slant * (yy - top - height / 2)).astype(int)
    out = []
    bounds = [-(10**6), *cuts, 10**6]
    for a, b in itertools.pairwise(bounds):
        mask = glyph.mask & (straight_all >= a) & (straight_all < b)
        if mask.any():
            xs = np.nonzero(mask.any(axis=0))[0]
            out.append(Glyph(int(xs[0]), int(xs[-1]) + 1, mask))
    return out


def _reading(model: DigitModel, found: list[Glyph], second: str, where: Box) -> PenReading:
    """The two classifiers' readings of the glyphs, with the print recognizer's `second`."""
    scores = model.votes(np.stack([features(g.mask) for g in found]).astype(np.float32))
    first = "".join(str(int(np.argmax(row))) for row in scores)
    # One-vs-one votes: two votes ahead of the runner-up is as sure as the classifier gets.
    conf = max(0.0, min(1.0, float(min(np.sort(row)[-1] - np.sort(row)[-2] for row in scores)) / 2))
    near = model.neighbours(np.stack([thumbnail(g.mask) for g in found]))
    third = "".join(str(int(np.argmax(row))) for row in near)
    # Each digit's candidates, surest first, for the caller's constraints (a day of the month):
    # the two classifiers' shares of belief added.
    belief = scores / 9.0 + near / np.maximum(near.sum(axis=1, keepdims=True), 1e-6)
    ranked = tuple(tuple((str(int(d)), round(float(row[d]) / 2, 3)) for d in np.argsort(-row)[:3]) for row in belief)
    return PenReading(first, conf, second, where, third, ranked)


class DigitReader:
    """Reads the pen digits in a box of a page (colour or gray, at `dpi`)."""

    def __init__(self, cache: Path | None = None, exe: str | None = None) -> None:
        self.cache = cache
        self.exe = exe or shutil.which("tesseract") or "tesseract"
        self.in_process = exe is None  # as `TesseractOcr`: a named executable is the one run

    def read(self, image: np.ndarray, box: Box, line_height: int) -> PenReading | None:
        """The digits in a gap (estimated from OCR's word boxes). The pen is told from the print
        by where it is, not by its colour: on real scans the printed text is as blue as the ink
        (a tinted scan) and a pen's core is as dark and gray as print."""
        height, width = image.shape[:2]
        pad = max(2, line_height // 3)
        # A pen digit may cross the estimated gap's edges a little: a margin is looked at too,
        # and what lies mostly in it (a printed letter's tail, the notation's "/") is dropped.
        # The ink is cut where the margin ends: a pen digit touching the print beyond it keeps
        # its own part (judged by its whole extent it would go with the printed word).
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
        model = load_model(self.cache)
        ink = np.zeros(mask.shape, bool)
        for g in found:
            ink |= g.mask
        xs = np.nonzero(ink.any(axis=0))[0]
        ys = np.nonzero(ink.any(axis=1))[0]
        where = Box(x0 + int(xs[0]), y0 + int(ys[0]), int(xs[-1] - xs[0] + 1), int(ys[-1] - ys[0] + 1))
        second = self._tesseract(ink, line_height)
        split = split_hypothesis(found)
        alternative = _reading(model, split, second, where) if split is not None else None
        return replace(_reading(model, found, second, where), split=alternative)

    def _tesseract(self, ink: np.ndarray, line_height: int) -> str:
        """Tesseract on the isolated ink only, as one word of digits, at a print-like size."""
        ys, xs = np.nonzero(ink)
        crop = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
        scale = 40.0 / max(1, crop.shape[0])
        img = cv2.resize((~crop).astype(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        img = cv2.copyMakeBorder(img, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
        pool = shared_pool() if self.in_process else None
        if pool is not None:
            try:
                with pool.engine("eng", PEN_VARIABLES) as engine:
                    return "".join(c for c in engine.text(img, None, psm=8) if c.isdigit())
            except OSError:
                return ""
        with tempfile.TemporaryDirectory(prefix="qlvb-pen-") as tmp:
            path = Path(tmp) / "pen.png"
            cv2.imwrite(str(path), img)
            cmd = [self.exe, str(path), "stdout", "-l", "eng", "--psm", "8", "-c", "tessedit_char_whitelist=0123456789"]
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=tesseract_env(), check=False)
            except (OSError, subprocess.TimeoutExpired):
                return ""
        return "".join(c for c in out.stdout if c.isdigit())
