"""Where the ĐẾN stamp goes on real pages, and whether it ever covers ink (issue 14).

For page 1 of every PDF of a folder (default: /work/shared/corpus/real-dev): the place and scale
chosen, then the stamped output is rendered (150 dpi) and the pixels of the page's own ink
(rendered without annotations) under the stamp's box are counted, and the box is checked against
the annotations' rectangles (signature appearances). Also reports whether a full-size
50 × 35 mm blank existed, found by a pixel scan independent of the placement code.
Prints a table and the totals; not a timed test. Usage: .venv/bin/python bench/stamp_place.py [FOLDER] [--png DIR]
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from scratch import scratch_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from qlvb_desktop.adapters.pdf.pages import annotation_boxes, read_pdf  # noqa: E402
from qlvb_desktop.adapters.pdf.stamper import PdfStamper  # noqa: E402
from qlvb_desktop.adapters.pdf.verifier import PdfVerifier  # noqa: E402
from qlvb_desktop.domain.signing import MM, ArrivalStamp, NoRoomForStamp  # noqa: E402
from qlvb_desktop.domain.stamp_geometry import stamp_scale  # noqa: E402
from tests.adapters.signing.stamp_pages import blank_exists, ink_pixels_under  # noqa: E402


def main() -> None:
    argv = sys.argv[1:]
    png = None
    if "--png" in argv:
        at = argv.index("--png")
        png = Path(argv[at + 1])
        del argv[at : at + 2]
    folder = Path(argv[0]) if argv else Path("/work/shared/corpus/real-dev")
    work = scratch_dir("qlvb-stamp-")
    stamp = ArrivalStamp("Sở Nội vụ tỉnh Thử nghiệm", "125", date(2025, 1, 8))
    rows = []
    verdicts: list[str] = []
    t0 = time.perf_counter()
    for pdf in sorted(folder.glob("*.pdf")):
        data = read_pdf(pdf)
        annots = annotation_boxes(data)
        full_blank = blank_exists(data, annots)
        out = work / pdf.name
        try:
            start = time.perf_counter()
            box = PdfStamper().stamp_arrival(pdf, out, stamp, None)
            ms = (time.perf_counter() - start) * 1000
        except NoRoomForStamp:
            rows.append((pdf.name, full_blank, None, 0, False, 0.0))
            continue
        under = ink_pixels_under(data, box)
        on_annot = any(box.overlaps(a) for a in annots)
        rows.append((pdf.name, full_blank, box, under, on_annot, ms))
        verdicts.append(PdfVerifier().verify(out).verdict.value)  # a signed original stays valid
        if png is not None:
            from tests.adapters.signing.stamp_pages import render_png

            render_png(out, png / f"{pdf.stem}.png")
    print(f"{'file':16} {'50x35 blank':12} {'placed at (mm from top-left)':30} {'scale':6} {'ink px under':13} "
          f"{'on annot':9} ms")
    for name, full_blank, box, under, on_annot, ms in rows:
        if box is None:
            print(f"{name:16} {'yes' if full_blank else 'no':12} {'NO ROOM: the clerk places it':30}")
            continue
        h_pt = 842  # only for the printout: real pages are A4
        where = f"x={box.x / MM:.0f}, y={(h_pt - box.top) / MM:.0f}"
        print(f"{name:16} {'yes' if full_blank else 'no':12} {where:30} {stamp_scale(box):<6.0%} {under:<13} "
              f"{'YES' if on_annot else 'no':9} {ms:.0f}")
    placed = [r for r in rows if r[2] is not None]
    with_blank = [r for r in rows if r[1]]
    full_ok = [r for r in with_blank if r[2] is not None and abs(stamp_scale(r[2]) - 1) < 1e-6 and r[3] == 0]
    print()
    print(f"{len(rows)} pages, {time.perf_counter() - t0:.1f} s")
    full = sum(abs(stamp_scale(r[2]) - 1) < 1e-6 for r in placed)
    print(f"placed automatically: {len(placed)}/{len(rows)} (full size {full}, scaled {len(placed) - full})")
    over = sum(1 for r in placed if r[3] > 0 or r[4])
    print(f"placed over ink (pixels > 0) or over an annotation: {over}/{len(placed)}")
    print(f"pages with a 50 x 35 mm blank: {len(with_blank)}; stamped there at full size without ink: {len(full_ok)}")
    print(f"verdicts of the stamped signed originals: {verdicts}")


if __name__ == "__main__":
    main()
