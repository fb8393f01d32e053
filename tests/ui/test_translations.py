"""Translations: every string in English, placeholders kept, the GUI switches language."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from qlvb_desktop.app import Core
from qlvb_desktop.domain import registration, vocab
from qlvb_desktop.domain.errors import DuplicateError, ValidationError
from qlvb_desktop.ui import labels
from tests.ui.conftest import make_context

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "qlvb_en.ts"


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message.find("translation")  # type: ignore[assignment]
    return out


def test_ui_labels_match_the_domain() -> None:
    assert labels.FIELD_LABELS == registration.LABELS
    assert set(labels.DOC_TYPE_LABELS) == set(vocab.DOC_TYPES)
    assert all(k == v for k, v in labels.DOC_TYPE_LABELS.items())
    assert {u: labels.URGENCY_LABELS[u] for u in vocab.Urgency if u.value} == {
        u: u.value for u in vocab.Urgency if u.value
    }
    assert {c: labels.CONFIDENTIALITY_LABELS[c] for c in vocab.Confidentiality if c.value} == {
        c: c.value for c in vocab.Confidentiality if c.value
    }
    assert labels.CHANNEL_UI_LABELS == vocab.CHANNEL_LABELS
    assert labels.STATUS_UI_LABELS == vocab.STATUS_LABELS
    assert labels.COPY_BADGE_LABELS == registration.COPY_BADGES
    assert labels.FILE_ROLE_LABELS == registration.FILE_ROLE_NAMES


def _translated_text(translation: ET.Element) -> str:
    """The translation, or for a plural message (%n) all its forms, which must each be there."""
    forms = [f.text or "" for f in translation.iter("numerusform")]
    if forms:
        return " ".join(forms) if all(f.strip() for f in forms) else ""
    return (translation.text or "").strip()


def test_committed_ts_is_current_and_complete(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "update_translations.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    fresh = _messages(tmp_path / TS.name)
    committed = _messages(TS)
    assert set(fresh) == set(committed), "run python packaging/update_translations.py and translate"
    unfinished = [
        key
        for key, tr in fresh.items()
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not _translated_text(tr)
    ]
    assert not unfinished, f"strings without an English translation: {unfinished}"
    # The domain's error templates are collected too (through the literal-context copies).
    assert ("Errors", "Chưa nhập {label}.") in fresh
    assert any(src.startswith("Văn bản này có thể đã được vào sổ") for ctx, src in fresh if ctx == "Errors")


def test_translations_keep_their_placeholders() -> None:
    for (context, source), tr in _messages(TS).items():
        names = set(re.findall(r"{(\w+)}", source))
        assert names == set(re.findall(r"{(\w+)}", _translated_text(tr))), (context, source, tr.text)


@pytest.fixture
def english(tmp_path: Path) -> Any:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease
    qm = tmp_path / "qlvb_en.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(qm)], check=True, timeout=120)
    translator = QTranslator()
    assert translator.load(str(qm))
    app = QCoreApplication.instance()
    app.installTranslator(translator)
    yield translator
    app.removeTranslator(translator)


def test_errors_are_translated_with_their_field(english: Any) -> None:
    from qlvb_desktop.ui.i18n import error_text

    exc = ValidationError("issuer", "Chưa nhập {label}.", label="Cơ quan ban hành")
    assert error_text(exc) == "Issuing body is required."
    assert error_text(DuplicateError([])).startswith("This document may already be registered")


def test_window_and_form_in_english(qtbot: Any, english: Any, core: Core) -> None:
    from qlvb_desktop.ui.main_window import MainWindow

    window = MainWindow(make_context(core, "en"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.ids_loaded, timeout=5000):
        window.show()
    assert window.windowTitle() == "Incoming document register — SỞ TÀI CHÍNH"
    assert window.new_action.text() == "Register new document…"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Arrival no."
    window.open_form()
    form = window.form
    assert form.windowTitle() == "Register an incoming document"
    assert form.ui.issuer_label.text() == "Issuing body *"
    assert form.save_button.text() == "Register"
    assert form.ui.doc_type_combo.itemText(form.ui.doc_type_combo.findData("Quyết định")) == "Decision"
    form.reject()
    window.close()
