"""PySide6 6.12.0 on Python 3.11 decrements None's reference count on every call of a Qt
method returning nothing, and aborts the interpreter after a few thousand calls; we pin 6.11.3.
This test fails (or crashes) on a PySide6 with that bug."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QLabel


def test_setText_keeps_none_refcount(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(10_000):
        label.setText(f"Số đến {i}")
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None refcount dropped from {before} to {after}"
    assert label.text() == "Số đến 9999"
