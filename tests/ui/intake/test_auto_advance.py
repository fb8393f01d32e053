"""With "Tự qua bước không cần kiểm tra" on, a clean document asks only for the decisions: go
(capture), register (fields), the PIN once per batch, the unit it goes to (forward). Pages with
nothing flagged, the number just given, a stamp with empty room and a signature with the PIN
known pass by themselves."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.domain.casefiles import DocKind
from qlvb_desktop.services.paper_intake import Step
from tests.adapters.intake.support import DECISION, one_page
from tests.adapters.signing.pki import USER_PIN
from tests.ui.conftest import type_text
from tests.ui.intake.test_wizard import LONG, at_step, enter, idle

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _one_clean_document(
    qtbot: Any, wizard: Any, files: list[Path], pin_known: bool, casefile: str = ""
) -> tuple[int, bool]:
    """Take one document through; returns the clerk's confirmations (Enter presses) and whether
    the stamp had to be placed by hand."""
    actions = 0
    wizard.add_files(files)
    qtbot.waitUntil(lambda: wizard.capture_step.pages.count() == len(files), timeout=LONG)
    idle(qtbot, wizard)
    enter(qtbot, wizard)
    actions += 1
    at_step(qtbot, wizard, Step.FIELDS)  # the clean page went by itself
    form = wizard.fields_step.form
    qtbot.waitUntil(lambda: form.edits["number"].text() != "", timeout=LONG)
    idle(qtbot, wizard)
    if not form.edits["doc_type"].text():
        form.edits["doc_type"].setText("Công văn")
    form.edits["issuer"].setFocus()
    enter(qtbot, wizard)
    actions += 1
    # The number goes by itself; the stamp too when it found empty room on page 1, else the
    # clerk places it (a decision): this letter's page is full, the stamp waits at the usual place.
    try:
        qtbot.waitUntil(lambda: wizard.shown_step in (Step.STAMP, Step.SIGN, Step.FORWARD), timeout=LONG)
    except Exception as exc:
        raise AssertionError(f"at {wizard.shown_step}: {wizard.status.text()!r}, busy {wizard.is_busy()}") from exc
    placed = bool(wizard.doc.stamp_needs_place)
    if placed:
        at_step(qtbot, wizard, Step.STAMP)
        idle(qtbot, wizard)
        enter(qtbot, wizard)
        actions += 1
    at_step(qtbot, wizard, Step.FORWARD if pin_known else Step.SIGN)
    if not pin_known:
        type_text(wizard.sign_step.pin_edit, USER_PIN)
        enter(qtbot, wizard)
        actions += 1
        at_step(qtbot, wizard, Step.FORWARD)
    assert Path(wizard.doc.signed).is_file()
    type_text(wizard.forward_step.to_edit, "Phòng Tổng hợp")
    if casefile:
        completion = wizard.forward_ctl.completer.model()
        qtbot.waitUntil(lambda: completion.rowCount() > 0, timeout=LONG)  # the open case files
        type_text(wizard.forward_step.casefile_edit, casefile)
    wizard.forward_step.to_edit.setFocus()
    enter(qtbot, wizard)
    actions += 1
    qtbot.waitUntil(lambda: wizard.doc is not None and wizard.doc.arrival_number is None, timeout=LONG)
    at_step(qtbot, wizard, Step.CAPTURE)
    return actions, placed


@pytest.mark.slow
def test_a_clean_document_asks_only_for_decisions(qtbot: Any, wizard: Any, tmp_path: Path) -> None:
    wizard.auto_check.setChecked(True)
    first, placed = _one_clean_document(qtbot, wizard, one_page(tmp_path / "a"), pin_known=False)
    assert first == 4 + placed  # go, register, PIN (once per batch), forward (+ placing the stamp)
    # Another document (the same letter again would rightly stop at the duplicate warning).
    second, placed = _one_clean_document(qtbot, wizard, one_page(tmp_path / "b", DECISION), pin_known=True)
    assert second == 3 + placed  # go, register, forward, plus typing the unit (+ placing the stamp)
    regs = [wizard.service.register_service.get(i) for i in (1, 2)]
    assert [r.arrival_number for r in regs] == [1, 2]
    assert all(r.draft.to_places == "Phòng Tổng hợp" for r in regs)


@pytest.mark.slow
def test_forward_files_the_document_into_an_open_case_file(
    qtbot: Any, wizard: Any, station: Any, tmp_path: Path
) -> None:
    """The forward step's "Lưu vào hồ sơ": the open case files of the year complete it, and the
    registration is filed there (fields 1–2 and the document's ordinal, through the service)."""
    casefiles = station.casefiles
    year = casefiles.clock.now().year
    case_file = casefiles.open(year, "09.XX", title="Hồ sơ đoàn kiểm tra", retention="5")
    wizard.casefiles = casefiles
    wizard.auto_check.setChecked(True)
    _one_clean_document(qtbot, wizard, one_page(tmp_path / "a"), pin_known=False, casefile="09.XX")
    assert wizard.forward_ctl.completer.model().stringList() == ["09.XX — Hồ sơ đoàn kiểm tra"]
    filed = casefiles.documents(case_file)
    assert len(filed) == 1
    reg = wizard.service.register_service.get(1)
    assert casefiles.files_of(DocKind.INCOMING, reg.id) == [(casefiles.resolve("09.XX"), 1)]
    assert reg.draft.file_notation == "09.XX"
