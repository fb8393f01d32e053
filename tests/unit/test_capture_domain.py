"""OCR result types and small rules of intake, without devices."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qlvb_desktop.domain.capture import Cancelled, CancelToken, PageReport, QualityWarning, ScanSettings, Source
from qlvb_desktop.domain.ocr import Box, OcrDocument, OcrPage, OcrWord, parse_tesseract_tsv
from qlvb_desktop.services.intake import ocr_json_path, output_names

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2338\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t160\t200\t900\t40\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t160\t200\t120\t40\t96.5\tQuye\u0302\u0301t\n"
    "5\t1\t1\t1\t1\t2\t290\t200\t100\t40\t91.0\tđịnh\n"
    "5\t1\t1\t1\t2\t1\t160\t260\t100\t40\t88.0\tSố:\n"
    "5\t1\t2\t1\t1\t1\t900\t200\t100\t40\t95.0\t \n"
    "5\t1\t2\t1\t1\t2\t1000\t200\t100\t40\t93.0\tVIỆT\n"
)


def test_tesseract_tsv_gives_nfc_words_in_lines():
    words = parse_tesseract_tsv(TSV)
    assert [w.text for w in words] == ["Quyết", "định", "Số:", "VIỆT"]
    assert words[0].text == "Quy\u1ebft"  # NFC
    assert words[0].box == Box(160, 200, 120, 40) and words[0].confidence == 96.5
    assert words[0].line == words[1].line != words[2].line != words[3].line
    page = OcrPage(1654, 2338, 200, tuple(words))
    assert page.lines() == ["Quyết định", "Số:", "VIỆT"]
    assert round(page.mean_confidence, 1) == 92.1


def test_ocr_document_round_trips_through_json():
    page = OcrPage(100, 200, 300, (OcrWord("Hà", 90.0, Box(1, 2, 3, 4), 1, 0),), rotation=90, skew=-1.25)
    doc = OcrDocument("ab" * 32, (page,))
    assert OcrDocument.from_json(doc.to_json()) == doc
    with pytest.raises(ValueError):
        OcrDocument.from_json({"format": "other"})


def test_box_union():
    assert Box(0, 0, 10, 10).union(Box(5, 5, 10, 10)) == Box(0, 0, 15, 15)


def test_output_names_and_ocr_path():
    out = Path("/x/van-ban.pdf")
    assert output_names(out, 3) == [out, Path("/x/van-ban-2.pdf"), Path("/x/van-ban-3.pdf")]
    assert ocr_json_path(out) == Path("/x/van-ban.ocr.json")


def test_page_report_json_has_a_blank_score():
    rep = PageReport(
        1, "a.png", 10, 10, 200, 90, 1.234, True, 0.0002, (QualityWarning.BLURRY,), "none", 0.0, {"ocr": 0.1}
    )
    js = rep.to_json()
    assert js["blank"] and js["blank_score"] == 0.98 and js["warnings"] == ["blurry"] and js["skew"] == 1.23


def test_scan_settings_json_and_cancel_token():
    s = ScanSettings(Source.FLATBED, True, 200, False)
    assert ScanSettings.from_json(s.to_json()) == s
    token = CancelToken()
    token.raise_if_cancelled()
    token.cancel()
    with pytest.raises(Cancelled):
        token.raise_if_cancelled()


def test_export_file_names_follow_spec_section_10():
    from datetime import date

    from qlvb_desktop.domain.filenames import export_file_name

    name = export_file_name("15/QĐ-UBND", date(2026, 1, 5), "Về việc ban hành Quy chế công tác văn thư")
    assert name == "15-QD-UBND_05012026_Ve-viec-ban-hanh-Quy-che-cong-tac-van-thu.pdf"
    long = export_file_name("54/2026/QĐ-UBND", date(2026, 5, 29), "Quy định " * 40)
    stem = long.removesuffix(".pdf")
    assert len(stem) <= 100 and stem.startswith("54-2026-QD-UBND_29052026_Quy-dinh")
    assert not stem.endswith("-") and stem.endswith(("Quy-dinh", "Quy"))
    assert re.fullmatch(r"[A-Za-z0-9_-]+", stem)
    assert export_file_name("", None, "Đơn đề nghị: cấp (lại) giấy phép!") == "Don-de-nghi-cap-lai-giay-phep.pdf"
    assert export_file_name("", None, "") == "van-ban.pdf"
