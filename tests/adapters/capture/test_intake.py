"""Files to PDF/A: structure, the Vietnamese text layer, kept originals, refused inputs."""

from __future__ import annotations

import struct
import unicodedata
import zlib
from pathlib import Path

import cv2
import pikepdf
import pikepdf.pdfa
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.adapters.capture.separator import write_separator_sheet
from qlvb_desktop.adapters.capture.wiring import build_capture
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.resources import font_path
from qlvb_desktop.services.intake import load_ocr
from tests.adapters.capture.pages import SENTENCE, add_noise, blank_page, skew, text_page, turn


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [fold(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix in (".pdf", ".json"))


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("scans")
    page = add_noise(text_page(200))
    files = {"sideways": d / "p1.png", "skewed": d / "p2.jpg", "blank": d / "p3.png"}
    Image.fromarray(cv2.cvtColor(turn(skew(page, 3.0), 90), cv2.COLOR_BGR2RGB)).save(files["sideways"], dpi=(200, 200))
    cv2.imwrite(str(files["skewed"]), skew(page, -5.0))
    Image.fromarray(blank_page()).save(files["blank"], dpi=(200, 200))
    return files


@pytest.fixture(scope="module")
def ingested(scans, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "van-ban.pdf"
    capture = build_capture(50 * 1024 * 1024, escl_urls=[], workers=2)
    result = capture.intake.ingest_files([scans["sideways"], scans["skewed"], scans["blank"]], out)
    return result, out


def test_pages_report_rotation_skew_blank(ingested):
    result, _ = ingested
    [doc] = result.documents
    assert doc.kind == "scan" and len(doc.pages) == 3
    p1, p2, p3 = doc.pages
    assert p1.rotation == 270 and abs(p1.skew - 3.0) <= 0.5
    assert p2.rotation == 0 and abs(p2.skew + 5.0) <= 0.5
    assert p3.blank and not p1.blank and p3.text_source == "none"
    assert p1.ocr_confidence > 70
    js = result.to_json()
    assert js["documents"][0]["blank_pages"] == [3]
    assert {"ocr", "clean"} <= set(js["documents"][0]["pages"][0]["seconds"])


def test_pdfa_structure(ingested):
    _, out = ingested
    report = pikepdf.pdfa.validate_written(out, "2b")  # pikepdf's own PDF/A-2b validator
    assert report.passed, report.summary()
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version >= "1.4"
        assert pdf.trailer.get("/ID") is not None
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert str(pdf.docinfo.Title) == meta["dc:title"]
        assert "/Encrypt" not in pdf.trailer
        for page in pdf.pages:
            img = page.Resources.XObject.Im0
            assert img.Subtype == "/Image" and img.Filter == "/DCTDecode"
            assert img.ColorSpace == "/DeviceRGB"
            width_in = float(page.mediabox[2]) / 72
            assert round(int(img.Width) / width_in) == 200  # 200 dpi, 100 % scale (A4 stays A4)
            assert abs(float(page.mediabox[2]) - 595.3) < 3
        # Every font is embedded (Tesseract's glyph-less font in the text layer).
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                assert any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        text_form = pdf.pages[0].Resources.XObject.Txt0
        assert b"3 Tr" in text_form.read_bytes()  # invisible text


def test_text_layer_finds_the_vietnamese_sentence(ingested):
    _, out = ingested
    texts = pdf_text(out)
    assert fold(SENTENCE) in texts[0] or fold(SENTENCE) in texts[1]
    assert "Tuyên Quang" in texts[0] and "Tuyên Quang" in texts[1]
    assert texts[2] == ""


def test_ocr_words_are_kept_for_the_extractor(ingested):
    result, out = ingested
    ocr = load_ocr(out)
    assert ocr is not None and ocr.document_sha256 == result.documents[0].sha256
    page = ocr.pages[0]
    assert page.dpi == 200 and page.rotation == 270 and page.width == result.documents[0].pages[0].width
    word = next(w for w in page.words if w.text == "Tuyên")
    assert word.confidence > 50 and word.box.width > 10 and 0 < word.box.top < page.height
    assert "QUYẾT ĐỊNH" in page.text
    out.write_bytes(out.read_bytes() + b"\n")  # a changed PDF no longer matches its words
    assert load_ocr(out) is None


def test_multipage_tiff_and_separator_split(tmp_path):
    page = text_page(200)
    sep_pdf = write_separator_sheet(tmp_path / "sep.pdf")
    doc = pdfium.PdfDocument(str(sep_pdf))
    sep = doc[0].render(scale=200 / 72).to_pil().convert("RGB")
    doc.close()
    frames = [Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB)), sep, Image.fromarray(blank_page())]
    tiff = tmp_path / "batch.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_lzw")
    capture = build_capture(50 * 1024 * 1024, escl_urls=[], workers=2)
    result = capture.intake.ingest_files([tiff], tmp_path / "out.pdf")
    assert result.separators == 1
    assert [d.pdf.name for d in result.documents] == ["out.pdf", "out-2.pdf"]
    assert [len(d.pages) for d in result.documents] == [1, 1]
    assert result.documents[1].pages[0].blank


