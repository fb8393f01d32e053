"""Tesseract as a subprocess: one pass per page, TSV words with boxes, one thread each
(`OMP_THREAD_LIMIT=1`) so pages can run side by side on the available cores."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem
from qlvb_desktop.domain.ocr import OcrPage, parse_tesseract_tsv

LANGUAGES = ("vie", "Vietnamese")


def tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def available_languages(exe: str = "tesseract") -> list[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=tesseract_env())
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.strip() for line in out.stdout.splitlines()[1:] if line.strip()]


class TesseractOcr:
    def __init__(self, language: str = "vie", exe: str | None = None) -> None:
        self.language = language
        self.exe = exe or shutil.which("tesseract") or ""

    def check(self) -> None:
        if not self.exe:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP(
                    "Errors", "Chưa cài Tesseract OCR; cài gói tesseract-ocr và tesseract-ocr-vie rồi thử lại."
                )
            )
        if self.language not in available_languages(self.exe):
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP(
                    "Errors", "Tesseract chưa có dữ liệu ngôn ngữ “{language}”; cài gói {package} rồi thử lại."
                ),
                language=self.language,
                package="tesseract-ocr-script-viet" if self.language == "Vietnamese" else "tesseract-ocr-vie",
            )

    def orientation(self, gray: np.ndarray, dpi: int) -> int:
        """Degrees to turn the page clockwise so its text is upright (Tesseract OSD), 0 if unsure."""
        scale = min(1.0, 150 / dpi)
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
        with tempfile.TemporaryDirectory(prefix="qlvb-osd-") as tmp:
            image = Path(tmp) / "page.png"
            cv2.imwrite(str(image), small)
            cmd = [self.exe, str(image), "stdout", "--psm", "0", "--dpi", str(int(dpi * scale))]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=tesseract_env())
            except subprocess.TimeoutExpired:
                return 0
        rotate, conf = 0, 0.0
        for line in proc.stdout.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "Rotate":
                rotate = int(value.strip() or 0)
            elif key.strip() == "Orientation confidence":
                conf = float(value.strip() or 0)
        return rotate if conf >= 1.5 else 0

    def read(self, gray: np.ndarray, dpi: int, rotation: int = 0, skew: float = 0.0, offset: int = 0) -> OcrPage:
        """Words of the image; `offset` (pixels) is added to their tops when it is a strip of a page."""
        with tempfile.TemporaryDirectory(prefix="qlvb-ocr-") as tmp:
            image = Path(tmp) / "page.png"
            cv2.imwrite(str(image), gray)
            cmd = [self.exe, str(image), "stdout", "-l", self.language, "--psm", "3", "--dpi", str(dpi), "tsv"]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=tesseract_env())
            except subprocess.TimeoutExpired:
                raise EnvironmentProblem(
                    QT_TRANSLATE_NOOP("Errors", "Tesseract không trả lời sau {seconds} giây."), seconds=300
                ) from None
            if proc.returncode != 0:
                raise EnvironmentProblem(
                    QT_TRANSLATE_NOOP("Errors", "Tesseract báo lỗi: {reason}"),
                    reason=(proc.stderr.strip().splitlines() or ["?"])[-1],
                )
        words = parse_tesseract_tsv(proc.stdout)
        if offset:
            words = [replace(w, box=replace(w.box, top=w.box.top + offset)) for w in words]
        h, w = gray.shape[:2]
        return OcrPage(w, h, dpi, tuple(words), rotation, skew, self.language, "ocr")
