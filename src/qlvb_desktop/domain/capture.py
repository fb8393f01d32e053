"""The model of capture (số hóa): scan settings, pages and what the cleanup found, the result.

Pure data and ports; the scanners, OpenCV, Tesseract and the PDF writer are adapters.
An image travels between adapters as an opaque `object` (an adapter-owned array) so the
domain stays free of imaging libraries.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.ocr import OcrPage

MIN_DPI = 200  # SPEC §6: at least 200 dpi
SEPARATOR_PAYLOAD = "QLVB-SEPARATOR-SHEET/1"
ACCEPTED_SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


class Source(StrEnum):
    FLATBED = "flatbed"
    FEEDER = "feeder"


class ScanError(UserError):
    """A device problem during a scan. `pages` holds the pages scanned before it (kept)."""

    def __init__(self, template: str, pages: list[RawPage] | None = None, **params: Any) -> None:
        self.pages = pages or []
        super().__init__(template, **params)


class Cancelled(Exception):
    """The clerk cancelled; pages done so far stay where they are."""


class CancelToken:
    """Set from the GUI thread, polled by the worker between pages."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True)
class ScanSettings:
    source: Source = Source.FEEDER
    duplex: bool = False
    dpi: int = 300
    color: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source.value, "duplex": self.duplex, "dpi": self.dpi, "color": self.color}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScanSettings:
        return cls(
            Source(data.get("source", "feeder")),
            bool(data.get("duplex", False)),
            int(data.get("dpi", 300)),
            bool(data.get("color", True)),
        )


@dataclass(frozen=True)
class ScannerInfo:
    """A device as listed to the clerk. `reason` says why it is unavailable, if it is."""

    id: str  # "sane:test:0", "escl:http://host:port/eSCL", "twain:Name", "wia:ID"
    name: str
    backend: str
    available: bool = True
    reason: str = ""
    sources: tuple[Source, ...] = (Source.FLATBED, Source.FEEDER)
    duplex: bool = False

    def describe(self) -> str:
        state = "" if self.available else f" (unavailable: {self.reason})"
        return f"{self.id}\t{self.name}{state}"


@dataclass
class RawPage:
    """A page as acquired: `image` is an adapter image (numpy BGR array), `dpi` as scanned."""

    image: object
    dpi: int
    origin: str  # file name and page, or device and sheet side, for messages
    upright: bool = False  # already turned and deskewed (by the clerk): do not turn it again


class QualityWarning(StrEnum):
    LOW_DPI = "low_dpi"
    TOO_DARK = "too_dark"
    TOO_LIGHT = "too_light"
    BLURRY = "blurry"


WARNING_LABELS = {
    QualityWarning.LOW_DPI: QT_TRANSLATE_NOOP("Capture", "độ phân giải dưới 200 dpi"),
    QualityWarning.TOO_DARK: QT_TRANSLATE_NOOP("Capture", "ảnh quá tối"),
    QualityWarning.TOO_LIGHT: QT_TRANSLATE_NOOP("Capture", "ảnh quá nhạt"),
    QualityWarning.BLURRY: QT_TRANSLATE_NOOP("Capture", "ảnh bị mờ"),
}


@dataclass
class CleanPage:
    """A page after cleanup: upright, deskewed, cropped; what was done and what was found."""

    image: object  # colour, for the PDF
    ocr_image: object  # gray, gently cleaned, for Tesseract only, at `ocr_dpi`
    dpi: int  # of `image`: at least MIN_DPI
    origin: str
    ocr_dpi: int = 0  # of `ocr_image`: the resolution of the scan (0: same as dpi)
    rotation: int = 0  # degrees clockwise applied
    skew: float = 0.0  # skew found (degrees counter-clockwise) and corrected
    cropped: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, right, bottom pixels removed
    blank: bool = False
    ink_ratio: float = 0.0  # share of the page covered by ink; the clerk's "blank score"
    warnings: tuple[QualityWarning, ...] = ()
    separator: bool = False
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class PageReport:
    """One page of the output, as the JSON of `qlvb ingest --json` and the GUI show it."""

    number: int
    origin: str
    width: int
    height: int
    dpi: int
    rotation: int
    skew: float
    blank: bool
    ink_ratio: float
    warnings: tuple[QualityWarning, ...]
    text_source: str  # "ocr", "text-layer" (born-digital) or "none"
    ocr_confidence: float
    timings: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "origin": self.origin,
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "rotation": self.rotation,
            "skew": round(self.skew, 2),
            "blank": self.blank,
            "blank_score": round(1.0 - min(1.0, self.ink_ratio / 0.01), 3),
            "ink_ratio": round(self.ink_ratio, 5),
            "warnings": [w.value for w in self.warnings],
            "text_source": self.text_source,
            "ocr_confidence": round(self.ocr_confidence, 1),
            "seconds": {k: round(v, 3) for k, v in self.timings.items()},
        }


