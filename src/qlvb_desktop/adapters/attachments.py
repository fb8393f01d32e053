"""Checking an attached file at the door (SPEC §10): its kind from its bytes
(`domain.attachments`), then that it really opens: a PDF that is complete, not encrypted and not
too long; an image that decodes and is not a decompression bomb; an Office file whose container
opens. Run on the stored copy, so what is checked is what is kept. Imports only pikepdf and
Pillow: the window's write thread runs it, and OpenCV's first import would stall the event loop."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
from PIL import Image, ImageSequence, UnidentifiedImageError

from qlvb_desktop.domain.attachments import Kind, check_kind, check_pages, check_pixels
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError

CTX = "Errors"


def inspect_attachment(path: Path, name: str) -> Kind:
    """The file's kind, or a UserError (one sentence naming `name`) why it is refused."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(1024)
    kind = check_kind(name, Path(name).suffix, head, size)
    if kind is Kind.PDF:
        open_pdf_checked(path, name).close()
    elif kind in (Kind.JPEG, Kind.PNG, Kind.TIFF):
        _check_image(path, name)
    elif kind is Kind.ZIP:
        try:
            with zipfile.ZipFile(path) as z:
                z.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UserError(
                QT_TRANSLATE_NOOP(CTX, "Tệp {name} bị hỏng hoặc chưa chép hết; hãy lấy lại bản đầy đủ."), name=name
            ) from exc
    return kind


def _check_image(path: Path, name: str) -> None:
    try:
        with Image.open(path) as im:
            for i, frame in enumerate(ImageSequence.Iterator(im)):
                check_pixels(name, *frame.size)
                check_pages(name, i + 1)
            im.seek(0)
            # Decoding at 1/8 scale reads every byte (a cut-short file fails) for a fraction of
            # the memory of the full image.
            im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
            im.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} không đọc được (ảnh hỏng hoặc không đúng định dạng)."), name=name
        ) from exc


def open_pdf_checked(path: Path, name: str | None = None) -> pikepdf.Pdf:
    """The PDF opened, or one sentence why not: not a PDF, damaged or cut short (no `%%EOF` at
    its end: qpdf would silently rebuild what is left), encrypted, no pages, too many pages.
    `name` is what the clerk calls the file (a stored copy has a temporary name)."""
    name = name or path.name
    unreadable = QT_TRANSLATE_NOOP("Errors", "Tệp {name} không đọc được (PDF hỏng hoặc không phải PDF).")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} được mã hóa bằng mật khẩu; hãy gửi bản không mã hóa."),
            name=name,
        ) from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise UserError(unreadable, name=name) from exc
    try:
        _check_opened(pdf, path, name, unreadable)
    except BaseException:
        pdf.close()
        raise
    return pdf


def _check_opened(pdf: pikepdf.Pdf, path: Path, name: str, unreadable: str) -> None:
    if pdf.is_encrypted:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Tệp {name} được mã hóa bằng mật khẩu; hãy gửi bản không mã hóa."),
            name=name,
        )
    try:
        with path.open("rb") as f:
            f.seek(max(0, path.stat().st_size - 2048))
            complete = b"%%EOF" in f.read()
        pages = len(pdf.pages)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise UserError(unreadable, name=name) from exc
    if not complete:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "Errors", "Tệp {name} bị cắt cụt (PDF chưa chép hoặc tải về hết); hãy lấy lại bản đầy đủ."
            ),
            name=name,
        )
    if pages == 0:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Tệp {name} không có trang nào."), name=name)
    check_pages(name, pages)
