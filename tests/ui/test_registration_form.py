"""The registration form driven like a clerk: typing, Enter, errors, duplicates, Esc."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from qlvb_desktop.app import Core
from qlvb_desktop.domain.registration import MAX_LENGTH
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.ui.registration_form import RegistrationForm
from tests.samples import tiny_pdf
from tests.ui.conftest import sample, type_text


def _form(qtbot: Any, core: Core, ops: Any) -> RegistrationForm:
    form = RegistrationForm(core.register, ops, core.register.books())
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def _type_minimal(qtbot: Any, form: RegistrationForm, number: str = "15/QĐ-STC") -> None:
    type_text(form.ui.issuer_edit, "Sở Tài chính tỉnh Tuyên Quang")
    form.ui.doc_type_combo.setCurrentIndex(form.ui.doc_type_combo.findData("Quyết định"))
    type_text(form.ui.number_edit, number)
    type_text(form.ui.subject_edit, "Về việc phê duyệt dự toán ngân sách năm 2026")


def test_enter_saves_and_registers(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    type_text(form.ui.signer_name_edit, "Đặng Văn Quyết")
    form.ui.urgency_combo.setCurrentIndex(form.ui.urgency_combo.findData("Hỏa tốc"))
    with qtbot.waitSignal(form.registered, timeout=5000) as blocker:
        qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    reg = blocker.args[0]
    assert reg.arrival_number == 1 and reg.book == "den"
    assert reg.draft.number == "15/QĐ-STC" and reg.draft.urgency.value == "Hỏa tốc"
    assert reg.draft.signer_name == "Đặng Văn Quyết"
    assert core.register.search(SearchQuery(text="dang quyet")) == [reg.id]
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=2000)


def test_required_fields_are_named_and_nothing_is_saved(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    qtbot.keyClick(form.ui.issuer_edit, Qt.Key.Key_Return)
    assert form.ui.error_label.text() == "Chưa nhập Cơ quan ban hành."
    assert form.invalid_fields() == ["issuer_edit"]
    assert form.focusWidget() is form.ui.issuer_edit
    type_text(form.ui.issuer_edit, "Bộ Nội vụ")
    qtbot.keyClick(form.ui.issuer_edit, Qt.Key.Key_Return)
    assert form.ui.error_label.text() == "Chưa nhập Tên loại văn bản."
    assert form.invalid_fields() == ["doc_type_combo"]
    form.ui.doc_type_combo.setCurrentIndex(form.ui.doc_type_combo.findData("Công văn"))
    qtbot.keyClick(form.ui.issuer_edit, Qt.Key.Key_Return)
    assert form.ui.error_label.text() == "Chưa nhập Trích yếu."
    assert form.isVisible()
    assert core.register.search(SearchQuery()) == []


def test_length_limit_flagged_while_typing_and_refused(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    limit = MAX_LENGTH["signer_name"]
    form.ui.signer_name_edit.setText("A" * (limit + 1))  # pasted: the text is kept, not cut
    assert form.ui.signer_name_edit.text() == "A" * (limit + 1)
    assert form.invalid_fields() == ["signer_name_edit"]
    assert (
        form.ui.error_label.text() == f"Họ tên người ký dài {limit + 1} ký tự, vượt giới hạn {limit} ký tự."
    )
    qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    assert form.isVisible()
    assert core.register.search(SearchQuery()) == []
    qtbot.keyClick(form.ui.signer_name_edit, Qt.Key.Key_Backspace)
    assert form.invalid_fields() == []
    assert form.ui.error_label.text() == ""


def test_every_text_limit_is_enforced(qtbot: Any, core: Core, ops: Any) -> None:
    from qlvb_desktop.ui.registration_form import TEXT_FIELDS

    form = _form(qtbot, core, ops)
    for name in TEXT_FIELDS:
        limit = MAX_LENGTH.get(name)
        if limit is None:
            continue
        edit = getattr(form.ui, f"{name}_edit")
        edit.setText("x" * limit)
        assert form.invalid_fields() == [], name
        edit.setText("x" * (limit + 1))
        assert form.invalid_fields() == [f"{name}_edit"], name
        edit.clear()


def test_domain_error_highlights_its_field(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    type_text(form.ui.issued_date_edit, "31/02/2026")
    qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    assert form.invalid_fields() == ["issued_date_edit"]
    assert "31/02/2026" in form.ui.error_label.text()
    assert "dd/mm/yyyy" in form.ui.error_label.text()


def _duplicate_box(qtbot: Any, form: RegistrationForm) -> Any:
    qtbot.waitUntil(lambda: form.duplicate_box is not None and form.duplicate_box.isVisible(), timeout=5000)
    return form.duplicate_box


def test_duplicate_warning_confirmed_registers_again(qtbot: Any, core: Core, ops: Any) -> None:
    first = core.register.register(sample())
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    box = _duplicate_box(qtbot, form)
    assert f"{first.arrival_number}/{first.year}" in box.text()
    assert "15/QĐ-STC" in box.informativeText()
    confirm = box.findChild(QPushButton, "confirm_duplicate_button")
    with qtbot.waitSignal(form.registered, timeout=5000) as blocker:
        qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert blocker.args[0].arrival_number == first.arrival_number + 1
    assert len(core.register.search(SearchQuery())) == 2


def test_duplicate_warning_refused_registers_nothing(qtbot: Any, core: Core, ops: Any) -> None:
    core.register.register(sample())
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    box = _duplicate_box(qtbot, form)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: form.duplicate_box is None, timeout=2000)
    assert form.isVisible()
    assert "có thể trùng" in form.ui.error_label.text()
    assert form.save_button.isEnabled()
    assert len(core.register.search(SearchQuery())) == 1


def test_escape_on_an_empty_form_closes(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    with qtbot.waitSignal(form.rejected, timeout=2000):
        qtbot.keyClick(form.ui.issuer_edit, Qt.Key.Key_Escape)
    assert form.discard_box is None


def test_escape_on_a_filled_form_asks_before_discarding(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: form.discard_box is not None and form.discard_box.isVisible(), timeout=2000)
    box = form.discard_box
    assert box is not None and "chưa được lưu" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc again keeps the typed work
    qtbot.waitUntil(lambda: form.discard_box is None, timeout=2000)
    assert form.isVisible() and form.ui.subject_edit.text().startswith("Về việc")
    qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: form.discard_box is not None and form.discard_box.isVisible(), timeout=2000)
    assert form.discard_box is not None
    discard = form.discard_box.findChild(QPushButton, "discard_button")
    with qtbot.waitSignal(form.rejected, timeout=2000):
        qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert core.register.search(SearchQuery()) == []


def test_save_and_next_keeps_the_form_open_for_the_next_document(
    qtbot: Any, core: Core, ops: Any, tmp_path: Any
) -> None:
    from qlvb_desktop.ui.ui_state import UiState

    state = UiState(tmp_path)
    form = RegistrationForm(core.register, ops, core.register.books(), state=state)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert form.keep_open_check.isChecked()  # the default for a pile of paper
    _type_minimal(qtbot, form)
    with qtbot.waitSignal(form.registered, timeout=5000):
        qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    assert form.isVisible()
    assert "số đến 1/" in form.ui.error_label.text()
    assert form.ui.issuer_edit.text() == "" and form.ui.subject_edit.text() == ""
    assert form.ui.language_edit.text() == "Tiếng Việt"
    assert not form.is_filled()
    _type_minimal(qtbot, form, number="16/QĐ-STC")
    with qtbot.waitSignal(form.registered, timeout=5000) as blocker:
        qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    assert blocker.args[0].arrival_number == 2
    form.keep_open_check.setChecked(False)  # remembered for the next time
    assert not UiState(tmp_path).flag("registration-keep-open", True)


def test_doc_type_is_typed_and_searched_without_marks(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    combo = form.ui.doc_type_combo
    assert combo.isEditable()
    assert [combo.itemData(i) for i in range(3)] == ["Công văn", "Quyết định", "Thông báo"]
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=2000)
    combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (combo, combo.lineEdit()), timeout=2000)
    type_text(combo.lineEdit(), "Công")
    assert form.doc_type.proxy.rowCount() >= 2  # Công văn, Công điện
    assert form.doc_type.proxy.index(0, 0).data() == "Công văn"  # the common one first
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)  # leaving completes the partial word
    qtbot.waitUntil(lambda: combo.currentText() == "Công văn", timeout=2000)
    assert form.doc_type.value() == "Công văn"
    # Without marks, lower case, a word from the middle; the space types a space (no popup).
    combo.lineEdit().clear()
    combo.setFocus()
    type_text(combo.lineEdit(), "quyet dinh")
    assert combo.lineEdit().text() == "quyet dinh"
    assert form.doc_type.value() == "Quyết định"
    combo.lineEdit().clear()
    type_text(combo.lineEdit(), "moi")
    assert [form.doc_type.proxy.index(i, 0).data() for i in range(form.doc_type.proxy.rowCount())] == ["Giấy mời"]


def test_unknown_doc_type_is_refused_with_a_sentence(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    type_text(form.ui.issuer_edit, "Bộ Nội vụ")
    form.ui.doc_type_combo.setEditText("Thư tay")
    type_text(form.ui.subject_edit, "Về việc thử")
    qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    assert form.ui.error_label.text() == "Tên loại văn bản “Thư tay” không có trong danh mục."
    assert form.invalid_fields() == ["doc_type_combo"]


def test_typed_dates_are_accepted_and_shown_as_dd_mm_yyyy(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    type_text(form.ui.issued_date_edit, "05012026")
    form.ui.issued_date_edit.editingFinished.emit()
    assert form.ui.issued_date_edit.text() == "05/01/2026"
    type_text(form.ui.due_date_edit, "9-2-2099")
    form.ui.due_date_edit.editingFinished.emit()
    assert form.ui.due_date_edit.text() == "09/02/2099"
    assert form.ui.received_at_edit.displayFormat() == "dd/MM/yyyy HH:mm"
    with qtbot.waitSignal(form.registered, timeout=5000) as blocker:
        qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    assert str(blocker.args[0].draft.issued_date) == "2026-01-05"


def test_tab_order_follows_the_form(qtbot: Any, core: Core, ops: Any) -> None:
    form = _form(qtbot, core, ops)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=2000)
    form.ui.issuer_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.ui.issuer_edit, timeout=2000)
    seen = []
    for _ in range(6):
        seen.append(QApplication.focusWidget().objectName())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert seen == [
        "issuer_edit",
        "issuer_parent_edit",
        "doc_type_combo",
        "number_edit",
        "issued_date_edit",
        "place_edit",
    ]


def test_attached_file_is_stored(qtbot: Any, core: Core, ops: Any, tmp_path: Any) -> None:
    scan = tmp_path / "cong-van.pdf"
    tiny_pdf(scan, "test")
    form = _form(qtbot, core, ops)
    _type_minimal(qtbot, form)
    form.add_files([scan])
    assert form.ui.files_list.count() == 1
    with qtbot.waitSignal(form.registered, timeout=5000) as blocker:
        qtbot.keyClick(form.ui.subject_edit, Qt.Key.Key_Return)
    (ref,) = blocker.args[0].files
    assert ref.name == "cong-van.pdf" and ref.size == scan.stat().st_size


def test_issuer_and_unit_complete_from_history_and_directory(qtbot: Any, core: Core, ops: Any) -> None:
    core.register.register(sample(to_places="Phòng Kế hoạch - Tài chính"))
    core.register.register(sample(number="16/QĐ-STC", to_places="Phòng Kế hoạch - Tài chính"))
    core.register.register(sample(number="17/QĐ-STC", issuer="UBND huyện Sơn Dương", to_places="Văn phòng"))
    form = RegistrationForm(
        core.register, ops, core.register.books(), directory=lambda: ["Bộ Tài chính", "UBND huyện Sơn Dương"]
    )
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    issuer = form.completions["issuer"]
    qtbot.waitUntil(lambda: issuer.values.rowCount() == 3, timeout=5000)
    # The register's own names first, most used first; then the directory's new ones.
    assert issuer.values.stringList() == ["Sở Tài chính tỉnh Tuyên Quang", "UBND huyện Sơn Dương", "Bộ Tài chính"]
    type_text(form.ui.issuer_edit, "tai chinh")  # no marks, lower case, from the middle
    assert issuer.matches() == ["Sở Tài chính tỉnh Tuyên Quang", "Bộ Tài chính"]
    assert form.ui.issuer_edit.text() == "tai chinh"  # typing is never taken away
    unit = form.completions["to_places"]
    qtbot.waitUntil(lambda: unit.values.rowCount() == 2, timeout=5000)
    type_text(form.ui.to_places_edit, "ke hoach")
    assert unit.matches() == ["Phòng Kế hoạch - Tài chính"]
