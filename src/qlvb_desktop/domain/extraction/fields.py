"""Read the register fields from the words of a document, by the layout of SPEC §5.

Page 1: the header's two columns (governing body and issuer over the number on the left; the
national motto over the place and date on the right), then the type name and subject centred,
or the "V/v" subject under the number for a công văn. Last page: "Nơi nhận" bottom left and the
signer block bottom right (authority prefix line, title, signature and seal, full name).

Every value carries a confidence: the OCR's own word confidences, capped by how well the value
fits its rule (a number that parses, a title from the list, a notation agreeing with the type).
A value is never made up: a field not found is "" with confidence 0.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from qlvb_desktop.domain.extraction.dictionary import (
    AUTHORITY_PREFIXES,
    CONFIDENTIALITIES,
    DOC_TYPE_NAMES,
    ORG_HEADS,
    PLACE_NAMES,
    TITLE_NAMES,
    URGENCIES,
    Dictionary,
    correct_org_name,
    doubtful_name_word,
    family_name,
)
from qlvb_desktop.domain.extraction.handwriting import PenReader, pen_split, pen_value, pen_within
from qlvb_desktop.domain.extraction.layout import Segment, page_lines, segments_of, typical_height, union_boxes
from qlvb_desktop.domain.extraction.model import Extraction, FieldValue, Located, PageGeometry
from qlvb_desktop.domain.extraction.template import DateLine, NumberLine, parse_date_line, parse_number_line
from qlvb_desktop.domain.ocr import Box, OcrPage, OcrWord
from qlvb_desktop.domain.text import fold_marks, nfc
from qlvb_desktop.domain.vocab import DOC_TYPES

# Stroke width of the ink in a box relative to its height, measured on the page image.
StrokeMeter = Callable[[Box], float]


@dataclass(frozen=True)
class PageRead:
    """One page as the extractor needs it: its words, whether capture flagged it blank, and
    optionally a meter of stroke width on its image (bold issuer vs regular governing body), a
    reader of pen digits on its image, and the words drawn over it by signature appearances
    (a born-digital PDF's number and day are filled in by the signing tool: only the template's
    gaps are read from them, never a field from the signing tool's boxes)."""

    ocr: OcrPage
    blank: bool = False
    stroke: StrokeMeter | None = None
    pen: PenReader | None = None
    overlay: tuple[OcrWord, ...] = ()
    sealed: bool = False  # blank but for a seal stamped across the pages' edges: a page all the same


_NUMBER_LABEL = re.compile(r"^s[o0]\s*[:;.,]?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d{1,6})(/\d{4})?/([A-ZĐ0-9][A-Za-zĐđ0-9]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*)$")
_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_VV = re.compile(r"^v\s*[/|]\s*v\b", re.IGNORECASE)
_BODY_START = ("can cu", "kinh gui", "xet de nghi", "theo de nghi")
NAME_DOUBT = 0.8  # confidence at most of a name with a word like a known name but other marks
SIGNER_LINE = "_signer_line"  # where the signer's name is or should be (not a field)


def _conf(segments: Sequence[Segment]) -> float:
    """OCR confidence of a value: its weakest word, 0..1."""
    words = [w for s in segments for w in s.words]
    if not words:
        return 0.0
    return min(w.confidence for w in words) / 100.0


def _located(segments: Sequence[Segment]) -> Located | None:
    if not segments:
        return None
    return Located(segments[0].page, union_boxes(list(segments)))


def _starts_with_head(text: str) -> bool:
    folded = fold_marks(text)
    return any(folded == fold_marks(h) or folded.startswith(fold_marks(h) + " ") for h in ORG_HEADS)


def _clean_ocr(text: str) -> str:
    # Tesseract sometimes reads Đ as the look-alike Ð (U+00D0) or đ as ð.
    return nfc(text.replace("Ð", "Đ").replace("ð", "đ"))


@dataclass
class _Header:
    page: int
    width: int
    height: int
    line: int
    number: Segment | None
    date: Segment | None
    left: list[Segment]
    after: list[Segment]  # segments below the number/date row, top to bottom
    number_line: NumberLine | None = None
    date_line: DateLine | None = None


def _find_header(read: PageRead, index: int) -> _Header:
    page = read.ocr
    lines = page_lines(page, index)
    segs = segments_of(lines)
    lh = typical_height(segs)
    mid = page.width / 2
    zone = page.height * 0.5
    number = None
    number_line: NumberLine | None = None
    date_seg = None
    date_line: DateLine | None = None
    for line in lines:
        if line[0].box.top >= zone:
            break
        # The pen digits removed, a line of the template falls apart into pieces: the pieces
        # of one column are read together.
        left_words = tuple(w for s in line for w in s.words if s.center_x < mid)
        right_words = tuple(w for s in line for w in s.words if s.center_x >= mid * 0.8)
        if number is None and left_words and _NUMBER_LABEL.match(fold_marks(left_words[0].text)):
            parsed = parse_number_line(left_words)
            if parsed is not None and (parsed.notation or parsed.printed):
                number, number_line = Segment(left_words, index), parsed
        if date_seg is None and right_words:
            dated = parse_date_line(right_words)
            if dated is not None and dated.year:
                date_seg, date_line = Segment(right_words, index), dated
    anchors = [s for s in (number, date_seg) if s is not None]
    if anchors:
        row_bottom = max(s.box.bottom for s in anchors)
        row_top = min(s.box.top for s in anchors)
    else:
        row_top = row_bottom = int(page.height * 0.2)
    left = [
        s
        for s in segs
        if s.box.bottom <= row_top + lh // 2 and s.box.right < mid + page.width * 0.08 and s.center_x < mid
    ]
    after = sorted((s for s in segs if s.box.top > row_bottom - lh // 3 and s not in anchors), key=lambda s: s.box.top)
    return _Header(index, page.width, page.height, lh, number, date_seg, left, after, number_line, date_line)


def _fill(
    read: PageRead,
    gap: Box | None,
    lh: int,
    allowed: Callable[[str], bool] | None = None,
    seen: str = "",
    two_digits: bool = False,
) -> tuple[str, float, Box | None]:
    """What fills a gap of the template: digits a signing tool drew there (as sure as a text
    layer), else the pen digits (as sure as the readings of them allow; when `allowed` refuses
    the reading, the most believed reading it accepts, to be checked; two touching digits cut
    apart when OCR's reading `seen` or the rule of two digits asks for it), else nothing."""
    if gap is None:
        return "", 0.0, None
    over = [
        w
        for w in read.overlay
        if gap.left - lh <= w.box.left + w.box.width / 2 <= gap.right + lh // 2
        and min(gap.bottom, w.box.bottom) - max(gap.top, w.box.top) > 0.3 * min(gap.height, w.box.height)
    ]
    text = "".join(w.text for w in over).strip(".,")
    if over and text.isdigit():
        box = over[0].box
        for w in over[1:]:
            box = box.union(w.box)
        return text, 0.95, box
    if read.pen is None:
        return "", 0.0, None
    reading = read.pen(gap, lh)
    value, conf = pen_value(reading)
    if allowed is not None:
        value, conf = pen_within(reading, value, conf, allowed)
    value, conf = pen_split(reading, value, conf, seen, allowed, two_digits)
    return value, conf, reading.where if reading is not None and value else None


def _notation_agrees(notation: str, doc_type: str) -> bool:
    abbreviation = DOC_TYPES.get(doc_type)
    first = notation.split("/")[-1].split("-")[0]
    if abbreviation:
        return first == abbreviation
    if doc_type == "Công văn":
        return first not in DOC_TYPES.values()
    return False


def _read_number(h: _Header, doc_type: str, read: PageRead) -> FieldValue:
    line = h.number_line
    if h.number is None or line is None:
        return FieldValue.unread()
    where = _located([h.number])
    if not line.notation:
        return FieldValue(line.printed, min(line.printed_conf, 0.5), where)
    # The notation agreeing with the type name read elsewhere on the page is a second reading.
    agrees = _notation_agrees(line.notation, doc_type)
    notation_conf = max(min(0.97, line.notation_conf + 0.05), 0.93 if line.notation_conf >= 0.6 else 0.0)
    if not agrees:
        notation_conf = min(0.8, line.notation_conf)
    if line.printed:
        conf = min(notation_conf, max(min(0.97, line.printed_conf + 0.05), 0.93 if line.printed_conf >= 0.6 else 0.0))
        if not agrees:
            conf = min(conf, 0.8)
        return FieldValue(f"{line.printed}/{line.notation}", conf, where)
    digits, conf, _box = _fill(read, line.gap, h.line, seen=line.seen)
    if not digits:
        # The notation is read, the number is not: proposed as it is, for the clerk to complete.
        return FieldValue(f"/{line.notation}", 0.1, where)
    return FieldValue(f"{digits}/{line.notation}", min(conf, notation_conf), where)


# Below this OCR confidence a day read as print between "ngày" and "tháng" may be pen.
DOUBTFUL_PRINTED_DAY = 0.6


def _day_allowed(year: int, month: int, signed_on: date | None) -> Callable[[str], bool]:
    """A day of that month, not after the first signature (the date constraints; the number has none)."""

    def allowed(text: str) -> bool:
        if not text.isdigit() or not 1 <= month <= 12 or year < 1:
            return False
        day = int(text)
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return False
        return signed_on is None or date(year, month, day) <= signed_on

    return allowed


def _read_date(h: _Header, read: PageRead, signed_on: date | None = None) -> tuple[FieldValue, FieldValue]:
    line = h.date_line
    if h.date is None or line is None:
        return FieldValue.unread(), FieldValue.unread()
    where = _located([h.date])
    place = FieldValue(line.place, line.place_conf, where) if line.place else FieldValue.unread()
    day, day_conf = line.day, line.day_conf
    allowed = _day_allowed(line.year, line.month, signed_on) if line.year and line.month else None
    # OCR reads pen digits as print now and then, unsure ("45" for a pen 15): a day it is unsure
    # of, or that is no day of the month, is read as pen; printed, it is what the gap holds.
    # (A printed day after the first signature stays as printed: `_check_signed` marks it.)
    in_month = _day_allowed(line.year, line.month, None) if line.year and line.month else None
    doubtful = bool(day) and (day_conf < DOUBTFUL_PRINTED_DAY or (in_month is not None and not in_month(day)))
    printed_day = bool(day)
    if not day or doubtful:
        # A day is written with two digits ("04", Decree 30/2020 appendix I).
        pen_day, pen_conf, _box = _fill(read, line.gap, h.line, allowed, line.seen, two_digits=True)
        if not day or (pen_day and (allowed is None or allowed(pen_day))):
            day, day_conf, printed_day = pen_day, pen_conf, False
    try:
        issued_on = date(line.year, line.month, int(day))
    except ValueError:
        return FieldValue("", 0.0, where), place
    plausible = 1990 <= issued_on.year <= 2100
    conf = min(0.98 if plausible else 0.5, day_conf + 0.05, line.month_conf + 0.05, line.year_conf + 0.05)
    if printed_day:  # printed in the same run as the line
        conf = min(conf, min(w.confidence for w in h.date.words) / 100 + 0.05)
    return FieldValue(issued_on.isoformat(), conf, where), place


def _split_names(h: _Header, stroke: StrokeMeter | None) -> tuple[list[Segment], list[Segment], float]:
    """The left header block as (governing body lines, issuer lines, confidence of the split)."""
    # Names are upper-case words; scanner-border residue and specks read as symbols are not.
    lines = []
    for seg in sorted(h.left, key=lambda s: s.box.top):
        words = tuple(w for w in seg.words if _name_word(w.text))
        if words and seg.is_upper() and sum(len(w.text) for w in words) >= 0.6 * len(seg.text.replace(" ", "")):
            lines.append(Segment(words, seg.page))
    if not lines:
        return [], [], 0.0
    widest = max(s.box.width for s in lines)
    # Lexical split: a line starting an organization's name begins a new name, unless the
    # previous line is cut (it fills the column) or is an incomplete "ỦY BAN NHÂN DÂN".
    names: list[list[Segment]] = [[lines[0]]]
    for s in lines[1:]:
        current = " ".join(x.folded for x in names[-1])
        wrapped = names[-1][-1].box.width >= 0.85 * widest and len(names[-1][-1].words) > 2
        incomplete = current in ("uy ban nhan dan", "hoi dong nhan dan") or current.endswith((" va", " nhan"))
        if _starts_with_head(s.text) and not wrapped and not incomplete:
            names.append([s])
        else:
            names[-1].append(s)
    lexical = (names[-2] if len(names) > 1 else [], names[-1])
    if stroke is None or len(lines) < 2:
        return lexical[0], lexical[1], 0.9
    widths = [stroke(s.box) for s in lines]
    lo, hi = min(widths), max(widths)
    if hi < lo * 1.2:
        # One weight: one name (or the split cannot be seen on the page).
        return lexical[0], lexical[1], 0.9 if not lexical[0] else 0.7
    cut = (lo + hi) / 2
    bold_idx = [i for i, w in enumerate(widths) if w >= cut]
    # The issuer is the last run of bold lines; the lines above it are the governing body.
    start = bold_idx[-1]
    while start - 1 >= 0 and widths[start - 1] >= cut:
        start -= 1
    parent, issuer = lines[:start], lines[start:]
    agree = [x.box for x in parent] == [x.box for x in lexical[0]]
    return parent, issuer, 0.97 if agree else 0.75


_LEVELS = ("TỈNH", "THÀNH PHỐ", "XÃ", "PHƯỜNG", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU")


def _incomplete_name(name: str) -> bool:
    """A people's committee or council is named with its level ("… TỈNH THANH HÓA"); a name
    going straight from "NHÂN DÂN" to a place lost a word."""
    for head in ("ỦY BAN NHÂN DÂN ", "HỘI ĐỒNG NHÂN DÂN "):
        if name.startswith(head) and name != head.strip():
            rest = name[len(head) :]
            return not rest.startswith(_LEVELS)
    return False


# Punctuation OCR sticks to a word: a speck read as a quote ("'TỈNH", "BỘ "TRƯỞNG"), the dot of "LẮK.".
_STRAY = ".,;:'\"`‘’“”|[]()~*_"


def _name_token(word: str) -> bool:
    """A word of a person's name: a capital then small letters ("Hương"; not "ũ", "HƯƠNG")."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _core(word: str) -> str:
    return word.strip(_STRAY)


def _name_word(text: str) -> bool:
    core = _core(text)
    return bool(core) and core.isalpha() and core.isupper()


def _join(segments: Sequence[Segment]) -> str:
    return _clean_ocr(" ".join(s.text for s in segments))


def _join_name(segments: Sequence[Segment]) -> str:
    """An organization's name: its words without the punctuation OCR adds ("LẮK.")."""
    return _clean_ocr(" ".join(_core(w.text) for s in segments for w in s.words))


def _centered(s: Segment, h: _Header) -> bool:
    return abs(s.center_x - h.width / 2) < h.width * 0.12


def _read_type_subject(h: _Header, stroke: StrokeMeter | None) -> tuple[FieldValue, FieldValue, Segment | None]:
    lh = h.line
    # Công văn: "V/v …" under the number, in the left column.
    if h.number is not None:
        below = [
            s
            for s in h.after
            if s.center_x < h.width / 2 and h.number.box.bottom <= s.box.top < h.number.box.bottom + 3 * lh
        ]
        start = next((s for s in below if _VV.match(s.folded)), None)
        if start is not None:
            subject = [start]
            for s in h.after:
                prev = subject[-1]
                if s.box.top <= prev.box.top or s.center_x >= h.width / 2:
                    continue
                if s.box.top - prev.box.bottom < 1.2 * lh and not s.is_upper():
                    subject.append(s)
                elif s.box.top > prev.box.bottom + 1.2 * lh:
                    break
            conf = min(0.97, sum(s.mean_conf for s in subject) / len(subject) / 100)
            doc_type = FieldValue("Công văn", 0.95, _located([start]))
            # No type line: the stamps (under the number) are searched down to the body.
            return doc_type, FieldValue(_join(subject), conf, _located(subject)), None
    for i, s in enumerate(h.after[:8]):
        if not (_centered(s, h) and s.is_upper()):
            continue
        match = DOC_TYPE_NAMES.lookup(s.text)
        if match is None:
            continue
        conf = min(0.98 if match.exact else 0.9 if match.score >= 0.95 else 0.75, _conf([s]) + 0.1)
        doc_type = FieldValue(match.value, conf, _located([s]))
        lines: list[Segment] = []
        for full in h.after[i + 1 :]:
            if full.box.right < h.width * 0.3:
                continue  # wholly in the left margin: another office's arrival stamp, a note
            t = _centred_part(full, s.center_x, lh)
            prev = lines[-1] if lines else s
            if t.box.top - prev.box.bottom > 1.3 * lh or t.is_upper() or not _centered(t, h):
                break
            if t.folded.startswith(_BODY_START):
                break
            wide = t.box.width > h.width * 0.72  # the body is justified over the full width
            if stroke is None:
                if wide:
                    break
            elif lines and stroke(t.box) < 0.85 * stroke(lines[0].box):
                break  # the subject is bold, the body is not
            elif not lines and wide and stroke(t.box) < 0.75 * stroke(s.box):
                break
            lines.append(t)
        if not lines:
            return doc_type, FieldValue.unread(), s
        conf = min(0.97, sum(x.mean_conf for x in lines) / len(lines) / 100)
        return doc_type, FieldValue(_join(lines), conf, _located(lines)), s
    return FieldValue.unread(), FieldValue.unread(), None


def _centred_part(seg: Segment, centre: float, lh: int) -> Segment:
    """The words of a line centred on `centre`: another office's arrival stamp or a margin note
    beside a centred subject line shares its row; whatever lies further left than the line's
    right end lies right of the centre is not the line's."""
    right = seg.box.right
    left_limit = 2 * centre - right - 0.3 * lh
    kept = tuple(w for w in seg.words if w.box.right >= left_limit)
    return Segment(kept, seg.page) if kept and len(kept) < len(seg.words) else seg


def _read_stamps(h: _Header, type_line: Segment | None) -> tuple[FieldValue, FieldValue]:
    body = next((s for s in h.after if s.folded.startswith(_BODY_START) or s.box.width > h.width * 0.6), None)
    limit = type_line.box.top if type_line is not None else body.box.top if body is not None else h.height * 0.45
    candidates = [s for s in h.after if s.box.top < limit and s.center_x < h.width / 2] + h.left
    found: dict[str, FieldValue] = {}
    for kind, values in (("urgency", URGENCIES), ("confidentiality", CONFIDENTIALITIES)):
        for s in candidates:
            if not s.is_upper():
                continue
            letters = " ".join(re.sub(r"[^a-z ]", "", s.folded).split())
            for v in values:
                if letters == fold_marks(v):
                    found[kind] = FieldValue(v, min(0.97, _conf([s]) + 0.1), _located([s]))
                    break
            if kind in found:
                break
    # No stamp seen: "" is a reading too, as sure as the header it sits in was read.
    base = 0.92 if h.number is not None else 0.3
    return (
        found.get("urgency", FieldValue("", base, None)),
        found.get("confidentiality", FieldValue("", base, None)),
    )


def _merge_rows(segments: list[Segment], lh: int) -> list[Segment]:
    """Pieces of one line of the signer block (a centred line with wide word gaps is cut into
    segments) joined again, left to right; lines top to bottom."""
    rows: list[list[Segment]] = []
    for seg in segments:
        mid = seg.box.top + seg.box.height / 2
        row = next((r for r in rows if abs(r[0].box.top + r[0].box.height / 2 - mid) < 0.5 * lh), None)
        if row is None:
            rows.append([seg])
        else:
            row.append(seg)
    out = []
    for row in rows:
        row.sort(key=lambda x: x.box.left)
        out.append(Segment(tuple(w for x in row for w in x.words), row[0].page))
    return sorted(out, key=lambda x: x.box.top)


def _title_text(segments: Sequence[Segment]) -> str:
    # Specks of the seal or signature read as short non-words end the line: drop them.
    return " ".join(_core(w) for w in _join(segments).split() if _core(w).isalpha())


def _title_lossy(segments: Sequence[Segment]) -> bool:
    """Whether a word that looks like text was dropped (e.g. "PHÓ" misread with a symbol):
    then a title that matches the list is not sure to be the whole title."""
    return any(not _core(w).isalpha() and sum(c.isalpha() for c in w) >= 2 for w in _join(segments).split())


def _is_authority(s: Segment) -> bool:
    """A line opening with an abbreviation and a dot: TM., KT., TL., TUQ., Q. (or how OCR
    misreads them, "KĨ.")."""
    first = s.words[0].text
    return s.text.upper().startswith(AUTHORITY_PREFIXES) or (
        first.endswith(".") and 2 <= len(first) <= 4 and first[:-1].isalpha() and first.isupper()
    )


def _is_name(s: Segment) -> bool:
    words = [w.text.strip(".,") for w in s.words]
    return 2 <= len(words) <= 6 and all(_name_token(w) for w in words)


def _read_closing(read: PageRead, index: int) -> dict[str, FieldValue]:
    page = read.ocr
    segs = segments_of(page_lines(page, index))
    if not segs:
        return {}
    lh = typical_height(segs)
    mid = page.width / 2
    noi = next((s for s in segs if s.folded.startswith("noi nhan")), None)
    if noi is not None:
        anchor = noi.box.top - lh
    else:
        wide = [s for s in segs if s.box.width > page.width * 0.55]
        anchor = max((s.box.bottom for s in wide), default=0)
    right = _merge_rows(
        sorted(
            (s for s in segs if s.box.top >= anchor and s.box.left >= mid * 0.75 and s.mean_conf >= 40),
            key=lambda s: s.box.top,
        ),
        lh,
    )
    out: dict[str, FieldValue] = {}
    name_seg = next((s for s in reversed(right) if _is_name(s)), None)
    if name_seg is not None:
        words = [_clean_ocr(w.text.strip(".,")) for w in name_seg.words]
        out["signer_name"] = _name_value(words, _conf([name_seg]), _located([name_seg]))
        above = [s for s in right if s.box.bottom <= name_seg.box.top and s.is_upper()]
    else:
        above = [s for s in right if s.is_upper()]
        # Where the name should be: the lowest line of the block under its title, however
        # badly read (a seal over its first letters), for the extractor to read it again.
        below = [
            s
            for s in segs
            if s.box.top >= anchor and s.box.left >= mid * 0.75 and s.box.width >= 3 * lh and not s.is_upper()
        ]
        if below and (not above or below[-1].box.top > max(a.box.bottom for a in above)):
            out[SIGNER_LINE] = FieldValue("", 0.0, _located([below[-1]]))
    authority = [s for s in above if _is_authority(s)]
    after = max((a.box.top for a in authority), default=-1)
    titles = [s for s in above if s.box.top > after]
    if titles:
        # The title is the last line(s): the fewest lines from the bottom that spell a known
        # title; lines above it belong to the authority ("TM. ỦY BAN NHÂN DÂN" …).
        chosen = None
        for k in range(1, len(titles) + 1):
            match = TITLE_NAMES.lookup(_title_text(titles[-k:]))
            if match is not None and (match.exact or chosen is None):
                chosen = (k, match)
                if match.exact:
                    break
        if chosen is not None:
            k, match = chosen
            conf = min(0.97 if match.exact else 0.88, _conf(titles[-k:]) + 0.1)
            if _title_lossy(titles[-k:]) or (k < len(titles) and _title_lossy(titles[-k - 1 : -k])):
                conf = min(conf, 0.8)
            out["signer_title"] = FieldValue(match.value, conf, _located(titles[-k:]))
            authority += titles[:-k]
        else:
            text = _title_text(titles)
            out["signer_title"] = FieldValue(text, min(0.7, _conf(titles)), _located(titles))
    if authority:
        out["signer_authority"] = FieldValue(_join(authority), min(0.95, _conf(authority) + 0.05), _located(authority))
    else:
        out["signer_authority"] = FieldValue("", 0.9 if titles else 0.3, None)
    if noi is not None:
        items: list[str] = []
        boxes: list[Segment] = [noi]
        for s in sorted((s for s in segs if s.box.top > noi.box.top and s.center_x < mid), key=lambda s: s.box.top):
            if s.box.top - boxes[-1].box.bottom > 2.5 * lh:
                break
            text = _clean_ocr(s.text)
            if text[:1] in "-–+•~" or not items or not text[:1].islower():
                items.append(text.lstrip("-–+•~ ").strip())
            else:  # a wrapped item goes on in lower case
                items[-1] += " " + text
            boxes.append(s)
        conf = min(0.9, _conf(boxes[1:]) if len(boxes) > 1 else 0.0)
        out["recipients"] = FieldValue([i for i in items if i], conf, _located(boxes))
    return out


def _name_value(words: list[str], ocr_conf: float, where: Located | None) -> FieldValue:
    """A signer's full name from its words, the family name's marks restored from the list."""
    conf = min(0.95, ocr_conf + 0.02)
    family = family_name(words[0])
    if family is None:
        conf = min(conf, 0.6)  # the first word is no family name: a seal may hide a letter
    else:
        words = [family[0], *words[1:]]
        if not family[1]:
            conf = min(conf, 0.85)
    if any(doubtful_name_word(w) for w in words[1:]):
        conf = min(conf, NAME_DOUBT)
    return FieldValue(" ".join(words), conf, where)


def reread_name(first: FieldValue, words: Sequence[OcrWord], page: int) -> FieldValue:
    """The signer's name from a second, separate reading of its line (only the darkest ink,
    the line on its own) combined with the first. Two readings that agree confirm each other;
    when they differ, the surer one is proposed, never as certain."""
    tokens = [(_core(_clean_ocr(w.text)).strip("-"), w) for w in words]
    tokens = [(t, w) for t, w in tokens if t]
    if not 2 <= len(tokens) <= 6 or not all(_name_token(t) for t, _ in tokens):
        return first
    box = tokens[0][1].box
    for _, w in tokens[1:]:
        box = box.union(w.box)
    conf = min(w.confidence for _, w in tokens) / 100
    second = _name_value([t for t, _ in tokens], conf, Located(page, box))
    if first.value == second.value:
        sure = min(0.95, max(first.confidence, second.confidence) + 0.05)
        if any(doubtful_name_word(w) for w in str(first.value).split()[1:]):
            sure = min(sure, NAME_DOUBT)  # the same tone mark misread twice is still misread
        return FieldValue(first.value, sure, first.where or second.where)
    best = second if second.confidence >= first.confidence or not first.value else first
    families = [bool(v.value) and family_name(str(v.value).split()[0]) is not None for v in (first, second)]
    if families[0] != families[1]:
        # Only one reading starts with a family name: the other lost it (or its first letters)
        # under the seal, whatever its OCR confidence.
        best = first if families[0] else second
    return FieldValue(best.value, min(best.confidence, 0.85), best.where)


def name_with_marks(current: FieldValue, words: Sequence[OcrWord], page: int) -> FieldValue:
    """A name with a given or middle name spelt like a known one but with other tone marks
    ("Tuần" for Tuấn), read once more as scanned (the darkest ink alone may lose a thin tone
    mark): when this reading has the same letters and every name word known, it is taken, to be
    checked (the dictionary settles between two readings, it never changes a name alone)."""
    name = str(current.value)
    if not name or not any(doubtful_name_word(w) for w in name.split()[1:]):
        return current
    tokens = [_core(_clean_ocr(w.text)).strip("-") for w in words]
    tokens = [t for t in tokens if t]
    if not 2 <= len(tokens) <= 6 or not all(_name_token(t) for t in tokens):
        return current
    other = _name_value(tokens, min(w.confidence for w in words) / 100, current.where)
    spelt = str(other.value)
    if fold_marks(spelt) != fold_marks(name) or any(doubtful_name_word(w) for w in spelt.split()[1:]):
        return current
    return FieldValue(spelt, min(NAME_DOUBT + 0.05, other.confidence), current.where or other.where)


def _place_from_names(names: Sequence[str]) -> str:
    """The smallest locality in the header ("XÃ YÊN SƠN" → "Yên Sơn"), title case, or ""."""
    for name in reversed(names):
        m = re.search(r"\b(TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|HUYỆN|QUẬN|THỊ XÃ|ĐẶC KHU)\s+(.+)$", name)
        if m:
            return " ".join(w.capitalize() for w in m.group(2).split())
    return ""


def extract_fields(
    pages: Sequence[PageRead], places: Dictionary | None = None, signed_on: date | None = None
) -> Extraction:
    """The proposal for a document whose pages are given in order (pure: no I/O). `signed_on`:
    the day of its earliest signature, when it is a signed PDF (evidence, never a value)."""
    places = places or PLACE_NAMES
    result = Extraction(pages=tuple(PageGeometry(p.ocr.width, p.ocr.height, p.ocr.dpi) for p in pages))
    content = [i for i, p in enumerate(pages) if not p.blank and p.ocr.words]
    fields = result.fields
    # Telling a blank back from a faint page is a judgement: when some page was left out, the
    # count is proposed for checking.
    counted = sum(1 for p in pages if not p.blank or p.sealed)
    sure = 0.95 if all(not p.blank or p.sealed for p in pages) else 0.85
    fields["page_count"] = FieldValue(counted, sure if pages else 0.0, None)
    if not content:
        return result
    first = content[0]
    h = _find_header(pages[first], first)
    doc_type, subject, type_line = _read_type_subject(h, pages[first].stroke)
    fields["doc_type"] = doc_type
    fields["subject"] = subject
    fields["number"] = _read_number(h, doc_type.value, pages[first])
    issued, place = _read_date(h, pages[first], signed_on)
    fields["issued_date"] = issued
    parent_lines, issuer_lines, split_conf = _split_names(h, pages[first].stroke)
    issuer_conf = min(split_conf, _conf(issuer_lines) + 0.05)
    issuer = FieldValue(correct_org_name(_join_name(issuer_lines)), issuer_conf, _located(issuer_lines))
    if parent_lines:
        parent_conf = min(split_conf, _conf(parent_lines) + 0.05)
        parent = FieldValue(correct_org_name(_join_name(parent_lines)), parent_conf, _located(parent_lines))
    else:
        parent = FieldValue("", split_conf if issuer_lines else 0.0, None)
    for name, fv in (("issuer", issuer), ("issuer_parent", parent)):
        if _incomplete_name(str(fv.value)):
            fv = FieldValue(fv.value, min(fv.confidence, 0.8), fv.where)
        issuer, parent = (fv, parent) if name == "issuer" else (issuer, fv)
    fields["issuer"] = issuer if issuer_lines else FieldValue.unread()
    fields["issuer_parent"] = parent
    fields["place"] = _check_place(place, places, [parent.value, issuer.value])
    fields["urgency"], fields["confidentiality"] = _read_stamps(h, type_line)
    # The signer block is on the last page with content (or the one before, when the last is an annex).
    for index in reversed(content):
        closing = _read_closing(pages[index], index)
        if "signer_name" in closing or "signer_title" in closing:
            line = closing.pop(SIGNER_LINE, None) or closing.get("signer_name")
            result.signer_line = line.where if line is not None else None
            fields.update(closing)
            break
    for name in ("signer_name", "signer_title", "signer_authority", "recipients"):
        fields.setdefault(name, FieldValue([] if name == "recipients" else "", 0.0, None))
    _cross_check(result)
    _check_signed(result, signed_on)
    return result


def _check_signed(result: Extraction, signed_on: date | None) -> None:
    """A document is dated on or before its first signature: a date read after it is misread."""
    issued = result.fields.get("issued_date")
    if signed_on is None or issued is None or not issued.value:
        return
    if date.fromisoformat(str(issued.value)) > signed_on:
        result.fields["issued_date"] = FieldValue(issued.value, min(issued.confidence, 0.3), issued.where)


def _check_place(place: FieldValue, places: Dictionary, names: Sequence[str]) -> FieldValue:
    if not place.value:
        return place
    local = _place_from_names([n for n in names if n])
    match = places.lookup(place.value)
    if local and fold_marks(local) == fold_marks(place.value):
        # The same locality read twice (header and place line): sure of the letters. Sure of
        # the marks too when the list knows the name or both readings have the same marks;
        # when their marks differ one of them is misread: proposed for checking.
        if match is not None and match.score == 1.0:
            return FieldValue(match.value, max(place.confidence, 0.97), place.where)
        if local.casefold() == str(place.value).casefold():
            return FieldValue(place.value, max(place.confidence, 0.93), place.where)
        return FieldValue(place.value, min(place.confidence, 0.8), place.where)
    if match is not None:
        conf = 0.97 if match.exact else 0.9 if match.score == 1.0 else 0.75
        return FieldValue(match.value, min(conf, place.confidence + 0.1), place.where)
    return FieldValue(place.value, min(0.8, place.confidence), place.where)


def _cross_check(result: Extraction) -> None:
    """Two readings that agree (notation and type name) confirm each other; disagreeing, neither is sure."""
    f = result.fields
    number, doc_type = f["number"], f["doc_type"]
    if not number.value or not doc_type.value:
        return
    notation = str(number.value).split("/")[-1]
    first = notation.split("-")[0]
    abbreviation = DOC_TYPES.get(str(doc_type.value))
    agrees = first == abbreviation if abbreviation else first not in DOC_TYPES.values()
    if agrees and doc_type.confidence >= 0.75:
        f["doc_type"] = FieldValue(doc_type.value, max(doc_type.confidence, 0.95), doc_type.where)
    elif not agrees:
        f["doc_type"] = FieldValue(doc_type.value, min(doc_type.confidence, 0.8), doc_type.where)
