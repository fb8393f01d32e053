"""The main window follows the intake wizard through the window's one change signal
(`Operations.changed` with `OpChanges`), with no refresh by hand: once the SAO Y signature is
written, the register row and the detail pane of the entry the clerk is looking at show the
stamped and signed copy, before the document is even forwarded (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from qlvb_desktop.domain.registration import ROLE_SIGNED
from qlvb_desktop.services.paper_intake import Step
from qlvb_desktop.ui.operations import OpChanges
from tests.adapters.intake.support import one_page
from tests.adapters.signing.pki import USER_PIN
from tests.ui.conftest import make_context, type_text
from tests.ui.intake.test_wizard import LONG, at_step, enter, idle

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.mark.slow
def test_the_register_and_the_detail_show_the_signed_copy_as_soon_as_it_is_signed(
    qtbot: Any, wizard: Any, station: Any, tmp_path: Path
) -> None:
    from qlvb_desktop.ui.main_window import MainWindow

    window = MainWindow(make_context(station))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.ids_loaded, timeout=10_000):
        window.show()
    wizard.registered.connect(window.ops.changed.emit)  # as ui/intake.add_intake_action wires it
    seen: list[OpChanges] = []
    window.ops.changed.connect(seen.append)

    wizard.add_files(one_page(tmp_path / "a"))
    qtbot.waitUntil(lambda: wizard.capture_step.pages.count() == 1, timeout=LONG)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.PAGES)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FIELDS)
    form = wizard.fields_step.form
    qtbot.waitUntil(lambda: form.edits["number"].text() != "", timeout=LONG)
    idle(qtbot, wizard)
    if not form.edits["doc_type"].text():
        form.edits["doc_type"].setText("Công văn")
    form.edits["issuer"].setFocus()
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.REGISTER)
    reg_id = wizard.doc.registration_id
    assert reg_id is not None
    model, detail = window.model, window.detail
    qtbot.waitUntil(lambda: model.row_of(reg_id) is not None, timeout=LONG)  # the new entry is listed
    detail.show_id(reg_id)  # the clerk looks at it in the register meanwhile
    qtbot.waitUntil(lambda: detail.current is not None and detail.current.id == reg_id, timeout=LONG)
    assert not detail.copy_badge.isVisible()  # the original only, for now

    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.STAMP)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.SIGN)
    type_text(wizard.sign_step.pin_edit, USER_PIN)
    enter(qtbot, wizard)
    at_step(qtbot, wizard, Step.FORWARD)

    # Signed, not yet forwarded: the window was told which entry changed, and shows the copy.
    assert any(reg_id in c.registrations for c in seen), seen
    qtbot.waitUntil(lambda: detail.copy_badge.isVisible(), timeout=LONG)
    assert detail.copy_badge.text() == "Đã đóng dấu ĐẾN, đã ký"
    current = detail.current
    assert current is not None and current.current_copy is not None
    assert current.current_copy.role == ROLE_SIGNED
    assert Path(wizard.doc.signed).name in detail.copy_badge.toolTip()
    subject = model.index(model.row_of(reg_id), model.column_keys().index("subject"))
    qtbot.waitUntil(lambda: model.data(subject, Qt.ItemDataRole.DecorationRole) is not None, timeout=LONG)
    qtbot.waitUntil(lambda: window.preview.rendered >= 1, timeout=LONG)
    window.close()
