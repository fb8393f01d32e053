"""Cutting the pen ink of a gap into digits, on drawn ink (no OCR, no files)."""

from __future__ import annotations

import cv2
import numpy as np

from qlvb_desktop.adapters.extract.handwriting import glyphs, split_hypothesis

LINE = 34


def _slanted_zero(canvas: np.ndarray, left: int) -> None:
    # A narrow "0" leaning right, 40 px tall, as pens write it.
    pts = [
        (left + 10 + 8 * np.cos(t) + 0.45 * (20 - (20 + 20 * np.sin(t))), 30 + 20 * np.sin(t))
        for t in np.linspace(0, 2 * np.pi, 40)
    ]
    cv2.polylines(canvas, [np.array(pts, np.int32).reshape(-1, 1, 2)], True, 255, 4)


def test_touching_slanted_digits_are_cut_along_their_slant() -> None:
    canvas = np.zeros((60, 90), np.uint8)
    _slanted_zero(canvas, 10)
    _slanted_zero(canvas, 31)  # the second "0" touches the first
    mask = canvas > 0
    n, _labels = cv2.connectedComponents(mask.astype(np.uint8))
    assert n == 2  # one component: the two digits touch
    found = glyphs(mask, LINE)
    assert len(found) == 2
    # Each part is one whole "0": as tall as the ink and holding about half of it, not a
    # vertical slice through both.
    total = np.count_nonzero(mask)
    for g in found:
        ys = np.nonzero(g.mask.any(axis=1))[0]
        assert ys[-1] - ys[0] >= 36
        assert 0.35 * total <= np.count_nonzero(g.mask) <= 0.65 * total


def test_a_printed_letter_reaching_into_the_gap_is_not_a_digit() -> None:
    canvas = np.zeros((60, 90), np.uint8)
    cv2.line(canvas, (20, 10), (16, 50), 255, 4)  # a pen "1", 40 px tall
    cv2.line(canvas, (40, 10), (36, 50), 255, 4)  # another
    cv2.line(canvas, (70, 28), (70, 50), 255, 3)  # a printed "t" beside them, 22 px tall
    cv2.line(canvas, (65, 33), (76, 33), 255, 2)
    found = glyphs(canvas > 0, LINE)
    assert [g.left < 50 for g in found] == [True, True]


def test_the_printed_slash_taken_into_the_gap_is_not_a_digit() -> None:
    # Pen digits glued to the notation moved the gap's estimated end past the printed "/":
    # two bold pen strokes, then a thin slash (alone, or touching the "U" after it).
    for touching in (False, True):
        canvas = np.zeros((60, 160), np.uint8)
        cv2.line(canvas, (20, 10), (16, 50), 255, 6)  # a pen "1"
        cv2.line(canvas, (42, 10), (38, 50), 255, 6)  # another
        cv2.line(canvas, (70, 48), (80, 16), 255, 2)  # the printed "/"
        u_left = 80 if touching else 88
        cv2.line(canvas, (u_left, 18), (u_left, 46), 255, 2)  # the printed "U" after it
        cv2.line(canvas, (u_left, 46), (u_left + 16, 46), 255, 2)
        cv2.line(canvas, (u_left + 16, 18), (u_left + 16, 46), 255, 2)
        found = glyphs(canvas > 0, LINE, (5, 84))
        assert [g.right < 50 for g in found] == [True, True], touching


def test_two_touching_narrow_digits_are_also_read_cut_in_two() -> None:
    canvas = np.zeros((60, 90), np.uint8)
    # A "3" and a "1" written touching, together as narrow as one wide digit.
    cv2.ellipse(canvas, (18, 20), (10, 10), 0, -160, 90, 255, 4)
    cv2.ellipse(canvas, (18, 39), (11, 11), 0, -90, 160, 255, 4)
    cv2.line(canvas, (38, 10), (37, 50), 255, 4)
    cv2.line(canvas, (27, 20), (38, 10), 255, 4)
    mask = canvas > 0
    assert cv2.connectedComponents(mask.astype(np.uint8))[0] == 2  # one component
    found = glyphs(mask, LINE)
    assert len(found) == 1  # not wider than tall: read whole first
    cut = split_hypothesis(found)
    assert cut is not None and len(cut) == 2
    assert cut[0].left < cut[1].left and all(np.count_nonzero(g.mask) > 40 for g in cut)
    # A narrow single digit is not cut.
    one = np.zeros((60, 90), np.uint8)
    cv2.line(one, (20, 10), (16, 50), 255, 5)
    assert split_hypothesis(glyphs(one > 0, LINE)) is None
