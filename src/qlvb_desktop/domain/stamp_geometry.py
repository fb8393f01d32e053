"""Where the ĐẾN stamp may go on page 1 (SPEC §4), as pure geometry.

The decree's stamp is 50 × 35 mm, put in blank paper under the number / subject / date. Real
pages (scans of provincial documents) have little white space in the header and carry the
signing tools' appearances (seal, organization, time) as annotations over the top of page 1, so:

- the ink map comes from the page rendered WITHOUT annotations, and every annotation's rectangle
  is marked occupied too (`InkMap.with_boxes`);
- candidates run from the top of the page (5 mm from the edge: real margins are narrow) down to
  the middle, left half first (under the number block), then the whole width (beside it, the
  top margin); first with a 2 mm clearance all around, then with 1 mm (anti-aliased edges);
- when no place holds the stamp at full size, it is scaled down, to no less than
  `MIN_STAMP_SCALE` (70 %: 35 × 24.5 mm, its 6 pt text still legible when printed) — the choice
  made for SPEC §4 OPEN; never over ink;
- when even that finds nothing, `NoRoomForStamp` is raised: the clerk is told before anything is
  stamped and places it by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError

MM = 72 / 25.4  # PDF points per millimetre
STAMP_WIDTH_MM = 50.0
STAMP_HEIGHT_MM = 35.0
STAMP_SCALES = (1.0, 0.9, 0.8, 0.7)
MIN_STAMP_SCALE = STAMP_SCALES[-1]
PAGE_EDGE_MM = 5.0
CLEARANCES_MM = (2.0, 1.0)  # never less than 1 mm: anti-aliased stroke edges reach that far


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin bottom-left of the page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def inside(self, page_width: float, page_height: float) -> bool:
        return (
            self.x >= 0 and self.y >= 0 and self.right <= page_width + 0.01 and self.top <= page_height + 0.01
        )

    def overlaps(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.top and other.y < self.top


@dataclass(frozen=True)
class InkMap:
    """Which cells of a page carry ink, from the rendered page (or OCR boxes).

    `rows[0]` is the top of the page; each cell is `cell` points square.
    """

    page_width: float
    page_height: float
    cell: float
    rows: Sequence[Sequence[bool]]
    _sums: list[list[int]] = field(default_factory=list, init=False, repr=False, compare=False)

    def _table(self) -> list[list[int]]:
        """Summed-area table: inked cells above and left of (r, c), so any box is O(1)."""
        if not self._sums and self.rows:
            cols = len(self.rows[0])
            table = [[0] * (cols + 1)]
            for row in self.rows:
                line, acc = [0], 0
                above = table[-1]
                for c, inked in enumerate(row):
                    acc += 1 if inked else 0
                    line.append(above[c + 1] + acc)
                table.append(line)
            self._sums.extend(table)
        return self._sums

    def _span(self, box: Box) -> tuple[int, int, int, int]:
        c0 = max(0, int(box.x // self.cell))
        c1 = min(len(self.rows[0]) - 1, int((box.right - 0.001) // self.cell))
        r0 = max(0, int((self.page_height - box.top) // self.cell))
        r1 = min(len(self.rows) - 1, int((self.page_height - box.y - 0.001) // self.cell))
        return c0, c1, r0, r1

    def is_blank(self, box: Box) -> bool:
        if not self.rows:
            return True
        c0, c1, r0, r1 = self._span(box)
        if c1 < c0 or r1 < r0:
            return True
        t = self._table()
        inked = t[r1 + 1][c1 + 1] - t[r0][c1 + 1] - t[r1 + 1][c0] + t[r0][c0]
        return inked == 0

    def with_boxes(self, boxes: Sequence[Box]) -> InkMap:
        """The same map with `boxes` (annotations: signature appearances, seals) marked as ink."""
        if not boxes or not self.rows:
            return self
        grid = [list(row) for row in self.rows]
        for box in boxes:
            c0, c1, r0, r1 = self._span(box)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    grid[r][c] = True
        return InkMap(self.page_width, self.page_height, self.cell, grid)


class NoRoomForStamp(ValidationError):
    """Page 1 has no blank place for the stamp, even scaled: the clerk places it."""


def stamp_box_at(x: float, y: float, scale: float = 1.0) -> Box:
    return Box(x, y, STAMP_WIDTH_MM * MM * scale, STAMP_HEIGHT_MM * MM * scale)


def _find(ink: InkMap, scale: float, clearance_mm: float) -> Box | None:
    """Scan in whole cells (the summed-area table read directly: a page is ~30 000 candidates)."""
    if not ink.rows:
        return stamp_box_at(PAGE_EDGE_MM * MM, ink.page_height - (PAGE_EDGE_MM + STAMP_HEIGHT_MM * scale) * MM, scale)
    t = ink._table()
    cell = ink.cell
    n_rows, n_cols = len(ink.rows), len(ink.rows[0])
    wc = math.ceil(STAMP_WIDTH_MM * scale * MM / cell - 1e-9)
    hc = math.ceil(STAMP_HEIGHT_MM * scale * MM / cell - 1e-9)
    mc = math.ceil(clearance_mm * MM / cell - 1e-9)
    edge = math.ceil(PAGE_EDGE_MM * MM / cell - 1e-9)
    last_col = min(n_cols, int(ink.page_width / cell) - edge) - wc  # stamp inside the page edges
    half_col = int(ink.page_width / 2 / cell) - wc
    last_row = min(int(ink.page_height / 2 / cell), n_rows - hc)  # the stamp's top in the top half
    cols = list(range(edge, last_col + 1))
    left_half = [c for c in cols if c <= half_col]
    rest = [c for c in cols if c > half_col]  # the left half was tried already
    for candidates in (left_half, rest):
        for r in range(edge, last_row + 1):
            r0, r1 = max(0, r - mc), min(n_rows, r + hc + mc)
            top, bottom = t[r0], t[r1]
            for c in candidates:
                c0, c1 = max(0, c - mc), min(n_cols, c + wc + mc)
                if bottom[c1] - top[c1] - bottom[c0] + top[c0] == 0:
                    x = c * cell
                    y = ink.page_height - r * cell - STAMP_HEIGHT_MM * scale * MM
                    return stamp_box_at(x, y, scale)
    return None


def place_stamp(ink: InkMap, occupied: Sequence[Box] = (), scales: Sequence[float] = STAMP_SCALES) -> Box:
    """The blank place nearest the top for the ĐẾN stamp, at the largest scale that fits.

    `occupied`: rectangles that count as ink (the annotations over the page). Raises
    `NoRoomForStamp` when the top half has no place even at the smallest scale.
    """
    page = ink.with_boxes(occupied)
    for scale in scales:
        for clearance in CLEARANCES_MM:
            found = _find(page, scale, clearance)
            if found is not None:
                return found
    raise NoRoomForStamp(
        "position",
        QT_TRANSLATE_NOOP(
            "Errors",
            "Không tìm được chỗ trống ở nửa trên trang 1 để đóng dấu ĐẾN; "
            "hãy chọn vị trí bằng tay (--at x,y).",
        ),
    )


def stamp_scale(box: Box) -> float:
    """How much a stamp box is scaled from the decree's 50 × 35 mm."""
    return box.width / (STAMP_WIDTH_MM * MM)


def is_stamp_box(box: Box) -> bool:
    """A box of the stamp's proportions at one of the scales this app uses."""
    return any(
        abs(box.width - STAMP_WIDTH_MM * MM * s) < 1 and abs(box.height - STAMP_HEIGHT_MM * MM * s) < 1
        for s in STAMP_SCALES
    )
