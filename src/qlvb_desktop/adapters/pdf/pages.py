"""Writing drawn content into page 1 of a PDF, always as an incremental update.

A document nobody has signed gets the content in the page itself (a form XObject drawn by an
added content stream), so it prints and is part of the page. A document that already carries
signatures is never rewritten: the content goes into a printable annotation tagged `/QlvbKind`,
which the verifier recognizes as this app's own revision.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.signing import MM, Box, InkMap

APP_TAG = "/QlvbKind"  # marks annotations this app adds; values /ArrivalStamp, /OutgoingNumber


def read_pdf(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Không đọc được tệp {path}: {reason}."),
            path=str(path),
            reason=exc.strerror,
        ) from exc
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Tệp {path} không phải là PDF."), path=str(path))
    return data


def open_pdf(path: Path) -> BinaryIO:
    """The PDF opened for reading (streamed, not loaded whole), after a quick header check."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Không đọc được tệp {path}: {reason}."),
            path=str(path),
            reason=exc.strerror,
        ) from exc
    if b"%PDF-" not in stream.read(1024):
        stream.close()
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Tệp {path} không phải là PDF."), path=str(path))
    stream.seek(0)
    return stream


def open_writer(data: bytes | BinaryIO, path: Path) -> IncrementalPdfFileWriter:
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        return IncrementalPdfFileWriter(stream, strict=False)
    except (PdfError, ValueError, KeyError) as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Tệp {path} là PDF hỏng, không đọc được: {reason}."),
            path=str(path),
            reason=str(exc),
        ) from exc


def page_size(data: bytes | Path, page_ix: int = 0) -> tuple[float, float]:
    pdf = pdfium.PdfDocument(data)
    try:
        w, h = pdf[page_ix].get_size()
        return float(w), float(h)
    finally:
        pdf.close()


def has_signatures(reader: PdfFileReader) -> bool:
    return bool(reader.embedded_signatures)


INK_LEVEL = 160  # grey below which a pixel is ink: text, pen, seals; not scan background or dust