def _born_digital(path: Path) -> Path:
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(font_path("DejaVuSans.ttf"))))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVuSans", 12)
    c.drawString(72, 760, SENTENCE)
    c.drawString(72, 740, "Điều 1. Văn bản điện tử có sẵn lớp chữ, không cần nhận dạng lại.")
    c.save()
    return path


def _signed(path: Path, tmp_path: Path) -> Path:
    src = _born_digital(tmp_path / "unsigned.pdf")
    with pikepdf.open(src) as pdf:
        sig = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Sig,
                Filter=pikepdf.Name("/Adobe.PPKLite"),
                SubFilter=pikepdf.Name("/ETSI.CAdES.detached"),
                ByteRange=[0, 0, 0, 0],
                Contents=pikepdf.String(b"\0" * 64),
            )
        )
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                FT=pikepdf.Name.Sig,
                T=pikepdf.String("Signature1"),
                V=sig,
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                Rect=[0, 0, 0, 0],
                P=pdf.pages[0].obj,
            )
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([field]))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field], SigFlags=3)
        pdf.save(path)
    return path


def test_born_digital_pdf_is_not_rasterized_or_ocred(tmp_path, capture):
    src = _born_digital(tmp_path / "dien-tu.pdf")
    result = capture.intake.ingest_files([src], tmp_path / "out.pdf")
    [doc] = result.documents
    assert doc.kind == "born-digital"
    assert (tmp_path / "out.pdf").read_bytes() == src.read_bytes()
    assert doc.pages[0].text_source == "text-layer"
    ocr = load_ocr(tmp_path / "out.pdf")
    assert ocr is not None and fold(SENTENCE) in fold(ocr.pages[0].text)
    word = next(w for w in ocr.pages[0].words if w.text == "Tuyên")
    assert word.box.top < 100  # top of the page, in points from the top


def test_signed_pdf_passes_through_byte_for_byte(tmp_path, capture, scans):
    src = _signed(tmp_path / "da-ky.pdf", tmp_path)
    before = src.read_bytes()
    result = capture.intake.ingest_files([src], tmp_path / "out.pdf")
    assert result.documents[0].kind == "signed"
    assert (tmp_path / "out.pdf").read_bytes() == before and src.read_bytes() == before
    with pytest.raises(UserError, match="chữ ký số"):
        capture.intake.ingest_files([src, scans["skewed"]], tmp_path / "mixed.pdf")
    assert not (tmp_path / "mixed.pdf").exists()


def _png_header(path: Path, width: int, height: int) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )
    return path


def _encrypted(path: Path, tmp_path: Path) -> Path:
    with pikepdf.open(_born_digital(tmp_path / "plain.pdf")) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="chu", user="mat-khau"))
    return path


