"""Layout rules of the extractor on hand-placed words (no OCR)."""

from __future__ import annotations

from qlvb_desktop.domain.extraction.dictionary import DOC_TYPE_NAMES, PLACE_NAMES, TITLE_NAMES, doubtful_name_word
from qlvb_desktop.domain.extraction.fields import PageRead, extract_fields, reread_name
from qlvb_desktop.domain.extraction.model import CERTAIN, FIELDS, FieldValue
from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord
from tests.unit.extraction.conftest import PageBuilder, W, body, closing, header


def _decision() -> PageBuilder:
    b = PageBuilder()
    y = header(b)
    b.text(W // 2, y + 40, "QUYẾT ĐỊNH", center=True, bold=True)
    b.text(W // 2, y + 88, "Về việc ban hành quy chế văn thư", center=True, bold=True)
    y = body(b, y + 200)
    closing(b, y + 40)
    return b


def test_decision_fields_are_read_from_their_places() -> None:
    result = extract_fields([_decision().page()])
    assert result.value("issuer") == "SỞ TÀI CHÍNH"
    assert result.value("issuer_parent") == "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"
    assert result.value("number") == "15/QĐ-STC"
    assert result.value("issued_date") == "2026-03-05"
    assert result.value("place") == "Tuyên Quang"
    assert result.value("doc_type") == "Quyết định"
    assert result.value("subject") == "Về việc ban hành quy chế văn thư"
    assert result.value("signer_authority") == "KT. GIÁM ĐỐC"
    assert result.value("signer_title") == "PHÓ GIÁM ĐỐC"
    assert result.value("signer_name") == "Nguyễn Văn An"
    assert result.value("recipients") == ["Như trên;", "Lưu: VT."]
    assert result.value("page_count") == 1
    for name in ("issuer", "number", "issued_date", "doc_type", "signer_title"):
        assert result.confidence(name) >= CERTAIN, name


def test_header_columns_on_one_baseline_are_split() -> None:
    """Tesseract puts "ỦY BAN NHÂN DÂN" and "CỘNG HÒA …" on one line; the issuer must not get both."""
    result = extract_fields([_decision().page()])
    assert "CỘNG HÒA" not in result.value("issuer_parent")
    assert "CỘNG HÒA" not in result.value("issuer")
    box = result.fields["issuer"].where
    assert box is not None and box.box.right < W / 2


def test_issuer_without_governing_body_is_one_name_over_two_lines() -> None:
    b = PageBuilder()
    y = header(b, parent=(), issuer=("ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"), number="Số: 841/UBND-KT",
               date_line="Gia Lai, ngày 25 tháng 10 năm 2026")  # fmt: skip
    b.text(420, y, "V/v phân bổ kinh phí thực hiện", center=True)
    b.text(420, y + 45, "nhiệm vụ năm 2026", center=True)
    y = body(b, y + 200)
    closing(b, y, lines=("CHỦ TỊCH",), name="Bùi Xuân Khánh")
    for with_stroke in (True, False):
        result = extract_fields([b.page(with_stroke=with_stroke)])
        assert result.value("issuer") == "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
        assert result.value("issuer_parent") == ""
        assert result.value("doc_type") == "Công văn"
        assert result.value("subject") == "V/v phân bổ kinh phí thực hiện nhiệm vụ năm 2026"
        assert result.value("number") == "841/UBND-KT"
        assert result.value("signer_title") == "CHỦ TỊCH"
        assert result.value("signer_authority") == ""


def test_bold_issuer_is_told_from_regular_parent_by_stroke() -> None:
    """Without the image the split falls back on words; with it, bold decides."""
    b = PageBuilder()
    header(b, parent=("TỈNH HƯNG YÊN",), issuer=("ỦY BAN NHÂN DÂN", "XÃ YÊN SƠN"))
    result = extract_fields([b.page()])
    assert result.value("issuer") == "ỦY BAN NHÂN DÂN XÃ YÊN SƠN"
    assert result.value("issuer_parent") == "TỈNH HƯNG YÊN"


def test_unreadable_page_gives_empty_fields_with_no_confidence() -> None:
    empty = PageRead(OcrPage(W, 2339, 200, ()))
    result = extract_fields([empty])
    data = result.to_json()
    for name in FIELDS:
        if name == "page_count":
            continue
        assert data[name] in ("", []), name
        assert data["confidence"][name] < 0.5, name
    assert data["boxes"] == {}


def test_garbled_number_is_kept_but_not_trusted() -> None:
    b = PageBuilder()
    header(b, number="Số: 15/QĐ STC ?ab/")
    result = extract_fields([b.page()])
    assert result.confidence("number") < CERTAIN


def test_eth_lookalike_is_read_as_d_with_stroke() -> None:
    b = PageBuilder()
    header(b, number="Số: 15/QÐ-STC")  # U+00D0, what Tesseract sometimes returns
    assert extract_fields([b.page()]).value("number") == "15/QĐ-STC"


def test_blank_back_pages_are_not_counted() -> None:
    page = _decision().page()
    blank = PageRead(OcrPage(W, 2339, 200, ()), blank=True)
    result = extract_fields([page, blank])
    assert result.value("page_count") == 1


def test_urgency_stamp_under_the_number() -> None:
    b = PageBuilder()
    y = header(b)
    b.text(420, y + 20, "HỎA TỐC", center=True, bold=True)
    b.text(W // 2, y + 120, "BÁO CÁO", center=True, bold=True)
    b.text(W // 2, y + 168, "Kết quả thực hiện nhiệm vụ quý III năm 2025", center=True, bold=True)
    result = extract_fields([b.page()])
    assert result.value("urgency") == "Hỏa tốc"
    assert result.value("doc_type") == "Báo cáo"
    assert result.value("subject") == "Kết quả thực hiện nhiệm vụ quý III năm 2025"


def test_dictionaries_restore_tone_marks() -> None:
    assert DOC_TYPE_NAMES.lookup("QUYÊT ĐINH").value == "Quyết định"  # type: ignore[union-attr]
    assert TITLE_NAMES.lookup("PHÒ GIẢM ĐỐC").value == "PHÓ GIÁM ĐỐC"  # type: ignore[union-attr]
    assert PLACE_NAMES.lookup("Thanh Hoá").value == "Thanh Hóa"  # type: ignore[union-attr]
    assert PLACE_NAMES.lookup("Xyz Abc") is None
    exact = TITLE_NAMES.lookup("CHỦ TỊCH")
    assert exact is not None and exact.exact


def test_json_carries_boxes_and_confidences_for_every_field() -> None:
    data = extract_fields([_decision().page()]).to_json()
    assert set(data["confidence"]) == set(FIELDS)
    assert all(0.0 <= c <= 1.0 for c in data["confidence"].values())
    box = data["boxes"]["number"]
    assert box["page"] == 0 and box["width"] > 0 and box["left"] < W / 2


def test_family_name_marks_restored_and_unknown_first_word_not_trusted() -> None:
    b = PageBuilder()
    y = header(b)
    closing(b, y + 300, name="Buí Thanh Dũng")
    result = extract_fields([b.page()])
    assert result.value("signer_name") == "Bùi Thanh Dũng"
    assert result.confidence("signer_name") < CERTAIN  # corrected: shown for checking
    b = PageBuilder()
    y = header(b)
    closing(b, y + 300, name="Ủi Thanh Dũng")  # "B" hidden under the seal
    result = extract_fields([b.page()])
    assert result.confidence("signer_name") < 0.7


def test_specks_after_the_title_are_dropped() -> None:
    b = PageBuilder()
    y = header(b)
    closing(b, y + 300, lines=("CHỦ TỊCH C)",))
    assert extract_fields([b.page()]).value("signer_title") == "CHỦ TỊCH"


def test_close_header_columns_are_split_at_the_middle() -> None:
    """At 150 dpi a long governing body leaves less than a wide gap before "CỘNG HÒA"."""
    b = PageBuilder()
    b.text(200, 120, "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK")  # ends at 200 + 28 * 17 = 676
    b.text(720, 120, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    b.text(160, 168, "VĂN PHÒNG ỦY BAN NHÂN DÂN", bold=True)
    b.text(200, 260, "Số: 636/VPUBND-HCTC")
    b.text(900, 260, "Đắk Lắk, ngày 01 tháng 07 năm 2025")
    result = extract_fields([b.page()])
    assert result.value("issuer_parent") == "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
    assert result.value("issuer") == "VĂN PHÒNG ỦY BAN NHÂN DÂN"


def test_signer_lines_cut_by_wide_gaps_are_joined() -> None:
    b = PageBuilder()
    y = header(b) + 300
    b.text(190, y, "Nơi nhận:", bold=True)
    for dy, pieces in ((0, ((1040, "KT. CHỦ"), (1240, "TỊCH"))), (48, ((1029, "PHÓ"), (1140, "CHỦ TỊCH")))):
        for x, text in pieces:
            b.text(x, y + dy, text, bold=True)
    b.text(1150, y + 330, "Lê Hữu Trung", center=True, bold=True)
    result = extract_fields([b.page()])
    assert result.value("signer_title") == "PHÓ CHỦ TỊCH"
    assert result.value("signer_authority") == "KT. CHỦ TỊCH"


def test_committee_name_without_its_level_is_not_trusted() -> None:
    b = PageBuilder()
    header(b, parent=(), issuer=("ỦY BAN NHÂN DÂN", "THANH HÓA"))  # "TỈNH" lost by the OCR
    result = extract_fields([b.page()])
    assert result.value("issuer") == "ỦY BAN NHÂN DÂN THANH HÓA"
    assert result.confidence("issuer") < CERTAIN


def test_title_with_a_dropped_word_is_not_trusted() -> None:
    b = PageBuilder()
    y = header(b)
    closing(b, y + 300, lines=("PH0) CHỦ TỊCH",))
    result = extract_fields([b.page()])
    assert result.value("signer_title") == "CHỦ TỊCH"
    assert result.confidence("signer_title") < CERTAIN


def _seal_over_name(name: str = "ũ Quang Hương", title: str = "CHỦ TỊCH") -> PageBuilder:
    b = PageBuilder()
    y = header(b, parent=(), issuer=("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"))
    b.text(W // 2, y + 40, "QUYẾT ĐỊNH", center=True, bold=True)
    b.text(W // 2, y + 88, "Về việc ban hành quy chế văn thư", center=True, bold=True)
    y = body(b, y + 200)
    closing(b, y + 40, lines=(title,), name=name)
    return b


def test_a_name_the_seal_cut_is_not_proposed_but_located_for_a_second_reading() -> None:
    result = extract_fields([_seal_over_name().page()])
    assert result.value("signer_name") == "" and result.confidence("signer_name") < CERTAIN
    line = result.signer_line
    assert line is not None and line.page == 0 and line.box.left > W / 2
    assert line.box.top > result.fields["signer_title"].where.box.bottom  # type: ignore[union-attr]


def test_second_reading_of_the_name() -> None:
    def words(text: str, conf: float = 92.0) -> list[OcrWord]:
        return [OcrWord(t, conf, Box(1000 + 120 * i, 1500, 100, 34)) for i, t in enumerate(text.split())]

    unread = FieldValue.unread()
    # The first reading lost the first letter; the second has the whole name: proposed, not certain.
    second = reread_name(unread, words('"Vũ Quang Hương'), 0)
    assert second.value == "Vũ Quang Hương" and second.confidence < CERTAIN
    assert second.where is not None and second.where.box.left == 1000
    # Family name marks restored from the list ("Trấn" is no family name, "Trần" is).
    assert reread_name(unread, words("Trấn Hữu Phương"), 0).value == "Trần Hữu Phương"
    # Two readings that agree confirm each other.
    first = FieldValue("Bùi Minh Dũng", 0.8, None)
    agreed = reread_name(first, words("Bùi Minh Dũng"), 0)
    assert agreed.value == "Bùi Minh Dũng" and agreed.confidence >= CERTAIN
    # Disagreeing: the surer one, never certain.
    differ = reread_name(FieldValue("Bùi Minh Dùng", 0.3, None), words("Bùi Minh Dũng"), 0)
    assert differ.value == "Bùi Minh Dũng" and differ.confidence < CERTAIN
    kept = reread_name(FieldValue("Bùi Minh Dũng", 0.88, None), words("Bùi Minh Dùng", 40.0), 0)
    assert kept.value == "Bùi Minh Dũng" and kept.confidence < CERTAIN
    # The first reading lost the family name under the seal, the second has it, less surely:
    # the one that starts with a family name.
    lost = FieldValue("Quang Khánh", 0.6, None)
    found = reread_name(lost, words('"Lê Quang Khánh', 53.0), 0)
    assert found.value == "Lê Quang Khánh" and found.confidence < CERTAIN
    assert reread_name(FieldValue("Lê Quang Khánh", 0.5, None), words("Quang Khánh"), 0).value == "Lê Quang Khánh"
    # Nothing like a name read the second time: the first reading stays as it was.
    assert reread_name(first, words("* ~~"), 0) == first
    assert reread_name(first, words("quang hương"), 0) == first


def test_quotes_stuck_to_header_and_title_words_are_dropped() -> None:
    b = _seal_over_name(name="Trần Hữu Phương", title='BỘ "TRƯỞNG')
    b.words = [OcrWord("'TỈNH", w.confidence, w.box) if w.text == "TỈNH" else w for w in b.words]
    result = extract_fields([b.page()])
    assert result.value("issuer") == "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"
    assert result.value("signer_title") == "BỘ TRƯỞNG"
    assert result.value("signer_name") == "Trần Hữu Phương"


def test_a_given_name_with_unknown_marks_is_never_certain() -> None:
    """ "Dùng" has the letters of Dũng and Dung but is no name: a tone mark was misread."""
    assert doubtful_name_word("Dùng") and not doubtful_name_word("Dũng") and not doubtful_name_word("Xyz")
    b = _seal_over_name(name="Bùi Minh Dùng")
    result = extract_fields([b.page()])
    assert result.value("signer_name") == "Bùi Minh Dùng" and result.confidence("signer_name") < CERTAIN
    assert result.signer_line is not None  # to be read again
    twice = reread_name(result.fields["signer_name"], [OcrWord(t, 96.0, Box(1000, 1500, 90, 34)) for t in
                        ("Bùi", "Minh", "Dùng")], 0)  # fmt: skip
    assert twice.value == "Bùi Minh Dùng" and twice.confidence < CERTAIN
    sure = extract_fields([_seal_over_name(name="Bùi Minh Dũng").page()])
    assert sure.value("signer_name") == "Bùi Minh Dũng" and sure.confidence("signer_name") >= CERTAIN


def test_place_read_with_other_marks_than_the_header_is_not_certain() -> None:
    def place(date_line: str) -> tuple[str, float]:
        b = PageBuilder()
        y = header(b, parent=(), issuer=("ỦY BAN NHÂN DÂN", "XÃ BÌNH MINH"), date_line=date_line)
        b.text(W // 2, y + 40, "QUYẾT ĐỊNH", center=True, bold=True)
        b.text(W // 2, y + 88, "Về việc ban hành quy chế văn thư", center=True, bold=True)
        closing(b, body(b, y + 200), lines=("CHỦ TỊCH",), name="Lê Hữu Trung")
        result = extract_fields([b.page()])
        return result.value("place"), result.confidence("place")

    value, conf = place("Bình Minh, ngày 05 tháng 03 năm 2026")
    assert value == "Bình Minh" and conf >= CERTAIN  # header and place line agree, marks too
    value, conf = place("Bình Mình, ngày 05 tháng 03 năm 2026")
    assert value == "Bình Mình" and conf < CERTAIN  # the marks disagree: one of them is misread
