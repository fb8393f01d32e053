"""Correction memory end to end in the GUI's flow: the clerk corrects a proposed field in the
form, the correction is kept on disk for that issuer, and the next document of the same issuer
comes proposed with it (born-digital PDFs: their text layer is read as it is, no OCR)."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.app import Core
from qlvb_desktop.domain.extraction.model import CERTAIN
from qlvb_desktop.ui.extract.form import ProposalForm
from tests.adapters.extract.docgen import FONTS


def _letter(path: Path, issuer: str, number: str, signer: str) -> Path:
    """A công văn as an office's software prints it to PDF (a text layer, no scan)."""
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    c.setFont("DejaVu", 12)
    for x, y, text in [
        (w * 0.25, 60, issuer),
        (w * 0.68, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (w * 0.68, 76, "Độc lập - Tự do - Hạnh phúc"),
        (w * 0.25, 110, f"Số: {number}"),
        (w * 0.68, 110, "Hà Nội, ngày 07 tháng 04 năm 2026"),
        (w * 0.25, 128, "V/v tập huấn văn thư"),
        (w * 0.68, 400, "BỘ TRƯỞNG"),
        (w * 0.68, 480, signer),
    ]:
        c.drawCentredString(x, h - y, text)
    c.drawString(60, h - 400, "Nơi nhận:")
    c.drawString(60, h - 416, "- Như trên;")
    c.save()
    return path


def test_a_correction_in_the_form_is_proposed_next_time_for_that_issuer(
    qtbot: QtBot, core: Core, tmp_path: Path
) -> None:
    assert core.extractor is not None
    # The name as the issuer's documents print it wrongly (or as OCR always misreads it).
    first = _letter(tmp_path / "a.pdf", "BỘ NỘI VỤ", "302/BNV-VP", "Lê Văn Mính")
    proposal = core.extractor().extract([first]).to_json()
    assert proposal["signer_name"] == "Lê Văn Mính"
    form = ProposalForm()
    qtbot.addWidget(form)
    form.set_proposal(proposal)
    form.edits["signer_name"].setText("Lê Văn Minh")  # the clerk corrects it
    assert core.extractor().remember(form.proposal(), form.values()) == ["signer_name"]
    stored = json.loads((core.data_dir / "extract" / "corrections.json").read_text(encoding="utf-8"))
    assert "signer_name" in json.dumps(stored, ensure_ascii=False)

    # The next document of the same issuer, read by a new extractor (a new session of the app).
    second = _letter(tmp_path / "b.pdf", "BỘ NỘI VỤ", "415/BNV-VP", "Lê Văn Mính")
    again = core.extractor().extract([second])
    assert again.value("signer_name") == "Lê Văn Minh"
    assert "signer_name" in again.corrected and again.confidence("signer_name") >= CERTAIN
    assert again.value("number") == "415/BNV-VP"  # a document's own fields are never replaced
    form.set_proposal(again.to_json())
    assert form.edits["signer_name"].text() == "Lê Văn Minh"

    # Another issuer's document with the same name is left as read: corrections are per issuer.
    other = _letter(tmp_path / "c.pdf", "BỘ TÀI CHÍNH", "88/BTC-VP", "Lê Văn Mính")
    elsewhere = core.extractor().extract([other])
    assert elsewhere.value("signer_name") == "Lê Văn Mính" and not elsewhere.corrected


def test_a_damaged_memory_file_is_set_aside_and_work_goes_on(qtbot: QtBot, core: Core, tmp_path: Path) -> None:
    assert core.extractor is not None
    memory = core.data_dir / "extract" / "corrections.json"
    memory.parent.mkdir(parents=True, exist_ok=True)
    memory.write_text("{not json", encoding="utf-8")
    letter = _letter(tmp_path / "a.pdf", "BỘ NỘI VỤ", "302/BNV-VP", "Lê Văn Mính")
    proposal = core.extractor().extract([letter]).to_json()
    assert proposal["signer_name"] == "Lê Văn Mính"
    assert memory.with_suffix(".damaged.json").exists()
    assert core.extractor().remember(proposal, dict(proposal, signer_name="Lê Văn Minh")) == ["signer_name"]
    assert json.loads(memory.read_text(encoding="utf-8"))["format"] == "qlvb-corrections"
