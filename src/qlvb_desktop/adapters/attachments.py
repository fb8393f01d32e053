"""Checking an attached file at the door (SPEC §10): its kind from its bytes
(`domain.attachments`), then that it really opens: a PDF that is complete, not encrypted and not
too long; an image that decodes and is not a decompression bomb; an Office file whose container
opens. Run on the stored copy, so what is checked is what is kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from qlvb_desktop.adapters.capture.inputs import open_pdf_checked
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
