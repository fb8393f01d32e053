"""What the extractor proposes: one value per register field, its confidence and where it was read.

`Extraction.to_json()` is the object `qlvb extract --json` prints; its keys are the ones
`qlvb register --json` reads (`domain/registration.py`, `parse_draft`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qlvb_desktop.domain.ocr import Box

# Fields in the order of the printed object.
FIELDS: tuple[str, ...] = (
    "issuer",
    "issuer_parent",
    "number",
    "issued_date",
    "place",
    "doc_type",
    "subject",
    "signer_name",
    "signer_title",
    "signer_authority",
    "urgency",
    "confidentiality",
    "recipients",
    "page_count",
)

# A value shown as certain must be right (the issue: ≥ 99 % of fields at ≥ 0.9 are right).
CERTAIN = 0.9
# Confidence of a field that could not be read at all.
UNREAD = 0.0


@dataclass(frozen=True)
class SignerSubject:
    """Who a signature's certificate names: a person ("Nguyễn Phước Bình") or an organization
    ("Ủy ban nhân dân tỉnh Quảng Ngãi"), and the organization it belongs to. Evidence, never a
    value printed on the page."""

    common_name: str
    organization: str = ""


@dataclass(frozen=True)
class Located:
    """Where a value was read: page index (0-based) and a rectangle in that page's pixels."""

    page: int
    box: Box

    def to_json(self) -> dict[str, int]:
        b = self.box
        return {"page": self.page, "left": b.left, "top": b.top, "width": b.width, "height": b.height}


@dataclass(frozen=True)
class FieldValue:
    value: Any
    confidence: float
    where: Located | None = None

    @staticmethod
    def unread() -> FieldValue:
        return FieldValue("", UNREAD, None)


@dataclass(frozen=True)
class PageGeometry:
    """Size of a page image as the boxes refer to it, for the preview."""

    width: int
    height: int
    dpi: int


@dataclass
class Extraction:
    """The proposal for one document."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    pages: tuple[PageGeometry, ...] = ()
    issuer_code: str = ""
    corrected: tuple[str, ...] = ()  # fields replaced by a remembered clerk correction
    signer_line: Located | None = None  # where the signer's name is or should be, to read again

    def value(self, name: str) -> Any:
        fv = self.fields.get(name)
        return fv.value if fv is not None else ""

    def confidence(self, name: str) -> float:
        fv = self.fields.get(name)
        return fv.confidence if fv is not None else UNREAD

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in FIELDS:
            out[name] = self.fields.get(name, FieldValue.unread()).value
        out["issuer_code"] = self.issuer_code
        out["confidence"] = {name: round(self.confidence(name), 3) for name in FIELDS}
        boxes: dict[str, Any] = {}
        for name in FIELDS:
            fv = self.fields.get(name)
            if fv is not None and fv.where is not None:
                boxes[name] = fv.where.to_json()
        out["boxes"] = boxes
        out["pages"] = [{"width": p.width, "height": p.height, "dpi": p.dpi} for p in self.pages]
        if self.corrected:
            out["corrected"] = list(self.corrected)
        return out
