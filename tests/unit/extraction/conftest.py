"""Pages made of words placed by hand, to test the layout rules without OCR."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qlvb_desktop.domain.extraction.fields import PageRead
from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord

W, H = 1654, 2339
LINE = 34  # text height in pixels at 200 dpi
CHAR = 17  # average character width


class PageBuilder:
    """Place lines of text: each word gets a box from its length; `bold` lines are remembered
    so a fake stroke meter can tell them apart like the image one does."""

    def __init__(self) -> None:
        self.words: list[OcrWord] = []
        self.bold: list[Box] = []
        self._line = 0

    def text(self, x: int, y: int, text: str, *, bold: bool = False, conf: float = 95.0, center: bool = False) -> Box:
        width = len(text) * CHAR
        left = x - width // 2 if center else x
        cursor = left
        start = len(self.words)
        for word in text.split():
            w = len(word) * CHAR
            self.words.append(OcrWord(word, conf, Box(cursor, y, w, LINE), 0, self._line))
            cursor += w + CHAR
        self._line += 1
        box = self.words[start].box
        for word in self.words[start:]:
            box = box.union(word.box)
        if bold:
            self.bold.append(box)
        return box

    def stroke(self, box: Box) -> float:
        for b in self.bold:
            if b.top <= box.top + box.height / 2 <= b.bottom and b.left <= box.left + box.width / 2 <= b.right:
                return 2.2
        return 1.5

    def page(self, *, with_stroke: bool = True, blank: bool = False) -> PageRead:
        ocr = OcrPage(W, H, 200, tuple(self.words))
        return PageRead(ocr, blank, self.stroke if with_stroke else None)


def header(
    b: PageBuilder,
    parent: tuple[str, ...] = ("ỦY BAN NHÂN DÂN TỈNH", "TUYÊN QUANG"),
    issuer: tuple[str, ...] = ("SỞ TÀI CHÍNH",),
    number: str = "Số: 15/QĐ-STC",
    date_line: str = "Tuyên Quang, ngày 05 tháng 03 năm 2026",
) -> int:
    y = 150
    for line in parent:
        b.text(420, y, line, center=True)
        y += 48
    for line in issuer:
        b.text(420, y, line, center=True, bold=True)
        y += 48
    b.text(1150, 150, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", center=True, bold=True)
    b.text(1150, 198, "Độc lập - Tự do - Hạnh phúc", center=True, bold=True)
    y = max(y, 250) + 50
    b.text(420, y, number, center=True)
    b.text(1150, y, date_line, center=True)
    return y + 60


def closing(
    b: PageBuilder, y: int, lines: tuple[str, ...] = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), name: str = "Nguyễn Văn An"
) -> None:
    b.text(190, y, "Nơi nhận:", bold=True)
    b.text(190, y + 40, "- Như trên;")
    b.text(190, y + 80, "- Lưu: VT.")
    sy = y
    for line in lines:
        b.text(1150, sy, line, center=True, bold=True)
        sy += 48
    b.text(1150, sy + 230, name, center=True, bold=True)


def body(b: PageBuilder, y: int, lines: int = 4) -> int:
    for _ in range(lines):
        b.text(190, y, "Thực hiện chỉ đạo của cấp trên về công tác văn thư đề nghị các cơ quan đơn vị rà soát")
        y += 48
    return y + 30


@pytest.fixture
def builder() -> Callable[[], PageBuilder]:
    return PageBuilder
