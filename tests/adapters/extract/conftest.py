"""Generated scans for the extraction tests (real Tesseract, no corpus)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.adapters.extract.docgen import Doc, write_scan

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.fixture(scope="session")
def decision_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Doc, list[Path]]:
    doc = Doc(urgency="Khẩn")
    return doc, write_scan(doc, tmp_path_factory.mktemp("scan") / "qd.jpg")
