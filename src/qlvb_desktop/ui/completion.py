"""Completion while the clerk types: from the register's history and the organization directory.

One matching rule everywhere: the typed text is looked for anywhere in a value, without case and
without Vietnamese marks ("tai chinh" finds "Sở Tài chính", "ke hoach" finds "Phòng Kế hoạch"),
the values in the order given (most used first). The popup opens only when something matches
and never takes a keystroke away: typing goes on in the field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from qlvb_desktop.domain.text import fold_marks, nfc
from qlvb_desktop.ui.operations import Operations

log = logging.getLogger(__name__)


class FoldedContains(QSortFilterProxyModel):
    """Rows whose text contains the typed text, compared without case and marks."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = fold_marks(nfc(text))
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # Qt's name
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self.needle:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return self.needle in fold_marks(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))


class HistoryCompletion(QObject):
    """Completion for a line edit from a list of values, set now or when they arrive."""

    def __init__(self, edit: QLineEdit, values: Sequence[str] = ()) -> None:
        super().__init__(edit)
        self.edit = edit
        self.values = QStringListModel(list(values), self)
        self.proxy = FoldedContains(self)
        self.proxy.setSourceModel(self.values)
        self.completer = QCompleter(self.proxy, edit)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        edit.setCompleter(self.completer)
        edit.textEdited.connect(self._typed)

    def set_values(self, values: Sequence[str]) -> None:
        self.values.setStringList(list(values))

    def matches(self) -> list[str]:
        return [str(self.proxy.index(i, 0).data()) for i in range(self.proxy.rowCount())]

    def _typed(self, text: str) -> None:
        self.proxy.set_needle(text)
        popup = self.completer.popup()
        exact = self.proxy.rowCount() == 1 and fold_marks(nfc(text)) == fold_marks(self.matches()[0])
        if text.strip() and self.proxy.rowCount() > 0 and not exact:
            self.completer.complete()
        elif popup is not None:
            popup.hide()


def complete_from(
    edit: QLineEdit, owner: QWidget, ops: Operations, fetch: Callable[[], Sequence[str]]
) -> HistoryCompletion:
    """Attach completion to `edit` and fill it from `fetch()` read in the background (the values
    arrive while the clerk starts typing). A failed read leaves the field without completion: a
    convenience, not worth a dialog; it is logged."""
    completion = HistoryCompletion(edit)
    ops.read(fetch, completion.set_values, lambda exc: log.warning("no completion for %s: %s", edit.objectName(), exc),
             owner=owner)
    return completion