@dataclass
class CapturedDocument:
    """One electronic document produced by intake."""

    pdf: Path
    ocr_json: Path
    sha256: str
    pages: list[PageReport]
    kind: str  # "scan" (PDF/A made here), "born-digital" (kept), "signed" (kept byte for byte)
    ocr: tuple[OcrPage, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "pdf": str(self.pdf),
            "ocr_json": str(self.ocr_json),
            "sha256": self.sha256,
            "kind": self.kind,
            "page_count": len(self.pages),
            "blank_pages": [p.number for p in self.pages if p.blank],
            "pages": [p.to_json() for p in self.pages],
        }


@dataclass
class IntakeResult:
    documents: list[CapturedDocument]
    timings: dict[str, float]
    separators: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": [d.to_json() for d in self.documents],
            "separator_sheets": self.separators,
            "seconds": {k: round(v, 3) for k, v in self.timings.items()},
        }


PageCallback = Callable[[RawPage], None]


@dataclass
class PageSource:
    """A page not loaded yet: `load` reads or renders it when a worker gets to it."""

    origin: str
    load: Callable[[], RawPage]


@dataclass
class InputBatch:
    """What the given files hold. `kind`: "raster" (to clean and OCR), "born-digital" or "signed"."""

    kind: str
    pages: list[PageSource] = field(default_factory=list)
    pdf_path: Path | None = None  # the file kept as it is (born-digital, signed)
    text_pages: list[OcrPage] = field(default_factory=list)  # words of its text layer


@dataclass(frozen=True)
class PdfPageSpec:
    """One page for the PDF/A writer: the visible JPEG and Tesseract's text-only page."""

    jpeg: Path
    width_px: int
    height_px: int
    dpi: int
    gray: bool
    text_pdf: Path | None


class InputReader(Protocol):
    def read(self, paths: list[Path], max_bytes: int) -> InputBatch: ...


class PageCleaner(Protocol):
    def clean(self, raw: RawPage) -> CleanPage: ...

    def write_visible(self, page: CleanPage, path: Path) -> tuple[int, int]: ...

    def write_ocr_image(self, page: CleanPage, path: Path) -> tuple[int, int]: ...

    def is_gray(self, page: CleanPage) -> bool: ...


class PageOcr(Protocol):
    language: str

    def page(
        self,
        image_path: Path,
        width: int,
        height: int,
        dpi: int,
        out_base: Path,
        rotation: int = 0,
        skew: float = 0.0,
    ) -> tuple[OcrPage, Path]: ...


class PdfAWriter(Protocol):
    def write(self, pages: list[PdfPageSpec], out: Path, title: str) -> None: ...


class Scanner(Protocol):
    """A device session factory: SANE, eSCL, TWAIN, WIA (ARCHITECTURE practice 4)."""

    backend: str

    def devices(self) -> list[ScannerInfo]: ...

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        """Scan until the feeder is empty (or one flatbed page). Raises ScanError with the pages so far."""
        ...


@dataclass(frozen=True)
class ScannerProfile:
    """A scanner with the settings the clerk chose for it, remembered between sessions."""

    name: str
    device_id: str
    settings: ScanSettings = ScanSettings()

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "device_id": self.device_id, "settings": self.settings.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScannerProfile:
        return cls(str(data["name"]), str(data["device_id"]), ScanSettings.from_json(data.get("settings") or {}))


class ProfileStore(Protocol):
    def load(self) -> list[ScannerProfile]: ...

    def save(self, profiles: list[ScannerProfile]) -> None: ...
