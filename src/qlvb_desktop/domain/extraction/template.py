"""The printed template of the number and date lines, read apart from what fills it.

`Số:  47 /QĐ-UBND` and `Quảng Ngãi, ngày 17 tháng 01 năm 2025` are printed with gaps that
the number and the day fill: by pen on paper, by the gazette centre's signing tool (a signature
appearance drawn over the page) in a born-digital PDF, or printed in the same run. The printed
parts (notation, place, month, year) are read from the words of the line on their own, and the
gap is located, so that whatever fills it is read by a method fit for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qlvb_desktop.domain.ocr import Box, OcrWord
from qlvb_desktop.domain.text import fold_marks, nfc

_NOTATION = re.compile(r"^(\d{4}/)?([A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*)$")
# Print confusions of a digit in a line of digits ("1]" for "11", "O" for "0").
_DIGIT_LOOKALIKES = str.maketrans({"]": "1", "|": "1", "l": "1", "I": "1", "O": "0", "o": "0"})


def _clean(text: str) -> str:
    return nfc(text.replace("Ð", "Đ").replace("ð", "đ"))


def _x_at(word: OcrWord, index: int) -> int:
    """Where the `index`-th character of a word starts, assuming even widths."""
    if not word.text:
        return word.box.left
    return word.box.left + round(word.box.width * index / len(word.text))


# A printed lower-case letter is at most this many times the printed line's height wide
# (Times, 13-14 pt; the height is the lowest word box of the line, as pen ink beside a word makes
# its box taller): a word box wider than its letters allow took in the pen ink beside it.
CHAR_WIDTH = 0.62


def _print_height(words: Sequence[OcrWord]) -> int:
    return min((w.box.height for w in words if len(w.text) >= 2), default=max(1, words[0].box.height))


def _stretched(word: OcrWord, height: int) -> bool:
    return word.box.width > 1.25 * len(word.text) * CHAR_WIDTH * height


def _right_of(word: OcrWord, chars: int, height: int) -> int:
    """Where the first `chars` characters of a word end, not further than print allows."""
    if chars >= len(word.text) and not _stretched(word, height):
        return word.box.right
    at = _x_at(word, chars) if chars < len(word.text) else word.box.right
    return min(at, word.box.left + round(chars * CHAR_WIDTH * height))


def _left_of(word: OcrWord, skip: int, height: int) -> int:
    """Where a word's characters after the first `skip` start, not before print allows."""
    if not skip and not _stretched(word, height):
        return word.box.left
    at = _x_at(word, skip)
    return max(at, word.box.right - round((len(word.text) - skip) * CHAR_WIDTH * height))


@dataclass(frozen=True)
class NumberLine:
    """`Số: <number>/<notation>`: the number as printed ("" when not printed), the notation
    with its year part ("TTr-UBND", "2025/QĐ-UBND"), and the gap left for the number."""

    printed: str
    printed_conf: float
    notation: str
    notation_conf: float
    gap: Box | None
    box: Box
    # What OCR read in the gap, as digits ("" when not digits): a print reading of the pen, one
    # more reading for the pen digits (look-alikes taken as digits: "3|" is "31").
    seen: str = ""


def parse_number_line(words: Sequence[OcrWord]) -> NumberLine | None:
    """The number line from its words, left to right; None when no `Số:` label starts it."""
    words = sorted(words, key=lambda w: w.box.left)
    if not words:
        return None
    first = words[0]
    m = re.match(r"^(s[o0])\s*[:;.,]?", fold_marks(first.text), re.IGNORECASE)
    if m is None:
        return None
    label_end = _right_of(first, m.end(), _print_height(words))
    rest = first.text[m.end() :]
    pieces: list[tuple[str, OcrWord, int]] = []  # (text, word, index of text in the word)
    if rest:
        pieces.append((rest, first, m.end()))
    pieces += [(w.text, w, 0) for w in words[1:]]
    joined = ""
    owners: list[tuple[OcrWord, int]] = []  # each character's word and index in it
    for k, (text, word, start) in enumerate(pieces):
        if k:
            joined += " "
            owners.append((word, start))
        joined += text
        owners += [(word, start + i) for i in range(len(text))]
    joined = _clean(joined)
    box = words[0].box
    for w in words[1:]:
        box = box.union(w.box)
    slash = joined.find("/")
    while slash >= 0:
        tail = re.sub(r"\s*([/-])\s*", r"\1", joined[slash + 1 :]).split(" ")[0].strip(".,;:")
        if _NOTATION.match(tail):
            break
        slash = joined.find("/", slash + 1)
    if slash < 0:
        return NumberLine("", 0.0, "", 0.0, None, box)
    tail_words = {id(owners[i][0]): owners[i][0] for i in range(slash, len(joined)) if i < len(owners)}
    notation_conf = min((w.confidence for w in tail_words.values()), default=0.0) / 100
    head = joined[:slash].strip()
    head_words = {id(owners[i][0]): owners[i][0] for i in range(len(joined[:slash])) if joined[i].strip()}
    head_conf = min((w.confidence for w in head_words.values()), default=0.0) / 100
    slash_word, slash_index = owners[slash]
    gap_right = _x_at(slash_word, slash_index)
    if slash_index > 0 and slash_word is not first:
        # Pen digits glued to the notation ("†4/UBND-KTTH" for 574 /UBND-KTTH): they are wider
        # than print, so the slash lies further right than even widths put it; what follows it
        # is print, no wider than print allows (the reader drops the print the gap takes in).
        gap_right = _left_of(slash_word, slash_index, _print_height(words))
    gap = Box(label_end, box.top, max(1, gap_right - label_end), box.height) if gap_right > label_end else None
    printed = head.replace(" ", "")
    if not re.fullmatch(r"\d{1,6}", printed):
        printed, head_conf = "", 0.0
    return NumberLine(printed, head_conf, tail, notation_conf, gap, box, _seen(head))


