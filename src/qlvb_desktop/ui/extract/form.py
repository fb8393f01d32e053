"""The proposal as a form: each field pre-filled, its confidence shown, doubtful fields marked;
focusing or hovering a field highlights where it was read on the page preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QWidget

from qlvb_desktop.ui.extract.confidence import ConfidenceIndicator
from qlvb_desktop.ui.extract.preview import PagePreview
from qlvb_desktop.ui.labels import field_label

# Fields in the order of the register; labels from ui.labels (translated in the "Fields" context).
FIELD_ORDER: tuple[str, ...] = (
    "issuer",
    "issuer_parent",
    "number",
    "issued_date",
    "place",
    "doc_type",
    "subject",
    "signer_authority",
    "signer_title",
    "signer_name",
    "urgency",
    "confidentiality",
    "recipients",
    "page_count",
)


def _label(name: str) -> str:
    if name == "recipients":
        return QCoreApplication.translate("ExtractForm", "Nơi nhận")
    return field_label(name)


class ProposalForm(QWidget):
    """`field_activated(name)` is emitted when a field gets focus or the mouse."""

    field_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposal_form")
        self.edits: dict[str, QLineEdit] = {}
        self.indicators: dict[str, ConfidenceIndicator] = {}
        self._proposal: dict[str, Any] = {}
        layout = QFormLayout(self)
        for name in FIELD_ORDER:
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{name}")
            edit.installEventFilter(self)
            indicator = ConfidenceIndicator(self)
            row = QHBoxLayout()
            row.addWidget(edit)
            row.addWidget(indicator)
            layout.addRow(_label(name), row)
            self.edits[name] = edit
            self.indicators[name] = indicator

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.Enter):
            for name, edit in self.edits.items():
                if edit is watched:
                    self.field_activated.emit(name)
        return super().eventFilter(watched, event)

    def set_proposal(self, proposal: dict[str, Any]) -> None:
        """Fill the form from `qlvb extract --json` output."""
        self._proposal = dict(proposal)
        confidence = proposal.get("confidence", {})
        for name, edit in self.edits.items():
            value = proposal.get(name, "")
            edit.setText("; ".join(value) if isinstance(value, list) else str(value if value is not None else ""))
            self.indicators[name].set_confidence(confidence.get(name))
            attention = self.indicators[name].needs_attention
            edit.setProperty("attention", attention)
            edit.setStyleSheet("QLineEdit { background: #fff3cd; }" if attention else "")

    def fields_needing_attention(self) -> list[str]:
        return [n for n, e in self.edits.items() if e.property("attention")]

    def box_of(self, name: str) -> tuple[int, QRect] | None:
        box = self._proposal.get("boxes", {}).get(name)
        if not box:
            return None
        return int(box["page"]), QRect(int(box["left"]), int(box["top"]), int(box["width"]), int(box["height"]))

    def values(self) -> dict[str, str]:
        """What the clerk confirmed, as register input (for `ExtractService.remember` and registration)."""
        return {name: edit.text().strip() for name, edit in self.edits.items()}


def link(form: ProposalForm, preview: PagePreview) -> None:
    """Highlight on the preview the box of whichever field the clerk is on."""

    def on_field(name: str) -> None:
        found = form.box_of(name)
        if found is None:
            preview.clear_highlight()
        else:
            preview.highlight(*found)

    form.field_activated.connect(on_field)
