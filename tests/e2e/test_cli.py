"""The `qlvb` command as a clerk or a script uses it: real processes, a real data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.samples import tiny_pdf


def qlvb(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QLVB_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]):
    assert result.returncode == 0, result.stderr
    return result


def fails_cleanly(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_extract_json_goes_straight_into_register(tmp_path):
    data = tmp_path / "d"
    scan = tmp_path / "scan.pdf"
    tiny_pdf(scan, "scan")
    extracted = {
        "issuer": "SỞ TÀI CHÍNH",
        "issuer_parent": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
        "number": "54/2026/QĐ-UBND",
        "issued_date": "2026-01-05",
        "place": "Tuyên Quang",
        "doc_type": "Quyết định",
        "subject": "Ban hành Quy định quản lý văn bản",
        "signer_name": "Nguyễn Văn An",
        "signer_title": "PHÓ CHỦ TỊCH",
        "urgency": "",
        "confidentiality": "",
        "page_count": 2,
        "confidence": {"issuer": 0.98},
        "boxes": {"issuer": {"page": 1, "rect": [1, 2, 3, 4]}},
        "recipients": ["Như trên", "Lưu: VT"],
    }
    m = tmp_path / "m.json"
    m.write_text(json.dumps(extracted, ensure_ascii=False), encoding="utf-8")
    reg = json.loads(ok(qlvb(data, "register", "--json", str(m), "--file", str(scan))).stdout)
    assert (reg["book"], reg["year"], reg["arrival_number"], reg["number"]) == (
        "den",
        reg["year"],
        1,
        "54/2026/QĐ-UBND",
    )
    assert reg["files"][0]["name"] == "scan.pdf"

    shown = json.loads(ok(qlvb(data, "show", str(reg["id"]), "--json")).stdout)
    assert shown == reg
    found = json.loads(ok(qlvb(data, "search", "quyet dinh so 54", "--json")).stdout)
    assert [r["id"] for r in found] == [reg["id"]]
    text = ok(qlvb(data, "show", str(reg["id"]))).stdout
    assert "Số đến: 1/" in text and "SỞ TÀI CHÍNH" in text

    # The same document again: warned, nothing registered, then confirmed.
    fails_cleanly(qlvb(data, "register", "--json", str(m)), 3, "--yes")
    again = json.loads(ok(qlvb(data, "register", "--json", "-", "--yes", stdin=m.read_text())).stdout)
    assert again["arrival_number"] == 2


def test_register_from_options_void_print_close_audit(tmp_path):
    data = tmp_path / "d"
    reg = json.loads(
        ok(
            qlvb(
                data,
                "register",
                "--issuer",
                "Sở Y tế",
                "--doc-type",
                "Công văn",
                "--subject",
                "V/v tiêm chủng",
                "--number",
                "7/SYT-NV",
                "--received-at",
                "2026-01-05T08:00:00+07:00",
                "--urgency",
                "Hỏa tốc",
            )
        ).stdout
    )
    assert reg["urgency"] == "Hỏa tốc"
    voided = json.loads(ok(qlvb(data, "void", str(reg["id"]), "--reason", "Vào sổ nhầm")).stdout)
    assert voided["status"] == "voided"
    ok(qlvb(data, "settings", "--org-name", "Sở Tài chính", "--org-parent", "UBND tỉnh Tuyên Quang"))
    out = tmp_path / "book.pdf"
    printed = ok(qlvb(data, "book", "print", "--year", "2026", "--out", str(out)))
    assert out.read_bytes().startswith(b"%PDF") and "1 dòng" in printed.stdout
    ok(qlvb(data, "book", "close", "--year", "2026", "--through", "31/01/2026"))
    fails_cleanly(qlvb(data, "update", str(reg["id"]), "--subject", "x"), 2, "")
    assert "Nhật ký toàn vẹn" in ok(qlvb(data, "audit", "verify")).stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["register", "--issuer", "A", "--doc-type", "Công văn"], "Chưa nhập Trích yếu"),
        (["register", "--issuer", "A", "--doc-type", "Công văn", "--subject", "x" * 501], "vượt giới hạn 500"),
        (
            ["register", "--issuer", "A", "--doc-type", "Công văn", "--subject", "s", "--issued-date", "32/01/2026"],
            "không phải ngày",
        ),
        (
            ["register", "--issuer", "A", "--doc-type", "Công văn", "--subject", "s", "--received-at", "2099-01-01"],
            "tương lai",
        ),
        (["register", "--json", "/nonexistent/m.json"], "Không đọc được tệp"),
        (
            ["register", "--issuer", "A", "--doc-type", "Công văn", "--subject", "s", "--file", "/nonexistent.pdf"],
            "Không tìm thấy tệp",
        ),
        (["show", "999"], "Không tìm thấy văn bản"),
        (["void", "999", "--reason", "x"], "Không tìm thấy văn bản"),
        (["book", "print", "--year", "2026", "--book", "sổ đi", "--out", "x.pdf"], "Không có sổ"),
        (["search", "x", "--from", "hôm qua"], "không phải ngày"),
    ],
)
def test_user_mistakes_are_one_sentence_and_non_zero(tmp_path, args, words):
    fails_cleanly(qlvb(tmp_path / "d", *args), 2, words)


def test_bad_json_file(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    fails_cleanly(qlvb(tmp_path / "d", "register", "--json", str(bad)), 2, "JSON không hợp lệ")
    bad.write_text("[1, 2]", encoding="utf-8")
    fails_cleanly(qlvb(tmp_path / "d", "register", "--json", str(bad)), 2, "đối tượng")


def test_data_dir_option_isolates_state(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ok(qlvb(a, "--data-dir", str(b), "register", "--issuer", "A", "--doc-type", "Công văn", "--subject", "s"))
    assert (b / "qlvb.sqlite3").exists() and not (a / "qlvb.sqlite3").exists()


def test_entry_point_is_installed():
    exe = Path(sys.executable).with_name("qlvb")
    assert exe.exists()
    assert "register" in subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60).stdout