def ink_map(data: bytes | Path, cell_mm: float = 1.0, page_ix: int = 0, top_part: float = 0.66) -> InkMap:
    """Which 1 mm cells of the page carry ink, from the page rendered at about 100 dpi WITHOUT
    its annotations (they are added as rectangles, see `annotation_boxes`).

    Only the top `top_part` of the page is rendered (the stamp starts in the top half); the rest
    counts as ink, so nothing is ever placed where the page was not looked at. A cell is ink when
    any of its pixels is darker than `INK_LEVEL`: scans have a grey, speckled background that a
    mean over the cell would count as ink everywhere.
    """
    scale = 4 / (cell_mm * MM)  # 4 × 4 pixels per cell
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_ix]
        w, h = page.get_size()
        crop = (0, h * (1 - top_part), 0, 0)  # left, bottom, right, top: points cut away
        bitmap = page.render(scale=scale, crop=crop, may_draw_forms=False, draw_annots=False, grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        pdf.close()
    cell = cell_mm * MM
    cols, rows = max(1, int(w // cell)), max(1, int(h // cell))
    seen_rows = max(1, int(h * top_part // cell))
    dark = image.point(lambda v: 255 if v < INK_LEVEL else 0)
    # BOX average of the dark mask: above 0 as soon as one pixel of the cell is dark
    cells = dark.resize((cols, seen_rows), Image.Resampling.BOX)
    raw = cells.tobytes()
    grid = [[raw[r * cols + c] > 0 for c in range(cols)] for r in range(seen_rows)]
    grid += [[True] * cols for _ in range(rows - seen_rows)]
    return InkMap(float(w), float(h), cell, grid)


def annotation_boxes(data: bytes | Path, page_ix: int = 0) -> list[Box]:
    """The rectangles of the page's visible annotations (signature appearances, seals, stamps)."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    try:
        reader = PdfFileReader(io.BytesIO(raw), strict=False)
        annots = _leaf_pages(reader.root["/Pages"])[page_ix].get("/Annots") or []
        out = []
        for ref in annots:
            annot = ref.get_object()
            if "/Rect" not in annot or int(annot.get("/F", 0)) & 2:  # hidden annotations draw nothing
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            box = Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
            if box.width > 0.5 and box.height > 0.5:
                out.append(box)
        return out
    except (PdfError, ValueError, KeyError, TypeError, IndexError):
        return []  # unreadable annotations: the rendered ink still counts


def _leaf_pages(node: generic.DictionaryObject, depth: int = 0) -> list[generic.DictionaryObject]:
    if node.get("/Type") != "/Pages" or depth > 50:
        return [node]
    out: list[generic.DictionaryObject] = []
    for kid in node["/Kids"]:
        out += _leaf_pages(kid.get_object(), depth + 1)
    return out


@dataclass
class Overlay:
    pdf: bytes  # a one-page PDF whose page is exactly the overlay
    box: Box  # where it goes on the target page
    kind: str  # /ArrivalStamp, /OutgoingNumber


def add_overlay(
    writer: IncrementalPdfFileWriter, overlay: Overlay, page_ix: int, as_annotation: bool
) -> None:
    """Draws `overlay` into `writer`'s page (content) or as a printable tagged annotation."""
    src = PdfFileReader(io.BytesIO(overlay.pdf))
    xobj_ref = writer.import_page_as_xobject(src, 0)
    box = overlay.box
    if as_annotation:
        xobj = xobj_ref.get_object()
        sx = box.width / float(xobj["/BBox"][2])
        sy = box.height / float(xobj["/BBox"][3])
        xobj[pdf_name("/Matrix")] = generic.ArrayObject(
            [generic.FloatObject(v) for v in (sx, 0, 0, sy, 0, 0)]
        )
        annot = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Stamp"),
                pdf_name("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(v) for v in (box.x, box.y, box.right, box.top)]
                ),
                pdf_name("/F"): generic.NumberObject(4 | 128),  # Print, Locked
                pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): xobj_ref}),
                pdf_name("/Name"): pdf_name(overlay.kind),
                pdf_name(APP_TAG): pdf_name(overlay.kind),
            }
        )
        page_ref, _ = writer.find_page_for_modification(page_ix)
        annot[pdf_name("/P")] = page_ref
        writer.register_annotation(page_ref, writer.add_object(annot))
        return
    name = "/QlvbStamp" + str(xobj_ref.idnum)
    ops = f"q {box.width / float(xobj_ref.get_object()['/BBox'][2]):.5f} 0 0 "
    ops += (
        f"{box.height / float(xobj_ref.get_object()['/BBox'][3]):.5f} {box.x:.3f} {box.y:.3f} cm {name} Do Q"
    )
    # The page's own content may leave the graphics state changed: wrap it in q … Q first.
    writer.add_stream_to_page(
        page_ix, writer.add_object(generic.StreamObject(stream_data=b"q\n")), prepend=True
    )
    stream_ref = writer.add_object(generic.StreamObject(stream_data=b"\nQ\n" + ops.encode("ascii") + b"\n"))
    resources = generic.DictionaryObject(
        {pdf_name("/XObject"): generic.DictionaryObject({pdf_name(name): xobj_ref})}
    )
    writer.add_stream_to_page(page_ix, stream_ref, resources=resources)


_STAMP_OPS = re.compile(rb"q ([\d.]+) 0 0 ([\d.]+) ([\d.-]+) ([\d.-]+) cm /QlvbStamp\d+ Do Q")


def find_arrival_stamp(writer: IncrementalPdfFileWriter, page_ix: int = 0) -> Box | None:
    """Where this app put its ĐẾN stamp on the page: a tagged annotation, or our content stream."""
    page_ref, _ = writer.find_page_for_modification(page_ix)
    page = page_ref.get_object()
    for annot_ref in page.get("/Annots") or []:
        annot = annot_ref.get_object()
        if annot.get(APP_TAG) == "/ArrivalStamp":
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            return Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
    contents = page.get("/Contents")
    if isinstance(contents, generic.IndirectObject):
        contents = contents.get_object()
    streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
    for stream in streams:
        data = stream.get_object().data if stream is not None else b""
        if b"/QlvbStamp" not in data:
            continue
        match = _STAMP_OPS.search(data)
        if match:
            sx, sy, x, y = (float(v) for v in match.groups())
            from qlvb_desktop.domain.signing import STAMP_HEIGHT_MM, STAMP_WIDTH_MM

            # the stamp's form is 50 × 35 mm; the matrix scales it to the box it was given
            return Box(x, y, sx * STAMP_WIDTH_MM * MM, sy * STAMP_HEIGHT_MM * MM)
    return None
