"""The closing part of a page (the signer block) found above a lone page number (no OCR)."""

from __future__ import annotations

import numpy as np

from qlvb_desktop.adapters.extract.imaging import CleanImage

HEIGHT, WIDTH = 2300, 1600


def _page(lines: list[int], page_number: int | None) -> CleanImage:
    ink = np.zeros((HEIGHT, WIDTH), bool)
    for top in lines:
        ink[top : top + 30, 200:1400] = True  # a line of text
    if page_number is not None:
        ink[page_number : page_number + 25, 1420:1440] = True  # "4", alone far below
    return CleanImage(np.where(ink, 0, 255).astype(np.uint8), ink, 200, 0, 0.0, False, "p4")


def test_the_foot_of_a_short_last_page_is_above_its_page_number() -> None:
    text = list(range(600, 1300, 45))  # the end of the body, Nơi nhận and the signer block
    last = 1275 + 29  # the last row of the signer block's last line
    top, bottom = _page(text, 2150).part("foot")
    assert (top, bottom) == (last - int(HEIGHT * 0.45), HEIGHT)  # the block is in it
    # Without a page number, or with text down to the bottom, the part is as before.
    assert _page(text, None).part("foot") == (top, HEIGHT)
    full = list(range(150, 2200, 45))
    assert _page(full, None).part("foot")[0] == 2175 + 29 - int(HEIGHT * 0.45)
