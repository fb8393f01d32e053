"""Word lists that correct tone marks: OCR confuses hỏi/sắc/ngã, but a document type, a title or
a province has a known spelling. A read value is matched against its list with marks folded;
only an unambiguous near match replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from qlvb_desktop.domain.text import fold_marks, nfc
from qlvb_desktop.domain.vocab import DOC_TYPES

# Provinces and cities: the 34 units since 2025 and the 63 before, as printed on place lines.
PROVINCES: tuple[str, ...] = (
    "Hà Nội", "Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế",
    "An Giang", "Bà Rịa - Vũng Tàu", "Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

# Signers' titles (chức vụ), upper case as printed in the signer block.
TITLES: tuple[str, ...] = (
    *(
    prefix + base
    for base in (
        "CHỦ TỊCH", "GIÁM ĐỐC", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "CHÁNH VĂN PHÒNG", "TỔNG GIÁM ĐỐC",
        "CỤC TRƯỞNG", "VỤ TRƯỞNG", "TỔNG CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "TRƯỞNG PHÒNG", "TRƯỞNG BAN",
        "CHÁNH THANH TRA", "HIỆU TRƯỞNG", "VIỆN TRƯỞNG", "TRƯỞNG KHOA", "BÍ THƯ", "THỦ TRƯỞNG",
        "TRƯỞNG ĐOÀN", "TỔNG THƯ KÝ", "THƯ KÝ", "CHỦ NHIỆM", "TRƯỞNG CÔNG AN", "CHỈ HUY TRƯỞNG",
        "THỦ TƯỚNG", "TỔNG BIÊN TẬP", "CHÁNH ÁN", "TRƯỞNG TRẠM", "GIÁM ĐỐC SỞ",
    )
    for prefix in ("", "PHÓ ")),
    "KẾ TOÁN TRƯỞNG",
)  # fmt: skip

# Authority prefixes of the signer block (SPEC §5): on behalf of, deputy for, by order of, ...
AUTHORITY_PREFIXES: tuple[str, ...] = ("TM.", "KT.", "TL.", "TUQ.", "Q.")

URGENCIES: tuple[str, ...] = ("Hỏa tốc", "Thượng khẩn", "Khẩn")
CONFIDENTIALITIES: tuple[str, ...] = ("Tuyệt mật", "Tối mật", "Mật")

# Words that start an organization's name on a header line (for splitting the governing body
# from the issuer when there is no typographic cue).
ORG_HEADS: tuple[str, ...] = (
    "ỦY BAN", "UBND", "SỞ", "BỘ", "VĂN PHÒNG", "TỈNH", "THÀNH PHỐ", "HUYỆN", "XÃ", "PHƯỜNG", "QUẬN",
    "CỤC", "TỔNG CỤC", "CHI CỤC", "VỤ", "BAN", "HỘI ĐỒNG", "TRƯỜNG", "TRUNG TÂM", "PHÒNG",
    "THANH TRA", "VIỆN", "ĐẢNG ỦY", "HỘI", "CÔNG AN", "BỆNH VIỆN", "KHO BẠC", "TÒA ÁN", "ĐẠI HỌC",
    "NGÂN HÀNG", "BẢO HIỂM", "ĐÀI", "BỘ CHỈ HUY", "CHÍNH PHỦ", "QUỐC HỘI", "ĐOÀN",
)  # fmt: skip


@dataclass(frozen=True)
class Match:
    value: str
    exact: bool  # same letters and marks (case folded)
    score: float  # similarity of the folded forms


class Dictionary:
    """Correct a value to the nearest known spelling, marks folded."""

    def __init__(self, entries: tuple[str, ...] | list[str], min_score: float = 0.86) -> None:
        self.entries = [nfc(e) for e in entries]
        self.min_score = min_score
        self._by_fold: dict[str, list[str]] = {}
        for e in self.entries:
            self._by_fold.setdefault(_fold(e), []).append(e)

    def add(self, entry: str) -> None:
        e = nfc(entry)
        if e and e not in self.entries:
            self.entries.append(e)
            self._by_fold.setdefault(_fold(e), []).append(e)

    def lookup(self, text: str) -> Match | None:
        value = nfc(text)
        if not value:
            return None
        for e in self.entries:
            if e.casefold() == value.casefold():
                return Match(e, True, 1.0)
        folded = _fold(value)
        same = self._by_fold.get(folded)
        if same and len({s.casefold() for s in same}) == 1:
            return Match(same[0], False, 1.0)
        best: list[tuple[float, str]] = []
        for key, entries in self._by_fold.items():
            ratio = SequenceMatcher(None, folded, key).ratio()
            if ratio >= self.min_score:
                best.append((ratio, entries[0]))
        best.sort(reverse=True)
        if not best:
            return None
        if len(best) > 1 and best[1][0] >= best[0][0] - 0.03:
            return None  # two candidates about as near: do not guess
        return Match(best[0][1], False, best[0][0])


def _fold(text: str) -> str:
    return " ".join(fold_marks(text).replace(".", ". ").split())


DOC_TYPE_NAMES = Dictionary(list(DOC_TYPES))
TITLE_NAMES = Dictionary(list(TITLES))
PLACE_NAMES = Dictionary(list(PROVINCES))

# Words of organization names (upper case): the tone marks of a header word read as
# "TĨNH" or "BẠN" are restored when its letters name exactly one known word.
ORG_WORDS_TEXT = (
    "ỦY BAN NHÂN DÂN HỘI ĐỒNG TỈNH THÀNH PHỐ XÃ PHƯỜNG HUYỆN QUẬN THỊ TRẤN ĐẶC KHU SỞ BỘ VĂN PHÒNG "
    "CỤC TỔNG CHI VỤ BAN TRUNG TÂM THANH TRA VIỆN TRƯỜNG ĐẢNG ĐOÀN CÔNG AN KHO BẠC NHÀ NƯỚC "
    "KHOA HỌC CÔNG NGHỆ GIÁO DỤC ĐÀO TẠO Y TẾ TÀI CHÍNH NỘI VỤ TƯ PHÁP XÂY DỰNG GIAO THÔNG VẬN TẢI "
    "NÔNG NGHIỆP PHÁT TRIỂN THÔN TÀI NGUYÊN MÔI VÀ THƯƠNG KẾ HOẠCH ĐẦU TƯ LAO ĐỘNG BINH XÃ HỘI "
    "HÓA THỂ THAO DU LỊCH THÔNG TIN TRUYỀN NGOẠI DÂN TỘC TÔN GIÁO CHÍNH PHỦ QUỐC PHÒNG GIAO "
    "CỘNG HÒA CHỦ NGHĨA VIỆT NAM"
)
ORG_WORDS: dict[str, str] = {}
_AMBIGUOUS: set[str] = set()
for _word in (*ORG_WORDS_TEXT.split(), *(w.upper() for p in PROVINCES for w in p.split() if w != "-")):
    _k = fold_marks(_word)
    if _k in ORG_WORDS and ORG_WORDS[_k] != _word:
        _AMBIGUOUS.add(_k)
    ORG_WORDS[_k] = _word
for _k in _AMBIGUOUS:
    del ORG_WORDS[_k]


def correct_org_name(text: str) -> str:
    """An upper-case organization name with the tone marks of its known words restored."""
    words = nfc(text).split()
    out = []
    for i, word in enumerate(words):
        key = fold_marks(word)
        known = ORG_WORDS.get(key)
        if key == "tinh":  # TỈNH (province) before a name; TĨNH only in "HÀ TĨNH"
            known = "TĨNH" if i and fold_marks(words[i - 1]) == "ha" else "TỈNH" if i + 1 < len(words) else None
        out.append(known if known is not None and word.isupper() else word)
    return " ".join(out)


# Vietnamese family names: a closed list, so the first word of a signer's name can have its
# marks restored ("Le" -> "Lê", "Buí" -> "Bùi") and an unknown first word lowers confidence.
FAMILY_NAMES: tuple[str, ...] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đinh", "Đào", "Trịnh", "Mai", "Trương", "Lương", "Lâm", "Hà", "Tạ", "Cao",
    "Châu", "Quách", "Tô", "Thái", "Đoàn", "Vương", "Kiều", "Triệu", "Lại", "Lưu", "Chu", "Tăng",
    "Từ", "La", "Nông", "Hứa", "Giang", "Mạc", "Phùng", "Khổng", "Tôn", "Diệp", "Thân", "Bạch",
    "Đàm", "Hầu", "Kim", "Lò", "Lục", "Ma", "Nghiêm", "Ninh", "Phí", "Quản", "Sầm", "Tống", "Trịnh",
    "Văn", "Vi", "Hán", "Âu", "Doãn", "Đồng", "Khúc", "Lã", "Mạnh", "Nhữ", "Ông", "Thạch", "Tiêu",
)  # fmt: skip
_FAMILY_BY_FOLD: dict[str, list[str]] = {}
for _name in FAMILY_NAMES:
    _FAMILY_BY_FOLD.setdefault(fold_marks(_name), []).append(_name)


def family_name(word: str) -> tuple[str, bool] | None:
    """The family name a word spells (marks restored) and whether it was already exact; None
    when the letters name no family name or several (Tân/Tần)."""
    exact = [n for n in FAMILY_NAMES if n == word]
    if exact:
        return exact[0], True
    found = sorted(set(_FAMILY_BY_FOLD.get(fold_marks(word), [])))
    if len(found) == 1:
        return found[0], False
    return None


# Middle and given names (tên đệm, tên) in common use. A name word not in this list whose
# letters are those of one that is ("Dùng" for Dũng or Dung) probably lost a tone mark to the
# OCR: the name is then proposed for checking, never as certain. An unusual name that is in no
# list is left alone.
GIVEN_NAMES_TEXT = (
    "An Anh Ánh Bá Bách Bảo Bích Bình Cảnh Cẩm Châu Chi Chí Chiến Công Cúc Cường Diễm Diệp Diệu "
    "Dung Dũng Duy Duyên Dương Đại Đan Đạt Đăng Điệp Đình Định Đoan Đông Đức Gia Giang Hà Hạ Hải "
    "Hân Hạnh Hằng Hậu Hiền Hiển Hiệp Hiếu Hoa Hòa Hoài Hoan Hoàng Hồng Huệ Hùng Hưng Hương Hường "
    "Hữu Huy Huyền Kha Khải Khang Khánh Khắc Khoa Khôi Kiên Kiều Kim Lan Lâm Lệ Liên Linh Loan "
    "Long Lộc Lợi Luân Lực Lương Ly Mai Mạnh Minh Mỹ My Nam Nga Ngân Nghĩa Ngọc Nguyên Nhân Nhật "
    "Như Nhung Ninh Oanh Phát Phong Phú Phúc Phụng Phương Quân Quang Quốc Quý Quyên Quyết Quỳnh "
    "Sang Sơn Tài Tâm Tân Thái Thanh Thành Thảo Thắng Thế Thi Thị Thiện Thịnh Thơ Thông Thu Thùy "
    "Thúy Thủy Thư Tiến Tín Toàn Trang Trí Trinh Trọng Trung Tú Tuấn Tùng Tuyết Tư Tường Uyên Văn "
    "Vân Việt Vinh Vĩnh Vũ Vy Xuân Yến"
)
GIVEN_NAMES: frozenset[str] = frozenset(GIVEN_NAMES_TEXT.split())
_GIVEN_BY_FOLD: dict[str, set[str]] = {}
for _given in GIVEN_NAMES:
    _GIVEN_BY_FOLD.setdefault(fold_marks(_given), set()).add(_given)


def doubtful_name_word(word: str) -> bool:
    """Whether a middle or given name looks like a known one with other tone marks."""
    return word not in GIVEN_NAMES and bool(_GIVEN_BY_FOLD.get(fold_marks(word)))
