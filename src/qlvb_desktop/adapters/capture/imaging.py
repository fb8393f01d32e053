"""Page cleanup with OpenCV: upright, deskewed, dark borders cropped, blank and quality flags.

Analysis runs on a reduced gray copy (about 1600 px on the long side); the transforms are then
applied once to the full-resolution colour image, which keeps its colour (SPEC §6). The OCR
copy is gray with a gentle contrast stretch, for Tesseract only.

Skew and orientation come from projection profiles of the ink pixels: text lines give a
row profile of sharp peaks only when the page is level, so the angle maximizing the profile's
contrast is the skew, and comparing rows with columns tells horizontal from vertical text.
Up from down: Latin script, and Vietnamese even more with its tone marks, has far more ink above
the x-height band of each line than below it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.domain.capture import MIN_DPI, SEPARATOR_PAYLOAD, CleanPage, QualityWarning, RawPage

ANALYSIS_SIDE = 1200
MAX_SKEW = 15.0
BLANK_INK_RATIO = 0.0005
JPEG_QUALITY = 80
BLUR_THRESHOLD = 0.05  # a 200 dpi page blurred with sigma 2.5 px; sharp scans measure 0.2-0.5

cv2.setNumThreads(1)  # pages run in parallel; one thread each keeps the cores from oversubscribing


@dataclass
class Orientation:
    rotation: int  # degrees clockwise to apply
    skew: float  # skew found after the rotation: content turned this many degrees counter-clockwise
    confidence: float


def to_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def percentile(gray: np.ndarray, q: float) -> float:
    """Percentile of a uint8 image from its histogram: linear time, unlike np.percentile's sort."""
    hist = np.bincount(gray.ravel(), minlength=256)
    cum = np.cumsum(hist)
    return float(np.searchsorted(cum, q / 100.0 * (cum[-1] - 1) + 1))


def _reduce(gray: np.ndarray, side: int = ANALYSIS_SIDE) -> tuple[np.ndarray, float]:
    scale = min(1.0, side / max(gray.shape))
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return gray, scale


def find_dark_borders(gray: np.ndarray) -> tuple[int, int, int, int]:
    """Pixels of dark scanner border on each side (left, top, right, bottom) of `gray`."""
    dark = gray < 70
    h, w = gray.shape

    def edge(frac: np.ndarray, limit: int) -> int:
        n = 0
        while n < limit and frac[n] > 0.6:
            n += 1
        return n + (2 if n else 0)  # the border's soft edge

    rows, cols = dark.mean(axis=1), dark.mean(axis=0)
    top, bottom = edge(rows, h // 4), edge(rows[::-1], h // 4)
    left, right = edge(cols, w // 4), edge(cols[::-1], w // 4)
    return left, top, right, bottom


def text_mask(gray: np.ndarray) -> np.ndarray:
    """Ink that looks like letters (0/1): seals, signatures, rules, photos and borders removed.

    Letters are small, dense connected components of about one text height; a signature is a
    long sparse stroke, a seal a large ring, a rule very wide and thin. Left in, they swamp the
    projection profiles on pages with little text (a signature page)."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blur, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink
    w = stats[1:, cv2.CC_STAT_WIDTH]
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    area = stats[1:, cv2.CC_STAT_AREA]
    small = (area >= 4) & (h >= 3)
    if not small.any():
        return ink
    med = float(np.median(h[small]))
    fill = area / np.maximum(w * h, 1)
    letters = small & (h <= 2.5 * med) & (w <= 40 * med) & ((fill >= 0.12) | (np.maximum(w, h) <= 1.5 * med))
    keep = letters | ~small  # tiny components are tone marks and dots: they tell up from down
    lut = np.zeros(n, np.uint8)
    lut[1:] = keep
    mask: np.ndarray = lut[labels]
    return mask


def _ink_points(mask: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    if len(xs) > 60_000:
        pick = np.random.default_rng(0).choice(len(xs), 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    return np.column_stack([xs, ys]).astype(np.float64)


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    """Contrast of the row profile after rotating the points by `angle` degrees."""
    a = np.deg2rad(angle)
    proj = ys * np.cos(a) + xs * np.sin(a)
    proj -= proj.min()
    hist = np.bincount(proj.astype(np.int64))
    mean = hist.mean()
    return float(hist.var() / (mean * mean)) if mean > 0 else 0.0


def _search(xs: np.ndarray, ys: np.ndarray, center: float, half: float, step: float) -> tuple[float, float]:
    angles = np.arange(center - half, center + half + step / 2, step)
    scores = [_profile_score(xs, ys, a) for a in angles]
    i = int(np.argmax(scores))
    return float(angles[i]), float(scores[i])


def _refine(xs: np.ndarray, ys: np.ndarray, coarse: float) -> float:
    angle, _ = _search(xs, ys, coarse, 1.0, 0.2)
    angle, _ = _search(xs, ys, angle, 0.2, 0.04)
    return angle


def _upright_score(ink: np.ndarray) -> float:
    """> 0 when ink sits above each line's x-height band (upright), < 0 when below (upside down)."""
    rows = ink.sum(axis=1).astype(np.float64)
    if rows.max() <= 0:
        return 0.0
    on = rows > 0.02 * rows.max()
    on = cv2.morphologyEx(on.astype(np.uint8).reshape(-1, 1), cv2.MORPH_CLOSE, np.ones((3, 1), np.uint8)).ravel() > 0
    above = below = 0.0
    y, n = 0, len(on)
    while y < n:
        if not on[y]:
            y += 1
            continue
        start = y
        while y < n and on[y]:
            y += 1
        seg = rows[start:y]
        if len(seg) < 4:
            continue
        core = np.nonzero(seg >= 0.5 * seg.max())[0]
        above += seg[: core[0]].sum()
        below += seg[core[-1] + 1 :].sum()
    total = above + below
    return 0.0 if total == 0 else (above - below) / total


def detect_orientation(gray: np.ndarray) -> Orientation:
    """Rotation (0/90/180/270 clockwise) and skew of a reduced gray page."""
    mask = text_mask(gray)
    pts = _ink_points(mask)
    if len(pts) < 200:
        return Orientation(0, 0.0, 0.0)
    xs, ys = pts[:, 0], pts[:, 1]
    angle_h, score_h = _search(xs, ys, 0.0, MAX_SKEW + 1, 1.0)  # text lines along x
    angle_v, score_v = _search(ys, xs, 0.0, MAX_SKEW + 1, 1.0)  # text lines along y
    if score_h >= score_v:
        rotation, skew = 0, _refine(xs, ys, angle_h)
    else:
        # Lines run vertically: turn a quarter, then check up/down below.
        rotation, skew = 90, -_refine(ys, xs, angle_v)
    level = _apply(mask, rotation, skew, border=0)
    up = _upright_score(level)
    if up < 0:
        rotation = (rotation + 180) % 360
    confidence = abs(up)
    return Orientation(rotation, skew, confidence)


def _apply(image: np.ndarray, rotation: int, skew: float, border: int | tuple[int, int, int]) -> np.ndarray:
    if rotation == 90:
        image = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    elif rotation == 180:
        image = cv2.rotate(image, cv2.ROTATE_180)
    elif rotation == 270:
        image = cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    if abs(skew) >= 0.05:
        h, w = image.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), -skew, 1.0)
        image = cv2.warpAffine(
            image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
        )
    return image


