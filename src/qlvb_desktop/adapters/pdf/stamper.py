"""The ĐẾN stamp written into page 1 (SPEC §4), and printed on a label."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from qlvb_desktop.adapters.pdf.drawing import arrival_stamp_pdf
from qlvb_desktop.adapters.pdf.pages import (
    Overlay,
    add_overlay,
    has_signatures,
    ink_map,
    open_writer,
    page_size,
    read_pdf,
)
from qlvb_desktop.domain.errors import ERRORS_CONTEXT, QT_TRANSLATE_NOOP, EnvironmentProblem
from qlvb_desktop.domain.signing import ArrivalStamp, Box, box_from_top_left_mm, place_stamp


def write_atomically(path: Path, data: bytes) -> None:
    """Writes the whole file or nothing: a crash never leaves half a PDF under `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".part") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp.name, path)
    except OSError as exc:
        raise EnvironmentProblem(
            QT_TRANSLATE_NOOP(ERRORS_CONTEXT, "Không ghi được tệp {path}: {reason}."),
            path=str(path),
            reason=exc.strerror,
        ) from exc


class PdfStamper:
    """Adapter for the `ArrivalStamper` port."""

    def find_place(self, pdf: Path) -> Box:
        return place_stamp(ink_map(read_pdf(pdf)))

    def stamp_arrival(
        self, src: Path, dst: Path, stamp: ArrivalStamp, at_mm: tuple[float, float] | None
    ) -> Box:
        data = read_pdf(src)
        writer = open_writer(data, src)
        if at_mm is None:
            box = place_stamp(ink_map(data))
        else:
            w, h = page_size(data)
            box = box_from_top_left_mm(at_mm[0], at_mm[1], w, h)
        signed = has_signatures(writer.prev)
        add_overlay(writer, Overlay(arrival_stamp_pdf(stamp), box, "/ArrivalStamp"), 0, as_annotation=signed)
        out = io.BytesIO()
        writer.write(out)
        write_atomically(dst, out.getvalue())
        return box

    def label(self, stamp: ArrivalStamp, dst: Path) -> None:
        """The filled stamp alone on a 50 × 35 mm page, for a label printer."""
        write_atomically(dst, arrival_stamp_pdf(stamp))
