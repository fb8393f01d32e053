"""The OpenCV cleanup on generated pages turned and skewed by known angles."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from qlvb_desktop.adapters.capture.imaging import OpenCvCleaner
from qlvb_desktop.adapters.capture.separator import write_separator_sheet
from qlvb_desktop.domain.capture import QualityWarning, RawPage
from tests.adapters.capture.pages import add_noise, blank_page, dark_border, skew, text_page, turn

cleaner = OpenCvCleaner()


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return add_noise(text_page(200))


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("angle", [-14.0, -3.3, 0.4, 9.7])
def test_orientation_and_skew_are_found_and_fixed(page, rotation, angle):
    clean = cleaner.clean(RawPage(turn(skew(page, angle), rotation), 200, "p"))
    assert clean.rotation == (360 - rotation) % 360
    assert abs(clean.skew - angle) <= 0.5
    # The result is level: a second pass finds nothing left to fix.
    again = cleaner.clean(RawPage(clean.image, 200, "p"))
    assert again.rotation == 0 and abs(again.skew) <= 0.5
    assert clean.image.ndim == 3  # colour kept


def test_gray_page_stays_gray(page):
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    clean = cleaner.clean(RawPage(turn(gray, 180), 200, "p"))
    assert clean.rotation == 180 and clean.image.ndim == 2


def test_blank_pages_are_flagged_with_a_score(page):
    blank = cleaner.clean(RawPage(blank_page(noise=8), 200, "b"))
    assert blank.blank and blank.ink_ratio < 0.0005
    one_line = cleaner.clean(RawPage(text_page(200, lines=["Trang này để trống có chủ ý."]), 200, "l"))
    assert not one_line.blank and one_line.ink_ratio > 0.0005
    full = cleaner.clean(RawPage(page, 200, "f"))
    assert not full.blank and full.ink_ratio > one_line.ink_ratio


def test_dark_scanner_border_is_cropped(page):
    framed = dark_border(page, 40)
    clean = cleaner.clean(RawPage(framed, 200, "f"))
    left, top, right, bottom = clean.cropped
    assert 40 <= top <= 50 and 40 <= bottom <= 50 and 50 <= left <= 60 and 40 <= right <= 50
    assert float(clean.image[:5].mean()) > 200  # no black band left at the top


def test_quality_warnings(page):
    def warnings(image, dpi=200):
        return set(cleaner.clean(RawPage(image, dpi, "q")).warnings)

    assert warnings(page) == set()
    assert QualityWarning.BLURRY in warnings(cv2.GaussianBlur(page, (0, 0), 3))
    assert QualityWarning.TOO_DARK in warnings((page * 0.45).astype(np.uint8))
    assert QualityWarning.TOO_LIGHT in warnings((255 - (255 - page.astype(np.float32)) * 0.2).astype(np.uint8))
    small = cv2.resize(page, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    low = cleaner.clean(RawPage(small, 100, "q"))
    assert QualityWarning.LOW_DPI in low.warnings
    assert low.dpi == 200 and low.image.shape[1] == small.shape[1] * 2  # resampled, same physical size


def test_separator_sheet_is_recognized(tmp_path, page):
    pdf = write_separator_sheet(tmp_path / "sep.pdf")
    doc = pdfium.PdfDocument(str(pdf))
    image = doc[0].render(scale=200 / 72).to_numpy()[:, :, :3].copy()
    doc.close()
    scanned = add_noise(skew(image, 2.0))
    assert cleaner.clean(RawPage(scanned, 200, "s")).separator
    assert not cleaner.clean(RawPage(page, 200, "p")).separator


def test_a_page_the_clerk_turned_is_not_turned_again(page):
    sideways = turn(page, 90)
    clean = cleaner.clean(RawPage(sideways, 200, "p", upright=True))
    assert clean.rotation == 0 and clean.skew == 0.0 and clean.image.shape == sideways.shape


def _signature_page() -> np.ndarray:
    """The last page of a letter: a few lines, a red seal and a blue signature, mostly empty."""
    page = text_page(200, lines=["Nơi nhận:", "- Như trên;", "- Lãnh đạo cơ quan;", "- Lưu: VT, Văn phòng."])
    cv2.circle(page, (1150, 420), 130, (40, 40, 210), 9)
    xs = np.arange(1000, 1450)
    ys = (470 + 45 * np.sin((xs - 1000) / 22.0)).astype(np.int32)
    cv2.polylines(page, [np.column_stack([xs, ys])], False, (180, 60, 20), 5)
    return add_noise(page)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_signature_page_with_few_lines_is_turned_right(rotation):
    clean = cleaner.clean(RawPage(turn(skew(_signature_page(), 2.0), rotation), 200, "s"))
    assert clean.rotation == (360 - rotation) % 360
    assert abs(clean.skew - 2.0) <= 0.5
