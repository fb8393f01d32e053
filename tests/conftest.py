"""Suite-wide setup: Qt offscreen, no stray user data, a fresh data directory per test."""

from __future__ import annotations

import os
from pathlib import Path

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
