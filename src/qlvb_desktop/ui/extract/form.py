"""The proposal as a form: each field pre-filled, its confidence shown, doubtful fields marked;
focusing or hovering a field highlights where it was read on the page preview."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QWidget

from qlvb_desktop.domain.clock import format_date_vn, parse_day_vn
from qlvb_desktop.domain.registration import IncomingDraft, Registration
from qlvb_desktop.domain.text import nfc
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


# The proposal's fields that are register fields: the document's own "Nơi nhận" list is not
# (the register's "nơi nhận" is where the arrival is sent inside the office, set by the clerk).
REGISTER_FIELDS: tuple[str, ...] = tuple(n for n in FIELD_ORDER if n != "recipients")
DATE_FIELDS = ("issued_date",)  # shown dd/mm/yyyy (the proposal and the register input are ISO)


class DuplicateChecker(Protocol):
    """What `check_duplicates` needs of the register service (`RegisterService`)."""

    def prepare(self, data: Mapping[str, Any]) -> IncomingDraft: ...

    def duplicates(self, draft: IncomingDraft) -> list[Registration]: ...


def register_input(values: Mapping[str, Any]) -> dict[str, Any]:
    """The confirmed fields as the register service's input (`RegisterService.register`,
    `qlvb register --json`): register fields only, text NFC and trimmed, empty ones left out
    (the register then asks for what it requires), the page count as a number."""
    out: dict[str, Any] = {}
    for name in REGISTER_FIELDS:
        raw = values.get(name)
        if raw is None:
            continue
        text = nfc("; ".join(str(x) for x in raw) if isinstance(raw, list) else str(raw)).strip()
        if not text:
            continue
        out[name] = int(text) if name == "page_count" and text.isdigit() else text
    return out


def check_duplicates(register: DuplicateChecker, data: Mapping[str, Any]) -> list[Registration]:
    """Registrations the proposed values may repeat, run before saving: the same issuer and
    number (and notation) in the same year, or the same document identifier. Those issued on
    the same date come first: the same issuer + number + date is almost surely the same
    document. Raises ValidationError (naming the field) when the values cannot be registered."""
    draft = register.prepare(register_input(data))
    found = register.duplicates(draft)
    return sorted(found, key=lambda r: r.draft.issued_date != draft.issued_date)


def duplicate_warning(found: Sequence[Registration]) -> str:
    """The clerk's warning for `check_duplicates`' result, or "" when there is nothing to say."""
    if not found:
        return ""
    first = found[0]
    d = first.draft
    number = "/".join(x for x in (d.code_number, d.code_notation) if x)
    return QCoreApplication.translate(
        "ExtractForm",
        "Văn bản {number} của {issuer} ngày {date} có thể đã vào sổ (số đến {arrival}/{year}). "
        "Hãy kiểm tra trước khi vào sổ lần nữa.",
    ).format(
        number=number,
        issuer=d.issuer,
        date=format_date_vn(d.issued_date) if d.issued_date else "?",
        arrival=first.arrival_number,
        year=first.year,
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
            text = "; ".join(value) if isinstance(value, list) else str(value if value is not None else "")
            if name in DATE_FIELDS:
                text = _shown_date(text)
            edit.setText(text)
            self.indicators[name].set_confidence(confidence.get(name))
            attention = self.indicators[name].needs_attention
            if edit.property("attention") != attention:  # a style sheet change re-polishes: only when needed
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
        """What the clerk confirmed, every field as text (for `ExtractService.remember`); dates
        are shown dd/mm/yyyy but given back ISO like the proposal, so an unchanged date is not
        learnt as a correction."""
        out = {name: edit.text().strip() for name, edit in self.edits.items()}
        for name in DATE_FIELDS:
            if name in out:
                out[name] = _iso_date(out[name])
        return out

    def proposal(self) -> dict[str, Any]:
        """The proposal the form was filled from (`qlvb extract --json`)."""
        return dict(self._proposal)

    def register_input(self) -> dict[str, Any]:
        """The confirmed fields as the register service's input."""
        return register_input(self.values())


def _shown_date(text: str) -> str:
    """An ISO date of the proposal as the clerk reads dates everywhere: dd/mm/yyyy."""
    try:
        return format_date_vn(date.fromisoformat(text)) if len(text) == 10 and text[4] == "-" else text
    except ValueError:
        return text


def _iso_date(text: str) -> str:
    try:
        day = parse_day_vn(text)
    except ValueError:
        return text  # not a date: the register refuses it with a sentence naming the field
    return day.isoformat() if day is not None else ""


def link(form: ProposalForm, preview: PagePreview) -> None:
    """Highlight on the preview the box of whichever field the clerk is on."""

    def on_field(name: str) -> None:
        found = form.box_of(name)
        if found is None:
            preview.clear_highlight()
        else:
            preview.highlight(*found)

    form.field_activated.connect(on_field)
