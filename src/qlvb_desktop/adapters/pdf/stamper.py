"""The ĐẾN stamp written into page 1 (SPEC §4), and printed on a label."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from qlvb_desktop.adapters.pdf.drawing import arrival_stamp_fill_pdf, arrival_stamp_pdf
from qlvb_desktop.adapters.pdf.pages import (
    Overlay,
    add_overlay,
    annotation_boxes,
    find_arrival_stamp,
    has_signatures,
    ink_map,
    open_pdf,
    open_writer,
    page_size,
    read_pdf,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.signing import ArrivalStamp, Box, box_from_top_left_mm, place_stamp
from qlvb_desktop.services import atomic_file


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """The one atomic writer's streaming form (`services.atomic_file.atomic_output`) for PDFs:
    the whole file or nothing under `path`, and an OSError told as the "cannot write" sentence."""
    try:
        with atomic_file.atomic_output(path) as out:
            yield out
    except OSError as exc:
        raise _write_problem(path, exc) from exc


def _write_problem(path: Path, exc: OSError) -> EnvironmentProblem:
    return EnvironmentProblem(
        QT_TRANSLATE_NOOP("Errors", "Không ghi được tệp {path}: {reason}."),
        path=str(path),
        reason=exc.strerror or str(exc),
    )


class PdfStamper:
    """Adapter for the `ArrivalStamper` port."""

    def find_place(self, pdf: Path) -> Box:
        """Where the stamp would go (raises `NoRoomForStamp`): asked before stamping."""
        data = read_pdf(pdf)
        return place_stamp(ink_map(data), annotation_boxes(data))

    def stamp_arrival(
        self, src: Path, dst: Path, stamp: ArrivalStamp, at_mm: tuple[float, float] | None
    ) -> Box:
        with open_pdf(src) as inp:
            writer = open_writer(inp, src)
            if at_mm is None:
                data = read_pdf(src)
                box = place_stamp(ink_map(data), annotation_boxes(data))
            else:
                w, h = page_size(src)
                box = box_from_top_left_mm(at_mm[0], at_mm[1], w, h)
            signed = has_signatures(writer.prev)
            overlay = Overlay(arrival_stamp_pdf(stamp), box, "/ArrivalStamp")
            add_overlay(writer, overlay, 0, as_annotation=signed)
            with atomic_output(dst) as out:
                writer.write(out)
        return box

    def fill_arrival(self, src: Path, dst: Path, forward_to: str, case_file: str) -> Box:
        """Fills Chuyển / Số và ký hiệu HS of the stamp already on page 1, in a new revision."""
        with open_pdf(src) as inp:
            writer = open_writer(inp, src)
            box = find_arrival_stamp(writer)
            if box is None:
                raise UserError(
                    QT_TRANSLATE_NOOP("Errors", "Trang 1 của {path} chưa có dấu ĐẾN do phần mềm đóng."),
                    path=src.name,
                )
            overlay = Overlay(arrival_stamp_fill_pdf(forward_to, case_file), box, "/ArrivalStamp")
            add_overlay(writer, overlay, 0, as_annotation=has_signatures(writer.prev))
            with atomic_output(dst) as out:
                writer.write(out)
        return box

    def drawing(self, stamp: ArrivalStamp) -> bytes:
        return arrival_stamp_pdf(stamp)

    def label(self, stamp: ArrivalStamp, dst: Path) -> None:
        """The filled stamp alone on a 50 × 35 mm page, for a label printer."""
        with atomic_output(dst) as out:
            out.write(arrival_stamp_pdf(stamp))
