"""One extraction path: the paper wizard proposes exactly what `qlvb extract --json` prints for
the same scanned files (issue 13). The wizard extracts from the searchable PDF/A it made; that
PDF's invisible OCR text is not taken as a text layer but read again the extractor's way."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.app import build_paper_intake
from qlvb_desktop.cli import main
from qlvb_desktop.domain.extraction.model import FIELDS
from tests.adapters.extract.docgen import Doc, write_scan

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _cli(data_dir: Path, files: list[Path]) -> dict[str, object]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--data-dir", str(data_dir), "extract", "--json", *map(str, files)]) == 0
    data: dict[str, object] = json.loads(out.getvalue())
    return data


@pytest.mark.slow
def test_wizard_proposes_what_the_command_prints(tmp_path: Path, core_at: Any) -> None:
    doc = Doc(
        doc_type="CHỈ THỊ",
        number="04/CT-UBND",
        issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        issuer_lines=("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"),
        parent_lines=(),
        place="Quảng Ngãi",
        subject_lines=("Về việc tăng cường công tác phòng, chống tham nhũng",),
        authority="KT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH",
        signer="Trần Văn Bình",
    )
    (tmp_path / "scan").mkdir()
    files = write_scan(doc, tmp_path / "scan" / "ct.jpg")
    data_dir = tmp_path / "data"
    intake = build_paper_intake(core_at(data_dir))
    wip = intake.new()
    captured = intake.capture_files(wip, files)
    assert len(captured) == 1
    intake.confirm_pages(captured[0])
    proposal = intake.propose(captured[0])
    printed = _cli(data_dir, files)
    assert {name: proposal[name] for name in FIELDS} == {name: printed[name] for name in FIELDS}
    # And on the wizard's own PDF the command reads the same too.
    pdf = captured[0].folder / captured[0].pdf
    assert {name: _cli(data_dir, [pdf])[name] for name in FIELDS} == {name: printed[name] for name in FIELDS}
    assert printed["number"] == "04/CT-UBND" and printed["doc_type"] == "Chỉ thị"
