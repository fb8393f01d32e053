"""The issuer directory: organizations with their official name, abbreviation and code
(e.g. `000.00.04.G14`). It turns a name as read into the name as registered and fills the
organization code. Loaded from a CSV now, from the server later (rows are the same)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from qlvb_desktop.domain.text import fold_marks, nfc

ORGAN_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
MIN_SIMILARITY = 0.93


@dataclass(frozen=True)
class IssuerEntry:
    name: str
    code: str = ""
    abbreviation: str = ""
    parent: str = ""
    place: str = ""


def _key(name: str) -> str:
    return " ".join(fold_marks(name).split())


class IssuerDirectory:
    def __init__(self, entries: Iterable[IssuerEntry] = ()) -> None:
        self.entries = list(entries)
        self._by_key = {_key(e.name): e for e in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> IssuerDirectory:
        """Rows with columns name (ten), code (ma), abbreviation (viet_tat), parent, place.

        Raises ValidationError for a row without a name or with a malformed code."""
        entries = []
        for n, row in enumerate(rows, start=2):
            get = {k.strip().lower(): nfc(v or "") for k, v in row.items() if k}
            name = get.get("name") or get.get("ten") or ""
            code = get.get("code") or get.get("ma") or ""
            if not name:
                raise ValidationError(
                    "issuer_directory",
                    QT_TRANSLATE_NOOP("Errors", "Danh bạ cơ quan, dòng {line}: thiếu tên cơ quan."),
                    line=n,
                )
            if code and not ORGAN_CODE.match(code):
                raise ValidationError(
                    "issuer_directory",
                    QT_TRANSLATE_NOOP(
                        "Errors", "Danh bạ cơ quan, dòng {line}: mã “{code}” không đúng dạng 000.00.00.H00."
                    ),
                    line=n,
                    code=code,
                )
            entries.append(
                IssuerEntry(
                    name=name.upper(),
                    code=code,
                    abbreviation=get.get("abbreviation") or get.get("viet_tat") or "",
                    parent=(get.get("parent") or get.get("chu_quan") or "").upper(),
                    place=get.get("place") or get.get("dia_danh") or "",
                )
            )
        return cls(entries)

    def match(self, name: str, parent: str = "") -> tuple[IssuerEntry, float] | None:
        """The entry for a name as read, with the similarity; None when none is near enough or
        two are equally near (e.g. the same "SỞ TÀI CHÍNH" of two provinces: the parent decides)."""
        key = _key(name)
        if not key:
            return None
        candidates = []
        for e in self.entries:
            ratio = 1.0 if _key(e.name) == key else SequenceMatcher(None, key, _key(e.name)).ratio()
            if ratio >= MIN_SIMILARITY:
                if parent and e.parent:
                    ratio = min(ratio, SequenceMatcher(None, _key(parent), _key(e.parent)).ratio() + 0.05)
                candidates.append((ratio, e))
        candidates.sort(key=lambda c: c[0], reverse=True)
        if not candidates or candidates[0][0] < MIN_SIMILARITY:
            return None
        if len(candidates) > 1 and candidates[1][0] >= candidates[0][0] - 0.01:
            return None
        return candidates[0][1], candidates[0][0]
