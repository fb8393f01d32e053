"""Captured page images on disk for the paper intake's work in progress (OpenCV, lossless PNG)."""

from __future__ import annotations

import errno
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.domain.capture import RawPage
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem
from qlvb_desktop.services.atomic_file import atomic_path

# Fast PNG: the page is written once per capture, in the background, and read back once.
_PNG = [cv2.IMWRITE_PNG_COMPRESSION, 1]
_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


class PngPageFiles:
    def save(self, image: object, path: Path) -> tuple[int, int]:
        pixels = np.asarray(image)
        try:
            # The one atomic writer; OpenCV opens the file itself and picks PNG by the suffix.
            with atomic_path(path, suffix=".part.png", shared=True) as part:
                if not cv2.imwrite(str(part), pixels, _PNG):
                    raise OSError(errno.ENOSPC, "cv2.imwrite failed")
        except OSError:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không ghi được trang quét vào {path}; kiểm tra chỗ trống trên đĩa."),
                path=str(path.parent),
            ) from None
        return int(pixels.shape[1]), int(pixels.shape[0])

    def load(self, path: Path, rotation: int, dpi: int, origin: str) -> RawPage:
        pixels = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        if pixels is None:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không đọc được trang đã quét {path}."), path=str(path)
            )
        turn = _TURNS.get(rotation % 360)
        if turn is not None:
            pixels = cv2.rotate(pixels, turn)
        return RawPage(np.ascontiguousarray(pixels), dpi, origin, upright=True)
