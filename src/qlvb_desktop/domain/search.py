"""Search: one box over subject, issuer, number/notation, signer and receiving unit, with or
without Vietnamese marks, plus filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qlvb_desktop.domain.books import is_waiting
from qlvb_desktop.domain.registration import IncomingDraft
from qlvb_desktop.domain.text import search_tokens
from qlvb_desktop.domain.vocab import Status, Urgency


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    year: int | None = None
    book: str | None = None
    date_from: date | None = None  # received on or after
    date_to: date | None = None  # received on or before
    urgency: Urgency | None = None
    urgent_only: bool = False
    status: Status | None = None
    limit: int | None = None
    order_by: str = "id"  # a key of the repository's sort orders; "id" is the order of registering
    descending: bool = True


def indexed_text(draft: IncomingDraft, arrival_number: int) -> str:
    """The folded words a registration is found by."""
    parts = [
        draft.doc_type,
        draft.subject,
        draft.issuer,
        draft.issuer_parent,
        draft.number,
        draft.signer_name,
        draft.signer_title,
        draft.to_places,
        draft.note,
        draft.document_id,
        "" if is_waiting(arrival_number) else str(arrival_number),
    ]
    return " ".join(search_tokens(" ".join(p for p in parts if p)))


def query_tokens(text: str) -> list[str]:
    """Folded query words without the label words clerks type before a value:
    "quyet dinh so 15 ubnd" -> quyet dinh 15 ubnd ("số 15"); "ký hiệu QĐ" -> qd."""
    tokens = search_tokens(text)
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        tok, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok == "so" and nxt[:1].isdigit():
            i += 1
            continue
        if tok == "ky" and nxt == "hieu" and i + 2 < len(tokens):
            i += 2
            continue
        kept.append(tok)
        i += 1
    return kept