def ink_ratio(gray: np.ndarray, contrast: float = 60.0, cap: float = 170.0) -> float:
    """Share of the page (without a 4 % margin) covered by real ink, speckles removed."""
    h, w = gray.shape
    my, mx = int(h * 0.04), int(w * 0.04)
    inner = gray[my : h - my, mx : w - mx]
    if inner.size == 0:
        return 0.0
    paper = percentile(inner, 90)
    mask = (inner < min(paper - contrast, cap)).astype(np.uint8)
    opened = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return float(opened.mean())


def quality_warnings(gray_small: np.ndarray, scale: float, dpi: int, ratio: float) -> tuple[QualityWarning, ...]:
    warnings: list[QualityWarning] = []
    if dpi < MIN_DPI:
        warnings.append(QualityWarning.LOW_DPI)
    paper = percentile(gray_small, 90)
    # Ink darkness against the paper's own shade (uneven lighting would pass for faint print).
    flat = _for_ocr(gray_small)
    darkest = percentile(flat, max(0.01, min(0.5, ratio * 25)))
    if paper < 140:
        warnings.append(QualityWarning.TOO_DARK)
    elif (ratio >= BLANK_INK_RATIO and darkest > 150) or (
        ratio < BLANK_INK_RATIO and ink_ratio(gray_small, 25.0, 255.0) >= BLANK_INK_RATIO
    ):
        # Faint print: little ink at full contrast, but clear strokes at low contrast.
        warnings.append(QualityWarning.TOO_LIGHT)
    if ratio >= BLANK_INK_RATIO:
        # Sharpness at a fixed physical scale (100 dpi), so it does not depend on the scan dpi.
        f = 100.0 / (dpi * scale)
        sample = cv2.resize(flat, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else flat
        # Edge energy next to the ink only, so a page with few lines is not called blurry.
        lo, hi = percentile(sample, 0.5), percentile(sample, 90)
        contrast = max(hi - lo, 1.0)
        lap = cv2.Laplacian(sample, cv2.CV_64F)
        ink = (sample < hi - 0.5 * contrast).astype(np.uint8)
        near = cv2.dilate(ink, np.ones((3, 3), np.uint8)) > 0
        sharp = float((lap[near] ** 2).mean()) / (contrast * contrast) if near.any() else 1.0
        if sharp < BLUR_THRESHOLD:
            warnings.append(QualityWarning.BLURRY)
    return tuple(warnings)


_qr = cv2.QRCodeDetector()


def is_separator(gray: np.ndarray) -> bool:
    small, _ = _reduce(gray, 800)
    try:
        text, _points, _ = _qr.detectAndDecode(small)
    except cv2.error:
        return False
    return text == SEPARATOR_PAYLOAD


def _for_ocr(gray: np.ndarray) -> np.ndarray:
    """Gentle cleanup for Tesseract: divide by the paper's own shade, so uneven lighting and
    yellowed paper become white while the strokes keep their contrast."""
    h, w = gray.shape
    f = 8
    small = cv2.resize(gray, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((7, 7), np.uint8))  # the brightest nearby: text removed
    paper = cv2.medianBlur(paper, 5)
    background = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    out: np.ndarray = cv2.divide(gray, np.maximum(background, 1), scale=255)
    return out


@dataclass
class PageSurvey:
    """The first, cheap look at a page (dark borders, ink, separator sheet): enough to tell a
    blank page. `OpenCvCleaner.finish` does the rest (orientation, deskew, the OCR copy); the
    extractor finishes only the pages it reads."""

    raw: RawPage
    image: np.ndarray  # cropped, full resolution
    small: np.ndarray  # cropped, reduced gray copy for analysis
    scale: float
    crop: tuple[int, int, int, int]
    separator: bool
    ratio: float
    blank: bool
    timings: dict[str, float]


class OpenCvCleaner:
    """The `clean` step of the intake pipeline."""

    def clean(self, raw: RawPage) -> CleanPage:
        return self.finish(self.survey(raw))

    def survey(self, raw: RawPage) -> PageSurvey:
        t0 = time.perf_counter()
        image = np.asarray(raw.image)
        gray = to_gray(image)
        small, scale = _reduce(gray)
        left, top, right, bottom = find_dark_borders(small)
        crop = (0, 0, 0, 0)
        if left or top or right or bottom:
            inv = 1.0 / scale
            h, w = gray.shape
            box = (int(left * inv), int(top * inv), w - int(right * inv), h - int(bottom * inv))
            if box[2] - box[0] > w // 3 and box[3] - box[1] > h // 3:
                image = image[box[1] : box[3], box[0] : box[2]]
                small = small[top : small.shape[0] - bottom, left : small.shape[1] - right]
                crop = (box[0], box[1], w - box[2], h - box[3])
        t1 = time.perf_counter()
        separator = is_separator(small)
        ratio = ink_ratio(small)
        timings = {"crop": t1 - t0, "analyse": time.perf_counter() - t1}
        return PageSurvey(raw, image, small, scale, crop, separator, ratio, ratio < BLANK_INK_RATIO, timings)

    def finish(self, survey: PageSurvey, gentle: bool = True) -> CleanPage:
        """The page upright, deskewed, and (`gentle`) its OCR copy; the extractor, which makes
        its own, asks for none (`ocr_image` None)."""
        t1 = time.perf_counter()
        raw, image, small, dpi = survey.raw, survey.image, survey.small, survey.raw.dpi
        blank, separator, ratio = survey.blank, survey.separator, survey.ratio
        orient = Orientation(0, 0.0, 0.0) if blank or separator or raw.upright else detect_orientation(small)
        warnings = quality_warnings(small, survey.scale, dpi, ratio)
        t2 = time.perf_counter()
        paper = int(percentile(small, 90))
        border = paper if image.ndim == 2 else (paper, paper, paper)
        image = _apply(np.ascontiguousarray(image), orient.rotation, orient.skew, border)
        # OCR reads the page at its own resolution (as Tesseract alone would); only the visible
        # image is brought up to the 200 dpi minimum, keeping 100 % scale.
        ocr_image = _for_ocr(to_gray(image)) if gentle else None
        if dpi < MIN_DPI:
            f = MIN_DPI / dpi
            image = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        t3 = time.perf_counter()
        return CleanPage(
            image=image,
            ocr_image=ocr_image,
            dpi=max(dpi, MIN_DPI),
            ocr_dpi=dpi,
            origin=raw.origin,
            rotation=orient.rotation,
            skew=orient.skew,
            cropped=survey.crop,
            blank=blank,
            ink_ratio=ratio,
            warnings=warnings,
            separator=separator,
            timings={
                "crop": survey.timings["crop"],
                "analyse": survey.timings["analyse"] + t2 - t1,
                "transform": t3 - t2,
            },
        )

    def write_visible(self, page: CleanPage, path: Path) -> tuple[int, int]:
        """JPEG of the visible page (colour kept); returns its pixel size."""
        image = np.asarray(page.image)
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise OSError("JPEG encoding failed")
        path.write_bytes(data.tobytes())
        return int(image.shape[1]), int(image.shape[0])

    def write_ocr_image(self, page: CleanPage, path: Path) -> tuple[int, int]:
        # PNM is the cheapest format to write and for Tesseract (Leptonica) to read.
        image = np.asarray(page.ocr_image)
        if not cv2.imwrite(str(path), image):
            raise OSError(f"cannot write {path}")
        return int(image.shape[1]), int(image.shape[0])

    def is_gray(self, page: CleanPage) -> bool:
        return bool(np.asarray(page.image).ndim == 2)

    def rotate(self, image: object, quarter_turns: int) -> object:
        """Manual rotation from the GUI, clockwise."""
        return _apply(np.asarray(image), (quarter_turns % 4) * 90, 0.0, 255)

    def thumbnail(self, image: object, height: int = 160) -> object:
        arr = np.asarray(image)
        f = height / arr.shape[0]
        return cv2.resize(arr, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
