"""What the clerk corrected, remembered per issuer and applied to the next proposal from the
same issuer (a name Tesseract always misreads the same way, a title printed unusually)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qlvb_desktop.domain.extraction.model import FIELDS, Extraction, FieldValue
from qlvb_desktop.domain.text import identity_key, nfc

# Fields whose corrections are worth remembering: a document's own number, date and subject are
# different every time, the issuer's name, place and signers are not.
LEARNED: tuple[str, ...] = (
    "issuer",
    "issuer_parent",
    "place",
    "signer_name",
    "signer_title",
    "signer_authority",
)
CORRECTED_CONFIDENCE = 0.95


@dataclass
class Corrections:
    """issuer key -> field -> value as read -> value the clerk confirmed."""

    by_issuer: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def learn(self, proposed: Mapping[str, Any], confirmed: Mapping[str, Any]) -> list[str]:
        """Remember the fields the clerk changed; returns their names."""
        issuer_read = nfc(str(proposed.get("issuer") or ""))
        if not issuer_read:
            return []
        table = self.by_issuer.setdefault(identity_key(issuer_read), {})
        changed = []
        for name in LEARNED:
            if name not in confirmed:
                continue
            read, final = nfc(str(proposed.get(name) or "")), nfc(str(confirmed.get(name) or ""))
            if read and final and read != final:
                table.setdefault(name, {})[read] = final
                changed.append(name)
        if not table:
            del self.by_issuer[identity_key(issuer_read)]
        return changed

    def apply(self, extraction: Extraction) -> Extraction:
        issuer_read = nfc(str(extraction.value("issuer") or ""))
        table = self.by_issuer.get(identity_key(issuer_read))
        if not table:
            return extraction
        corrected = list(extraction.corrected)
        for name, mapping in table.items():
            fv = extraction.fields.get(name)
            if fv is None or name not in FIELDS:
                continue
            final = mapping.get(nfc(str(fv.value)))
            if final is not None:
                extraction.fields[name] = FieldValue(final, max(fv.confidence, CORRECTED_CONFIDENCE), fv.where)
                corrected.append(name)
        extraction.corrected = tuple(corrected)
        return extraction

    def to_json(self) -> dict[str, Any]:
        return {"format": "qlvb-corrections", "version": 1, "issuers": self.by_issuer}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Corrections:
        if data.get("format") != "qlvb-corrections":
            raise ValueError("not a corrections file")
        issuers = data.get("issuers") or {}
        return cls(
            {str(k): {str(f): {str(a): str(b) for a, b in m.items()} for f, m in v.items()} for k, v in issuers.items()}
        )
