"""What a signed PDF carries besides its page: the words its signature appearances draw over
the page, and when it was signed.

A born-digital document signed through the province's system keeps its template's gaps in the
text layer (`Số: /TB-UBND`, `ngày tháng 01`): the number and the day are drawn by the issuing
office's signature appearances placed into those gaps. Flattening a copy of the page with
pdfium puts the appearances' text after the page's own, so the words past the page's own
characters are the appearances' words (the gazette centre's box with its e-mail and time among
them: the extractor uses these words only to fill the template's gaps).

The signing times are read from the signature dictionaries (`/M`) with pikepdf, without
validating anything (that is the verifier's work, issue 14): they only bound the document date.
So are the signer certificates' subjects (common name, organization): evidence that raises the
confidence of the signer's name or the issuer read on the page when they match it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from qlvb_desktop.adapters.capture.inputs import PDFIUM_LOCK, pdf_text_words
from qlvb_desktop.domain.extraction.model import SignerSubject
from qlvb_desktop.domain.ocr import OcrWord
from qlvb_desktop.domain.text import nfc

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-]\d{2}'?\d{2}'?)?")
VIETNAM = timezone(timedelta(hours=7))


def appearance_words(path: Path) -> list[tuple[OcrWord, ...]]:
    """Per page, the words drawn by its annotations' appearances (boxes in points, as the
    page's own words)."""
    out: list[tuple[OcrWord, ...]] = []
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            return []
        try:
            for i in range(len(doc)):
                page = doc[i]
                own = page.get_textpage()
                count = own.count_chars()
                own.close()
                flattened = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
                page.close()
                if flattened != pdfium_c.FLATTEN_SUCCESS:
                    out.append(())
                    continue
                page = doc[i]
                try:
                    words, _ = pdf_text_words(page, first=count)
                finally:
                    page.close()
                out.append(words.words)
        finally:
            doc.close()  # the flattened copy lives only in memory: the file is not touched
    return out


def _parse_pdf_date(text: str) -> datetime | None:
    m = _PDF_DATE.match(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    tz = VIETNAM
    if zone and zone not in "Zz":
        digits = zone.replace("'", "")
        sign = -1 if digits[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5] or 0)))
    elif zone:
        tz = UTC
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz
        ).astimezone(VIETNAM)
    except ValueError:
        return None


def signing_times(path: Path) -> list[datetime]:
    """When each signature of a PDF says it was made (Vietnam time), earliest first; [] for a
    file that is not a signed PDF."""
    if path.suffix.lower() != ".pdf":
        return []
    times: list[datetime] = []
    try:
        with pikepdf.open(path) as pdf:
            acro = pdf.Root.get("/AcroForm")
            stack = list(acro.get("/Fields", [])) if acro is not None else []
            while stack:
                field = stack.pop()
                value = field.get("/V")
                if field.get("/FT") == pikepdf.Name.Sig and value is not None and "/M" in value:
                    when = _parse_pdf_date(str(value.get("/M")))
                    if when is not None:
                        times.append(when)
                stack.extend(field.get("/Kids", []))
    except (pikepdf.PdfError, OSError, ValueError, AttributeError, TypeError):
        return []
    return sorted(times)


def _signature_values(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    acro = pdf.Root.get("/AcroForm")
    stack = list(acro.get("/Fields", [])) if acro is not None else []
    found = []
    while stack:
        field = stack.pop()
        value = field.get("/V")
        if field.get("/FT") == pikepdf.Name.Sig and value is not None:
            found.append(value)
        stack.extend(field.get("/Kids", []))
    return found


def _subject(contents: bytes) -> SignerSubject | None:
    """The signer certificate's common name and organization from a CMS signature (the
    certificate the signer info names, not its issuers)."""
    from asn1crypto import cms  # pyHanko's dependency; imported when a signed PDF is read

    signed = cms.ContentInfo.load(contents.rstrip(b"\0"))["content"]
    certs = [c.chosen for c in signed["certificates"] if c.name == "certificate"]
    sid = signed["signer_infos"][0]["sid"]
    for cert in certs:
        if sid.name == "issuer_and_serial_number" and cert.serial_number == sid.chosen["serial_number"].native:
            subject = cert.subject.native
            return SignerSubject(nfc(subject.get("common_name", "")), nfc(subject.get("organization_name", "")))
    return None


def signer_subjects(path: Path) -> list[SignerSubject]:
    """The subject of each signature's signer certificate; [] for a file that is not a signed
    PDF or whose signatures cannot be parsed (nothing is validated here)."""
    if path.suffix.lower() != ".pdf":
        return []
    out: list[SignerSubject] = []
    try:
        with pikepdf.open(path) as pdf:
            for value in _signature_values(pdf):
                contents = value.get("/Contents")
                if contents is None:
                    continue
                try:
                    subject = _subject(bytes(contents))
                except (ValueError, TypeError, KeyError, IndexError):
                    continue  # not CMS as expected: no evidence from it
                if subject is not None:
                    out.append(subject)
    except (pikepdf.PdfError, OSError, ValueError, AttributeError, TypeError):
        return []
    return out
