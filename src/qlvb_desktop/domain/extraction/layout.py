"""Page geometry from Tesseract's word boxes.

Tesseract joins words that share a baseline into one line even across the two header columns
("ỦY BAN NHÂN DÂN … CỘNG HÒA XÃ HỘI …"). Here words are regrouped by position only: a visual
line is the words whose vertical extents overlap; a line is cut into segments where the gap
between two words is much wider than a space, so each header column becomes its own segment.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from statistics import median

from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord
from qlvb_desktop.domain.text import fold_marks

# A gap wider than this many line heights separates two segments of one visual line.
SEGMENT_GAP = 1.6
_RULE = re.compile(r"^[\s_\-—–=.·]*$")


@dataclass(frozen=True)
class Segment:
    """Words of one visual line that belong together (one column)."""

    words: tuple[OcrWord, ...]
    page: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def folded(self) -> str:
        return fold_marks(self.text)

    @property
    def box(self) -> Box:
        box = self.words[0].box
        for w in self.words[1:]:
            box = box.union(w.box)
        return box

    @property
    def min_conf(self) -> float:
        return min(w.confidence for w in self.words)

    @property
    def mean_conf(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words)

    @property
    def height(self) -> int:
        return int(median(w.box.height for w in self.words))

    @property
    def center_x(self) -> float:
        b = self.box
        return b.left + b.width / 2

    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def union_boxes(segments: list[Segment]) -> Box:
    box = segments[0].box
    for s in segments[1:]:
        box = box.union(s.box)
    return box


def _is_noise(word: OcrWord) -> bool:
    text = word.text
    if _RULE.match(text):
        return True
    # Tesseract reads signatures, seals and specks as short runs of symbols with low confidence.
    alnum = sum(c.isalnum() for c in text)
    return word.confidence < 30 and alnum < max(2, len(text) // 2)


def page_lines(page: OcrPage, index: int) -> list[list[Segment]]:
    """Visual lines top to bottom, each a list of segments left to right."""
    words = [w for w in page.words if not _is_noise(w)]
    if not words:
        return []
    heights = sorted(w.box.height for w in words)
    typical = heights[len(heights) // 2] or 1
    words.sort(key=lambda w: w.box.top + w.box.height / 2)
    rows: list[list[OcrWord]] = []
    bands: list[tuple[float, float]] = []
    for w in words:
        h = min(w.box.height, 2 * typical)
        mid = w.box.top + w.box.height / 2
        placed = False
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = bands[i]
            if top <= mid <= bottom:
                rows[i].append(w)
                # Follow the line as it goes (a residual skew moves it), do not widen it.
                bands[i] = (mid - h * 0.4, mid + h * 0.4)
                placed = True
                break
        if not placed:
            rows.append([w])
            bands.append((mid - h * 0.4, mid + h * 0.4))
    lines: list[list[Segment]] = []
    for row in rows:
        row.sort(key=lambda w: w.box.left)
        height = median(min(w.box.height, 2 * typical) for w in row)
        segments: list[list[OcrWord]] = [[row[0]]]
        for prev, word in itertools.pairwise(row):
            if word.box.left - prev.box.right > SEGMENT_GAP * max(height, typical):
                segments.append([word])
            else:
                segments[-1].append(word)
        if row[0].box.top < page.height * 0.2:  # the two-column header, above the type name
            segments = [part for seg in segments for part in _split_columns(seg, page.width, height)]
        lines.append([Segment(tuple(s), index) for s in segments])
    lines.sort(key=lambda line: min(s.box.top for s in line))
    return lines


def _split_columns(words: list[OcrWord], width: int, height: float) -> list[list[OcrWord]]:
    """A header run crossing the middle of the page is two columns when a gap wider than a
    space separates a left part ending before the middle from a right part (low resolutions
    and long names leave less than SEGMENT_GAP between the columns)."""
    mid = width / 2
    if len(words) < 2 or not (words[0].box.left < mid < words[-1].box.right):
        return [words]
    best, at = 0.0, -1
    for i in range(1, len(words)):
        gap = words[i].box.left - words[i - 1].box.right
        if words[i - 1].box.right < mid + width * 0.05 and words[i].box.left > mid - width * 0.12 and gap > best:
            best, at = gap, i
    if at < 0 or best < 0.9 * height:
        return [words]
    return [words[:at], words[at:]]


def segments_of(lines: list[list[Segment]]) -> list[Segment]:
    return [s for line in lines for s in line]


def typical_height(segments: list[Segment]) -> int:
    if not segments:
        return 1
    return max(1, int(median(s.height for s in segments)))