@dataclass(frozen=True)
class DateLine:
    """`<place>, ngày <day> tháng <month> năm <year>`: the printed parts, the day if printed,
    and the gap left for the day."""

    place: str
    place_conf: float
    day: str
    day_conf: float
    month: int
    month_conf: float
    year: int
    year_conf: float
    gap: Box | None
    box: Box
    seen: str = ""  # what OCR read in the gap, as digits (see `NumberLine.seen`)


def _seen(text: str) -> str:
    """OCR's reading of pen ink as digits, look-alikes included ("3|" is "31"); "" otherwise."""
    fixed = re.sub(r"\s", "", text).translate(_DIGIT_LOOKALIKES)
    return fixed if re.fullmatch(r"\d{1,6}", fixed) else ""


def _digits(words: Sequence[OcrWord]) -> tuple[str, float]:
    text = "".join(w.text for w in words).strip(".,;:")
    if not text:
        return "", 0.0
    conf = min(w.confidence for w in words) / 100
    if text.isdigit():
        return text, conf
    fixed = text.translate(_DIGIT_LOOKALIKES)
    if fixed.isdigit():
        return fixed, min(conf, 0.8)  # a look-alike read as a digit: to be checked
    return "", 0.0


def parse_date_line(words: Sequence[OcrWord]) -> DateLine | None:
    """The date line from its words, left to right; None without "ngày … tháng … năm"."""
    words = sorted(words, key=lambda w: w.box.left)
    folded = [fold_marks(_clean(w.text)) for w in words]
    ngay = next((i for i, f in enumerate(folded) if re.search(r"ngay", f)), None)
    thang = next((i for i, f in enumerate(folded) if "thang" in f and (ngay is None or i >= ngay)), None)
    after = thang if thang is not None else len(words)
    nam = next((i for i, f in enumerate(folded) if re.fullmatch(r"\W*nam\W*", f) and i > after), None)
    if ngay is None or thang is None or nam is None or not ngay <= thang < nam:
        return None
    box = words[0].box
    for w in words[1:]:
        box = box.union(w.box)
    place_words = words[:ngay]
    head = folded[ngay].find("ngay")
    place = _clean(" ".join(w.text for w in place_words)).strip(" ,.")
    place_conf = min((w.confidence for w in place_words), default=0.0) / 100
    # The day: what is between "ngày" and "tháng", including what OCR glued to either.
    w_ngay, w_thang = words[ngay], words[thang]
    after_ngay = folded[ngay][head + 4 :]
    before_thang = folded[thang][: folded[thang].find("thang")]
    if ngay == thang:
        return None
    inner = words[ngay + 1 : thang]
    day_text = after_ngay + "".join(fold_marks(w.text) for w in inner) + before_thang
    day, day_conf = "", 0.0
    if re.fullmatch(r"\d{1,2}", day_text) and not after_ngay and not before_thang:
        day, day_conf = _digits(inner)
    height = _print_height(words)
    gap_left = _right_of(w_ngay, head + 4, height)
    gap_right = _left_of(w_thang, len(before_thang), height)
    gap = Box(gap_left, box.top, gap_right - gap_left, box.height) if gap_right > gap_left else None
    month, month_conf = _digits(words[thang + 1 : nam])
    if not month and folded[thang][folded[thang].find("thang") + 5 :].isdigit():
        month, month_conf = folded[thang][folded[thang].find("thang") + 5 :], w_thang.confidence / 100
    year, year_conf = _digits(words[nam + 1 : nam + 2])
    return DateLine(
        place,
        place_conf,
        day,
        day_conf,
        int(month) if month else 0,
        month_conf if month else 0.0,
        int(year) if year else 0,
        year_conf if year else 0.0,
        gap,
        box,
        _seen(day_text),
    )
