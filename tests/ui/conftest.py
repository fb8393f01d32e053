"""Fixtures of the GUI tests: real services on a real SQLite file in a temporary data folder,
the window offscreen, Qt warnings failing the test (pyproject: qt_log_level_fail)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from qlvb_desktop.app import Core, build_core, save_settings
from qlvb_desktop.domain.report import Organization

ROOT = Path(__file__).resolve().parents[2]


def load_bench() -> Any:
    """bench/register_gui.py, whose `fill` builds big registers with direct SQL."""
    spec = importlib.util.spec_from_file_location("register_gui_bench", ROOT / "bench" / "register_gui.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session", autouse=True)
def _gui_application(qapp: Any) -> None:
    from qlvb_desktop.ui.main import make_application

    make_application(["pytest"], "vi")


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    core = build_core(tmp_path / "data")
    yield core
    core.close()


def make_context(core: Core, language: str = "vi") -> Any:
    from qlvb_desktop.ui.context import GuiContext

    organization = Organization("SỞ TÀI CHÍNH", "000.00.04.G14", "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG")
    if core.station is not None:  # a named organization: no first-run question
        core.station.apply({"organization": {"name": organization.name, "code": organization.code,
                                             "parent": organization.parent}})
    return GuiContext(
        register=core.register,
        reports=core.reports,
        organization=organization,
        save_settings=lambda org, lang: save_settings(core, org, lang),
        data_dir=core.data_dir,
        language=language,
        daily=core.daily,
        station=core.station,
    )


@pytest.fixture
def ctx(core: Core) -> Any:
    return make_context(core)


@pytest.fixture
def ops() -> Iterator[Any]:
    from qlvb_desktop.ui.operations import Operations

    operations = Operations()
    yield operations
    operations.shutdown()


def sample(**overrides: Any) -> dict[str, Any]:
    data = {
        "issuer": "Sở Tài chính tỉnh Tuyên Quang",
        "doc_type": "Quyết định",
        "subject": "Về việc phê duyệt dự toán ngân sách năm 2026",
        "number": "15/QĐ-STC",
        "issued_date": "2026-01-05",
        "received_at": "2026-01-07T09:00:00+07:00",
        "signer_name": "Đặng Văn Quyết",
    }
    data.update(overrides)
    return data


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> Iterator[Any]:
    from qlvb_desktop.ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.model.ids_loaded, timeout=10_000):
        win.show()
    yield win
    win.close()


@pytest.fixture(scope="session")
def big_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200,000-row register built with direct SQL inserts (a few seconds)."""
    data_dir = tmp_path_factory.mktemp("big") / "data"
    count = load_bench().fill(data_dir, 200_000)
    assert count == 200_000
    return data_dir


def type_text(widget: Any, text: str) -> None:
    """Type `text` key by key like a Vietnamese keyboard (Unikey) delivers it.

    QTest.keyClicks aborts the process on letters outside Latin-1 ("ở", "ệ"), so each
    character goes as a key event carrying its text."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
