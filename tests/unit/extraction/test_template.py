"""The number and date lines of real documents: the printed template read apart from what fills
its gaps (pen digits on paper, a signing tool's appearance words in a born-digital PDF)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from qlvb_desktop.domain.extraction.evidence import check_signers
from qlvb_desktop.domain.extraction.fields import PageRead, _day_allowed, extract_fields, name_with_marks
from qlvb_desktop.domain.extraction.handwriting import PenReading, pen_split, pen_value
from qlvb_desktop.domain.extraction.model import CERTAIN, Extraction, FieldValue, SignerSubject
from qlvb_desktop.domain.extraction.template import CHAR_WIDTH, parse_date_line, parse_number_line
from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord

from .conftest import LINE, H, PageBuilder, W, body, closing, header


def _w(text: str, left: int, width: int, conf: float = 95.0, top: int = 300) -> OcrWord:
    return OcrWord(text, conf, Box(left, top, width, LINE))


def test_number_line_with_an_empty_gap_keeps_the_notation_and_locates_the_gap() -> None:
    line = parse_number_line([_w("Số:", 300, 45), _w("/TTr-UBND", 440, 180)])
    assert line is not None
    assert (line.printed, line.notation) == ("", "TTr-UBND")
    assert line.gap == Box(345, 300, 95, LINE)


def test_pen_ink_glued_to_the_label_or_the_notation_is_not_the_number() -> None:
    # OCR reads the pen digits as junk stuck to the printed words: "Số:04_", "†4/UBND-KTTH".
    glued = parse_number_line([_w("Số:04_", 296, 98, 51), _w("/TTr-UBND", 440, 179)])
    assert glued is not None and (glued.printed, glued.notation) == ("", "TTr-UBND")
    assert glued.gap is not None and glued.gap.left == 296 + round(98 * 3 / 6) and glued.gap.right == 440
    merged = parse_number_line([_w("Số:", 264, 41), _w("†4/UBND-KTTH", 319, 292, 25)])
    assert merged is not None and (merged.printed, merged.notation) == ("", "UBND-KTTH")
    # The pen digits glued before the slash are wider than print: the gap ends where the printed
    # "/UBND-KTTH" (10 characters, no wider than print allows) starts, not at even widths.
    assert merged.gap is not None and merged.gap.right == 319 + 292 - round(10 * CHAR_WIDTH * LINE)
    assert merged.gap.right > 319 + round(292 * 2 / 12)


def test_ocr_reading_of_the_pen_is_kept_as_digits_with_look_alikes() -> None:
    # Tesseract read the touching pen "31" as "3|": one more reading of the day, not the day.
    words = [_w("ngày", 1012, 70), _w("3|", 1092, 35, 77), _w("tháng", 1138, 82), _w("12", 1240, 34)]
    line = parse_date_line([*words, _w("năm", 1284, 60), _w("2024", 1355, 73)])
    assert line is not None and (line.day, line.seen) == ("", "31")
    number = parse_number_line([_w("Số:", 264, 41), _w("†4/UBND-KTTH", 319, 292, 25)])
    assert number is not None and number.seen == ""  # junk is no reading


def test_printed_number_and_year_part_are_read_as_printed() -> None:
    line = parse_number_line([_w("Số:", 300, 45), _w("15/2025/QĐ-UBND", 355, 250)])
    assert line is not None and (line.printed, line.notation) == ("15", "2025/QĐ-UBND")


def test_date_line_printed_parts_without_the_pen_day() -> None:
    words = [
        _w("Quảng", 797, 102),
        _w("Ngãi,", 907, 81),
        _w("ngày", 1013, 66, 30),
        _w("tháng", 1126, 90),
        _w("01", 1237, 34),
        _w("năm", 1294, 64),
        _w("2025", 1370, 76),
    ]
    line = parse_date_line(words)
    assert line is not None
    assert (line.place, line.day, line.month, line.year) == ("Quảng Ngãi", "", 1, 2025)
    assert line.gap == Box(1079, 300, 1126 - 1079, LINE)


def test_date_line_with_junk_glued_to_thang_and_a_misread_month() -> None:
    words = [_w("Quảng", 828, 96), _w("Ngãi,", 931, 76), _w("ngày", 1022, 69), _w("{tháng", 1097, 130, 24)]
    words += [_w("1]", 1238, 32, 71), _w("năm", 1282, 58), _w("2025", 1352, 72)]
    line = parse_date_line(words)
    assert line is not None and line.day == "" and line.month == 11 and line.month_conf <= 0.8
    # "{tháng" is wider than five printed letters: the junk is the pen's, the gap ends where they start.
    assert line.gap is not None and line.gap.left == 1091 and line.gap.right == 1227 - round(5 * 0.62 * LINE)


def test_a_word_box_stretched_over_the_pen_does_not_hide_the_gap() -> None:
    # OCR's box of "ngày" took in the pen digits after it (111 px for four letters).
    words = [_w("Quảng", 860, 95), _w("Ngãi,", 962, 76), _w("ngày", 1051, 111, 35), _w("#0", 1131, 26, 35)]
    words += [_w("tháng", 1166, 82), _w("3", 1257, 15), _w("năm", 1291, 60), _w("2018", 1362, 70)]
    line = parse_date_line(words)
    assert line is not None and line.day == "" and (line.month, line.year) == (3, 2018)
    assert line.gap is not None and line.gap.left == 1051 + round(4 * 0.62 * LINE) and line.gap.right == 1166


def test_printed_day_is_read_from_the_line() -> None:
    words = [_w("Huế,", 800, 60), _w("ngày", 870, 60), _w("05", 940, 30), _w("tháng", 980, 80)]
    words += [_w("3", 1070, 15), _w("năm", 1100, 60), _w("2026", 1170, 70)]
    line = parse_date_line(words)
    assert line is not None and (line.place, line.day, line.month, line.year) == ("Huế", "05", 3, 2026)


def _pen(digits: str, probability: float, second: str) -> PenReading:
    return PenReading(digits, probability, second, Box(0, 0, 10, 10))


def test_a_pen_reading_is_certain_only_when_two_readings_agree() -> None:
    assert pen_value(_pen("47", 0.9, "47")) == ("47", 0.93)
    value, conf = pen_value(_pen("47", 0.99, ""))
    assert value == "47" and conf < CERTAIN
    value, conf = pen_value(_pen("47", 0.99, "41"))
    assert value == "47" and conf < CERTAIN
    assert pen_value(_pen("47", 0.1, "")) == ("", 0.0)  # too weak: empty, never invented
    assert pen_value(None) == ("", 0.0)


def _handwritten_page(
    b: PageBuilder, pen: Callable[[Box, int], PenReading | None] | None, overlay: tuple[OcrWord, ...] = ()
) -> PageRead:
    y = header(b, number="Số: /TB-UBND", date_line="Quảng Ngãi, ngày tháng 01 năm 2025")
    b.text(827, y + 20, "THÔNG BÁO", center=True, bold=True)
    b.text(827, y + 70, "Kết luận của Chủ tịch tại buổi làm việc", center=True, bold=True)
    y = body(b, y + 160)
    closing(b, y, ("TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"), "Nguyễn Văn An")
    return PageRead(OcrPage(W, H, 200, tuple(b.words)), False, b.stroke, pen, overlay)


def test_pen_digits_fill_the_number_and_day_with_honest_confidence() -> None:
    calls: list[Box] = []

    def pen(box: Box, line_height: int) -> PenReading | None:
        calls.append(box)
        # The number's gap is on the left, the day's on the right.
        return _pen("47", 0.8, "47") if box.left < W / 2 else _pen("17", 0.8, "")

    result = extract_fields([_handwritten_page(PageBuilder(), pen)])
    assert len(calls) == 2
    assert result.value("number") == "47/TB-UBND" and result.confidence("number") >= CERTAIN
    assert result.value("issued_date") == "2025-01-17" and result.confidence("issued_date") < CERTAIN
    assert result.value("place") == "Quảng Ngãi"
    assert result.value("signer_title") == "PHÓ CHÁNH VĂN PHÒNG"
    assert result.value("signer_authority") == "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG"


def test_unreadable_pen_leaves_the_day_empty_and_the_number_unsure() -> None:
    result = extract_fields([_handwritten_page(PageBuilder(), lambda box, lh: None)])
    assert result.value("issued_date") == "" and result.confidence("issued_date") == 0.0
    assert result.value("number") == "/TB-UBND" and result.confidence("number") < 0.5


def test_signing_tool_words_fill_the_gaps_of_a_born_digital_document() -> None:
    b = PageBuilder()
    page = _handwritten_page(b, None)
    number = next(w for w in page.ocr.words if w.text == "Số:")
    ngay = next(w for w in page.ocr.words if w.text == "ngày")
    overlay = (
        OcrWord("11", 100.0, Box(number.box.right + 12, number.box.top, 30, LINE)),
        OcrWord("08", 100.0, Box(ngay.box.right + 4, ngay.box.top, 30, LINE)),
        # The gazette centre's box at the top of the page: never a field.
        OcrWord("ttcbth@quangngai.gov.vn", 100.0, Box(1300, 20, 300, 20)),
        OcrWord("09.01.2025", 100.0, Box(1300, 45, 120, 20)),
    )
    page = PageRead(page.ocr, False, page.stroke, None, overlay)
    result = extract_fields([page], signed_on=date(2025, 1, 9))
    assert result.value("number") == "11/TB-UBND" and result.confidence("number") >= CERTAIN
    assert result.value("issued_date") == "2025-01-08" and result.confidence("issued_date") >= CERTAIN
    assert result.value("signer_name") == "Nguyễn Văn An"


def test_a_date_after_the_first_signature_is_not_trusted() -> None:
    def pen(box: Box, line_height: int) -> PenReading | None:
        return _pen("47", 0.8, "47") if box.left < W / 2 else _pen("17", 0.8, "17")

    result = extract_fields([_handwritten_page(PageBuilder(), pen)], signed_on=date(2025, 1, 9))
    assert result.value("issued_date") == "2025-01-17" and result.confidence("issued_date") <= 0.5
    ok = extract_fields([_handwritten_page(PageBuilder(), pen)], signed_on=date(2025, 1, 20))
    assert ok.confidence("issued_date") >= CERTAIN


def test_an_arrival_stamp_beside_the_subject_is_not_the_subject() -> None:
    b = PageBuilder()
    y = header(b, number="Số: 07/CT-UBND", date_line="Quảng Ngãi, ngày 20 tháng 3 năm 2018")
    b.text(827, y + 20, "CHỈ THỊ", center=True, bold=True)
    # Another office's arrival stamp in the left margin, its first line on the subject's row.
    b.text(150, y + 70, "TRUNG TÂM CÔNG BÁO")  # close enough to join the row
    b.text(827, y + 70, "Về việc tăng cường công tác thi hành án", center=True, bold=True)
    b.text(60, y + 100, "CV Số: 2352")
    b.text(827, y + 118, "trên địa bàn tỉnh", center=True, bold=True)
    b.text(60, y + 140, "Ngày: 21/3/18")
    y = body(b, y + 220)
    closing(b, y)
    result = extract_fields([b.page()])
    assert result.value("subject") == "Về việc tăng cường công tác thi hành án trên địa bàn tỉnh"


def _three(
    digits: str, second: str, third: str, candidates: tuple[tuple[tuple[str, float], ...], ...] = ()
) -> PenReading:
    return PenReading(digits, 0.5, second, Box(0, 0, 10, 10), third, candidates)


def test_a_third_reading_breaks_ties_but_only_the_print_recognizer_confirms() -> None:
    # The two classifiers agree, the print recognizer read nothing: one reading, not certain.
    value, conf = pen_value(_three("47", "", "47"))
    assert value == "47" and conf < CERTAIN
    # The nearest-neighbour reading and the print recognizer agree against the first classifier:
    # two independent readings, certain.
    assert pen_value(_three("41", "47", "47")) == ("47", 0.93)
    # The classifiers differ on the last digit; the print recognizer's shorter reading backs one.
    value, conf = pen_value(_three("04", "1", "01"))
    assert value == "01" and conf < CERTAIN
    # Nothing backs either: the digit with more belief from both, to be checked.
    candidates = ((("0", 0.8), ("8", 0.6)), (("7", 0.9), ("1", 0.4)))
    value, conf = pen_value(_three("87", "", "07", candidates))
    assert value == "07" and conf < CERTAIN


def test_a_pen_day_the_month_does_not_have_is_read_again_among_the_candidates() -> None:
    candidates = ((("6", 0.7), ("0", 0.65), ("8", 0.2)), (("6", 0.9), ("8", 0.3), ("5", 0.2)))

    def pen(box: Box, line_height: int) -> PenReading | None:
        if box.left < W / 2:
            return _pen("47", 0.8, "47")
        return PenReading("66", 0.5, "6", Box(0, 0, 10, 10), "66", candidates)

    result = extract_fields([_handwritten_page(PageBuilder(), pen)])
    assert result.value("issued_date") == "2025-01-06" and result.confidence("issued_date") <= 0.5
    # Nor a day after the first signature: the next most believed day before it.
    late = ((("1", 0.9), ("0", 0.8)), (("7", 0.9), ("2", 0.5)))

    def pen_late(box: Box, line_height: int) -> PenReading | None:
        if box.left < W / 2:
            return _pen("47", 0.8, "47")
        return PenReading("17", 0.5, "", Box(0, 0, 10, 10), "17", late)

    signed = extract_fields([_handwritten_page(PageBuilder(), pen_late)], signed_on=date(2025, 1, 9))
    assert signed.value("issued_date") == "2025-01-07" and signed.confidence("issued_date") <= 0.5


def test_an_unsure_day_read_as_print_is_read_as_pen() -> None:
    # OCR took a pen "15" for a printed "45" with little confidence: no day of any month.
    def pen(box: Box, line_height: int) -> PenReading | None:
        return _pen("47", 0.8, "47") if box.left < W / 2 else _pen("15", 0.8, "15")

    page = _handwritten_page(PageBuilder(), pen)
    ngay = next(w for w in page.ocr.words if w.text == "ngày")
    words = (*page.ocr.words, OcrWord("45", 53.0, Box(ngay.box.right + 6, ngay.box.top - 4, 30, LINE + 8)))
    read = PageRead(OcrPage(W, H, 200, words), False, page.stroke, pen)
    result = extract_fields([read])
    assert result.value("issued_date") == "2025-01-15" and result.confidence("issued_date") >= CERTAIN
    # Without a pen reading, the unsure printed day is not invented into a date.
    alone = extract_fields([PageRead(OcrPage(W, H, 200, words), False, page.stroke, None)])
    assert alone.value("issued_date") == ""


def test_touching_digits_read_as_one_are_cut_in_two_when_the_evidence_asks_for_it() -> None:
    # "31" written touching and as narrow as one digit: read whole it is one "4"; cut in two, "31".
    whole = ((("4", 0.7), ("8", 0.6), ("7", 0.5)),)
    cut = PenReading("31", 0.5, "", Box(0, 0, 10, 10), "31", ((("3", 0.8),), (("1", 0.7),)))
    reading = PenReading("4", 0.5, "", Box(0, 0, 10, 10), "4", whole, split=cut)
    allowed = _day_allowed(2024, 12, None)
    # OCR's reading of the line ("3|") agrees with the cut reading: taken, to be checked.
    value, conf = pen_split(reading, "4", 0.75, "31", allowed)
    assert value == "31" and conf < CERTAIN
    # A day is written with two digits: without OCR's reading the cut is still preferred.
    value, conf = pen_split(reading, "4", 0.75, "", allowed, two_digits=True)
    assert value == "31" and conf <= 0.5
    # A number has no such rule: the whole reading stays.
    assert pen_split(reading, "4", 0.75) == ("4", 0.75)
    # A cut the month refuses is no alternative ("41" in December): "4" stays.
    bad = PenReading("41", 0.5, "", Box(0, 0, 10, 10), "41", ((("4", 0.8),), (("1", 0.7),)))
    refused = PenReading("4", 0.5, "", Box(0, 0, 10, 10), "4", whole, split=bad)
    assert pen_split(refused, "4", 0.75, "", allowed, two_digits=True) == ("4", 0.75)


def test_a_name_tone_mark_settled_by_a_third_reading_and_the_name_list() -> None:
    doubted = FieldValue("Trần Hoàng Tuần", 0.8, None)
    line = [_w("Trần", 1000, 60, 90), _w("Hoàng", 1070, 90, 97), _w("Tuấn", 1170, 70, 96)]
    fixed = name_with_marks(doubted, line, 0)
    assert fixed.value == "Trần Hoàng Tuấn" and fixed.confidence < CERTAIN
    # A reading with other letters is not the same name: the first stays.
    other = [_w("Trần", 1000, 60, 90), _w("Hoàng", 1070, 90, 97), _w("Tuân", 1170, 70, 96)]
    assert name_with_marks(doubted, other, 0) == doubted
    # A name not in doubt is never changed by another reading.
    sure = FieldValue("Trần Hoàng Tuấn", 0.8, None)
    assert name_with_marks(sure, [*line[:2], _w("Tuần", 1170, 70, 96)], 0) == sure


def test_the_signer_certificate_confirms_or_spells_the_name_and_confirms_the_issuer() -> None:
    def extraction(name: str, conf: float = 0.8) -> Extraction:
        return Extraction(
            {
                "signer_name": FieldValue(name, conf, None),
                "issuer": FieldValue("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", 0.76, None),
            }
        )

    person = SignerSubject("Nguyễn Phước Bình", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    centre = SignerSubject("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    same = extraction("Nguyễn Phước Bình")
    check_signers(same, [centre, person])
    assert same.confidence("signer_name") >= CERTAIN and same.confidence("issuer") >= CERTAIN
    marks = extraction("Nguyễn Phước Bính")  # a tone mark misread: the certificate's spelling
    check_signers(marks, [person])
    assert marks.value("signer_name") == "Nguyễn Phước Bình" and marks.confidence("signer_name") >= CERTAIN
    near = extraction("Nguyễn Phước Blnh")  # a letter off: the certificate's spelling, to be checked
    check_signers(near, [person])
    assert near.value("signer_name") == "Nguyễn Phước Bình" and near.confidence("signer_name") < CERTAIN
    # Another person, or only an office's seal: nothing changes; an unread name is not filled.
    other = extraction("Trần Hoàng Tuấn")
    check_signers(other, [centre, SignerSubject("Ủy ban nhân dân tỉnh Quảng Ngãi", "Tỉnh Quảng Ngãi")])
    assert other.value("signer_name") == "Trần Hoàng Tuấn" and other.confidence("signer_name") == 0.8
    assert other.confidence("issuer") >= CERTAIN  # the office's seal names the issuer (old tone marks too)
    unread = extraction("", 0.0)
    check_signers(unread, [person])
    assert unread.value("signer_name") == ""
    elsewhere = Extraction({"issuer": FieldValue("SỞ TƯ PHÁP TỈNH QUẢNG NGÃI", 0.7, None)})
    check_signers(elsewhere, [centre])
    assert elsewhere.confidence("issuer") == 0.7
