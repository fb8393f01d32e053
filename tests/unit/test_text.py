import unicodedata

from qlvb_desktop.domain.search import query_tokens
from qlvb_desktop.domain.text import fold_marks, identity_key, nfc, search_tokens


def test_nfc_composes_and_folds_white_space():
    decomposed = unicodedata.normalize("NFD", "Quyết  định\n")
    assert nfc(decomposed) == "Quyết định"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_fold_marks_turns_d_bar_into_d():
    assert fold_marks("Đặng ĐỨC Đạt") == "dang duc dat"
    assert fold_marks("Hỏa tốc") == fold_marks("Hoả tốc") == "hoa toc"


def test_search_tokens_split_numbers_and_notation():
    assert search_tokens("15/QĐ-UBND") == ["15", "qd", "ubnd"]


def test_identity_key_keeps_marks_but_not_case():
    assert identity_key("QĐ-UBND") == identity_key("qđ-ubnd")
    assert identity_key("QĐ-UBND") != identity_key("QD-UBND")


def test_query_drops_label_words_before_values():
    assert query_tokens("quyet dinh so 15 ubnd") == ["quyet", "dinh", "15", "ubnd"]
    assert query_tokens("Sở Tài chính") == ["so", "tai", "chinh"]
    assert query_tokens("ký hiệu QĐ") == ["qd"]
