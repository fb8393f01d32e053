"""Every attached file is checked at the door (issue 12, SPEC §10): its kind from its bytes, a PDF
that opens (complete, not encrypted, not 5,000 pages), an image that decodes; the size and hash
recorded are those of the bytes actually stored; a file still being written is refused; nothing
is stored, numbered or left behind when a file is refused."""

from __future__ import annotations

import hashlib
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from qlvb_desktop.adapters import filestore
from qlvb_desktop.adapters.filestore import ContentStore
from qlvb_desktop.domain.errors import UserError

DOC = {
    "issuer": "Sở Tài chính",
    "number": "15/QĐ-STC",
    "doc_type": "Quyết định",
    "subject": "Về việc thử tệp đính kèm",
    "issued_date": "2026-01-05",
}


def pdf_file(path: Path, pages: int = 1, **save: object) -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path, **save)  # type: ignore[arg-type]
    return path


def jpeg_bytes(size: tuple[int, int] = (400, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", quality=90)
    return out.getvalue()


def _refusals(tmp: Path) -> list[tuple[Path, str]]:
    full = pdf_file(tmp / "full.pdf", 3)
    cut = tmp / "cut.pdf"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    photo = jpeg_bytes()
    cases = [
        ("empty.pdf", b"", "rỗng"),
        ("setup.exe", b"MZ\x90\x00" + b"\0" * 200, "chương trình chạy được"),
        ("cong-van.pdf", b"MZ\x90\x00" + b"\0" * 200, "chương trình chạy được"),
        ("anh-chup.pdf", photo, "thực chất là JPEG"),
        ("anh-hong.jpg", photo[: len(photo) // 2], "không đọc được"),
        ("bang.xyz", b"hello", "chỉ nhận các loại tệp"),
        ("so-lieu.xlsx", b"PK\x03\x04" + b"\0" * 50, "bị hỏng"),
    ]
    out = []
    for name, content, words in cases:
        (tmp / name).write_bytes(content)
        out.append((tmp / name, words))
    out.append((cut, "bị cắt cụt"))
    out.append((pdf_file(tmp / "mat-khau.pdf", 1, encryption=pikepdf.Encryption(owner="o", user="u")), "mã hóa"))
    return out


def test_refused_files_leave_nothing_behind(core, tmp_path):
    for path, words in _refusals(tmp_path):
        with pytest.raises(UserError, match=words):
            core.register.register(DOC, [path], confirm_duplicate=True)
    files = core.data_dir / "files"
    assert not [p for p in files.rglob("*") if p.is_file()]
    reg = core.register.register(DOC, [pdf_file(tmp_path / "good.pdf")], confirm_duplicate=True)
    assert reg.arrival_number == 1  # no number was taken by a refused file


def test_accepted_kinds_are_stored_with_the_hash_and_size_of_the_stored_bytes(core, tmp_path):
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(jpeg_bytes())
    sheet = tmp_path / "bang.csv"
    sheet.write_text("so;ten\n1;Nguyễn Văn An\n", encoding="utf-8")
    reg = core.register.register(DOC, [pdf_file(tmp_path / "cv.pdf", 2), photo, sheet], confirm_duplicate=True)
    for ref in reg.files:
        stored = core.files.path_of(ref.sha256).read_bytes()
        assert ref.size == len(stored) and hashlib.sha256(stored).hexdigest() == ref.sha256


def test_a_file_still_being_written_is_refused(tmp_path, monkeypatch):
    source = tmp_path / "dang-quet.txt"
    source.write_bytes(b"trang 1\n" * 100_000)
    real_copy = filestore._copy

    def copy_while_the_scanner_appends(src, dst, limit, name):  # type: ignore[no-untyped-def]
        with source.open("ab") as more:
            more.write(b"trang 2\n" * 100_000)
        return real_copy(src, dst, limit, name)

    monkeypatch.setattr(filestore, "_copy", copy_while_the_scanner_appends)
    store = ContentStore(tmp_path / "files")
    with pytest.raises(UserError, match="đang được ghi dở"):
        store.put(source)
    assert not [p for p in (tmp_path / "files").rglob("*") if p.is_file()]


def test_a_file_growing_past_the_limit_while_copied_is_refused(tmp_path, monkeypatch):
    source = tmp_path / "lon.txt"
    source.write_bytes(b"a" * 900)
    real_copy = filestore._copy

    def grow(src, dst, limit, name):  # type: ignore[no-untyped-def]
        with source.open("ab") as more:
            more.write(b"a" * 2000)
        return real_copy(src, dst, limit, name)

    monkeypatch.setattr(filestore, "_copy", grow)
    with pytest.raises(UserError, match="vượt giới hạn"):
        ContentStore(tmp_path / "files", max_bytes=1000).put(source)


def test_leftover_temporary_copies_are_removed_on_start(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    old = files / ".incoming-killed"
    old.write_bytes(b"x" * 1000)
    past = time.time() - 3600
    os.utime(old, (past, past))
    fresh = files / ".incoming-writing-now"  # another process of this station, right now
    fresh.write_bytes(b"y")
    store = ContentStore(files)
    assert store.removed_leftovers == 1
    assert not old.exists() and fresh.exists()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["register", "extract"])
def test_a_small_pdf_of_5000_pages_is_refused_quickly(tmp_path, command):
    many = pdf_file(tmp_path / "nhieu-trang.pdf", 5000)
    assert many.stat().st_size < 2_000_000
    env = {**os.environ, "QLVB_DATA_DIR": str(tmp_path / "d")}
    args = {
        "register": ["register", "--issuer", "Sở A", "--number", "1/QĐ-A", "--doc-type", "Quyết định",
                     "--subject", "Thử", "--issued-date", "05/01/2026", "--file", str(many)],
        "extract": ["extract", str(many)],
    }[command]
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "qlvb_desktop.cli", *args], capture_output=True, text=True,
                            env=env, timeout=300)
    took = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert "5000 trang, vượt giới hạn" in result.stderr and "Traceback" not in result.stderr
    assert took < 120  # seconds, on a loaded 2-core machine; 90 s and 3.4 GB before, without an end
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, peak_mb
