"""The signer block read again from the closing part of a one-page document when reading the
whole page dropped the name line (Tesseract does so under a signature and seal)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from qlvb_desktop.domain.extraction.model import SignerSubject
from qlvb_desktop.domain.extraction.ports import PreparedPage
from qlvb_desktop.domain.ocr import Box, OcrWord
from qlvb_desktop.services.extract import ExtractService

from .conftest import PageBuilder, body, closing, header

NAME = "Nguyễn Văn An"


class _Source:
    """A page whose whole-page reading lost the name line; its foot, read alone, has it."""

    language = "vie"

    def __init__(self) -> None:
        b = PageBuilder()
        y = header(b, number="Số: 12/TB-UBND", date_line="Quảng Ngãi, ngày 08 tháng 01 năm 2025")
        b.text(827, y + 20, "THÔNG BÁO", center=True, bold=True)
        b.text(827, y + 70, "Kết luận của Chủ tịch", center=True, bold=True)
        y = body(b, y + 160)
        closing(b, y, ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), NAME)
        self.full = b.page()
        self.top = y - 40
        name = set(NAME.split())
        self.lost = replace(
            self.full, ocr=replace(self.full.ocr, words=tuple(w for w in self.full.ocr.words if w.text not in name))
        )
        self.parts: list[str] = []

    def prepare(self, paths: Sequence[Path]) -> list[PreparedPage]:
        return [PreparedPage("p1", False, object())]

    def ocr(self, pages: Sequence[PreparedPage], parts: Sequence[str] | None = None) -> None:
        for page in pages:
            page.read = self.lost

    def signed_on(self, paths: Sequence[Path]) -> date | None:
        return None

    def signers(self, paths: Sequence[Path]) -> list[SignerSubject]:
        return []

    def read_part(self, page: PreparedPage, part: str) -> tuple[int, list[OcrWord]] | None:
        self.parts.append(part)
        return self.top, [w for w in self.full.ocr.words if w.box.top >= self.top]

    def read_line(self, page: PreparedPage, box: Box, darkest: bool = True) -> list[OcrWord] | None:
        return None


def test_a_name_lost_in_the_whole_page_is_read_in_the_foot() -> None:
    source = _Source()
    result = ExtractService(source).extract([Path("scan.png")])
    assert source.parts == ["foot"]
    assert result.value("signer_name") == NAME
    assert result.value("signer_title") == "PHÓ CHỦ TỊCH"
    assert result.value("number") == "12/TB-UBND"  # the other fields as read before


def test_a_name_read_in_the_whole_page_is_not_read_again() -> None:
    source = _Source()
    source.lost = source.full
    result = ExtractService(source).extract([Path("scan.png")])
    assert source.parts == [] and result.value("signer_name") == NAME
