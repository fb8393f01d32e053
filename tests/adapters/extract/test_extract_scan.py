"""Extraction end to end on generated scans: cleanup, Tesseract, layout rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.adapters.capture.tesseract import TesseractOcr
from qlvb_desktop.adapters.extract.capture_source import CapturePageSource
from qlvb_desktop.adapters.extract.imaging import remove_colour
from qlvb_desktop.domain.errors import EnvironmentProblem, UserError
from qlvb_desktop.domain.extraction.directory import IssuerDirectory, IssuerEntry
from qlvb_desktop.domain.extraction.model import CERTAIN
from qlvb_desktop.services.extract import ExtractService
from tests.adapters.extract.conftest import needs_tesseract
from tests.adapters.extract.docgen import FONTS, Doc, write_pdf, write_scan

pytestmark = [needs_tesseract, pytest.mark.slow]


def test_skewed_scan_with_seal_and_signature(decision_scan: tuple[Doc, list[Path]]) -> None:
    _, files = decision_scan
    result = ExtractService(CapturePageSource("vie")).extract(files)
    expected = {
        "issuer": "SỞ TÀI CHÍNH",
        "issuer_parent": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
        "number": "15/QĐ-STC",
        "issued_date": "2026-03-05",
        "place": "Tuyên Quang",
        "doc_type": "Quyết định",
        "subject": "Về việc ban hành quy chế văn thư",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn An",
        "urgency": "Khẩn",
    }
    for name, value in expected.items():
        assert result.value(name) == value, name
    assert result.value("page_count") == 1
    for name in ("issuer", "issued_date", "doc_type", "signer_title"):
        assert result.confidence(name) >= CERTAIN, name
    where = result.fields["signer_name"].where
    assert where is not None and where.box.top > result.pages[0].height / 3


def test_upside_down_pages_and_blank_back_side(tmp_path: Path) -> None:
    doc = Doc(doc_type="", number="1234/UBND-VP", issuer_lines=("ỦY BAN NHÂN DÂN", "TỈNH TUYÊN QUANG"),
              parent_lines=(), subject_lines=("V/v triển khai chữ ký số",), authority="",
              title="CHỦ TỊCH", signer="Trần Thị Bình", pages=2, upside_down=True, skew=-1.2, seed=3)  # fmt: skip
    files = write_scan(doc, tmp_path / "cv.jpg", blank_after=True)
    result = ExtractService(CapturePageSource("vie")).extract(files)
    assert result.value("page_count") == 2
    assert result.value("doc_type") == "Công văn"
    assert result.value("number") == "1234/UBND-VP"
    assert result.value("issuer") == "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"
    assert result.value("signer_name") == "Trần Thị Bình"
    assert result.value("subject") == "V/v triển khai chữ ký số"


def test_image_pdf_and_issuer_directory(tmp_path: Path) -> None:
    pdf = write_pdf(Doc(seal=False, signature=False, skew=0.3), tmp_path / "scan.pdf")
    entry = IssuerEntry("SỞ TÀI CHÍNH", "000.00.12.H57", parent="ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG")
    directory = IssuerDirectory([entry])
    result = ExtractService(CapturePageSource("vie"), directory).extract([pdf])
    assert result.value("number") == "15/QĐ-STC"
    assert result.issuer_code == "000.00.12.H57"


def test_born_digital_pdf_uses_its_text_layer(tmp_path: Path) -> None:
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
    path = tmp_path / "digital.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    c.setFont("DejaVu", 12)
    for x, y, text in [
        (w * 0.25, 60, "BỘ NỘI VỤ"),
        (w * 0.68, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (w * 0.68, 76, "Độc lập - Tự do - Hạnh phúc"),
        (w * 0.25, 110, "Số: 302/BNV-VP"),
        (w * 0.68, 110, "Hà Nội, ngày 07 tháng 04 năm 2026"),
        (w * 0.25, 128, "V/v tập huấn văn thư"),
        (w * 0.68, 400, "BỘ TRƯỞNG"),
        (w * 0.68, 480, "Lê Văn Minh"),
    ]:
        c.drawCentredString(x, h - y, text)
    c.drawString(60, h - 400, "Nơi nhận:")
    c.drawString(60, h - 416, "- Như trên;")
    c.save()
    pages = CapturePageSource("vie").prepare([path])
    assert pages[0].read is not None and pages[0].read.ocr.source == "text-layer"
    result = ExtractService(CapturePageSource("vie")).extract([path])
    assert result.value("number") == "302/BNV-VP"
    assert result.value("issued_date") == "2026-04-07"
    assert result.value("place") == "Hà Nội"
    assert result.value("signer_name") == "Lê Văn Minh"
    assert result.value("signer_title") == "BỘ TRƯỞNG"


def test_red_seal_is_removed_and_red_stamp_text_kept() -> None:
    image = np.full((1000, 800, 3), 250, np.uint8)
    import cv2

    cv2.circle(image, (400, 600), 140, (45, 40, 220), 8)  # a 36 mm seal ring at 200 dpi (BGR red)
    cv2.putText(image, "KHAN", (100, 150), cv2.FONT_HERSHEY_SIMPLEX, 2, (45, 40, 220), 6)
    cv2.line(image, (100, 400), (500, 420), (200, 60, 30), 5)  # blue signature
    gray = remove_colour(image, 200)
    assert gray[600, 260:270].min() > 200  # ring gone
    assert gray[380:440, 100:500].min() > 200  # signature gone
    assert gray[100:160, 100:300].min() < 100  # stamp text kept


def test_errors_of_the_inputs(tmp_path: Path) -> None:
    """The capture reader refuses what it cannot read, in a sentence for the clerk."""
    source = CapturePageSource("vie")
    with pytest.raises(UserError, match="Không tìm thấy"):
        source.prepare([tmp_path / "missing.jpg"])
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(UserError, match="không đọc được"):
        source.prepare([broken])
    with pytest.raises(UserError, match="Chưa chọn tệp"):
        source.prepare([])
    with pytest.raises(UserError):
        CapturePageSource("vie", max_bytes=10).prepare([broken])


def test_missing_language_is_an_environment_problem() -> None:
    with pytest.raises(EnvironmentProblem, match="tesseract-ocr-vie"):
        TesseractOcr("xyz-not-installed").check()
    engine = TesseractOcr("vie", exe="/nonexistent/tesseract")
    with pytest.raises(EnvironmentProblem, match="Chưa cài Tesseract"):
        engine.check()


class _NoOcr:
    """A page source that fails if asked anything: the captured words must be enough."""

    language = "vie"

    def prepare(self, paths: object) -> list[object]:
        raise AssertionError("the document was read again")

    def ocr(self, pages: object, parts: object = None) -> None:
        raise AssertionError("the document was OCRed again")


def test_captured_document_is_not_ocred_twice(decision_scan: tuple[Doc, list[Path]], tmp_path: Path) -> None:
    """Intake OCRs each page once; the proposal is read from those words (the paper wizard)."""
    from qlvb_desktop.adapters.capture.wiring import build_capture

    _, files = decision_scan
    capture = build_capture(50 * 1024 * 1024, escl_urls=[], workers=2, data_dir=tmp_path)
    blank = tmp_path / "blank.png"
    import cv2

    cv2.imwrite(str(blank), np.full((2339, 1654), 250, np.uint8))
    document = capture.intake.ingest_files([*files, blank], tmp_path / "out.pdf").documents[0]
    assert [p.blank for p in document.pages] == [False, True]
    result = ExtractService(_NoOcr()).extract_captured(document)  # type: ignore[arg-type]
    assert result.value("page_count") == 1
    assert result.value("number") == "15/QĐ-STC"
    assert result.value("issued_date") == "2026-03-05"
    assert result.value("doc_type") == "Quyết định"
    assert result.value("issuer") == "SỞ TÀI CHÍNH"
    # Whatever is shown as certain is right.
    expected = {"number": "15/QĐ-STC", "issued_date": "2026-03-05", "doc_type": "Quyết định", "issuer": "SỞ TÀI CHÍNH"}
    for name, value in expected.items():
        if result.confidence(name) >= CERTAIN:
            assert result.value(name) == value, name
