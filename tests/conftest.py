"""Suite-wide setup: Qt offscreen, no stray user data, a fresh data directory per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["OMP_THREAD_LIMIT"] = "1"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real user's data directory."""
    data = tmp_path / "data"
    monkeypatch.setenv("QLVB_DATA_DIR", str(data))
    return data


@pytest.fixture
def core(tmp_path: Path):
    from qlvb_desktop.app import build_core

    core = build_core(tmp_path / "station")
    yield core
    core.close()


@pytest.fixture
def core_at() -> Iterator[Callable[[Path], Any]]:
    """build_core for a test that opens a station's core at a path of its own (or reopens one):
    every core it built is closed at teardown, so no engine's pooled sqlite connections are left
    to the garbage collector (issue 12's leak sweep; Python 3.13 warns about those)."""
    from qlvb_desktop.app import build_core

    opened: list[Any] = []

    def open_core(data_dir: Path) -> Any:
        opened.append(build_core(data_dir))
        return opened[-1]

    yield open_core
    for core in opened:
        core.close()
