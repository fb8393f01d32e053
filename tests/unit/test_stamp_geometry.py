"""Where the ĐẾN stamp goes: blank paper only, annotations occupied, scaled before giving up."""

from __future__ import annotations

import pytest

from qlvb_desktop.domain.signing import MM, Box, InkMap
from qlvb_desktop.domain.stamp_geometry import (
    MIN_STAMP_SCALE,
    NoRoomForStamp,
    is_stamp_box,
    place_stamp,
    stamp_scale,
)

A4 = (595.0, 842.0)


def page(marks: list[tuple[float, float, float, float]], cell_mm: float = 1.0) -> InkMap:
    """An A4 ink map with rectangles (x, y_from_top, w, h) in mm marked as ink."""
    cell = cell_mm * MM
    cols, rows = int(A4[0] // cell), int(A4[1] // cell)
    grid = [[False] * cols for _ in range(rows)]
    for x, y, w, h in marks:
        for r in range(int(y / cell_mm), min(rows, int((y + h) / cell_mm) + 1)):
            for c in range(int(x / cell_mm), min(cols, int((x + w) / cell_mm) + 1)):
                grid[r][c] = True
    return InkMap(A4[0], A4[1], cell, grid)


def mm_box(x: float, y_top: float, w: float, h: float) -> Box:
    return Box(x * MM, A4[1] - (y_top + h) * MM, w * MM, h * MM)


def test_annotations_count_as_occupied() -> None:
    # header text, body from 90 mm; the blank under the number is covered by a seal appearance
    ink = page([(15, 10, 80, 20), (110, 10, 85, 20), (15, 90, 180, 200)])
    free = place_stamp(ink)
    seal = mm_box(5, 32, 100, 50)
    moved = place_stamp(ink, [seal])
    assert free.overlaps(seal) and not moved.overlaps(seal)
    assert ink.with_boxes([seal]).is_blank(moved)


def test_scaled_down_when_only_a_smaller_blank_exists_never_below_the_minimum() -> None:
    # a 40 x 28 mm hole under the number: only a scaled stamp fits (with its clearance)
    box = place_stamp(page([(0, 0, 210, 30), (0, 58, 210, 240), (44, 30, 166, 28), (0, 30, 3, 28)]))
    assert stamp_scale(box) == pytest.approx(0.7) or stamp_scale(box) == pytest.approx(0.8)
    assert is_stamp_box(box) and not is_stamp_box(Box(0, 0, 30 * MM, 30 * MM))
    with pytest.raises(NoRoomForStamp):
        place_stamp(page([(0, 0, 210, 150)]))
    assert MIN_STAMP_SCALE == 0.7


def test_a_full_size_blank_is_used_at_full_size() -> None:
    ink = page([(0, 0, 210, 20), (0, 80, 210, 200), (70, 20, 140, 60)])  # 70 x 60 mm free at left
    box = place_stamp(ink)
    assert stamp_scale(box) == pytest.approx(1.0) and ink.is_blank(box)
