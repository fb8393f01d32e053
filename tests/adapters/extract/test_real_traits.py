"""The traits of real government documents (SPEC §5, issue 13) on generated documents, through
the real extractor (Tesseract, the pen-digit readers): what is printed is read as printed, what
is not the document is not read, and a field shown as certain is right."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from qlvb_desktop.adapters.extract.wiring import build_extractor
from qlvb_desktop.domain.extraction.model import CERTAIN, FIELDS, Extraction
from tests.adapters.extract.docgen import Doc, write_scan, write_signed_pdf

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")

REAL_LIKE = Doc(
    pen=True,
    arrival_stamp=True,
    doc_type="CHỈ THỊ",
    number="47/CT-UBND",
    issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    issuer_lines=("UỶ BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"),  # the old tone placement
    parent_lines=(),
    place="Quảng Ngãi",
    day=(17, 1, 2025),
    authority="TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG",
    title="PHÓ CHÁNH VĂN PHÒNG",
    signer="Nguyễn Văn An",
    subject_lines=("Về việc tăng cường công tác thi hành án",),
)
TRUE = {
    "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "number": "47/CT-UBND",
    "issued_date": "2025-01-17",
    "place": "Quảng Ngãi",
    "doc_type": "Chỉ thị",
    "subject": "Về việc tăng cường công tác thi hành án",
    "signer_name": "Nguyễn Văn An",
    "signer_title": "PHÓ CHÁNH VĂN PHÒNG",
    "urgency": "",
}


def _certain_are_right(result: Extraction, truth: dict[str, str]) -> None:
    for name, value in truth.items():
        if result.confidence(name) >= CERTAIN:
            assert result.value(name) == value, (name, result.value(name))


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_extractor(tmp_path_factory.mktemp("data"))


@pytest.mark.slow
@pytest.mark.parametrize("finish", ["scan", "photocopy"])
def test_pen_in_the_printed_template(extractor, tmp_path: Path, finish: str) -> None:  # type: ignore[no-untyped-def]
    files = write_scan(dataclasses.replace(REAL_LIKE, finish=finish), tmp_path / "ct.jpg")
    result = extractor.extract(files)
    # The printed parts of the number and date lines whatever the pen's digits were read as.
    assert str(result.value("number")).endswith("/CT-UBND")
    assert result.value("place") == "Quảng Ngãi"
    assert str(result.value("issued_date")) in ("", *(f"2025-01-{d:02d}" for d in range(1, 32)))
    # The arrival stamp beside the subject is not the subject.
    assert result.value("subject") == TRUE["subject"]
    assert result.value("doc_type") == "Chỉ thị"
    if finish == "scan":
        # The three-line authority block: the title is its last line. (On the photocopy the
        # seal has turned as dark as the print over the title: read or not, never certain wrong.)
        assert result.value("signer_title") == "PHÓ CHÁNH VĂN PHÒNG"
        assert result.value("signer_authority") == "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG"
    _certain_are_right(result, TRUE)


@pytest.mark.slow
def test_phone_photo_never_proposes_a_wrong_field_as_certain(extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = write_scan(dataclasses.replace(REAL_LIKE, finish="photo"), tmp_path / "ct.jpg")
    result = extractor.extract(files)
    assert set(result.to_json()) >= set(FIELDS)
    _certain_are_right(result, TRUE)


@pytest.mark.slow
def test_signing_tool_box_over_page_one_is_not_read(extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = write_signed_pdf(Doc(), tmp_path / "signed.pdf")
    result = extractor.extract([pdf])
    assert result.value("number") == "15/QĐ-STC"
    assert result.value("issued_date") == "2026-03-05" and result.confidence("issued_date") >= CERTAIN
    assert result.value("issuer") == "SỞ TÀI CHÍNH"
    assert result.value("signer_name") == "Nguyễn Văn An"
    for name in FIELDS:
        assert "TRUNG TAM" not in str(result.value(name)).upper()
        assert "gov.vn" not in str(result.value(name))


@pytest.mark.slow
def test_a_date_after_the_signature_is_not_certain(extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = write_signed_pdf(Doc(), tmp_path / "signed.pdf", signed_at="D:20260301091500+07'00'")
    result = extractor.extract([pdf])
    assert result.value("issued_date") == "2026-03-05"  # the printed value stays proposed
    assert result.confidence("issued_date") < CERTAIN


def test_a_sheet_bearing_only_part_of_the_edge_seal_is_a_page() -> None:
    import cv2
    import numpy as np

    from qlvb_desktop.adapters.extract.imaging import seal_ink

    paper = np.full((2339, 1654, 3), 248, np.uint8)
    assert not seal_ink(paper, 200)
    speckled = paper.copy()
    speckled[np.random.default_rng(1).random(paper.shape[:2]) < 0.0005] = (40, 40, 200)  # stray specks
    assert not seal_ink(speckled, 200)
    sealed = paper.copy()
    # A faint magenta arc: the part of the seal stamped across the edge of the sheets.
    cv2.ellipse(sealed, (0, 1300), (150, 150), 0, -80, 80, (170, 110, 235), 6)
    assert seal_ink(sealed, 200)
