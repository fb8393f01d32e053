"""The signer certificates of a signed document as evidence for what the page says.

A signature's certificate names who signed: a person ("Nguyễn Phước Bình", organization "ỦY
BAN NHÂN DÂN TỈNH QUẢNG NGÃI") or an organization's seal ("Ủy ban nhân dân tỉnh Quảng Ngãi",
the gazette centre "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC"). When the signer's name or the issuer read
on the page matches a certificate, the reading is confirmed (raised to certain); when the name
read has the certificate name's letters with other tone marks, or one letter off, it is the
certificate's spelling, the OCR having misread a mark. A field not read is never filled from a
certificate, and a reading that matches none is left as it is (a gazette centre or an office's
seal signs for other people's documents).
"""

from __future__ import annotations

from collections.abc import Sequence

from qlvb_desktop.domain.extraction.dictionary import family_name
from qlvb_desktop.domain.extraction.model import Extraction, FieldValue, SignerSubject
from qlvb_desktop.domain.text import fold_marks, nfc

CONFIRMED = 0.95  # a reading the certificate spells the same way
MARKS_FROM_CERTIFICATE = 0.93  # the same letters; the certificate's marks
NEAR_CERTIFICATE = 0.85  # one letter off: the certificate's spelling, to be checked


def _key(text: str) -> str:
    return " ".join(fold_marks(nfc(text)).casefold().split())


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 6 and family_name(words[0].capitalize()) is not None


def check_signers(result: Extraction, subjects: Sequence[SignerSubject]) -> None:
    """Raise or correct the signer's name and the issuer with the certificates' subjects."""
    name = result.fields.get("signer_name")
    people = [nfc(s.common_name) for s in subjects if _person(nfc(s.common_name))]
    if name is not None and name.value and people:
        read = nfc(str(name.value))
        for person in people:
            if person.casefold() == read.casefold():
                value, floor = read, CONFIRMED
            elif _key(person) == _key(read):
                value, floor = person, MARKS_FROM_CERTIFICATE
            elif len(person.split()) == len(read.split()) and _distance(_key(person), _key(read)) <= 1:
                value, floor = person, NEAR_CERTIFICATE
            else:
                continue
            result.fields["signer_name"] = FieldValue(value, max(name.confidence, floor), name.where)
            break
    issuer = result.fields.get("issuer")
    if issuer is not None and issuer.value:
        orgs = {_key(t) for s in subjects for t in (s.common_name, s.organization) if t}
        if _key(str(issuer.value)) in orgs:
            result.fields["issuer"] = FieldValue(issuer.value, max(issuer.confidence, CONFIRMED), issuer.where)