def _huge_page(path: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(14400, 14400))
    img = pikepdf.Stream(pdf, zlib.compress(b"\xff" * 3 * 100 * 100))
    img.Type, img.Subtype, img.Width, img.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 40000, 40000
    img.ColorSpace, img.BitsPerComponent, img.Filter = pikepdf.Name.DeviceRGB, 8, pikepdf.Name.FlateDecode
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img))
    pdf.save(path)
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: _png_header(d / "bomb.png", 60000, 60000), "kích thước ảnh bất thường"),
        (lambda d: _huge_page(d / "bomb.pdf"), "kích thước ảnh bất thường"),
        (lambda d: _encrypted(d / "khoa.pdf", d), "mã hóa"),
        (lambda d: (d / "hong.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf") and d / "hong.pdf", "không đọc được"),
        (lambda d: (d / "hong.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage") and d / "hong.jpg", "không đọc được"),
        (lambda d: (d / "rong.png").write_bytes(b"") or d / "rong.png", "rỗng"),
        (lambda d: (d / "thu.docx").write_bytes(b"PK\x03\x04") and d / "thu.docx", "không phải PDF"),
        (lambda d: d / "khong-co.pdf", "Không tìm thấy"),
    ],
)
def test_bad_inputs_are_refused_and_nothing_is_written(tmp_path, capture, scans, make, words):
    bad = make(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(UserError, match=words):
        capture.intake.ingest_files([scans["skewed"], bad], out_dir / "x.pdf")
    assert list(out_dir.iterdir()) == []


def test_size_limit_is_a_setting(tmp_path, scans):
    capture = build_capture(100_000, escl_urls=[], workers=2)
    with pytest.raises(UserError, match=r"vượt giới hạn 0.1 MB") as err:
        capture.intake.ingest_files([scans["skewed"]], tmp_path / "x.pdf")
    assert scans["skewed"].name in err.value.message
    assert leftovers(tmp_path) == []


def test_a_page_failing_mid_batch_leaves_nothing(tmp_path, capture, scans):
    good = scans["skewed"].read_bytes()
    truncated = tmp_path / "cut.jpg"
    truncated.write_bytes(good[: len(good) // 3])  # the header reads, the pixels do not
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(UserError, match="không đọc được"):
        capture.intake.ingest_files([scans["blank"], truncated], out_dir / "x.pdf")
    assert list(out_dir.iterdir()) == []


def test_scanned_pdf_pages_are_taken_as_they_are(tmp_path, capture):
    """A PDF of page images (Pillow writes 96 dpi page sizes) is read without rendering."""
    page = Image.fromarray(cv2.cvtColor(skew(text_page(150), 1.5), cv2.COLOR_BGR2GRAY))
    src = tmp_path / "scan.pdf"
    page.save(src, save_all=True, append_images=[page.rotate(180)], resolution=96)
    result = capture.intake.ingest_files([src], tmp_path / "out.pdf")
    [doc] = result.documents
    assert [p.rotation for p in doc.pages] == [0, 180]
    assert all(p.dpi == 200 and "low_dpi" in [w.value for w in p.warnings] for p in doc.pages)
    ocr = load_ocr(tmp_path / "out.pdf")
    assert ocr is not None and ocr.pages[0].dpi == 150 and ocr.pages[0].width == page.width
    assert pikepdf.pdfa.validate_written(tmp_path / "out.pdf", "2b").passed
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        assert pdf.pages[0].Resources.XObject.Im0.ColorSpace == "/DeviceGray"  # a gray scan stays gray
        assert abs(float(pdf.pages[0].mediabox[2]) - 595.3) < 3  # A4, not the 96 dpi page size
    assert "Tuyên Quang" in pdf_text(tmp_path / "out.pdf")[1]


def test_vector_pdf_without_text_is_rendered(tmp_path, capture):
    c = canvas.Canvas(str(tmp_path / "ve.pdf"), pagesize=A4)
    c.rect(100, 400, 300, 200, fill=1)
    c.save()
    result = capture.intake.ingest_files([tmp_path / "ve.pdf"], tmp_path / "out.pdf")
    [p] = result.documents[0].pages
    assert p.dpi == 300 and not p.blank


def test_signed_scan_keeps_its_bytes_and_still_gets_words(tmp_path, capture):
    page = Image.fromarray(cv2.cvtColor(text_page(200), cv2.COLOR_BGR2RGB))
    scan = tmp_path / "scan.pdf"
    page.save(scan, resolution=200)
    src = tmp_path / "da-ky-scan.pdf"
    with pikepdf.open(scan) as pdf:
        sig = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Sig, Contents=pikepdf.String(b"\0" * 32)))
        field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Sig, T=pikepdf.String("Sig"), V=sig))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field], SigFlags=3)
        pdf.save(src)
    before = src.read_bytes()
    result = capture.intake.ingest_files([src], tmp_path / "out.pdf")
    [doc] = result.documents
    assert doc.kind == "signed" and (tmp_path / "out.pdf").read_bytes() == before
    ocr = load_ocr(tmp_path / "out.pdf")
    assert ocr is not None and "Tuyên Quang" in ocr.pages[0].text and doc.pages[0].text_source == "ocr"
