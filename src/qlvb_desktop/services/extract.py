"""Use case: propose the register entry of a scanned (or born-digital) document.

prepare pages (load, upright, deskew, blank flags) -> OCR the first and last pages with content
-> read the fields by layout -> normalize the issuer with the directory -> apply the clerk's
remembered corrections. Middle pages are only counted: nothing on them is a register field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.capture import CapturedDocument
from qlvb_desktop.domain.extraction.corrections import Corrections
from qlvb_desktop.domain.extraction.dictionary import PLACE_NAMES, Dictionary
from qlvb_desktop.domain.extraction.directory import IssuerDirectory
from qlvb_desktop.domain.extraction.evidence import check_signers
from qlvb_desktop.domain.extraction.fields import PageRead, extract_fields, name_with_marks, reread_name
from qlvb_desktop.domain.extraction.model import CERTAIN, Extraction, FieldValue
from qlvb_desktop.domain.extraction.ports import CorrectionStore, PageSource, PreparedPage
from qlvb_desktop.domain.ocr import OcrPage

# The fields of the signer block, read again together from the closing part of a page.
SIGNER_FIELDS = ("signer_name", "signer_title", "signer_authority", "recipients")


def _reads(pages: Sequence[PreparedPage]) -> list[PageRead]:
    out = []
    for p in pages:
        if p.read is not None:
            out.append(replace(p.read, sealed=p.sealed))
        else:  # not OCRed (a middle page): counted, not read
            out.append(PageRead(OcrPage(0, 0, 0), p.blank, sealed=p.sealed))
    return out


def normalize_issuer(extraction: Extraction, directory: IssuerDirectory) -> Extraction:
    """Replace the issuer as read by its directory spelling and fill its code."""
    issuer = extraction.fields.get("issuer")
    if issuer is None or not issuer.value or not len(directory):
        return extraction
    parent = extraction.fields.get("issuer_parent")
    found = directory.match(str(issuer.value), str(parent.value) if parent else "")
    if found is None:
        return extraction
    entry, similarity = found
    conf = 0.97 if similarity >= 0.97 else max(issuer.confidence, 0.9)
    extraction.fields["issuer"] = FieldValue(entry.name, conf, issuer.where)
    extraction.issuer_code = entry.code
    if entry.parent and parent is not None and parent.value:
        pfound = IssuerDirectory([type(entry)(entry.parent)]).match(str(parent.value))
        if pfound is not None:
            extraction.fields["issuer_parent"] = FieldValue(entry.parent, max(parent.confidence, 0.93), parent.where)
    return extraction


class ExtractService:
    def __init__(
        self,
        source: PageSource,
        directory: IssuerDirectory | None = None,
        corrections: CorrectionStore | None = None,
    ) -> None:
        self.source = source
        self.directory = directory or IssuerDirectory()
        self.corrections = corrections
        self.places = Dictionary(list(PLACE_NAMES.entries))
        for e in self.directory.entries:
            if e.place:
                self.places.add(e.place)

    def extract(self, paths: Sequence[Path]) -> Extraction:
        pages = self.source.prepare(paths)
        content = [i for i, p in enumerate(pages) if not p.blank]
        if len(content) == 1:
            self.source.ocr([pages[content[0]]], ["all"])
        elif content:
            # Only the header of the first page and the closing blocks of the last are fields.
            self.source.ocr([pages[content[0]], pages[content[-1]]], ["head", "foot"])
        signed_on = self.source.signed_on(paths)
        result = extract_fields(_reads(pages), self.places, signed_on)
        if len(content) == 1 and not result.value("signer_name"):
            self._reread_foot(pages, content[0], result, signed_on)
        if content and not result.value("signer_name"):
            # A seal over the signer block (a gray scan: as dark as the text) makes the page's
            # layout analysis drop the whole column: read it as one block of lines (two small
            # Tesseract runs, before reading every page).
            self._reread_foot(pages, content[-1], result, signed_on, "signer")
        if len(content) > 2 and not result.value("signer_name"):
            # The signer block was not on the last page (an annex follows): read the others too.
            self.source.ocr([pages[i] for i in content])
            result = extract_fields(_reads(pages), self.places, signed_on)
        self._reread_signer(pages, result)
        check_signers(result, self.source.signers(paths))
        return self._finish(result)

    def _reread_foot(
        self,
        pages: Sequence[PreparedPage],
        index: int,
        result: Extraction,
        signed_on: date | None,
        part: str = "foot",
    ) -> None:
        """Tesseract, reading a whole page, now and then drops the signer's name line under the
        signature and seal, which it reads in the closing part of the page read on its own: the
        signer is read again from that part (the other fields stay as read)."""
        page = pages[index]
        again = self.source.read_part(page, part)
        if again is None or page.read is None:
            return
        top, words = again
        kept = tuple(w for w in page.read.ocr.words if w.box.bottom <= top)
        reads = _reads(pages)
        reads[index] = replace(reads[index], ocr=replace(page.read.ocr, words=kept + tuple(words)))
        foot = extract_fields(reads, self.places, signed_on)
        if not foot.value("signer_name"):
            return
        for name in SIGNER_FIELDS:
            if name in foot.fields:
                result.fields[name] = foot.fields[name]
        result.signer_line = foot.signer_line

    def _reread_signer(self, pages: Sequence[PreparedPage], result: Extraction) -> None:
        """A seal stamped over the start of the signer's name hides letters ("ũ Quang Hương"):
        a name not read for sure is read again on its own, with only the darkest ink."""
        line = result.signer_line
        if line is None or result.confidence("signer_name") >= CERTAIN:
            return
        words = self.source.read_line(pages[line.page], line.box)
        if words:
            first = result.fields.get("signer_name") or FieldValue.unread()
            result.fields["signer_name"] = reread_name(first, words, line.page)
        named = result.fields.get("signer_name")
        if named is not None and named.value and named.confidence < CERTAIN:
            scanned = self.source.read_line(pages[line.page], line.box, darkest=False)
            if scanned:
                result.fields["signer_name"] = name_with_marks(named, scanned, line.page)

    def extract_captured(self, document: CapturedDocument) -> Extraction:
        """The proposal for a document intake has just made, from the words its OCR already
        read (kept in `<file>.ocr.json`): nothing is OCRed a second time. The capture's OCR
        page carries no image, so the bold/regular cue of the header is not used."""
        blank = [p.blank for p in document.pages]
        ocr = list(document.ocr)
        if len(ocr) != len(blank):  # only the pages with content were OCRed
            content = iter(ocr)
            ocr = [OcrPage(0, 0, 0) if b else next(content, OcrPage(0, 0, 0)) for b in blank]
        reads = [PageRead(page, b) for page, b in zip(ocr, blank, strict=True)]
        return self._finish(extract_fields(reads, self.places))

    def _finish(self, result: Extraction) -> Extraction:
        normalize_issuer(result, self.directory)
        if self.corrections is not None:
            self.corrections.load().apply(result)
        return result

    def remember(self, proposed: Mapping[str, Any], confirmed: Mapping[str, Any]) -> list[str]:
        """Keep the clerk's corrections of a proposal for the next document of the same issuer."""
        if self.corrections is None:
            return []
        table: Corrections = self.corrections.load()
        changed = table.learn(proposed, confirmed)
        if changed:
            self.corrections.save(table)
        return changed
