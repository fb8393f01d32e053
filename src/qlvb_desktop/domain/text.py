"""Text normalization: NFC for storage, folding for search and duplicate keys.

SQLite FTS5's `remove_diacritics` leaves `đ` alone, so search folding is done here:
every mark is removed and `đ`/`Đ` become `d`, so "dang" finds "Đặng".
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"[0-9a-z]+")


def nfc(text: str) -> str:
    """Unicode NFC with surrounding white space removed and inner runs folded to one space."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold_marks(text: str) -> str:
    """Lower case without Vietnamese marks: "Đặng Quyết" -> "dang quyet"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def search_tokens(text: str) -> list[str]:
    """Words for the search index and for queries: folded, split on anything not a letter or digit."""
    return _TOKEN.findall(fold_marks(text))


def identity_key(text: str) -> str:
    """Key for "the same" number, notation or issuer: NFC, case folded, white space folded.

    Marks are kept: "QĐ" and "QD" are different notations.
    """
    return nfc(text).casefold()
