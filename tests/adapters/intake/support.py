"""Documents and a configured station for the paper intake tests (no corpus needed).

`paper_batch` writes what a feeder batch gives: a two-page decision with a blank back side, a
separator sheet, then an urgent official letter. `configure` points a station at the SoftHSM
token and the loopback timestamp authority of the signing tests.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from qlvb_desktop.adapters.capture.separator import write_separator_sheet
from qlvb_desktop.app import Core, build_core
from qlvb_desktop.domain.report import Organization
from tests.adapters.extract.docgen import DPI, Doc, write_scan
from tests.adapters.signing.pki import ORG, SOFTHSM_MODULE, TOKEN_LABEL, LoopbackPki

DECISION = Doc(number="15/QĐ-STC", subject_lines=("Về việc ban hành quy chế văn thư",), pages=2, seed=3)
LETTER = Doc(
    issuer="SỞ NỘI VỤ",
    issuer_lines=("SỞ NỘI VỤ",),
    number="212/SNV-VP",
    doc_type="",
    subject_lines=("V/v báo cáo công tác văn thư năm 2026",),
    urgency="Hỏa tốc",
    signer="Trần Thị Bình",
    seed=5,
)


def separator_image(folder: Path) -> Path:
    pdf = write_separator_sheet(folder / "separator.pdf")
    doc = pdfium.PdfDocument(str(pdf))
    try:
        image = doc[0].render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    out = folder / "b_separator.jpg"
    image.save(out, quality=90, dpi=(DPI, DPI))
    return out


def paper_batch(folder: Path) -> list[Path]:
    """Files in feeder order: decision (2 pages + blank back), separator, urgent letter."""
    folder.mkdir(parents=True, exist_ok=True)
    first = write_scan(DECISION, folder / "a_decision.jpg", blank_after=True)
    sep = separator_image(folder)
    second = write_scan(LETTER, folder / "c_letter.jpg")
    return [*first, sep, *second]


def one_page(folder: Path, doc: Doc = LETTER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return write_scan(doc, folder / "single.jpg")


def configure(core: Core, pki: LoopbackPki) -> Core:
    s = core.settings
    s.organization = Organization(ORG, "000.00.04.G14", "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM")
    s.pkcs11_module = SOFTHSM_MODULE
    s.token_label = TOKEN_LABEL
    s.tsa_url = pki.tsa_url
    core.settings_store.save(s)
    return core


def station(data_dir: Path, pki: LoopbackPki) -> Core:
    return configure(build_core(data_dir), pki)


def blank(path: Path) -> Path:
    Image.new("RGB", (1654, 2339), (250, 250, 248)).save(path, quality=90, dpi=(DPI, DPI))
    return path
