"""The `OCR` step: one Tesseract run per page gives both the words (TSV) and the text layer.

The words of an image (the extractor's bands, columns and lines) are read in the process by
libtesseract when it loads (`tesseract_api`: no process start, the model loaded once); the
executable is the fallback, with the same parameters and the same words.

Tesseract's `pdf` renderer with `textonly_pdf=1` writes a page holding only the invisible
text (render mode 3) in its own embedded glyph-less font; the PDF writer lays that page over
the image page. `OMP_THREAD_LIMIT=1`: pages run in parallel, one core each; Tesseract's own
OpenMP threads would oversubscribe the cores and run several times slower.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np

from qlvb_desktop.adapters.capture.tesseract_api import PSM_AUTO, shared_pool
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem
from qlvb_desktop.domain.ocr import OcrPage, OcrWord, parse_tesseract_tsv

TIMEOUT_SECONDS = 300


def tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def tesseract_problem(language: str = "vie") -> str | None:
    """Why OCR cannot run here, or None when it can (ARCHITECTURE practice 5)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "chưa cài Tesseract (gói tesseract-ocr)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"không chạy được Tesseract: {exc}"
    langs = {line.strip() for line in out.stdout.splitlines()[1:]}
    missing = [lang for lang in language.split("+") if lang not in langs]
    if missing:
        return f"thiếu dữ liệu ngôn ngữ {', '.join(missing)} của Tesseract (gói tesseract-ocr-vie)"
    return None


def available_languages(exe: str = "tesseract") -> list[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=tesseract_env())
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.strip() for line in out.stdout.splitlines()[1:] if line.strip()]


class TesseractOcr:
    """One Tesseract process per page (pages run side by side, one core each). Capture asks for
    the words and the text-only PDF page (`recognize`); the metadata extractor for the words of
    a part of a page only (`words`)."""

    def __init__(self, language: str = "vie", exe: str | None = None) -> None:
        self.language = language
        self.exe = exe or shutil.which("tesseract") or "tesseract"
        # An executable named by the caller is the one run; else the library, when it loads.
        self.in_process = exe is None
        # A check that passed is not repeated: `tesseract --list-langs` is a process of its own
        # (20-50 ms) and the extractor checks before every OCR step of a document. A failed check
        # is asked again, so a language package installed meanwhile is seen.
        self._checked = False

    def check(self) -> None:
        """Raise EnvironmentProblem when Tesseract or its language data is not installed."""
        if self._checked:
            return
        pool = shared_pool() if self.in_process else None
        if pool is not None:
            # The model the calls will use, loaded now: no `--list-langs` process.
            try:
                with pool.engine(self.language):
                    self._checked = True
                    return
            except OSError:
                pass  # the executable's check below says what is missing
        if shutil.which(self.exe) is None:
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
        self._checked = True

    def _run(self, image_path: Path, dpi: int, out_base: Path, *extra: str) -> None:
        cmd = [self.exe, str(image_path), str(out_base), "-l", self.language, "--dpi", str(dpi), *extra]
        try:
            proc = subprocess.run(cmd, capture_output=True, env=tesseract_env(), timeout=TIMEOUT_SECONDS, check=False)
        except FileNotFoundError as exc:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Chưa cài Tesseract OCR; hãy cài gói tesseract-ocr và tesseract-ocr-vie.")
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Nhận dạng chữ (OCR) trang {page} quá lâu, đã dừng."),
                page=image_path.stem,
            ) from exc
        made = [out_base.with_suffix("." + kind) for kind in extra if kind in ("pdf", "tsv")]
        if proc.returncode != 0 or not all(p.exists() for p in made):
            reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Tesseract không nhận dạng được trang {page}: {reason}"),
                page=image_path.stem,
                reason=reason[0],
            )

    def recognize(self, image_path: Path, dpi: int, out_base: Path) -> tuple[list[OcrWord], Path]:
        """Words of the page and the path of its text-only PDF page."""
        pool = shared_pool() if self.in_process else None
        if pool is None:
            self._run(image_path, dpi, out_base, "-c", "textonly_pdf=1", "pdf", "tsv")
        else:
            with pool.engine(self.language) as engine:
                done = engine.render(image_path, out_base, dpi)
            if not done or not all(out_base.with_suffix(k).exists() for k in (".pdf", ".tsv")):
                raise EnvironmentProblem(
                    QT_TRANSLATE_NOOP("Errors", "Tesseract không nhận dạng được trang {page}: {reason}"),
                    page=image_path.stem,
                    reason="libtesseract",
                )
        words = parse_tesseract_tsv(out_base.with_suffix(".tsv").read_text(encoding="utf-8"))
        return words, out_base.with_suffix(".pdf")

    def words(self, image_path: Path, dpi: int, single_line: bool = False, block: bool = False) -> list[OcrWord]:
        """Words of an image (a page, a strip of one, one line, or with `block` one block of
        lines read without looking for columns and pictures), nothing else written."""
        out_base = image_path.with_name(image_path.stem + "-words")
        psm = ("--psm", "7") if single_line else ("--psm", "6") if block else ()
        self._run(image_path, dpi, out_base, *psm, "tsv")
        return parse_tesseract_tsv(out_base.with_suffix(".tsv").read_text(encoding="utf-8"))

    def read_image(self, image: np.ndarray, dpi: int, single_line: bool = False, block: bool = False) -> list[OcrWord]:
        """`words` of an image in memory (8-bit gray, or BGR as OpenCV holds it): in the process
        when libtesseract is loaded, else through a PNG and the executable."""
        pool = shared_pool() if self.in_process else None
        if pool is None:
            with tempfile.TemporaryDirectory(prefix="qlvb-ocr-") as tmp:
                path = Path(tmp) / "image.png"
                _write_png(path, image)
                return self.words(path, dpi, single_line, block)
        psm = 7 if single_line else 6 if block else PSM_AUTO
        try:
            with pool.engine(self.language) as engine:
                tsv = engine.tsv(image, dpi, psm)
        except OSError as exc:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Tesseract không nhận dạng được trang {page}: {reason}"),
                page="?",
                reason=str(exc),
            ) from exc
        return parse_tesseract_tsv(tsv)

    def page(
        self,
        image_path: Path,
        width: int,
        height: int,
        dpi: int,
        out_base: Path,
        rotation: int = 0,
        skew: float = 0.0,
    ) -> tuple[OcrPage, Path]:
        words, pdf = self.recognize(image_path, dpi, out_base)
        return OcrPage(width, height, dpi, tuple(words), rotation, skew, self.language, "ocr"), pdf


def _write_png(path: Path, image: np.ndarray) -> None:
    if not cv2.imwrite(str(path), image):
        raise OSError(f"cannot write {path}")
