"""The ĐẾN stamp never over text (issue 14): on pages laid out like the real ones (signature
appearances at the top, handwritten number, narrow margins), measured by pixels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qlvb_desktop.adapters.pdf.pages import annotation_boxes, ink_map
from qlvb_desktop.adapters.pdf.stamper import PdfStamper
from qlvb_desktop.domain.signing import ArrivalStamp, NoRoomForStamp
from qlvb_desktop.domain.stamp_geometry import stamp_scale
from tests.adapters.signing.stamp_pages import blank_exists, ink_pixels_under, real_like_page

SEEDS = range(24)
STAMP = ArrivalStamp("Sở Nội vụ tỉnh Thử nghiệm", "125", date(2025, 1, 8))


def test_never_over_ink_and_full_size_wherever_a_50_by_35_blank_exists(tmp_path: Path) -> None:
    with_blank = placed_full = without_blank = 0
    for seed in SEEDS:
        data = real_like_page(seed)
        src = tmp_path / f"p{seed}.pdf"
        src.write_bytes(data)
        annots = annotation_boxes(data)
        blank = blank_exists(data, annots)
        try:
            box = PdfStamper().stamp_arrival(src, tmp_path / f"s{seed}.pdf", STAMP, None)
        except NoRoomForStamp:
            assert not blank, f"seed {seed}: a 50 x 35 mm blank exists but no place was found"
            without_blank += 1
            continue
        assert ink_pixels_under(data, box) == 0, f"seed {seed}: the stamp covers ink"
        assert not any(box.overlaps(a) for a in annots), f"seed {seed}: the stamp covers a signature appearance"
        assert 0.7 - 1e-9 <= stamp_scale(box) <= 1.0
        if blank:
            with_blank += 1
            placed_full += stamp_scale(box) == pytest.approx(1.0)
        else:
            without_blank += 1
            assert stamp_scale(box) < 1.0  # no full-size blank: it could only fit scaled
    # the cell grid (1 mm) may miss a blank of exactly 50 x 35 mm by a fraction of a millimetre
    # and scale the stamp to 90 %: allowed, but not more than once in a while
    assert placed_full >= with_blank - 2, (placed_full, with_blank)
    # the generator makes both kinds of page, as the real ones are
    assert with_blank >= 4 and without_blank >= 4, (with_blank, without_blank)


def test_the_ink_map_ignores_annotations_and_they_count_as_rectangles(tmp_path: Path) -> None:
    seed = next(s for s in SEEDS if len(annotation_boxes(real_like_page(s))) == 3)
    data = real_like_page(seed)
    annots = annotation_boxes(data)
    ink = ink_map(data)
    # rendered without annotations: the appearances change nothing in the page's own ink…
    assert [list(r) for r in ink.rows] == [list(r) for r in ink_map(real_like_page(seed, appearances=False)).rows]
    # …and their rectangles are occupied
    assert not any(ink.with_boxes(annots).is_blank(a) for a in annots)
