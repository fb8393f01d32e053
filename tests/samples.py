"""Small real files for tests that attach documents: the register checks attachments at the door
(a PDF must open), so a few bytes starting with "%PDF" no longer pass for a PDF."""

from __future__ import annotations

from pathlib import Path

import pikepdf


def tiny_pdf(path: Path, tag: str = "", pages: int = 1) -> Path:
    """A real PDF of `pages` blank A4 pages; `tag` (kept in its metadata) makes the bytes unique."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    if tag:
        pdf.docinfo["/Subject"] = tag
    pdf.save(path, deterministic_id=True)
    return path


def random_pdf(path: Path, size: int) -> Path:
    """A real PDF of about `size` bytes whose content is random (no two alike, nothing to compress):
    one page and an unreferenced-looking stream of random bytes attached to it."""
    import os

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    blob = pikepdf.Stream(pdf, os.urandom(max(0, size - 600)))
    pdf.pages[0].obj["/QlvbPadding"] = pdf.make_indirect(blob)
    pdf.save(path, compress_streams=False)
    return path
