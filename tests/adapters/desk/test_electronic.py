"""Electronic intake against the loopback test PKI: verification first, refusals kept with their
reason and no arrival number, valid documents registered as electronic, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.domain.errors import UserError, ValidationError
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import Channel
from qlvb_desktop.services.audit import verify_audit
from tests.adapters.signing.pki import LoopbackPki
from tests.adapters.signing.test_signing import leader_signed, make_doc

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]


def tampered(src: Path, dst: Path) -> Path:
    data = bytearray(src.read_bytes())
    data[len(data) // 3] ^= 0x01
    dst.write_bytes(bytes(data))
    return dst


def test_valid_document_goes_to_fields_and_is_registered_electronic(
    station: Any, pki: LoopbackPki, tmp_path: Path
) -> None:
    signed = leader_signed(pki, tmp_path)
    intake = station.electronic
    inspection = intake.inspect(signed)
    assert inspection.acceptable, inspection.report.reason
    assert "Nguyễn Văn Lãnh Đạo" in inspection.sender
    proposal = intake.propose(inspection)
    assert proposal["channel"] == "electronic"
    assert "UBND TỈNH THỬ NGHIỆM" in proposal["issuer"].upper() or proposal["issuer"]
    fields = {**proposal, "issuer": "UBND tỉnh Thử nghiệm", "doc_type": "Quyết định",
              "subject": "Về việc thử nhận văn bản điện tử"}
    reg = intake.register(inspection, fields)
    assert reg.arrival_number == 1 and reg.draft.channel is Channel.ELECTRONIC
    assert station.files.path_of(reg.files[0].sha256).read_bytes() == signed.read_bytes()
    assert "kiểm tra chữ ký số" in reg.trace[-1].text
    assert verify_audit(station.register.repo) == []


def test_invalid_document_is_refused_with_reason_and_no_number(
    station: Any, pki: LoopbackPki, tmp_path: Path
) -> None:
    bad = tampered(leader_signed(pki, tmp_path), tmp_path / "bad.pdf")
    intake = station.electronic
    inspection = intake.inspect(bad)
    assert not inspection.acceptable
    with pytest.raises(UserError, match="không vào sổ được"):
        intake.register(inspection, {"issuer": "A", "doc_type": "Công văn", "subject": "B"})
    with pytest.raises(ValidationError, match="Chưa nhập Lý do"):
        intake.refuse(inspection, "  ")
    refusal = intake.refuse(inspection, "Chữ ký số không hợp lệ; đề nghị gửi lại")
    assert refusal.verdict == "invalid" and refusal.verification == inspection.report.reason
    assert station.files.path_of(refusal.file.sha256).read_bytes() == bad.read_bytes()
    assert [r.id for r in intake.refused(untold_only=True)] == [refusal.id]
    assert station.register.search(SearchQuery()) == []  # no arrival number was given
    told = intake.mark_told(refusal.id)
    assert told.told_at is not None and intake.refused(untold_only=True) == []
    # an unsigned PDF is not acceptable either; a non-PDF is refused at once
    assert not intake.inspect(make_doc(tmp_path / "plain.pdf")).acceptable
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(UserError, match="không phải PDF"):
        intake.inspect(tmp_path / "x.docx")
    assert verify_audit(station.register.repo) == []


def test_folder_expands_to_its_pdfs(station: Any, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("b.pdf", "a.PDF", "note.txt"):
        (folder / name).write_bytes(b"%PDF-1.4")
    assert [p.name for p in station.electronic.expand([folder])] == ["a.PDF", "b.pdf"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UserError, match="không có tệp PDF"):
        station.electronic.expand([empty])


def qlvb(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )


def test_cli_receive_refuse_refused_and_outgoing(station: Any, pki: LoopbackPki, tmp_path: Path) -> None:
    data = station.data_dir
    good = leader_signed(pki, tmp_path)
    bad = tampered(good, tmp_path / "bad.pdf")
    r = qlvb(data, "receive", str(good))
    assert r.returncode == 0, r.stderr
    r = qlvb(data, "receive", str(bad))
    assert r.returncode == 1 and "KHÔNG HỢP LỆ" in r.stdout
    r = qlvb(data, "refuse", str(bad), "--reason", "Sai chữ ký")
    assert r.returncode == 0 and "Đã từ chối bad.pdf" in r.stdout, r.stderr
    r = qlvb(data, "refused", "--untold")
    assert "Sai chữ ký" in r.stdout and "CHƯA BÁO" in r.stdout
    r = qlvb(data, "outgoing", "next", "--doc-type", "Quyết định")
    assert r.returncode == 0 and "01/QĐ-SNV" in r.stdout, r.stderr
    env_pin = {"QLVB_TEST_PIN": "000000"}
    r = subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(data), "outgoing", "issue", str(good),
         "--doc-type", "Quyết định", "--subject", "Về việc thử", "--pin-env", "QLVB_TEST_PIN"],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ, **env_pin},
    )
    assert r.returncode == 2 and "PIN" in r.stderr and "Traceback" not in r.stderr
    r = qlvb(data, "outgoing", "list")
    assert "Chưa có văn bản đi nào." in r.stdout
    r = qlvb(data, "outgoing", "print", str(tmp_path / "so.pdf"))
    assert r.returncode == 0 and (tmp_path / "so.pdf").is_file()
    r = qlvb(data, "outgoing", "void", "99", "--reason", "x")
    assert r.returncode == 2 and "Không có văn bản đi mã 99" in r.stderr
