"""`qlvb extract` as the clerk's scripts use it: into `qlvb register`, corrections remembered."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.extract.docgen import Doc, write_scan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed"),
]


def qlvb(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    return subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_extract_then_register_then_learn(tmp_path: Path) -> None:
    doc = Doc(doc_type="BÁO CÁO", number="35/BC-STC", subject_lines=("Kết quả công tác văn thư năm 2025",),
              signer="Lê Thị Hoa", day=(12, 1, 2026), seed=5)  # fmt: skip
    files = write_scan(doc, tmp_path / "bc.jpg")
    data = tmp_path / "station"
    out = qlvb(data, "extract", *map(str, files), "--json")
    assert out.returncode == 0, out.stderr
    proposal = json.loads(out.stdout)
    assert proposal["number"] == "35/BC-STC"
    assert proposal["doc_type"] == "Báo cáo"
    assert set(proposal["confidence"]) >= {"issuer", "number", "signer_name"}
    m = tmp_path / "m.json"
    m.write_text(out.stdout, encoding="utf-8")
    reg = qlvb(data, "register", "--json", str(m), "--file", str(files[0]))
    assert reg.returncode == 0, reg.stderr
    registered = json.loads(reg.stdout)
    assert registered["number"] == "35/BC-STC"
    assert registered["issuer"] == proposal["issuer"]
    assert registered["doc_type"] == "Báo cáo"
    assert registered["issued_date"] == "2026-01-12"
    assert len(registered["files"]) == 1
    # The clerk corrects the signer's name; the next proposal from the same issuer uses it.
    confirmed = dict(proposal, signer_name="Lê Thị Hòa")
    c = tmp_path / "confirmed.json"
    c.write_text(json.dumps(confirmed, ensure_ascii=False), encoding="utf-8")
    learned = qlvb(data, "extract-learn", str(m), str(c))
    assert learned.returncode == 0 and "Họ tên người ký" in learned.stdout
    again = json.loads(qlvb(data, "extract", *map(str, files), "--json").stdout)
    assert again["signer_name"] == "Lê Thị Hòa"
    assert "signer_name" in again["corrected"]
    text = qlvb(data, "extract", *map(str, files))
    assert "Số, ký hiệu văn bản: 35/BC-STC" in text.stdout


def test_extract_errors_are_one_sentence(tmp_path: Path) -> None:
    data = tmp_path / "station"
    missing = qlvb(data, "extract", str(tmp_path / "nope.pdf"), "--json")
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    assert missing.stdout == ""
    bad_csv = tmp_path / "issuers.csv"
    bad_csv.write_text("name,code\nSở Y tế,12-34\n", encoding="utf-8")
    page = write_scan(Doc(), tmp_path / "x.jpg")[0]
    refused = qlvb(data, "extract", str(page), "--issuers", str(bad_csv))
    assert refused.returncode == 2 and "dòng 2" in refused.stderr
    lang = qlvb(data, "extract", str(page), "--lang", "klingon")
    assert lang.returncode == 4 and "klingon" in lang.stderr
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]", encoding="utf-8")
    learn = qlvb(data, "extract-learn", str(junk), str(junk))
    assert learn.returncode == 2 and "đối tượng" in learn.stderr


def test_extract_neither_opens_the_register_nor_imports_the_database_layer(tmp_path: Path) -> None:
    """About a second of every `qlvb extract` was the register's start-up (alembic, the database)."""
    probe = (
        "import sys\n"
        "from qlvb_desktop.cli import build_parser, _run\n"
        "from qlvb_desktop.app import build_core\n"
        f"core = build_core(__import__('pathlib').Path({str(tmp_path / 'station')!r}), open_register=False)\n"
        "args = build_parser().parse_args(['extract-learn', sys.argv[1], sys.argv[1]])\n"
        "try:\n"
        "    _run(core, args)\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
        "print(sorted(m for m in ('alembic', 'sqlalchemy', 'reportlab', 'httpx', 'keyring', 'PySide6')"
        " if m in sys.modules))\n"
    )
    junk = tmp_path / "junk.json"
    junk.write_text("[1]", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", probe, str(junk)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["UserError", "[]"]
    assert not (tmp_path / "station" / "qlvb.sqlite3").exists()
    # The register commands still open it.
    listed = qlvb(tmp_path / "station", "book", "list")
    assert listed.returncode == 0, listed.stderr
    assert (tmp_path / "station" / "qlvb.sqlite3").exists()
