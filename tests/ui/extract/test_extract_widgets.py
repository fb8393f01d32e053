"""Extraction widgets: confidence marks, page preview highlight, pre-filled form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from qlvb_desktop.app import Core
from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.ui.extract.confidence import ConfidenceIndicator, level_of
from qlvb_desktop.ui.extract.form import (
    REGISTER_FIELDS,
    ProposalForm,
    check_duplicates,
    duplicate_warning,
    link,
    register_input,
)
from qlvb_desktop.ui.extract.preview import PagePreview

PROPOSAL = {
    "issuer": "SỞ TÀI CHÍNH",
    "number": "15/QĐ-STC",
    "signer_name": "",
    "recipients": ["Như trên;", "Lưu: VT."],
    "page_count": 2,
    "confidence": {"issuer": 0.97, "number": 0.75, "signer_name": 0.0, "page_count": 0.95},
    "boxes": {
        "issuer": {"page": 0, "left": 200, "top": 100, "width": 400, "height": 40},
        "number": {"page": 1, "left": 800, "top": 1000, "width": 300, "height": 40},
    },
}


def test_confidence_levels_and_attention(qtbot: QtBot) -> None:
    dot = ConfidenceIndicator()
    qtbot.addWidget(dot)
    assert dot.level == "none" and dot.needs_attention
    dot.set_confidence(0.95)
    assert dot.level == "high" and not dot.needs_attention and "95 %" in dot.toolTip()
    dot.set_confidence(0.7)
    assert dot.level == "medium" and dot.needs_attention and "cần kiểm tra" in dot.toolTip()
    dot.set_confidence(1.7)  # out of range is clamped, not trusted blindly
    assert dot.confidence == 1.0
    assert level_of(0.1) == "low"
    image = dot.grab().toImage()
    centre = image.pixelColor(7, 7)
    assert centre.green() > centre.red()  # painted green when sure


def _page(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    return image


def test_preview_maps_page_boxes_onto_the_scaled_image(qtbot: QtBot) -> None:
    preview = PagePreview()
    qtbot.addWidget(preview)
    preview.resize(413, 584)
    # The preview image is a quarter of the resolution the boxes refer to.
    preview.set_pages([_page(413, 584), _page(413, 584)], [QSize(1652, 2336), QSize(1652, 2336)])
    preview.highlight(1, QRect(800, 1000, 400, 40))
    assert preview.page == 1
    mapped = preview.to_widget(QRect(800, 1000, 400, 40))
    assert abs(mapped.x() - 200) < 2 and abs(mapped.width() - 100) < 2 and abs(mapped.y() - 250) < 2
    shot = preview.grab().toImage()
    inside = shot.pixelColor(250, 255)
    outside = shot.pixelColor(50, 50)
    assert inside != outside  # the box is drawn
    preview.clear_highlight()
    assert preview.highlighted is None
    preview.highlight(7, QRect(0, 0, 1, 1))  # no such page: stays where it is
    assert preview.page == 1


def test_preview_without_pages_draws_nothing_and_does_not_fail(qtbot: QtBot) -> None:
    preview = PagePreview()
    qtbot.addWidget(preview)
    preview.highlight(0, QRect(0, 0, 10, 10))
    preview.show_page(3)
    assert preview.image_rect().isEmpty()
    preview.grab()


def test_form_prefilled_marks_doubtful_fields_and_highlights_on_focus(qtbot: QtBot) -> None:
    form = ProposalForm()
    preview = PagePreview()
    qtbot.addWidget(form)
    qtbot.addWidget(preview)
    preview.set_pages([_page(100, 141), _page(100, 141)], [QSize(1654, 2339), QSize(1654, 2339)])
    link(form, preview)
    form.set_proposal(PROPOSAL)
    assert form.edits["issuer"].text() == "SỞ TÀI CHÍNH"
    assert form.edits["recipients"].text() == "Như trên;; Lưu: VT."
    assert form.edits["page_count"].text() == "2"
    attention = form.fields_needing_attention()
    assert "number" in attention and "signer_name" in attention and "issuer" not in attention
    form.show()
    with qtbot.waitSignal(form.field_activated) as signal:
        form.edits["number"].setFocus(Qt.FocusReason.TabFocusReason)
    assert signal.args == ["number"]
    assert preview.page == 1 and preview.highlighted == QRect(800, 1000, 300, 40)
    form.field_activated.emit("subject")  # no box for it: the highlight goes away
    assert preview.highlighted is None
    form.edits["signer_name"].setText("Nguyễn Văn An")
    assert form.values()["signer_name"] == "Nguyễn Văn An"


# --- the form's values as the register's input, and the duplicate check before saving ---------

CONFIRMED = {
    "issuer": "SỞ TÀI CHÍNH",
    "issuer_parent": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
    "number": "15/QĐ-STC",
    "issued_date": "2026-03-05",
    "place": "Tuyên Quang",
    "doc_type": "Quyết định",
    "subject": "Về việc ban hành quy chế văn thư",
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn An",
    "urgency": "Khẩn",
    "confidentiality": "",
    "recipients": ["Như trên;", "Lưu: VT."],
    "page_count": 2,
}


def test_register_input_keeps_register_fields_only() -> None:
    data = register_input({**CONFIRMED, "subject": "  Về việc ban hành quy che\u0302\u0301 văn thư "})
    assert "recipients" not in data and "confidentiality" not in data  # not a register field; empty
    assert data["page_count"] == 2 and data["number"] == "15/QĐ-STC"
    assert data["subject"] == "Về việc ban hành quy chế văn thư"  # NFC, trimmed
    assert set(data) <= set(REGISTER_FIELDS)
    assert register_input({"page_count": "hai"})["page_count"] == "hai"  # left for the register to refuse


def test_form_register_input_goes_into_the_register(qtbot: QtBot, core: Core) -> None:
    form = ProposalForm()
    qtbot.addWidget(form)
    form.set_proposal({**CONFIRMED, "confidence": {}})
    form.edits["signer_name"].setText("Nguyễn Văn Ân")
    data = form.register_input()
    assert data["signer_name"] == "Nguyễn Văn Ân" and data["page_count"] == 2
    assert check_duplicates(core.register, data) == []
    reg = core.register.register(data)
    assert reg.draft.signer_name == "Nguyễn Văn Ân" and reg.draft.code_notation == "QĐ-STC"
    # The same issuer, number and date again: the register already has it.
    found = check_duplicates(core.register, form.values())
    assert [r.id for r in found] == [reg.id]
    warning = duplicate_warning(found)
    assert "15/QĐ-STC" in warning and "05/03/2026" in warning and f"số đến {reg.arrival_number}/" in warning
    assert duplicate_warning([]) == ""
    # Another number of the same issuer is no duplicate.
    assert check_duplicates(core.register, {**data, "number": "16/QĐ-STC"}) == []


def test_duplicate_check_of_invalid_values_names_the_field(core: Core) -> None:
    with pytest.raises(ValidationError) as bad_date:
        check_duplicates(core.register, {**CONFIRMED, "issued_date": "31/02/2026"})
    assert bad_date.value.field == "issued_date"
    with pytest.raises(ValidationError) as missing:
        check_duplicates(core.register, {**CONFIRMED, "issuer": " "})
    assert missing.value.field == "issuer"


def test_same_date_duplicates_come_first(core: Core) -> None:
    other_day = core.register.register(
        {**register_input(CONFIRMED), "issued_date": "2026-02-01"}, confirm_duplicate=True
    )
    same_day = core.register.register(register_input(CONFIRMED), confirm_duplicate=True)
    found = check_duplicates(core.register, CONFIRMED)
    assert [r.id for r in found] == [same_day.id, other_day.id]


def test_proposed_dates_show_day_first_and_come_back_iso(qtbot: QtBot) -> None:
    from qlvb_desktop.ui.extract.form import ProposalForm

    form = ProposalForm()
    qtbot.addWidget(form)
    form.set_proposal({"issued_date": "2026-03-05", "number": "15/QĐ-STC"})
    assert form.edits["issued_date"].text() == "05/03/2026"  # one date format in the wizard too
    assert form.values()["issued_date"] == "2026-03-05"  # unchanged: not learnt as a correction
    form.edits["issued_date"].setText("06032026")
    assert form.values()["issued_date"] == "2026-03-06"
    form.edits["issued_date"].setText("31/02/2026")
    assert form.values()["issued_date"] == "31/02/2026"  # refused later with the field's sentence
