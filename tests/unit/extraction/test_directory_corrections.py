"""Issuer directory and remembered corrections (pure)."""

from __future__ import annotations

import pytest

from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.domain.extraction.corrections import Corrections
from qlvb_desktop.domain.extraction.directory import IssuerDirectory
from qlvb_desktop.domain.extraction.model import Extraction, FieldValue
from qlvb_desktop.services.extract import normalize_issuer

ROWS = [
    {"name": "Văn phòng Chính phủ", "code": "000.00.04.G14", "abbreviation": "VPCP"},
    {"name": "Sở Tài chính", "code": "000.00.12.H57", "parent": "Ủy ban nhân dân tỉnh Tuyên Quang"},
    {"name": "Sở Tài chính", "code": "000.00.12.H26", "parent": "Ủy ban nhân dân tỉnh Hưng Yên"},
]


def test_directory_normalizes_a_misread_name_and_fills_the_code() -> None:
    directory = IssuerDirectory.from_rows(ROWS)
    extraction = Extraction({"issuer": FieldValue("VĂN PHÒNG CHÍNH PHU", 0.7), "issuer_parent": FieldValue("", 0.9)})
    normalize_issuer(extraction, directory)
    assert extraction.value("issuer") == "VĂN PHÒNG CHÍNH PHỦ"
    assert extraction.issuer_code == "000.00.04.G14"
    assert extraction.to_json()["issuer_code"] == "000.00.04.G14"


def test_same_name_under_two_parents_is_decided_by_the_parent() -> None:
    directory = IssuerDirectory.from_rows(ROWS)
    found = directory.match("SỞ TÀI CHÍNH", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN")
    assert found is not None and found[0].code == "000.00.12.H26"
    assert directory.match("SỞ TÀI CHÍNH") is None  # ambiguous without the parent: no guess


def test_unknown_issuer_is_left_as_read() -> None:
    extraction = Extraction({"issuer": FieldValue("SỞ Y TẾ", 0.8)})
    normalize_issuer(extraction, IssuerDirectory.from_rows(ROWS))
    assert extraction.value("issuer") == "SỞ Y TẾ" and extraction.issuer_code == ""


@pytest.mark.parametrize(
    ("row", "line"),
    [({"name": "", "code": ""}, 2), ({"name": "Sở Nội vụ", "code": "12.34"}, 2)],
)
def test_directory_refuses_bad_rows(row: dict[str, str], line: int) -> None:
    with pytest.raises(ValidationError) as err:
        IssuerDirectory.from_rows([row])
    assert f"dòng {line}" in err.value.message


def test_corrections_are_learned_per_issuer_and_reused() -> None:
    table = Corrections()
    proposed = {"issuer": "SỞ Y TẾ", "signer_name": "Höãng Xuân Phương", "number": "1/SYT"}
    confirmed = {"issuer": "SỞ Y TẾ", "signer_name": "Hoàng Xuân Phương", "number": "2/SYT"}
    assert table.learn(proposed, confirmed) == ["signer_name"]  # numbers change every time
    again = Extraction({"issuer": FieldValue("SỞ Y TẾ", 0.9), "signer_name": FieldValue("Höãng Xuân Phương", 0.5)})
    table.apply(again)
    assert again.value("signer_name") == "Hoàng Xuân Phương"
    assert again.confidence("signer_name") >= 0.9
    assert again.corrected == ("signer_name",)
    other = Extraction({"issuer": FieldValue("SỞ NỘI VỤ", 0.9), "signer_name": FieldValue("Höãng Xuân Phương", 0.5)})
    table.apply(other)
    assert other.value("signer_name") == "Höãng Xuân Phương"  # another issuer: not applied
    restored = Corrections.from_json(table.to_json())
    assert restored.by_issuer == table.by_issuer


def test_corrections_without_issuer_or_change_remember_nothing() -> None:
    table = Corrections()
    assert table.learn({"issuer": ""}, {"signer_name": "A"}) == []
    assert table.learn({"issuer": "SỞ Y TẾ", "signer_name": "A B"}, {"signer_name": "A B"}) == []
    assert table.by_issuer == {}
    with pytest.raises(ValueError):
        Corrections.from_json({"format": "other"})
