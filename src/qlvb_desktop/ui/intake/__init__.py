"""The paper intake wizard (issue 7, flow 1) and its menu entry.

`add_intake_action(window, menu, open_service)` is the whole hook the main window needs:
Ctrl+Shift+N opens the wizard (or brings it forward), built on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:  # the wizard pulls in pypdfium2, numpy and the extract widgets: loaded on first use
    from qlvb_desktop.ui.intake.wizard import IntakeWizard

SHORTCUT = "Ctrl+Shift+N"

__all__ = ["SHORTCUT", "add_intake_action", "open_wizard"]


def open_wizard(
    parent: QWidget,
    make_service: Callable[[], Any],
    on_registered: Callable[[Any], None] | None = None,
    casefiles: Any = None,
) -> IntakeWizard:
    """Show the wizard (one per window): brought forward if open, else made."""
    from qlvb_desktop.ui.intake.wizard import IntakeWizard

    current = getattr(parent, "intake_wizard", None)
    if isinstance(current, IntakeWizard) and shiboken6.isValid(current) and current.isVisible():
        current.raise_()
        current.activateWindow()
        return current
    books = getattr(parent, "books", [])  # the main window's books, already read
    wizard = IntakeWizard(
        make_service(),
        parent=parent,
        state=getattr(parent, "ui_state", None),
        book_names={b.code: b.name for b in books},
        casefiles=casefiles,
    )
    if on_registered is not None:
        wizard.registered.connect(on_registered)
    parent.intake_wizard = wizard  # type: ignore[attr-defined]
    wizard.show()
    return wizard


def add_intake_action(
    parent: QWidget,
    menu: QMenu,
    make_service: Callable[[], Any] | None,
    on_registered: Callable[[Any], None] | None = None,
    casefiles: Any = None,
) -> QAction:
    """The "Tiếp nhận văn bản giấy…" entry; greyed out with the reason when intake is not set up."""
    action = QAction(QCoreApplication.translate("IntakeWizard", "Tiếp nhận văn bản giấy…"), parent)
    action.setObjectName("intake_action")
    action.setShortcut(QKeySequence(SHORTCUT))
    if make_service is None:
        action.setEnabled(False)
        action.setToolTip(QCoreApplication.translate("IntakeWizard", "Chưa cấu hình phần quét và ký số."))
    else:
        action.triggered.connect(lambda: open_wizard(parent, make_service, on_registered, casefiles))
    menu.addAction(action)
    return action
