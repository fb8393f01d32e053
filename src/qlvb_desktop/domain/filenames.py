"""File names for documents sent to other systems (SPEC §10).

`<number and notation>_<ddmmyyyy>_<subject>`: ASCII letters, digits, `-` and `_` only, at most
100 characters; `/` becomes `-`, Vietnamese letters lose their marks (`Đ` -> `D`), spaces become
`-`, and the subject is shortened (at a word boundary when it can be) to fit.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MAX_NAME = 100
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_-]+")
_DASHES = re.compile(r"-{2,}")


def ascii_part(text: str) -> str:
    """One name part: marks removed, `/` and white space to `-`, anything else dropped."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[\s/\\]+", "-", plain.strip())
    plain = _NOT_ALLOWED.sub("", plain.replace("_", "-"))
    return _DASHES.sub("-", plain).strip("-")


def export_file_name(number: str, issued: date | None, subject: str, suffix: str = ".pdf") -> str:
    """`15-QD-UBND_05012026_Ve-viec-ban-hanh-quy-che.pdf`; the suffix is not counted in the 100."""
    head = "_".join(p for p in (ascii_part(number), issued.strftime("%d%m%Y") if issued else "") if p)
    subject_part = ascii_part(subject)
    room = MAX_NAME - len(head) - (1 if head else 0)
    if room <= 0:
        return head[:MAX_NAME] + suffix
    if len(subject_part) > room:
        cut = subject_part[:room]
        if "-" in cut and subject_part[room : room + 1] not in ("", "-"):
            cut = cut.rsplit("-", 1)[0]
        subject_part = cut.strip("-")
    name = "_".join(p for p in (head, subject_part) if p) or "van-ban"
    return name + suffix
