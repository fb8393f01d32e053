"""The PDF/A-2B writer: page images with Tesseract's invisible text pages laid over them.

Each page is its JPEG image drawn at 100 % scale (page size = pixels / dpi) and, on top, the
text-only page Tesseract wrote for it, as a form XObject. The file carries what PDF/A-2B
asks for: an sRGB output intent, XMP metadata (pdfaid part 2, conformance B) matching the
document information, embedded fonts (Tesseract's glyph-less font is embedded), a file ID.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pikepdf
from PIL import ImageCms

from qlvb_desktop.domain.capture import PdfPageSpec
from qlvb_desktop.domain.clock import now_vn

PRODUCER = "qlvb-desktop"


_ICC: bytes | None = None


def srgb_icc() -> bytes:
    global _ICC
    if _ICC is None:
        _ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _ICC


def _pdf_date(moment: datetime) -> str:
    off = moment.strftime("%z")
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{off[:3]}'{off[3:]}'"


def write_pdfa(pages: list[PdfPageSpec], out: Path, title: str, created: datetime | None = None) -> None:
    created = created or now_vn()
    pdf = pikepdf.new()
    foreign: list[pikepdf.Pdf] = []
    try:
        for page in pages:
            w_pt = page.width_px * 72.0 / page.dpi
            h_pt = page.height_px * 72.0 / page.dpi
            image = pikepdf.Stream(pdf, page.jpeg.read_bytes())
            image.Type = pikepdf.Name.XObject
            image.Subtype = pikepdf.Name.Image
            image.Width = page.width_px
            image.Height = page.height_px
            image.ColorSpace = pikepdf.Name.DeviceGray if page.gray else pikepdf.Name.DeviceRGB
            image.BitsPerComponent = 8
            image.Filter = pikepdf.Name.DCTDecode
            xobjects = pikepdf.Dictionary(Im0=image)
            content = f"q {w_pt:.4f} 0 0 {h_pt:.4f} 0 0 cm /Im0 Do Q\n"
            if page.text_pdf is not None:
                src = pikepdf.open(io.BytesIO(page.text_pdf.read_bytes()))
                foreign.append(src)
                src_page = src.pages[0]
                box = src_page.mediabox
                sw, sh = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
                form = pdf.copy_foreign(src_page.as_form_xobject())
                xobjects.Txt0 = form
                content += f"q {w_pt / sw:.6f} 0 0 {h_pt / sh:.6f} 0 0 cm /Txt0 Do Q\n"
            page_dict = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, round(w_pt, 4), round(h_pt, 4)],
                Resources=pikepdf.Dictionary(XObject=xobjects),
                Contents=pikepdf.Stream(pdf, content.encode("ascii")),
            )
            pdf.pages.append(pikepdf.Page(pdf.make_indirect(page_dict)))
        icc = pikepdf.Stream(pdf, srgb_icc())
        icc.N = 3
        pdf.Root.OutputIntents = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFA1,
                    OutputConditionIdentifier="sRGB IEC61966-2.1",
                    Info="sRGB IEC61966-2.1",
                    DestOutputProfile=pdf.make_indirect(icc),
                )
            ]
        )
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=False)
        pdf.Root.Lang = pikepdf.String("vi-VN")
        pdf.docinfo = pdf.make_indirect(
            pikepdf.Dictionary(
                Title=pikepdf.String(title),
                Producer=pikepdf.String(PRODUCER),
                Creator=pikepdf.String(PRODUCER),
                CreationDate=pikepdf.String(_pdf_date(created)),
                ModDate=pikepdf.String(_pdf_date(created)),
            )
        )
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
            meta["xmp:CreatorTool"] = PRODUCER
            meta["pdf:Producer"] = PRODUCER
            meta["xmp:CreateDate"] = created.isoformat()
            meta["xmp:ModifyDate"] = created.isoformat()
            meta["dc:format"] = "application/pdf"
        pdf.save(
            out,
            min_version="1.7",
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            fix_metadata_version=True,
        )
    finally:
        for src in foreign:
            src.close()
        pdf.close()


class PikePdfAWriter:
    """The `PdfAWriter` port."""

    def write(self, pages: list[PdfPageSpec], out: Path, title: str) -> None:
        write_pdfa(pages, out, title)
