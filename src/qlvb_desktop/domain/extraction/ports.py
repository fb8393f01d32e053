"""Ports of the extractor: where pages and their words come from, where knowledge is kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from qlvb_desktop.domain.extraction.corrections import Corrections
from qlvb_desktop.domain.extraction.directory import IssuerDirectory
from qlvb_desktop.domain.extraction.fields import PageRead
from qlvb_desktop.domain.extraction.model import SignerSubject
from qlvb_desktop.domain.ocr import Box, OcrWord


@dataclass
class PreparedPage:
    """A page loaded and cleaned, not necessarily OCRed yet. `read` is set once its words are
    known (at once for a born-digital page, whose text layer is used as it is)."""

    origin: str
    blank: bool
    handle: object = None  # adapter-owned image
    read: PageRead | None = None
    sealed: bool = False  # blank but for a seal: nothing to read, still a page of the document


class PageSource(Protocol):
    """Loads the files of one document as pages, and OCRs the pages asked for."""

    language: str

    def prepare(self, paths: Sequence[Path]) -> list[PreparedPage]: ...

    def ocr(self, pages: Sequence[PreparedPage], parts: Sequence[str] | None = None) -> None:
        """Fill `read` of each page (in parallel where the machine allows). `parts` says, per
        page, what is needed: "all", "head" (the header: upper part) or "foot" (the closing
        blocks: the lower part of the text); words outside it may be left out."""
        ...

    def signed_on(self, paths: Sequence[Path]) -> date | None:
        """The day (Vietnam time) of the earliest signature of a signed PDF, else None."""
        ...

    def signers(self, paths: Sequence[Path]) -> list[SignerSubject]:
        """The subjects of a signed PDF's signer certificates ([] for anything else)."""
        ...

    def read_part(self, page: PreparedPage, part: str) -> tuple[int, list[OcrWord]] | None:
        """Read a part of a page again on its own: "foot" (as in `ocr`), or "signer" (the foot
        with its right column, where the signer block is, read as one block of lines: a seal over
        the block makes the page's layout analysis drop the column). The first row of the part
        and its words in page coordinates. None when the page has no image."""
        ...

    def read_line(self, page: PreparedPage, box: Box, darkest: bool = True) -> list[OcrWord] | None:
        """Read one line of a page again on its own, around `box` (a few line heights to its
        left: a seal may have hidden its first letters), with only the darkest ink kept (all of
        it with `darkest` False: thinning the ink may cost a tone mark). None when the page has
        no image (a text layer is read as it is)."""
        ...


class CorrectionStore(Protocol):
    """Where the clerk's corrections are kept on this workstation."""

    def load(self) -> Corrections: ...

    def save(self, corrections: Corrections) -> None: ...


class DirectorySource(Protocol):
    def load(self) -> IssuerDirectory: ...
