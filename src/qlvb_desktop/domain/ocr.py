"""OCR results of a document: words with boxes and confidences, page by page.

Intake OCRs each page once and keeps these results next to the PDF (`<file>.ocr.json`),
keyed by the SHA-256 of the PDF they describe, so the metadata extractor reads the words
(with their positions: the number block is top left, the signer block bottom right) instead
of OCRing the pages a second time. Boxes are in pixels of the image Tesseract read: the page
as it is in the PDF (after rotation, deskew and crop), at the scan's own resolution `dpi`
(the visible image may have been resampled to 200 dpi); points are x * 72 / dpi from the
top-left corner of the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qlvb_desktop.domain.text import nfc

OCR_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def union(self, other: Box) -> Box:
        left, top = min(self.left, other.left), min(self.top, other.top)
        right, bottom = max(self.right, other.right), max(self.bottom, other.bottom)
        return Box(left, top, right - left, bottom - top)


@dataclass(frozen=True)
class OcrWord:
    """One word. `confidence` is 0-100 (100 for text read from a born-digital PDF)."""

    text: str
    confidence: float
    box: Box
    block: int = 0
    line: int = 0  # unique within the page: (block, paragraph, line) numbered in reading order

    def to_json(self) -> list[Any]:
        b = self.box
        return [self.text, round(self.confidence, 1), b.left, b.top, b.width, b.height, self.block, self.line]

    @classmethod
    def from_json(cls, row: list[Any]) -> OcrWord:
        text, conf, left, top, width, height, block, line = row
        return cls(str(text), float(conf), Box(int(left), int(top), int(width), int(height)), int(block), int(line))


@dataclass(frozen=True)
class OcrPage:
    """The words of one page. `source` is "ocr" (Tesseract) or "text-layer" (born-digital PDF)."""

    width: int
    height: int
    dpi: int
    words: tuple[OcrWord, ...] = ()
    rotation: int = 0  # degrees clockwise applied to the input page to make it upright
    skew: float = 0.0  # degrees of deskew applied
    language: str = "vie"
    source: str = "ocr"

    def lines(self) -> list[str]:
        """The text of each line, in reading order."""
        out: list[str] = []
        current: tuple[int, int] | None = None
        for word in self.words:
            key = (word.block, word.line)
            if key != current:
                out.append(word.text)
                current = key
            else:
                out[-1] += " " + word.text
        return out

    @property
    def text(self) -> str:
        return "\n".join(self.lines())

    @property
    def mean_confidence(self) -> float:
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)

    def to_json(self) -> dict[str, Any]:
        return {
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "rotation": self.rotation,
            "skew": round(self.skew, 2),
            "language": self.language,
            "source": self.source,
            # compact rows: text, confidence, left, top, width, height, block, line
            "words": [w.to_json() for w in self.words],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrPage:
        return cls(
            width=int(data["width"]),
            height=int(data["height"]),
            dpi=int(data["dpi"]),
            words=tuple(OcrWord.from_json(row) for row in data.get("words", [])),
            rotation=int(data.get("rotation", 0)),
            skew=float(data.get("skew", 0.0)),
            language=str(data.get("language", "vie")),
            source=str(data.get("source", "ocr")),
        )


@dataclass(frozen=True)
class OcrDocument:
    """The OCR of every page of one PDF, identified by the PDF's SHA-256."""

    document_sha256: str
    pages: tuple[OcrPage, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "qlvb-ocr",
            "version": OCR_FORMAT_VERSION,
            "document_sha256": self.document_sha256,
            "pages": [p.to_json() for p in self.pages],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrDocument:
        if data.get("format") != "qlvb-ocr" or int(data.get("version", 0)) != OCR_FORMAT_VERSION:
            raise ValueError("not a qlvb OCR file of a known version")
        return cls(str(data["document_sha256"]), tuple(OcrPage.from_json(p) for p in data["pages"]))


def parse_tesseract_tsv(tsv: str, min_confidence: float = 0.0) -> list[OcrWord]:
    """Words from Tesseract's TSV output (level 5 rows), NFC, empty words dropped."""
    words: list[OcrWord] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    rows: Iterable[str] = tsv.splitlines()[1:]
    for row in rows:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = nfc(cols[11])
        conf = float(cols[10])
        if not text or conf < min_confidence:
            continue
        block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
        line_id = line_ids.setdefault((block, par, line), len(line_ids))
        box = Box(int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]))
        words.append(OcrWord(text, conf, box, block, line_id))
    return words
