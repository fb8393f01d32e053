"""The document-type field: typed and searched, the common types first.

A non-editable combo of 29 types in the decree's order made "Công" pick Công điện (Công văn, the
most common, was last) and a space opened its popup, which then swallowed the keystrokes. This
field is an editable combo: what the clerk types filters the list by "contains", ignoring case
and Vietnamese marks ("quyet" finds Quyết định, "van" finds Công văn), the common types come
first, and leaving the field completes a partial word to the first type that contains it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

from qlvb_desktop.domain.text import fold_marks, nfc
from qlvb_desktop.domain.vocab import doc_types_by_use
from qlvb_desktop.ui.completion import FoldedContains
from qlvb_desktop.ui.labels import doc_type_label


class DocTypeField(QObject):
    """Turns a combo (from Designer or code) into the searchable type field."""

    def __init__(self, combo: QComboBox, placeholder: str) -> None:
        super().__init__(combo)
        self.combo = combo
        combo.clear()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(12)
        self._by_fold: dict[str, str] = {}
        for name in doc_types_by_use():
            label = doc_type_label(name)
            combo.addItem(label, name)
            self._by_fold[fold_marks(label)] = name
            self._by_fold[fold_marks(name)] = name
        combo.setCurrentIndex(-1)
        line = combo.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
        self.proxy = FoldedContains(combo)
        self.proxy.setSourceModel(combo.model())
        completer = QCompleter(self.proxy, combo)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        self.completer = completer
        line.textEdited.connect(self._typed)
        # Leaving the field (Tab, a click elsewhere) completes the word; the combo and the
        # completer's popup pass the focus between them, which is not leaving.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        mine = (self.combo, self.combo.lineEdit(), self.completer.popup())
        if old in mine and new is not None and new not in mine:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()
            self.complete_partial()

    def _typed(self, text: str) -> None:
        self.proxy.set_needle(text)
        if text.strip() and self.proxy.rowCount() > 0 and not self.is_known():
            self.completer.complete()
        else:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()

    def complete_partial(self) -> None:
        """Leaving the field with part of a type ("Công", "quyet") takes the first type that
        contains it, the common ones first; text matching no type stays, for the form to refuse."""
        text = self.combo.currentText()
        if not text.strip() or self.is_known():
            return
        self.proxy.set_needle(text)
        if self.proxy.rowCount() > 0:
            self.set_value(str(self.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)))

    def value(self) -> str:
        """The type's name as stored (Vietnamese, also in the English interface), or the text as
        typed when it is no known type (the domain refuses it with a sentence)."""
        text = nfc(self.combo.currentText())
        return self._by_fold.get(fold_marks(text), text)

    def is_known(self) -> bool:
        return fold_marks(nfc(self.combo.currentText())) in self._by_fold

    def text(self) -> str:
        return nfc(self.combo.currentText())

    def set_value(self, name: str) -> None:
        index = self.combo.findData(name)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(name)
