"""Tesseract in the process (libtesseract through ctypes) against the executable: the same
words (and text-only PDF page) for the same image and parameters, one engine reused per caller, the executable as the
fallback when the library does not load (issue 13)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from qlvb_desktop.adapters.capture import tesseract_api
from qlvb_desktop.adapters.capture.tesseract import TesseractOcr
from qlvb_desktop.adapters.capture.tesseract_api import Engine, EnginePool, shared_pool
from qlvb_desktop.adapters.extract.handwriting import PEN_VARIABLES
from tests.adapters.capture.pages import text_page

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _pool() -> EnginePool:
    pool = shared_pool()
    if pool is None:
        if Path("/etc/debian_version").exists() and not os.environ.get("QLVB_TESSERACT_PROCESS"):
            # tesseract-ocr depends on libtesseract5: here a None is a loading bug, not a machine without it.
            pytest.fail("libtesseract.so.5 did not load on Debian (package libtesseract5)")
        pytest.skip("libtesseract cannot be loaded here")
    return pool


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    """The top of a generated page, gray at 200 dpi (a band as the extractor reads one)."""
    return text_page(dpi=200, color=False)[150:900]


@pytest.mark.parametrize(("single_line", "block"), [(False, False), (False, True)])
def test_same_words_as_the_executable(tmp_path: Path, page: np.ndarray, single_line: bool, block: bool) -> None:
    _pool()
    ocr = TesseractOcr("vie")
    path = tmp_path / "band.png"
    assert cv2.imwrite(str(path), page)
    by_process = ocr.words(path, 200, single_line=single_line, block=block)
    in_process = ocr.read_image(page, 200, single_line=single_line, block=block)
    assert len(in_process) > 20
    assert in_process == by_process  # text, confidence, box, block and line of every word


def test_same_line_as_the_executable(tmp_path: Path, page: np.ndarray) -> None:
    _pool()
    line = text_page(dpi=200, color=False)[190:250, 150:1500]
    path = tmp_path / "line.png"
    assert cv2.imwrite(str(path), line)
    ocr = TesseractOcr("vie")
    by_process = ocr.words(path, 200, single_line=True)
    assert by_process
    assert ocr.read_image(line, 200, single_line=True) == by_process


def test_same_digits_as_the_executable(tmp_path: Path) -> None:
    """The pen reader's second reading: eng, one word, digits only, no resolution given."""
    pool = _pool()
    img = np.full((80, 160), 255, np.uint8)
    cv2.putText(img, "47", (30, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 4)
    path = tmp_path / "pen.png"
    assert cv2.imwrite(str(path), img)
    cmd = ["tesseract", str(path), "stdout", "-l", "eng", "--psm", "8", "-c", "tessedit_char_whitelist=0123456789"]
    by_process = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    with pool.engine("eng", PEN_VARIABLES) as engine:
        assert engine.text(img, None, psm=8) == by_process
    assert "".join(c for c in by_process if c.isdigit()) == "47"


def test_a_caller_reuses_one_engine(page: np.ndarray) -> None:
    """The model is loaded once per engine: calls one after another take the same engine,
    and a pool holds no more engines than calls that ran side by side."""
    pool = _pool()
    ocr = TesseractOcr("vie")
    ocr.read_image(page[:200], 200)
    made = pool.created
    with pool.engine("vie") as first:
        pass
    calls = first.calls
    for _ in range(3):
        ocr.read_image(page[:200], 200)
    assert pool.created == made
    with pool.engine("vie") as again:
        assert again is first
    assert first.calls == calls + 3

    barrier = threading.Barrier(2)
    engines: list[object] = []

    def side_by_side() -> None:
        with pool.engine("vie") as engine:
            engines.append(engine)
            barrier.wait(timeout=60)

    threads = [threading.Thread(target=side_by_side) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len({id(e) for e in engines}) == 2
    # At most the one engine the two callers needed more: then reused by both.
    assert pool.created <= made + 1
    before = pool.created
    pool.warm("vie", 2)
    assert pool.created == before


def test_executable_when_the_library_is_not_there(
    monkeypatch: pytest.MonkeyPatch, page: np.ndarray, caplog: pytest.LogCaptureFixture
) -> None:
    pool = _pool()
    expected = TesseractOcr("vie").read_image(page[:300], 200)
    monkeypatch.setattr(tesseract_api, "_pool", None)
    monkeypatch.setattr(tesseract_api, "_tried", False)
    monkeypatch.setattr(tesseract_api, "_CANDIDATES", ("libtesseract-not-here.so.9",))
    monkeypatch.setattr(tesseract_api.ctypes.util, "find_library", lambda name: None)
    with caplog.at_level(logging.WARNING, logger=tesseract_api.__name__):
        assert shared_pool() is None
    assert "tesseract executable" in caplog.text
    created = pool.created
    assert TesseractOcr("vie").read_image(page[:300], 200) == expected
    assert pool.created == created


def test_intake_page_same_as_the_executable(tmp_path: Path, page: np.ndarray) -> None:
    """Capture's OCR step: the same TSV and the same text-only PDF page (but for its creation
    date); the engine then reads at the resolution its next call gives, not the page's."""
    pool = _pool()
    pgm = tmp_path / "page.pgm"
    assert cv2.imwrite(str(pgm), page)
    by_process, pdf_process = TesseractOcr("vie", exe=shutil.which("tesseract")).recognize(pgm, 300, tmp_path / "exe")
    in_process, pdf_library = TesseractOcr("vie").recognize(pgm, 300, tmp_path / "lib")
    assert len(in_process) > 20
    assert in_process == by_process
    assert (tmp_path / "lib.tsv").read_text(encoding="utf-8") == (tmp_path / "exe.tsv").read_text(encoding="utf-8")

    def undated(pdf: Path) -> bytes:
        return re.sub(rb"/CreationDate \(D:[^)]*\)", b"", pdf.read_bytes())

    assert undated(pdf_library) == undated(pdf_process)
    assert b"CreationDate" in pdf_library.read_bytes()
    with pool.engine("vie") as engine:
        assert engine.int_variable("user_defined_dpi") == 0  # the page's --dpi is not kept
        after = engine.tsv(page[:300], 200)
    fresh = Engine(pool.library, "vie")
    try:
        assert after == fresh.tsv(page[:300], 200)
    finally:
        fresh.close()
