"""Extraction widgets: confidence marks, page preview highlight, pre-filled form."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from qlvb_desktop.ui.extract.confidence import ConfidenceIndicator, level_of
from qlvb_desktop.ui.extract.form import ProposalForm, link
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
