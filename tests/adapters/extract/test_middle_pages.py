"""The middle pages of a scanned document are counted, not read: capture's cleaner only
surveys them (borders, ink: blank or not); orientation, deskew and colour separation are done
for the pages read only (issue 13, speed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from qlvb_desktop.adapters.capture.imaging import OpenCvCleaner
from qlvb_desktop.adapters.capture.inputs import read_inputs
from qlvb_desktop.adapters.extract import capture_source
from qlvb_desktop.adapters.extract.capture_source import CapturePageSource
from qlvb_desktop.adapters.extract.imaging import CleanImage
from qlvb_desktop.services.extract import ExtractService
from tests.adapters.extract.docgen import Doc, write_scan

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_scan(Doc(pages=3, skew=-0.9, seed=5), tmp_path_factory.mktemp("scan") / "three.jpg")


def test_survey_then_finish_is_clean(three_pages: list[Path]) -> None:
    cleaner = OpenCvCleaner()
    raw = read_inputs([three_pages[0]], 50 << 20).pages[0].load()
    whole = cleaner.clean(raw)
    survey = cleaner.survey(raw)
    assert not survey.blank
    parts = cleaner.finish(survey)
    assert np.array_equal(np.asarray(whole.image), np.asarray(parts.image))
    assert np.array_equal(np.asarray(whole.ocr_image), np.asarray(parts.ocr_image))
    assert (whole.rotation, whole.skew, whole.cropped, whole.warnings) == (
        parts.rotation,
        parts.skew,
        parts.cropped,
        parts.warnings,
    )
    assert cleaner.finish(survey, gentle=False).ocr_image is None


@pytest.mark.slow
def test_only_the_pages_read_are_finished(three_pages: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    source = CapturePageSource("vie")
    finished: list[str] = []
    real_finish = capture_source._finish

    def counting(page: object) -> CleanImage:
        finished.append(page.origin)  # type: ignore[attr-defined]
        return real_finish(page)  # type: ignore[arg-type]

    monkeypatch.setattr(capture_source, "_finish", counting)
    result = ExtractService(source).extract(three_pages)
    assert result.value("page_count") in (3, "3")
    assert result.value("signer_name") == "Nguyễn Văn An"
    # The signer was found on the last page: the middle one was never oriented nor finished.
    assert len(finished) == 2
    assert sorted(Path(origin.split(" ")[0]).stem for origin in finished) == ["three", "three_p3"], finished
